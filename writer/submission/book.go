package submission

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"selfeval/calc"
)

// book is a workbook being written. Errors are sticky: the first one is kept in err and
// every later call does nothing, so the layout code reads as a list of cells.
type book struct {
	f      *excelize.File
	d      *calc.Department
	opt    Options
	year   int
	unit   string // 万元 or 元
	scale  decimal.Decimal
	styles map[style]int
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
	lastCol     int                     // the used range is A1 to (lastCol, lastRow)
	lastRow     int
}

// validation is one kind of data validation on a sheet.
type validation struct {
	typ    excelize.DataValidationType
	op     excelize.DataValidationOperator
	f1, f2 string
	prompt prompt
}

func newBook(d *calc.Department, opt Options) (*book, error) {
	year := d.Info.Year
	if year == 0 {
		year = opt.Year
	}
	b := &book{
		f: excelize.NewFile(), d: d, opt: opt, year: year, unit: unitWan, scale: decimal.NewFromInt(1),
		styles: map[style]int{}, sheets: map[string]*sheetState{},
	}
	if opt.UnitYuan {
		b.unit, b.scale = unitYuan, decimal.NewFromInt(10000)
	}
	if err := b.f.SetDefaultFont(fontBody); err != nil {
		return nil, err
	}
	if err := b.f.SetSheetName("Sheet1", sheetInstructions); err != nil {
		return nil, err
	}
	return b, nil
}

func (b *book) fail(err error) {
	if err != nil && b.err == nil {
		b.err = err
	}
}

func (b *book) sheet(name string) *sheetState {
	s, ok := b.sheets[name]
	if !ok {
		s = &sheetState{name: name, widths: map[int]float64{}, heights: map[int]float64{}, validations: map[validation][]string{}}
		b.sheets[name] = s
		if name != sheetInstructions {
			_, err := b.f.NewSheet(name)
			b.fail(err)
		}
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
	b.fail(b.f.SetDocProps(b.docProps()))
	b.fail(b.f.SetAppProps(&excelize.AppProperties{Application: "selfeval"}))
	b.f.SetActiveSheet(0)
}

// sheetOrder returns the sheet names in workbook order.
func (b *book) sheetOrder() []string {
	return b.f.GetSheetList()
}

func (b *book) docProps() *excelize.DocProperties {
	date := b.opt.Date
	if date.IsZero() {
		date = time.Date(max(b.year, 1900), 1, 1, 0, 0, 0, 0, time.UTC)
	}
	stamp := date.UTC().Format("2006-01-02T15:04:05Z")
	title := strconv.Itoa(b.year) + "年度部门整体支出绩效自评填报表"
	if b.d.Info.Name != "" {
		title = b.d.Info.Name + " " + title
	}
	return &excelize.DocProperties{
		Title: title, Creator: "selfeval", LastModifiedBy: "selfeval", Language: "zh-CN",
		Created: stamp, Modified: stamp,
	}
}

// ---- cells ----

func (b *book) cell(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col, row)
	b.fail(err)
	return name
}

// text writes s as a string (never a formula, whatever it starts with) with style st.
func (b *book) text(s *sheetState, col, row int, text string, st style) {
	if b.err != nil {
		return
	}
	c := b.cell(col, row)
	s.extend(col, row)
	if text != "" {
		b.fail(b.f.SetCellStr(s.name, c, text))
	}
	b.style(s, c, st)
}

// number writes an exact decimal as a number with style st.
func (b *book) number(s *sheetState, col, row int, v decimal.Decimal, st style) {
	if b.err != nil {
		return
	}
	c := b.cell(col, row)
	s.extend(col, row)
	b.fail(b.f.SetCellDefault(s.name, c, v.String()))
	b.style(s, c, st)
}

// formula writes a formula with its computed value. excelize marks a formula's cached
// value as a string (t="str"); finishZip turns numeric ones back into numbers.
func (b *book) formula(s *sheetState, col, row int, formula string, cached *decimal.Decimal, st style) {
	if b.err != nil {
		return
	}
	c := b.cell(col, row)
	s.extend(col, row)
	if cached != nil {
		b.fail(b.f.SetCellDefault(s.name, c, cached.String()))
	}
	b.fail(b.f.SetCellFormula(s.name, c, formula))
	b.style(s, c, st)
}

func (b *book) style(s *sheetState, cell string, st style) {
	if b.err != nil {
		return
	}
	id, ok := b.styles[st]
	if !ok {
		var err error
		id, err = b.f.NewStyle(st.excelize())
		if err != nil {
			b.fail(err)
			return
		}
		b.styles[st] = id
	}
	b.fail(b.f.SetCellStyle(s.name, cell, cell, id))
}

func (b *book) merge(s *sheetState, c1, r1, c2, r2 int) {
	if b.err != nil || (c1 == c2 && r1 == r2) {
		return
	}
	s.extend(c2, r2)
	b.fail(b.f.MergeCell(s.name, b.cell(c1, r1), b.cell(c2, r2)))
}

// extend grows the sheet's used range to include the cell.
func (s *sheetState) extend(col, row int) {
	s.lastCol, s.lastRow = max(s.lastCol, col), max(s.lastRow, row)
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

func (b *book) finishSheet(s *sheetState) {
	if b.err != nil {
		return
	}
	// excelize leaves <dimension> at A1; Excel and readers use it as the used range.
	if s.lastRow > 0 {
		b.fail(b.f.SetSheetDimension(s.name, "A1:"+b.cell(s.lastCol, s.lastRow)))
	}
	cols := make([]int, 0, len(s.widths))
	for c := range s.widths {
		cols = append(cols, c)
	}
	sort.Ints(cols)
	for _, c := range cols {
		name, err := excelize.ColumnNumberToName(c)
		b.fail(err)
		b.fail(b.f.SetColWidth(s.name, name, name, min(s.widths[c], maxColWidth)))
	}
	rows := make([]int, 0, len(s.heights))
	for r := range s.heights {
		rows = append(rows, r)
	}
	sort.Ints(rows)
	for _, r := range rows {
		b.fail(b.f.SetRowHeight(s.name, r, min(s.heights[r], maxRowHeight)))
	}
	for _, v := range s.order {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = sqref(s.validations[v])
		b.fail(dv.SetRange(v.f1, v.f2, v.typ, v.op))
		dv.SetInput(v.prompt.title, v.prompt.msg)
		dv.SetError(excelize.DataValidationErrorStyleStop, v.prompt.errTitle, v.prompt.errMsg)
		b.fail(b.f.AddDataValidation(s.name, dv))
	}
	if s.headerRows > 0 {
		b.fail(b.f.SetPanes(s.name, &excelize.Panes{
			Freeze: true, YSplit: s.headerRows, TopLeftCell: b.cell(1, s.headerRows+1), ActivePane: "bottomLeft",
		}))
		b.fail(b.f.SetDefinedName(&excelize.DefinedName{
			Name: "_xlnm.Print_Titles", Scope: s.name,
			RefersTo: fmt.Sprintf("'%s'!$1:$%d", s.name, s.headerRows),
		}))
	}
	size, portrait, one, zero, fit := 9, "portrait", 1, 0, true // 9 = A4
	b.fail(b.f.SetPageLayout(s.name, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &portrait, FitToWidth: &one, FitToHeight: &zero,
	}))
	b.fail(b.f.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: &fit}))
	center := true
	margin, header := 0.6, 0.3
	b.fail(b.f.SetPageMargins(s.name, &excelize.PageLayoutMarginsOptions{
		Left: &margin, Right: &margin, Top: &margin, Bottom: &margin, Header: &header, Footer: &header, Horizontally: &center,
	}))
	b.fail(b.f.SetHeaderFooter(s.name, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页，共 &N 页"}))
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

// displayWidth estimates how many character widths text takes in a cell: CJK and other
// wide characters count 2, the rest 1; the longest line counts.
func displayWidth(text string) float64 {
	longest, w := 0.0, 0.0
	for _, r := range text {
		switch {
		case r == '\n':
			longest, w = max(longest, w), 0
		case r >= 0x1100 && (r <= 0x115F || r >= 0x2E80 && r <= 0xA4CF || r >= 0xAC00 && r <= 0xD7A3 ||
			r >= 0xF900 && r <= 0xFAFF || r >= 0xFE30 && r <= 0xFE4F || r >= 0xFF00 && r <= 0xFF60 ||
			r >= 0xFFE0 && r <= 0xFFE6 || r == 0x2014 || r == 0x2026 || r >= 0x201C && r <= 0x201D):
			w += 2
		default:
			w++
		}
	}
	return max(longest, w)
}

// wrappedLines estimates how many lines text takes in a column width characters wide.
func wrappedLines(text string, width float64) int {
	lines := 0
	for _, para := range strings.Split(text, "\n") {
		w := displayWidth(para)
		n := int(w/(width-1)) + 1
		lines += n
	}
	return lines
}
