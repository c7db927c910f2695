package xlsx

import (
	"math"
	"strings"
	"unicode"
)

// Excel cannot autofit merged or wrapped cells when it opens a file, and excelize has no
// autofit at all, so column widths and row heights are estimated from the text. Widths are
// in Excel's column-width units (the width of one digit of the default font); a CJK
// character or a full-width form counts 2 units, anything else 1.

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

// runeWidth is the display width of r in column-width units at the body font size.
func runeWidth(r rune) float64 {
	if isWide(r) {
		return wideUnits
	}
	return 1
}

// isWide reports whether r is displayed at double width: CJK ideographs, kana, hangul,
// full-width forms, and the punctuation Chinese fonts draw full-width (“” —— … ≤ ≥ ×).
func isWide(r rune) bool {
	switch {
	case r >= 0x1100 && r <= 0x115F,
		r >= 0x2E80 && r <= 0xA4CF,
		r >= 0xAC00 && r <= 0xD7A3,
		r >= 0xF900 && r <= 0xFAFF,
		r >= 0xFE30 && r <= 0xFE4F,
		r >= 0xFF00 && r <= 0xFF60,
		r >= 0xFFE0 && r <= 0xFFE6,
		r >= 0x2010 && r <= 0x2027,            // dashes, quotes, ellipsis
		r >= 0x2190 && r <= 0x22FF,            // arrows, maths (≤ ≥ ≠)
		r == 0x00D7, r == 0x00F7, r == 0x00B7: // × ÷ ·
		return true
	}
	return unicode.Is(unicode.Han, r)
}

// textWidth is the width of the longest line of s in column-width units.
func textWidth(s string) float64 {
	longest := 0.0
	for _, line := range strings.Split(s, "\n") {
		w := 0.0
		for _, r := range line {
			w += runeWidth(r)
		}
		longest = math.Max(longest, w)
	}
	return longest
}

// wrappedLines is the number of lines s takes when wrapped in a column of the given width:
// each paragraph is filled greedily, character by character (CJK text breaks anywhere;
// breaking Latin words at any character slightly overestimates, which is the safe side).
func wrappedLines(s string, width float64) int {
	avail := math.Max(width-widthPadding, 2)
	lines := 0
	for _, para := range strings.Split(s, "\n") {
		n, used := 1, 0.0
		for _, r := range para {
			w := runeWidth(r)
			if used+w > avail {
				n++
				used = 0
			}
			used += w
		}
		lines += n
	}
	return lines
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
