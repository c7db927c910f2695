// Package pdf writes the 部门整体支出绩效自评报告 as a PDF in official-document form
// (GB/T 9704): Layout turns an Evaluation into a Document — a small model of blocks
// (title, headings, paragraphs, tables, page breaks) that tests can read without PDF
// bytes — and Render typesets a Document with gofpdf.
package pdf

import (
	"fmt"
	"strings"

	"selfeval/calc"
)

// Document is a report laid out as blocks, in reading order.
type Document struct {
	Title    string // document property and first bookmark: 2020年度部门整体支出绩效自评报告
	Author   string // document property: the department
	Subject  string // document property
	Blocks   []Block
	Warnings []calc.Check // e.g. a 文字说明 section left empty
}

// Block is one element of a Document: *Title, *HeaderBlock, *Heading, *Paragraph, *Table
// or *PageBreak.
type Block interface {
	dump(b *strings.Builder)
}

// Title is the report title, centred in the title font.
type Title struct {
	Text string
}

// HeaderBlock is the block under the title: 部门名称（公章）, 单位负责人（签章）, 填报人, 联系电话.
type HeaderBlock struct {
	Lines []HeaderLine
}

// HeaderLine is one line of the HeaderBlock.
type HeaderLine struct {
	Text  string // label and value: 部门名称（公章）：深圳市罗湖区智慧城市建设中心
	Field string // what users call the data in it, for error messages: 部门名称
}

// Heading is a section heading: level 1 一、 (黑体), 2 （一） (楷体), 3 1、 and 4 （1） (body font).
// Level 1 and 2 headings are bookmarked.
type Heading struct {
	Level int
	Text  string
}

// Paragraph is body text with a two-character first-line indent.
type Paragraph struct {
	Text    string
	Field   string // the source of the text, for error messages: 文字说明“主要职能”; empty for generated text
	Missing bool   // a placeholder for a section the department left empty
}

// Table is a bordered table with wrapped cells; its header rows repeat on every page it spans.
type Table struct {
	Caption  string    // 表1-1 部门整体支出预算资金来源与调整情况, centred above
	Unit     string    // 单位：万元, right-aligned above the header; empty for none
	Widths   []float64 // column widths in mm, summing to the body width
	FontSize float64   // points
	Header   [][]Cell  // header rows, repeated on each page
	Rows     [][]Cell  // body rows
	Field    string    // the source of the cells, for error messages
}

// Cell is one table cell. As in HTML, a row lists only the cells that start in it: the
// positions covered by a RowSpan from a row above are skipped.
type Cell struct {
	Text    string
	ColSpan int // 0 or 1: one column
	RowSpan int // 0 or 1: one row
	Align   Align
	Field   string // overrides the table's Field for error messages
}

// Align is a cell's horizontal alignment.
type Align int

// Alignments.
const (
	AlignLeft Align = iota
	AlignCenter
	AlignRight
)

// PageBreak starts a new page.
type PageBreak struct{}

func span(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

// Dump writes the document as text, one block per line (tables one row per line), for
// golden tests.
func (d *Document) Dump() string {
	var b strings.Builder
	fmt.Fprintf(&b, "title: %s\nauthor: %s\nsubject: %s\n", d.Title, d.Author, d.Subject)
	for _, w := range d.Warnings {
		fmt.Fprintf(&b, "warning: [%s] %s (%s)\n", w.Code, w.Message, w.CellList())
	}
	for _, bl := range d.Blocks {
		bl.dump(&b)
	}
	return b.String()
}

func (t *Title) dump(b *strings.Builder) { fmt.Fprintf(b, "TITLE %s\n", t.Text) }

func (h *HeaderBlock) dump(b *strings.Builder) {
	for _, l := range h.Lines {
		fmt.Fprintf(b, "FIELD %s\n", l.Text)
	}
}

func (h *Heading) dump(b *strings.Builder) {
	fmt.Fprintf(b, "H%d %s\n", h.Level, h.Text)
}

func (p *Paragraph) dump(b *strings.Builder) {
	tag := "P"
	if p.Missing {
		tag = "P(missing)"
	}
	if p.Field != "" {
		tag += "[" + p.Field + "]"
	}
	fmt.Fprintf(b, "%s %s\n", tag, p.Text)
}

func (t *Table) dump(b *strings.Builder) {
	ws := make([]string, len(t.Widths))
	for i, w := range t.Widths {
		ws[i] = fmt.Sprintf("%g", w)
	}
	fmt.Fprintf(b, "TABLE %s | %s | widths %s | %gpt\n", t.Caption, t.Unit, strings.Join(ws, " "), t.FontSize)
	row := func(prefix string, cells []Cell) {
		parts := make([]string, len(cells))
		for i, c := range cells {
			s := strings.ReplaceAll(c.Text, "\n", "⏎")
			if span(c.ColSpan) > 1 || span(c.RowSpan) > 1 {
				s += fmt.Sprintf("{%dx%d}", span(c.ColSpan), span(c.RowSpan))
			}
			parts[i] = s
		}
		fmt.Fprintf(b, "  %s %s\n", prefix, strings.Join(parts, " | "))
	}
	for _, r := range t.Header {
		row("th", r)
	}
	for _, r := range t.Rows {
		row("td", r)
	}
}

func (PageBreak) dump(b *strings.Builder) { b.WriteString("PAGEBREAK\n") }

// Text returns every text of the document in reading order, for coverage checks and tests.
func (d *Document) Text() string {
	var b strings.Builder
	for _, bl := range d.Blocks {
		switch x := bl.(type) {
		case *Title:
			b.WriteString(x.Text)
		case *HeaderBlock:
			for _, l := range x.Lines {
				b.WriteString(l.Text)
			}
		case *Heading:
			b.WriteString(x.Text)
		case *Paragraph:
			b.WriteString(x.Text)
		case *Table:
			b.WriteString(x.Caption + x.Unit)
			for _, rows := range [][][]Cell{x.Header, x.Rows} {
				for _, r := range rows {
					for _, c := range r {
						b.WriteString(c.Text)
					}
				}
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}
