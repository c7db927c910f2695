package docx

import (
	"fmt"
	"strconv"
)

// body accumulates word/document.xml's <w:body>. A section ends with the paragraph that
// carries its w:sectPr, so a section break joins the last paragraph when nothing came
// after it, and a page break waits for the next paragraph (w:pageBreakBefore): neither
// leaves an empty line on a page.
type body struct {
	b         []byte
	pPrEnd    int  // offset of the last paragraph's "</w:pPr>"
	paraEnd   int  // len(b) just after the last paragraph; -1 when a table came after it
	breakNext bool // a page break is pending
	charts    [][]byte
	drawings  int // wp:docPr ids given out
}

// documentHead starts word/document.xml; the body is written after it in the same buffer.
const documentHead = xmlDecl + `<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `" xmlns:wp="` + nsWP + `"><w:body>`

func newBody(sizeHint int) *body {
	b := make([]byte, 0, max(sizeHint, 4096))
	return &body{b: append(b, documentHead...), paraEnd: -1}
}

// para is a paragraph's properties.
type para struct {
	style    string // style ID; "" is Normal
	jc       string // alignment overriding the style's: left, center, right, both
	after    int    // space after, twips; 0 is the style's
	keepNext bool
	rPr      string // run properties of its text, <w:rPr>…</w:rPr>
}

// paragraph appends a paragraph of text.
func (w *body) paragraph(p para, text string) {
	w.open(p)
	w.b = appendRuns(w.b, text, p.rPr)
	w.close()
}

// open appends a paragraph's start and its properties.
func (w *body) open(p para) {
	w.b = append(w.b, "<w:p><w:pPr>"...)
	if p.style != "" && p.style != styleNormal {
		w.b = append(w.b, `<w:pStyle w:val="`...)
		w.b = append(w.b, p.style...)
		w.b = append(w.b, `"/>`...)
	}
	if p.keepNext {
		w.b = append(w.b, "<w:keepNext/>"...)
	}
	if w.breakNext {
		w.b = append(w.b, "<w:pageBreakBefore/>"...)
		w.breakNext = false
	}
	if p.after > 0 {
		w.b = append(w.b, `<w:spacing w:after="`...)
		w.b = strconv.AppendInt(w.b, int64(p.after), 10)
		w.b = append(w.b, `"/>`...)
	}
	if p.jc != "" {
		w.b = append(w.b, `<w:jc w:val="`...)
		w.b = append(w.b, p.jc...)
		w.b = append(w.b, `"/>`...)
	}
	w.pPrEnd = len(w.b)
	w.b = append(w.b, "</w:pPr>"...)
}

func (w *body) close() {
	w.b = append(w.b, "</w:p>"...)
	w.paraEnd = len(w.b)
}

// pageBreak starts a new page before what comes next.
func (w *body) pageBreak() { w.breakNext = true }

// flushBreak writes a pending page break as a paragraph of its own, before a table (a
// table cannot carry w:pageBreakBefore).
func (w *body) flushBreak() {
	if w.breakNext {
		w.b = append(w.b, `<w:p><w:pPr><w:pageBreakBefore/><w:spacing w:line="240" w:lineRule="auto"/>`...)
		w.pPrEnd = len(w.b)
		w.b = append(w.b, `</w:pPr></w:p>`...)
		w.paraEnd = len(w.b)
		w.breakNext = false
	}
}

// page is the setup of a section.
type page struct {
	landscape bool
}

// endSection ends the section so far, whose pages are set up as pg; what follows starts on
// a new page. A page break pending is then moot.
func (w *body) endSection(pg page) {
	sect := appendSectPr(nil, pg)
	if w.paraEnd == len(w.b) {
		// Join the last paragraph: insert before its "</w:pPr>".
		w.b = append(w.b[:w.pPrEnd], append(sect, w.b[w.pPrEnd:]...)...)
	} else {
		w.b = append(w.b, `<w:p><w:pPr><w:spacing w:line="240" w:lineRule="auto"/>`...)
		w.b = append(w.b, sect...)
		w.b = append(w.b, `</w:pPr></w:p>`...)
	}
	w.paraEnd = -1
	w.breakNext = false
}

// appendSectPr appends a w:sectPr: A4 portrait or landscape with the GB/T 9704 type area,
// the odd and even page-number footers, the 22-line grid.
func appendSectPr(b []byte, pg page) []byte {
	b = append(b, `<w:sectPr><w:footerReference w:type="default" r:id="`+ridFooterOdd+`"/><w:footerReference w:type="even" r:id="`+ridFooterEven+`"/>`...)
	if pg.landscape {
		b = append(b, `<w:pgSz w:w="`+itoa(pageH)+`" w:h="`+itoa(pageW)+`" w:orient="landscape"/>`+
			`<w:pgMar w:top="`+itoa(marginLeft)+`" w:right="`+itoa(marginTop)+`" w:bottom="`+itoa(marginRight)+`" w:left="`+itoa(marginBottom)+
			`" w:header="`+itoa(headerDist)+`" w:footer="`+itoa(landscapeFooterDist)+`" w:gutter="0"/>`...)
	} else {
		b = append(b, `<w:pgSz w:w="`+itoa(pageW)+`" w:h="`+itoa(pageH)+`"/>`+
			`<w:pgMar w:top="`+itoa(marginTop)+`" w:right="`+itoa(marginRight)+`" w:bottom="`+itoa(marginBottom)+`" w:left="`+itoa(marginLeft)+
			`" w:header="`+itoa(headerDist)+`" w:footer="`+itoa(footerDist)+`" w:gutter="0"/>`...)
	}
	return append(b, `<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="`+itoa(linePitch)+`"/></w:sectPr>`...)
}

func itoa(n int) string { return strconv.Itoa(n) }

// cell is one table cell. As in HTML, a row lists only the cells that start in it.
type cell struct {
	text    string
	colSpan int    // ≤ 1: one column
	rowSpan int    // ≤ 1: one row
	jc      string // left, center, right
}

// table is a bordered table of fixed column widths.
type table struct {
	widths []int // twips
	header int   // the first header rows repeat on every page
	rows   [][]cell
	rPr    string // run properties of the cells' text, <w:rPr>…</w:rPr>; empty for 小四
}

// TableError is a table whose rows do not fit its columns.
type TableError struct {
	Row, Columns, Cells int
}

func (e *TableError) Error() string {
	return fmt.Sprintf("docx: table row %d spans %d columns, more than the table's %d", e.Row+1, e.Cells, e.Columns)
}

// table appends t: a merged cell spans columns with w:gridSpan and rows with w:vMerge, a
// continuation cell standing in each row it covers below its first.
func (w *body) table(t table) error {
	w.flushBreak()
	n := len(t.widths)
	total := 0
	for _, x := range t.widths {
		total += x
	}
	b := w.b
	b = append(b, `<w:tbl><w:tblPr><w:tblStyle w:val="`+styleGridTbl+`"/><w:tblW w:w="`...)
	b = strconv.AppendInt(b, int64(total), 10)
	b = append(b, `" w:type="dxa"/><w:jc w:val="center"/>`+tblBorders+`<w:tblLayout w:type="fixed"/>`+
		`<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="68" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/><w:right w:w="68" w:type="dxa"/></w:tblCellMar>`+
		`<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>`...)
	for _, x := range t.widths {
		b = append(b, `<w:gridCol w:w="`...)
		b = strconv.AppendInt(b, int64(x), 10)
		b = append(b, `"/>`...)
	}
	b = append(b, `</w:tblGrid>`...)

	type cover struct{ rows, span int } // rows still covered below a vertically merged cell
	covered := make([]cover, n)
	for ri, row := range t.rows {
		b = append(b, `<w:tr>`...)
		if ri < t.header {
			b = append(b, `<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>`...)
		}
		next := 0
		for col := 0; col < n; {
			if c := covered[col]; c.rows > 0 {
				covered[col].rows--
				b = appendCellStart(b, t.widths[col:col+c.span], c.span, "continue")
				b = append(b, `<w:p><w:pPr><w:pStyle w:val="`+styleTable+`"/></w:pPr></w:p></w:tc>`...)
				col += c.span
				continue
			}
			if next >= len(row) {
				// A short row: fill it with empty cells so every row spans the grid.
				b = appendCellStart(b, t.widths[col:col+1], 1, "")
				b = append(b, `<w:p><w:pPr><w:pStyle w:val="`+styleTable+`"/></w:pPr></w:p></w:tc>`...)
				col++
				continue
			}
			c := row[next]
			next++
			cs := max(c.colSpan, 1)
			for k := 1; k < cs; k++ {
				if col+k >= n || covered[col+k].rows > 0 {
					w.b = b
					return &TableError{Row: ri, Columns: n, Cells: col + cs}
				}
			}
			rs := min(max(c.rowSpan, 1), len(t.rows)-ri)
			merge := ""
			if rs > 1 {
				merge = "restart"
				covered[col] = cover{rows: rs - 1, span: cs}
			}
			b = appendCellStart(b, t.widths[col:col+cs], cs, merge)
			b = append(b, `<w:p><w:pPr><w:pStyle w:val="`+styleTable+`"/>`...)
			if c.jc != "" && c.jc != "left" {
				b = append(b, `<w:jc w:val="`...)
				b = append(b, c.jc...)
				b = append(b, `"/>`...)
			}
			b = append(b, `</w:pPr>`...)
			b = appendRuns(b, c.text, t.rPr)
			b = append(b, `</w:p></w:tc>`...)
			col += cs
		}
		if next < len(row) {
			w.b = b
			return &TableError{Row: ri, Columns: n, Cells: n + len(row) - next}
		}
		b = append(b, `</w:tr>`...)
	}
	w.b = append(b, `</w:tbl>`...)
	w.paraEnd = -1
	return nil
}

// appendCellStart appends <w:tc> and its properties: the width of the columns it spans,
// its span, its vertical merge (restart, continue or none), centred vertically.
func appendCellStart(b []byte, widths []int, span int, vMerge string) []byte {
	wd := 0
	for _, x := range widths {
		wd += x
	}
	b = append(b, `<w:tc><w:tcPr><w:tcW w:w="`...)
	b = strconv.AppendInt(b, int64(wd), 10)
	b = append(b, `" w:type="dxa"/>`...)
	if span > 1 {
		b = append(b, `<w:gridSpan w:val="`...)
		b = strconv.AppendInt(b, int64(span), 10)
		b = append(b, `"/>`...)
	}
	switch vMerge {
	case "restart":
		b = append(b, `<w:vMerge w:val="restart"/>`...)
	case "continue":
		b = append(b, `<w:vMerge/>`...)
	}
	return append(b, `<w:vAlign w:val="center"/></w:tcPr>`...)
}
