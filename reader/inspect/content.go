package inspect

import (
	"context"
	"encoding/xml"
	"fmt"
	"strings"
)

// Grid asks Read to keep what the worksheets hold: the cells in the first MaxRows rows and
// MaxCols columns of each worksheet, its merged ranges and its hidden rows and columns. What
// lies beyond is still checked, but not kept, so the memory a sheet costs is bounded by the
// grid whatever the file holds.
type Grid struct {
	MaxRows, MaxCols int // both > 0
}

// Content is what one worksheet holds within the Grid. Rows and columns are 0-based.
type Content struct {
	// Worksheet is false for chart, dialog and macro sheets: they hold no cells to read.
	Worksheet bool
	// Rows and Cols are the extent of the cells holding a value or formula, before bounding:
	// a sheet larger than the grid has Rows > Grid.MaxRows or Cols > Grid.MaxCols.
	Rows, Cols int
	// Cells are the cells within the grid holding a value or a formula, in file order (row by
	// row, left to right).
	Cells []Cell
	// Merges are the merged ranges as written, e.g. "C5:D6", those starting inside the grid.
	Merges []string
	// HiddenRows and HiddenCols mark the hidden rows and columns within the grid.
	HiddenRows, HiddenCols []bool
}

// Cell is one cell holding a value or a formula.
type Cell struct {
	Row, Col int
	// Type is the t= attribute: "" or "n" (number), "s" (shared string), "str" (formula
	// text), "inlineStr", "b" (boolean), "e" (error value), "d" (ISO date).
	Type string
	// Value is the raw value: the number as written, the text of a shared or inline string,
	// "0" or "1" for a boolean, the error value. "" when the cell has none.
	Value string
	// Cached reports whether the cell holds a value (for a formula: a cached result). An
	// empty <v/> is no value, except in a text result (t="str"), where it is the empty string.
	Cached bool
	// Formula is the cell's formula without "=", "" when it has none. A cell sharing the
	// formula of another (<f t="shared" si="…"/>) gets the text written at that cell, and
	// FormulaRow and FormulaCol say where that is, so that relative references can be moved.
	Formula                string
	FormulaRow, FormulaCol int
	// FormulaTooLong reports a formula longer than Excel's 8,192 characters; Formula is "".
	FormulaTooLong bool
}

// maxFormula is the length of a formula Excel allows, in bytes here (a generous bound).
const maxFormula = 8192 * 3

// Read is InspectBytes that also keeps the worksheets' contents within g (see Content), and
// stops with an error wrapping ctx.Err() when ctx is done. Each Sheet of the Report carries its
// Content.
func Read(ctx context.Context, data []byte, lim Limits, g Grid) (*Report, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	return inspectWith(ctx, data, lim, &g)
}

// ctxError is the error of a cancelled inspection; it wraps ctx.Err().
func ctxError(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s：%w", msgCancelled, err)
	}
	return nil
}

// shared is a formula written once for several cells (<f t="shared" si="0" ref="C2:C9">).
type sharedFormula struct {
	text     string
	row, col int
	tooLong  bool
}

// collector keeps one worksheet's content for Read.
type collector struct {
	g       *Grid
	c       *Content
	strs    []string // the shared strings
	shared  map[string]sharedFormula
	text    strings.Builder // the current cell's inline string
	f       strings.Builder // the current cell's formula text
	fLong   bool
	fShared string // si= of a shared formula
	fMaster bool   // the <f> carries the shared formula's text
}

func newCollector(g *Grid, strs []string) *collector {
	return &collector{g: g, strs: strs, c: &Content{Worksheet: true,
		HiddenRows: make([]bool, g.MaxRows), HiddenCols: make([]bool, g.MaxCols)}}
}

func (k *collector) inGrid(row, col int) bool {
	return row >= 1 && col >= 1 && row <= k.g.MaxRows && col <= k.g.MaxCols
}

// startCell resets the per-cell buffers.
func (k *collector) startCell() {
	k.text.Reset()
	k.f.Reset()
	k.fLong, k.fShared, k.fMaster = false, "", false
}

// formulaAttrs reads the attributes of the cell's <f>: a shared formula has t="shared" and
// si=, and the cell it is written at has ref= too.
func (k *collector) formulaAttrs(attrs []xml.Attr) {
	var t, si string
	ref := false
	for _, a := range attrs {
		switch a.Name.Local {
		case "t":
			t = a.Value
		case "si":
			si = a.Value
		case "ref":
			ref = true
		}
	}
	if t == "shared" {
		k.fShared, k.fMaster = si, ref
	}
}

// formulaText adds text of the cell's <f>.
func (k *collector) formulaText(b []byte) {
	if k.f.Len()+len(b) > maxFormula {
		k.fLong = true
		return
	}
	k.f.Write(b)
}

// cell records a finished cell (1-based row and column from the scanner).
func (k *collector) cell(s *sheetScanner) {
	if !s.hasV && !s.hasI && !s.hasF {
		return
	}
	k.c.Rows, k.c.Cols = max(k.c.Rows, s.row), max(k.c.Cols, s.col)
	var formula string
	frow, fcol, flong := s.row-1, s.col-1, k.fLong
	if s.hasF {
		formula = k.f.String()
		switch {
		case k.fShared != "" && k.fMaster:
			if k.shared == nil {
				k.shared = map[string]sharedFormula{}
			}
			k.shared[k.fShared] = sharedFormula{formula, frow, fcol, flong}
		case k.fShared != "":
			if m, ok := k.shared[k.fShared]; ok {
				formula, frow, fcol, flong = m.text, m.row, m.col, m.tooLong
			}
		}
		if flong {
			formula = ""
		}
	}
	if !k.inGrid(s.row, s.col) {
		return
	}
	c := Cell{Row: s.row - 1, Col: s.col - 1, Type: s.typ, Formula: formula, FormulaRow: frow, FormulaCol: fcol, FormulaTooLong: flong}
	switch {
	case s.hasI && s.typ == "inlineStr":
		c.Value, c.Cached = k.text.String(), true
	case s.hasV && s.typ == "s":
		if i, ok := parseIndex(s.v); ok && i < len(k.strs) {
			c.Value, c.Cached = k.strs[i], true
		}
	case s.hasV:
		c.Value = string(s.v)
		c.Cached = c.Value != "" || s.typ == "str"
	}
	k.c.Cells = append(k.c.Cells, c)
}

// hideRow marks a hidden row (1-based).
func (k *collector) hideRow(row int) {
	if row >= 1 && row <= k.g.MaxRows {
		k.c.HiddenRows[row-1] = true
	}
}

// hideCols marks hidden columns min..max (1-based).
func (k *collector) hideCols(lo, hi int) {
	lo, hi = max(lo, 1), min(hi, k.g.MaxCols)
	for c := lo; c <= hi; c++ {
		k.c.HiddenCols[c-1] = true
	}
}
