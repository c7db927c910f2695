package xlsx

import (
	"math"

	"selfeval/writer/workbook"
)

// Excel cannot autofit merged or wrapped cells when it opens a file, and excelize has no
// autofit at all, so column widths and row heights are estimated from the text. Widths are
// in Excel's column-width units (the width of one digit of the default font); a wide
// character (workbook.IsWide: CJK, full-width forms and punctuation) counts wideUnits,
// anything else 1.

const (
	bodyFontSize  = 10.0 // points, body cells
	lineHeight    = 13.5 // points per wrapped line at bodyFontSize (宋体 10 pt in Excel)
	cellPadding   = 4.0  // points above and below the text
	widthPadding  = 1.5  // column-width units lost to the cell's margins
	minRowHeight  = 18.0 // points
	maxRowHeight  = 409.0
	headerLineFit = 1.0 // extra units a header needs
)

// wideUnits is the width of a CJK character in column-width units: 2 at the 11-point
// default font, scaled to the body font size.
const wideUnits = 2 * bodyFontSize / 11

// textWidth is the width of the longest line of s in column-width units.
func textWidth(s string) float64 { return workbook.Width(s, wideUnits) }

// wrappedLines is the number of lines s takes when wrapped in a column of the given width
// (workbook.Lines, in what the cell's margins leave of the width).
func wrappedLines(s string, width float64) int {
	return workbook.Lines(s, math.Max(width-widthPadding, 2), wideUnits)
}

// rowHeight is the height in points that fits lines wrapped lines of body text.
func rowHeight(lines int) float64 {
	h := float64(lines)*lineHeight + cellPadding
	return math.Min(math.Max(h, minRowHeight), maxRowHeight)
}

// indentWidth is the width in column-width units that an alignment indent of the given
// level takes from a cell (about three characters per level).
func indentWidth(level int) float64 { return 3 * float64(level) }

// fitWidth is a column width that holds s on one line, at least min and at most max.
func fitWidth(s string, min, max float64) float64 {
	return math.Min(math.Max(textWidth(s)+widthPadding+headerLineFit, min), max)
}

// heights accumulates, per row, the height the row's wrapped cells need.
type heights map[int]float64

// need records that row needs at least h points.
func (hs heights) need(row int, h float64) {
	if h > hs[row] {
		hs[row] = h
	}
}

// fit records that text in a column of the given width spans rows (first … first+span-1):
// the rows together must hold it; any shortfall goes to the last row.
func (hs heights) fit(first, span int, text string, width float64) {
	h := rowHeight(wrappedLines(text, width))
	if span <= 1 {
		hs.need(first, h)
		return
	}
	have := 0.0
	for r := first; r < first+span; r++ {
		have += math.Max(hs[r], minRowHeight)
	}
	if have < h {
		last := first + span - 1
		hs.need(last, math.Max(hs[last], minRowHeight)+h-have)
	}
}
