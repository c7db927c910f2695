package xlsx

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"selfeval/calc"
	"selfeval/fixture"
)

// entry is one input of a test batch: evaluated (Eval) or failed (Err).
type entry struct {
	Source string
	Eval   *calc.Evaluation
	Err    error
}

// digest is what a run reads back of an evaluation: its result JSON, decoded.
func digest(t testing.TB, e *calc.Evaluation, source string) calc.Digest {
	t.Helper()
	data, err := e.Result().JSON(true)
	if err != nil {
		t.Fatal(err)
	}
	d, err := calc.DecodeDigest(data, "stem")
	if err != nil {
		t.Fatalf("DecodeDigest: %v", err)
	}
	d.Source = source
	return d
}

// summarize is the summary of a test batch under the default rubric.
func summarize(t testing.TB, entries []entry, prior []calc.Digest) *calc.BatchSummary {
	t.Helper()
	var digests []calc.Digest
	var failures []calc.Failure
	for _, en := range entries {
		if en.Err != nil || en.Eval == nil {
			msg := "没有评价结果"
			if en.Err != nil {
				msg = en.Err.Error()
			}
			failures = append(failures, calc.Failure{Source: en.Source, Error: msg})
			continue
		}
		digests = append(digests, digest(t, en.Eval, en.Source))
	}
	return calc.Summarize(digests, failures, calc.SummaryOptions{Rubric: seedEvaluation(t).Rubric, Prior: prior})
}

// writeSum writes the summary of a test batch and returns the bytes.
func writeSum(t testing.TB, entries []entry, opt Options) []byte {
	t.Helper()
	return writeSummary(t, summarize(t, entries, nil), opt)
}

func writeSummary(t testing.TB, s *calc.BatchSummary, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteSummary(&buf, s, opt); err != nil {
		t.Fatalf("WriteSummary: %v", err)
	}
	return buf.Bytes()
}

// column returns the 1-based column of the header title in row, or 0.
func column(header []string, title string) int {
	return slices.Index(header, title) + 1
}

func TestSummaryRows(t *testing.T) {
	entries := batch(t)
	f := open(t, writeSum(t, entries, Options{}))
	if got, want := f.GetSheetList(), []string{SheetSummary, SheetChart, SheetIndicatorScores, SheetFindings}; !slices.Equal(got, want) {
		t.Errorf("sheets = %v, want %v", got, want)
	}
	rows, err := f.GetRows(SheetSummary)
	if err != nil {
		t.Fatal(err)
	}
	header := rows[smHeaderRow-1]
	rubric := seedEvaluation(t).Rubric
	for _, l := range rubric.Levels {
		if column(header, l.Name) == 0 {
			t.Errorf("no column titled %s (a 一级指标) in %v", l.Name, header)
		}
	}
	for _, title := range []string{textRank, textDept, textYear, textAdjusted, textActual, textExecRate, textTotal, textGrade, textWarnings, textFindings, textStatus, textError} {
		if column(header, title) == 0 {
			t.Errorf("no column %s in %v", title, header)
		}
	}
	if column(header, textPriorTotal) != 0 {
		t.Errorf("column %s without --prior", textPriorTotal)
	}
	for _, h := range header {
		if strings.ContainsAny(h, "\r\n") {
			t.Errorf("header %q breaks its line", h)
		}
	}
	get := func(row int, title string) string {
		r := rows[row-1]
		c := column(header, title)
		if c == 0 || c > len(r) {
			return ""
		}
		return r[c-1]
	}
	want := []struct{ rank, dept, total, grade, status string }{
		{"", "坏文件.xlsx", "", "", textFailed}, // failures first
		{"1", "深圳市罗湖区智慧城市建设中心", "90.73", "优", textSuccess},
		{"2", "深圳市罗湖区某某局", "84.73", "良", textSuccess},
		{"3", "深圳市罗湖区测试中心", "58.73", "差", textSuccess},
		{"", "平均（3 个部门）", "78.07", "", ""},
	}
	if len(rows) != smFirstRow-1+len(want) {
		t.Fatalf("%d rows, want %d", len(rows), smFirstRow-1+len(want))
	}
	for i, w := range want {
		row := smFirstRow + i
		got := []string{get(row, textRank), get(row, textDept), get(row, textTotal), get(row, textGrade), get(row, textStatus)}
		if !slices.Equal(got, []string{w.rank, w.dept, w.total, w.grade, w.status}) {
			t.Errorf("row %d = %q, want %v", row, got, w)
		}
	}
	if got := get(smFirstRow, textError); !strings.Contains(got, `表1-4!C9 实际支出数："abc" 不是数字`) {
		t.Errorf("failed input's error = %q", got)
	}
	if got := get(smFirstRow+1, textExecRate); got != "99.19%" {
		t.Errorf("预算执行率 shows %q, want 99.19%%", got)
	}
	if got := get(smFirstRow+1, textAdjusted); got != "16,075.09" {
		t.Errorf("调整预算数 shows %q, want 16,075.09", got)
	}

	// The 平均 row is the mean of the departments' exact totals, computed here apart.
	sum := decimal.Zero
	n := 0
	for _, en := range entries {
		if en.Eval != nil {
			sum = sum.Add(en.Eval.Total)
			n++
		}
	}
	raw, _ := f.GetCellValue(SheetSummary, cell(column(header, textTotal), smFirstRow+4), excelize.Options{RawCellValue: true})
	got, err := decimal.NewFromString(raw)
	if mean := sum.Div(decimal.NewFromInt(int64(n))); err != nil || !got.Round(8).Equal(mean.Round(8)) {
		t.Errorf("平均 总分 = %s, want %s", raw, mean)
	}

	// Grade colouring: 优 green, 良 blue, 差 red.
	gradeCol := column(header, textGrade)
	for i, color := range []string{colorGradeA, colorGradeB, colorGradeD} {
		ref := cell(gradeCol, smFirstRow+1+i)
		id, _ := f.GetCellStyle(SheetSummary, ref)
		st, _ := f.GetStyle(id)
		if len(st.Fill.Color) == 0 || !strings.EqualFold(st.Fill.Color[0], color) {
			t.Errorf("%s fill = %v, want %s", ref, st.Fill.Color, color)
		}
	}
}

// TestSummaryHeaderReadable reads 汇总's first row with openpyxl (and pandas, header=0,
// where it is installed): the column names a script sees are the titles, one line each.
func TestSummaryHeaderReadable(t *testing.T) {
	py := ""
	for _, cand := range []string{"python3", "/usr/bin/python3"} { // a pyenv python3 may lack Debian's modules
		if p, err := exec.LookPath(cand); err == nil && exec.Command(p, "-c", "import openpyxl").Run() == nil {
			py = p
			break
		}
	}
	if py == "" {
		t.Skip("python3 with openpyxl not installed (Debian: python3-openpyxl)")
	}
	path := filepath.Join(t.TempDir(), "汇总.xlsx")
	if err := os.WriteFile(path, writeSum(t, batch(t), Options{}), 0o644); err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{textRank, textDept, textYear, textAdjusted, textActual, textExecRate, "部门决策", "部门管理", "部门绩效",
		textTotal, textGrade, textWarnings, textFindings, textStatus, textError, textSource}, "|")
	scripts := map[string]string{
		"openpyxl": "import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1]).worksheets[0]; print('|'.join(str(c.value) for c in ws[1]))",
		"pandas":   "import pandas,sys; print('|'.join(pandas.read_excel(sys.argv[1], sheet_name=0, header=0).columns))",
	}
	for name, script := range scripts {
		t.Run(name, func(t *testing.T) {
			if exec.Command(py, "-c", "import "+name).Run() != nil {
				t.Skip(name + " not installed")
			}
			out, err := exec.Command(py, "-c", script, path).Output()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if got := strings.TrimSpace(string(out)); got != want {
				t.Errorf("%s reads the header as\n%s\nwant\n%s", name, got, want)
			}
		})
	}
}

// TestSummaryFindings: every audit finding of the batch is a row of 审核清单, and each
// department's count is its 审核发现.
func TestSummaryFindings(t *testing.T) {
	seed := digest(t, seedEvaluation(t), "in/智慧城市.xlsx")
	seed.Audit = []calc.FindingDigest{
		{Indicator: "financial_compliance", Name: "财务合规性", Code: "audit_exceeds", Claimed: decimal.NewFromInt(3), Supported: decimal.NewFromInt(2),
			Message: "预算调整率 86.68% 高于 10%", Cells: []string{"表1-2!C12", "表1-2!D12"}},
		{Indicator: "budget_execution", Name: "预算执行率", Code: "audit_claimed", Claimed: decimal.NewFromInt(6), Supported: decimal.RequireFromString("4.3541568"),
			Message: "自评 6 分，数据支持 4.35 分", Cells: []string{"表1-4!C9"}},
	}
	other := digest(t, variant(t, "乙单位", nil), "in/乙.xlsx") // the audit's own finding: 财务合规性 3 against 2
	if len(other.Audit) != 1 {
		t.Fatalf("the seed's variant has %d findings, want 1 (财务合规性)", len(other.Audit))
	}
	of := other.Audit[0]
	s := calc.Summarize([]calc.Digest{other, seed}, nil, calc.SummaryOptions{Rubric: seedEvaluation(t).Rubric})
	f := open(t, writeSummary(t, s, Options{}))
	rows, err := f.GetRows(SheetFindings)
	if err != nil {
		t.Fatal(err)
	}
	wantRows := [][]string{
		{textDept, textYear, textIndicator, textClaimed, textSupported, textExcess, textMessage, textCells},
		{"乙单位", "2020", "财务合规性", "3.00", "2.00", "1.00", of.Message, strings.Join(of.Cells, "、")},
		{"深圳市罗湖区智慧城市建设中心", "2020", "财务合规性", "3.00", "2.00", "1.00", "预算调整率 86.68% 高于 10%", "表1-2!C12、表1-2!D12"},
		{"深圳市罗湖区智慧城市建设中心", "2020", "预算执行率", "6.00", "4.35", "1.65", "自评 6 分，数据支持 4.35 分", "表1-4!C9"},
	}
	for i, r := range wantRows { // GetRows drops empty trailing cells
		for len(r) > 0 && r[len(r)-1] == "" {
			r = r[:len(r)-1]
		}
		wantRows[i] = r
	}
	if !reflect.DeepEqual(rows, wantRows) {
		t.Errorf("审核清单 = %q\nwant %q", rows, wantRows)
	}
	sum, _ := f.GetRows(SheetSummary)
	c := column(sum[0], textFindings)
	for _, r := range sum[1:3] {
		want := map[string]string{"深圳市罗湖区智慧城市建设中心": "2", "乙单位": "1"}[r[1]]
		if r[c-1] != want {
			t.Errorf("%s 审核发现 = %s, want %s", r[1], r[c-1], want)
		}
	}
	if af := f.GetSheetList(); !slices.Contains(af, SheetFindings) {
		t.Errorf("no sheet %s", SheetFindings)
	}
	panes, err := f.GetPanes(SheetFindings)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("审核清单 panes = %+v, %v; want the header row frozen", panes, err)
	}
}

// TestSummaryPrior: with last year's results, each department found there by name shows
// last year's total, grade and 预算执行率 and the changes; the sentence is calc's.
func TestSummaryPrior(t *testing.T) {
	last := variant(t, "深圳市罗湖区某某局", map[string]int64{"社会效益、经济效益、生态效益及可持续影响等": 20})
	last.Department.Info.Year = 2019
	prior := []calc.Digest{digest(t, last, "2019/某某局.xlsx")}
	s := summarize(t, batch(t), prior)
	f := open(t, writeSummary(t, s, Options{}))
	rows, _ := f.GetRows(SheetSummary)
	header := rows[0]
	for _, title := range []string{textPriorTotal, textPriorGrade, textTotalChange, textPriorExecRate, textExecChange} {
		if column(header, title) == 0 {
			t.Fatalf("no column %s in %v", title, header)
		}
	}
	raw, _ := f.GetRows(SheetSummary, excelize.Options{RawCellValue: true})
	var found bool
	for i, r := range rows[1:] {
		if r[1] != "深圳市罗湖区某某局" {
			if len(r) >= column(header, textPriorTotal) && r[column(header, textPriorTotal)-1] != "" {
				t.Errorf("%s has a 上年总分 without being in last year's batch", r[1])
			}
			continue
		}
		found = true
		got := []string{r[column(header, textPriorTotal)-1], r[column(header, textPriorGrade)-1], r[column(header, textTotalChange)-1],
			r[column(header, textPriorExecRate)-1], raw[i+1][column(header, textExecChange)-1]}
		// The last as stored: excelize shows a zero as "+0.00", ignoring the format's zero section.
		if want := []string{"89.73", "良", "-5.00", "99.19%", "0"}; !slices.Equal(got, want) {
			t.Errorf("prior columns = %q, want %q", got, want)
		}
	}
	if !found {
		t.Fatal("no row for 深圳市罗湖区某某局")
	}
	if s.Prior == nil || s.Prior.Matched != 1 || len(s.Prior.New) != 2 || len(s.Prior.Gone) != 0 {
		t.Errorf("prior summary = %+v, want 1 matched, 2 new, none gone", s.Prior)
	}
}

func TestSummaryIndicatorScores(t *testing.T) {
	f := open(t, writeSum(t, batch(t), Options{}))
	rows, err := f.GetRows(SheetIndicatorScores, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	rubric := seedEvaluation(t).Rubric
	var names []string
	for _, l1 := range rubric.Levels {
		for _, l2 := range l1.Groups {
			for _, ind := range l2.Indicators {
				names = append(names, ind.Name)
			}
		}
	}
	wantHeader := append(append([]string{textDept}, names...), textTotal)
	if !slices.Equal(rows[0], wantHeader) {
		t.Errorf("header = %q, want %q", rows[0], wantHeader)
	}
	if len(rows) != 5 {
		t.Fatalf("%d rows, want the header, 3 departments and 平均", len(rows))
	}
	if rows[1][0] != "深圳市罗湖区智慧城市建设中心" {
		t.Fatalf("first department = %q, want the seed", rows[1][0])
	}
	want := fixture.SeedExpected()
	names2ids := map[string]string{}
	for id, n := range indicatorNames(rubric) {
		names2ids[n] = id
	}
	for c, n := range names {
		got, err := decimal.NewFromString(rows[1][c+1])
		if err != nil || !got.Round(7).Equal(want.Scores[names2ids[n]]) {
			t.Errorf("%s = %q, want %s", n, rows[1][c+1], want.Scores[names2ids[n]])
		}
	}
}

func TestSummaryChart(t *testing.T) {
	data := writeSum(t, batch(t), Options{})
	chart := zipFile(t, data, "xl/charts/chart1.xml")
	for _, want := range []string{`<barDir val="bar">`, "&#39;汇总&#39;!$B$3:$B$5", "&#39;汇总&#39;!$J$3:$J$5"} {
		if !strings.Contains(chart, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
}

func TestSummaryEdgeCases(t *testing.T) {
	tests := []struct {
		name    string
		entries []entry
		sheets  []string
	}{
		{"empty", nil, []string{SheetSummary, SheetIndicatorScores, SheetFindings}},
		{"all_failed", []entry{{Source: "a.xlsx", Err: errors.New("坏")}, {Source: "b.xlsx"}},
			[]string{SheetSummary, SheetIndicatorScores, SheetFindings}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := open(t, writeSum(t, tt.entries, Options{}))
			if got := f.GetSheetList(); !slices.Equal(got, tt.sheets) {
				t.Errorf("sheets = %v, want %v", got, tt.sheets)
			}
		})
	}
	t.Run("rubric_option", func(t *testing.T) {
		r := seedEvaluation(t).Rubric
		f := open(t, writeSum(t, []entry{{Source: "a.xlsx", Err: errors.New("坏")}}, Options{}))
		rows, _ := f.GetRows(SheetSummary)
		if column(rows[smHeaderRow-1], r.Levels[0].Name) == 0 {
			t.Errorf("header %v lacks %s from the rubric", rows[smHeaderRow-1], r.Levels[0].Name)
		}
	})
	t.Run("no_rubric", func(t *testing.T) {
		// Without a rubric the columns are the first department's.
		s := calc.Summarize([]calc.Digest{digest(t, seedEvaluation(t), "a.xlsx")}, nil, calc.SummaryOptions{})
		f := open(t, writeSummary(t, s, Options{}))
		rows, _ := f.GetRows(SheetSummary)
		if column(rows[0], "部门绩效") == 0 {
			t.Errorf("header %v lacks 部门绩效", rows[0])
		}
	})
}

func TestSummaryTextNeverFormula(t *testing.T) {
	e := seedEvaluation(t)
	e.Department.Info.Name = hostile[0]
	entries := []entry{{Source: "x.xlsx", Eval: e}, {Source: "=cmd.xlsx", Err: errors.New(hostile[2])}}
	f := open(t, writeSum(t, entries, Options{}))
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for r, row := range rows {
			for c := range row {
				if formula, _ := f.GetCellFormula(sheet, cell(c+1, r+1)); formula != "" {
					t.Errorf("%s!%s has formula %q", sheet, cell(c+1, r+1), formula)
				}
			}
		}
	}
	if got, _ := f.GetCellValue(SheetSummary, cell(2, smFirstRow+1)); got != hostile[0] {
		t.Errorf("department cell = %q, want %q as text", got, hostile[0])
	}
}

func TestSummaryDeterministic(t *testing.T) {
	date := time.Date(2021, 3, 31, 0, 0, 0, 0, time.UTC)
	a := writeSum(t, batch(t), Options{Date: date})
	b := writeSum(t, batch(t), Options{Date: date})
	if !bytes.Equal(a, b) {
		t.Fatalf("two writes of the same batch differ")
	}
	// The order of the entries does not matter either.
	entries := batch(t)
	slices.Reverse(entries)
	if c := writeSum(t, entries, Options{Date: date}); !bytes.Equal(a, c) {
		t.Errorf("the same batch in another order gave other bytes")
	}
	zipTimes(t, a)
}

func TestSummaryGolden(t *testing.T) {
	golden(t, "summary.golden", dump(t, writeSum(t, batch(t), Options{})))
}

func TestSummaryTies(t *testing.T) {
	a := variant(t, "乙单位", nil)
	b := variant(t, "甲单位", nil)
	f := open(t, writeSum(t, []entry{{Source: "1.xlsx", Eval: a}, {Source: "2.xlsx", Eval: b}}, Options{}))
	first, _ := f.GetCellValue(SheetSummary, cell(2, smFirstRow))
	second, _ := f.GetCellValue(SheetSummary, cell(2, smFirstRow+1))
	if first != "乙单位" || second != "甲单位" { // equal totals: by name (code point order)
		t.Errorf("order = %s, %s; want 乙单位, 甲单位", first, second)
	}
	// Equal printed totals share a rank.
	r1, _ := f.GetCellValue(SheetSummary, cell(1, smFirstRow))
	r2, _ := f.GetCellValue(SheetSummary, cell(1, smFirstRow+1))
	if r1 != "1" || r2 != "1" {
		t.Errorf("ranks = %s, %s; want 1, 1", r1, r2)
	}
}
