// Package reader reads a department's submission workbook (SPEC §3) into a calc.Department.
// It is the only place that reads xlsx. Everything is found by its labels, never by fixed
// addresses: tables by their titles on their own sheets or on a shared sheet, headers by
// column names, rows by normalised labels. Cells are read raw, once each, by the gatekeeper
// (reader/inspect) in the pass that checks the file, bounded by Options.MaxRows × MaxCols;
// excelize is not used to read (its GetMergeCells is quadratic, it holds whole sheets in
// memory, its Rows drop errors; see shared/reference/hostile-inputs.md). Formulas without a
// cached value (workbooks written by openpyxl, xlsx-populate, excelize) are computed, see
// formula.go.
//
// Every problem of a workbook is reported in one error (errors.Join of *CellError and
// *PartError values); notes and warnings go to Department.Checks with these codes:
//
//	unit_assumed       note     a table states no unit: read as 万元
//	blank_as_zero      note     empty or dash (—, ---) figures, counted as 0
//	merged_value       note     a figure in a merged range, counted once at its top-left cell
//	sheet_truncated    note     a sheet larger than the bounds; the rest was not read
//	hidden_sheet       warning  something was read from a hidden sheet
//	hidden_cells       warning  figures read from hidden rows or columns
//	external_link      warning  figures from formulas referring to other workbooks (cached values used)
//	unlabelled_values  warning  figures in a table row without a label, not read
//	row_missing        warning  表1-4 has no “三公”经费 or 政府采购 row
//	unknown_section    warning  文字说明 sections with unknown names (kept)
//	unlabelled_text    warning  文字说明 text without a 章节, not read
//	sheet_missing      warning  no 文字说明 sheet
package reader

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"selfeval/calc"
	"selfeval/reader/inspect"
)

// Options control reading. The zero value is the default.
type Options struct {
	// Context, when done, stops the read with an error wrapping its Err() (a timed-out or
	// interrupted batch). nil means context.Background().
	Context context.Context

	// UnzipSizeLimit bounds the size of the file and the total inflated size of its parts
	// (zip bombs). 0 means 64 MiB.
	UnzipSizeLimit int64

	// MaxRows and MaxCols bound the grid read from each sheet. A table that runs past them is
	// an error (表格过大); a sheet larger than them is read up to them. 0 means 2000 rows and
	// 64 columns.
	MaxRows, MaxCols int
}

// Defaults of Options.
const (
	DefaultUnzipSizeLimit = 64 << 20
	DefaultMaxRows        = 2000
	DefaultMaxCols        = 64

	// maxWorkbookCells bounds the cells read over all sheets of a workbook.
	maxWorkbookCells = 2 << 20
)

func (o Options) withDefaults() Options {
	if o.Context == nil {
		o.Context = context.Background()
	}
	if o.UnzipSizeLimit <= 0 {
		o.UnzipSizeLimit = DefaultUnzipSizeLimit
	}
	if o.MaxRows <= 0 {
		o.MaxRows = DefaultMaxRows
	}
	if o.MaxCols <= 0 {
		o.MaxCols = DefaultMaxCols
	}
	return o
}

// inspectLimits are the gatekeeper's limits matching these options.
func (o Options) inspectLimits() inspect.Limits {
	return inspect.Limits{MaxFileBytes: o.UnzipSizeLimit, MaxTotalBytes: o.UnzipSizeLimit, MaxEntryBytes: o.UnzipSizeLimit}
}

// ReadFile reads the submission workbook at path. Department.Source is set to path.
func ReadFile(path string, opt Options) (*calc.Department, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("打开文件：%w", err)
	}
	defer f.Close() // read-only: a failed close loses nothing
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("读取文件信息：%w", err)
	}
	d, err := Read(f, fi.Size(), opt)
	if err != nil {
		return nil, err
	}
	d.Source = path
	return d, nil
}

// Read reads a submission workbook of size bytes from r. A workbook that cannot be used
// returns a nil Department and an error holding every problem found: *CellError and
// *PartError values joined with errors.Join (test causes with errors.Is: ErrNotNumber,
// ErrTableNotFound …), or a plain error when the file is not a readable workbook at all
// (an *inspect.Error), or one wrapping opt.Context.Err() when the context is done.
// Read may be called from several goroutines at once.
//
// The workbook is read in one pass by the gatekeeper (reader/inspect), which checks every
// byte and keeps only the cells within MaxRows × MaxCols of each sheet: memory is bounded by
// the file's size and the grid, whatever the sheets hold, and no temporary file is written.
func Read(r io.ReaderAt, size int64, opt Options) (*calc.Department, error) {
	opt = opt.withDefaults()
	switch {
	case size <= 0:
		return nil, errors.New("文件为空")
	case size > opt.UnzipSizeLimit:
		return nil, fmt.Errorf("文件过大（%d 字节，上限 %d 字节）", size, opt.UnzipSizeLimit)
	}
	data := make([]byte, size)
	if _, err := r.ReadAt(data, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("读取文件：%w", err)
	}
	rep, err := inspect.Read(opt.Context, data, opt.inspectLimits(), inspect.Grid{MaxRows: opt.MaxRows, MaxCols: opt.MaxCols})
	if err != nil {
		return nil, err
	}
	data = nil // the contents are kept; let the bytes go
	return read(rep, opt)
}

// workbook is one read in progress: the sheets read and what was found wrong.
type workbook struct {
	sheets []*sheet
	failed []string        // sheets that could not be read
	used   map[*sheet]bool // sheets something was taken from
	errs   []error
	checks []calc.Check
}

func (w *workbook) fail(err error) { w.errs = append(w.errs, err) }

func (w *workbook) check(level calc.Severity, code string, cells []calc.CellRef, format string, args ...any) {
	w.checks = append(w.checks, calc.Check{Level: level, Code: code, Message: fmt.Sprintf(format, args...), Cells: cells})
}

// read reads an inspected workbook.
func read(rep *inspect.Report, opt Options) (*calc.Department, error) {
	ctx := opt.Context
	w := &workbook{used: map[*sheet]bool{}}
	lim := readLimits{rows: opt.MaxRows, cols: opt.MaxCols, cells: maxWorkbookCells}
	budget := lim.cells
	for _, s := range rep.Sheets {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("%s：%w", msgCancelled, err)
		}
		sh, err := newSheet(s.Name, s.Hidden(), s.Content, lim, &budget)
		switch {
		case err != nil:
			w.fail(err)
			w.failed = append(w.failed, s.Name)
		case sh != nil:
			w.sheets = append(w.sheets, sh)
		}
	}
	if err := computeFormulas(ctx, w.sheets); err != nil {
		return nil, err
	}
	d := &calc.Department{}
	w.readTables(d)
	w.readInfo(&d.Info)
	d.ManualScores = w.readManual()
	d.Narrative = w.readNarrative()
	for _, sh := range w.sheets {
		if w.used[sh] && sh.hidden {
			w.check(calc.SeverityWarning, "hidden_sheet", []calc.CellRef{{Sheet: sh.name}},
				msgHiddenSheet, sh.name)
		}
		if w.used[sh] && sh.truncated && sh.dim != "" {
			w.check(calc.SeverityNote, "sheet_truncated", []calc.CellRef{{Sheet: sh.name}},
				msgSheetTruncated, sh.name, sh.dim, opt.MaxRows, opt.MaxCols)
		}
	}
	if len(w.errs) > 0 {
		return nil, errors.Join(w.errs...)
	}
	d.Checks = w.checks
	return d, nil
}

// partKey is the form sheet names are compared in: 基本信息, ' 基本信息 ', 一、基本信息.
func partKey(name string) string {
	k, _, _ := normalizeLabel(name)
	return k
}

// isPartSheet reports whether sh is one of the named non-table sheets.
func isPartSheet(sh *sheet) bool {
	switch partKey(sh.name) {
	case calc.SheetInfo, calc.SheetManual, calc.SheetNarrative:
		return true
	}
	return false
}

// partSheet returns the sheet named name (基本信息 …), or nil after reporting it missing
// (as an error when required, else as a warning).
func (w *workbook) partSheet(name string, required bool) *sheet {
	for _, sh := range w.sheets {
		if partKey(sh.name) == name {
			w.used[sh] = true
			return sh
		}
	}
	if slices.ContainsFunc(w.failed, func(n string) bool { return partKey(n) == name }) {
		return nil // already reported as unreadable
	}
	if required {
		w.fail(&PartError{Part: name, Name: name, Err: ErrSheetNotFound})
	} else {
		w.check(calc.SeverityWarning, "sheet_missing", nil, msgSheetMissing, name)
	}
	return nil
}

// readTables finds and reads tables 1-1 … 1-5.
func (w *workbook) readTables(d *calc.Department) {
	var hits []titleHit
	for _, sh := range w.sheets {
		if !isPartSheet(sh) {
			hits = append(hits, findTitles(sh)...)
		}
	}
	for i, t := range d.Tables() {
		spec := calc.Tables[i]
		part := "表" + spec.ID
		var found []*layout
		tried := false
		for _, h := range hits {
			if h.spec != i {
				continue
			}
			tried = true
			if lay, ok := locate(h, nextTitleRow(hits, h)); ok {
				found = append(found, lay)
			}
		}
		if len(found) > 1 { // several titles with a header below: keep the likeliest
			slices.SortStableFunc(found, func(a, b *layout) int { return candidateScore(b, i) - candidateScore(a, i) })
			if candidateScore(found[0], i) > candidateScore(found[1], i) {
				found = found[:1]
			}
		}
		switch {
		case len(found) == 0 && tried:
			w.fail(&PartError{Part: part, Name: spec.LabelHeader + "、" + strings.Join(spec.Columns, "、"), Err: ErrMissingHeader})
			continue
		case len(found) == 0:
			if len(w.failed) == 0 { // else it may be on a sheet that could not be read: said already
				w.fail(&PartError{Part: part, Name: spec.Title, Err: ErrTableNotFound})
			}
			continue
		case len(found) > 1:
			cells := make([]calc.CellRef, len(found))
			for j, l := range found {
				cells[j] = calc.CellRef{Sheet: l.hit.sh.name, Cell: ref(max(l.hit.r, 0), l.hit.c)}
			}
			w.fail(&PartError{Part: part, Name: part, Detail: refList(cells), Err: ErrDuplicate})
			continue
		}
		w.used[found[0].hit.sh] = true
		w.readTable(found[0], t)
	}
}

// candidateScore ranks the places a table may be: on a sheet named for it first, then by
// how much of its header was found (an instructions sheet that mentions a table and a
// column or two must not win over the table).
func candidateScore(l *layout, table int) int {
	score := 2 * len(l.cols)
	if l.labelHdr {
		score++
	}
	if j, ok := sheetTable(l.hit.sh.name); ok && j == table {
		score += 100
	}
	return score
}

// nextTitleRow returns the row of the next title below h on its sheet, or the sheet's end.
func nextTitleRow(hits []titleHit, h titleHit) int {
	end := h.sh.rows
	for _, o := range hits {
		if o.sh == h.sh && o.r > h.r && o.r < end {
			end = o.r
		}
	}
	return end
}

// refList lists cells for a message: 表1-4!C7、表1-4!D7 …, the first ten and a count.
func refList(cells []calc.CellRef) string {
	const show = 10
	s := make([]string, 0, min(len(cells), show))
	for i, c := range cells {
		if i == show {
			break
		}
		s = append(s, c.String())
	}
	out := strings.Join(s, "、")
	if len(cells) > show {
		out += fmt.Sprintf(" 等 %d 处", len(cells))
	}
	return out
}
