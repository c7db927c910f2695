package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"selfeval/calc"
	"selfeval/fixture"
)

// writeEval writes e's 评价表 and returns the bytes.
func writeEval(t *testing.T, e *calc.Evaluation, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteEvaluation(&buf, e, opt); err != nil {
		t.Fatalf("WriteEvaluation: %v", err)
	}
	return buf.Bytes()
}

// indicatorNames maps the rubric's indicator ids to their names.
func indicatorNames(r *calc.Rubric) map[string]string {
	m := map[string]string{}
	for _, l1 := range r.Levels {
		for _, l2 := range l1.Groups {
			for _, ind := range l2.Indicators {
				m[ind.ID] = ind.Name
			}
		}
	}
	return m
}

func TestEvaluationSeedScores(t *testing.T) {
	e := seedEvaluation(t)
	f := open(t, writeEval(t, e, Options{}))
	want := fixture.SeedExpected()
	names := indicatorNames(e.Rubric)

	rows, err := f.GetRows(SheetScores, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	rowOf := map[string]int{} // 三级指标 name (column E) → 1-based row
	for i, row := range rows {
		if len(row) >= scName && row[scName-1] != "" && i+1 >= scFirstScore {
			rowOf[row[scName-1]] = i + 1
		}
	}
	checkScore := func(label string, row int, want decimal.Decimal) {
		t.Helper()
		ref := cell(scScore, row)
		raw, _ := f.GetCellValue(SheetScores, ref, excelize.Options{RawCellValue: true})
		got, err := decimal.NewFromString(raw)
		if err != nil {
			t.Errorf("%s: %s = %q, want a number", label, ref, raw)
			return
		}
		if !got.Round(7).Equal(want) {
			t.Errorf("%s: %s = %s, want %s (to 7 places)", label, ref, raw, want)
		}
		shown, _ := f.GetCellValue(SheetScores, ref)
		if shown != calc.FormatScore(want) {
			t.Errorf("%s: %s shows %q, want %q", label, ref, shown, calc.FormatScore(want))
		}
		if format := numberFormat(t, f, SheetScores, ref); format != "0.00" {
			t.Errorf("%s: %s format = %q, want 0.00", label, ref, format)
		}
	}
	if len(want.Scores) != 21 {
		t.Fatalf("SeedExpected has %d scores, want 21", len(want.Scores))
	}
	for id, score := range want.Scores {
		name, ok := names[id]
		if !ok {
			t.Errorf("indicator %s not in the rubric", id)
			continue
		}
		row, ok := rowOf[name]
		if !ok {
			t.Errorf("indicator %s (%s) not found in %s column E", id, name, SheetScores)
			continue
		}
		checkScore(name, row, score)
	}

	total := 0
	for i, row := range rows {
		if len(row) > 0 && row[0] == textTotal {
			total = i + 1
		}
	}
	if total == 0 {
		t.Fatalf("no %s row in %s", textTotal, SheetScores)
	}
	checkScore(textTotal, total, want.Total)
	if got, _ := f.GetCellValue(SheetScores, cell(scL2Name, total)); got != textGradePrefix+want.Grade {
		t.Errorf("grade cell = %q, want %q", got, textGradePrefix+want.Grade)
	}
	if got, _ := f.GetCellValue(SheetScores, cell(scL1Weight, total)); got != "100" {
		t.Errorf("total weight = %q, want 100", got)
	}
}

func TestEvaluationSheets(t *testing.T) {
	f := open(t, writeEval(t, seedEvaluation(t), Options{}))
	want := []string{SheetScores, SheetWorking, SheetChecks, SheetAudit, "表1-1", "表1-2", "表1-3", "表1-4", "表1-5"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Errorf("sheets = %v, want %v", got, want)
	}
}

func TestEvaluationPrintSetup(t *testing.T) {
	f := open(t, writeEval(t, seedEvaluation(t), Options{}))
	for _, sheet := range f.GetSheetList() {
		layout, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if layout.Size == nil || *layout.Size != 9 {
			t.Errorf("%s: paper size = %v, want 9 (A4)", sheet, layout.Size)
		}
		hf, err := f.GetHeaderFooter(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(hf.OddFooter, "&P") || !strings.Contains(hf.OddFooter, "&N") {
			t.Errorf("%s: footer = %q, want page numbers &P and &N", sheet, hf.OddFooter)
		}
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit == 0 {
			t.Errorf("%s: panes = %+v, want the header frozen", sheet, panes)
		}
	}
	layout, _ := f.GetPageLayout(SheetScores)
	if layout.Orientation == nil || *layout.Orientation != "landscape" {
		t.Errorf("%s: orientation = %v, want landscape", SheetScores, layout.Orientation)
	}
	titles := ""
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" && dn.Scope == SheetScores {
			titles = dn.RefersTo
		}
	}
	if want := "'评分表'!$3:$5"; titles != want {
		t.Errorf("print titles of %s = %q, want %q", SheetScores, titles, want)
	}
	panes, _ := f.GetPanes(SheetScores)
	if panes.TopLeftCell != "A6" {
		t.Errorf("%s frozen at %s, want A6 (below the three header rows)", SheetScores, panes.TopLeftCell)
	}
}

// hostile is text from a submission that a careless writer would turn into a formula.
var hostile = []string{`=HYPERLINK("http://example.com","点我")`, "+1+1", "-2+3", "@SUM(A1:A2)", "=1"}

func TestEvaluationTextNeverFormula(t *testing.T) {
	e := seedEvaluation(t)
	e.Department.Info.Name = hostile[0]
	e.Department.Funding.Rows[0].Label = hostile[1]
	e.Checks = append(e.Checks,
		calc.Check{Level: calc.SeverityWarning, Code: hostile[3], Message: hostile[2], Cells: []calc.CellRef{{Sheet: "表1-1", Cell: "C5"}}})
	e.Scores[0].Working = hostile[4]
	f := open(t, writeEval(t, e, Options{}))

	seen := map[string]bool{}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				ref := cell(c+1, r+1)
				if formula, _ := f.GetCellFormula(sheet, ref); formula != "" {
					t.Errorf("%s!%s has formula %q, want none", sheet, ref, formula)
				}
				for _, h := range hostile {
					if strings.Contains(v, h) {
						seen[h] = true
					}
				}
			}
		}
	}
	for _, h := range hostile {
		if !seen[h] {
			t.Errorf("text %q not found as text in any cell", h)
		}
	}
	for _, sheet := range f.GetSheetList() {
		if strings.Contains(sheet, "HYPERLINK") {
			t.Errorf("sheet %q named after the department", sheet)
		}
	}
}

func TestEvaluationDeterministic(t *testing.T) {
	date := time.Date(2021, 3, 31, 0, 0, 0, 0, time.UTC)
	a := writeEval(t, seedEvaluation(t), Options{Date: date})
	b := writeEval(t, seedEvaluation(t), Options{Date: date})
	if !bytes.Equal(a, b) {
		t.Fatalf("two writes of the same evaluation differ (%d and %d bytes)", len(a), len(b))
	}
	if c := writeEval(t, seedEvaluation(t), Options{Date: date.AddDate(1, 0, 0)}); bytes.Equal(a, c) {
		t.Errorf("a different Options.Date gave the same bytes")
	}
	core := zipFile(t, a, "docProps/core.xml")
	for _, want := range []string{"2021-03-31T00:00:00Z", "深圳市罗湖区智慧城市建设中心"} {
		if !strings.Contains(core, want) {
			t.Errorf("docProps/core.xml lacks %q:\n%s", want, core)
		}
	}
	zipTimes(t, a)

	f := open(t, writeEval(t, seedEvaluation(t), Options{}))
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Created != "1980-01-01T00:00:00Z" || props.Modified != props.Created {
		t.Errorf("zero Options.Date: created %q modified %q, want DefaultDate", props.Created, props.Modified)
	}
}

// zipFile returns the text of one member of a workbook.
func zipFile(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open(name)
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// zipTimes checks that no zip member carries a timestamp (the wall clock would make two
// runs differ).
func zipTimes(t *testing.T, data []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.ModifiedDate != 0 || zf.ModifiedTime != 0 || len(zf.Extra) != 0 {
			t.Errorf("zip member %s has a timestamp (date %d time %d extra %d bytes)",
				zf.Name, zf.ModifiedDate, zf.ModifiedTime, len(zf.Extra))
		}
	}
}

func TestEvaluationChecks(t *testing.T) {
	t.Run("none", func(t *testing.T) {
		e := seedEvaluation(t)
		e.Checks = nil
		f := open(t, writeEval(t, e, Options{}))
		if got, _ := f.GetCellValue(SheetChecks, "A3"); got != textNone {
			t.Errorf("%s!A3 = %q, want %q", SheetChecks, got, textNone)
		}
	})
	t.Run("ordered", func(t *testing.T) {
		e := seedEvaluation(t)
		e.Checks = []calc.Check{
			{Level: calc.SeverityNote, Code: "n", Message: "提示一"},
			{Level: calc.SeverityWarning, Code: "w", Message: "警告一", Cells: []calc.CellRef{{Sheet: "表1-1", Cell: "C5"}, {Sheet: "表1-1", Cell: "C13"}}},
			{Level: calc.SeverityError, Code: "e", Message: "错误一"},
		}
		f := open(t, writeEval(t, e, Options{}))
		rows, _ := f.GetRows(SheetChecks)
		want := [][]string{
			{"错误", "e", "错误一", ""},
			{"警告", "w", "警告一", "表1-1!C5, 表1-1!C13"},
			{"提示", "n", "提示一", ""},
		}
		for i, w := range want {
			got := rows[i+2]
			for len(got) < len(w) {
				got = append(got, "")
			}
			if !slices.Equal(got, w) {
				t.Errorf("%s row %d = %q, want %q", SheetChecks, i+3, got, w)
			}
		}
	})
}

func TestEvaluationRatios(t *testing.T) {
	d := fixture.Seed()
	row, _ := d.Execution.Row(calc.RowProcurement)
	for _, col := range []string{calc.ColAdjusted, calc.ColActual} {
		v := row.Values[col]
		v.Amount = decimal.Zero
		row.Values[col] = v
	}
	e := calc.Evaluate(d, seedEvaluation(t).Rubric)
	f := open(t, writeEval(t, e, Options{}))
	rows, _ := f.GetRows(SheetWorking, excelize.Options{RawCellValue: true})
	values := map[string]string{} // ratio name → 比率值 (column F of its first row)
	for i, r := range rows {
		if len(r) >= wkWorking && r[wkRule-1] == textNumerator {
			values[r[0]] = rows[i][wkWorking-1]
		}
	}
	if len(values) != len(calc.RatioKeys) {
		t.Errorf("%d ratios in %s, want %d: %v", len(values), SheetWorking, len(calc.RatioKeys), values)
	}
	if got := values["政府采购执行率"]; got != calc.NotApplicable {
		t.Errorf("政府采购执行率 = %q, want %q", got, calc.NotApplicable)
	}
	if got := values["预算执行率"]; !strings.HasPrefix(got, "0.99185") {
		t.Errorf("预算执行率 = %q, want the fraction 0.99185…", got)
	}
}

func TestEvaluationTables(t *testing.T) {
	f := open(t, writeEval(t, seedEvaluation(t), Options{}))
	tests := []struct {
		sheet, cell, raw, shown, format string
	}{
		{"表1-1", "B4", "16535.4", "16,535.40", "#,##0.00"},
		{"表1-4", "C7", "15944.11", "15,944.11", "#,##0.00"},
		{"表1-4", "C8", "1.0086", "1.01", "#,##0.00"},
		{"表1-5", "B4", "", "", "#,##0"}, // 合计 数量 "——": blank, not 0
		{"表1-5", "B7", "5301", "5,301", "#,##0"},
	}
	for _, tt := range tests {
		raw, _ := f.GetCellValue(tt.sheet, tt.cell, excelize.Options{RawCellValue: true})
		shown, _ := f.GetCellValue(tt.sheet, tt.cell)
		if raw != tt.raw || shown != tt.shown {
			t.Errorf("%s!%s = %q shown %q, want %q shown %q", tt.sheet, tt.cell, raw, shown, tt.raw, tt.shown)
		}
		if format := numberFormat(t, f, tt.sheet, tt.cell); format != tt.format {
			t.Errorf("%s!%s format = %q, want %q", tt.sheet, tt.cell, format, tt.format)
		}
	}
}

func TestEvaluationGolden(t *testing.T) {
	golden(t, "evaluation.golden", dump(t, writeEval(t, seedEvaluation(t), Options{})))
}

func TestEvaluationNil(t *testing.T) {
	if err := WriteEvaluation(io.Discard, nil, Options{}); err == nil {
		t.Error("WriteEvaluation(nil) = nil, want an error")
	}
}

func TestEvaluationWorkingCells(t *testing.T) {
	e := seedEvaluation(t)
	var sc *calc.IndicatorScore
	for i := range e.Scores {
		if e.Scores[i].Indicator.ID == "key_tasks" {
			sc = &e.Scores[i]
		}
	}
	if sc == nil || len(sc.Inputs) == 0 {
		t.Fatal("no key_tasks indicator with inputs")
	}
	sc.Inputs[0].Cells = []calc.CellRef{{Sheet: "基本信息", Cell: "B12"}, {Sheet: "基本信息", Cell: "C12"}}
	f := open(t, writeEval(t, e, Options{}))
	rows, _ := f.GetRows(SheetWorking)
	for _, r := range rows {
		if len(r) >= wkCells && r[wkInput-1] == sc.Inputs[0].Name {
			if r[wkCells-1] != "基本信息!B12, 基本信息!C12" {
				t.Errorf("cells of %s = %q, want %q", r[wkInput-1], r[wkCells-1], "基本信息!B12, 基本信息!C12")
			}
			if r[0] != sc.Indicator.Name || r[wkWorking-1] != sc.Working {
				t.Errorf("row = %q, want the indicator %s and its working", r, sc.Indicator.Name)
			}
			return
		}
	}
	t.Errorf("input %q not found in %s", sc.Inputs[0].Name, SheetWorking)
}

func TestEvaluationEmptyDepartment(t *testing.T) {
	e := calc.Evaluate(&calc.Department{}, seedEvaluation(t).Rubric)
	f := open(t, writeEval(t, e, Options{}))
	if got := len(f.GetSheetList()); got != 9 {
		t.Errorf("%d sheets, want 9", got)
	}
	if got, _ := f.GetCellValue("表1-4", "A1"); got != "表1-4 部门整体支出预算执行情况" {
		t.Errorf("表1-4!A1 = %q", got)
	}
}

// TestColumnsInOrder checks that every worksheet lists its columns in ascending order
// without overlaps, as the format requires (Excel repairs a file that does not): the
// stream writer writes them in the order they were set, where a normal save sorts them.
func TestColumnsInOrder(t *testing.T) {
	books := map[string][]byte{
		"评价表": writeEval(t, seedEvaluation(t), Options{}),
		"汇总":  writeSum(t, batch(t), Options{}),
	}
	for name, data := range books {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		for _, zf := range zr.File {
			if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
				continue
			}
			var ws struct {
				Cols []struct {
					Min int `xml:"min,attr"`
					Max int `xml:"max,attr"`
				} `xml:"cols>col"`
			}
			if err := xml.Unmarshal([]byte(zipFile(t, data, zf.Name)), &ws); err != nil {
				t.Fatalf("%s %s: %v", name, zf.Name, err)
			}
			prev := 0
			for _, c := range ws.Cols {
				if c.Min <= prev || c.Max < c.Min {
					t.Errorf("%s %s: column %d–%d after %d", name, zf.Name, c.Min, c.Max, prev)
				}
				prev = c.Max
			}
		}
	}
}

// TestEvaluationUseRateWithoutOriginal: a 表1-5 row without 原值 has no 利用率 (—), even
// when the submission gave one (0.00% from a formula), and other rows keep theirs.
func TestEvaluationUseRateWithoutOriginal(t *testing.T) {
	d := fixture.Seed()
	r := &d.Assets.Rows[1]
	r.Values[calc.ColOriginal] = calc.Value{Amount: decimal.Zero, Present: true}
	r.Values[calc.ColUseRate] = calc.Value{Amount: decimal.Zero, Present: true}
	d.Assets.Rows[2].Values[calc.ColUseRate] = calc.Value{Amount: decimal.NewFromInt(1), Present: true}
	if !slices.ContainsFunc(d.Assets.Columns, func(c calc.Column) bool { return c.Key == calc.ColUseRate }) {
		d.Assets.Columns = append(d.Assets.Columns, calc.Column{Key: calc.ColUseRate, Name: calc.ColUseRate})
	}
	f := open(t, writeEval(t, calc.Evaluate(d, seedEvaluation(t).Rubric), Options{}))
	for _, tt := range []struct{ cell, want string }{{"E5", calc.NotApplicable}, {"E6", "100.00%"}} {
		if got, _ := f.GetCellValue("表1-5", tt.cell); got != tt.want {
			t.Errorf("表1-5!%s = %q, want %q", tt.cell, got, tt.want)
		}
	}
}
