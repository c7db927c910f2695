package docx

import (
	"io"
	"math"
	"strconv"
	"time"

	"selfeval/calc"
	"selfeval/writer/report"
)

// Options control Write and Render. The zero value is the default.
type Options struct {
	// Date is the document's creation and modification date (docProps/core.xml). Zero means
	// 1 January of the year after the report year (Write) or 1 January 2000 (Render),
	// 00:00 UTC, so output never depends on the clock; the caller sets it from
	// SOURCE_DATE_EPOCH when that is set.
	Date time.Time
	// Layout controls how Write lays the report out (the wording template).
	Layout report.Options
}

// sizeSmall is the type size of report.SizeSmall tables (the score table) in half-points:
// 小五, as in the PDF. Its narrow columns (权重 9 mm of the landscape 225) hold 100 and 90.73
// at this size even where Times New Roman is replaced by a wider font (DejaVu Serif on a
// bare Linux); at 五号 they broke inside the number.
const sizeSmall = 18

// Chart geometry: the body width, at most this high.
const chartMaxHeight = 85 * emuPerMM

// Series colours: data series in turn, reference series (序时进度) in grey, dashed.
var (
	seriesColors   = []string{"C00000", "2F5597", "548235", "BF9000"}
	referenceColor = "7F7F7F"
)

// Write lays out the report of an evaluation and renders it as a Word document.
func Write(w io.Writer, e *calc.Evaluation, opt Options) error {
	doc, err := report.Layout(e, opt.Layout)
	if err != nil {
		return err
	}
	if opt.Date.IsZero() && e.Department != nil && e.Department.Info.Year > 0 {
		opt.Date = time.Date(e.Department.Info.Year+1, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return Render(w, doc, opt)
}

// Render writes doc as a Word document. The same document and options always give the
// same bytes.
func Render(w io.Writer, doc *report.Document, opt Options) error {
	r := &renderer{body: newBody(256 << 10)}
	r.sectionStart = len(r.b)
	for _, bl := range doc.Blocks {
		if err := r.block(bl); err != nil {
			return err
		}
	}
	date := opt.Date
	if date.IsZero() {
		date = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return writePackage(w, r.body, r.page(), properties{title: doc.Title, subject: doc.Subject, author: doc.Author, date: date})
}

// renderer turns report blocks into WordprocessingML.
type renderer struct {
	*body
	orient       report.Orientation
	sectionStart int // len(b) when the current section began
}

func (r *renderer) page() page { return page{landscape: r.orient == report.Landscape} }

// width is the type area's width in the current orientation, twips.
func (r *renderer) width() int {
	if r.orient == report.Landscape {
		return bodyH
	}
	return bodyW
}

var jcOf = map[report.Align]string{report.AlignLeft: "left", report.AlignCenter: "center", report.AlignRight: "right", report.AlignJustify: "both"}

func (r *renderer) block(bl report.Block) error {
	switch x := bl.(type) {
	case *report.Title:
		r.paragraph(para{style: styleTitle}, x.Text)
	case *report.HeaderBlock:
		for i, l := range x.Lines {
			p := para{jc: "left"}
			if i == len(x.Lines)-1 {
				p.after = linePitch
			}
			r.paragraph(p, l.Text)
		}
	case *report.Heading:
		lvl := min(max(x.Level, 1), maxHeadingLvl)
		r.paragraph(para{style: styleHeading + strconv.Itoa(lvl)}, x.Text)
	case *report.Paragraph:
		p := para{style: styleIndent}
		if x.NoIndent || x.Align == report.AlignCenter || x.Align == report.AlignRight {
			p.style = styleNormal
		}
		if x.Align != report.AlignJustify {
			p.jc = jcOf[x.Align]
		}
		r.paragraph(p, x.Text)
	case *report.Table:
		return r.table(x)
	case *report.Chart:
		r.chart(x)
	case *report.Section:
		if len(r.b) > r.sectionStart {
			r.endSection(r.page())
			r.sectionStart = len(r.b)
		}
		r.orient = x.Orientation
	case *report.PageBreak:
		r.pageBreak()
	}
	return nil
}

func (r *renderer) table(t *report.Table) error {
	if t.Caption != "" {
		r.paragraph(para{style: styleCaption}, t.Caption)
	}
	if t.Unit != "" {
		r.paragraph(para{style: styleUnit}, t.Unit)
	}
	spec := table{widths: scale(t.Widths, r.width()), header: len(t.Header)}
	if t.Size == report.SizeSmall {
		spec.rPr = "<w:rPr>" + sz(sizeSmall) + "</w:rPr>"
	}
	spec.rows = make([][]cell, 0, len(t.Header)+len(t.Rows))
	for _, rows := range [][][]report.Cell{t.Header, t.Rows} {
		for _, row := range rows {
			cs := make([]cell, len(row))
			for i, c := range row {
				cs[i] = cell{text: c.Text, colSpan: c.ColSpan, rowSpan: c.RowSpan}
				if c.Align == report.AlignCenter || c.Align == report.AlignRight {
					cs[i].jc = jcOf[c.Align]
				}
			}
			spec.rows = append(spec.rows, cs)
		}
	}
	return r.body.table(spec)
}

// scale turns relative column widths into twips filling total; the last column takes
// the rounding.
func scale(rel []float64, total int) []int {
	sum := 0.0
	for _, w := range rel {
		sum += math.Max(w, 0)
	}
	out := make([]int, len(rel))
	used := 0
	for i, w := range rel {
		if sum > 0 {
			out[i] = int(math.Round(math.Max(w, 0) / sum * float64(total)))
		} else {
			out[i] = total / len(rel)
		}
		used += out[i]
	}
	if len(out) > 0 {
		out[len(out)-1] += total - used
	}
	return out
}

// chart draws a chart under its caption.
func (r *renderer) chart(c *report.Chart) {
	if c.Title != "" {
		r.paragraph(para{style: styleCaption}, c.Title)
	}
	ch := chart{kind: lineChart, categories: c.Categories, format: "#,##0", axisTitle: c.Axis.Unit}
	if c.Kind == report.ChartBar {
		ch.kind = barChart
	}
	if c.Axis.Unit == "%" {
		ch.format, ch.axisTitle = `0"%"`, ""
	}
	if c.Axis.Max > 0 {
		ch.max = number(c.Axis.Max)
	}
	if c.Axis.Step > 0 {
		ch.step = number(c.Axis.Step)
	}
	var ref []float64 // the first reference series: a data label goes on the side away from it
	for _, s := range c.Series {
		if s.Reference {
			ref = s.Values
			break
		}
	}
	data := 0
	for _, s := range c.Series {
		sr := series{name: s.Name, values: make([]string, len(s.Values))}
		for i, v := range s.Values {
			sr.values[i] = number(v)
		}
		if s.Reference {
			sr.color, sr.dashed = referenceColor, true
		} else {
			sr.color = seriesColors[data%len(seriesColors)]
			sr.labels = s.Labels
			if ch.kind == lineChart && ref != nil {
				sr.below = make([]bool, len(s.Values))
				for k, v := range s.Values {
					sr.below[k] = k < len(ref) && v < ref[k]
				}
			}
			data++
		}
		ch.series = append(ch.series, sr)
	}
	ch.cx = r.width() * 635 // twips to EMU
	ch.cy = min(ch.cx*55/100, chartMaxHeight)
	r.drawing(ch)
}

// number formats a value drawn on a chart; NaN and infinities are gaps.
func number(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
