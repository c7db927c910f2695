package inspect

import "fmt"

// Report is what inspection learned about a workbook that passed: its sheets and the non-fatal
// findings the reader should turn into warnings.
type Report struct {
	// Sheets lists the workbook's sheets in workbook order.
	Sheets []Sheet
	// Findings are in workbook order: workbook-level ones first, then sheet by sheet.
	Findings []Finding
}

// Sheet is one sheet listed in xl/workbook.xml. Its Name is data from the file: never use it
// in a file path.
type Sheet struct {
	Name  string // as shown on the sheet tab, e.g. "表1-4"
	Part  string // zip part holding it, e.g. "xl/worksheets/sheet3.xml"
	State string // "" or "visible", "hidden", "veryHidden"
	// Content is what the sheet holds, kept by Read only (nil otherwise).
	Content *Content
}

// Hidden reports whether the sheet is hidden from the user.
func (s Sheet) Hidden() bool { return s.State == "hidden" || s.State == "veryHidden" }

// FindingKind says what a Finding is about.
type FindingKind string

// Kinds of findings.
const (
	// FindingHiddenSheet: a sheet the user cannot see (Value is its state).
	FindingHiddenSheet FindingKind = "hidden_sheet"
	// FindingHiddenRow: a hidden row that holds values (Row is its number).
	FindingHiddenRow FindingKind = "hidden_row"
	// FindingExternalLink: the workbook refers to another file (Value is the target as
	// written in the file; it is data, never open it).
	FindingExternalLink FindingKind = "external_link"
	// FindingNoCachedValue: a formula cell with no cached value; excelize reads it as "".
	FindingNoCachedValue FindingKind = "no_cached_value"
	// FindingErrorValue: a cell holding an error value such as #DIV/0! (Value).
	FindingErrorValue FindingKind = "error_value"
)

// Finding is one non-fatal observation about a workbook.
type Finding struct {
	Kind  FindingKind
	Sheet string // sheet name, when the finding is on a sheet
	Part  string // zip part, e.g. "xl/worksheets/sheet1.xml" or "xl/externalLinks/externalLink1.xml"
	Cell  string // cell reference, e.g. "C9", when there is one
	Row   int    // row number, for FindingHiddenRow
	Value string // error value, sheet state or link target, by Kind
	// More counts further findings of the same kind on the same sheet that were not listed
	// one by one (a sheet with 5,000 formulas lacking values gives a few findings, not 5,000).
	More int
}

// String returns the finding as a Chinese warning, e.g. "表1-4!C9 是错误值 #DIV/0!".
func (f Finding) String() string {
	var s string
	switch f.Kind {
	case FindingHiddenSheet:
		s = fmt.Sprintf(findHiddenSheet, f.Sheet)
	case FindingHiddenRow:
		s = fmt.Sprintf(findHiddenRow, sheetLabel(f.Sheet), f.Row)
	case FindingExternalLink:
		s = fmt.Sprintf(findExternalLink, f.Value)
		if f.Value == "" {
			s = findExternalLinkNoName
		}
	case FindingNoCachedValue:
		s = fmt.Sprintf(findNoCachedValue, f.Sheet, f.Cell)
	case FindingErrorValue:
		s = fmt.Sprintf(findErrorValue, f.Sheet, f.Cell, f.Value)
	default:
		s = string(f.Kind)
	}
	if f.More > 0 {
		s += fmt.Sprintf(findMore, f.More)
	}
	return s
}

func sheetLabel(sheet string) string {
	if sheet == "" {
		return ""
	}
	return fmt.Sprintf("工作表「%s」", sheet)
}

// maxListed is how many findings of one kind one sheet lists before counting the rest in More.
const maxListed = 20

// findings collects findings, listing at most maxListed of one kind per sheet.
type findings struct {
	list  []Finding
	count map[findingKey]int
	last  map[findingKey]int // index in list of the last one listed
}

type findingKey struct {
	part string
	kind FindingKind
}

func (fs *findings) add(f Finding) {
	if fs.count == nil {
		fs.count = make(map[findingKey]int)
		fs.last = make(map[findingKey]int)
	}
	k := findingKey{f.Part, f.Kind}
	fs.count[k]++
	if fs.count[k] > maxListed {
		fs.list[fs.last[k]].More++
		return
	}
	fs.last[k] = len(fs.list)
	fs.list = append(fs.list, f)
}
