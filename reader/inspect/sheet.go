package inspect

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// sheetScanner checks one worksheet part as excelize will read it. excelize's streaming
// Rows places values by their order in the file, not by their references, and its
// GetCellValue pads every row out to its last cell; so rows and cells must be in order and
// within bounds, and every value must be one excelize will not turn silently into "".
//
// Element depths: worksheet 1, sheetData 2, row 3, c 4, v/f/is 5, is>t 6, is>r>t 7.
type sheetScanner struct {
	ctx         context.Context
	k           *collector // nil: keep nothing
	merges      *int       // merged ranges over all sheets
	part, sheet string
	lim         *Limits
	nStrings    int // entries in the shared strings table
	finds       *findings
	cells       *int64 // cells excelize will allocate, over all sheets

	inData   bool
	inCols   bool // in <cols>
	inMerges bool // in <mergeCells>
	rowsSeen int  // rows finished, to look at ctx now and then
	lastRow  int  // number of the previous row
	maxRow   int

	// The current row.
	inRow     bool
	row       int // 0 until known: a row without r= takes its first cell's row
	rowHidden bool
	rowValues bool // a cell of the row holds a value
	lastCol   int  // column of the previous cell of the row

	// The current cell.
	inCell           bool
	ref              string
	col              int
	typ              string
	hasF, hasV, hasI bool
	inV, inIS, inT   bool
	inF              bool
	inRPh            bool
	v                []byte // <v> text, up to maxV bytes
	vLong            bool   // <v> was longer than maxV bytes
	units            int    // length of the cell's text in UTF-16 units
}

// maxV bounds the <v> text kept for parsing; no number or string index is longer.
const maxV = 1024

func (s *sheetScanner) startElement(se xml.StartElement, depth int) error {
	name := se.Name.Local
	switch {
	case depth == 1 && name != "worksheet" && s.k != nil: // a chart, dialog or macro sheet
		s.k.c.Worksheet = false
	case depth == 2 && name == "sheetData":
		s.inData = true
	case depth == 2:
		s.inCols, s.inMerges = name == "cols", name == "mergeCells"
	case depth == 3 && s.inCols && name == "col":
		s.col0(se.Attr)
	case depth == 3 && s.inMerges && name == "mergeCell":
		return s.mergeCell(se.Attr)
	case depth == 3 && s.inData && name == "row":
		return s.startRow(se.Attr)
	case depth == 4 && s.inRow && name == "c":
		return s.startCell(se.Attr)
	case depth == 5 && s.inCell:
		switch name {
		case "v":
			s.hasV, s.inV = true, true
		case "f":
			s.hasF, s.inF = true, true
			if s.k != nil {
				s.k.formulaAttrs(se.Attr)
			}
		case "is":
			s.hasI, s.inIS = true, true
		}
	case depth >= 6 && s.inIS:
		switch name {
		case "rPh": // phonetic guide: not part of the value
			s.inRPh = true
		case "t":
			s.inT = true
		}
	}
	return nil
}

func (s *sheetScanner) endElement(ee xml.EndElement, depth int) error {
	name := ee.Name.Local
	switch {
	case depth == 2 && name == "sheetData":
		s.inData = false
		*s.cells += int64(s.maxRow) // excelize allocates every row up to the last one
	case depth == 3 && s.inRow:
		return s.finishRow()
	case depth == 4 && s.inCell:
		return s.finishCell()
	case depth == 2:
		s.inCols, s.inMerges = false, false
	case depth == 5 && s.inCell:
		s.inV = s.inV && name != "v"
		s.inIS = s.inIS && name != "is"
		s.inF = s.inF && name != "f"
	case depth >= 6 && s.inIS:
		switch name {
		case "rPh":
			s.inRPh = false
		case "t":
			s.inT = false
		}
	}
	return nil
}

func (s *sheetScanner) charData(b []byte) error {
	switch {
	case s.inF:
		if s.k != nil {
			s.k.formulaText(b)
		}
		return nil
	case s.inV:
		if len(s.v)+len(b) <= maxV {
			s.v = append(s.v, b...)
		} else {
			s.vLong = true
		}
	case s.inIS && s.inT && !s.inRPh:
		if s.k != nil {
			s.k.text.Write(b)
		}
	default:
		return nil
	}
	if s.units += utf16Len(b); s.units > s.lim.MaxCellChars {
		return s.fail(CodeCellTooLong, fmt.Sprintf(msgCellTooLong, s.lim.MaxCellChars))
	}
	return nil
}

func (s *sheetScanner) startRow(attrs []xml.Attr) error {
	s.inRow, s.row, s.rowHidden, s.rowValues, s.lastCol = true, 0, false, false, 0
	for _, a := range attrs {
		switch a.Name.Local {
		case "r":
			n, err := strconv.Atoi(a.Value)
			if err != nil || n < 1 || n > excelMaxRows {
				return s.fail(CodeRowRange, fmt.Sprintf(msgRowRange, a.Value))
			}
			if n <= s.lastRow {
				return s.fail(CodeRowOrder, fmt.Sprintf(msgRowOrder, n))
			}
			s.row = n
		case "hidden":
			s.rowHidden = a.Value == "1" || a.Value == "true"
		}
	}
	return nil
}

func (s *sheetScanner) finishRow() error {
	if s.row == 0 { // no r= and no cell with a reference: the next row
		s.row = s.lastRow + 1
		if s.row > excelMaxRows {
			return s.fail(CodeRowRange, fmt.Sprintf(msgRowRange, strconv.Itoa(s.row)))
		}
	}
	if s.rowHidden && s.rowValues {
		s.finds.add(Finding{Kind: FindingHiddenRow, Sheet: s.sheet, Part: s.part, Row: s.row})
	}
	if s.rowHidden && s.k != nil {
		s.k.hideRow(s.row)
	}
	if s.rowsSeen++; s.rowsSeen%1024 == 0 && s.ctx != nil {
		if err := ctxError(s.ctx); err != nil {
			return err
		}
	}
	s.inRow, s.lastRow, s.maxRow = false, s.row, max(s.maxRow, s.row)
	*s.cells += int64(s.lastCol) // excelize pads the row with cells up to its last one
	if *s.cells+int64(s.maxRow) > s.lim.MaxCells {
		return s.fail(CodeGridTooLarge, fmt.Sprintf(msgGridTooLarge, s.lim.MaxCells))
	}
	return nil
}

func (s *sheetScanner) startCell(attrs []xml.Attr) error {
	s.inCell, s.ref, s.typ = true, "", ""
	s.hasF, s.hasV, s.hasI, s.inV, s.inIS, s.inT, s.inRPh, s.inF = false, false, false, false, false, false, false, false
	if s.k != nil {
		s.k.startCell()
	}
	s.v, s.vLong, s.units = s.v[:0], false, 0
	for _, a := range attrs {
		switch a.Name.Local {
		case "r":
			s.ref = a.Value
		case "t":
			s.typ = a.Value
		}
	}
	var col, row int
	if s.ref != "" {
		var code Code
		if col, row, code = parseRef(s.ref); code != "" {
			msg := fmt.Sprintf(msgBadCellRef, s.ref)
			switch code {
			case CodeColumnRange:
				msg = fmt.Sprintf(msgColumnRange, s.ref)
			case CodeRowRange:
				msg = fmt.Sprintf(msgRowRange, s.ref)
			}
			return s.fail(code, msg)
		}
	} else { // no r=: the cell after the previous one
		col, row = s.lastCol+1, s.row
		if row == 0 {
			row = s.lastRow + 1
		}
		if col > excelMaxColumns || row > excelMaxRows {
			return s.fail(CodeColumnRange, fmt.Sprintf(msgColumnRange, columnName(col)+strconv.Itoa(row)))
		}
		s.ref = columnName(col) + strconv.Itoa(row)
	}
	switch {
	case s.row == 0 && row <= s.lastRow:
		return s.fail(CodeRowOrder, fmt.Sprintf(msgRowOrder, row))
	case s.row == 0:
		s.row = row
	case row != s.row:
		return s.fail(CodeBadCellRef, fmt.Sprintf(msgCellOffRow, s.ref, s.row))
	}
	if col <= s.lastCol {
		return s.fail(CodeCellOrder, msgCellOrder)
	}
	s.col, s.lastCol = col, col
	return nil
}

func (s *sheetScanner) finishCell() error {
	defer func() { s.inCell = false }()
	switch s.typ {
	case "", "n", "s", "str", "inlineStr", "b", "e", "d":
	default:
		return s.fail(CodeBadCellType, fmt.Sprintf(msgBadCellType, s.typ))
	}
	if !s.hasV && !s.hasI && !s.hasF {
		return nil // style only
	}
	s.rowValues = true
	if s.row > s.lim.MaxRows {
		return s.fail(CodeTooManyRows, fmt.Sprintf(msgTooManyRows, s.row, s.lim.MaxRows))
	}
	if s.col > s.lim.MaxColumns {
		return s.fail(CodeTooManyColumns, fmt.Sprintf(msgTooManyColumns, columnName(s.col), s.lim.MaxColumns, columnName(s.lim.MaxColumns)))
	}
	if s.hasV {
		switch s.typ {
		case "", "n":
			// An empty <v/> is no value; anything else must be a finite decimal number.
			if s.vLong || len(s.v) > 0 && !validNumber(s.v) {
				return s.fail(CodeBadNumber, fmt.Sprintf(msgBadNumber, shorten(s.v)))
			}
		case "s":
			// An empty <v/> is no value, as Excel reads it (files of Apache POI's tests hold some).
			if i, ok := parseIndex(s.v); s.vLong || len(s.v) > 0 && (!ok || i >= s.nStrings) {
				return s.fail(CodeSharedStringIndex, fmt.Sprintf(msgBadStringIndex, shorten(s.v), s.nStrings))
			}
		case "e":
			s.finds.add(Finding{Kind: FindingErrorValue, Sheet: s.sheet, Part: s.part, Cell: s.ref, Value: string(s.v)})
		}
	} else if s.hasF {
		s.finds.add(Finding{Kind: FindingNoCachedValue, Sheet: s.sheet, Part: s.part, Cell: s.ref})
	}
	if s.k != nil {
		s.k.cell(s)
	}
	return nil
}

// col0 reads a <col min= max= hidden=> of <cols>.
func (s *sheetScanner) col0(attrs []xml.Attr) {
	if s.k == nil {
		return
	}
	lo, hi, hidden := 0, 0, false
	for _, a := range attrs {
		switch a.Name.Local {
		case "min":
			lo, _ = strconv.Atoi(a.Value)
		case "max":
			hi, _ = strconv.Atoi(a.Value)
		case "hidden":
			hidden = a.Value == "1" || a.Value == "true"
		}
	}
	if hidden && lo >= 1 && hi >= lo {
		s.k.hideCols(lo, hi)
	}
}

// mergeCell counts a merged range against MaxMergedRanges and keeps it when it starts
// inside the grid.
func (s *sheetScanner) mergeCell(attrs []xml.Attr) error {
	if *s.merges++; *s.merges > s.lim.MaxMergedRanges {
		return s.fail(CodeTooManyMerges, fmt.Sprintf(msgTooManyMerges, s.lim.MaxMergedRanges))
	}
	if s.k == nil {
		return nil
	}
	for _, a := range attrs {
		if a.Name.Local != "ref" {
			continue
		}
		start, _, _ := strings.Cut(a.Value, ":")
		if col, row, code := parseRef(strings.ReplaceAll(start, "$", "")); code == "" && s.k.inGrid(row, col) {
			s.k.c.Merges = append(s.k.c.Merges, a.Value)
		}
	}
	return nil
}

// fail returns a refusal at the current cell, if any.
func (s *sheetScanner) fail(code Code, msg string) *Error {
	e := &Error{Code: code, Part: s.part, Sheet: s.sheet, Message: msg}
	if s.inCell {
		e.Cell = s.ref
	}
	return e
}

// locate adds the sheet and cell to an error from below the scanner (the text guard, the
// entry reader), and calls an over-long run inside a cell what it is: an over-long cell.
func (s *sheetScanner) locate(err error) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	if e.Sheet == "" {
		e.Sheet = s.sheet
	}
	if e.Cell == "" && s.inCell {
		e.Cell = s.ref
	}
	if e.Code == CodeLongText && s.inCell {
		e.Code, e.Message = CodeCellTooLong, fmt.Sprintf(msgCellTooLong, s.lim.MaxCellChars)
	}
	return e
}

// parseRef parses an A1-style reference (letters are case-insensitive, as excelize reads
// them). code is "" when the reference is valid, else the reason.
func parseRef(ref string) (col, row int, code Code) {
	i := 0
	for ; i < len(ref); i++ {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		if col <= excelMaxColumns { // stop growing; it is out of range already
			col = col*26 + int(c-'a') + 1
		}
	}
	if i == 0 || i == len(ref) {
		return 0, 0, CodeBadCellRef
	}
	for j := i; j < len(ref); j++ {
		if ref[j] < '0' || ref[j] > '9' {
			return 0, 0, CodeBadCellRef
		}
	}
	if col > excelMaxColumns {
		return 0, 0, CodeColumnRange
	}
	row, err := strconv.Atoi(ref[i:])
	if err != nil || row < 1 || row > excelMaxRows {
		return 0, 0, CodeRowRange
	}
	return col, row, ""
}

// columnName returns the letters of column n (1-based), e.g. 256 → "IV".
func columnName(n int) string {
	var b []byte
	for ; n > 0; n = (n - 1) / 26 {
		b = append([]byte{byte('A' + (n-1)%26)}, b...)
	}
	return string(b)
}

// validNumber reports whether b is a finite decimal number as Excel writes them:
// [+-]digits[.digits][e[+-]digits]. strconv.ParseFloat alone would also take NaN, Inf,
// hexadecimal and digits with underscores.
func validNumber(b []byte) bool {
	i, digits := 0, 0
	isDigit := func() bool { return i < len(b) && b[i] >= '0' && b[i] <= '9' }
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		i++
	}
	for ; isDigit(); i++ {
		digits++
	}
	if i < len(b) && b[i] == '.' {
		for i++; isDigit(); i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		exp := 0
		for ; isDigit(); i++ {
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	if i != len(b) {
		return false
	}
	f, err := strconv.ParseFloat(string(b), 64)
	// 1e309 overflows to Inf with ErrRange; 1e-400 underflows to 0, which is fine.
	return !math.IsInf(f, 0) && (err == nil || errors.Is(err, strconv.ErrRange))
}

// parseIndex parses a shared string index: decimal digits only.
func parseIndex(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 10 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// utf16Len is the length of UTF-8 text b in UTF-16 code units, as Excel counts characters.
func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if n++; r >= 0x10000 {
			n++
		}
	}
	return n
}

// shorten returns b as a string cut to a length fit for a message.
func shorten(b []byte) string {
	const max = 40
	if utf8.RuneCount(b) <= max {
		return string(b)
	}
	r := []rune(string(b))
	return string(r[:max]) + "…"
}
