package submission

import "github.com/xuri/excelize/v2"

const (
	fontBody  = "宋体"
	fontTitle = "黑体"

	fillInput = "FFF2CC" // light yellow: type here
	fillHead  = "D9E1F2" // header rows
	fillNone  = "EDEDED" // not asked for
	fillTotal = "F2F2F2" // computed totals

	numFmtAmount  = "#,##0.00"
	numFmtCount   = "#,##0"
	numFmtWhole   = "0"
	numFmtPercent = "0.00%"
	numFmtRate    = `0.00%;-0.00%;"——"` // 利用率: 0 (no 原值) shows as the seed's ——
	numFmtScore   = "0.00"
	numFmtText    = "@"

	maxColWidth  = 90.0
	maxRowHeight = 409.0 // Excel's limit
	lineHeight   = 14.5  // points per line of 11 pt text
)

// style is a cell style as a comparable value, so each distinct one is created once.
type style struct {
	input  bool   // unlocked, shaded light yellow
	fill   string // background when not an input
	numFmt string
	bold   bool
	size   float64 // font size; 0 = 11
	font   string  // font name; "" = the body font
	halign string  // left, center, right; "" = general
	valign string  // "" = center
	indent int
	wrap   bool
	border bool
	color  string // font colour; "" = automatic
}

var (
	stTitle      = style{bold: true, size: 16, font: fontTitle, halign: "center"}
	stUnit       = style{halign: "right"}
	stNote       = style{wrap: true, valign: "top"}
	stRemark     = style{halign: "left"} // one line, spilling over the empty cells beside it
	stHeading    = style{bold: true, size: 14, font: fontTitle, halign: "center"}
	stHeader     = style{bold: true, fill: fillHead, halign: "center", wrap: true, border: true}
	stLabel      = style{border: true, wrap: true, halign: "left"}
	stLabelTotal = style{border: true, wrap: true, halign: "center", bold: true}
	stLabelInput = style{input: true, border: true, wrap: true, halign: "left", numFmt: numFmtText}
	stTextInput  = style{input: true, border: true, wrap: true, halign: "left", numFmt: numFmtText}
	stLongInput  = style{input: true, border: true, wrap: true, halign: "left", valign: "top", numFmt: numFmtText}
)

func (s style) withIndent(n int) style { s.indent = n; return s }

// amountStyle is the style of an amount cell of the given role.
func amountStyle(role cellRole, asText bool, numFmt string) style {
	st := style{border: true, numFmt: numFmt, halign: "right"}
	if asText {
		st.numFmt = numFmtText
	}
	switch role {
	case roleInput:
		st.input = true
	case roleTotal:
		st.fill, st.bold = fillTotal, true
	case roleRate:
		st.fill = fillTotal
		if !asText {
			st.numFmt = numFmtRate
		}
	case roleNone:
		st.fill = fillNone
	}
	return st
}

// Excelize is the style as excelize creates it (workbook.Style).
func (s style) Excelize() *excelize.Style {
	font := &excelize.Font{Family: fontBody, Size: 11, Bold: s.bold, Color: s.color}
	if s.font != "" {
		font.Family = s.font
	}
	if s.size != 0 {
		font.Size = s.size
	}
	valign := s.valign
	if valign == "" {
		valign = "center"
	}
	x := &excelize.Style{
		Font:       font,
		Alignment:  &excelize.Alignment{Horizontal: s.halign, Vertical: valign, WrapText: s.wrap, Indent: s.indent},
		Protection: &excelize.Protection{Locked: !s.input},
	}
	if s.numFmt != "" {
		fmtCode := s.numFmt
		x.CustomNumFmt = &fmtCode
	}
	fill := s.fill
	if s.input {
		fill = fillInput
	}
	if fill != "" {
		x.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}}
	}
	if s.border {
		for _, side := range []string{"left", "right", "top", "bottom"} {
			x.Border = append(x.Border, excelize.Border{Type: side, Color: "808080", Style: 1})
		}
	}
	return x
}
