package pdf

import (
	"math"

	"selfeval/writer/fonts"
	"selfeval/writer/report"
)

// placed is a cell at its grid position with its wrapped lines.
type placed struct {
	cell             report.Cell
	row, col         int
	colSpan, rowSpan int
	x, w             float64 // mm
	lines            []string
}

// grid places the cells of rows on a grid of ncols columns (HTML-style: positions
// covered by a row span from above are skipped).
func grid(rows [][]report.Cell, ncols int) [][]placed {
	out := make([][]placed, len(rows))
	busy := make([][]bool, len(rows))
	for i := range busy {
		busy[i] = make([]bool, ncols)
	}
	for i, row := range rows {
		col := 0
		for _, c := range row {
			for col < ncols && busy[i][col] {
				col++
			}
			if col >= ncols {
				break
			}
			cs, rs := report.Span(c.ColSpan), report.Span(c.RowSpan)
			cs = min(cs, ncols-col)
			rs = min(rs, len(rows)-i)
			for a := i; a < i+rs; a++ {
				for b := col; b < col+cs; b++ {
					busy[a][b] = true
				}
			}
			out[i] = append(out[i], placed{cell: c, row: i, col: col, colSpan: cs, rowSpan: rs})
			col += cs
		}
	}
	return out
}

// tableLayout is a table's cells wrapped and its rows measured.
type tableLayout struct {
	t       *report.Table
	size    float64   // cell type size, points
	x       []float64 // left edge of each column, plus the right edge
	pitch   float64   // line pitch, mm
	header  [][]placed
	headerH []float64
	body    [][]placed
	bodyH   []float64
}

// cellSize is the type size of a table's cells.
func (r *renderer) cellSize(t *report.Table) float64 {
	if t.Size == report.SizeSmall {
		return sizeSmall
	}
	return sizeTable
}

func (r *renderer) layoutTable(t *report.Table) *tableLayout {
	size := r.cellSize(t)
	tl := &tableLayout{t: t, size: size, pitch: size * ptToMM * tableLineK}
	scale := 1.0
	total := 0.0
	for _, w := range t.Widths {
		total += w
	}
	if total > 0 {
		scale = r.geom.width / total
	}
	tl.x = []float64{r.geom.left}
	for _, w := range t.Widths {
		tl.x = append(tl.x, tl.x[len(tl.x)-1]+w*scale)
	}
	n := len(t.Widths)
	wrap := func(rows [][]report.Cell) ([][]placed, []float64) {
		g := grid(rows, n)
		h := make([]float64, len(rows))
		for i := range g {
			for j := range g[i] {
				p := &g[i][j]
				p.x = tl.x[p.col]
				p.w = tl.x[p.col+p.colSpan] - p.x
				p.lines = breakLines(p.cell.Text, p.w-2*cellPadX, r.measure(r.set.Face(fonts.Table), size))
			}
		}
		minH := tl.pitch + 2*cellPadY
		for i := range h {
			h[i] = minH
			for _, p := range g[i] {
				if p.rowSpan == 1 {
					h[i] = math.Max(h[i], tl.contentH(len(p.lines)))
				}
			}
		}
		// A merged cell taller than its rows stretches the last of them.
		for i := range g {
			for _, p := range g[i] {
				if p.rowSpan == 1 {
					continue
				}
				have := 0.0
				for k := i; k < i+p.rowSpan; k++ {
					have += h[k]
				}
				if need := tl.contentH(len(p.lines)); need > have {
					h[i+p.rowSpan-1] += need - have
				}
			}
		}
		return g, h
	}
	tl.header, tl.headerH = wrap(t.Header)
	tl.body, tl.bodyH = wrap(t.Rows)
	return tl
}

func (tl *tableLayout) contentH(lines int) float64 {
	return float64(lines)*tl.pitch + 2*cellPadY
}

func sum(h []float64) float64 {
	s := 0.0
	for _, v := range h {
		s += v
	}
	return s
}

// minSplitLines is the fewest lines of a row split over two pages that either page holds.
const minSplitLines = 2

// band is a row, or the part of a row, placed on the current page.
type band struct {
	row      int
	y, h     float64
	from, to int  // the lines of the row's cells shown: [from, to)
	split    bool // part of a row taller than a page
}

// table draws a table: caption and unit kept with the header and the first row, the
// header repeated on every page (after the caption and ContinuedMark when the table is
// Continued), rows kept whole unless taller than a page or tall enough to split with
// minSplitLines on each page (then split between lines), merged cells drawn per page with
// their text repeated.
func (r *renderer) table(t *report.Table) {
	tl := r.layoutTable(t)
	capSize := sizeTable
	capPitch := capSize * ptToMM * 1.6
	capFace := r.set.Face(fonts.Heading1)
	caption := func(text string) {
		r.lines(breakLines(text, r.geom.width, r.measure(capFace, capSize)), capSize, capPitch, 0, report.AlignCenter, capFace)
	}
	headH := sum(tl.headerH)
	first := 0.0
	if len(tl.bodyH) > 0 {
		first = math.Min(tl.bodyH[0], BodyHeight/3)
	}
	top := 0.0
	if t.Caption != "" {
		top += capPitch
	}
	if t.Unit != "" {
		top += tl.pitch
	}
	if r.y+top+headH+first > r.geom.bottom && r.y > r.geom.top+0.01 {
		r.newPage()
	}
	if t.Caption != "" {
		caption(t.Caption)
	}
	if t.Unit != "" {
		face := r.set.Face(fonts.Table)
		w := r.textWidth(t.Unit, r.measure(face, tl.size))
		r.text(face, tl.size, r.geom.right-w, baseline(r.y, tl.pitch, tl.size), t.Unit, 0)
		r.y += tl.pitch
	}
	r.drawHeader(tl)

	var page []band
	flush := func() {
		r.drawBands(tl, page)
		page = page[:0]
	}
	next := func() {
		flush()
		r.newPage()
		if t.Continued && t.Caption != "" {
			caption(t.Caption + report.ContinuedMark)
		}
		r.drawHeader(tl)
	}
	room := r.geom.height - headH // the most a row can have on one page
	if t.Continued && t.Caption != "" {
		room -= capPitch
	}
	for i, h := range tl.bodyH {
		if r.y+h <= r.geom.bottom+0.01 {
			page = append(page, band{row: i, y: r.y, h: h, from: 0, to: math.MaxInt})
			r.y += h
			continue
		}
		maxLines := 0
		for _, p := range tl.body[i] {
			if p.rowSpan == 1 {
				maxLines = max(maxLines, len(p.lines))
			}
		}
		// A tall row that fits a page but not what is left of this one is split rather
		// than leave the rest of the page empty, when each part keeps a few lines and no
		// merged cell stretched the row.
		fitHere := int((r.geom.bottom - r.y - 2*cellPadY) / tl.pitch)
		split := fitHere >= minSplitLines && maxLines-fitHere >= minSplitLines && h <= tl.contentH(maxLines)+0.01
		if h <= room && !split {
			next()
			page = append(page, band{row: i, y: r.y, h: h, from: 0, to: math.MaxInt})
			r.y += h
			continue
		}
		// Split between lines.
		from := 0
		for from < maxLines || from == 0 {
			fit := int((r.geom.bottom - r.y - 2*cellPadY) / tl.pitch)
			if fit < 2 {
				next()
				continue
			}
			to := min(from+fit, maxLines)
			h := tl.contentH(to - from)
			page = append(page, band{row: i, y: r.y, h: h, from: from, to: to, split: true})
			r.y += h
			from = to
			if from < maxLines {
				next()
			}
			if maxLines == 0 {
				break
			}
		}
	}
	flush()
	r.y += blockGap
}

// drawHeader draws the header rows at r.y.
func (r *renderer) drawHeader(tl *tableLayout) {
	ys := make([]float64, len(tl.headerH)+1)
	ys[0] = r.y
	for i, h := range tl.headerH {
		ys[i+1] = ys[i] + h
	}
	for i := range tl.header {
		for _, p := range tl.header[i] {
			r.cell(tl, p, ys[i], ys[i+p.rowSpan]-ys[i], p.lines)
		}
	}
	r.y = ys[len(ys)-1]
}

// drawBands draws the rows placed on the current page. A merged cell is drawn once per
// page over the rows of its span on that page, its text repeated.
func (r *renderer) drawBands(tl *tableLayout, bands []band) {
	if len(bands) == 0 {
		return
	}
	for _, b := range bands {
		for _, p := range tl.body[b.row] {
			if p.rowSpan > 1 {
				continue
			}
			ls := p.lines
			if b.split {
				ls = ls[min(b.from, len(ls)):min(b.to, len(ls))]
			}
			r.cell(tl, p, b.y, b.h, ls)
		}
	}
	// Merged cells: every span that overlaps this page's rows.
	firstRow, lastRow := bands[0].row, bands[len(bands)-1].row
	for i := range tl.body {
		for _, p := range tl.body[i] {
			if p.rowSpan == 1 || i > lastRow || i+p.rowSpan-1 < firstRow {
				continue
			}
			top, bottom := math.Inf(1), math.Inf(-1)
			for _, b := range bands {
				if b.row >= i && b.row < i+p.rowSpan {
					top = math.Min(top, b.y)
					bottom = math.Max(bottom, b.y+b.h)
				}
			}
			if top < bottom {
				r.cell(tl, p, top, bottom-top, p.lines)
			}
		}
	}
}

// cell draws a cell's border and its lines, vertically centred.
func (r *renderer) cell(tl *tableLayout, p placed, y, h float64, lines []string) {
	pdf := r.pdf
	pdf.Rect(p.x, y, p.w, h, "D")
	if len(lines) == 0 {
		return
	}
	size := tl.size
	face := r.set.Face(fonts.Table)
	m := r.measure(face, size)
	textH := float64(len(lines)) * tl.pitch
	top := y + (h-textH)/2
	if textH > h-2*cellPadY {
		top = y + cellPadY
	}
	for k, l := range lines {
		if l == "" {
			continue
		}
		x := p.x + cellPadX
		switch p.cell.Align {
		case report.AlignCenter:
			x = p.x + (p.w-r.textWidth(l, m))/2
		case report.AlignRight:
			x = p.x + p.w - cellPadX - r.textWidth(l, m)
		}
		r.text(face, size, x, baseline(top+float64(k)*tl.pitch, tl.pitch, size), l, 0)
	}
}
