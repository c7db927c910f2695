// Package reader reads a department's submission workbook (SPEC §3) into a calc.Department.
// It is the only place that reads xlsx. Everything is found by its labels, never by fixed
// addresses: tables by their titles on their own sheets or on a shared sheet, headers by
// column names, rows by normalised labels. Cells are read raw, once each, with GetCellValue
// over the cells each sheet stores, bounded by Options.MaxRows × MaxCols (excelize's Rows
// and GetRows drop errors and misplace out-of-order cells; see
// shared/reference/hostile-inputs.md).
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
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"selfeval/calc"
	"selfeval/reader/inspect"
)

// Options control reading. The zero value is the default.
type Options struct {
	// TmpDir is where a temporary directory is made for excelize's spill files when a
	// workbook has a part larger than UnzipXMLSizeLimit; the directory is always removed
	// afterwards. "" means os.TempDir().
	TmpDir string

	// UnzipSizeLimit bounds the total inflated size of the workbook's parts (zip bombs); it
	// also bounds the size of the file itself. 0 means 64 MiB.
	UnzipSizeLimit int64

	// UnzipXMLSizeLimit is the size above which excelize spills an inflated sheet to TmpDir
	// instead of holding it in memory. 0 means 16 MiB (or UnzipSizeLimit if smaller).
	UnzipXMLSizeLimit int64

	// MaxRows and MaxCols bound the grid read from each sheet. A table that runs past them is
	// an error (表格过大); a sheet larger than them is read up to them. 0 means 2000 rows and
	// 64 columns.
	MaxRows, MaxCols int
}

// Defaults of Options.
const (
	DefaultUnzipSizeLimit    = 64 << 20
	DefaultUnzipXMLSizeLimit = 16 << 20
	DefaultMaxRows           = 2000
	DefaultMaxCols           = 64

	// maxWorkbookCells bounds the cells read over all sheets of a workbook.
	maxWorkbookCells = 2 << 20
)

func (o Options) withDefaults() Options {
	if o.UnzipSizeLimit <= 0 {
		o.UnzipSizeLimit = DefaultUnzipSizeLimit
	}
	if o.UnzipXMLSizeLimit <= 0 {
		o.UnzipXMLSizeLimit = min(DefaultUnzipXMLSizeLimit, o.UnzipSizeLimit)
	}
	o.UnzipXMLSizeLimit = min(o.UnzipXMLSizeLimit, o.UnzipSizeLimit)
	if o.MaxRows <= 0 {
		o.MaxRows = DefaultMaxRows
	}
	if o.MaxCols <= 0 {
		o.MaxCols = DefaultMaxCols
	}
	if o.TmpDir == "" {
		o.TmpDir = os.TempDir()
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
// ErrTableNotFound …), or a plain error when the file is not a readable workbook at all.
// Read may be called from several goroutines at once.
func Read(r io.ReaderAt, size int64, opt Options) (d *calc.Department, err error) {
	opt = opt.withDefaults()
	switch {
	case size <= 0:
		return nil, errors.New("文件为空")
	case size > opt.UnzipSizeLimit:
		return nil, fmt.Errorf("文件过大（%d 字节，上限 %d 字节）", size, opt.UnzipSizeLimit)
	}
	// The gatekeeper sees every byte before excelize does: excelize returns wrong numbers
	// without an error on several damaged or crafted files, and runs out of memory on some.
	data := make([]byte, size)
	if _, err := r.ReadAt(data, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("读取文件：%w", err)
	}
	if err := inspect.Bytes(data, opt.inspectLimits()); err != nil {
		return nil, err
	}
	r = bytes.NewReader(data)
	spill, err := needsSpill(r, size, opt)
	if err != nil {
		return nil, err
	}
	tmp := opt.TmpDir
	if spill { // excelize will write parts larger than UnzipXMLSizeLimit to files
		if tmp, err = os.MkdirTemp(opt.TmpDir, "selfeval-read-"); err != nil {
			return nil, fmt.Errorf("创建临时目录：%w", err)
		}
		defer func() {
			if rmErr := os.RemoveAll(tmp); rmErr != nil && err == nil {
				d, err = nil, fmt.Errorf("删除临时目录：%w", rmErr)
			}
		}()
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    opt.UnzipSizeLimit,
		UnzipXMLSizeLimit: opt.UnzipXMLSizeLimit,
		TmpDir:            tmp,
	})
	if err != nil {
		return nil, openError(err, opt)
	}
	d, err = read(f, opt)
	if cerr := f.Close(); cerr != nil && err == nil {
		d, err = nil, fmt.Errorf("关闭工作簿：%w", cerr)
	}
	return d, err
}

// needsSpill reports whether excelize will spill a part of the workbook to a temporary file
// (a part larger than UnzipXMLSizeLimit), from the zip's central directory. The sizes there
// can be trusted: archive/zip fails a part that inflates to more than its header says. A
// workbook whose parts add up to more than UnzipSizeLimit is rejected here.
func needsSpill(r io.ReaderAt, size int64, opt Options) (bool, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		var magic [8]byte
		if _, rerr := r.ReadAt(magic[:], 0); rerr == nil && string(magic[:]) == "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" {
			return false, errors.New("文件是设有密码的工作簿或旧版 .xls 文件，请取消密码并另存为 .xlsx")
		}
		return false, fmt.Errorf("不是完整的 xlsx 工作簿（文件损坏或不是 Excel 文件）：%w", err)
	}
	var total uint64
	spill := false
	for _, zf := range zr.File {
		total += min(zf.UncompressedSize64, uint64(opt.UnzipSizeLimit)+1) // no overflow on 2^63
		if total > uint64(opt.UnzipSizeLimit) {
			return false, fmt.Errorf("工作簿解压后超过 %d MiB 上限（可能是压缩炸弹）", opt.UnzipSizeLimit>>20)
		}
		if zf.UncompressedSize64 > uint64(opt.UnzipXMLSizeLimit) {
			spill = true
		}
	}
	return spill, nil
}

// openError puts excelize's reasons for not opening a workbook in words users read.
func openError(err error, opt Options) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "unzip size exceeds"):
		return fmt.Errorf("工作簿解压后超过 %d MiB 上限（可能是压缩炸弹）：%w", opt.UnzipSizeLimit>>20, err)
	case errors.Is(err, excelize.ErrWorkbookFileFormat), strings.Contains(msg, "zip"):
		return fmt.Errorf("不是完整的 xlsx 工作簿（文件损坏或不是 Excel 文件）：%w", err)
	case errors.Is(err, excelize.ErrWorkbookPassword):
		return fmt.Errorf("工作簿设有密码，请取消密码后重新提交：%w", err)
	}
	return fmt.Errorf("无法打开工作簿：%w", err)
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

// read reads an open workbook.
func read(f *excelize.File, opt Options) (*calc.Department, error) {
	w := &workbook{used: map[*sheet]bool{}}
	lim := readLimits{rows: opt.MaxRows, cols: opt.MaxCols, cells: maxWorkbookCells}
	budget := lim.cells
	loaded := map[any]bool{}
	for _, name := range f.GetSheetList() {
		sh, errs := loadSheet(f, name, lim, &budget, loaded)
		w.errs = append(w.errs, errs...)
		if sh != nil {
			w.sheets = append(w.sheets, sh)
		} else if errs != nil {
			w.failed = append(w.failed, name)
		}
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
