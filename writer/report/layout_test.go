package report

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"selfeval/calc"
	"selfeval/fixture"
	"selfeval/templates"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// evaluate scores a department under the default rubric.
func evaluate(t testing.TB, d *calc.Department) *calc.Evaluation {
	t.Helper()
	r, err := templates.DefaultRubric()
	if err != nil {
		t.Fatalf("DefaultRubric() error = %v", err)
	}
	return calc.Evaluate(d, r)
}

func layout(t testing.TB, d *calc.Department) *Document {
	t.Helper()
	doc, err := Layout(evaluate(t, d), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestSeedLayoutGolden(t *testing.T) {
	got := layout(t, fixture.Seed()).Dump()
	golden := filepath.Join("testdata", "seed-layout.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("layout differs from %s at line %d:\n got %s\nwant %s", golden, i+1, g, w)
			}
		}
	}
}

func TestMissingNarrative(t *testing.T) {
	d := fixture.Seed()
	var kept []calc.NarrativeSection
	for _, s := range d.Narrative {
		if s.Key != "履职目标" {
			kept = append(kept, s)
		}
	}
	d.Narrative = kept
	e := evaluate(t, d)
	var warned []calc.Check
	for _, c := range e.Checks {
		if c.Code == calc.CodeNarrativeMissing {
			warned = append(warned, c)
		}
	}
	if len(warned) != 1 || !strings.Contains(warned[0].Message, "履职目标") {
		t.Errorf("narrative_missing checks = %+v, want one for 履职目标", warned)
	}
	doc, err := Layout(e, Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for i, b := range doc.Blocks {
		if h, ok := b.(*Heading); ok && h.Text == "（一）主要履职目标" {
			p, ok := doc.Blocks[i+1].(*Paragraph)
			found = ok && p.Missing && p.Text == MissingText
		}
	}
	if !found {
		t.Errorf("the heading （一）主要履职目标 is not followed by %s", MissingText)
	}
}

// TestInvisibleCharacters: control and zero-width characters are dropped, not errors.
func TestInvisibleCharacters(t *testing.T) {
	d := fixture.Seed()
	d.Info.Name = "\ufeff深圳市罗湖区\u200b智慧城市建设中心\x07"
	d.Narrative[0].Text = "负责\t数字政府\u200d。"
	text := layout(t, d).Text()
	for _, want := range []string{"部门名称（公章）：深圳市罗湖区智慧城市建设中心单位负责人", "负责 数字政府。"} {
		if !strings.Contains(text, want) {
			t.Errorf("layout lacks %q", want)
		}
	}
}

// paragraphs returns the text of the document's generated paragraphs, joined.
func paragraphs(doc *Document) string {
	var b strings.Builder
	for _, bl := range doc.Blocks {
		if p, ok := bl.(*Paragraph); ok && p.Field == "" {
			b.WriteString(p.Text + "\n")
		}
	}
	return b.String()
}

func setValue(t *calc.Table, row, col, amount string) {
	r, ok := t.Row(row)
	if !ok {
		panic("no row " + row)
	}
	v := r.Values[col]
	v.Amount, v.Present = decimal.RequireFromString(amount), true
	r.Values[col] = v
}

// TestFactualWording checks that phrases stating a fact appear only when the data says so,
// and that verdicts follow the rubric's bands.
func TestFactualWording(t *testing.T) {
	tests := []struct {
		name      string
		edit      func(d *calc.Department)
		want, not []string
	}{
		{"seed", func(*calc.Department) {},
			[]string{"均为财政预算拨款", "人员经费调整为705.45万元（无调整）", "“三公”经费控制率为32.02%，小于90%，控制率良好",
				"编外人员控制率为5.26%，在5%至10%之间。", "节约6.50万元", "我单位年度预算执行情况较好"},
			[]string{"超出", "超过"}},
		{"other_income", func(d *calc.Department) {
			setValue(&d.Funding, "事业收入", calc.ColInitial, "100")
			setValue(&d.Funding, calc.RowIncomeTotal, calc.ColInitial, "16635.40")
		}, []string{"年初预算收入16,635.40万元，其中财政拨款收入16,535.40万元"}, []string{"均为财政预算拨款"}},
		{"three_public_high", func(d *calc.Department) {
			setValue(&d.Execution, calc.RowThreePublic, calc.ColActual, "3.00")
		}, []string{"“三公”经费控制率为95.24%，在90%至100%之间。"}, []string{"控制率为95.24%，小于90%", "控制率良好。\n#"}},
		{"three_public_none", func(d *calc.Department) {
			setValue(&d.Execution, calc.RowThreePublic, calc.ColAdjusted, "0")
			setValue(&d.Execution, calc.RowThreePublic, calc.ColActual, "0")
		}, []string{"未安排“三公”经费财政拨款预算，当年度亦无“三公”经费支出"}, []string{"“三公”经费控制率为"}},
		{"public_overspent", func(d *calc.Department) {
			setValue(&d.Execution, calc.RowPublic, calc.ColActual, "55.28")
		}, []string{"超出日常公用经费调整预算数5.00万元", "日常公用经费控制率为109.94%，超过100%。"}, []string{"节约", "87.07%"}},
		{"personnel_adjusted", func(d *calc.Department) {
			setValue(&d.ByUse, calc.RowPersonnel, calc.ColAdjusted, "700.45")
		}, []string{"人员经费调整为700.45万元（调减5.00万元）"}, []string{"人员经费调整为700.45万元（无调整）"}},
		{"contract_staff_high", func(d *calc.Department) {
			d.Info.ContractStaff.Amount = decimal.NewFromInt(3)
		}, []string{"编外人员控制率为14.29%，超过10%"}, []string{"在5%至10%之间"}},
		{"execution_low", func(d *calc.Department) {
			setValue(&d.Execution, calc.RowTotal, calc.ColActual, "10000")
		}, []string{"执行率为62.21%"}, []string{"执行情况较好"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := fixture.Seed()
			tt.edit(d)
			text := paragraphs(layout(t, d))
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("report lacks %q", w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(text, n) {
					t.Errorf("report says %q although the data does not", n)
				}
			}
		})
	}
}

func TestBadTemplate(t *testing.T) {
	for _, src := range []string{"{{.NoSuchField}}\n", "@narrative 不存在\n", "@chart pie 图\n", "@section sideways\n", "@unknown\n"} {
		tmpl, err := templates.ParseReport(src)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Layout(evaluate(t, fixture.Seed()), Options{Template: tmpl}); err == nil {
			t.Errorf("Layout with template %q: no error", src)
		}
	}
}

func TestDirectives(t *testing.T) {
	tmpl, err := templates.ParseReport("@center 封面\n@right {{.Year}}年12月\n@section landscape\n@scoretable 表\n@section portrait\n@pagebreak\n")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Layout(evaluate(t, fixture.Seed()), Options{Template: tmpl})
	if err != nil {
		t.Fatal(err)
	}
	var tags []string
	for _, l := range strings.Split(doc.Dump(), "\n") {
		if l != "" && l[0] != ' ' && !strings.Contains(l, ": ") {
			tags = append(tags, strings.SplitN(l, " |", 2)[0])
		}
	}
	want := "P(center)(noindent) 封面|P(right)(noindent) 2020年12月|SECTION landscape|TABLE 表|SECTION portrait|PAGEBREAK"
	if got := strings.Join(tags, "|"); got != want {
		t.Errorf("blocks = %s, want %s", got, want)
	}
}

// TestCharts checks the charts' numbers against calc's and that a department without an
// adjusted budget gets no chart.
func TestCharts(t *testing.T) {
	e := evaluate(t, fixture.Seed())
	q, err := chart(e, ChartQuarterly, "图")
	if err != nil || q == nil {
		t.Fatalf("chart(quarterly) = %v, %v", q, err)
	}
	if len(q.Series) != 2 || strings.Join(q.Series[0].Labels, " ") != "18.00% 32.10% 41.17% 99.19%" || !q.Series[1].Reference ||
		q.Series[1].Values[3] != 100 || q.Axis.Max != 100 {
		t.Errorf("quarterly chart = %+v", q)
	}
	x, _ := chart(e, ChartExecution, "图")
	if x.Kind != ChartBar || len(x.Categories) != 6 || x.Series[0].Labels[0] != "99.19%" || x.Series[0].Values[2] != 87.07 {
		t.Errorf("execution chart = %+v", x)
	}
	d := fixture.Seed()
	setValue(&d.Execution, calc.RowPublic, calc.ColActual, "55.28")
	x, _ = chart(evaluate(t, d), ChartExecution, "图")
	if x.Axis.Max != 120 {
		t.Errorf("axis with a 109.94%% bar = %+v, want max 120", x.Axis)
	}
	d = fixture.Seed()
	setValue(&d.Execution, calc.RowTotal, calc.ColAdjusted, "0")
	if q, _ := chart(evaluate(t, d), ChartQuarterly, "图"); q != nil {
		t.Errorf("chart without a budget = %+v, want none", q)
	}
}

func BenchmarkLayoutSeed(b *testing.B) {
	e := evaluate(b, fixture.Seed())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Layout(e, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLayoutPriorSentence: with last year's result the score chapter states calc's
// comparison; without, nothing.
func TestLayoutPriorSentence(t *testing.T) {
	e := evaluate(t, fixture.Seed())
	if strings.Contains(dumpText(t, e), "较上年") {
		t.Fatal("a report without --prior compares with last year")
	}
	e.Prior = &calc.PriorComparison{Sentence: "总分较上年提高 10.21 分，预算执行率较上年提高 5.00 个百分点。"}
	if got := dumpText(t, e); !strings.Contains(got, "得分90.73分。总分较上年提高 10.21 分，预算执行率较上年提高 5.00 个百分点。") {
		t.Errorf("the score paragraph lacks the comparison:\n%s", got)
	}
}

// dumpText is every paragraph of the evaluation's report, one a line.
func dumpText(t *testing.T, e *calc.Evaluation) string {
	t.Helper()
	doc, err := Layout(e, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, bl := range doc.Blocks {
		if p, ok := bl.(*Paragraph); ok {
			b.WriteString(p.Text + "\n")
		}
	}
	return b.String()
}

// TestScoreTableClaims: a claimed score that differs from the computed one is shown in a
// column beside 得分; without such claims the column is absent.
func TestScoreTableClaims(t *testing.T) {
	find := func(doc *Document) *Table {
		for _, b := range doc.Blocks {
			if tb, ok := b.(*Table); ok && tb.Field == "评分表" {
				return tb
			}
		}
		t.Fatal("no score table")
		return nil
	}
	if tb := find(layout(t, fixture.Seed())); len(tb.Widths) != 9 {
		t.Errorf("seed score table has %d columns, want 9 (no claims differ)", len(tb.Widths))
	}
	d := fixture.Seed()
	key, _, _ := calc.NormalizeLabel("预算执行率")
	d.ManualScores = append(d.ManualScores, calc.ManualScore{Name: "预算执行率", Key: key, Score: calc.Value{Amount: decimal.NewFromInt(6), Present: true}})
	tb := find(layout(t, d))
	if len(tb.Widths) != 10 || tb.Header[0][len(tb.Header[0])-1].Text != claimHeader {
		t.Fatalf("score table with a claim: %d columns, header %v", len(tb.Widths), tb.Header[0])
	}
	// A row ends in 得分, 单位自评得分.
	var got []string
	for _, row := range tb.Rows {
		if last := row[len(row)-1].Text; last != "" {
			got = append(got, row[len(row)-2].Text+"/"+last)
		}
	}
	if strings.Join(got, ",") != "4.35/6.00" {
		t.Errorf("claims shown = %v, want 预算执行率's 6.00 beside 4.35 only", got)
	}
}
