package reader

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"selfeval/internal/cputime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"selfeval/calc"
	"selfeval/fixture"
	"selfeval/reader/inspect"
)

// sameDepartment compares everything the reader fills in against want: every table value,
// info figure, manual score and narrative text. labels also compares labels as written.
func sameDepartment(t *testing.T, got, want *calc.Department, labels bool) {
	t.Helper()
	gi, wi := got.Info, want.Info
	if gi.Name != wi.Name || gi.Year != wi.Year || gi.Head != wi.Head || gi.Preparer != wi.Preparer || gi.Phone != wi.Phone {
		t.Errorf("info = %q %d %q %q %q, want %q %d %q %q %q",
			gi.Name, gi.Year, gi.Head, gi.Preparer, gi.Phone, wi.Name, wi.Year, wi.Head, wi.Preparer, wi.Phone)
	}
	for _, item := range calc.InfoItems {
		wf, ok := wi.Figure(item)
		if !ok {
			continue
		}
		gf, _ := got.Info.Figure(item)
		if gf.Present != wf.Present || !gf.Amount.Equal(wf.Amount) {
			t.Errorf("基本信息 %s = %v %s, want %v %s", item, gf.Present, gf.Amount, wf.Present, wf.Amount)
		}
	}
	gt, wt := got.Tables(), want.Tables()
	for i := range wt {
		g, w := gt[i], wt[i]
		if g.ID != w.ID {
			t.Errorf("table %d ID = %q, want %q", i, g.ID, w.ID)
		}
		if len(g.Rows) != len(w.Rows) {
			keys := func(t *calc.Table) (k []string) {
				for _, r := range t.Rows {
					k = append(k, r.Key)
				}
				return k
			}
			t.Errorf("表%s rows = %q, want %q", w.ID, keys(g), keys(w))
			continue
		}
		for j, wr := range w.Rows {
			gr := g.Rows[j]
			if gr.Key != wr.Key || gr.Numbering != wr.Numbering || gr.Memo != wr.Memo || (labels && gr.Label != wr.Label) {
				t.Errorf("表%s row %d = %q %q %q %v, want %q %q %q %v",
					w.ID, j, gr.Label, gr.Key, gr.Numbering, gr.Memo, wr.Label, wr.Key, wr.Numbering, wr.Memo)
			}
			for _, col := range calc.Spec(w.ID).Columns {
				gv, wv := gr.Value(col), wr.Value(col)
				if gv.Present != wv.Present || !gv.Amount.Equal(wv.Amount) {
					t.Errorf("表%s %s %s = %v %s (%s), want %v %s", w.ID, wr.Key, col, gv.Present, gv.Amount, gv.Cell, wv.Present, wv.Amount)
				}
			}
		}
	}
	if len(got.ManualScores) != len(want.ManualScores) {
		t.Errorf("manual scores = %d, want %d", len(got.ManualScores), len(want.ManualScores))
	} else {
		for i, w := range want.ManualScores {
			g := got.ManualScores[i]
			if g.Name != w.Name || g.Key != w.Key || g.Score.Present != w.Score.Present || !g.Score.Amount.Equal(w.Score.Amount) || g.Note != w.Note {
				t.Errorf("manual %d = %q %q %s %q, want %q %q %s %q", i, g.Name, g.Key, g.Score.Amount, g.Note, w.Name, w.Key, w.Score.Amount, w.Note)
			}
		}
	}
	if len(got.Narrative) != len(want.Narrative) {
		t.Errorf("narrative sections = %d, want %d", len(got.Narrative), len(want.Narrative))
	} else {
		for i, w := range want.Narrative {
			if g := got.Narrative[i]; g.Key != w.Key || g.Text != w.Text {
				t.Errorf("narrative %d = %q %q, want %q %q", i, g.Key, clip(g.Text, 60), w.Key, clip(w.Text, 60))
			}
		}
	}
}

func TestReadVariants(t *testing.T) {
	tests := []struct {
		name string
		v    variant
	}{
		{"seed", variant{}},
		{"shared_sheet", variant{shared: true}},
		{"yuan", variant{yuan: true}},
		{"text_thousands", variant{text: "thousands"}},
		{"text_fullwidth", variant{text: "fullwidth"}},
		{"sloppy_labels", variant{sloppy: true}},
		{"formulas", variant{formulas: true}},
		{"formulas_uncached", variant{formulas: true, uncached: true}},
		{"formulas_uncached_shared_yuan", variant{formulas: true, uncached: true, shared: true, yuan: true, merged: true}},
		{"merged", variant{merged: true}},
		{"no_unit_line", variant{noUnit: true}},
		{"yuan_text_shared", variant{yuan: true, text: "thousands", shared: true}},
		{"everything", variant{shared: true, yuan: true, sloppy: true, formulas: true, merged: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := fixture.Seed()
			d, err := build(t, want, tt.v).read(Options{})
			if err != nil {
				t.Fatalf("Read() error: %v", err)
			}
			plain := !tt.v.sloppy
			sameDepartment(t, d, want, plain)
			for _, c := range d.Checks {
				t.Logf("check %s %s: %s", c.Level, c.Code, c.Message)
			}
			noted := slices.ContainsFunc(d.Checks, func(c calc.Check) bool { return c.Code == "unit_assumed" })
			if noted != tt.v.noUnit && !tt.v.sloppy {
				t.Errorf("unit_assumed note = %v, want %v", noted, tt.v.noUnit)
			}
		})
	}
}

func TestReadSeedCells(t *testing.T) {
	b := build(t, fixture.Seed(), variant{})
	d, err := b.read(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Execution.Source.String() != "表1-4!A1" || d.Execution.Unit != "万元" {
		t.Errorf("表1-4 source, unit = %s %s, want 表1-4!A1 万元", d.Execution.Source, d.Execution.Unit)
	}
	total, _ := d.Execution.Row(calc.RowTotal)
	if got, want := total.Value(calc.ColActual).Cell, b.at("1-4/总计/实际支出数"); got != want {
		t.Errorf("表1-4 总计 实际 cell = %s, want %s", got, want)
	}
	if got, want := total.Cell, b.at("row/1-4/总计"); got != want {
		t.Errorf("表1-4 总计 label cell = %s, want %s", got, want)
	}
	if got := d.Info.Cells[calc.InfoName].String(); got != "基本信息!B2" {
		t.Errorf("部门名称 cell = %s, want 基本信息!B2", got)
	}
	if got := d.Info.Satisfaction.Cell.String(); got != "基本信息!B13" {
		t.Errorf("满意度 cell = %s, want 基本信息!B13", got)
	}
	if got := d.Narrative[0].Cell.String(); got != "文字说明!B2" {
		t.Errorf("narrative[0] cell = %s, want 文字说明!B2", got)
	}
	// 表1-5 合计 数量 is "——": read as 0 with a note naming the cell.
	sum, _ := d.Assets.Row(calc.RowSum)
	if v := sum.Value(calc.ColCount); v.Present {
		t.Errorf("表1-5 合计 数量 present, want a dash read as not present")
	}
	i := slices.IndexFunc(d.Checks, func(c calc.Check) bool {
		return c.Code == "blank_as_zero" && strings.HasPrefix(c.Message, "表1-5")
	})
	if i < 0 || !slices.Contains(d.Checks[i].Cells, b.at("1-5/合计/数量")) {
		t.Errorf("no blank_as_zero note for 表1-5 naming %s: %+v", b.at("1-5/合计/数量"), d.Checks)
	}
	for _, c := range d.Checks {
		if c.Level == calc.SeverityWarning {
			t.Errorf("unexpected warning %s: %s", c.Code, c.Message)
		}
	}
}

func TestReadFileSetsSource(t *testing.T) {
	data := build(t, fixture.Seed(), variant{}).bytes()
	path := filepath.Join(t.TempDir(), "seed.xlsx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := ReadFile(path, Options{})
	if err != nil {
		t.Fatalf("ReadFile: %v", err)
	}
	if d.Source != path {
		t.Errorf("Source = %q, want %q", d.Source, path)
	}
	sameDepartment(t, d, fixture.Seed(), true)
}

// cellErrors returns the *CellError values in a (joined) error.
func cellErrors(err error) []*CellError {
	var out []*CellError
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var ce *CellError
		if errors.As(err, &ce) {
			out = append(out, ce)
		}
	}
	walk(err)
	return out
}

func TestReadTwoBadAmounts(t *testing.T) {
	b := build(t, fixture.Seed(), variant{})
	b.setAt("1-4/总计/实际支出数", "abc")
	b.setAt("1-1/总计/年初预算数", "1,23,4")
	_, err := b.read(Options{})
	if err == nil {
		t.Fatal("Read() = nil error, want two cell errors")
	}
	ces := cellErrors(err)
	if len(ces) != 2 {
		t.Fatalf("cell errors = %d (%v), want 2", len(ces), err)
	}
	p14, p11 := b.at("1-4/总计/实际支出数"), b.at("1-1/总计/年初预算数")
	wants := []struct {
		msg   string
		cause error
	}{
		{p11.String() + ` 年初预算数："1,23,4" ` + ErrAmbiguous.Error(), ErrAmbiguous},
		{p14.String() + ` 实际支出数："abc" 不是数字`, ErrNotNumber},
	}
	for i, w := range wants {
		if got := ces[i].Error(); got != w.msg {
			t.Errorf("error %d = %q, want %q", i, got, w.msg)
		}
		if !errors.Is(ces[i], w.cause) {
			t.Errorf("error %d is not %v", i, w.cause)
		}
	}
	if !errors.Is(err, ErrNotNumber) || !errors.Is(err, ErrAmbiguous) {
		t.Errorf("joined error does not wrap both causes: %v", err)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(b *built)
		cause error
		msg   string // the whole message of the error with that cause, if not ""
	}{
		{"formula_not_computable", func(b *built) {
			b.cachedFormula("1-4/总计/实际支出数", "VLOOKUP(1,C4:C6,1)", "", "")
		}, ErrFormula, "表1-4!C7 实际支出数：\"=VLOOKUP(1,C4:C6,1)\" 公式没有保存计算结果，且无法计算：不支持函数 VLOOKUP，请在 Excel 中打开、重新计算并保存后再提交"},
		{"formula_circular", func(b *built) {
			b.cachedFormula("1-4/总计/实际支出数", "C7+1", "", "")
		}, ErrFormula, "表1-4!C7 实际支出数：\"=C7+1\" 公式没有保存计算结果，且无法计算：循环引用（表1-4!C7），请在 Excel 中打开、重新计算并保存后再提交"},
		{"formula_other_sheet_missing", func(b *built) {
			b.cachedFormula("1-4/总计/实际支出数", "'不存在'!A1*2", "", "")
		}, ErrFormula, ""},
		{"cached_div0", func(b *built) {
			b.cachedFormula("1-4/总计/实际支出数", "C4/0", "e", "#DIV/0!")
		}, ErrErrorValue, `表1-4!C7 实际支出数："#DIV/0!" 是错误值，请在 Excel 中修正公式`},
		{"error_text", func(b *built) { b.setAt("1-3/总计/调整预算数", "#REF!") }, ErrErrorValue, ""},
		{"boolean", func(b *built) {
			b.cachedFormula("1-2/总计/年初预算数", "TRUE()", "b", "1")
		}, ErrBoolean, ""},
		{"negative", func(b *built) { b.setAt("1-4/人员经费/实际支出数", "(1,234.50)") }, ErrNegative, ""},
		{"negative_minus_sign", func(b *built) { b.setAt("1-4/人员经费/实际支出数", "−1234") }, ErrNegative, ""},
		{"unit_mismatch", func(b *built) { b.setAt("1-4/人员经费/实际支出数", "703.06元") }, ErrUnitMismatch, ""},
		{"missing_quarter", func(b *built) { b.setAt("1-4/总计/二季度累计支出", "—") }, ErrMissing,
			"表1-4!E7 总计 二季度累计支出：缺少数值"},
		{"missing_total_row", func(b *built) { b.setAt("row/1-4/总计", "合计数") }, ErrMissingRow, "表1-4 缺少“总计”行"},
		{"missing_table", func(b *built) {
			b.must(b.f.DeleteSheet("表1-4"))
		}, ErrTableNotFound, "未找到表1-4（部门整体支出预算执行情况）"},
		{"missing_column", func(b *built) { b.must(b.f.SetCellValue("表1-4", "C3", "实际")) }, ErrMissingColumn,
			"表1-4 缺少“实际支出数”列"},
		{"missing_info_sheet", func(b *built) { b.must(b.f.DeleteSheet(calc.SheetInfo)) }, ErrSheetNotFound, "未找到工作表“基本信息”"},
		{"missing_name", func(b *built) { b.setAt("info/部门名称", "") }, ErrMissing, "基本信息!B2 部门名称：缺少数值"},
		{"bad_year", func(b *built) { b.setAt("info/年度", "2020.5") }, ErrNotWhole, ""},
		{"bad_count", func(b *built) { b.setAt("info/实际在编人数", "18.5") }, ErrNotWhole, ""},
		{"satisfaction_over_100", func(b *built) { b.setAt("info/满意度", "120%") }, ErrOutOfRange, ""},
		{"bad_score", func(b *built) { b.setAt("manual/预算编制合理性", "五分") }, ErrNotNumber,
			`评分录入!B2 预算编制合理性："五分" 不是数字`},
		{"duplicate_total", func(b *built) { b.setAt("row/1-4/项目支出", "总计") }, ErrDuplicate, ""},
		{"table_too_long", func(b *built) {
			for r := 14; r <= 30; r++ { // 表1-1 goes on past the 20 rows read
				b.must(b.f.SetSheetRow("表1-1", "A"+strconv.Itoa(r), &[]any{"其他收入明细", 1, 1}))
			}
		}, ErrTooLarge, "表1-1 表格过大：超过 20 行的部分未读取"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := build(t, fixture.Seed(), variant{})
			tt.edit(b)
			_, err := b.read(Options{MaxRows: 20})
			if !errors.Is(err, tt.cause) {
				t.Fatalf("Read() error = %v, want %v", err, tt.cause)
			}
			if tt.msg == "" {
				return
			}
			var msgs []string
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				if errors.Is(e, tt.cause) {
					msgs = append(msgs, e.Error())
				}
			}
			if len(msgs) != 1 || msgs[0] != tt.msg {
				t.Errorf("error = %q, want %q", msgs, tt.msg)
			}
		})
	}
}

// TestGatekeeperRejects: damage that would make excelize misplace or drop values is
// refused by the gatekeeper (reader/inspect) before excelize parses the sheet.
func TestGatekeeperRejects(t *testing.T) {
	row := regexp.MustCompile(`(<row [^>]*>)(.*?)</row>`)
	cell := regexp.MustCompile(`<c .*?</c>`)
	tests := []struct {
		name string
		edit func(b *built)
		code inspect.Code
	}{
		{"bad_shared_string_index", func(b *built) {
			bad := regexp.MustCompile(`<c r="A5" t="s"><v>[0-9]+</v>`)
			b.rw = append(b.rw, func(xml string) string { return bad.ReplaceAllString(xml, `<c r="A5" t="s"><v>-1</v>`) })
		}, inspect.CodeSharedStringIndex},
		{"duplicate_cell_reference", func(b *built) {
			c7 := regexp.MustCompile(`<c r="C7"[^>]*>.*?</c>`)
			b.rw = append(b.rw, func(xml string) string { return c7.ReplaceAllString(xml, `$0$0`) })
		}, inspect.CodeCellOrder},
		{"out_of_order_cells", func(b *built) {
			// Every row written with its cells in reverse order (G7, F7 … A7).
			b.rw = append(b.rw, func(xml string) string {
				return row.ReplaceAllStringFunc(xml, func(r string) string {
					m := row.FindStringSubmatch(r)
					cells := cell.FindAllString(m[2], -1)
					slices.Reverse(cells)
					return m[1] + strings.Join(cells, "") + "</row>"
				})
			})
		}, inspect.CodeCellOrder},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := build(t, fixture.Seed(), variant{})
			tt.edit(b)
			_, err := b.read(Options{})
			var ie *inspect.Error
			if !errors.As(err, &ie) || ie.Code != tt.code {
				t.Fatalf("Read() error = %v, want inspect code %s", err, tt.code)
			}
		})
	}
}

func TestMergedValueCountedOnce(t *testing.T) {
	d := fixture.Seed()
	b := build(t, d, variant{})
	// 表1-2: 年初预算数 of 社会保障和就业支出 merged down over 卫生健康支出.
	top, below := b.at("1-2/社会保障和就业支出/年初预算数"), b.at("1-2/卫生健康支出/年初预算数")
	b.must(b.f.MergeCell("表1-2", top.Cell, below.Cell))
	b.setAt("1-2/社会保障和就业支出/年初预算数", 82.81) // what the two held together
	// A label merged over two rows applies to both.
	l1, l2 := b.at("row/1-2/城乡社区支出"), b.at("row/1-2/住房保障支出")
	b.must(b.f.MergeCell("表1-2", l1.Cell, l2.Cell))

	got, err := b.read(Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows := got.ByFunction.Rows
	var sum []string
	for _, r := range rows {
		sum = append(sum, r.Key+"="+r.Value(calc.ColInitial).Amount.String())
	}
	want := []string{"科学技术支出=16321.32", "社会保障和就业支出=82.81", "卫生健康支出=0", "城乡社区支出=0", "城乡社区支出=131.27",
		"灾害防治及应急管理支出=0", "抗疫特别国债安排的支出=0", "总计=16535.4"}
	if !slices.Equal(sum, want) {
		t.Errorf("表1-2 年初 = %v, want %v", sum, want)
	}
	if r := rows[2]; r.Value(calc.ColInitial).Present {
		t.Errorf("covered cell %s read as present", r.Value(calc.ColInitial).Cell)
	}
	if !slices.ContainsFunc(got.Checks, func(c calc.Check) bool { return c.Code == "merged_value" && slices.Contains(c.Cells, top) }) {
		t.Errorf("no merged_value note naming %s: %+v", top, got.Checks)
	}
}

func TestSharedSheetFoundByTitle(t *testing.T) {
	b := build(t, fixture.Seed(), variant{shared: true})
	// An instructions sheet that mentions the tables must not be taken for them.
	_, err := b.f.NewSheet("填报说明")
	b.must(err)
	b.must(b.f.SetCellValue("填报说明", "A1", "表1-4 部门整体支出预算执行情况"))
	b.must(b.f.SetCellValue("填报说明", "A2", "请在表1-4中填写调整预算数、实际支出数和各季度累计支出。"))
	b.must(b.f.SetSheetRow("填报说明", "A3", &[]any{"调整预算数", "填写调整后的预算"}))
	b.must(b.f.SetSheetRow("填报说明", "A4", &[]any{"实际支出数", "填写全年实际支出"}))
	d, err := b.read(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tab := range d.Tables() {
		if tab.Source.Sheet != "预算表" || tab.Source.Cell != b.at("title/"+tab.ID).Cell {
			t.Errorf("表%s source = %s, want %s", tab.ID, tab.Source, b.at("title/"+tab.ID))
		}
	}
	sameDepartment(t, d, fixture.Seed(), true)
}

func TestHiddenWarnings(t *testing.T) {
	b := build(t, fixture.Seed(), variant{})
	b.must(b.f.SetSheetVisible("表1-2", false))
	b.must(b.f.SetRowVisible("表1-4", 4, false)) // 人员经费
	d, err := b.read(Options{})
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]calc.Check{}
	for _, c := range d.Checks {
		codes[c.Code] = c
	}
	if c, ok := codes["hidden_sheet"]; !ok || c.Cells[0].Sheet != "表1-2" {
		t.Errorf("hidden_sheet check = %+v", c)
	}
	if c, ok := codes["hidden_cells"]; !ok || !slices.Contains(c.Cells, b.at("1-4/人员经费/实际支出数")) {
		t.Errorf("hidden_cells check = %+v", c)
	}
}

func TestFormulaCachedValuesRead(t *testing.T) {
	b := build(t, fixture.Seed(), variant{})
	// A SUM whose cached double carries binary noise reads as Excel shows it.
	b.cachedFormula("1-3/基本支出/年初预算数", "C5+C6", "", "755.73000000000002")
	d, err := b.read(Options{})
	if err != nil {
		t.Fatal(err)
	}
	row, _ := d.ByUse.Row(calc.RowBasic)
	if got := row.Value(calc.ColInitial).Amount.String(); got != "755.73" {
		t.Errorf("cached 755.73000000000002 read as %s, want 755.73", got)
	}
}

func TestNarrativeSections(t *testing.T) {
	d := fixture.Seed()
	b := build(t, d, variant{})
	r := len(d.Narrative) + 1
	// An unknown section is kept with a warning; a row without 章节 continues the one above.
	b.must(b.f.SetCellValue(calc.SheetNarrative, ref(r, 0), "其他说明"))
	b.must(b.f.SetCellValue(calc.SheetNarrative, ref(r, 1), "第一段\r\n\r\n  第二段  "))
	b.must(b.f.SetCellValue(calc.SheetNarrative, ref(r+1, 1), "第三段"))
	got, err := b.read(Options{})
	if err != nil {
		t.Fatal(err)
	}
	last := got.Narrative[len(got.Narrative)-1]
	if last.Key != "其他说明" || last.Text != "第一段\n第二段\n第三段" {
		t.Errorf("last section = %q %q, want 其他说明 \"第一段\\n第二段\\n第三段\"", last.Key, last.Text)
	}
	if !slices.ContainsFunc(got.Checks, func(c calc.Check) bool { return c.Code == "unknown_section" }) {
		t.Errorf("no unknown_section warning")
	}
}

func TestInfoWithoutHeader(t *testing.T) {
	b := build(t, fixture.Seed(), variant{})
	b.must(b.f.SetCellValue(calc.SheetInfo, "A1", "部门基本信息"))
	b.must(b.f.SetCellValue(calc.SheetInfo, "B1", nil))
	d, err := b.read(Options{})
	if err != nil {
		t.Fatal(err)
	}
	sameDepartment(t, d, fixture.Seed(), true)
}

func TestReadNotAWorkbook(t *testing.T) {
	ole := append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 512)...)
	for _, data := range [][]byte{nil, []byte("项目,内容\n部门名称,x\n"), []byte("PK\x03\x04garbage"), ole} {
		if _, err := Read(strings.NewReader(string(data)), int64(len(data)), Options{}); err == nil {
			t.Errorf("Read(%q) = nil error", data)
		}
	}
}

// TestReadConcurrent reads one workbook from several goroutines: Read keeps no shared state.
func TestReadConcurrent(t *testing.T) {
	data := build(t, fixture.Seed(), variant{shared: true}).bytes()
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			_, err := Read(bytes.NewReader(data), int64(len(data)), Options{})
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func BenchmarkReadFile(b *testing.B) {
	data := build(b, fixture.Seed(), variant{}).bytes()
	path := filepath.Join(b.TempDir(), "seed.xlsx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu := cputime.Process()
	for b.Loop() {
		if _, err := ReadFile(path, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	if cpu := cputime.Process() - cpu; cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// TestCheckMessagesNameCellsOnce: a reading check lists its cells in Cells, which every
// output shows beside the message; the message does not list them a second time (issue 13
// item 12: 表1-5 有 … 按 0 计 printed its cell list twice).
func TestCheckMessagesNameCellsOnce(t *testing.T) {
	d, err := ReadFile("../testdata/samples/seed-2020.xlsx", Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range d.Checks {
		for _, cell := range c.Cells {
			if cell.Cell != "" && strings.Contains(c.Message, cell.String()) {
				t.Errorf("check %s repeats its cell %s in its message: %s", c.Code, cell, c.Message)
			}
		}
		if c.Code == calc.CodeBlankAsZero {
			found = true
			if want := fmt.Sprintf("表1-5 有 %d 个空白或“—”单元格按 0 计", len(c.Cells)); c.Message != want {
				t.Errorf("blank_as_zero message = %q, want %q", c.Message, want)
			}
		}
	}
	if !found {
		t.Errorf("the seed sample's 表1-5 dashes gave no blank_as_zero note")
	}
}
