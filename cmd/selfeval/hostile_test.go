//go:build linux

package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"selfeval/batch"
	"selfeval/fixture"
	"selfeval/internal/hostile"
	"selfeval/reader/inspect"
	"selfeval/writer/submission"
)

// The hostile-input tests run the real binary as a child process, as a finance bureau would:
// a crash, an out-of-memory abort or a stray file shows up here and not in an in-process test.
// They are Linux-only for the peak RSS (rusage) and the SIGKILL.

const (
	childTimeout = 120 * time.Second
	maxChildRSS  = 500 << 20 // bytes; a memory bound, not a timing one
	seedName     = "深圳市罗湖区智慧城市建设中心"
)

// child is one finished run of the binary.
type child struct {
	code           int
	stdout, stderr string
	wall           time.Duration
	maxRSS         int64 // bytes
}

// sandbox is a run's world: HOME and TMPDIR of its own, an input folder, and OUT inside a
// parent folder that must hold nothing else afterwards.
type sandbox struct {
	bin, home, tmp, in, parent, out string
}

func newSandbox(t *testing.T, bin string) *sandbox {
	t.Helper()
	base := t.TempDir()
	s := &sandbox{bin: bin, home: filepath.Join(base, "home"), tmp: filepath.Join(base, "tmp"),
		in: filepath.Join(base, "in"), parent: filepath.Join(base, "work")}
	s.out = filepath.Join(s.parent, "out")
	for _, d := range []string{s.home, s.tmp, s.in, s.parent} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func (s *sandbox) env() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HOME=") && !strings.HasPrefix(kv, "TMPDIR=") {
			env = append(env, kv)
		}
	}
	return append(env, "HOME="+s.home, "TMPDIR="+s.tmp)
}

// command is `selfeval run IN --out OUT args...`, not started.
func (s *sandbox) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, s.bin, append([]string{"run", s.in, "--out", s.out}, args...)...)
	cmd.Env = s.env()
	cmd.Dir = s.parent
	return cmd
}

// run runs selfeval to its end.
func (s *sandbox) run(t *testing.T, args ...string) child {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), childTimeout)
	defer cancel()
	cmd := s.command(ctx, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err := cmd.Run()
	c := child{stdout: out.String(), stderr: errOut.String(), wall: time.Since(start)}
	if ctx.Err() != nil {
		t.Fatalf("selfeval did not finish within %v:\n%s", childTimeout, c.stderr)
	}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("running selfeval: %v", err)
	}
	c.code = cmd.ProcessState.ExitCode()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		c.maxRSS = ru.Maxrss << 10 // kilobytes on Linux
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		t.Fatalf("selfeval died of %v:\n%s", ws.Signal(), c.stderr)
	}
	return c
}

// write puts a file into the input folder.
func (s *sandbox) write(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(s.in, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkConfined checks that the run wrote nothing outside OUT: OUT's parent holds only OUT,
// HOME and TMPDIR are empty, and the input folder holds only what the test put there.
func (s *sandbox) checkConfined(t *testing.T, inputs int) {
	t.Helper()
	if names := list(t, s.parent); !slices.Equal(names, []string{"out"}) {
		t.Errorf("OUT's parent holds %q, want only out", names)
	}
	for _, d := range []string{s.home, s.tmp} {
		if names := list(t, d); len(names) > 0 {
			t.Errorf("%s holds %q after the run, want it empty", d, names)
		}
	}
	if names := list(t, s.in); len(names) != inputs {
		t.Errorf("input folder holds %d files, want the %d inputs", len(names), inputs)
	}
}

// list returns the names in dir.
func list(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

type manifestJSON struct {
	Inputs []struct {
		Source     string   `json:"source"`
		Status     string   `json:"status"`
		Department string   `json:"department"`
		Stem       string   `json:"stem"`
		Outputs    []string `json:"outputs"`
		Total      string   `json:"total"`
		Warnings   int      `json:"warnings"`
		Error      string   `json:"error"`
	} `json:"inputs"`
	OK     int `json:"ok"`
	Failed int `json:"failed"`
}

func readManifest(t *testing.T, out string) manifestJSON {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, batch.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var m manifestJSON
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("manifest.json: %v", err)
	}
	return m
}

// checkOutputs checks every file in OUT: no temporary file, every xlsx opens as a zip,
// every PDF is whole, every JSON parses. It returns the names.
func checkOutputs(t *testing.T, out string) []string {
	t.Helper()
	names := list(t, out)
	for _, name := range names {
		path := filepath.Join(out, name)
		switch {
		case strings.Contains(name, ".selfeval-tmp-"):
			t.Errorf("temporary file left in OUT: %s", name)
		case strings.HasSuffix(name, ".xlsx"), strings.HasSuffix(name, ".docx"):
			zr, err := zip.OpenReader(path)
			if err != nil {
				t.Errorf("%s does not open as a zip: %v", name, err)
				continue
			}
			zr.Close()
		case strings.HasSuffix(name, ".pdf"):
			data, err := os.ReadFile(path)
			if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.Contains(data[max(0, len(data)-64):], []byte("%%EOF")) {
				t.Errorf("%s is not a whole PDF (%d bytes, %v)", name, len(data), err)
			}
		case strings.HasSuffix(name, ".json"):
			data, err := os.ReadFile(path)
			if err != nil || !json.Valid(data) {
				t.Errorf("%s is not valid JSON (%v)", name, err)
			}
		}
	}
	return names
}

// hasHan reports whether s holds a Chinese character: messages users read are Chinese.
func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

// goodSubmission is the seed department (2020, 深圳市罗湖区智慧城市建设中心) written as a
// submission workbook by the template writer: a complete, valid input built in code.
func goodSubmission(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := submission.Write(&buf, fixture.Seed(), submission.Options{}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withDepartmentName returns good with the 部门名称 in 基本信息 set to name, as a
// department could type it.
func withDepartmentName(t *testing.T, good []byte, name string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("基本信息")
	if err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, v := range row {
			if strings.TrimSpace(v) != "部门名称" {
				continue
			}
			cell, err := excelize.CoordinatesToCellName(c+2, r+1)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellStr("基本信息", cell, name); err != nil {
				t.Fatal(err)
			}
			buf, err := f.WriteToBuffer()
			if err != nil {
				t.Fatal(err)
			}
			return buf.Bytes()
		}
	}
	t.Fatal("基本信息 has no 部门名称 row")
	return nil
}

// TestHostileInputs builds the binary once and runs it over the hostile-input catalogue
// (shared/reference/hostile-inputs.md): every input file case, hostile department names,
// a run killed mid-batch, and two runs on one output folder.
func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "selfeval")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	good := goodSubmission(t)

	// Cases 1–48 plus one good workbook in one folder: the good one's outputs exist, every
	// bad one is listed as failed with a Chinese message, exit code 1, bounded memory, no
	// temporary file, nothing outside OUT.
	t.Run("catalogue", func(t *testing.T) {
		s := newSandbox(t, bin)
		cases := hostile.Cases()
		s.write(t, "000-good.xlsx", good)
		for _, c := range cases {
			s.write(t, fmt.Sprintf("%02d-%s.xlsx", c.No, c.Name), c.Data)
		}
		r := s.run(t, "--workers", "2")
		t.Logf("%d inputs: exit %d, wall time %v, peak RSS %d MB", len(cases)+1, r.code, r.wall.Round(time.Millisecond), r.maxRSS>>20)
		if r.code != exitFailed {
			t.Errorf("exit code = %d, want %d\n%s", r.code, exitFailed, r.stderr)
		}
		if r.maxRSS > maxChildRSS {
			t.Errorf("peak RSS = %d MB, want under %d MB", r.maxRSS>>20, maxChildRSS>>20)
		}
		m := readManifest(t, s.out)
		if len(m.Inputs) != len(cases)+1 {
			t.Fatalf("manifest lists %d inputs, want %d", len(m.Inputs), len(cases)+1)
		}
		var goodOut []string
		for _, in := range m.Inputs {
			base := filepath.Base(in.Source)
			if base == "000-good.xlsx" {
				if in.Status != "ok" {
					t.Errorf("good workbook: status %s: %s", in.Status, in.Error)
				}
				goodOut = in.Outputs
				continue
			}
			if in.Status != "failed" || !hasHan(in.Error) {
				t.Errorf("%s: status %q, error %q; want failed with a Chinese message", base, in.Status, in.Error)
			}
			t.Logf("%s: %s", base, firstLine(in.Error))
		}
		stem := batch.Stem(2020, seedName)
		for _, suffix := range []string{".json", "-评价表.xlsx"} {
			if !slices.Contains(goodOut, stem+suffix) {
				t.Errorf("good workbook's outputs %q lack %s", goodOut, stem+suffix)
			}
			if _, err := os.Stat(filepath.Join(s.out, stem+suffix)); err != nil {
				t.Error(err)
			}
		}
		names := checkOutputs(t, s.out)
		want := append([]string{batch.ManifestName, batch.SummaryName, summaryReportPDF, summaryReportDOCX, archiveName}, goodOut...) // no .selfeval.lock left (issue 13.12)
		slices.Sort(names)
		slices.Sort(want)
		if !slices.Equal(names, want) {
			t.Errorf("OUT holds %q, want %q", names, want)
		}
		s.checkConfined(t, len(cases)+1)
	})

	// Cases 35, 48, 49, 50, 52: department names that are paths, reserved names, sheet-name
	// troublemakers, formulas, too long, or outside the BMP. Each gets its outputs inside OUT under a
	// safe, unique stem; a name the PDF fonts cannot show fails that department's PDF only.
	t.Run("department_names", func(t *testing.T) {
		s := newSandbox(t, bin)
		astral := "\U00020000" + "测试中心"
		names := []string{"../../x", "/etc/x", "CON", "con", "a:b*?", strings.Repeat("财", 120),
			"财政局/办公室", "[2024]", strings.Repeat("表", 32), "History", "history",
			`=HYPERLINK("http://example.com","点击")`, "@SUM(A1:A2)", "+1", "-1", "\t=1", astral}
		for i, n := range names {
			s.write(t, fmt.Sprintf("%02d.xlsx", i), withDepartmentName(t, good, n))
		}
		r := s.run(t, "--workers", "2")
		t.Logf("exit %d, wall time %v, peak RSS %d MB", r.code, r.wall.Round(time.Millisecond), r.maxRSS>>20)
		m := readManifest(t, s.out)
		if len(m.Inputs) != len(names) {
			t.Fatalf("manifest lists %d inputs, want %d", len(m.Inputs), len(names))
		}
		stems := map[string]bool{}
		anyFailed := false
		for i, in := range m.Inputs {
			name := names[i]
			if stems[strings.ToLower(in.Stem)] {
				t.Errorf("%q: stem %q is not unique (case-insensitively)", name, in.Stem)
			}
			stems[strings.ToLower(in.Stem)] = true
			if in.Stem == "" || strings.ContainsAny(in.Stem, `/\:*?"<>|`) || strings.HasPrefix(in.Stem, ".") || len(in.Stem) > 200 {
				t.Errorf("%q: stem %q is not a safe file name", name, in.Stem)
			}
			if in.Department != strings.TrimSpace(name) { // the reader trims text items
				t.Errorf("department = %q, want %q", in.Department, strings.TrimSpace(name))
			}
			for _, suffix := range []string{".json", "-评价表.xlsx"} {
				if !slices.Contains(in.Outputs, in.Stem+suffix) {
					t.Errorf("%q: outputs %q lack %s", name, in.Outputs, suffix)
				}
			}
			switch {
			case in.Status == "ok":
			case name == astral && hasHan(in.Error) && strings.Contains(in.Error, "U+20000"):
				// No installed CJK font has the character: the PDF fails with a message
				// naming it; the JSON and xlsx were written (checked above).
				anyFailed = true
				t.Logf("%q: PDF refused: %s", name, in.Error)
			default:
				t.Errorf("%q: status %s: %s", name, in.Status, in.Error)
			}
		}
		if want := map[bool]int{false: exitOK, true: exitFailed}[anyFailed]; r.code != want {
			t.Errorf("exit code = %d, want %d\n%s", r.code, want, r.stderr)
		}
		if strings.Contains(r.stderr, "panic") {
			t.Errorf("stderr mentions a panic:\n%s", r.stderr)
		}
		for _, name := range checkOutputs(t, s.out) {
			if strings.HasSuffix(name, ".xlsx") && hasFormula(t, filepath.Join(s.out, name)) {
				t.Errorf("%s holds a formula: text from a submission must never become one (case 48)", name)
			}
		}
		s.checkConfined(t, len(names))
	})

	// Cases 36–47 on a complete submission: the cell 表1-4!C7 (总计 实际支出数, a formula
	// with its cached value 15944.11 as the template writes it) replaced as Excel or another
	// program could save it. Figures are read raw and never computed: a formula without a
	// cached value, a cached error and a boolean fail that department naming the cell; a
	// stale, circular or external formula's cached value is used; a scaling number format or
	// text with full-width digits and separators gives the seed's figures.
	t.Run("cell_values", func(t *testing.T) {
		s := newSandbox(t, bin)
		type cellCase struct {
			no          int
			name        string
			xml         string // replaces <c r="C7" …>…</c>; %s is the cell's style attribute
			fail        string // a fragment of the error, or "" when the department succeeds
			total, warn bool   // on success: total 90.73 expected; at least one warning expected
		}
		cases := []cellCase{
			// 36: a formula without a cached value is computed (issue 13 item 8); one that
			// cannot be is refused naming its cell.
			{36, "no_cached_value", `<c r="C7"%s><f>SUM(C4:C6)</f></c>`, "", true, false},
			{36, "no_cached_value_unsupported", `<c r="C7"%s><f>VLOOKUP(1,C4:C6,1)</f></c>`, "表1-4!C7", false, false},
			{37, "stale_cached_value", `<c r="C7"%s><f>SUM(C4:C6)</f><v>15000</v></c>`, "", false, true},
			{38, "cached_error", `<c r="C7"%s t="e"><f>C4/0</f><v>#DIV/0!</v></c>`, "#DIV/0!", false, false},
			{39, "circular", `<c r="C7"%s><f>C7+C4-C4</f><v>15944.11</v></c>`, "", true, false},
			{41, "external_link", `<c r="C7"%s><f>[1]Sheet1!C7</f><v>15944.11</v></c>`, "", true, true},
			{46, "fullwidth_text", `<c r="C7"%s t="inlineStr"><is><t>１５，９４４．１１</t></is></c>`, "", true, false},
			{47, "boolean", `<c r="C7"%s t="b"><v>1</v></c>`, "表1-4!C7", false, false},
		}
		part := sheetPart(t, good, "表1-4")
		c7 := regexp.MustCompile(`<c r="C7"( s="[0-9]+")?[^>]*>.*?</c>`)
		for _, c := range cases {
			data := hostile.EditedFrom(good, func(parts []hostile.Part) []hostile.Part {
				for i, p := range parts {
					if p.Name == part {
						m := c7.FindSubmatch(p.Data)
						if m == nil {
							t.Fatalf("%s has no C7", part)
						}
						parts[i].Data = c7.ReplaceAll(p.Data, []byte(fmt.Sprintf(c.xml, m[1])))
					}
				}
				return parts
			})
			s.write(t, fmt.Sprintf("%02d-%s.xlsx", c.no, c.name), data)
		}
		// 43: 总计 实际支出数 shown in thousands (#,##0.00,): the raw value is read.
		cases = append(cases, cellCase{43, "scaling_format", "", "", true, false})
		s.write(t, "43-scaling_format.xlsx", withStyle(t, good, "表1-4", "C7", "#,##0.00,"))
		r := s.run(t, "--workers", "2")
		t.Logf("exit %d, wall time %v, peak RSS %d MB", r.code, r.wall.Round(time.Millisecond), r.maxRSS>>20)
		if r.code != exitFailed {
			t.Errorf("exit code = %d, want %d\n%s", r.code, exitFailed, r.stderr)
		}
		m := readManifest(t, s.out)
		byName := map[string]int{}
		for i, in := range m.Inputs {
			byName[filepath.Base(in.Source)] = i
		}
		for _, c := range cases {
			i, ok := byName[fmt.Sprintf("%02d-%s.xlsx", c.no, c.name)]
			if !ok {
				t.Errorf("case %d %s: not in the manifest", c.no, c.name)
				continue
			}
			in := m.Inputs[i]
			t.Logf("case %d %s: %s total %s warnings %d %s", c.no, c.name, in.Status, in.Total, in.Warnings, firstLine(in.Error))
			switch {
			case c.fail != "":
				if in.Status != "failed" || !strings.Contains(in.Error, c.fail) || !hasHan(in.Error) {
					t.Errorf("case %d %s: status %s, error %q; want failed naming %s", c.no, c.name, in.Status, in.Error, c.fail)
				}
			case in.Status != "ok":
				t.Errorf("case %d %s: status %s: %s", c.no, c.name, in.Status, in.Error)
			case c.total && in.Total != "90.73":
				t.Errorf("case %d %s: total %s, want the seed's 90.73", c.no, c.name, in.Total)
			case c.warn && in.Warnings == 0:
				t.Errorf("case %d %s: no warning", c.no, c.name)
			}
		}
		checkOutputs(t, s.out)
		s.checkConfined(t, len(cases))
	})

	// Case 53 and 55: a run killed (SIGKILL) once its first output appears leaves no broken
	// file under a final name; the rerun sweeps the temporary files and completes.
	t.Run("killed_mid_batch", func(t *testing.T) {
		s := newSandbox(t, bin)
		const n = 40
		for i := range n {
			s.write(t, fmt.Sprintf("%02d.xlsx", i), withDepartmentName(t, good, fmt.Sprintf("部门%02d", i)))
		}
		ctx, cancel := context.WithTimeout(context.Background(), childTimeout)
		defer cancel()
		cmd := s.command(ctx, "--workers", "2")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		waitForOutput(t, s.out, cmd)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		killed := list(t, s.out)
		t.Logf("killed with %d files in OUT", len(killed))
		for _, name := range killed { // temporary files may be half-written; final names never
			if !strings.Contains(name, ".selfeval-tmp-") {
				checkOne(t, s.out, name)
			}
		}
		r := s.run(t, "--workers", "2")
		if r.code != exitOK {
			t.Fatalf("rerun exit code = %d, want 0\n%s", r.code, r.stderr)
		}
		checkOutputs(t, s.out)
		if m := readManifest(t, s.out); m.OK != n || m.Failed != 0 {
			t.Errorf("rerun manifest: %d ok, %d failed; want %d ok", m.OK, m.Failed, n)
		}
		// A killed run may leave files in TMPDIR only if the reader spilled; these inputs never do.
		s.checkConfined(t, n)
	})

	// Case 54: a second run on a folder another run is writing exits 2 with the Chinese lock
	// message and writes nothing; the first run's outputs are its own.
	t.Run("two_runs_one_out", func(t *testing.T) {
		s := newSandbox(t, bin)
		const n = 60
		for i := range n {
			s.write(t, fmt.Sprintf("%02d.xlsx", i), withDepartmentName(t, good, fmt.Sprintf("部门%02d", i)))
		}
		ctx, cancel := context.WithTimeout(context.Background(), childTimeout)
		defer cancel()
		first := s.command(ctx, "--workers", "1")
		if err := first.Start(); err != nil {
			t.Fatal(err)
		}
		defer first.Process.Kill()
		waitForOutput(t, s.out, first)
		second := s.run(t, "--workers", "1")
		if second.code != exitUsage {
			t.Errorf("second run exit code = %d, want %d\n%s", second.code, exitUsage, second.stderr)
		}
		if !strings.Contains(second.stderr, batch.ErrOutLocked.Error()) {
			t.Errorf("second run stderr = %q, want the lock message %q", second.stderr, batch.ErrOutLocked)
		}
		if err := first.Wait(); err != nil {
			t.Fatalf("first run: %v", err)
		}
		if m := readManifest(t, s.out); m.OK != n {
			t.Errorf("first run manifest: %d ok, want %d", m.OK, n)
		}
		checkOutputs(t, s.out)
		s.checkConfined(t, n)
	})
}

// waitForOutput waits until a per-department output appears in out under its final name.
func waitForOutput(t *testing.T, out string, cmd *exec.Cmd) {
	t.Helper()
	deadline := time.Now().Add(childTimeout)
	for time.Now().Before(deadline) {
		entries, _ := os.ReadDir(out)
		for _, e := range entries {
			n := e.Name()
			if !strings.Contains(n, ".selfeval-tmp-") && (strings.HasSuffix(n, ".json") || strings.HasSuffix(n, ".pdf") || strings.HasSuffix(n, ".xlsx")) {
				return
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Kill()
	t.Fatal("no output appeared")
}

// checkOne checks one file under its final name in out, as checkOutputs does.
func checkOne(t *testing.T, out, name string) {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join(out, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
	checkOutputs(t, dir)
}

// sheetPart returns the zip part holding the sheet called name.
func sheetPart(t *testing.T, data []byte, name string) string {
	t.Helper()
	rep, err := inspect.InspectBytes(data, inspect.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range rep.Sheets {
		if sh.Name == name {
			return sh.Part
		}
	}
	t.Fatalf("no sheet %s", name)
	return ""
}

// withStyle returns data with the number format code applied to one cell.
func withStyle(t *testing.T, data []byte, sheet, cell, code string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStyle(sheet, cell, cell, st); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// hasFormula reports whether any worksheet of the xlsx at path holds a formula.
func hasFormula(t *testing.T, path string) bool {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		_, err = buf.ReadFrom(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(buf.Bytes(), []byte("<f>")) || bytes.Contains(buf.Bytes(), []byte("<f ")) {
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
