// Package report holds the writer-neutral model of the 部门整体支出绩效自评报告: a Document
// of blocks (title, header fields, headings, paragraphs, tables, charts, orientation
// sections, page breaks) built once per department from the Evaluation and the report
// wording template, and rendered by writer/pdf and writer/docx. The model says what the
// report holds and how its parts relate, never how they are typeset: it has no
// millimetres, points or font names, so the two renderers cannot disagree on content.
//
// Every text in the model is final: figures are formatted by calc, and a renderer prints
// them as they are.
package report

import "selfeval/calc"

// Document is a report laid out as blocks, in reading order. It starts on a portrait page.
type Document struct {
	Title   string // document property and first bookmark: 2020年度部门整体支出绩效自评报告
	Author  string // document property: the department, 深圳市罗湖区智慧城市建设中心
	Subject string // document property: 部门整体支出绩效自评报告
	Blocks  []Block
}

// Block is one element of a Document: *Title, *HeaderBlock, *Heading, *Paragraph, *Table,
// *Chart, *Section or *PageBreak. Renderers switch on the type; the set is closed.
type Block interface {
	block()
}

// Title is the report title, centred in the title font (二号 小标宋 in GB/T 9704).
type Title struct {
	Text string
}

// HeaderBlock is the block of fields under the title: 部门名称（公章）, 单位负责人（签章）,
// 填报人, 联系电话, one line each, set in the body font without indent.
type HeaderBlock struct {
	Lines []HeaderLine
}

// HeaderLine is one line of the HeaderBlock.
type HeaderLine struct {
	Text  string // label and value: 部门名称（公章）：深圳市罗湖区智慧城市建设中心
	Field string // what users call the data in it, for error messages: 部门名称
}

// Heading is a section heading. Its numbering is part of Text (一、 （一） 1、 （1）), as the
// wording template writes it. Level 1 is a chapter heading (黑体), level 2 is set in 楷体,
// levels 3 and 4 in the body font; levels 1 and 2 are bookmarked (PDF outline, Word
// navigation pane), see Bookmarked.
type Heading struct {
	Level int // 1 … 4
	Text  string
}

// Bookmarked reports whether the heading gets a bookmark: levels 1 and 2.
func (h *Heading) Bookmarked() bool { return h.Level <= 2 }

// Paragraph is body text. Body paragraphs (the narrative and the generated wording) are
// AlignJustify with a two-character first-line indent; a renderer justifies every line but
// the last and never spreads the characters of a figure or Latin word apart.
type Paragraph struct {
	Text     string
	Field    string // the source of the text, for error messages: 文字说明“主要职能”; empty for generated text
	Missing  bool   // a placeholder (MissingText) for a section the department left empty
	Align    Align  // AlignJustify for body text; AlignCenter or AlignRight for cover and closing lines
	NoIndent bool   // no first-line indent (centred and right-aligned lines never have one)
}

// MissingText marks a 文字说明 section the department left empty (calc.Evaluate warns of
// it with the check narrative_missing).
const MissingText = calc.MissingNarrative

// Table is a bordered table with wrapped cells. Its header rows repeat at the top of every
// page it spans; when it spans pages and Continued is set, the caption is repeated there
// followed by ContinuedMark.
type Table struct {
	Caption   string    // 表1-1 部门整体支出预算资金来源与调整情况, centred above; empty for none
	Unit      string    // 单位：万元, right-aligned between caption and header; empty for none
	Widths    []float64 // relative column widths: the table fills the body width in these proportions
	Size      TextSize  // the cells' type size
	Header    [][]Cell  // header rows, repeated on each page
	Rows      [][]Cell  // body rows
	Field     string    // the source of the cells, for error messages: 表1-5, 评分表
	Continued bool      // on each page after the first, the caption is repeated as “Caption（续）”
}

// ContinuedMark follows the caption of a table continued from the page before.
const ContinuedMark = "（续）"

// TextSize is the type size class of a table's cells; each renderer maps it to points.
type TextSize int

// Type sizes of table cells.
const (
	SizeNormal TextSize = iota // the data tables: 小四 (12 pt)
	SizeSmall                  // the score table: 小五 (9 pt)
)

// Cell is one table cell. As in HTML, a row lists only the cells that start in it: the
// positions covered by a RowSpan from a row above are skipped. A "\n" in Text is a line
// break within the cell.
type Cell struct {
	Text    string
	ColSpan int // 0 or 1: one column
	RowSpan int // 0 or 1: one row
	Align   Align
	Field   string // overrides the table's Field for error messages
}

// Span returns n, or 1 when n is below 1: a cell's ColSpan or RowSpan as a count.
func Span(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

// Align is a horizontal alignment. The zero value is AlignLeft.
type Align int

// Alignments. AlignJustify applies to paragraphs only; a cell given it is set left.
const (
	AlignLeft Align = iota
	AlignCenter
	AlignRight
	AlignJustify
)

// Chart is a figure drawn from figures calc computed: a line or bar chart over
// categories (quarters, table rows), one or more series, and an optional reference
// series such as the 序时进度 the spending progress is measured against. It is drawn in
// the body width, with Title centred above it as a figure caption.
type Chart struct {
	Kind       ChartKind
	Title      string   // 图1 2020年度各季度累计支出进度, centred above (or below) the drawing
	Categories []string // the labels along the category axis: 一季度 … 四季度, 人员经费 …
	Series     []Series // at least one; all as long as Categories
	Axis       Axis     // the value axis
	Field      string   // the source of the labels, for error messages: 表1-3
}

// ChartKind is how a Chart draws its series.
type ChartKind int

// Chart kinds.
const (
	ChartLine ChartKind = iota // one polyline a series, a marker at each category, labels above the points
	ChartBar                   // one bar a category and series, grouped by category, labels above the bars
)

// Series is one set of values of a Chart, one per category.
type Series struct {
	Name      string    // legend entry: 累计支出进度, 序时进度, 年初预算数
	Values    []float64 // what is drawn, in Axis units (percentages as 18.0 for 18%); for drawing only
	Labels    []string  // what is printed at each point or bar, formatted by calc: 18.00%, 9,584.20; "" for none
	Reference bool      // a yardstick rather than data: drawn as a dashed line without value labels
}

// Axis is a Chart's value axis, from zero to Max in steps of Step.
type Axis struct {
	Max  float64 // the top of the axis, in the series' units; at least the largest value
	Step float64 // the distance between gridlines and tick labels; divides Max
	Unit string  // the unit, printed at the top of the axis and after tick labels: %, 万元
}

// Orientation is the orientation of a section's pages.
type Orientation int

// Orientations.
const (
	Portrait Orientation = iota
	Landscape
)

// Section starts a new page in the given orientation; the pages that follow keep it until
// the next Section. The score table sits in a Landscape section.
type Section struct {
	Orientation Orientation
}

// PageBreak starts a new page in the current orientation.
type PageBreak struct{}

func (*Title) block()       {}
func (*HeaderBlock) block() {}
func (*Heading) block()     {}
func (*Paragraph) block()   {}
func (*Table) block()       {}
func (*Chart) block()       {}
func (*Section) block()     {}
func (*PageBreak) block()   {}
