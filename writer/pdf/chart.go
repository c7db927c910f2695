package pdf

import (
	"math"
	"strconv"

	"selfeval/writer/fonts"
	"selfeval/writer/report"
)

// Chart geometry in mm.
const (
	chartPlotH   = 62.0 // the plot area's height
	chartAxisW   = 13.0 // room left of the plot for the tick labels
	chartPadR    = 3.0  // room right of the plot
	chartLegendH = 8.0  // the legend row above the plot
	chartLabelH  = 6.0  // room above the plot's top for value labels
)

// Chart colours (RGB): data series in turn, the reference series, gridlines.
var (
	seriesColors = [][3]int{{31, 78, 121}, {192, 80, 77}, {112, 146, 70}}
	referenceRGB = [3]int{118, 118, 118}
	gridRGB      = [3]int{200, 200, 200}
)

// checkChart registers every character a chart prints with need.
func (r *renderer) checkChart(c *report.Chart, need func(fonts.Role, string, string) error) error {
	field := c.Field
	if field == "" {
		field = "图表"
	}
	texts := []string{c.Title, c.Axis.Unit, "0123456789.-"}
	texts = append(texts, c.Categories...)
	for _, s := range c.Series {
		texts = append(texts, s.Name)
		texts = append(texts, s.Labels...)
	}
	for _, t := range texts {
		if err := need(fonts.Table, t, field); err != nil {
			return err
		}
	}
	return need(fonts.Heading1, c.Title, field+"标题")
}

// chart draws a line or bar chart in the type area's width: the legend, the value axis
// with gridlines and tick labels, the series with their value labels, the category
// labels, and the title centred below, all kept on one page.
func (r *renderer) chart(c *report.Chart) {
	if len(c.Categories) == 0 || len(c.Series) == 0 || !(c.Axis.Max > 0) {
		return
	}
	face := r.set.Face(fonts.Table)
	m := r.measure(face, sizeChart)
	capFace := r.set.Face(fonts.Heading1)
	capPitch := sizeTable * ptToMM * 1.6
	labelPitch := sizeChart * ptToMM * 1.3

	left, right := r.geom.left+chartAxisW, r.geom.right-chartPadR
	band := (right - left) / float64(len(c.Categories))
	catLines := make([][]string, len(c.Categories))
	maxLines := 1
	for i, cat := range c.Categories {
		catLines[i] = breakLines(cat, band-1, m)
		maxLines = max(maxLines, len(catLines[i]))
	}
	title := breakLines(c.Title, r.geom.width, r.measure(capFace, sizeTable))
	total := chartLegendH + chartLabelH + chartPlotH + float64(maxLines)*labelPitch + 2 + float64(len(title))*capPitch
	if r.y+total > r.geom.bottom+0.01 && r.y > r.geom.top+0.01 {
		r.newPage()
	}
	pdf := r.pdf
	r.y += 1
	r.legend(c, face, m)
	top := r.y + chartLegendH + chartLabelH
	bottom := top + chartPlotH
	yOf := func(v float64) float64 { return bottom - math.Max(0, math.Min(v, c.Axis.Max))/c.Axis.Max*chartPlotH }

	// Gridlines and tick labels.
	step := c.Axis.Step
	if !(step > 0) {
		step = c.Axis.Max
	}
	pdf.SetLineWidth(0.15)
	for i := 0; ; i++ {
		v := float64(i) * step
		if v > c.Axis.Max+step/1e6 {
			break
		}
		y := yOf(v)
		rgb := gridRGB
		if i == 0 {
			rgb = [3]int{0, 0, 0}
		}
		pdf.SetDrawColor(rgb[0], rgb[1], rgb[2])
		pdf.Line(left, y, right, y)
		tick := strconv.FormatFloat(v, 'f', -1, 64) + c.Axis.Unit
		r.text(face, sizeChart, left-1.5-r.textWidth(tick, m), y+0.35*sizeChart*ptToMM, tick, 0)
	}
	pdf.SetDrawColor(0, 0, 0)
	pdf.Line(left, top, left, bottom)

	// Series.
	centre := func(i int) float64 { return left + (float64(i)+0.5)*band }
	data := 0
	for _, s := range c.Series {
		if !s.Reference {
			data++
		}
	}
	k := 0
	for _, s := range c.Series {
		rgb := referenceRGB
		if !s.Reference {
			rgb = seriesColors[k%len(seriesColors)]
		}
		pdf.SetDrawColor(rgb[0], rgb[1], rgb[2])
		pdf.SetFillColor(rgb[0], rgb[1], rgb[2])
		n := min(len(s.Values), len(c.Categories))
		switch {
		case c.Kind == report.ChartBar && !s.Reference:
			barW := band * 0.6 / float64(max(data, 1))
			for i := 0; i < n; i++ {
				x := centre(i) - band*0.3 + float64(k)*barW
				y := yOf(s.Values[i])
				if bottom-y > 0.05 {
					pdf.Rect(x, y, barW, bottom-y, "F")
				}
				r.valueLabel(s, i, x+barW/2, y, face, m)
			}
		default:
			pdf.SetLineWidth(0.5)
			if s.Reference {
				pdf.SetLineWidth(0.35)
				pdf.SetDashPattern([]float64{1.6, 1.2}, 0)
			}
			if c.Kind == report.ChartBar { // a reference across the bars: a level per category
				for i := 0; i < n; i++ {
					pdf.Line(centre(i)-band/2, yOf(s.Values[i]), centre(i)+band/2, yOf(s.Values[i]))
				}
			} else if n > 0 {
				pdf.MoveTo(centre(0), yOf(s.Values[0]))
				for i := 1; i < n; i++ {
					pdf.LineTo(centre(i), yOf(s.Values[i]))
				}
				pdf.DrawPath("D")
			}
			pdf.SetDashPattern(nil, 0)
			for i := 0; i < n && c.Kind == report.ChartLine; i++ {
				if s.Reference {
					pdf.Rect(centre(i)-0.8, yOf(s.Values[i])-0.8, 1.6, 1.6, "F")
					continue
				}
				pdf.Circle(centre(i), yOf(s.Values[i]), 1.0, "F")
				y := yOf(s.Values[i]) - 1.2
				if below(c, s.Values[i], i) {
					y = yOf(s.Values[i]) + 1.2 + labelPitch
				}
				r.valueLabel(s, i, centre(i), y, face, m)
			}
		}
		if !s.Reference {
			k++
		}
	}
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetFillColor(0, 0, 0)
	pdf.SetLineWidth(0.2)

	// Category labels, then the title.
	for i, ls := range catLines {
		for j, l := range ls {
			y := bottom + 1 + float64(j)*labelPitch
			r.text(face, sizeChart, centre(i)-r.textWidth(l, m)/2, baseline(y, labelPitch, sizeChart), l, 0)
		}
	}
	r.y = bottom + 1 + float64(maxLines)*labelPitch + 1
	r.lines(title, sizeTable, capPitch, 0, report.AlignCenter, capFace)
	r.y += blockGap
}

// valueLabel prints a series' label for category i centred above (x, y), the top of its
// bar or its point.
func (r *renderer) valueLabel(s report.Series, i int, x, y float64, face *fonts.Face, m func(rune) float64) {
	if s.Reference || i >= len(s.Labels) || s.Labels[i] == "" {
		return
	}
	l := s.Labels[i]
	r.text(face, sizeChart, x-r.textWidth(l, m)/2, y-1, l, 0)
}

// legend draws one entry a series at r.y, centred: a swatch (a bar, or a line with its
// marker; dashed for a reference) and the series' name.
func (r *renderer) legend(c *report.Chart, face *fonts.Face, m func(rune) float64) {
	const swatch, gap, sep = 8.0, 1.5, 6.0
	width := 0.0
	for i, s := range c.Series {
		if i > 0 {
			width += sep
		}
		width += swatch + gap + r.textWidth(s.Name, m)
	}
	pdf := r.pdf
	x := r.geom.left + (r.geom.width-width)/2
	mid := r.y + chartLegendH/2
	k := 0
	for _, s := range c.Series {
		rgb := referenceRGB
		if !s.Reference {
			rgb = seriesColors[k%len(seriesColors)]
			k++
		}
		pdf.SetDrawColor(rgb[0], rgb[1], rgb[2])
		pdf.SetFillColor(rgb[0], rgb[1], rgb[2])
		switch {
		case c.Kind == report.ChartBar && !s.Reference:
			pdf.Rect(x+1, mid-1.5, swatch-2, 3, "F")
		default:
			pdf.SetLineWidth(0.5)
			if s.Reference {
				pdf.SetLineWidth(0.35)
				pdf.SetDashPattern([]float64{1.6, 1.2}, 0)
			}
			pdf.Line(x, mid, x+swatch, mid)
			pdf.SetDashPattern(nil, 0)
			if c.Kind == report.ChartLine && !s.Reference {
				pdf.Circle(x+swatch/2, mid, 1.0, "F")
			}
		}
		x += swatch + gap
		r.text(face, sizeChart, x, mid+0.35*sizeChart*ptToMM, s.Name, 0)
		x += r.textWidth(s.Name, m) + sep
	}
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetFillColor(0, 0, 0)
	pdf.SetLineWidth(0.2)
}

// below reports whether a line chart's label for value v at category i goes below its
// point rather than above: when a reference series runs above the point there, so that
// the label does not sit on the reference line.
func below(c *report.Chart, v float64, i int) bool {
	for _, s := range c.Series {
		if s.Reference && i < len(s.Values) && s.Values[i] > v {
			return true
		}
	}
	return false
}
