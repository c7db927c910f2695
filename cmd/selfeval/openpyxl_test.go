package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"selfeval/calc"
	"selfeval/fixture"
	"selfeval/templates"
)

// openpyxlScript writes a submission workbook from a JSON description with openpyxl, as a
// department's own script (not selfeval) would: plain values, one sheet per part (SPEC §3).
const openpyxlScript = `
import json, sys
from decimal import Decimal
from openpyxl import Workbook
spec = json.load(open(sys.argv[1], encoding="utf-8"))
wb = Workbook()
wb.remove(wb.active)
def put(ws, row, values):
    for col, v in enumerate(values, 1):
        if v is None:
            continue
        if isinstance(v, dict):
            v = Decimal(v["n"])
        ws.cell(row=row, column=col, value=v)
for sheet in spec["sheets"]:
    ws = wb.create_sheet(sheet["name"])
    for i, row in enumerate(sheet["rows"], 1):
        put(ws, i, row)
wb.save(sys.argv[2])
`

// num marks a number for the script (kept exact through Decimal).
func num(s string) map[string]string { return map[string]string{"n": s} }

// openpyxlSeed describes the seed department as a workbook a department's script writes,
// its 评分录入 naming every indicator by its 三级指标 name (政府采购执行情况 for the hand-scored
// part of procurement), as the seed's 评分表 does.
func openpyxlSeed(t *testing.T) map[string]any {
	d := fixture.Seed()
	var sheets []map[string]any
	info := [][]any{{"项目", "内容"}, {calc.InfoName, d.Info.Name}, {calc.InfoYear, d.Info.Year},
		{calc.InfoHead, d.Info.Head}, {calc.InfoPreparer, d.Info.Preparer}, {calc.InfoPhone, d.Info.Phone}}
	for _, label := range calc.InfoItems {
		if v, ok := d.Info.Figure(label); ok {
			info = append(info, []any{label, num(v.Amount.String())})
		}
	}
	sheets = append(sheets, map[string]any{"name": calc.SheetInfo, "rows": info})
	for i, tb := range d.Tables() {
		spec := calc.Tables[i]
		header := []any{spec.LabelHeader}
		for _, c := range spec.Columns {
			if c == calc.ColInUse {
				c = "其中：在用"
			}
			header = append(header, c)
		}
		rows := [][]any{{"表" + spec.ID + " " + spec.Title}, {"单位：万元"}, header}
		for _, r := range tb.Rows {
			row := []any{r.Label}
			for _, c := range spec.Columns {
				v := r.Value(c)
				if v.Present {
					row = append(row, num(v.Amount.String()))
				} else {
					row = append(row, nil)
				}
			}
			rows = append(rows, row)
		}
		sheets = append(sheets, map[string]any{"name": "表" + spec.ID, "rows": rows})
	}
	manual := [][]any{{"指标", "自评得分", "说明"}}
	for _, m := range d.ManualScores {
		name := m.Name
		if name == "政府采购政策功能执行和落实" {
			name = "政府采购执行情况" // the 三级指标 name, as the seed's 评分表 prints it
		}
		manual = append(manual, []any{name, num(m.Score.Amount.String()), "依据" + name + "的自评材料"})
	}
	sheets = append(sheets, map[string]any{"name": calc.SheetManual, "rows": manual})
	narrative := [][]any{{"章节", "内容"}}
	for _, s := range d.Narrative {
		narrative = append(narrative, []any{s.Key, s.Text})
	}
	sheets = append(sheets, map[string]any{"name": calc.SheetNarrative, "rows": narrative})
	return map[string]any{"sheets": sheets}
}

// TestOpenpyxlWorkbookScoresSeed: a workbook written by openpyxl, whose 评分录入 uses the
// 三级指标 names, scores the seed's 90.73 exactly (issue: the procurement row was ignored
// and every total came out 1 point low).
func TestOpenpyxlWorkbookScoresSeed(t *testing.T) {
	dir := t.TempDir()
	book := writeOpenpyxl(t, dir, openpyxlSeed(t))
	out := filepath.Join(dir, "out")
	code, _, stderr := selfeval(t, "run", filepath.Dir(book), "--out", out, "--no-pdf")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(out, "2020-深圳市罗湖区智慧城市建设中心.json"))
	if err != nil {
		t.Fatal(err)
	}
	var res calc.Result
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatal(err)
	}
	r, err := templates.DefaultRubric()
	if err != nil {
		t.Fatal(err)
	}
	want := calc.Evaluate(fixture.Seed(), r)
	if res.TotalDisplay != "90.73" || res.Total.String() != want.Total.String() {
		t.Errorf("total = %s (%s), want %s (90.73)", res.Total, res.TotalDisplay, want.Total)
	}
	for _, c := range res.Checks {
		if c.Code == calc.CodeManualMissing || c.Code == calc.CodeEntryUnknown {
			t.Errorf("check %s: %s", c.Code, c.Message)
		}
	}
	for _, ind := range res.Indicators {
		if ind.ID == "procurement" && (ind.ScoreDisplay != "2.00" || len(ind.Parts) != 2 || !strings.HasPrefix(ind.Parts[1].Note, "依据政府采购执行情况")) {
			t.Errorf("procurement = %s, parts %+v; want 2.00 with the row's 说明 on the hand-scored part", ind.ScoreDisplay, ind.Parts)
		}
	}
	if len(res.Audit) != 1 || res.Audit[0].Indicator != "financial_compliance" {
		t.Errorf("audit = %+v, want one finding on financial_compliance", res.Audit)
	}
}

// writeOpenpyxl writes the described workbook with openpyxl into dir/in and returns its path;
// the test is skipped where openpyxl is not installed.
func writeOpenpyxl(t *testing.T, dir string, desc map[string]any) string {
	t.Helper()
	python := pythonWith("openpyxl")
	if python == "" {
		t.Skip("python3 with openpyxl is not installed (Debian: apt-get install python3-openpyxl)")
	}
	spec, err := json.Marshal(desc)
	if err != nil {
		t.Fatal(err)
	}
	specPath, script, book := filepath.Join(dir, "seed.json"), filepath.Join(dir, "write.py"), filepath.Join(dir, "in", "seed-openpyxl.xlsx")
	os.MkdirAll(filepath.Dir(book), 0o755)
	os.WriteFile(specPath, spec, 0o644)
	os.WriteFile(script, []byte(openpyxlScript), 0o644)
	if out, err := exec.Command(python, script, specPath, book).CombinedOutput(); err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, out)
	}
	return book
}

// TestCheckShowsUnknownEntry: a 评分录入 row naming no indicator is a warning with its cell,
// suggesting the close name, and check prints it beside the audit finding.
func TestCheckShowsUnknownEntry(t *testing.T) {
	desc := openpyxlSeed(t)
	for _, sh := range desc["sheets"].([]map[string]any) {
		if sh["name"] == calc.SheetManual {
			sh["rows"] = append(sh["rows"].([][]any), []any{"预算编制合里性", num("4"), nil})
		}
	}
	book := writeOpenpyxl(t, t.TempDir(), desc)
	code, stdout, stderr := selfeval(t, "check", book)
	if code != 0 {
		t.Fatalf("exit %d:\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"警告 评分录入!A15：评分录入“预算编制合里性”不是评分表中的指标，已忽略；是否指：预算编制合理性？",
		"审核 评分录入!B7",
		"总分 90.73  优（1 条警告，1 条审核发现）",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, stdout)
		}
	}
}

// pythonWith returns a Python 3 interpreter that can import module: Debian's /usr/bin/python3
// first (where apt installs python3-openpyxl), then python3 on PATH; "" when none can.
func pythonWith(module string) string {
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(p, "-c", "import "+module).Run() == nil {
			return p
		}
	}
	return ""
}

// TestRubricPrintsNotesAndAudit: selfeval rubric shows the audit criteria and notes the
// indicators whose criteria give more points than their weight.
func TestRubricPrintsNotesAndAudit(t *testing.T) {
	code, stdout, _ := selfeval(t, "rubric")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"审核：资金调整、调剂规范性  1 分",
		"target_completeness（绩效目标完整性）：评分标准各项分值之和 8 分超过权重 5 分",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("rubric output lacks %q:\n%s", want, stdout)
		}
	}
}
