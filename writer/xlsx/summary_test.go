package xlsx

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"selfeval/fixture"
)

// writeSum writes a summary and returns the bytes.
func writeSum(t *testing.T, entries []Entry, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteSummary(&buf, entries, opt); err != nil {
		t.Fatalf("WriteSummary: %v", err)
	}
	return buf.Bytes()
}

// column returns the 1-based column of the header title in row, or 0.
func column(header []string, title string) int {
	return slices.Index(header, title) + 1
}

func TestSummaryRows(t *testing.T) {
	f := open(t, writeSum(t, batch(t), Options{}))
	if got, want := f.GetSheetList(), []string{SheetSummary, SheetChart, SheetIndicatorScores}; !slices.Equal(got, want) {
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
	for _, title := range []string{textDept, textYear, textAdjusted, textActual, textExecRate, textTotal, textGrade, textWarnings, textStatus, textError} {
		if column(header, title) == 0 {
			t.Errorf("no column %s in %v", title, header)
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
	want := []struct{ dept, total, grade, status string }{
		{"深圳市罗湖区智慧城市建设中心", "90.73", "优", textSuccess},
		{"深圳市罗湖区某某局", "84.73", "良", textSuccess},
		{"深圳市罗湖区测试中心", "58.73", "差", textSuccess},
		{"坏文件.xlsx", "", "", textFailed},
	}
	if len(rows) != smFirstRow-1+len(want) {
		t.Fatalf("%d rows, want %d", len(rows), smFirstRow-1+len(want))
	}
	for i, w := range want {
		row := smFirstRow + i
		got := []string{get(row, textDept), get(row, textTotal), get(row, textGrade), get(row, textStatus)}
		if !slices.Equal(got, []string{w.dept, w.total, w.grade, w.status}) {
			t.Errorf("row %d = %q, want %v", row, got, w)
		}
	}
	if got := get(smFirstRow+3, textError); !strings.Contains(got, `表1-4!C9 实际支出数："abc" 不是数字`) {
		t.Errorf("failed input's error = %q", got)
	}
	if got := get(smFirstRow, textExecRate); got != "99.19%" {
		t.Errorf("预算执行率 shows %q, want 99.19%%", got)
	}
	if got := get(smFirstRow, textAdjusted); got != "16,075.09" {
		t.Errorf("调整预算数 shows %q, want 16,075.09", got)
	}

	// Grade colouring: 优 green, 良 blue, 差 red.
	gradeCol := column(header, textGrade)
	for i, color := range []string{colorGradeA, colorGradeB, colorGradeD} {
		ref := cell(gradeCol, smFirstRow+i)
		id, _ := f.GetCellStyle(SheetSummary, ref)
		st, _ := f.GetStyle(id)
		if len(st.Fill.Color) == 0 || !strings.EqualFold(st.Fill.Color[0], color) {
			t.Errorf("%s fill = %v, want %s", ref, st.Fill.Color, color)
		}
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
	if len(rows) != 4 {
		t.Fatalf("%d rows, want the header and 3 departments", len(rows))
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
	for _, want := range []string{`<barDir val="bar">`, "&#39;汇总&#39;!$A$3:$A$5", "&#39;汇总&#39;!$I$3:$I$5"} {
		if !strings.Contains(chart, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
}

func TestSummaryEdgeCases(t *testing.T) {
	tests := []struct {
		name    string
		entries []Entry
		sheets  []string
	}{
		{"empty", nil, []string{SheetSummary, SheetIndicatorScores}},
		{"all_failed", []Entry{{Source: "a.xlsx", Err: errors.New("坏")}, {Source: "b.xlsx"}},
			[]string{SheetSummary, SheetIndicatorScores}},
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
		f := open(t, writeSum(t, []Entry{{Source: "a.xlsx", Err: errors.New("坏")}}, Options{Rubric: r}))
		rows, _ := f.GetRows(SheetSummary)
		if column(rows[smHeaderRow-1], r.Levels[0].Name) == 0 {
			t.Errorf("header %v lacks %s from Options.Rubric", rows[smHeaderRow-1], r.Levels[0].Name)
		}
	})
}

func TestSummaryTextNeverFormula(t *testing.T) {
	e := seedEvaluation(t)
	e.Department.Info.Name = hostile[0]
	entries := []Entry{{Source: "x.xlsx", Eval: e}, {Source: "=cmd.xlsx", Err: errors.New(hostile[2])}}
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
	if got, _ := f.GetCellValue(SheetSummary, cell(1, smFirstRow)); got != hostile[0] {
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
	f := open(t, writeSum(t, []Entry{{Source: "1.xlsx", Eval: a}, {Source: "2.xlsx", Eval: b}}, Options{}))
	first, _ := f.GetCellValue(SheetSummary, cell(1, smFirstRow))
	second, _ := f.GetCellValue(SheetSummary, cell(1, smFirstRow+1))
	if first != "乙单位" || second != "甲单位" { // equal totals: by name (code point order)
		t.Errorf("order = %s, %s; want 乙单位, 甲单位", first, second)
	}
}
