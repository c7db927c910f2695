package reader

import (
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
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

	meta cellMeta // nil for grids built in tests: every cell is then plain text
}

// cellMeta answers what raw values do not tell: a cell's type and formula, and whether a
// row or column is hidden. Rows and columns are 0-based.
type cellMeta interface {
	cell(sheet, ref string) (typ excelize.CellType, formula string, err error)
	rowHidden(sheet string, row int) bool
	colHidden(sheet string, col int) bool
}

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

// rowEmpty reports whether every cell of row r is empty (merges not resolved).
func (s *sheet) rowEmpty(r int) bool {
	for c := 0; c < s.cols; c++ {
		if strings.TrimSpace(s.at(r, c)) != "" {
			return false
		}
	}
	return true
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

// xlMeta is cellMeta backed by an open workbook.
type xlMeta struct{ f *excelize.File }

func (m xlMeta) cell(sheet, ref string) (excelize.CellType, string, error) {
	typ, err := m.f.GetCellType(sheet, ref)
	if err != nil {
		return typ, "", err
	}
	formula, err := m.f.GetCellFormula(sheet, ref)
	return typ, formula, err
}

// rowHidden is only asked about rows that hold values: excelize reports rows past the last
// stored row as invisible too.
func (m xlMeta) rowHidden(sheet string, row int) bool {
	visible, err := m.f.GetRowVisible(sheet, row+1)
	return err == nil && !visible
}

func (m xlMeta) colHidden(sheet string, col int) bool {
	visible, err := m.f.GetColVisible(sheet, colName(col))
	return err == nil && !visible
}

// readLimits bound how much of a workbook is read.
type readLimits struct {
	rows, cols int // per sheet
	cells      int // over all sheets
}

// loadSheet reads one worksheet's used range (bounded by lim) from f. budget is the number
// of cells still allowed over the workbook; it is decreased. loaded holds the keys of
// f.Sheet already seen (see storedCells). A sheet that is not a worksheet (a chart sheet)
// returns nil, nil.
func loadSheet(f *excelize.File, name string, lim readLimits, budget *int, loaded map[any]bool) (*sheet, []error) {
	s := &sheet{name: name, meta: xlMeta{f}}
	merges, err := f.GetMergeCells(name, true) // parses the sheet
	if err != nil {
		if strings.Contains(err.Error(), "is not a worksheet") { // chart sheets: nothing to read
			return nil, nil
		}
		detail := err.Error()
		if errors.Is(err, excelize.ErrSheetNameInvalid) { // a crafted name such as ../../x
			detail = msgSheetNameInvalid
		}
		return nil, []error{&PartError{Name: name, Detail: detail, Err: ErrSheetUnreadable}}
	}
	visible, err := f.GetSheetVisible(name)
	if err != nil {
		return nil, []error{&PartError{Name: name, Detail: err.Error(), Err: ErrSheetUnreadable}}
	}
	s.hidden = !visible

	// The cells to read: those the sheet stores, or, if excelize's parsed sheet cannot be
	// inspected, every cell of the <dimension> (or of the bounds when there is none).
	stored, exact := storedCells(f, loaded)
	exact = exact && inspectParsed
	rows, cols := 0, 0
	if exact {
		for _, rc := range stored {
			rows = max(rows, rc.row+1)
			for _, c := range rc.cols {
				cols = max(cols, c+1)
			}
		}
	} else if r, c, ok := dimensionEnd(f, name); ok {
		rows, cols = r, c
	} else {
		rows, cols = lim.rows, lim.cols
		s.truncated = true // unknown extent: anything past the bounds is not read
	}
	if rows > 0 && cols > 0 {
		s.dim = "A1:" + ref(rows-1, cols-1)
	}
	if rows > lim.rows || cols > lim.cols {
		s.truncated = true
	}
	rows, cols = min(rows, lim.rows), min(cols, lim.cols)
	if rows*cols > *budget {
		return nil, []error{&PartError{Part: "工作表“" + name + "”", Detail: "工作簿的单元格过多，超过读取上限", Err: ErrTooLarge}}
	}
	*budget -= rows * cols
	s.rows, s.cols, s.stride, s.maxRows = rows, cols, cols, lim.rows
	s.vals = make([]string, rows*cols)

	for _, m := range merges {
		c0, r0, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c1, r1, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			continue
		}
		c0, r0, c1, r1 = c0-1, r0-1, min(c1-1, cols-1), min(r1-1, rows-1)
		if r0 >= rows || c0 >= cols || (r0 == r1 && c0 == c1) {
			continue
		}
		if s.anchor == nil {
			s.anchor, s.merged = map[int]int{}, map[int]string{}
		}
		top := r0*s.stride + c0
		s.merged[top] = m[0]
		for r := r0; r <= r1; r++ {
			for c := c0; c <= c1; c++ {
				if i := r*s.stride + c; i != top {
					s.anchor[i] = top
				}
			}
		}
	}

	var errs []error
	buf := make([]byte, 0, 16)
	read := func(r, c int) bool {
		i := r*s.stride + c
		if _, ok := s.anchor[i]; ok || s.vals[i] != "" {
			return true
		}
		buf = append(append(buf[:0], colName(c)...), strconv.Itoa(r+1)...)
		cell := string(buf)
		v, err := f.GetCellValue(name, cell)
		if err != nil {
			errs = append(errs, &CellError{Sheet: name, Cell: cell, Err: ErrUnreadable})
			return len(errs) <= 20 // the sheet is damaged; more of the same says nothing
		}
		s.vals[i] = v
		return true
	}
	if exact {
	stored:
		for _, rc := range stored {
			if rc.row >= rows {
				continue
			}
			for j, c := range rc.cols {
				if slices.Contains(rc.cols[:j], c) { // two cells with one reference: which counts?
					errs = append(errs, &CellError{Sheet: name, Cell: ref(rc.row, c), Err: ErrDuplicateCell})
					continue
				}
				if c < cols && !read(rc.row, c) {
					break stored
				}
			}
		}
	} else {
		lastFilled := -1
	grid:
		for r := 0; r < rows; r++ {
			if s.truncated && r-lastFilled > maxBlankRun {
				break // extent unknown: a long blank run ends the sheet
			}
			for c := 0; c < cols; c++ {
				if !read(r, c) {
					break grid
				}
				if s.vals[r*s.stride+c] != "" {
					lastFilled = r
				}
			}
		}
	}
	if errs != nil {
		return nil, errs
	}
	if !exact { // trim the empty margin of a grid read whole
		lastRow, lastCol := -1, -1
		for r := 0; r < rows; r++ {
			for c := 0; c < cols; c++ {
				if s.vals[r*s.stride+c] != "" {
					lastRow, lastCol = max(lastRow, r), max(lastCol, c)
				}
			}
		}
		for top := range s.merged {
			lastRow, lastCol = max(lastRow, top/s.stride), max(lastCol, top%s.stride)
		}
		s.rows, s.cols = lastRow+1, lastCol+1
	}
	return s, nil
}

// inspectParsed enables storedCells; tests turn it off to check the slow path reads the same.
var inspectParsed = true

// maxBlankRun is how many blank rows end a sheet whose extent is unknown (slow path only).
const maxBlankRun = 200

// dimensionEnd returns the 1-based last row and column of the used range a sheet declares
// in <dimension>, e.g. "A1:H40". excelize does not maintain it (it writes "A1"), so it is
// only a fallback.
func dimensionEnd(f *excelize.File, name string) (rows, cols int, ok bool) {
	dim, err := f.GetSheetDimension(name)
	dim = strings.ReplaceAll(strings.TrimSpace(dim), "$", "")
	if err != nil || dim == "" || dim == "A1" { // "A1" is what excelize writes whatever the content
		return 0, 0, false
	}
	for _, part := range strings.Split(dim, ":") {
		c, r, err := excelize.CellNameToCoordinates(part)
		if err != nil {
			return 0, 0, false
		}
		rows, cols = max(rows, r), max(cols, c)
	}
	return rows, cols, true
}

// rowCells are the cells one row of a sheet stores (0-based).
type rowCells struct {
	row  int
	cols []int
}

// storedCells lists the cells of the worksheet excelize parsed last, so that only they are
// read with GetCellValue. excelize's public API has no way to list a sheet's cells other
// than Rows/GetRows (which drop errors and misplace out-of-order cells, see
// hostile-inputs.md) and <dimension> (which excelize itself writes as "A1" whatever the
// content); probing a whole bounded grid costs ~0.5 µs a cell. So this looks, through
// reflection, at the exported fields of the parsed sheet (File.Sheet → SheetData.Row[].C[].R)
// — the same structure GetCellValue searches. seen holds the File.Sheet keys of sheets
// parsed before; the sheet parsed last is the one key not in it. Anything unexpected
// returns ok == false and the caller reads the grid instead (slower, same result).
func storedCells(f *excelize.File, seen map[any]bool) (cells []rowCells, ok bool) {
	var ws any
	fresh := 0
	f.Sheet.Range(func(k, v any) bool {
		if !seen[k] {
			seen[k] = true
			ws = v
			fresh++
		}
		return true
	})
	if fresh != 1 {
		return nil, false
	}
	defer func() {
		if recover() != nil { // a different excelize layout: fall back
			cells, ok = nil, false
		}
	}()
	v := reflect.ValueOf(ws)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return nil, false
	}
	rows := v.Elem().FieldByName("SheetData").FieldByName("Row")
	if rows.Kind() != reflect.Slice {
		return nil, false
	}
	for i := range rows.Len() {
		row := rows.Index(i)
		cs := row.FieldByName("C")
		if cs.Kind() != reflect.Slice || cs.Len() == 0 {
			continue
		}
		rc := rowCells{row: i}
		for j := range cs.Len() {
			r := cs.Index(j).FieldByName("R")
			if r.Kind() != reflect.String {
				return nil, false
			}
			if r.String() == "" {
				continue // a cell without a reference: GetCellValue cannot see it either
			}
			col, rowNum, err := excelize.CellNameToCoordinates(r.String())
			if err != nil || rowNum != i+1 {
				continue
			}
			rc.cols = append(rc.cols, col-1)
		}
		cells = append(cells, rc)
	}
	return cells, true
}
