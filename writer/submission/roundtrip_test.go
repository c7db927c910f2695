package submission

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"selfeval/calc"
	"selfeval/fixture"
	"selfeval/reader"
)

// read reads a workbook back with selfeval's reader.
func read(t *testing.T, data []byte) *calc.Department {
	t.Helper()
	d, err := reader.Read(bytes.NewReader(data), int64(len(data)), reader.Options{})
	if err != nil {
		t.Fatalf("reader.Read() error = %v", err)
	}
	return d
}

// sameFigures reports every figure of want that got does not have: each table row with a
// figure, 基本信息, the manual scores and the narrative.
func sameFigures(t *testing.T, got, want *calc.Department) {
	t.Helper()
	if got.Info.Name != want.Info.Name || got.Info.Year != want.Info.Year || got.Info.Head != want.Info.Head ||
		got.Info.Preparer != want.Info.Preparer || got.Info.Phone != want.Info.Phone {
		t.Errorf("基本信息 = %q %d %q %q %q, want %q %d %q %q %q",
			got.Info.Name, got.Info.Year, got.Info.Head, got.Info.Preparer, got.Info.Phone,
			want.Info.Name, want.Info.Year, want.Info.Head, want.Info.Preparer, want.Info.Phone)
	}
	for _, item := range calc.InfoItems {
		w, ok := want.Info.Figure(item)
		if !ok {
			continue
		}
		g, _ := got.Info.Figure(item)
		if w.Present && (!g.Present || !g.Amount.Equal(w.Amount)) {
			t.Errorf("基本信息 %s = %s (present %v), want %s", item, g.Amount, g.Present, w.Amount)
		}
	}
	gt, wt := got.Tables(), want.Tables()
	for i := range wt {
		for _, wr := range wt[i].Rows {
			var gr *calc.Row
			for j := range gt[i].Rows {
				r := &gt[i].Rows[j]
				if r.Key == wr.Key && (wr.Key != "" || r.Label == wr.Label) {
					gr = r
					break
				}
			}
			if gr == nil {
				if hasFigures(&wr) {
					t.Errorf("表%s: row %q not read back", wt[i].ID, wr.Label)
				}
				continue
			}
			for col, wv := range wr.Values {
				gv := gr.Values[col]
				switch {
				case wv.Present && (!gv.Present || !gv.Amount.Equal(wv.Amount)):
					t.Errorf("表%s %s %s = %s (present %v), want %s", wt[i].ID, wr.Label, col, gv.Amount, gv.Present, wv.Amount)
				case !wv.Present && gv.Present && !gv.Amount.IsZero():
					t.Errorf("表%s %s %s = %s, want empty", wt[i].ID, wr.Label, col, gv.Amount)
				}
			}
		}
	}
	for _, wm := range want.ManualScores {
		gm, ok := got.Manual(wm.Key)
		if wm.Score.Present && (!ok || !gm.Score.Amount.Equal(wm.Score.Amount)) {
			t.Errorf("评分录入 %s = %v, want %s", wm.Name, gm.Score.Amount, wm.Score.Amount)
		}
	}
	for _, ws := range want.Narrative {
		if g, _ := got.Section(ws.Key); g != ws.Text {
			t.Errorf("文字说明 %s = %.40q…, want %.40q…", ws.Key, g, ws.Text)
		}
	}
}

// warnings lists the checks of level warning or error.
func warnings(checks []calc.Check) []string {
	var out []string
	for _, c := range checks {
		if c.Level != calc.SeverityNote {
			out = append(out, string(c.Level)+" "+c.Code+": "+c.Message)
		}
	}
	return out
}

// TestReadSamples reads every shipped sample back: no error, the figures it was made from,
// no warnings, and the seed scores 90.73 (优) in every layout.
func TestReadSamples(t *testing.T) {
	r := rubric(t)
	for _, s := range samples(t) {
		if strings.HasPrefix(filepath.Base(s.path), "template-") {
			continue // blank: nothing to evaluate (TestRoundTrip fills it)
		}
		t.Run(strings.TrimSuffix(filepath.Base(s.path), ".xlsx"), func(t *testing.T) {
			want := s.dept(t)
			got := read(t, write(t, want, s.opt))
			sameFigures(t, got, want)
			if w := warnings(append(got.Checks, calc.Consistency(got)...)); len(w) > 0 && want.Info.Name != "" {
				t.Errorf("warnings:\n%s", strings.Join(w, "\n"))
			}
			if want.Info.Name == fixture.Seed().Info.Name {
				ev := calc.Evaluate(got, r)
				if ev.Total.Round(7).String() != "90.7341568" || ev.Grade != "优" {
					t.Errorf("seed total = %s %s, want 90.7341568 优", ev.Total, ev.Grade)
				}
			}
		})
	}
}

// person fills a written template by its labels, as someone typing into it would: every
// value goes into the cell right of its label, under its column header; nothing relies on
// addresses. It then recalculates the totals' cached values (as Excel does on save).
type person struct {
	t     *testing.T
	f     *excelize.File
	rng   *rand.Rand
	wrote map[string]bool // cells typed into
}

func (p *person) labelCell(sheet, key string, from int) (col, row int) {
	p.t.Helper()
	rows, err := p.f.GetRows(sheet)
	if err != nil {
		p.t.Fatal(err)
	}
	for r := from; r < len(rows); r++ {
		for c, v := range rows[r] {
			if k, _, _ := calc.NormalizeLabel(v); v != "" && k == key {
				return c + 1, r + 1
			}
		}
	}
	p.t.Fatalf("%s: no label %q", sheet, key)
	return 0, 0
}

// typeInto writes v into the cell and checks the template lets a person type there.
func (p *person) typeInto(sheet, cell string, v any) {
	p.t.Helper()
	if locked(p.t, p.f, sheet, cell) {
		p.t.Fatalf("%s!%s is locked, but a figure goes there", sheet, cell)
	}
	if err := p.f.SetCellValue(sheet, cell, v); err != nil {
		p.t.Fatal(err)
	}
	p.wrote[sheet+"!"+cell] = true
}

// amount returns a random amount in 万元 with up to 4 decimals (元 precision).
func (p *person) amount() decimal.Decimal {
	return decimal.New(p.rng.Int64N(2_000_000_000), -4)
}

// fillTable types random figures into every input row of table spec and returns them as
// the department's rows, by label.
func (p *person) fillTable(sheet string, spec calc.TableSpec, categories []string, from int) []calc.Row {
	_, titleRow := p.labelCell(sheet, spec.LabelHeader, from) // the header row of this table
	cols := map[string]int{}
	for _, col := range spec.Columns {
		c, _ := p.labelCell(sheet, col, titleRow-1)
		cols[col] = c
	}
	labels := spec.Rows
	if spec.ID == calc.TableAssets {
		labels = assetRows
	}
	var out []calc.Row
	if spec.ID == calc.TableByFunction {
		// Categories already there (rolled over) get figures; new ones are typed into the
		// blank rows above 总计, as many as given.
		labelCol, _ := p.labelCell(sheet, spec.LabelHeader, from)
		_, totalRow := p.labelCell(sheet, calc.RowTotal, titleRow)
		labels = nil
		next := 0
		for r := titleRow + 1; r < totalRow; r++ {
			v, _ := p.f.GetCellValue(sheet, cellName(labelCol, r))
			if v == "" {
				if next == len(categories) {
					continue
				}
				v = categories[next]
				next++
				p.typeInto(sheet, cellName(labelCol, r), v)
			}
			labels = append(labels, v)
		}
		labels = append(labels, spec.Rows...)
	}
	for _, label := range labels {
		key, _, _ := calc.NormalizeLabel(label)
		_, r := p.labelCell(sheet, key, titleRow)
		row := calc.NewRow(label)
		for _, col := range spec.Columns {
			cell := cellName(cols[col], r)
			if locked(p.t, p.f, sheet, cell) {
				continue // a total, a rate or a cell not asked for
			}
			var v decimal.Decimal
			switch {
			case col == calc.ColCount:
				v = decimal.NewFromInt(p.rng.Int64N(5000))
			case col == calc.ColInUse: // in use ≤ original
				v = row.Values[calc.ColOriginal].Amount.Mul(decimal.NewFromInt(p.rng.Int64N(101))).Div(decimal.NewFromInt(100)).Round(4)
			default:
				v = p.amount()
			}
			f, _ := v.Float64()
			p.typeInto(sheet, cell, f)
			row.Values[col] = calc.Value{Amount: v, Present: true}
		}
		out = append(out, row)
	}
	return out
}

// recalc stores every formula's result as its cached value, as Excel does when saving.
func (p *person) recalc() []byte {
	p.t.Helper()
	for _, sheet := range p.f.GetSheetList() {
		rows, _ := p.f.GetRows(sheet)
		for r := range rows {
			for c := range rows[r] {
				cell := cellName(c+1, r+1)
				fo, _ := p.f.GetCellFormula(sheet, cell)
				if fo == "" {
					continue
				}
				v, err := p.f.CalcCellValue(sheet, cell, excelize.Options{RawCellValue: true})
				if err != nil {
					p.t.Fatalf("CalcCellValue(%s!%s) error = %v", sheet, cell, err)
				}
				if v != "" {
					_ = p.f.SetCellDefault(sheet, cell, v)
				}
				_ = p.f.SetCellFormula(sheet, cell, fo)
			}
		}
	}
	var buf bytes.Buffer
	if err := p.f.Write(&buf); err != nil {
		p.t.Fatal(err)
	}
	return numericResults(p.t, buf.Bytes())
}

// numericFormula matches a formula cell whose cached value is a number but which excelize
// typed as a string result (SetCellFormula sets t="str"); Excel saves such a result as a
// number.
var numericFormula = regexp.MustCompile(`(<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")?) t="str"(><f>[^<]*</f><v>-?[0-9]+(?:\.[0-9]+)?(?:E[-+]?[0-9]+)?</v></c>)`)

// numericResults rewrites the worksheets of the workbook data as Excel saves them: numeric
// formula results as numbers.
func numericResults(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(f.Name, "xl/worksheets/") {
			content = numericFormula.ReplaceAll(content, []byte("$1$2"))
		}
		w, err := zw.Create(f.Name)
		if err == nil {
			_, err = w.Write(content)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestRoundTrip fills fresh templates (blank and rolled over, every layout) by their labels
// with random figures for several departments and reads each back: no error, the figures
// typed, the totals that the formulas computed.
func TestRoundTrip(t *testing.T) {
	r := rubric(t)
	cases := []struct {
		name string
		dept *calc.Department
		opt  Options
	}{
		{"blank", Blank(2021, ""), Options{Rubric: r}},
		{"blank_yuan", Blank(2021, ""), Options{Rubric: r, UnitYuan: true}},
		{"blank_onesheet", Blank(2021, ""), Options{Rubric: r, Layout: OneSheet}},
		{"blank_shifted", Blank(2021, ""), Options{Rubric: r, Layout: Shifted}},
		{"rollover", Rollover(fixture.Seed(), 2021), Options{Rubric: r}},
		// selfeval template --from: last year's workbook read back, then rolled over.
		{"rollover_read", Rollover(read(t, write(t, fixture.Seed(), Options{Rubric: r})), 2021), Options{Rubric: r}},
		{"no_rubric", Blank(2022, "某局"), Options{}},
	}
	for i, tc := range cases {
		for dept := range 4 {
			// Departments 0 and 1 fill every category row of 表1-2; 2 and 3 leave spare
			// blank rows above 总计.
			fillAll := dept < 2
			t.Run(fmt.Sprintf("%s_%d", tc.name, dept), func(t *testing.T) {
				f := open(t, write(t, tc.dept, tc.opt))
				p := &person{t: t, f: f, rng: rand.New(rand.NewPCG(uint64(i), uint64(dept))), wrote: map[string]bool{}}
				want := p.fill(tc.dept, tc.opt, dept, fillAll)
				data := p.recalc()
				if !fillAll {
				}
				got := read(t, data)
				sameFigures(t, got, want)
				// The totals the formulas computed are what was typed, added up.
				if w := warnings(calc.Consistency(got)); len(w) > 0 {
					for _, s := range w {
						if !strings.Contains(s, "tables_disagree") && !strings.Contains(s, "quarter") && !strings.Contains(s, "in_use") {
							t.Errorf("unexpected %s", s)
						}
					}
				}
				ev := calc.Evaluate(got, r)
				if ev.Total.IsNegative() || ev.Grade == "" {
					t.Errorf("Evaluate() = %s %q", ev.Total, ev.Grade)
				}
			})
		}
	}
}

// fill types a whole random department into the workbook and returns it.
func (p *person) fill(tmpl *calc.Department, opt Options, n int, fillAll bool) *calc.Department {
	want := Blank(0, "")
	want.Info = calc.BasicInfo{
		Name: fmt.Sprintf("某区第%d局", n+1), Year: 2021 + n%2, Head: "王" + strings.Repeat("一", n+1),
		Preparer: "赵六", Phone: fmt.Sprintf("0755-8%07d", p.rng.IntN(10_000_000)),
	}
	s := calc.SheetInfo
	set := func(item string, v any) {
		_, r := p.labelCell(s, item, 0)
		c, _ := p.labelCell(s, "内容", 0)
		p.typeInto(s, cellName(c, r), v)
	}
	set(calc.InfoName, want.Info.Name)
	set(calc.InfoYear, want.Info.Year)
	set(calc.InfoHead, want.Info.Head)
	set(calc.InfoPreparer, want.Info.Preparer)
	set(calc.InfoPhone, want.Info.Phone)
	for _, item := range calc.InfoItems[5:] {
		fig, _ := want.Info.Figure(item)
		v := decimal.NewFromInt(p.rng.Int64N(300))
		if item == calc.InfoSatisfaction {
			v = decimal.New(p.rng.Int64N(10001), -4)
			f, _ := v.Float64()
			set(item, f)
		} else {
			set(item, v.IntPart())
		}
		*fig = calc.Value{Amount: v, Present: true}
	}

	// Tables: in 元 the person types 元, and the reader gives 万元 back.
	// Function categories: with fillAll every blank row of 表1-2 gets one; otherwise a
	// blank template gets two to four and a rolled-over one keeps just its own.
	categories := []string{"一般公共服务支出", "教育支出", "其中：普通教育", "公共安全支出", "文化旅游体育与传媒支出",
		"节能环保支出", "农林水支出", "交通运输支出", "资源勘探工业信息等支出", "商业服务业等支出"}
	switch {
	case fillAll:
	case len(tmpl.ByFunction.Rows) > 1: // rolled over: the categories are there already
		categories = nil
	default:
		categories = categories[:2+n%3]
	}
	for i, spec := range calc.Tables {
		sheet := "表" + spec.ID
		if opt.Layout == OneSheet {
			sheet = sheetOneSheet
		}
		from := 0
		if opt.Layout == OneSheet { // the label headers repeat on 预算表: search below the title
			key, _, _ := calc.NormalizeLabel("表" + spec.ID + " " + spec.Title)
			_, top := p.labelCell(sheet, key, 0)
			from = top - 1
		}
		rows := p.fillTable(sheet, spec, categories, from)
		if opt.UnitYuan {
			rows = p.toYuan(sheet, spec, rows)
		}
		want.Tables()[i].Rows = rows
	}

	// 评分录入 by indicator name, 文字说明 by section.
	want.ManualScores = nil
	rows, _ := p.f.GetRows(calc.SheetManual)
	for r := 1; r < len(rows); r++ {
		name := rows[r][0]
		v := decimal.New(p.rng.Int64N(101), -2) // 0 … 1: within every weight
		f, _ := v.Float64()
		p.typeInto(calc.SheetManual, cellName(3, r+1), f)
		key, _, _ := calc.NormalizeLabel(name)
		want.ManualScores = append(want.ManualScores, calc.ManualScore{Name: name, Key: key, Score: calc.Value{Amount: v, Present: true}})
	}
	want.Narrative = nil
	for i, k := range calc.NarrativeKeys {
		text := fmt.Sprintf("%s：第%d段。\n=不是公式，第二段 %d", k, i+1, p.rng.IntN(1000))
		_, r := p.labelCell(calc.SheetNarrative, k, 0)
		p.typeInto(calc.SheetNarrative, cellName(2, r), text)
		want.Narrative = append(want.Narrative, calc.NarrativeSection{Key: k, Text: text})
	}
	return want
}

// toYuan converts typed 元 figures back to the 万元 the reader returns (counts stay).
func (p *person) toYuan(sheet string, spec calc.TableSpec, rows []calc.Row) []calc.Row {
	for _, r := range rows {
		for col, v := range r.Values {
			if col != calc.ColCount {
				r.Values[col] = calc.Value{Amount: v.Amount.Div(decimal.NewFromInt(10000)), Present: true}
			}
		}
	}
	return rows
}

// TestRandomDepartments writes fixture.Random's departments (the batch benchmark's input)
// in every layout and reads them back: no error, the same figures, totals as formulas
// wherever they add up.
func TestRandomDepartments(t *testing.T) {
	r := rubric(t)
	layouts := []Options{{Rubric: r}, {Rubric: r, Layout: OneSheet}, {Rubric: r, UnitYuan: true}, {Rubric: r, NumbersAsText: true}, {Rubric: r, MessyLabels: true}}
	for seed := range uint64(10) {
		opt := layouts[seed%uint64(len(layouts))]
		t.Run(fmt.Sprintf("seed_%d", seed), func(t *testing.T) {
			want := fixture.Random(seed)
			got := read(t, write(t, want, opt))
			sameFigures(t, got, want)
			if w := warnings(calc.Consistency(got)); len(w) > 0 {
				t.Errorf("warnings:\n%s", strings.Join(w, "\n"))
			}
		})
	}
}
