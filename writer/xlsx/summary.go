package xlsx

import (
	"cmp"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"selfeval/calc"
)

// Entry is one input of a batch: either evaluated (Eval set, Err nil) or failed (Err set).
type Entry struct {
	Source string           // the input path as given
	Eval   *calc.Evaluation // the evaluation; nil when the input failed
	Err    error            // why the input failed; its message is shown to the reviewer
}

// failed reports whether the entry has no usable evaluation.
func (en Entry) failed() bool {
	return en.Err != nil || en.Eval == nil || en.Eval.Department == nil || en.Eval.Rubric == nil
}

// WriteSummary writes the batch's 汇总.xlsx to w: sheet 汇总 (one row per department, best
// total first, then the failed inputs with their errors), sheet 总分图 (a bar chart of the
// totals) and sheet 指标得分 (every indicator's score per department).
func WriteSummary(w io.Writer, entries []Entry, opt Options) error {
	var ok, failed []Entry
	for _, en := range entries {
		if en.failed() {
			failed = append(failed, en)
		} else {
			ok = append(ok, en)
		}
	}
	slices.SortStableFunc(ok, func(a, b Entry) int {
		if c := b.Eval.Total.Cmp(a.Eval.Total); c != 0 {
			return c
		}
		return cmp.Or(
			strings.Compare(a.Eval.Department.Info.Name, b.Eval.Department.Info.Name),
			strings.Compare(a.Source, b.Source))
	})
	slices.SortStableFunc(failed, func(a, b Entry) int { return strings.Compare(a.Source, b.Source) })

	rubric := opt.Rubric
	if rubric == nil && len(ok) > 0 {
		rubric = ok[0].Eval.Rubric
	}
	if rubric == nil {
		rubric = &calc.Rubric{}
	}

	b := newBook()
	totalCol := writeSummaryTable(b, ok, failed, rubric)
	writeChart(b, len(ok), totalCol, batchYear(ok))
	writeIndicatorScores(b, ok, rubric)
	b.properties(batchYear(ok)+textSumDocTitle, textSummaryTitle, 0, opt)
	if err := b.write(w); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	return nil
}

// batchYear is "2020年度" when every evaluated department has the same year, else "".
func batchYear(ok []Entry) string {
	year := 0
	for _, en := range ok {
		y := en.Eval.Department.Info.Year
		if year != 0 && y != year {
			return ""
		}
		year = y
	}
	return yearPrefix(year)
}

const (
	smTitleRow  = 1
	smHeaderRow = 2
	smFirstRow  = 3
)

// summaryColumns are the columns of 汇总 for a rubric; it returns their titles and widths
// and the (1-based) column of the total.
func summaryColumns(rubric *calc.Rubric, ok, failed []Entry) (titles []string, widths []float64, totalCol int) {
	deptWidth := fitWidth(textDept, 24, 24)
	for _, en := range ok {
		deptWidth = max(deptWidth, fitWidth(en.Eval.Department.Info.Name, 24, 40))
	}
	for _, en := range failed {
		deptWidth = max(deptWidth, fitWidth(filepath.Base(en.Source), 24, 40))
	}
	add := func(t string, w float64) {
		titles = append(titles, t)
		widths = append(widths, w)
	}
	add(textDept, deptWidth)
	add(textYear, 7)
	add(textAdjusted, 13)
	add(textActual, 13)
	add(textExecRate, 10)
	for _, l := range rubric.Levels {
		add(l.Name, fitWidth(l.Name, 9, 14))
	}
	add(textTotal, 8)
	totalCol = len(titles)
	add(textGrade, 6)
	add(textWarnings, 7)
	add(textStatus, 6)
	add(textError, 36)
	add(textSource, 22)
	return titles, widths, totalCol
}

// writeSummaryTable writes sheet 汇总.
// It returns the column of the total.
func writeSummaryTable(b *book, ok, failed []Entry, rubric *calc.Rubric) int {
	const s = SheetSummary
	b.addSheet(s)
	titles, widths, totalCol := summaryColumns(rubric, ok, failed)
	last := len(titles)
	b.widths(s, widths)
	hs := heights{}

	b.text(s, 1, smTitleRow, batchYear(ok)+textSummaryTitle, styleTitle)
	b.merge(s, 1, smTitleRow, last, smTitleRow, styleTitle)
	hs.need(smTitleRow, 30)
	for i, t := range titles {
		b.text(s, i+1, smHeaderRow, t, styleHeader)
		hs.fit(smHeaderRow, 1, t, widths[i])
	}

	row := smFirstRow
	for _, en := range ok {
		e := en.Eval
		info := e.Department.Info
		col := 1
		next := func() int { col++; return col - 1 }
		b.text(s, next(), row, info.Name, styleText)
		hs.fit(row, 1, info.Name, widths[0])
		b.int(s, next(), row, info.Year, styleGeneral)
		exec, _ := e.Ratio("execution_rate")
		b.number(s, next(), row, exec.Denominator.Value, styleAmount)
		b.number(s, next(), row, exec.Numerator.Value, styleAmount)
		if exec.Applicable() {
			b.number(s, next(), row, exec.Value(), stylePercent)
		} else {
			b.text(s, next(), row, calc.NotApplicable, stylePercent.aligned("right"))
		}
		levels := level1ByName(e)
		for _, l := range rubric.Levels {
			if v, found := levels[l.Name]; found {
				b.number(s, next(), row, v, styleScore)
			} else {
				c := next()
				b.style(s, c, row, c, row, styleScore)
			}
		}
		b.number(s, next(), row, e.Total, styleScore)
		b.text(s, next(), row, e.Grade, gradeStyle(e))
		b.int(s, next(), row, e.Warnings(), styleGeneral)
		b.text(s, next(), row, textSuccess, styleCenter)
		c := next()
		b.style(s, c, row, c, row, styleText)
		b.text(s, next(), row, en.Source, styleText)
		hs.fit(row, 1, en.Source, widths[last-1])
		row++
	}
	for _, en := range failed {
		name := filepath.Base(en.Source)
		msg := textNoResult
		if en.Err != nil {
			msg = en.Err.Error()
		}
		b.style(s, 1, row, last, row, styleText)
		b.text(s, 1, row, name, styleText)
		hs.fit(row, 1, name, widths[0])
		b.text(s, last-2, row, textFailed, styleCenter.colored(colorFailText))
		b.text(s, last-1, row, msg, styleText)
		hs.fit(row, 1, msg, widths[last-2])
		b.text(s, last, row, en.Source, styleText)
		hs.fit(row, 1, en.Source, widths[last-1])
		row++
	}
	b.applyHeights(s, hs)
	lastRow := max(row-1, smHeaderRow)
	if b.err == nil {
		b.check(b.f.AutoFilter(s, cell(1, smHeaderRow)+":"+cell(last, lastRow), nil))
	}
	b.page(s, pageSetup{landscape: true, titleFirst: smHeaderRow, titleLast: smHeaderRow, freezeRow: smFirstRow, freezeCol: 2})
	return totalCol
}

// level1ByName is each 一级指标's score by its name.
func level1ByName(e *calc.Evaluation) map[string]decimal.Decimal {
	m := map[string]decimal.Decimal{}
	scores := e.Level1Scores()
	for i, l := range e.Rubric.Levels {
		m[l.Name] = scores[i]
	}
	return m
}

// gradeStyle colours the 等级 cell by the grade's rank: 优 green, 良 blue, 中 yellow, 差 red.
func gradeStyle(e *calc.Evaluation) styleSpec {
	s := styleCenter
	for i, g := range e.Rubric.Grades {
		if g.Name == e.Grade {
			s.fill = gradeColors[min(i, len(gradeColors)-1)]
			s.bold = true
		}
	}
	return s
}

// colored returns s with the font colour.
func (s styleSpec) colored(color string) styleSpec {
	s.color = color
	return s
}

// writeChart writes sheet 总分图: a horizontal bar per evaluated department, best at the
// top, its length the total score, read from the 总分 column of 汇总. A batch without an
// evaluated department has no chart.
func writeChart(b *book, n, totalCol int, year string) {
	if n == 0 || b.err != nil {
		return
	}
	const s = SheetChart
	b.addSheet(s)
	first, last := smFirstRow, smFirstRow+n-1
	ref := func(col int) string {
		c := colName(col)
		return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", SheetSummary, c, first, c, last)
	}
	zero, hundred := 0.0, 100.0
	gap, noVary := uint(60), false
	height := uint(max(380, 90+26*n))
	b.check(b.f.AddChart(s, "A1", &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{{
			Name:       fmt.Sprintf("'%s'!$%s$%d", SheetSummary, colName(totalCol), smHeaderRow),
			Categories: ref(1),
			Values:     ref(totalCol),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colorBar}},
		}},
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{
			Text: year + textChartTitle, Font: &excelize.Font{Family: fontName, Size: 14, Bold: true},
		}}},
		Legend:    excelize.ChartLegend{Position: "none"},
		Dimension: excelize.ChartDimension{Width: 960, Height: height},
		XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: excelize.Font{Family: fontName, Size: 9, Color: colorAxis}},
		YAxis: excelize.ChartAxis{
			Minimum: &zero, Maximum: &hundred, MajorUnit: 10, MajorGridLines: true,
			Font: excelize.Font{Family: fontName, Size: 9, Color: colorAxis},
		},
		PlotArea:   excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0.00"}},
		GapWidth:   &gap,
		VaryColors: &noVary,
		Format:     excelize.GraphicOptions{AltText: textChartTitle},
	}))
	b.page(s, pageSetup{landscape: true})
}

// writeIndicatorScores writes sheet 指标得分: one row per evaluated department (in the order
// of 汇总), one column per 三级指标 in rubric order, then the total.
func writeIndicatorScores(b *book, ok []Entry, rubric *calc.Rubric) {
	const s = SheetIndicatorScores
	b.addSheet(s)
	hs := heights{}
	var inds []calc.Indicator
	for _, l1 := range rubric.Levels {
		for _, l2 := range l1.Groups {
			inds = append(inds, l2.Indicators...)
		}
	}
	deptWidth := fitWidth(textDept, 24, 24)
	for _, en := range ok {
		deptWidth = max(deptWidth, fitWidth(en.Eval.Department.Info.Name, 24, 40))
	}
	widths := []float64{deptWidth}
	for range inds {
		widths = append(widths, 10)
	}
	widths = append(widths, 9)
	b.widths(s, widths)
	last := len(widths)

	b.text(s, 1, 1, textDept, styleHeader)
	for i, ind := range inds {
		b.text(s, i+2, 1, ind.Name, styleHeader)
		hs.fit(1, 1, ind.Name, widths[i+1])
	}
	b.text(s, last, 1, textTotal, styleHeader)

	row := 2
	for _, en := range ok {
		e := en.Eval
		b.text(s, 1, row, e.Department.Info.Name, styleText)
		hs.fit(row, 1, e.Department.Info.Name, deptWidth)
		scores := scoresByID(e.Scores)
		for i, ind := range inds {
			if sc, found := scores[ind.ID]; found {
				b.number(s, i+2, row, sc.Score, styleScore)
			} else {
				b.style(s, i+2, row, i+2, row, styleScore)
			}
		}
		b.number(s, last, row, e.Total, styleScore.bolded())
		row++
	}
	b.applyHeights(s, hs)
	if b.err == nil {
		b.check(b.f.AutoFilter(s, cell(1, 1)+":"+cell(last, max(row-1, 1)), nil))
	}
	// 23 columns do not fit one page legibly: two pages wide, 部门 repeated on each.
	b.page(s, pageSetup{landscape: true, titleFirst: 1, titleLast: 1, titleColumn: true, pagesWide: 2, freezeRow: 2, freezeCol: 2})
}

// bolded returns s in bold.
func (s styleSpec) bolded() styleSpec {
	s.bold = true
	return s
}
