package submission

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"selfeval/calc"
	"selfeval/fixture"
	"selfeval/templates"
)

// ---- helpers ----

func rubric(t *testing.T) *calc.Rubric {
	t.Helper()
	r, err := templates.DefaultRubric()
	if err != nil {
		t.Fatalf("DefaultRubric() error = %v", err)
	}
	return r
}

func write(t *testing.T, d *calc.Department, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, d, opt); err != nil {
		t.Fatalf("Write() error = %v", err)
	}
	return buf.Bytes()
}

func open(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("OpenReader() error = %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// locate returns the first cell of sheet whose text normalises to key.
func locate(t *testing.T, f *excelize.File, sheet, key string) (col, row int) {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("GetRows(%s) error = %v", sheet, err)
	}
	for r, cells := range rows {
		for c, v := range cells {
			if k, _, _ := calc.NormalizeLabel(v); k == key && v != "" {
				return c + 1, r + 1
			}
		}
	}
	t.Fatalf("%s: no label %q", sheet, key)
	return 0, 0
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

func value(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell)
	if err != nil {
		t.Fatalf("GetCellValue(%s!%s) error = %v", sheet, cell, err)
	}
	return v
}

func formula(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellFormula(sheet, cell)
	if err != nil {
		t.Fatalf("GetCellFormula(%s!%s) error = %v", sheet, cell, err)
	}
	return v
}

func locked(t *testing.T, f *excelize.File, sheet, cell string) bool {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return st.Protection == nil || st.Protection.Locked
}

// valueCell returns the cell of table sheet's row labelled key in the column headed col.
func valueCell(t *testing.T, f *excelize.File, sheet, rowKey, colKey string) string {
	t.Helper()
	_, r := locate(t, f, sheet, rowKey)
	c, _ := locate(t, f, sheet, colKey)
	return cellName(c, r)
}

// sheetXML returns a part of the package.
func sheetXML(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name == name {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("no part %s", name)
	return ""
}

// ---- tests ----

func TestSheets(t *testing.T) {
	tests := []struct {
		name   string
		layout Layout
		want   []string
	}{
		{"standard", Standard, []string{"填报说明", "基本信息", "表1-1", "表1-2", "表1-3", "表1-4", "表1-5", "评分录入", "文字说明"}},
		{"shifted", Shifted, []string{"填报说明", "基本信息", "表1-1", "表1-2", "表1-3", "表1-4", "表1-5", "评分录入", "文字说明"}},
		{"onesheet", OneSheet, []string{"填报说明", "基本信息", "预算表", "评分录入", "文字说明"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := open(t, write(t, Blank(2021, ""), Options{Layout: tt.layout}))
			if got := f.GetSheetList(); !slices.Equal(got, tt.want) {
				t.Errorf("sheets = %v, want %v", got, tt.want)
			}
			if got := f.GetActiveSheetIndex(); got != 0 {
				t.Errorf("active sheet = %d, want 0 (填报说明)", got)
			}
		})
	}
}

func TestTableLabels(t *testing.T) {
	f := open(t, write(t, Blank(2021, "某局"), Options{}))
	for _, spec := range calc.Tables {
		sheet := "表" + spec.ID
		if got, want := value(t, f, sheet, "A1"), "表"+spec.ID+" "+spec.Title; got != want {
			t.Errorf("%s!A1 = %q, want %q", sheet, got, want)
		}
		if got := value(t, f, sheet, "A2"); got != "单位：万元" {
			t.Errorf("%s!A2 = %q, want 单位：万元", sheet, got)
		}
		hc, hr := locate(t, f, sheet, spec.LabelHeader)
		if hc != 1 {
			t.Errorf("%s: label header in column %d, want 1", sheet, hc)
		}
		for i, col := range spec.Columns {
			c, r := locate(t, f, sheet, col)
			if c != 2+i || (r != hr && spec.ID != calc.TableAssets) {
				t.Errorf("%s: header %s at %s, want column %d row %d", sheet, col, cellName(c, r), 2+i, hr)
			}
		}
		for _, label := range spec.Rows {
			key, _, _ := calc.NormalizeLabel(label)
			if c, _ := locate(t, f, sheet, key); c != 1 {
				t.Errorf("%s: row %s in column %d", sheet, label, c)
			}
		}
	}
	// 表1-5 has the seed's category rows in order, under 期末账面数.
	if got := value(t, f, "表1-5", "B3"); got != "期末账面数" {
		t.Errorf("表1-5!B3 = %q, want 期末账面数", got)
	}
	if got := value(t, f, "表1-5", "D4"); got != "其中：在用" {
		t.Errorf("表1-5!D4 = %q, want 其中：在用", got)
	}
	for i, label := range assetRows {
		if got := value(t, f, "表1-5", cellName(1, 5+i)); got != label {
			t.Errorf("表1-5!A%d = %q, want %q", 5+i, got, label)
		}
	}
	// 基本信息, 文字说明.
	for i, item := range calc.InfoItems {
		if got := value(t, f, "基本信息", cellName(1, 2+i)); got != item {
			t.Errorf("基本信息!A%d = %q, want %q", 2+i, got, item)
		}
	}
	for i, k := range calc.NarrativeKeys {
		if got := value(t, f, "文字说明", cellName(1, 2+i)); got != k {
			t.Errorf("文字说明!A%d = %q, want %q", 2+i, got, k)
		}
	}
	if got := value(t, f, "基本信息", "B3"); got != "2021" {
		t.Errorf("基本信息 年度 = %q, want 2021", got)
	}
}

func TestTotalsAreFormulasWithValues(t *testing.T) {
	data := write(t, fixture.Seed(), Options{Rubric: rubric(t)})
	f := open(t, data)
	tests := []struct {
		sheet, row, col string
		formula, value  string
	}{
		{"表1-1", "本年收入合计", calc.ColInitial, "SUM(B4:B11)", "16535.4"},
		{"表1-1", "总计", calc.ColAdjusted, "SUM(C12)", "16075.09"},
		{"表1-2", "总计", calc.ColAdjusted, `SUM(C4:C10)-SUMIF(A4:A10,"其中*",C4:C10)`, "16075.09"},
		{"表1-3", "基本支出", calc.ColInitial, "SUM(B5:B6)", "755.73"},
		{"表1-3", "总计", calc.ColAdjusted, "SUM(C4,C7,C9:C11)", "16075.09"},
		{"表1-4", "总计", calc.ColActual, "SUM(C4:C6)", "15944.11"},
		{"表1-5", "合计", calc.ColOriginal, "SUM(C6,C13,C16,C18,C20:C21)", "6887.01"},
		{"表1-5", "合计", calc.ColUseRate, `IF(N(C5)>0,D5/C5,0)`, "1"},
		{"表1-5", "通用设备(个、台、辆等)", calc.ColUseRate, `IF(N(C13)>0,D13/C13,0)`, "1"},
		{"表1-5", "办公用房", calc.ColUseRate, `IF(N(C9)>0,D9/C9,0)`, "0"},
	}
	for _, tt := range tests {
		cell := valueCell(t, f, tt.sheet, tt.row, tt.col)
		if got := formula(t, f, tt.sheet, cell); got != tt.formula {
			t.Errorf("%s!%s formula = %q, want %q", tt.sheet, cell, got, tt.formula)
		}
		if got := value(t, f, tt.sheet, cell); got != tt.value {
			t.Errorf("%s!%s cached value = %q, want %q", tt.sheet, cell, got, tt.value)
		}
	}
	// Numeric results are numbers in the XML, not strings (t="str"), or WPS shows text.
	numericStr := regexp.MustCompile(`t="str"><f>[^<]*</f><v>[0-9.]+</v>`)
	for i := 1; i <= 9; i++ {
		x := sheetXML(t, data, "xl/worksheets/sheet"+string(rune('0'+i))+".xml")
		if m := numericStr.FindString(x); m != "" {
			t.Errorf("sheet%d.xml has a numeric result typed as string: %s", i, m)
		}
	}
	// 表1-4's quarters are typed on 总计 only: inputs, not formulas.
	q3 := valueCell(t, f, "表1-4", "总计", calc.ColQ3)
	if formula(t, f, "表1-4", q3) != "" || value(t, f, "表1-4", q3) != "6618.1487" || locked(t, f, "表1-4", q3) {
		t.Errorf("表1-4!%s: want the unlocked input 6618.1487", q3)
	}
	// Amounts are numbers at full precision, shown as #,##0.00.
	tp := valueCell(t, f, "表1-4", "三公经费", calc.ColActual)
	if got, _ := f.GetCellType("表1-4", tp); got != excelize.CellTypeNumber && got != excelize.CellTypeUnset {
		t.Errorf("表1-4!%s type = %v, want a number", tp, got)
	}
	if got := value(t, f, "表1-4", tp); got != "1.0086" {
		t.Errorf("表1-4!%s = %q, want 1.0086", tp, got)
	}
}

func TestBlankTotalsShowZero(t *testing.T) {
	f := open(t, write(t, Blank(2021, ""), Options{}))
	cell := valueCell(t, f, "表1-1", "总计", calc.ColInitial)
	if got := value(t, f, "表1-1", cell); got != "0" {
		t.Errorf("blank 表1-1 总计 cached value = %q, want 0", got)
	}
	if got := formula(t, f, "表1-1", cell); got == "" {
		t.Errorf("blank 表1-1 总计 has no formula")
	}
	// 10 spare category rows in 表1-2, labels typed by the department.
	_, r := locate(t, f, "表1-2", "总计")
	if got, want := formula(t, f, "表1-2", cellName(2, r)), `SUM(B4:B13)-SUMIF(A4:A13,"其中*",B4:B13)`; got != want {
		t.Errorf("blank 表1-2 总计 = %q, want %q", got, want)
	}
	if locked(t, f, "表1-2", "A4") {
		t.Errorf("表1-2!A4 (a category name) is locked")
	}
}

func TestSubmittedTotalKept(t *testing.T) {
	d := fixture.Seed()
	r, _ := d.Funding.Row(calc.RowIncomeTotal)
	r.Values[calc.ColInitial] = calc.Value{Amount: decimal.RequireFromString("16535.39"), Present: true}
	f := open(t, write(t, d, Options{}))
	cell := valueCell(t, f, "表1-1", "本年收入合计", calc.ColInitial)
	if got := formula(t, f, "表1-1", cell); got != "" {
		t.Errorf("表1-1!%s formula = %q, want none: the submitted total differs from the sum", cell, got)
	}
	if got := value(t, f, "表1-1", cell); got != "16535.39" {
		t.Errorf("表1-1!%s = %q, want the submitted 16535.39", cell, got)
	}
	// The column next to it still adds up: a formula.
	if got := formula(t, f, "表1-1", valueCell(t, f, "表1-1", "本年收入合计", calc.ColAdjusted)); got == "" {
		t.Errorf("表1-1 本年收入合计 调整预算数 has no formula")
	}
}

func TestValidations(t *testing.T) {
	r := rubric(t)
	f := open(t, write(t, Blank(2021, ""), Options{Rubric: r}))
	type want struct {
		sqref, typ, op, f1, f2 string
	}
	tests := []struct {
		sheet string
		want  []want
	}{
		{"表1-1", []want{{"B4:B11 C4:C11", "decimal", "greaterThanOrEqual", "0", ""}}},
		{"表1-2", []want{{"B4:B13 C4:C13", "decimal", "greaterThanOrEqual", "0", ""}}},
		{"表1-3", []want{{"B5:B11 C5:C11", "decimal", "greaterThanOrEqual", "0", ""}}},
		{"表1-4", []want{{"B4:B6 B8:B9 C4:C6 C8:C9 D7 E7 F7 G7", "decimal", "greaterThanOrEqual", "0", ""}}},
		{"基本信息", []want{
			{"B2", "textLength", "lessThanOrEqual", "100", ""},
			{"B3", "whole", "between", "2000", "2100"},
			{"B4", "textLength", "lessThanOrEqual", "100", ""},
			{"B5", "textLength", "lessThanOrEqual", "100", ""},
			{"B6", "textLength", "lessThanOrEqual", "100", ""},
			{"B7", "whole", "greaterThanOrEqual", "0", ""},
			{"B8", "whole", "greaterThanOrEqual", "0", ""},
			{"B9", "whole", "greaterThanOrEqual", "0", ""},
			{"B10", "whole", "greaterThanOrEqual", "0", ""},
			{"B11", "whole", "greaterThanOrEqual", "0", ""},
			{"B12", "whole", "greaterThanOrEqual", "0", ""},
			{"B13", "decimal", "between", "0", "1"},
		}},
	}
	for _, tt := range tests {
		dvs, err := f.GetDataValidations(tt.sheet)
		if err != nil {
			t.Fatal(err)
		}
		var got []want
		for _, dv := range dvs {
			got = append(got, want{dv.Sqref, dv.Type, dv.Operator, dv.Formula1, dv.Formula2})
			if !dv.ShowErrorMessage || !dv.ShowInputMessage || dv.Prompt == nil || *dv.Prompt == "" || dv.Error == nil {
				t.Errorf("%s %s: want a Chinese input prompt and error message", tt.sheet, dv.Sqref)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s validations =\n%v\nwant\n%v", tt.sheet, got, tt.want)
		}
	}
	// 表1-3 and 1-5: the computed rows are not validated inputs.
	dvs, _ := f.GetDataValidations("表1-5")
	var sq []string
	for _, dv := range dvs {
		sq = append(sq, dv.Type+" "+dv.Sqref)
	}
	if want := []string{"whole B6:B22", "decimal C6:C22 D6:D22"}; !slices.Equal(sq, want) {
		t.Errorf("表1-5 validations = %v, want %v", sq, want)
	}

	// 评分录入: every indicator, hand-scored first (the seed's 13 hand-entered scores), then
	// the computed ones marked as claims; each validated 0 … its weight.
	entries := calc.ScoreEntries(r)
	hand := 0
	for _, e := range entries {
		if e.HandScored {
			hand++
		}
	}
	if hand != 13 || len(entries) != 22 {
		t.Fatalf("entries = %d (%d hand-scored), want 22 (13): 21 indicators, 政府采购执行情况 in two rows", len(entries), hand)
	}
	dvs, _ = f.GetDataValidations("评分录入")
	bounds := map[string]string{}
	for _, dv := range dvs {
		for _, ref := range strings.Fields(dv.Sqref) {
			first, last, _ := strings.Cut(ref, ":")
			if last == "" {
				last = first
			}
			c1, r1, _ := excelize.CellNameToCoordinates(first)
			_, r2, _ := excelize.CellNameToCoordinates(last)
			for r := r1; r <= r2; r++ {
				bounds[cellName(c1, r)] = dv.Formula1 + ".." + dv.Formula2
			}
		}
	}
	for i, e := range entries {
		row := 2 + i
		w := e.Indicator.Weight
		if got := value(t, f, "评分录入", cellName(1, row)); got != e.Name {
			t.Errorf("评分录入!A%d = %q, want %q", row, got, e.Name)
		}
		if got := value(t, f, "评分录入", cellName(2, row)); got != w.String() {
			t.Errorf("评分录入!B%d (满分) = %q, want %s", row, got, w)
		}
		if got, want := bounds[cellName(3, row)], "0.."+w.String(); got != want {
			t.Errorf("评分录入!C%d validation = %q, want %q", row, got, want)
		}
		wantScoring := scoringComputed
		if e.HandScored {
			wantScoring = scoringHand
		}
		if got := value(t, f, "评分录入", cellName(5, row)); got != wantScoring {
			t.Errorf("评分录入!E%d (评分方式) = %q, want %q", row, got, wantScoring)
		}
		if got := value(t, f, "评分录入", cellName(6, row)); got == "" || !strings.Contains(e.Indicator.Criteria, got[:min(len(got), 12)]) {
			t.Errorf("评分录入!F%d (评分标准) = %q, want the indicator's criteria", row, got)
		}
	}
	if entries[4].Name != "政府采购政策功能执行和落实" || !entries[4].Indicator.Weight.Equal(decimal.NewFromInt(1)) ||
		!slices.Contains(entries[4].Aliases, "政府采购执行情况") {
		t.Errorf("entry 5 = %s (%s), want the manual part of 政府采购执行情况 (1), also under that name", entries[4].Name, entries[4].Indicator.Weight)
	}
	if e := entries[hand]; e.HandScored || e.Name != "政府采购执行率" {
		t.Errorf("first computed entry = %s, want 政府采购执行率 (the computed part of 政府采购执行情况)", e.Name)
	}
}

func TestLockedAndProtected(t *testing.T) {
	f := open(t, write(t, fixture.Seed(), Options{Rubric: rubric(t)}))
	for _, sheet := range f.GetSheetList() {
		p, err := f.GetSheetProtection(sheet)
		if err != nil || !p.SelectLockedCells || !p.SelectUnlockedCells || p.FormatCells || p.DeleteRows {
			t.Errorf("%s protection = %+v, %v; want protected", sheet, p, err)
		}
	}
	tests := []struct {
		sheet, cell string
		locked      bool
	}{
		{"表1-1", "A1", true}, // title
		{"表1-1", "A4", true}, // label
		{"表1-1", "B3", true}, // header
		{"表1-1", "B4", false},
		{"表1-1", "C11", false},
		{"表1-1", "B12", true}, // 本年收入合计
		{"表1-2", "A4", false}, // category name
		{"表1-2", "B11", true}, // 总计
		{"表1-4", "D4", true},  // quarter of 人员经费: not asked for
		{"表1-4", "D7", false}, // quarter of 总计
		{"表1-5", "B5", true},  // 合计 数量
		{"表1-5", "E6", true},  // 利用率
		{"表1-5", "B13", false},
		{"基本信息", "A2", true},
		{"基本信息", "B2", false},
		{"基本信息", "B13", false},
		{"评分录入", "B2", true},
		{"评分录入", "C2", false},
		{"评分录入", "D2", false},
		{"文字说明", "A2", true},
		{"文字说明", "B2", false},
		{"填报说明", "A2", true},
	}
	for _, tt := range tests {
		if got := locked(t, f, tt.sheet, tt.cell); got != tt.locked {
			t.Errorf("%s!%s locked = %v, want %v", tt.sheet, tt.cell, got, tt.locked)
		}
	}
	// Input cells are shaded.
	id, _ := f.GetCellStyle("表1-1", "B4")
	st, _ := f.GetStyle(id)
	if len(st.Fill.Color) == 0 || st.Fill.Color[0] != fillInput {
		t.Errorf("表1-1!B4 fill = %v, want %s", st.Fill.Color, fillInput)
	}
	if st.CustomNumFmt == nil || *st.CustomNumFmt != numFmtAmount {
		t.Errorf("表1-1!B4 number format = %v, want %s", st.CustomNumFmt, numFmtAmount)
	}
}

func TestDeterministic(t *testing.T) {
	for _, opt := range []Options{{}, {Layout: OneSheet, UnitYuan: true}, {NumbersAsText: true, MessyLabels: true}} {
		a := write(t, fixture.Seed(), opt)
		b := write(t, fixture.Seed(), opt)
		if !bytes.Equal(a, b) {
			t.Errorf("%+v: two writes differ", opt)
		}
	}
	core := sheetXML(t, write(t, fixture.Seed(), Options{}), "docProps/core.xml")
	if !strings.Contains(core, "2020-01-01T00:00:00Z") {
		t.Errorf("docProps/core.xml has no fixed date: %s", core)
	}
}

func TestTextNeverFormula(t *testing.T) {
	d := Blank(2021, "=1+2")
	d.Info.Head = "+SUM(A1:A2)"
	d.Info.Preparer = "-3"
	d.Info.Phone = "@phone"
	d.Narrative[0].Text = "=HYPERLINK(\"http://x\")"
	d.ManualScores = []calc.ManualScore{{Name: "=A1", Key: "=A1", Note: "=B2"}}
	d.ByFunction.Rows = append([]calc.Row{calc.NewRow("=C3")}, d.ByFunction.Rows...)
	f := open(t, write(t, d, Options{}))
	tests := []struct{ sheet, cell, want string }{
		{"基本信息", "B2", "=1+2"},
		{"基本信息", "B4", "+SUM(A1:A2)"},
		{"基本信息", "B5", "-3"},
		{"基本信息", "B6", "@phone"},
		{"文字说明", "B2", "=HYPERLINK(\"http://x\")"},
		{"评分录入", "A2", "=A1"},
		{"评分录入", "D2", "=B2"},
		{"表1-2", "A4", "=C3"},
	}
	for _, tt := range tests {
		if got := formula(t, f, tt.sheet, tt.cell); got != "" {
			t.Errorf("%s!%s is a formula %q", tt.sheet, tt.cell, got)
		}
		if got := value(t, f, tt.sheet, tt.cell); got != tt.want {
			t.Errorf("%s!%s = %q, want %q", tt.sheet, tt.cell, got, tt.want)
		}
		if typ, _ := f.GetCellType(tt.sheet, tt.cell); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
			t.Errorf("%s!%s type = %v, want a string", tt.sheet, tt.cell, typ)
		}
	}
}

func TestVariants(t *testing.T) {
	seed := fixture.Seed()
	t.Run("yuan", func(t *testing.T) {
		f := open(t, write(t, seed, Options{UnitYuan: true}))
		if got := value(t, f, "表1-1", "A2"); got != "单位：元" {
			t.Errorf("unit = %q", got)
		}
		if got := value(t, f, "表1-1", valueCell(t, f, "表1-1", "总计", calc.ColInitial)); got != "165354000" {
			t.Errorf("表1-1 总计 = %q, want 165354000", got)
		}
		if got := value(t, f, "表1-4", valueCell(t, f, "表1-4", "三公经费", calc.ColActual)); got != "10086" {
			t.Errorf("表1-4 三公 实际 = %q, want 10086", got)
		}
		// Counts are not amounts.
		if got := value(t, f, "表1-5", valueCell(t, f, "表1-5", "车辆", calc.ColCount)); got != "1" {
			t.Errorf("表1-5 车辆 数量 = %q, want 1", got)
		}
	})
	t.Run("text", func(t *testing.T) {
		f := open(t, write(t, seed, Options{NumbersAsText: true}))
		cell := valueCell(t, f, "表1-1", "总计", calc.ColInitial)
		if got := value(t, f, "表1-1", cell); got != "16,535.40" {
			t.Errorf("表1-1 总计 = %q, want 16,535.40", got)
		}
		if formula(t, f, "表1-1", cell) != "" {
			t.Errorf("表1-1 总计 is a formula in the text variant")
		}
		if got := value(t, f, "表1-4", valueCell(t, f, "表1-4", "总计", calc.ColQ3)); got != "6,618.1487" {
			t.Errorf("表1-4 Q3 = %q, want 6,618.1487", got)
		}
		if got := value(t, f, "表1-5", valueCell(t, f, "表1-5", "合计", calc.ColUseRate)); got != "100.00%" {
			t.Errorf("表1-5 合计 利用率 = %q, want 100.00%%", got)
		}
		if got := value(t, f, "表1-5", valueCell(t, f, "表1-5", "办公用房", calc.ColOriginal)); got != dash {
			t.Errorf("表1-5 办公用房 原值 = %q, want %s", got, dash)
		}
	})
	t.Run("messy", func(t *testing.T) {
		f := open(t, write(t, seed, Options{MessyLabels: true}))
		seen := 0
		for _, spec := range calc.Tables {
			rows, _ := f.GetRows("表" + spec.ID)
			title := rows[0][0]
			if !strings.HasPrefix(title, "表 "+spec.ID) {
				t.Errorf("title = %q", title)
			}
			for _, r := range rows[2:] {
				if len(r) == 0 || r[0] == "" {
					continue
				}
				if r[0] == strings.TrimSpace(r[0]) && !strings.ContainsAny(r[0], "\u3000０１２３４５６７８９") {
					continue
				}
				seen++
			}
		}
		if seen < 20 {
			t.Errorf("only %d messy labels", seen)
		}
		// Every label still normalises to its key.
		for _, key := range []string{"一般公共预算财政拨款收入", "本年收入合计", "基本建设类项目", "三公经费", "车辆", "房屋", "单价50万(含)以上(不含车辆)"} {
			found := false
			for _, sheet := range f.GetSheetList() {
				rows, _ := f.GetRows(sheet)
				for _, r := range rows {
					for _, v := range r {
						if k, _, _ := calc.NormalizeLabel(v); k == key {
							found = true
						}
					}
				}
			}
			if !found {
				t.Errorf("no label normalises to %q", key)
			}
		}
	})
	t.Run("onesheet", func(t *testing.T) {
		f := open(t, write(t, seed, Options{Layout: OneSheet}))
		rows, _ := f.GetRows("预算表")
		var titles []string
		for _, r := range rows {
			if len(r) > 0 && strings.HasPrefix(r[0], "表1-") {
				titles = append(titles, r[0][:len("表1-1")])
			}
		}
		if want := []string{"表1-1", "表1-2", "表1-3", "表1-4", "表1-5"}; !slices.Equal(titles, want) {
			t.Errorf("titles = %v, want %v", titles, want)
		}
		_, r := locate(t, f, "预算表", "合计")
		if got := formula(t, f, "预算表", cellName(5, r)); got != "IF(N(C"+itoa(r)+")>0,D"+itoa(r)+"/C"+itoa(r)+",0)" {
			t.Errorf("预算表 合计 利用率 = %q", got)
		}
	})
}

func itoa(i int) string { return decimal.NewFromInt(int64(i)).String() }

func TestBlankAndRollover(t *testing.T) {
	b := Blank(2021, "某局")
	if b.Info.Year != 2021 || b.Info.Name != "某局" {
		t.Errorf("Blank info = %+v", b.Info)
	}
	for i, tab := range b.Tables() {
		spec := calc.Tables[i]
		if tab.ID != spec.ID || len(tab.Rows) != len(spec.Rows) || len(tab.Columns) != len(spec.Columns) {
			t.Errorf("Blank table %s = %d rows, %d columns", spec.ID, len(tab.Rows), len(tab.Columns))
		}
	}
	if len(b.Narrative) != len(calc.NarrativeKeys) {
		t.Errorf("Blank narrative = %d sections", len(b.Narrative))
	}

	last := fixture.Seed()
	d := Rollover(last, 2021)
	if d.Info.Name != last.Info.Name || d.Info.Year != 2021 || d.Info.Head != "乐知" || d.Info.Phone != "0755-25666321" {
		t.Errorf("Rollover info = %+v", d.Info)
	}
	if d.Info.ActualStaff.Present || d.Info.Satisfaction.Present {
		t.Errorf("Rollover kept figures: %+v", d.Info)
	}
	var cats []string
	for _, r := range d.ByFunction.Rows {
		cats = append(cats, r.Label)
		if hasFigures(&r) {
			t.Errorf("Rollover 表1-2 %s kept figures", r.Label)
		}
	}
	if want := []string{"科学技术支出", "社会保障和就业支出", "卫生健康支出", "城乡社区支出", "住房保障支出", "灾害防治及应急管理支出", "抗疫特别国债安排的支出", "总计"}; !slices.Equal(cats, want) {
		t.Errorf("Rollover 表1-2 rows = %v, want %v", cats, want)
	}
	if len(d.Assets.Rows) != len(last.Assets.Rows) {
		t.Errorf("Rollover 表1-5 rows = %d, want %d", len(d.Assets.Rows), len(last.Assets.Rows))
	}
	for _, tab := range d.Tables() {
		for _, r := range tab.Rows {
			if hasFigures(&r) {
				t.Errorf("Rollover %s %s kept figures", tab.ID, r.Label)
			}
		}
	}
	for _, m := range d.ManualScores {
		if m.Score.Present {
			t.Errorf("Rollover kept score %s", m.Name)
		}
	}
	for _, s := range d.Narrative {
		if s.Text != "" {
			t.Errorf("Rollover kept text of %s", s.Key)
		}
	}
	if last.Funding.Rows[0].Values[calc.ColInitial].Amount.IsZero() {
		t.Errorf("Rollover changed last year's department")
	}

	// Written, the rolled-over 表1-2 has the categories and spare rows.
	f := open(t, write(t, d, Options{Rubric: rubric(t)}))
	if got := value(t, f, "表1-2", "A4"); got != "科学技术支出" {
		t.Errorf("表1-2!A4 = %q", got)
	}
	_, r := locate(t, f, "表1-2", "总计")
	if r != 4+blankCategories {
		t.Errorf("表1-2 总计 at row %d, want %d (7 categories + 3 spare)", r, 4+blankCategories)
	}
}

func TestMergeRows(t *testing.T) {
	have := []calc.Row{calc.NewRow("合计"), calc.NewRow("(二)通用设备(个、台、辆等)"), calc.NewRow("其中：无人机"), calc.NewRow("(七)无形资产")}
	rows := mergeRows(assetRows, have)
	var labels []string
	for _, r := range rows {
		labels = append(labels, r.label)
	}
	i := slices.Index(labels, "（二）通用设备(个、台、辆等)")
	if i < 0 || labels[i+1] != "其中：无人机" {
		t.Errorf("其中：无人机 not after 通用设备: %v", labels)
	}
	if labels[len(labels)-1] != "(七)无形资产" {
		t.Errorf("(七)无形资产 not last: %v", labels)
	}
	setSums(calc.TableAssets, rows)
	if got := len(rows[0].sums[calc.ColOriginal]); got != 7 {
		t.Errorf("合计 adds %d categories, want 7 ((一) … (七))", got)
	}
}

func TestOrdinal(t *testing.T) {
	tests := map[string]int{"三、": 3, "(七)": 7, "十、": 10, "(十二)": 12, "二十、": 20, "1.": 0, "": 0}
	for in, want := range tests {
		if got := ordinal(in); got != want {
			t.Errorf("ordinal(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestSqref(t *testing.T) {
	got := sqref([]string{"C5", "B4", "B5", "B6", "B8", "C4", "B5"})
	if want := "B4:B6 B8 C4:C5"; got != want {
		t.Errorf("sqref = %q, want %q", got, want)
	}
}

func TestFormatAmountText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"16535.4", "16,535.40"},
		{"6618.1487", "6,618.1487"},
		{"0", "0.00"},
		{"165354000.00", "165,354,000.00"},
		{"1.0086", "1.0086"},
		{"1.50", "1.50"},
	}
	for _, tt := range tests {
		if got := calc.FormatAmountExact(decimal.RequireFromString(tt.in)); got != tt.want {
			t.Errorf("calc.FormatAmountExact(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
