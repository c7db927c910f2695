package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestTemplateRefusesToOverwrite: `template -o` onto an existing file (perhaps a filled
// submission) exits 2 and leaves it alone; --force overwrites it.
func TestTemplateRefusesToOverwrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "我的填报.xlsx")
	filled := []byte("a filled submission")
	if err := os.WriteFile(path, filled, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := selfeval(t, "template", "--year", "2021", "-o", path)
	if code != exitUsage {
		t.Errorf("template onto an existing file: exit %d, want %d", code, exitUsage)
	}
	if !strings.Contains(stderr, "已存在") || !strings.Contains(stderr, "--force") {
		t.Errorf("stderr = %q, want a Chinese refusal naming --force", stderr)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, filled) {
		t.Errorf("the existing file was changed")
	}
	if code, _, stderr := selfeval(t, "template", "--year", "2021", "-o", path, "--force"); code != exitOK {
		t.Fatalf("--force: exit %d\n%s", code, stderr)
	}
	if got, _ := os.ReadFile(path); bytes.Equal(got, filled) || !bytes.HasPrefix(got, []byte("PK")) {
		t.Errorf("--force did not write the template")
	}
}

// TestTemplateHonoursSourceDateEpoch: the template's document date follows the one policy
// (SOURCE_DATE_EPOCH when set), like every other document.
func TestTemplateHonoursSourceDateEpoch(t *testing.T) {
	dir := t.TempDir()
	write := func(name, epoch string) []byte {
		t.Setenv("SOURCE_DATE_EPOCH", epoch)
		path := filepath.Join(dir, name)
		if code, _, stderr := selfeval(t, "template", "--year", "2021", "-o", path); code != exitOK {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	a, b, c := write("a.xlsx", "1700000000"), write("b.xlsx", "1700000000"), write("c.xlsx", "1600000000")
	if !bytes.Equal(a, b) {
		t.Errorf("same SOURCE_DATE_EPOCH, different bytes")
	}
	if bytes.Equal(a, c) {
		t.Errorf("SOURCE_DATE_EPOCH ignored: 1700000000 and 1600000000 give the same bytes")
	}
}

// TestGoDirectiveIsTheFloor: go.mod asks for the lowest Go the build needs, which is the
// highest go line among the modules it builds with (excelize v2.11 and golang.org/x/* ask
// for 1.26.0), not a patch release that offline machines may lack.
func TestGoDirectiveIsTheFloor(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Path}} {{.GoVersion}}", "all").Output()
	if err != nil {
		t.Skipf("go list -m: %v", err)
	}
	var main, floor, by string
	for i, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, v, _ := strings.Cut(line, " ")
		if i == 0 {
			main = v
			continue
		}
		if v != "" && compareGo(v, floor) > 0 {
			floor, by = v, path
		}
	}
	if compareGo(main, floor) != 0 {
		t.Errorf("go.mod says go %s; the highest a dependency needs is %s (%s)", main, floor, by)
	}
}

// compareGo compares Go versions such as 1.26, 1.26.0 and 1.26.8 (1.26 = 1.26.0 here).
func compareGo(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < 3; i++ {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i])
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if x != y {
			return x - y
		}
	}
	return 0
}
