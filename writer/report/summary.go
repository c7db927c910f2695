package report

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"

	"selfeval/calc"
	"selfeval/templates"
)

// SummaryOptions control LayoutSummary. The zero value is the default.
type SummaryOptions struct {
	// Template is the batch report wording (templates/summary.tmpl format); nil means the
	// TemplatesDir's summary.tmpl, or the embedded one.
	Template *template.Template
	// TemplatesDir is the --templates directory.
	TemplatesDir string
}

// LayoutSummary lays out the batch's own report (汇总报告): the wording template executed
// with calc's SummaryFigures, and the tables and the chart it places, every figure as calc
// formatted it. A table with no rows (no failures, no findings) is left out.
func LayoutSummary(f *calc.SummaryFigures, opt SummaryOptions) (*Document, error) {
	tmpl := opt.Template
	if tmpl == nil {
		var err error
		if tmpl, err = templates.LoadSummary(opt.TemplatesDir); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, f); err != nil {
		return nil, fmt.Errorf("汇总报告模板执行出错：%w", err)
	}
	doc := &Document{
		Title:   f.YearPrefix + "部门整体支出绩效自评情况汇总分析",
		Author:  "selfeval",
		Subject: "部门整体支出绩效自评情况汇总分析",
	}
	err := parseLines(buf.String(), "汇总报告模板", doc, map[string]ownDirective{
		"@table": func(a string) ([]Block, error) {
			kind, caption, _ := strings.Cut(a, " ")
			t, err := summaryTable(f, kind, strings.TrimSpace(caption))
			if err != nil || t == nil {
				return nil, err
			}
			return []Block{t}, nil
		},
		"@chart": func(a string) ([]Block, error) {
			kind, title, _ := strings.Cut(a, " ")
			if kind != "totals" {
				return nil, fmt.Errorf("未知的图表“%s”（可用：totals）", kind)
			}
			if f.Evaluated == 0 {
				return nil, nil
			}
			return []Block{totalsChart(f, strings.TrimSpace(title))}, nil
		},
	})
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// totalsChart is the distribution of the totals over score bands.
func totalsChart(f *calc.SummaryFigures, title string) *Chart {
	s := Series{Name: "部门数"}
	c := &Chart{Kind: ChartBar, Title: title, Field: "汇总"}
	for _, b := range f.Bands {
		c.Categories = append(c.Categories, b.Label)
		s.Values = append(s.Values, b.Value)
		s.Labels = append(s.Labels, strconv.Itoa(b.Count))
	}
	c.Series = []Series{s}
	c.Axis = Axis{Max: f.BandAxis.Max, Step: f.BandAxis.Step, Unit: f.BandAxis.Unit}
	return c
}

// summaryTable lays out one of the batch report's tables, or nil when it has no rows.
func summaryTable(f *calc.SummaryFigures, kind, caption string) (*Table, error) {
	t := &Table{Caption: caption, Size: SizeNormal, Field: "汇总", Continued: true}
	head := func(titles ...string) {
		var row []Cell
		for _, s := range titles {
			row = append(row, Cell{Text: s, Align: AlignCenter})
		}
		t.Header = [][]Cell{row}
	}
	add := func(cells ...Cell) { t.Rows = append(t.Rows, cells) }
	c := func(s string) Cell { return Cell{Text: s, Align: AlignCenter} }
	l := func(s string) Cell { return Cell{Text: s, Align: AlignLeft} }
	n := func(i int) Cell { return c(strconv.Itoa(i)) }
	switch kind {
	case "grades":
		head("等级", "部门数", "占比")
		t.Widths = []float64{30, 30, 30}
		for _, g := range f.Grades {
			add(c(g.Grade), n(g.Count), c(g.Share))
		}
		if f.Evaluated == 0 {
			return nil, nil
		}
	case "ratios":
		head("比率", "适用部门数", "平均值", "最低（部门）", "最高（部门）")
		t.Widths = []float64{28, 14, 18, 40, 40}
		for _, r := range f.Ratios {
			add(l(r.Name), n(r.Count), c(r.Mean), l(withDept(r.Min, r.MinDept)), l(withDept(r.Max, r.MaxDept)))
		}
	case "ranking":
		t.Size = SizeSmall
		if f.Prior != nil {
			head("排名", "部门", "总分", "等级", "预算执行率", "审核发现", "上年总分", "变化")
			t.Widths = []float64{8, 44, 11, 8, 13, 10, 11, 10}
		} else {
			head("排名", "部门", "总分", "等级", "预算执行率", "审核发现")
			t.Widths = []float64{8, 52, 12, 8, 14, 10}
		}
		for _, r := range f.Ranking {
			row := []Cell{n(r.Rank), l(r.Department), c(r.Total), c(r.Grade), c(r.ExecutionRate), n(r.Findings)}
			if f.Prior != nil {
				row = append(row, c(dash(r.PriorTotal)), c(dash(r.Change)))
			}
			add(row...)
		}
	case "losses":
		head("指标", "满分", "平均得分", "共失分", "失分较多的部门")
		t.Widths = []float64{26, 12, 12, 12, 58}
		for _, x := range f.Losses {
			add(l(x.Name), c(x.Weight), c(x.MeanScore), c(x.Lost), l(x.Departments))
		}
	case "findings":
		head("指标", "发现数", "涉及部门")
		t.Widths = []float64{28, 12, 80}
		for _, g := range f.Findings {
			add(l(g.Name), n(g.Count), l(g.Departments))
		}
	case "failures":
		head("文件", "原因")
		t.Widths = []float64{34, 86}
		for _, x := range f.Failures {
			add(l(filepath.Base(x.Source)), l(x.Error))
		}
	default:
		return nil, fmt.Errorf("未知的汇总表“%s”（可用：grades、ratios、ranking、losses、findings、failures）", kind)
	}
	if len(t.Rows) == 0 {
		return nil, nil
	}
	return t, nil
}

// withDept is "62.10%（某某局）", or the figure alone.
func withDept(figure, dept string) string {
	if dept == "" {
		return figure
	}
	return figure + "（" + dept + "）"
}

// dash is s, or calc.NotApplicable when s is empty.
func dash(s string) string {
	if s == "" {
		return calc.NotApplicable
	}
	return s
}
