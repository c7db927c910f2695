package xlsx

import "github.com/xuri/excelize/v2"

// Number formats. Built-in formats are used by id so that every spreadsheet program
// (Excel, WPS, LibreOffice) knows them without a custom format entry.
const (
	numFmtGeneral   = 0  // General
	numFmtScore     = 2  // 0.00
	numFmtCount     = 3  // #,##0
	numFmtAmount    = 4  // #,##0.00
	numFmtPercent   = 10 // 0.00%
	customFmtFigure = "#,##0.00########"
	customFmtChange = "+0.00;-0.00;0.00" // a change from last year, signed
)

const (
	fontName      = "宋体"
	colorHeader   = "D9E1F2"
	colorSubtle   = "F2F2F2"
	colorBorder   = "000000"
	colorGradeA   = "C6EFCE" // 优: green
	colorGradeB   = "BDD7EE" // 良: blue
	colorGradeC   = "FFEB9C" // 中: yellow
	colorGradeD   = "FFC7CE" // 差: red
	colorFailText = "C00000"
	colorAxis     = "404040" // chart axis labels (excelize draws them light grey by default)
	colorBar      = "4472C4"
)

// gradeColors fill the 等级 cell by the grade's rank in the rubric (highest first).
var gradeColors = []string{colorGradeA, colorGradeB, colorGradeC, colorGradeD}

// styleSpec is a compact description of a cell style.
type styleSpec struct {
	bold       bool
	size       float64 // 0 means bodyFontSize
	color      string  // font colour
	horizontal string  // left, center, right
	vertical   string  // top, center
	wrap       bool
	border     bool
	fill       string
	numFmt     int
	custom     string // custom number format, overrides numFmt
	indent     int
}

// Excelize is the style as excelize creates it (workbook.Style).
func (s styleSpec) Excelize() *excelize.Style {
	size := s.size
	if size == 0 {
		size = bodyFontSize
	}
	style := &excelize.Style{
		Font: &excelize.Font{Family: fontName, Size: size, Bold: s.bold, Color: s.color},
		Alignment: &excelize.Alignment{
			Horizontal: s.horizontal, Vertical: s.vertical, WrapText: s.wrap, Indent: s.indent,
		},
		NumFmt: s.numFmt,
	}
	if style.Alignment.Vertical == "" {
		style.Alignment.Vertical = "center"
	}
	if s.custom != "" {
		custom := s.custom
		style.CustomNumFmt = &custom
	}
	if s.border {
		for _, side := range []string{"left", "top", "right", "bottom"} {
			style.Border = append(style.Border, excelize.Border{Type: side, Color: colorBorder, Style: 1})
		}
	}
	if s.fill != "" {
		style.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{s.fill}}
	}
	return style
}

// Frequently used styles.
var (
	styleTitle    = styleSpec{bold: true, size: 16, horizontal: "center"}
	styleSubtitle = styleSpec{horizontal: "left"}
	styleHeader   = styleSpec{bold: true, horizontal: "center", wrap: true, border: true, fill: colorHeader}
	styleText     = styleSpec{horizontal: "left", wrap: true, border: true}
	styleCenter   = styleSpec{horizontal: "center", wrap: true, border: true}
	styleGeneral  = styleSpec{horizontal: "center", border: true, numFmt: numFmtGeneral}
	styleScore    = styleSpec{horizontal: "center", border: true, numFmt: numFmtScore}
	styleAmount   = styleSpec{horizontal: "right", border: true, numFmt: numFmtAmount}
	styleCount    = styleSpec{horizontal: "right", border: true, numFmt: numFmtCount}
	stylePercent  = styleSpec{horizontal: "right", border: true, numFmt: numFmtPercent}
	styleFigure   = styleSpec{horizontal: "right", border: true, custom: customFmtFigure}
	styleChange   = styleSpec{horizontal: "center", border: true, custom: customFmtChange}
	styleTotalLbl = styleSpec{bold: true, horizontal: "center", border: true, fill: colorSubtle}
	styleTotalNum = styleSpec{bold: true, horizontal: "center", border: true, fill: colorSubtle, numFmt: numFmtScore}
	styleTotalTxt = styleSpec{bold: true, horizontal: "right", border: true, fill: colorSubtle}
	styleSection  = styleSpec{bold: true, size: 12, horizontal: "left"}
)
