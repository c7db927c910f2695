package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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

// TestUsageMessagesInChinese: cli's and the flag package's English never reaches the
// user; an unknown command exits 2; flags are echoed with two dashes.
func TestUsageMessagesInChinese(t *testing.T) {
	dir := t.TempDir()
	afile := filepath.Join(dir, "afile.txt")
	os.WriteFile(afile, []byte("x"), 0o644)
	badYAML := filepath.Join(dir, "bad.yaml")
	os.WriteFile(badYAML, []byte("title: x\nlevels:\n  - name: [a\n"), 0o644)
	out := filepath.Join(dir, "out")
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"unknown_command", []string{"rnu"}, `未知命令 "rnu"`},
		{"unknown_flag", []string{"run", seedWorkbook, "--previous", "x", "--out", out}, "不认识的选项 --previous"},
		{"missing_value", []string{"run", seedWorkbook, "--out"}, "选项 --out 后面需要一个值"},
		{"bad_int", []string{"run", seedWorkbook, "--workers", "abc", "--out", out}, "选项 --workers 的值“abc”不是有效的数字"},
		{"bad_timeout", []string{"run", seedWorkbook, "--timeout", "soon", "--out", out}, "秒数"},
		{"out_under_file", []string{"run", seedWorkbook, "--out", filepath.Join(afile, "sub")}, "afile.txt"},
		{"out_is_file", []string{"run", seedWorkbook, "--out", afile}, "是一个文件"},
		{"out_looks_like_file", []string{"run", seedWorkbook, "-o", filepath.Join(dir, "结果.xlsx")}, "像是文件名"},
		{"yaml_syntax", []string{"rubric", "--rubric", badYAML}, "行：方括号 [ ] 没有闭合"},
	}
	english := regexp.MustCompile(`flag |invalid value|parse error|not a directory|provided but|needs an argument|did not find|[^-]-(prior|out|workers)\b`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := selfeval(t, tt.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d\n%s", code, exitUsage, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.want)
			}
			if m := english.FindString(stderr); m != "" {
				t.Errorf("stderr = %q: English or a one-dash flag leaks (%q)", stderr, m)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "结果.xlsx")); err == nil {
		t.Errorf("--out 结果.xlsx created a folder")
	}
}

// TestTimeoutTakesSeconds: --timeout 5 means five seconds, as does --timeout 5s.
func TestTimeoutTakesSeconds(t *testing.T) {
	for _, arg := range []string{"5", "5s", "0.5m"} {
		var v secondsValue
		if err := v.Set(arg); err != nil {
			t.Errorf("--timeout %s: %v", arg, err)
		}
	}
	var v secondsValue
	if v.Set("5"); v.d.Seconds() != 5 {
		t.Errorf("--timeout 5 = %v, want 5s", v.d)
	}
}

// TestHelpPlaceholders: help names each value (目录, 数量 …), never the bare 值, and says
// each default once.
func TestHelpPlaceholders(t *testing.T) {
	_, stdout, _ := selfeval(t, "run", "--help")
	for _, want := range []string{"--out 目录", "--workers 数量", "--rubric 文件", "--timeout 时间"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("help lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, " 值") || strings.Count(stdout, "CPU 核数") != 1 {
		t.Errorf("help shows 值 as a placeholder or the workers default twice:\n%s", stdout)
	}
}

// TestSlowestOnlyWhenVerbose: the 耗时最长 block is for --verbose.
func TestSlowestOnlyWhenVerbose(t *testing.T) {
	dir := t.TempDir()
	seed, _ := os.ReadFile(seedWorkbook)
	for _, n := range []string{"a", "b", "c", "d"} {
		os.WriteFile(filepath.Join(dir, n+".xlsx"), seed, 0o644)
	}
	for _, verbose := range []bool{false, true} {
		args := []string{"run", dir, "--no-pdf", "--no-xlsx", "--out", filepath.Join(t.TempDir(), "out")}
		if verbose {
			args = append(args, "--verbose")
		}
		_, _, stderr := selfeval(t, args...)
		if got := strings.Contains(stderr, "耗时最长"); got != verbose {
			t.Errorf("verbose %v: 耗时最长 shown = %v\n%s", verbose, got, stderr)
		}
		if !strings.Contains(stderr, "重复报送") {
			t.Errorf("four copies of one department: no 重复报送 notice\n%s", stderr)
		}
	}
}

// TestRunSkipsEarlierOutputsInsideInput: `run 填报 --out 填报/结果` then `--out 填报/结果2`
// reads the submissions only.
func TestRunSkipsEarlierOutputsInsideInput(t *testing.T) {
	in := t.TempDir()
	seed, _ := os.ReadFile(seedWorkbook)
	os.WriteFile(filepath.Join(in, "seed.xlsx"), seed, 0o644)
	for _, out := range []string{"结果", "结果2"} {
		code, _, stderr := selfeval(t, "run", in, "--no-pdf", "--out", filepath.Join(in, out))
		if code != exitOK || !strings.Contains(stderr, "共 1 个文件") {
			t.Fatalf("--out %s: exit %d, want 0 with one input\n%s", out, code, stderr)
		}
	}
}

// TestRunListsUnreadableSpreadsheets: .xls and .ods beside an .xlsx fail with their reason;
// the run exits 1 (a folder of a.xlsx, d.xls, e.ods was "共 1 个文件，成功 1 个", exit 0).
func TestRunListsUnreadableSpreadsheets(t *testing.T) {
	in := t.TempDir()
	seed, _ := os.ReadFile(seedWorkbook)
	os.WriteFile(filepath.Join(in, "a.xlsx"), seed, 0o644)
	os.WriteFile(filepath.Join(in, "d.xls"), []byte{0xd0, 0xcf, 0x11, 0xe0}, 0o644)
	os.WriteFile(filepath.Join(in, "e.ods"), []byte("PK"), 0o644)
	code, _, stderr := selfeval(t, "run", in, "--no-pdf", "--out", filepath.Join(t.TempDir(), "out"))
	if code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	for _, want := range []string{"共 3 个文件，成功 1 个，失败 2 个", "d.xls 是旧版", "e.ods 是 OpenDocument"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}
