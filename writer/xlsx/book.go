// Package xlsx writes selfeval's spreadsheets: a department's 评价表 (scores laid out like the
// seed's 部门整体支出绩效评价指标评分表, the working behind every score, the checks and the
// normalised tables) and a batch's 汇总 (one row per department, a chart of the totals and
// every indicator's score). Excel, WPS and LibreOffice open them without repair.
//
// Everything is written as values: numbers as numbers with number formats, text as text.
// No formulas are written, so no cached value can be missing or stale, and text from a
// submission (a name starting with = + - @) is never taken for a formula. The same input
// gives the same bytes: document dates come from Options.Date, never from the clock.
package xlsx

import (
	"io"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"selfeval/calc"
	"selfeval/writer/workbook"
)

// Options control the workbooks written. The zero value is the default.
type Options struct {
	// Date is written as the documents' created and modified dates (docProps/core.xml).
	// It is taken as given, never from the clock, so that the same input gives the same
	// bytes; the caller derives it from SOURCE_DATE_EPOCH or the input. The zero value
	// stands for DefaultDate.
	Date time.Time

	// Rubric names the level and indicator columns of the summary. Nil means the rubric of
	// the first evaluated entry; a batch whose every entry failed then has no score columns
	// per level or indicator.
	Rubric *calc.Rubric
}

// DefaultDate is the document date used when Options.Date is zero: the earliest date a zip
// entry can hold, the usual choice of reproducible builds.
var DefaultDate = time.Date(1980, time.January, 1, 0, 0, 0, 0, time.UTC)

func (o Options) date() time.Time {
	if o.Date.IsZero() {
		return DefaultDate
	}
	return o.Date
}

// book is the writer/workbook Book this package lays its sheets out in, with the methods
// the layouts call. err mirrors the book's sticky error after every call, so that a layout
// can skip what needs no doing after a failure; the first error wins and write returns it.
type book struct {
	wb  *workbook.Book[styleSpec]
	f   *excelize.File // wb's file, for what the layer does not wrap (charts, autofilters)
	err error
}

func newBook() *book {
	wb := workbook.New[styleSpec](fontName)
	return &book{wb: wb, f: wb.File(), err: wb.Err()}
}

func (b *book) check(err error) {
	b.wb.Check(err)
	b.err = b.wb.Err()
}

// set gives the cell (col, row) a value and a style.
func (b *book) set(sheet string, col, row int, v any, style styleSpec) {
	b.wb.Set(sheet, col, row, v, style)
	b.err = b.wb.Err()
}

// cell returns the A1 name of (col, row), both 1-based.
func cell(col, row int) string { return workbook.Cell(col, row) }

// colName returns the letters of column col (1-based).
func colName(col int) string { return workbook.Column(col) }

// addSheet creates sheet, or renames the default first sheet when it is the first.
func (b *book) addSheet(name string) {
	b.wb.AddSheet(name)
	b.err = b.wb.Err()
}

// text writes s as a string: never a formula, whatever it starts with.
func (b *book) text(sheet string, col, row int, s string, style styleSpec) {
	b.set(sheet, col, row, s, style)
}

// number writes d at full precision (float64) with the style's number format.
func (b *book) number(sheet string, col, row int, d decimal.Decimal, style styleSpec) {
	b.set(sheet, col, row, d.InexactFloat64(), style)
}

// int writes a whole number.
func (b *book) int(sheet string, col, row int, n int, style styleSpec) {
	b.set(sheet, col, row, int64(n), style)
}

// style applies style to the rectangle (c1, r1)–(c2, r2), keeping the cells' values.
func (b *book) style(sheet string, c1, r1, c2, r2 int, style styleSpec) {
	b.wb.Restyle(sheet, c1, r1, c2, r2, style)
	b.err = b.wb.Err()
}

// merge merges the rectangle (c1, r1)–(c2, r2) and styles all of it (borders of merged
// cells are drawn from every covered cell); a single cell is left alone.
func (b *book) merge(sheet string, c1, r1, c2, r2 int, style styleSpec) {
	b.style(sheet, c1, r1, c2, r2, style)
	b.wb.Merge(sheet, c1, r1, c2, r2)
	b.err = b.wb.Err()
}

// widths sets the column widths, ws[0] for column A.
func (b *book) widths(sheet string, ws []float64) {
	for i, w := range ws {
		b.wb.Width(sheet, i+1, w)
	}
	b.err = b.wb.Err()
}

// applyHeights sets the rows' estimated heights.
func (b *book) applyHeights(sheet string, hs heights) {
	for row, h := range hs {
		b.wb.Height(sheet, row, h)
	}
	b.err = b.wb.Err()
}

// pageSetup describes how a sheet prints and scrolls (workbook.Page).
type pageSetup struct {
	landscape bool // A4 landscape, else portrait
	// titleFirst … titleLast are the header rows repeated on every printed page (0: none).
	titleFirst, titleLast int
	// titleColumn repeats column A on every page too, for sheets printed several pages wide.
	titleColumn bool
	// pagesWide is the number of pages the columns are fitted to (0 means 1).
	pagesWide int
	// freezeRow and freezeCol are the first row and column that scroll (0 or 1: none frozen).
	freezeRow, freezeCol int
	// header is printed at the top centre of every page (a sheet whose first row is its
	// column names carries its title here); empty for none.
	header string
}

// pageMargin is the margin of every printed page, in inches.
const pageMargin = 0.5

// page sets up printing — A4, the columns fitted to the page width, header rows repeated,
// page numbers in the footer — and freezes the header on screen.
func (b *book) page(sheet string, ps pageSetup) {
	b.wb.Page(sheet, workbook.Page{
		Landscape: ps.landscape, PagesWide: ps.pagesWide,
		TitleFirst: ps.titleFirst, TitleLast: ps.titleLast, TitleColumn: ps.titleColumn,
		FreezeRow: ps.freezeRow, FreezeCol: ps.freezeCol, Margin: pageMargin, Header: ps.header,
	})
	b.err = b.wb.Err()
}

// properties sets the document properties. Created and modified come from opt, never the
// clock.
func (b *book) properties(title, subject string, opt Options) {
	b.wb.Properties(workbook.Properties{
		Title: title, Subject: subject, Keywords: textKeywordsEval, Date: opt.date(),
	})
	b.err = b.wb.Err()
}

// write writes the workbook to w and closes it.
func (b *book) write(w io.Writer) error {
	b.err = b.wb.Write(w)
	return b.err
}
