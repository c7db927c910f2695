package pdf

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"text/template"
	"time"
	"unicode"

	"github.com/shopspring/decimal"

	"selfeval/calc"
	"selfeval/templates"
)

// Options control Layout and Render. The zero value is the default.
type Options struct {
	// Date is the document's creation and modification date. Zero means 1 January of the
	// year after the report year, 00:00 UTC, so output never depends on the clock; the
	// caller sets it from SOURCE_DATE_EPOCH when that is set.
	Date time.Time
	// Template is the report wording (templates/report.tmpl format); nil means the
	// TemplatesDir's report.tmpl, or the embedded one.
	Template *template.Template
	// TemplatesDir is the --templates directory; its report.tmpl, when present, replaces
	// the embedded wording.
	TemplatesDir string
	// We is how the department refers to itself in generated sentences; "" means 我单位.
	We string
	// OnWarning, when set, receives Write's layout warnings (Document.Warnings), e.g. a
	// 文字说明 section left empty. Layout and Render callers read Document.Warnings.
	OnWarning func(calc.Check)
}

// BodyWidth and BodyHeight are the type area of GB/T 9704 in mm.
const (
	BodyWidth  = 156.0
	BodyHeight = 225.0
)

// Font sizes in points.
const (
	sizeTitle      = 22.0 // 二号
	sizeBody       = 16.0 // 三号
	sizeTable      = 12.0 // 小四
	sizeScoreTable = 9.0  // 小五
	sizePageNumber = 14.0 // 四号
)

// MissingText marks a 文字说明 section the department left empty.
const MissingText = "（未填写）"

// Layout lays out the report of an evaluation: the wording template executed with the
// evaluation's figures, the department's narrative where the template places it, tables
// 1-1 … 1-5 and the score table. Sections the department left empty are marked
// MissingText and listed in Document.Warnings.
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
	if err := tmpl.Execute(&buf, reportData(e, we)); err != nil {
		return nil, fmt.Errorf("报告模板执行出错：%w", err)
	}
	d := e.Department
	doc := &Document{
		Title:   fmt.Sprintf("%d年度部门整体支出绩效自评报告", d.Info.Year),
		Author:  oneLine(d.Info.Name),
		Subject: "部门整体支出绩效自评报告",
	}
	var header *HeaderBlock
	for n, line := range strings.Split(buf.String(), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		where := func(format string, args ...any) error {
			return fmt.Errorf("报告模板输出第%d行：%s", n+1, fmt.Sprintf(format, args...))
		}
		if line != "" && line[0] != '@' {
			header = nil
		}
		switch {
		case strings.HasPrefix(line, "#"):
			level := len(line) - len(strings.TrimLeft(line, "#"))
			if level > 4 {
				return nil, where("标题最多四级：%s", line)
			}
			doc.Blocks = append(doc.Blocks, &Heading{Level: level, Text: strings.TrimSpace(line[level:])})
		case directive(line, "@title"):
			doc.Title = arg(line)
			doc.Blocks = append(doc.Blocks, &Title{Text: arg(line)})
		case directive(line, "@field"):
			if header == nil {
				header = &HeaderBlock{}
				doc.Blocks = append(doc.Blocks, header)
			}
			text := arg(line)
			label, _, _ := strings.Cut(text, "：")
			field, _, _ := strings.Cut(label, "（")
			header.Lines = append(header.Lines, HeaderLine{Text: text, Field: field})
		case directive(line, "@narrative"):
			header = nil
			key := arg(line)
			if !slices.Contains(calc.NarrativeKeys, key) {
				return nil, where("未知的文字说明章节“%s”", key)
			}
			doc.Blocks = append(doc.Blocks, narrative(d, key, &doc.Warnings)...)
		case directive(line, "@table"):
			header = nil
			id, caption, _ := strings.Cut(arg(line), " ")
			t, err := dataTable(d, id, strings.TrimSpace(caption))
			if err != nil {
				return nil, where("%v", err)
			}
			doc.Blocks = append(doc.Blocks, t)
		case directive(line, "@scoretable"):
			header = nil
			doc.Blocks = append(doc.Blocks, scoreTable(e, arg(line)))
		case directive(line, "@pagebreak"):
			header = nil
			doc.Blocks = append(doc.Blocks, PageBreak{})
		case line[0] == '@':
			return nil, where("未知的指令：%s", line)
		default:
			doc.Blocks = append(doc.Blocks, &Paragraph{Text: line})
		}
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

func directive(line, name string) bool {
	return line == name || strings.HasPrefix(line, name+" ")
}

func arg(line string) string {
	_, a, _ := strings.Cut(line, " ")
	return strings.TrimSpace(a)
}

// narrative returns the paragraphs of a 文字说明 section, or a MissingText placeholder and
// a warning when the section is empty.
func narrative(d *calc.Department, key string, warnings *[]calc.Check) []Block {
	field := "文字说明“" + key + "”"
	text, ok := d.Section(key)
	var out []Block
	if ok {
		for _, p := range strings.Split(strings.ReplaceAll(text, "\r", "\n"), "\n") {
			if p = strings.TrimSpace(clean(p)); p != "" {
				out = append(out, &Paragraph{Text: p, Field: field})
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	cell := calc.CellRef{Sheet: calc.SheetNarrative}
	for _, s := range d.Narrative {
		if s.Key == key && s.Cell != (calc.CellRef{}) {
			cell = s.Cell
		}
	}
	*warnings = append(*warnings, calc.Check{
		Level:   calc.SeverityWarning,
		Code:    "narrative_missing",
		Message: fmt.Sprintf("文字说明未填写“%s”，报告中该节注明%s", key, MissingText),
		Cells:   []calc.CellRef{cell},
	})
	return []Block{&Paragraph{Text: MissingText, Field: field, Missing: true}}
}

// dataTable lays out one of tables 1-1, 1-2, 1-3 and 1-5 (表1-4 is not printed, as in the seed).
func dataTable(d *calc.Department, id, caption string) (*Table, error) {
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
	t := &Table{Caption: caption, Unit: "单位：万元", FontSize: sizeTable, Field: "表" + id}
	if id == calc.TableAssets {
		t.Widths = []float64{62, 20, 26, 26, 22}
		t.Header = [][]Cell{
			{{Text: spec.LabelHeader, RowSpan: 2, Align: AlignCenter}, {Text: "期末账面数", ColSpan: 4, Align: AlignCenter}},
			{{Text: "数量", Align: AlignCenter}, {Text: "原值", Align: AlignCenter}, {Text: "其中：在用", Align: AlignCenter}, {Text: "利用率", Align: AlignCenter}},
		}
		for _, r := range src.Rows {
			orig, inUse := r.Value(calc.ColOriginal), r.Value(calc.ColInUse)
			rate := "——"
			if orig.Present && !orig.Amount.IsZero() {
				rate = calc.FormatPercent(inUse.Amount.DivRound(orig.Amount, 20))
			}
			t.Rows = append(t.Rows, []Cell{
				{Text: clean(r.Label), Field: "表1-5 " + r.Label},
				{Text: dashOr(r.Value(calc.ColCount), calc.FormatCount), Align: AlignRight},
				{Text: dashOr(orig, calc.FormatAmount), Align: AlignRight},
				{Text: dashOr(inUse, calc.FormatAmount), Align: AlignRight},
				{Text: rate, Align: AlignRight},
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

func dashOr(v calc.Value, format func(decimal.Decimal) string) string {
	if !v.Present {
		return "——"
	}
	return format(v.Amount)
}

// weightHeader is the 权重 column header, on two lines to fit its narrow column.
const weightHeader = "权重\n(%)"

// scoreTable lays out the 评分表: 一级/二级/三级 indicators with weights (一级 and 二级
// merged over their rows), 指标说明, 评分标准, 得分, and the total row.
func scoreTable(e *calc.Evaluation, caption string) *Table {
	t := &Table{
		Caption:  caption,
		Widths:   []float64{10, 9, 10, 9, 16, 9, 32, 50, 11},
		FontSize: sizeScoreTable,
		Field:    "评分表",
		Header: [][]Cell{
			{{Text: "评价指标", ColSpan: 6, Align: AlignCenter}, {Text: "指标说明", RowSpan: 3, Align: AlignCenter}, {Text: "评分标准", RowSpan: 3, Align: AlignCenter}, {Text: "得分", RowSpan: 3, Align: AlignCenter}},
			{{Text: "一级指标", ColSpan: 2, Align: AlignCenter}, {Text: "二级指标", ColSpan: 2, Align: AlignCenter}, {Text: "三级指标", ColSpan: 2, Align: AlignCenter}},
			{{Text: "名称", Align: AlignCenter}, {Text: weightHeader, Align: AlignCenter}, {Text: "名称", Align: AlignCenter}, {Text: weightHeader, Align: AlignCenter}, {Text: "名称", Align: AlignCenter}, {Text: weightHeader, Align: AlignCenter}},
		},
	}
	scores := map[string]calc.IndicatorScore{}
	for _, s := range e.Scores {
		if s.Indicator != nil {
			scores[s.Indicator.ID] = s
		}
	}
	var w1, w2, w3 decimal.Decimal
	for _, l1 := range e.Rubric.Levels {
		n1 := 0
		for _, l2 := range l1.Groups {
			n1 += len(l2.Indicators)
		}
		w1 = w1.Add(l1.Weight)
		first1 := true
		for _, l2 := range l1.Groups {
			w2 = w2.Add(l2.Weight)
			first2 := true
			for _, ind := range l2.Indicators {
				w3 = w3.Add(ind.Weight)
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
				score := "—"
				if s, ok := scores[ind.ID]; ok {
					score = calc.FormatScore(s.Score)
				}
				row = append(row,
					Cell{Text: ind.Name, Align: AlignCenter, Field: "评分表 三级指标"},
					Cell{Text: ind.Weight.String(), Align: AlignCenter},
					Cell{Text: strings.TrimSpace(clean(ind.Description)), Field: "评分表“" + ind.Name + "”指标说明"},
					Cell{Text: strings.TrimSpace(clean(ind.Criteria)), Field: "评分表“" + ind.Name + "”评分标准"},
					Cell{Text: score, Align: AlignCenter},
				)
				t.Rows = append(t.Rows, row)
			}
		}
	}
	t.Rows = append(t.Rows, []Cell{
		{Text: "总分", Align: AlignCenter}, {Text: w1.String(), Align: AlignCenter},
		{Text: ""}, {Text: w2.String(), Align: AlignCenter},
		{Text: ""}, {Text: w3.String(), Align: AlignCenter},
		{Text: "", ColSpan: 2}, {Text: e.TotalDisplay(), Align: AlignCenter},
	})
	return t
}
