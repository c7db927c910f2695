package report

import (
	"fmt"
	"strconv"
	"strings"
)

// Dump writes the document as text, one block per line (tables one row per line, charts
// one series per line), for golden tests.
func (d *Document) Dump() string {
	var b strings.Builder
	fmt.Fprintf(&b, "title: %s\nauthor: %s\nsubject: %s\n", d.Title, d.Author, d.Subject)
	for _, bl := range d.Blocks {
		dumpBlock(&b, bl)
	}
	return b.String()
}

var alignTag = map[Align]string{AlignCenter: "center", AlignRight: "right", AlignJustify: "justify"}

func dumpBlock(b *strings.Builder, bl Block) {
	switch x := bl.(type) {
	case *Title:
		fmt.Fprintf(b, "TITLE %s\n", x.Text)
	case *HeaderBlock:
		for _, l := range x.Lines {
			fmt.Fprintf(b, "FIELD %s\n", l.Text)
		}
	case *Heading:
		fmt.Fprintf(b, "H%d %s\n", x.Level, x.Text)
	case *Paragraph:
		tag := "P"
		if x.Missing {
			tag += "(missing)"
		}
		if x.Align != AlignJustify {
			tag += "(" + alignName(x.Align) + ")"
		}
		if x.NoIndent {
			tag += "(noindent)"
		}
		if x.Field != "" {
			tag += "[" + x.Field + "]"
		}
		fmt.Fprintf(b, "%s %s\n", tag, x.Text)
	case *Table:
		ws := make([]string, len(x.Widths))
		for i, w := range x.Widths {
			ws[i] = strconv.FormatFloat(w, 'g', -1, 64)
		}
		size := "normal"
		if x.Size == SizeSmall {
			size = "small"
		}
		cont := ""
		if x.Continued {
			cont = " | continued"
		}
		fmt.Fprintf(b, "TABLE %s | %s | widths %s | %s%s\n", x.Caption, x.Unit, strings.Join(ws, " "), size, cont)
		row := func(prefix string, cells []Cell) {
			parts := make([]string, len(cells))
			for i, c := range cells {
				s := strings.ReplaceAll(c.Text, "\n", "⏎")
				if Span(c.ColSpan) > 1 || Span(c.RowSpan) > 1 {
					s += fmt.Sprintf("{%dx%d}", Span(c.ColSpan), Span(c.RowSpan))
				}
				parts[i] = s
			}
			fmt.Fprintf(b, "  %s %s\n", prefix, strings.Join(parts, " | "))
		}
		for _, r := range x.Header {
			row("th", r)
		}
		for _, r := range x.Rows {
			row("td", r)
		}
	case *Chart:
		kind := "line"
		if x.Kind == ChartBar {
			kind = "bar"
		}
		fmt.Fprintf(b, "CHART %s %s | axis 0–%g step %g %s\n", kind, x.Title, x.Axis.Max, x.Axis.Step, x.Axis.Unit)
		fmt.Fprintf(b, "  categories %s\n", strings.Join(x.Categories, " | "))
		for _, s := range x.Series {
			vs := make([]string, len(s.Values))
			for i, v := range s.Values {
				vs[i] = strconv.FormatFloat(v, 'g', -1, 64)
			}
			tag := "series"
			if s.Reference {
				tag = "reference"
			}
			fmt.Fprintf(b, "  %s %s: %s [%s]\n", tag, s.Name, strings.Join(vs, " "), strings.Join(s.Labels, " "))
		}
	case *Section:
		o := "portrait"
		if x.Orientation == Landscape {
			o = "landscape"
		}
		fmt.Fprintf(b, "SECTION %s\n", o)
	case *PageBreak:
		b.WriteString("PAGEBREAK\n")
	}
}

func alignName(a Align) string {
	if s, ok := alignTag[a]; ok {
		return s
	}
	return "left"
}

// Text returns every text of the document in reading order, one block a line, for
// coverage checks and tests.
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
		case *Chart:
			b.WriteString(x.Title)
			for _, c := range x.Categories {
				b.WriteString(c)
			}
			for _, s := range x.Series {
				b.WriteString(s.Name)
				for _, l := range s.Labels {
					b.WriteString(l)
				}
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}
