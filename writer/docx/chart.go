package docx

import "strconv"

// Charts are native DrawingML charts (word/charts/chartN.xml) with their values cached in
// the chart part (c:strCache, c:numCache) and no embedded workbook: Word, WPS and
// LibreOffice draw a chart from its caches without recalculating, the chart stays vector
// and restylable in Word, and a workbook per chart would cost a second xlsx build per
// department for a button ("edit data") that would only let the chart disagree with the
// report's text. Word says the linked data is unavailable when asked to edit it.

// chartKind is the chart type.
type chartKind int

const (
	lineChart chartKind = iota // one line per series, markers at the points
	barChart                   // clustered columns
)

// series is one series of a chart.
type series struct {
	name   string
	values []string // numbers as XML numbers: 18, 1234.5; "" for a gap
	labels []string // the text printed at each point, as calc formatted it; "" for none
	below  []bool   // a line chart's label k goes below its point (not above a reference line it would cross)
	color  string   // RRGGBB
	dashed bool     // a reference line (序时进度) rather than data
}

// chart is a chart as the renderer draws it.
type chart struct {
	kind       chartKind
	title      string // drawn inside the chart; empty when a caption paragraph carries it
	categories []string
	series     []series
	format     string // number format of the values and the axis: 0"%", #,##0.00
	axisTitle  string // the value axis' unit when the format does not show it: 万元
	max, step  string // the value axis' top and step; "" for automatic
	cx, cy     int    // size, EMU
}

const (
	nsA      = "http://schemas.openxmlformats.org/drawingml/2006/main"
	nsC      = "http://schemas.openxmlformats.org/drawingml/2006/chart"
	nsWP     = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
	emuPerMM = 36000
)

// drawing appends ch as an inline chart in a paragraph of its own.
func (w *body) drawing(ch chart) {
	w.charts = append(w.charts, chartXML(ch))
	n := len(w.charts)
	w.drawings++
	w.open(para{style: styleFigure})
	b := w.b
	b = append(b, `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="`...)
	b = strconv.AppendInt(b, int64(ch.cx), 10)
	b = append(b, `" cy="`...)
	b = strconv.AppendInt(b, int64(ch.cy), 10)
	b = append(b, `"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="`...)
	b = strconv.AppendInt(b, int64(w.drawings), 10)
	b = append(b, `" name="图表 `...)
	b = strconv.AppendInt(b, int64(w.drawings), 10)
	b = append(b, `" descr="`...)
	b = appendEscaped(b, ch.title)
	b = append(b, `"/><wp:cNvGraphicFramePr/><a:graphic xmlns:a="`+nsA+`"><a:graphicData uri="`+nsC+`"><c:chart xmlns:c="`+nsC+`" r:id="`...)
	b = append(b, chartRID(n)...)
	b = append(b, `"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`...)
	w.b = b
	w.close()
}

// textProps is DrawingML run properties in the report's fonts at size (1/100 pt).
func textProps(size int, ea string) string {
	return `<a:defRPr sz="` + strconv.Itoa(size) + `" b="0"><a:solidFill><a:srgbClr val="000000"/></a:solidFill><a:latin typeface="` + fontLatin + `"/><a:ea typeface="` + ea + `"/><a:cs typeface="` + fontLatin + `"/></a:defRPr>`
}

// chartXML is the chart part of ch.
func chartXML(ch chart) []byte {
	b := make([]byte, 0, 4096)
	b = append(b, xmlDecl+`<c:chartSpace xmlns:c="`+nsC+`" xmlns:a="`+nsA+`" xmlns:r="`+nsR+`">`+
		`<c:date1904 val="0"/><c:lang val="zh-CN"/><c:roundedCorners val="0"/><c:chart>`...)
	if ch.title != "" {
		b = append(b, `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>`+textProps(1200, fontHeading1)+`</a:pPr><a:r><a:rPr lang="zh-CN" sz="1200" b="0"><a:latin typeface="`+fontLatin+`"/><a:ea typeface="`+fontHeading1+`"/></a:rPr><a:t>`...)
		b = appendEscaped(b, ch.title)
		b = append(b, `</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>`...)
	} else {
		b = append(b, `<c:autoTitleDeleted val="1"/>`...)
	}
	b = append(b, `<c:plotArea><c:layout/>`...)
	if ch.kind == barChart {
		b = append(b, `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>`...)
	} else {
		b = append(b, `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>`...)
	}
	for i, s := range ch.series {
		b = appendSeries(b, ch, i, s)
	}
	if ch.kind == barChart {
		b = append(b, `<c:gapWidth val="80"/><c:axId val="1001"/><c:axId val="1002"/></c:barChart>`...)
	} else {
		b = append(b, `<c:marker val="1"/><c:axId val="1001"/><c:axId val="1002"/></c:lineChart>`...)
	}
	axisText := `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr>` + textProps(1000, fontBody) + `</a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>`
	axisLine := `<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="595959"/></a:solidFill></a:ln></c:spPr>`
	b = append(b, `<c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>`+
		`<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>`+axisLine+axisText+
		`<c:crossAx val="1002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`+
		`<c:valAx><c:axId val="1002"/><c:scaling><c:orientation val="minMax"/>`...)
	if ch.max != "" {
		b = append(b, `<c:max val="`...)
		b = appendEscaped(b, ch.max)
		b = append(b, `"/>`...)
	}
	b = append(b, `<c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>`+
		`<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>`...)
	if ch.axisTitle != "" {
		b = append(b, `<c:title><c:tx><c:rich><a:bodyPr rot="0" vert="horz"/><a:lstStyle/><a:p><a:pPr>`+textProps(1000, fontBody)+`</a:pPr><a:r><a:rPr lang="zh-CN"/><a:t>`...)
		b = appendEscaped(b, ch.axisTitle)
		b = append(b, `</a:t></a:r></a:p></c:rich></c:tx><c:layout><c:manualLayout><c:xMode val="edge"/><c:yMode val="edge"/><c:x val="0.01"/><c:y val="0.01"/></c:manualLayout></c:layout><c:overlay val="0"/></c:title>`...)
	}
	b = append(b, `<c:numFmt formatCode="`...)
	b = appendEscaped(b, ch.format)
	b = append(b, `" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>`+axisLine+axisText+
		`<c:crossAx val="1001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/>`...)
	if ch.step != "" {
		b = append(b, `<c:majorUnit val="`...)
		b = appendEscaped(b, ch.step)
		b = append(b, `"/>`...)
	}
	b = append(b, `</c:valAx></c:plotArea>`+
		`<c:legend><c:legendPos val="b"/><c:overlay val="0"/>`+axisText+`</c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>`+
		`<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>`+
		`<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr>`+textProps(1000, fontBody)+`</a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr></c:chartSpace>`...)
	return b
}

// column is the spreadsheet column letter of series i (A holds the categories), for the
// c:f references the caches stand for.
func column(i int) string { return string(rune('B' + i%25)) }

// appendSeries appends series i of ch.
func appendSeries(b []byte, ch chart, i int, s series) []byte {
	col := column(i)
	rows := strconv.Itoa(len(ch.categories) + 1)
	b = append(b, `<c:ser><c:idx val="`...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, `"/><c:order val="`...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, `"/><c:tx><c:strRef><c:f>Sheet1!$`+col+`$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>`...)
	b = appendEscaped(b, s.name)
	b = append(b, `</c:v></c:pt></c:strCache></c:strRef></c:tx>`...)
	fill := `<a:solidFill><a:srgbClr val="` + s.color + `"/></a:solidFill>`
	if ch.kind == barChart {
		b = append(b, `<c:spPr>`+fill+`</c:spPr><c:invertIfNegative val="0"/>`...)
	} else {
		dash := ""
		if s.dashed {
			dash = `<a:prstDash val="dash"/>`
		}
		b = append(b, `<c:spPr><a:ln w="28575" cap="rnd">`+fill+dash+`<a:round/></a:ln></c:spPr>`+
			`<c:marker><c:symbol val="circle"/><c:size val="6"/><c:spPr>`+fill+`<a:ln w="9525">`+fill+`</a:ln></c:spPr></c:marker>`...)
	}
	if len(s.labels) > 0 {
		b = appendLabels(b, ch.kind, s.labels, s.below)
	}
	b = append(b, `<c:cat><c:strRef><c:f>Sheet1!$A$2:$A$`+rows+`</c:f><c:strCache><c:ptCount val="`...)
	b = strconv.AppendInt(b, int64(len(ch.categories)), 10)
	b = append(b, `"/>`...)
	for k, c := range ch.categories {
		b = append(b, `<c:pt idx="`...)
		b = strconv.AppendInt(b, int64(k), 10)
		b = append(b, `"><c:v>`...)
		b = appendEscaped(b, c)
		b = append(b, `</c:v></c:pt>`...)
	}
	b = append(b, `</c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>Sheet1!$`+col+`$2:$`+col+`$`+rows+`</c:f><c:numCache><c:formatCode>`...)
	b = appendEscaped(b, ch.format)
	b = append(b, `</c:formatCode><c:ptCount val="`...)
	b = strconv.AppendInt(b, int64(len(ch.categories)), 10)
	b = append(b, `"/>`...)
	for k, v := range s.values {
		if k >= len(ch.categories) || v == "" {
			continue // a missing value is a gap
		}
		b = append(b, `<c:pt idx="`...)
		b = strconv.AppendInt(b, int64(k), 10)
		b = append(b, `"><c:v>`...)
		b = appendEscaped(b, v)
		b = append(b, `</c:v></c:pt>`...)
	}
	b = append(b, `</c:numCache></c:numRef></c:val>`...)
	if ch.kind == lineChart {
		b = append(b, `<c:smooth val="0"/>`...)
	}
	return append(b, `</c:ser>`...)
}

// appendLabels appends a series' data labels, each point's text as calc formatted it
// (c:dLbl with c:tx), so that a label never differs from the figure the text prints by a
// spreadsheet's own rounding of the drawn value.
func appendLabels(b []byte, kind chartKind, labels []string, below []bool) []byte {
	pos := `<c:dLblPos val="t"/>`
	if kind == barChart {
		pos = `<c:dLblPos val="outEnd"/>`
	}
	const show = `<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>`
	b = append(b, `<c:dLbls>`...)
	for k, l := range labels {
		b = append(b, `<c:dLbl><c:idx val="`...)
		b = strconv.AppendInt(b, int64(k), 10)
		b = append(b, `"/>`...)
		if l == "" {
			b = append(b, `<c:delete val="1"/></c:dLbl>`...)
			continue
		}
		b = append(b, `<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="zh-CN"/><a:t>`...)
		b = appendEscaped(b, l)
		b = append(b, `</a:t></a:r></a:p></c:rich></c:tx><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>`...)
		if kind == lineChart && k < len(below) && below[k] {
			b = append(b, `<c:dLblPos val="b"/>`...)
		} else {
			b = append(b, pos...)
		}
		b = append(b, show+`</c:dLbl>`...)
	}
	return append(b, `<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>`+
		`<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr>`+textProps(900, fontBody)+`</a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>`+
		pos+show+`</c:dLbls>`...)
}
