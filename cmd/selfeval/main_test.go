package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"selfeval/fixture"
	"selfeval/writer/submission"
)

const (
	seedWorkbook = "../../testdata/samples/seed-2020.xlsx"
	variantsDir  = "../../testdata/variants"
)

// selfeval runs the command line in-process and returns its exit code and output.
func selfeval(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	app := newApp(&out, &errOut)
	err := app.Run(reorderArgs(app, append([]string{"selfeval"}, args...)))
	if err != nil && err != errSomeFailed {
		errOut.WriteString("错误：" + err.Error() + "\n")
	}
	return exitCode(err, nil), out.String(), errOut.String()
}

type resultJSON struct {
	Department   string  `json:"department"`
	Total        float64 `json:"total"`
	TotalDisplay string  `json:"total_display"`
	Grade        string  `json:"grade"`
	Ratios       map[string]struct {
		Display string `json:"display"`
	} `json:"ratios"`
	Indicators []struct {
		ID    string  `json:"id"`
		Score float64 `json:"score"`
	} `json:"indicators"`
}

func readResult(t *testing.T, path string) resultJSON {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r resultJSON
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return r
}

// TestRunSeedAndVariants is the first acceptance test: the seed workbook and every layout
// variant of it give the seed report's ratios, scores, total and grade.
func TestRunSeedAndVariants(t *testing.T) {
	variants, _ := filepath.Glob(filepath.Join(variantsDir, "*.xlsx"))
	inputs := append([]string{seedWorkbook}, variants...)
	if len(inputs) < 6 {
		t.Fatalf("want the seed and 5 variants, found %q", inputs)
	}
	exp := fixture.SeedExpected()
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			out := t.TempDir()
			code, _, stderr := selfeval(t, "run", in, "--out", out, "--no-pdf", "--no-xlsx")
			if code != 0 {
				t.Fatalf("exit %d:\n%s", code, stderr)
			}
			r := readResult(t, filepath.Join(out, "2020-深圳市罗湖区智慧城市建设中心.json"))
			for key, want := range exp.Ratios {
				if got := r.Ratios[key].Display; got != want {
					t.Errorf("ratio %s = %q, want %q", key, got, want)
				}
			}
			for _, ind := range r.Indicators {
				want, _ := exp.Scores[ind.ID].Float64()
				if diff := ind.Score - want; diff > 1e-7 || diff < -1e-7 {
					t.Errorf("score %s = %v, want %v", ind.ID, ind.Score, want)
				}
			}
			if len(r.Indicators) != len(exp.Scores) {
				t.Errorf("%d indicators, want %d", len(r.Indicators), len(exp.Scores))
			}
			if d := r.Total - 90.7341568; d > 1e-7 || d < -1e-7 || r.TotalDisplay != "90.73" || r.Grade != "优" {
				t.Errorf("total = %v (%s) %s, want 90.7341568 (90.73) 优", r.Total, r.TotalDisplay, r.Grade)
			}
		})
	}
}

// writeSeedWith writes the seed submission and lets edit change cells found by label.
func writeSeedWith(t *testing.T, edit func(f *excelize.File)) string {
	t.Helper()
	var buf bytes.Buffer
	if err := submission.Write(&buf, fixture.Seed(), submission.Options{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	edit(f)
	path := filepath.Join(t.TempDir(), "edited.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// cellOf finds the cell in row label's row and column header's column on sheet.
func cellOf(t *testing.T, f *excelize.File, sheet, label, header string) string {
	t.Helper()
	find := func(text string) (int, int) {
		cells, err := f.SearchSheet(sheet, text)
		if err != nil || len(cells) == 0 {
			t.Fatalf("%s: no cell %q (%v)", sheet, text, err)
		}
		col, row, _ := excelize.CellNameToCoordinates(cells[0])
		return col, row
	}
	_, row := find(label)
	col, _ := find(header)
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

func TestCheckReportsEveryBadAmount(t *testing.T) {
	var cells []string
	path := writeSeedWith(t, func(f *excelize.File) {
		for _, label := range []string{"人员经费", "公用经费"} {
			c := cellOf(t, f, "表1-4", label, "实际支出数")
			cells = append(cells, c)
			f.SetCellStr("表1-4", c, "abc")
		}
	})
	code, out, _ := selfeval(t, "check", path)
	if code != 1 {
		t.Errorf("check exit = %d, want 1", code)
	}
	for _, c := range cells {
		want := path + `: 表1-4!` + c + ` 实际支出数："abc" 不是数字`
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
}

func TestCheckWarnsOnTotalsThatDisagree(t *testing.T) {
	var total string
	path := writeSeedWith(t, func(f *excelize.File) {
		total = cellOf(t, f, "表1-1", "本年收入合计", "调整预算数")
		f.SetCellFormula("表1-1", total, "")
		f.SetCellFloat("表1-1", total, 16000, 2, 64)
	})
	code, out, _ := selfeval(t, "check", path)
	if code != 0 {
		t.Errorf("check exit = %d, want 0:\n%s", code, out)
	}
	warn := regexp.MustCompile(`警告 表1-1!` + total + `, 表1-1!C\d+`)
	if !warn.MatchString(out) {
		t.Errorf("no warning naming 表1-1!%s and the cells it should equal:\n%s", total, out)
	}
}

func TestUsageErrorsWriteNothing(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("title: x\nlevels: []\n"), 0o644)
	badTemplates := t.TempDir()
	os.WriteFile(filepath.Join(badTemplates, "report.tmpl"), []byte("{{.NoSuchField"), 0o644)
	tests := []struct {
		name string
		args []string
	}{
		{"unknown_flag", []string{"run", seedWorkbook, "--bogus", "--out", "OUT"}},
		{"no_inputs", []string{"run", "--out", "OUT"}},
		{"missing_input", []string{"run", "no/such/folder", "--out", "OUT"}},
		{"bad_rubric", []string{"run", seedWorkbook, "--rubric", bad, "--out", "OUT"}},
		{"bad_report_template", []string{"run", seedWorkbook, "--templates", badTemplates, "--out", "OUT"}},
		{"template_without_year", []string{"template", "-o", "OUT"}},
		{"template_bad_rubric", []string{"template", "--year", "2021", "--rubric", bad, "-o", "OUT"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := append([]string(nil), tt.args...)
			for i := range args {
				if args[i] == "OUT" {
					args[i] = out
				}
			}
			code, _, stderr := selfeval(t, args...)
			if code != 2 {
				t.Errorf("exit = %d, want 2:\n%s", code, stderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s was created", out)
			}
		})
	}
}

func TestRunWritesEveryOutput(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := selfeval(t, "run", seedWorkbook, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	for _, name := range []string{
		"2020-深圳市罗湖区智慧城市建设中心.json", "2020-深圳市罗湖区智慧城市建设中心-评价表.xlsx",
		"2020-深圳市罗湖区智慧城市建设中心-自评报告.pdf", "2020-深圳市罗湖区智慧城市建设中心-自评报告.docx",
		"汇总.xlsx", "manifest.json",
	} {
		if info, err := os.Stat(filepath.Join(out, name)); err != nil || info.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestRunNoDocx(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := selfeval(t, "run", seedWorkbook, "--out", out, "--no-pdf", "--no-xlsx", "--no-docx")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "2020-深圳市罗湖区智慧城市建设中心-自评报告.docx")); !os.IsNotExist(err) {
		t.Errorf("--no-docx wrote the docx (stat: %v)", err)
	}
	if _, err := os.Stat(filepath.Join(out, "2020-深圳市罗湖区智慧城市建设中心.json")); err != nil {
		t.Errorf("--no-docx: the JSON: %v", err)
	}
}

func TestRunJSONLines(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.xlsx")
	os.WriteFile(broken, nil, 0o644)
	code, stdout, _ := selfeval(t, "run", seedWorkbook, broken, "--json", "--no-pdf", "--out", filepath.Join(dir, "out"))
	if code != 1 {
		t.Errorf("exit = %d, want 1 (one input failed)", code)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 JSON lines, got %d:\n%s", len(lines), stdout)
	}
	var ok, failed struct {
		Status string `json:"status"`
		Total  float64
		Error  string
	}
	json.Unmarshal([]byte(lines[0]), &ok)
	json.Unmarshal([]byte(lines[1]), &failed)
	if ok.Status != "ok" || failed.Status != "failed" || failed.Error == "" {
		t.Errorf("lines = %s", stdout)
	}
}
