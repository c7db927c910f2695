package reader

import (
	"strconv"
	"strings"

	"selfeval/reader/inspect"
)

// sheet is one worksheet's used range, read once: every cell's raw value, the merged
// ranges and where to ask for cell types, formulas and visibility. Rows and columns are
// 0-based here; refs shown to users are A1-style.
type sheet struct {
	name      string
	hidden    bool
	rows      int    // rows read (the used range, bounded)
	cols      int    // columns read
	stride    int    // row stride of vals
	dim       string // the used range found, e.g. "A1:H40", before bounding
	truncated bool   // the used range is larger than the bounds; only the bounded part was read
	maxRows   int    // the row bound: a table running into it may go on unread

	vals   []string       // raw values by r*stride+c; covered cells of a merged range hold ""
	anchor map[int]int    // covered cell → the top-left cell of its merged range
	merged map[int]string // top-left cell of a merged range → the range, e.g. "C5:C6"

	meta *cellMeta // nil for grids built in tests: every cell is then plain text
}

// cellType is what a cell's t= attribute says it holds.
type cellType byte

const (
	typeText   cellType = iota // shared, inline or formula string (and grids built in tests)
	typeNumber                 // a number (no t=, or t="n")
	typeBool                   // t="b"
	typeError                  // t="e": #DIV/0!, #REF! …
	typeDate                   // t="d": an ISO 8601 date
)

// cellTypeOf maps a t= attribute to a cellType.
func cellTypeOf(t string) cellType {
	switch t {
	case "", "n":
		return typeNumber
	case "b":
		return typeBool
	case "e":
		return typeError
	case "d":
		return typeDate
	}
	return typeText
}

// cellMeta answers what raw values do not tell: a cell's type and formula, whether a formula
// without a cached value could be computed, and whether a row or column is hidden. Cells
// are keyed by r*stride+c like vals.
type cellMeta struct {
	types      map[int]cellType    // cells not of typeText
	formulas   map[int]formulaCell // cells with a formula
	failed     map[int]error       // formulas without a cached value that could not be computed
	hiddenRows []bool              // by row
	hiddenCols []bool              // by column
}

// formulaCell is a formula and where its text is written (another cell for a shared formula).
type formulaCell struct {
	text     string
	row, col int  // 0-based, where text is written
	cached   bool // the file holds its result
	tooLong  bool
}

// cell returns the type and formula of cell (r, c).
func (m *cellMeta) cell(s *sheet, r, c int) (cellType, string) {
	i := r*s.stride + c
	typ, ok := m.types[i]
	if !ok {
		typ = typeText
	}
	return typ, m.formulas[i].text
}

// formulaErr returns why the formula of cell (r, c), which has no cached value, could not be
// computed; nil if it has none or was computed.
func (m *cellMeta) formulaErr(s *sheet, r, c int) error { return m.failed[r*s.stride+c] }

func (m *cellMeta) rowHidden(row int) bool { return row < len(m.hiddenRows) && m.hiddenRows[row] }
func (m *cellMeta) colHidden(col int) bool { return col < len(m.hiddenCols) && m.hiddenCols[col] }

// at returns the raw value of a cell; "" outside the grid and for covered cells of a merge.
func (s *sheet) at(r, c int) string {
	if r < 0 || c < 0 || r >= s.rows || c >= s.cols {
		return ""
	}
	return s.vals[r*s.stride+c]
}

// label returns a cell's value with merged ranges resolved: a covered cell reads as the
// top-left cell of its range, so a merged label applies to every row it spans.
func (s *sheet) label(r, c int) string {
	if r < 0 || c < 0 || r >= s.rows || c >= s.cols {
		return ""
	}
	i := r*s.stride + c
	if a, ok := s.anchor[i]; ok {
		return s.vals[a]
	}
	return s.vals[i]
}

// covered reports whether a cell lies inside a merged range other than at its top-left.
func (s *sheet) covered(r, c int) bool {
	_, ok := s.anchor[r*s.stride+c]
	return ok
}

// mergeAt returns the merged range whose top-left cell is (r, c), if any.
func (s *sheet) mergeAt(r, c int) (string, bool) {
	m, ok := s.merged[r*s.stride+c]
	return m, ok
}

// ref returns the A1-style reference of a 0-based cell.
func ref(r, c int) string {
	return colName(c) + strconv.Itoa(r+1)
}

// colName returns the letters of a 0-based column: 0 → A, 26 → AA.
func colName(c int) string {
	if c < len(colNames) {
		return colNames[c]
	}
	return colLetters(c)
}

var colNames = func() []string {
	n := make([]string, 256)
	for i := range n {
		n[i] = colLetters(i)
	}
	return n
}()

func colLetters(c int) string {
	var b []byte
	for c++; c > 0; c = (c - 1) / 26 {
		b = append([]byte{byte('A' + (c-1)%26)}, b...)
	}
	return string(b)
}

// readLimits bound how much of a workbook is read.
type readLimits struct {
	rows, cols int // per sheet
	cells      int // over all sheets
}

// newSheet builds the sheet named name from what inspection kept of it (bounded by lim; the
// grid inspect kept is the same). budget is the number of cells still allowed over the
// workbook; it is decreased. A sheet that is not a worksheet (a chart sheet) returns nil, nil.
func newSheet(name string, hidden bool, ct *inspect.Content, lim readLimits, budget *int) (*sheet, error) {
	if ct == nil || !ct.Worksheet {
		return nil, nil
	}
	s := &sheet{name: name, hidden: hidden}
	rows, cols := ct.Rows, ct.Cols
	if rows > 0 && cols > 0 {
		s.dim = "A1:" + ref(rows-1, cols-1)
	}
	if rows > lim.rows || cols > lim.cols {
		s.truncated = true
	}
	// Merged ranges may reach past the last value (a merged, empty label cell): the grid
	// covers them, within the bounds.
	type span struct{ r0, c0, r1, c1 int }
	var spans []span
	for _, m := range ct.Merges {
		a, b, ok := strings.Cut(strings.ReplaceAll(m, "$", ""), ":")
		if !ok {
			continue
		}
		r0, c0, ok1 := parseA1(a)
		r1, c1, ok2 := parseA1(b)
		if !ok1 || !ok2 || r1 < r0 || c1 < c0 || (r0 == r1 && c0 == c1) {
			continue
		}
		spans = append(spans, span{r0, c0, r1, c1})
		rows, cols = max(rows, min(r1+1, lim.rows)), max(cols, min(c1+1, lim.cols))
	}
	rows, cols = min(rows, lim.rows), min(cols, lim.cols)
	if rows*cols > *budget {
		return nil, &PartError{Part: "工作表“" + name + "”", Detail: "工作簿的单元格过多，超过读取上限", Err: ErrTooLarge}
	}
	*budget -= rows * cols
	s.rows, s.cols, s.stride, s.maxRows = rows, cols, cols, lim.rows
	s.vals = make([]string, rows*cols)
	m := &cellMeta{types: map[int]cellType{}, hiddenRows: ct.HiddenRows, hiddenCols: ct.HiddenCols}
	s.meta = m

	// Each cell belongs to one merged range at most: Excel refuses overlapping ones, and
	// taking the first keeps the work bounded by the grid whatever the file lists.
	for _, sp := range spans {
		if sp.r0 >= rows || sp.c0 >= cols {
			continue
		}
		sp.r1, sp.c1 = min(sp.r1, rows-1), min(sp.c1, cols-1) // the grid's, not the bounds'
		top := sp.r0*s.stride + sp.c0
		if _, taken := s.anchor[top]; taken || s.merged[top] != "" {
			continue
		}
		if s.anchor == nil {
			s.anchor, s.merged = map[int]int{}, map[int]string{}
		}
		s.merged[top] = ref(sp.r0, sp.c0) + ":" + ref(sp.r1, sp.c1)
	spanCells:
		for r := sp.r0; r <= sp.r1; r++ {
			for c := sp.c0; c <= sp.c1; c++ {
				i := r*s.stride + c
				if i == top {
					continue
				}
				if _, taken := s.anchor[i]; taken || s.merged[i] != "" {
					break spanCells
				}
				s.anchor[i] = top
			}
		}
	}
	for _, c := range ct.Cells {
		if c.Row >= rows || c.Col >= cols {
			continue
		}
		i := c.Row*s.stride + c.Col
		if typ := cellTypeOf(c.Type); typ != typeText {
			m.types[i] = typ
		}
		if c.Formula != "" || c.FormulaTooLong {
			if m.formulas == nil {
				m.formulas = map[int]formulaCell{}
			}
			m.formulas[i] = formulaCell{text: c.Formula, row: c.FormulaRow, col: c.FormulaCol, cached: c.Cached, tooLong: c.FormulaTooLong}
		}
		if _, covered := s.anchor[i]; !covered {
			s.vals[i] = c.Value
		}
	}
	return s, nil
}

// parseA1 parses an A1-style reference to 0-based row and column.
func parseA1(a string) (r, c int, ok bool) {
	i := 0
	for i < len(a) && (a[i]|0x20) >= 'a' && (a[i]|0x20) <= 'z' {
		if c = c*26 + int(a[i]|0x20-'a') + 1; c > 16384 {
			return 0, 0, false
		}
		i++
	}
	if i == 0 || i == len(a) || len(a)-i > 7 {
		return 0, 0, false
	}
	n, err := strconv.Atoi(a[i:])
	if err != nil || n < 1 || n > 1048576 || a[i] == '+' || a[i] == '-' {
		return 0, 0, false
	}
	return n - 1, c - 1, true
}
