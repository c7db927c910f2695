package report

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"text/template"
	"unicode"

	"selfeval/calc"
	"selfeval/templates"
)

// Options control Layout. The zero value is the default.
type Options struct {
	// Template is the report wording (templates/report.tmpl format); nil means the
	// TemplatesDir's report.tmpl, or the embedded one.
	Template *template.Template
	// TemplatesDir is the --templates directory; its report.tmpl, when present, replaces
	// the embedded wording.
	TemplatesDir string
	// We is how the department refers to itself in generated sentences; "" means 我单位.
	We string
}

// Layout lays out the report of an evaluation: the wording template executed with the
// evaluation's figures (Data), the department's narrative where the template places it,
// tables 1-1 … 1-5, the charts and the score table. Sections the department left empty
// are marked MissingText.
func Layout(e *calc.Evaluation, opt Options) (*Document, error) {
	if e == nil || e.Department == nil || e.Rubric == nil {
		return nil, fmt.Errorf("layout: evaluation without department or rubric")
	}
	tmpl := opt.Template
	if tmpl == nil {
		var err error
		if tmpl, err = templates.LoadReport(opt.TemplatesDir); err != nil {
			return nil, err
		}
	}
	we := opt.We
	if we == "" {
		we = "我单位"
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, data(e, we)); err != nil {
		return nil, fmt.Errorf("报告模板执行出错：%w", err)
	}
	d := e.Department
	doc := &Document{
		Title:   fmt.Sprintf("%d年度部门整体支出绩效自评报告", d.Info.Year),
		Author:  oneLine(d.Info.Name),
		Subject: "部门整体支出绩效自评报告",
	}
	err := parseLines(buf.String(), "报告模板", doc, map[string]ownDirective{
		"@field": func(text string) ([]Block, error) {
			label, _, _ := strings.Cut(text, "：")
			field, _, _ := strings.Cut(label, "（")
			return []Block{&HeaderBlock{Lines: []HeaderLine{{Text: text, Field: field}}}}, nil
		},
		"@narrative": func(key string) ([]Block, error) {
			if !slices.Contains(calc.NarrativeKeys, key) {
				return nil, fmt.Errorf("未知的文字说明章节“%s”", key)
			}
			return narrative(d, key), nil
		},
		"@table": func(a string) ([]Block, error) {
			id, caption, _ := strings.Cut(a, " ")
			t, err := dataTable(e, id, strings.TrimSpace(caption))
			if err != nil {
				return nil, err
			}
			return []Block{t}, nil
		},
		"@chart": func(a string) ([]Block, error) {
			kind, title, _ := strings.Cut(a, " ")
			c, err := chart(e, kind, strings.TrimSpace(title))
			if err != nil || c == nil {
				return nil, err
			}
			return []Block{c}, nil
		},
		"@scoretable": func(caption string) ([]Block, error) {
			return []Block{scoreTable(e, caption)}, nil
		},
	})
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// clean drops what cannot be typeset and is not meant to be seen: control characters
// (a tab becomes a space; newlines stay) and invisible format characters such as
// zero-width spaces and byte-order marks.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0x20 && r < 0x7F || r >= 0x3000 && r < 0xFE00 || r >= 0xFF00 && r < 0xFFF0:
			return r // the common case: ASCII, CJK and full-width forms
		case r == '\n':
			return r
		case r == '\t':
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s)
}

// narrative returns the paragraphs of a 文字说明 section, or a MissingText placeholder
// when the section is empty (calc.Evaluate has warned of it).
func narrative(d *calc.Department, key string) []Block {
	field := "文字说明“" + key + "”"
	text, _ := d.Section(key)
	var out []Block
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r", "\n"), "\n") {
		if p = strings.TrimSpace(clean(p)); p != "" {
			out = append(out, &Paragraph{Text: p, Field: field, Align: AlignJustify})
		}
	}
	if len(out) == 0 {
		out = append(out, &Paragraph{Text: MissingText, Field: field, Missing: true, Align: AlignJustify})
	}
	return out
}

// dataTable lays out one of tables 1-1, 1-2, 1-3 and 1-5 (表1-4 is not printed, as in the seed).
func dataTable(e *calc.Evaluation, id, caption string) (*Table, error) {
	d := e.Department
	var src *calc.Table
	for _, t := range d.Tables() {
		if t.ID == id {
			src = t
		}
	}
	if src == nil || id == calc.TableExecution {
		return nil, fmt.Errorf("没有可打印的表%s", id)
	}
	spec := calc.Spec(id)
	if caption == "" {
		caption = "表" + id + " " + spec.Title
	}
	t := &Table{Caption: caption, Unit: "单位：万元", Size: SizeNormal, Field: "表" + id, Continued: true}
	if id == calc.TableAssets {
		t.Widths = []float64{62, 20, 26, 26, 22}
		t.Header = [][]Cell{
			{{Text: spec.LabelHeader, RowSpan: 2, Align: AlignCenter}, {Text: "期末账面数", ColSpan: 4, Align: AlignCenter}},
			{{Text: "数量", Align: AlignCenter}, {Text: "原值", Align: AlignCenter}, {Text: "其中：在用", Align: AlignCenter}, {Text: "利用率", Align: AlignCenter}},
		}
		for _, r := range e.Report.AssetRows {
			t.Rows = append(t.Rows, []Cell{
				{Text: clean(r.Label), Field: "表1-5 " + r.Label},
				{Text: r.Count, Align: AlignRight},
				{Text: r.Original, Align: AlignRight},
				{Text: r.InUse, Align: AlignRight},
				{Text: r.Rate, Align: AlignRight},
			})
		}
		return t, nil
	}
	t.Widths = []float64{76, 40, 40}
	head := []Cell{{Text: spec.LabelHeader, Align: AlignCenter}}
	for _, c := range spec.Columns {
		head = append(head, Cell{Text: c, Align: AlignCenter})
	}
	t.Header = [][]Cell{head}
	for _, r := range src.Rows {
		row := []Cell{{Text: clean(r.Label), Field: "表" + id + " " + r.Label}}
		for _, c := range spec.Columns {
			row = append(row, Cell{Text: calc.FormatAmount(r.Value(c).Amount), Align: AlignRight})
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

// weightHeader is the 权重 column header, on two lines to fit its narrow column.
const weightHeader = "权重\n(%)"

// claimHeader heads the column of the department's own scores, shown where they differ
// from the computed ones.
const claimHeader = "单位自评\n得分"

// scoreTable lays out the 评分表: 一级/二级/三级 indicators with weights (一级 and 二级
// merged over their rows), 指标说明, 评分标准, 得分, and the total row. When the
// department claimed a score that differs from the computed one, a column beside 得分
// shows the claim.
func scoreTable(e *calc.Evaluation, caption string) *Table {
	claims := false
	for _, s := range e.Scores {
		claims = claims || claimText(s) != ""
	}
	t := &Table{
		Caption:   caption,
		Widths:    []float64{12, 9, 12, 9, 19, 9, 46, 97, 12},
		Size:      SizeSmall,
		Field:     "评分表",
		Continued: true,
		Header: [][]Cell{
			{{Text: "评价指标", ColSpan: 6, Align: AlignCenter}, {Text: "指标说明", RowSpan: 3, Align: AlignCenter}, {Text: "评分标准", RowSpan: 3, Align: AlignCenter}, {Text: "得分", RowSpan: 3, Align: AlignCenter}},
			{{Text: "一级指标", ColSpan: 2, Align: AlignCenter}, {Text: "二级指标", ColSpan: 2, Align: AlignCenter}, {Text: "三级指标", ColSpan: 2, Align: AlignCenter}},
			{{Text: "名称", Align: AlignCenter}, {Text: weightHeader, Align: AlignCenter}, {Text: "名称", Align: AlignCenter}, {Text: weightHeader, Align: AlignCenter}, {Text: "名称", Align: AlignCenter}, {Text: weightHeader, Align: AlignCenter}},
		},
	}
	if claims {
		t.Widths[7] -= 16 // 评分标准 makes room: the weight columns must keep 权重 on one line
		t.Widths = append(t.Widths, 16)
		t.Header[0] = append(t.Header[0], Cell{Text: claimHeader, RowSpan: 3, Align: AlignCenter})
	}
	scores := map[string]calc.IndicatorScore{}
	for _, s := range e.Scores {
		if s.Indicator != nil {
			scores[s.Indicator.ID] = s
		}
	}
	for _, l1 := range e.Rubric.Levels {
		n1 := 0
		for _, l2 := range l1.Groups {
			n1 += len(l2.Indicators)
		}
		first1 := true
		for _, l2 := range l1.Groups {
			first2 := true
			for _, ind := range l2.Indicators {
				var row []Cell
				if first1 {
					row = append(row,
						Cell{Text: l1.Name, RowSpan: n1, Align: AlignCenter, Field: "评分表 一级指标"},
						Cell{Text: l1.Weight.String(), RowSpan: n1, Align: AlignCenter})
					first1 = false
				}
				if first2 {
					row = append(row,
						Cell{Text: l2.Name, RowSpan: len(l2.Indicators), Align: AlignCenter, Field: "评分表 二级指标"},
						Cell{Text: l2.Weight.String(), RowSpan: len(l2.Indicators), Align: AlignCenter})
					first2 = false
				}
				score, claim := calc.NotApplicable, ""
				if s, ok := scores[ind.ID]; ok {
					score, claim = calc.FormatScore(s.Score), claimText(s)
				}
				row = append(row,
					Cell{Text: ind.Name, Align: AlignCenter, Field: "评分表 三级指标"},
					Cell{Text: ind.Weight.String(), Align: AlignCenter},
					Cell{Text: strings.TrimSpace(clean(ind.Description)), Field: "评分表“" + ind.Name + "”指标说明"},
					Cell{Text: strings.TrimSpace(clean(ind.Criteria)), Field: "评分表“" + ind.Name + "”评分标准"},
					Cell{Text: score, Align: AlignCenter},
				)
				if claims {
					row = append(row, Cell{Text: claim, Align: AlignCenter, Field: "评分录入“" + ind.Name + "”"})
				}
				t.Rows = append(t.Rows, row)
			}
		}
	}
	w1, w2, w3 := e.Rubric.WeightTotals()
	total := []Cell{
		{Text: "总分", Align: AlignCenter}, {Text: w1.String(), Align: AlignCenter},
		{Text: ""}, {Text: w2.String(), Align: AlignCenter},
		{Text: ""}, {Text: w3.String(), Align: AlignCenter},
		{Text: "", ColSpan: 2}, {Text: e.TotalDisplay(), Align: AlignCenter},
	}
	if claims {
		total = append(total, Cell{Text: ""})
	}
	t.Rows = append(t.Rows, total)
	return t
}

// claimText is the department's own score for an indicator where it differs from the
// computed one: the indicator's claim, or its parts' claims one per line (名称 1.00);
// "" when no claim differs.
func claimText(s calc.IndicatorScore) string {
	if s.ClaimDiffers() {
		return calc.FormatScore(*s.Claimed)
	}
	var lines []string
	for _, p := range s.Parts {
		if p.ClaimDiffers() {
			lines = append(lines, clean(p.Indicator.Name)+"\n"+calc.FormatScore(*p.Claimed))
		}
	}
	return strings.Join(lines, "\n")
}
