package submission

import (
	"sort"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"selfeval/calc"
	"selfeval/writer/workbook"
)

// book is a workbook being written: the writer/workbook Book this package lays its sheets
// out in, with the department and options being written. err mirrors the book's sticky
// error: the first one is kept and every later call does nothing, so the layout code reads
// as a list of cells.
type book struct {
	wb     *workbook.Book[style]
	f      *excelize.File // wb's file, for data validations and sheet protection
	d      *calc.Department
	opt    Options
	year   int
	unit   string // 万元 or 元
	sheets map[string]*sheetState
	err    error
}

// sheetState collects what is applied to a sheet after its cells are written.
type sheetState struct {
	name        string
	widths      map[int]float64         // column → width in characters
	heights     map[int]float64         // row → height in points
	validations map[validation][]string // validation → cells
	order       []validation            // validations in first-use order
	headerRows  int                     // rows frozen and repeated on every printed page
}

// validation is one kind of data validation on a sheet.
type validation struct {
	typ    excelize.DataValidationType
	op     excelize.DataValidationOperator
	f1, f2 string
	prompt prompt
}

func newBook(d *calc.Department, opt Options) *book {
	year := d.Info.Year
	if year == 0 {
		year = opt.Year
	}
	wb := workbook.New[style](fontBody)
	b := &book{
		wb: wb, f: wb.File(), d: d, opt: opt, year: year, unit: unitWan,
		sheets: map[string]*sheetState{},
	}
	if opt.UnitYuan {
		b.unit = unitYuan
	}
	b.sheet(sheetInstructions) // the first sheet
	return b
}

func (b *book) fail(err error) {
	b.wb.Check(err)
	b.err = b.wb.Err()
}

func (b *book) sheet(name string) *sheetState {
	s, ok := b.sheets[name]
	if !ok {
		s = &sheetState{name: name, widths: map[int]float64{}, heights: map[int]float64{}, validations: map[validation][]string{}}
		b.sheets[name] = s
		b.wb.AddSheet(name)
		b.err = b.wb.Err()
	}
	return s
}

func (b *book) writeAll() {
	b.writeInstructions()
	b.writeInfo()
	switch b.opt.Layout {
	case OneSheet:
		s := b.sheet(sheetOneSheet)
		row := 1
		for i, t := range b.d.Tables() {
			row = b.writeTable(s, calc.Tables[i], t, row, 1) + 2
		}
	default:
		top, left := 1, 1
		if b.opt.Layout == Shifted {
			top, left = 3, 2
		}
		for i, t := range b.d.Tables() {
			spec := calc.Tables[i]
			s := b.sheet("表" + spec.ID)
			if b.opt.Layout == Shifted {
				b.text(s, 1, 1, shiftedRemark, stRemark)
			}
			b.writeTable(s, spec, t, top, left)
			s.headerRows = top + 2
			if spec.ID == calc.TableAssets {
				s.headerRows++
			}
		}
	}
	b.writeManual()
	b.writeNarrative()
	for _, name := range b.sheetOrder() {
		b.finishSheet(b.sheets[name])
	}
	b.wb.Properties(b.properties())
	b.err = b.wb.Err()
}

// sheetOrder returns the sheet names in workbook order.
func (b *book) sheetOrder() []string {
	return b.f.GetSheetList()
}

// properties are the document properties: the title names the department and year, the
// date is opt.Date or January 1 of the workbook's 年度.
func (b *book) properties() workbook.Properties {
	date := b.opt.Date
	if date.IsZero() {
		date = calc.DocumentDate(b.year)
	}
	title := strconv.Itoa(b.year) + "年度部门整体支出绩效自评填报表"
	if b.d.Info.Name != "" {
		title = b.d.Info.Name + " " + title
	}
	return workbook.Properties{Title: title, Date: date}
}

// ---- cells ----

func (b *book) cell(col, row int) string { return workbook.Cell(col, row) }

// text writes s as a string (never a formula, whatever it starts with) with style st; an
// empty s leaves the cell empty but styled.
func (b *book) text(s *sheetState, col, row int, text string, st style) {
	var v any
	if text != "" {
		v = text
	}
	b.wb.Set(s.name, col, row, v, st)
	b.err = b.wb.Err()
}

// number writes a decimal as a number with style st: a float64 in its shortest form, the
// decimal itself for the 15 significant digits a spreadsheet keeps.
func (b *book) number(s *sheetState, col, row int, v decimal.Decimal, st style) {
	b.wb.Set(s.name, col, row, v.InexactFloat64(), st)
	b.err = b.wb.Err()
}

// formula writes a formula with its computed value (nil: none), a number, so that WPS,
// previews and selfeval's reader see it without recalculating.
func (b *book) formula(s *sheetState, col, row int, formula string, cached *decimal.Decimal, st style) {
	var v any
	if cached != nil {
		v = cached.InexactFloat64()
	}
	b.wb.SetFormula(s.name, col, row, formula, v, st)
	b.err = b.wb.Err()
}

func (b *book) merge(s *sheetState, c1, r1, c2, r2 int) {
	b.wb.Merge(s.name, c1, r1, c2, r2)
	b.err = b.wb.Err()
}

// width asks for column col to be at least w characters wide.
func (s *sheetState) width(col int, w float64) {
	s.widths[col] = max(s.widths[col], w)
}

// height asks for row to be at least h points high.
func (s *sheetState) height(row int, h float64) {
	s.heights[row] = max(s.heights[row], h)
}

// validate puts the cell under validation v.
func (s *sheetState) validate(cell string, v validation) {
	if _, ok := s.validations[v]; !ok {
		s.order = append(s.order, v)
	}
	s.validations[v] = append(s.validations[v], cell)
}

// pageMargin is the margin of every printed page, in inches.
const pageMargin = 0.6

func (b *book) finishSheet(s *sheetState) {
	if b.err != nil {
		return
	}
	for c, w := range s.widths {
		b.wb.Width(s.name, c, min(w, maxColWidth))
	}
	for r, h := range s.heights {
		b.wb.Height(s.name, r, min(h, maxRowHeight))
	}
	for _, v := range s.order {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = sqref(s.validations[v])
		b.fail(dv.SetRange(v.f1, v.f2, v.typ, v.op))
		dv.SetInput(v.prompt.title, v.prompt.msg)
		dv.SetError(excelize.DataValidationErrorStyleStop, v.prompt.errTitle, v.prompt.errMsg)
		b.fail(b.f.AddDataValidation(s.name, dv))
	}
	page := workbook.Page{Margin: pageMargin}
	if s.headerRows > 0 {
		page.TitleFirst, page.TitleLast, page.FreezeRow = 1, s.headerRows, s.headerRows+1
	}
	b.wb.Page(s.name, page)
	b.fail(b.f.ProtectSheet(s.name, &excelize.SheetProtectionOptions{
		SelectLockedCells: true, SelectUnlockedCells: true,
		FormatColumns: true, FormatRows: true, InsertRows: true,
	}))
}

// sqref lists cells as a data validation range, joining runs of a column into A1:A9.
func sqref(cells []string) string {
	type rc struct{ col, row int }
	var list []rc
	seen := map[rc]bool{}
	for _, c := range cells {
		col, row, err := excelize.CellNameToCoordinates(c)
		if err != nil || seen[rc{col, row}] {
			continue
		}
		seen[rc{col, row}] = true
		list = append(list, rc{col, row})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].col != list[j].col {
			return list[i].col < list[j].col
		}
		return list[i].row < list[j].row
	})
	var parts []string
	for i := 0; i < len(list); {
		j := i
		for j+1 < len(list) && list[j+1].col == list[i].col && list[j+1].row == list[j].row+1 {
			j++
		}
		a, _ := excelize.CoordinatesToCellName(list[i].col, list[i].row)
		if j == i {
			parts = append(parts, a)
		} else {
			z, _ := excelize.CoordinatesToCellName(list[j].col, list[j].row)
			parts = append(parts, a+":"+z)
		}
		i = j + 1
	}
	return strings.Join(parts, " ")
}

// displayWidth estimates how many character widths text takes in a cell: a wide
// character (workbook.IsWide) counts 2, the rest 1; the longest line counts.
func displayWidth(text string) float64 { return workbook.Width(text, 2) }

// wrappedLines estimates how many lines text takes in a column width characters wide.
func wrappedLines(text string, width float64) int { return workbook.Lines(text, width-1, 2) }
