package xlsx

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"selfeval/calc"
)

// WriteSummary writes the batch's 汇总.xlsx to w from its summary: sheet 汇总 (column names
// in row 1 so that any program reads the table as it is — pandas with header=0 —; the
// failed inputs first with their errors, then the departments ranked, then the 平均 row),
// sheet 总分图 (a bar chart of the totals), sheet 指标得分 (every indicator's score per
// department) and sheet 审核清单 (every audit finding of the batch, one a row). The title
// is printed in the page header. Every figure is the summary's; this only lays it out.
func WriteSummary(w io.Writer, s *calc.BatchSummary, opt Options) error {
	b := newBook()
	totalCol := writeSummaryTable(b, s)
	writeChart(b, s, totalCol)
	writeIndicatorScores(b, s)
	writeFindings(b, s)
	b.properties(s.YearPrefix+textSumDocTitle, textSummaryTitle, s.Year, opt)
	if err := b.write(w); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	return nil
}

const (
	smHeaderRow = 1
	smFirstRow  = 2
)

// summaryColumn is one column of 汇总: its title, width, and what a department's row and
// the 平均 row show in it.
type summaryColumn struct {
	title   string
	width   float64
	row     func(b *book, c, row int, r *calc.SummaryRow)
	average func(b *book, c, row int, a *calc.SummaryAverage) // nil leaves the cell empty
}

// Column roles a failed input's row fills.
const (
	roleNone = iota
	roleName
	roleStatus
	roleError
	roleSource
)

// optional writes an optional figure, or an empty styled cell.
func (b *book) optional(sheet string, c, row int, v calc.OptionalDecimal, style styleSpec) {
	if v.Valid {
		b.number(sheet, c, row, v.Value, style)
	} else {
		b.style(sheet, c, row, c, row, style)
	}
}

// summaryColumns are the columns of 汇总, and for each its role in a failed input's row.
func summaryColumns(s *calc.BatchSummary) ([]summaryColumn, []int) {
	const sh = SheetSummary
	deptWidth := fitWidth(textDept, 24, 24)
	for _, r := range s.Departments {
		deptWidth = max(deptWidth, fitWidth(r.Digest.Department, 24, 40))
	}
	for _, f := range s.Failures {
		deptWidth = max(deptWidth, fitWidth(filepath.Base(f.Source), 24, 40))
	}
	var cols []summaryColumn
	var roles []int
	add := func(role int, c summaryColumn) {
		cols = append(cols, c)
		roles = append(roles, role)
	}
	add(roleNone, summaryColumn{title: textRank, width: 6, row: func(b *book, c, row int, r *calc.SummaryRow) {
		b.int(sh, c, row, r.Rank, styleGeneral)
	}})
	add(roleName, summaryColumn{title: textDept, width: deptWidth,
		row: func(b *book, c, row int, r *calc.SummaryRow) { b.text(sh, c, row, r.Digest.Department, styleText) },
		average: func(b *book, c, row int, a *calc.SummaryAverage) {
			b.text(sh, c, row, fmt.Sprintf(textAverageRow, a.Count), styleTotalLbl)
		}})
	add(roleNone, summaryColumn{title: textYear, width: 7, row: func(b *book, c, row int, r *calc.SummaryRow) {
		b.int(sh, c, row, r.Digest.Year, styleGeneral)
	}})
	add(roleNone, summaryColumn{title: textAdjusted, width: 18,
		row: func(b *book, c, row int, r *calc.SummaryRow) { b.number(sh, c, row, r.Adjusted, styleAmount) },
		average: func(b *book, c, row int, a *calc.SummaryAverage) {
			b.optional(sh, c, row, a.Adjusted, styleAmount.bolded())
		}})
	add(roleNone, summaryColumn{title: textActual, width: 18,
		row: func(b *book, c, row int, r *calc.SummaryRow) { b.number(sh, c, row, r.Actual, styleAmount) },
		average: func(b *book, c, row int, a *calc.SummaryAverage) {
			b.optional(sh, c, row, a.Actual, styleAmount.bolded())
		}})
	add(roleNone, summaryColumn{title: textExecRate, width: 10,
		row: func(b *book, c, row int, r *calc.SummaryRow) { b.ratio(sh, c, row, r.ExecutionRate) },
		average: func(b *book, c, row int, a *calc.SummaryAverage) {
			b.optional(sh, c, row, a.ExecutionRate, stylePercent.bolded())
		}})
	for k, l := range s.Levels {
		add(roleNone, summaryColumn{title: l.Name, width: fitWidth(l.Name, 9, 14),
			row: func(b *book, c, row int, r *calc.SummaryRow) { b.optional(sh, c, row, r.Levels[k], styleScore) },
			average: func(b *book, c, row int, a *calc.SummaryAverage) {
				b.optional(sh, c, row, a.Levels[k], styleScore.bolded())
			}})
	}
	add(roleNone, summaryColumn{title: textTotal, width: 8,
		row: func(b *book, c, row int, r *calc.SummaryRow) { b.number(sh, c, row, r.Digest.Total, styleScore) },
		average: func(b *book, c, row int, a *calc.SummaryAverage) {
			b.optional(sh, c, row, a.Total, styleScore.bolded())
		}})
	add(roleNone, summaryColumn{title: textGrade, width: 6, row: func(b *book, c, row int, r *calc.SummaryRow) {
		b.text(sh, c, row, r.Digest.Grade, gradeStyle(r.GradeRank))
	}})
	if s.Prior != nil {
		// A column of last year's figures: a department not in --prior has the cell blank,
		// in the column's style.
		prior := func(title string, width float64, style styleSpec, write func(b *book, c, row int, p *calc.PriorComparison)) {
			add(roleNone, summaryColumn{title: title, width: width, row: func(b *book, c, row int, r *calc.SummaryRow) {
				if r.Prior == nil {
					b.style(sh, c, row, c, row, style)
					return
				}
				write(b, c, row, r.Prior)
			}})
		}
		prior(textPriorTotal, 10, styleScore, func(b *book, c, row int, p *calc.PriorComparison) {
			b.number(sh, c, row, p.Total, styleScore)
		})
		prior(textPriorGrade, 9, styleCenter, func(b *book, c, row int, p *calc.PriorComparison) {
			b.text(sh, c, row, p.Grade, styleCenter)
		})
		prior(textTotalChange, 10, styleChange, func(b *book, c, row int, p *calc.PriorComparison) {
			b.number(sh, c, row, p.TotalChange, styleChange)
		})
		prior(textPriorExecRate, 14, stylePercent, func(b *book, c, row int, p *calc.PriorComparison) {
			b.ratio(sh, c, row, p.ExecutionRate)
		})
		prior(textExecChange, 22, styleChange, func(b *book, c, row int, p *calc.PriorComparison) {
			b.optional(sh, c, row, p.ExecutionChange, styleChange)
		})
	}
	add(roleNone, summaryColumn{title: textWarnings, width: 7, row: func(b *book, c, row int, r *calc.SummaryRow) {
		b.int(sh, c, row, r.Digest.Warnings, styleGeneral)
	}})
	add(roleNone, summaryColumn{title: textFindings, width: 9, row: func(b *book, c, row int, r *calc.SummaryRow) {
		b.int(sh, c, row, r.Findings, styleGeneral)
	}})
	add(roleStatus, summaryColumn{title: textStatus, width: 6, row: func(b *book, c, row int, r *calc.SummaryRow) {
		b.text(sh, c, row, textSuccess, styleCenter)
	}})
	add(roleError, summaryColumn{title: textError, width: 36, row: func(b *book, c, row int, r *calc.SummaryRow) {
		b.style(sh, c, row, c, row, styleText)
	}})
	add(roleSource, summaryColumn{title: textSource, width: 22, row: func(b *book, c, row int, r *calc.SummaryRow) {
		b.text(sh, c, row, r.Digest.Source, styleText)
	}})
	return cols, roles
}

// ratio writes a ratio's value as a percentage, or 「—」 when it is not applicable.
func (b *book) ratio(sheet string, c, row int, v calc.OptionalDecimal) {
	if v.Valid {
		b.number(sheet, c, row, v.Value, stylePercent)
	} else {
		b.text(sheet, c, row, calc.NotApplicable, stylePercent.aligned("right"))
	}
}

// writeSummaryTable writes sheet 汇总. It returns the column of the total.
func writeSummaryTable(b *book, s *calc.BatchSummary) int {
	const sh = SheetSummary
	b.addSheet(sh)
	cols, roles := summaryColumns(s)
	last := len(cols)
	widths := make([]float64, last)
	totalCol := 0
	for i, c := range cols {
		widths[i] = max(c.width, fitWidth(c.title, 0, 40)) // the header on one line
		if c.title == textTotal {
			totalCol = i + 1
		}
	}
	b.widths(sh, widths)
	hs := heights{}
	for i, c := range cols {
		b.text(sh, i+1, smHeaderRow, c.title, styleHeader)
		hs.fit(smHeaderRow, 1, c.title, widths[i])
	}

	row := smFirstRow
	for _, f := range s.Failures {
		b.style(sh, 1, row, last, row, styleText)
		for i, role := range roles {
			var text string
			style := styleText
			switch role {
			case roleName:
				text = filepath.Base(f.Source)
			case roleStatus:
				text, style = textFailed, styleCenter.colored(colorFailText)
			case roleError:
				text = f.Error
			case roleSource:
				text = f.Source
			default:
				continue
			}
			b.text(sh, i+1, row, text, style)
			hs.fit(row, 1, text, widths[i])
		}
		row++
	}
	for k := range s.Departments {
		r := &s.Departments[k]
		for i, c := range cols {
			c.row(b, i+1, row, r)
			switch roles[i] {
			case roleName:
				hs.fit(row, 1, r.Digest.Department, widths[i])
			case roleSource:
				hs.fit(row, 1, r.Digest.Source, widths[i])
			}
		}
		row++
	}
	lastRow := max(row-1, smHeaderRow)
	if len(s.Departments) > 0 {
		for i, c := range cols {
			if c.average != nil {
				c.average(b, i+1, row, &s.Average)
			} else {
				b.style(sh, i+1, row, i+1, row, styleTotalLbl)
			}
		}
	}
	b.applyHeights(sh, hs)
	if b.err == nil {
		// The 平均 row stays outside the filter, so sorting the table leaves it at the bottom.
		b.check(b.f.AutoFilter(sh, cell(1, smHeaderRow)+":"+cell(last, lastRow), nil))
	}
	b.page(sh, pageSetup{landscape: true, titleFirst: smHeaderRow, titleLast: smHeaderRow, freezeRow: smFirstRow, freezeCol: 3,
		header: s.YearPrefix + textSummaryTitle})
	return totalCol
}

// gradeStyle colours the 等级 cell by the grade's rank: 优 green, 良 blue, 中 yellow, 差 red.
func gradeStyle(rank int) styleSpec {
	s := styleCenter
	if rank >= 0 {
		s.fill = gradeColors[min(rank, len(gradeColors)-1)]
		s.bold = true
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
func writeChart(b *book, s *calc.BatchSummary, totalCol int) {
	n := len(s.Departments)
	if n == 0 || b.err != nil {
		return
	}
	const sh = SheetChart
	b.addSheet(sh)
	first := smFirstRow + len(s.Failures)
	last := first + n - 1
	ref := func(col int) string {
		c := colName(col)
		return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", SheetSummary, c, first, c, last)
	}
	zero, hundred := 0.0, 100.0
	gap, noVary := uint(60), false
	height := uint(max(380, 90+26*n))
	b.check(b.f.AddChart(sh, "A1", &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{{
			Name:       fmt.Sprintf("'%s'!$%s$%d", SheetSummary, colName(totalCol), smHeaderRow),
			Categories: ref(2),
			Values:     ref(totalCol),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colorBar}},
		}},
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{
			Text: s.YearPrefix + textChartTitle, Font: &excelize.Font{Family: fontName, Size: 14, Bold: true},
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
	b.page(sh, pageSetup{landscape: true})
}

// writeIndicatorScores writes sheet 指标得分: one row per evaluated department (in the order
// of 汇总), one column per 三级指标 in rubric order, then the total; last the 平均 row.
func writeIndicatorScores(b *book, s *calc.BatchSummary) {
	const sh = SheetIndicatorScores
	b.addSheet(sh)
	hs := heights{}
	deptWidth := fitWidth(textDept, 24, 24)
	for _, r := range s.Departments {
		deptWidth = max(deptWidth, fitWidth(r.Digest.Department, 24, 40))
	}
	widths := []float64{deptWidth}
	for range s.Indicators {
		widths = append(widths, 10)
	}
	widths = append(widths, 9)
	b.widths(sh, widths)
	last := len(widths)

	b.text(sh, 1, 1, textDept, styleHeader)
	for i, ind := range s.Indicators {
		b.text(sh, i+2, 1, ind.Name, styleHeader)
		hs.fit(1, 1, ind.Name, widths[i+1])
	}
	b.text(sh, last, 1, textTotal, styleHeader)

	row := 2
	for k := range s.Departments {
		r := &s.Departments[k]
		b.text(sh, 1, row, r.Digest.Department, styleText)
		hs.fit(row, 1, r.Digest.Department, deptWidth)
		for i, sc := range r.Scores {
			b.optional(sh, i+2, row, sc, styleScore)
		}
		b.number(sh, last, row, r.Digest.Total, styleScore.bolded())
		row++
	}
	lastRow := max(row-1, 1)
	if len(s.Departments) > 0 {
		a := &s.Average
		b.text(sh, 1, row, fmt.Sprintf(textAverageRow, a.Count), styleTotalLbl)
		for i, sc := range a.Scores {
			b.optional(sh, i+2, row, sc, styleTotalNum)
		}
		b.optional(sh, last, row, a.Total, styleTotalNum)
	}
	b.applyHeights(sh, hs)
	if b.err == nil {
		b.check(b.f.AutoFilter(sh, cell(1, 1)+":"+cell(last, lastRow), nil))
	}
	// 23 columns do not fit one page legibly: two pages wide, 部门 repeated on each.
	b.page(sh, pageSetup{landscape: true, titleFirst: 1, titleLast: 1, titleColumn: true, pagesWide: 2, freezeRow: 2, freezeCol: 2,
		header: s.YearPrefix + textIndicatorScoresTitle})
}

// writeFindings writes sheet 审核清单: every audit finding of the batch, one a row, the
// departments in the order of 汇总, with a filter and a frozen header so that a reviewer
// can sort and filter them.
func writeFindings(b *book, s *calc.BatchSummary) {
	const sh = SheetFindings
	b.addSheet(sh)
	deptWidth := fitWidth(textDept, 24, 24)
	for _, f := range s.Findings {
		deptWidth = max(deptWidth, fitWidth(f.Department, 24, 40))
	}
	titles := []string{textDept, textYear, textIndicator, textClaimed, textSupported, textExcess, textMessage, textCells}
	widths := []float64{deptWidth, 7, 22, 10, 10, 8, 60, 20}
	for i, t := range titles {
		widths[i] = max(widths[i], fitWidth(t, 0, 40))
	}
	b.widths(sh, widths)
	hs := heights{}
	for i, t := range titles {
		b.text(sh, i+1, 1, t, styleHeader)
		hs.fit(1, 1, t, widths[i])
	}
	row := 2
	for _, f := range s.Findings {
		name := f.Finding.Name
		if name == "" {
			name = f.Finding.Indicator
		}
		cells := strings.Join(f.Finding.Cells, "、")
		b.text(sh, 1, row, f.Department, styleText)
		b.int(sh, 2, row, f.Year, styleGeneral)
		b.text(sh, 3, row, name, styleText)
		b.number(sh, 4, row, f.Finding.Claimed, styleScore)
		b.number(sh, 5, row, f.Finding.Supported, styleScore)
		b.number(sh, 6, row, f.Excess, styleScore)
		b.text(sh, 7, row, f.Finding.Message, styleText)
		b.text(sh, 8, row, cells, styleText)
		for i, t := range []string{f.Department, "", name, "", "", "", f.Finding.Message, cells} {
			hs.fit(row, 1, t, widths[i])
		}
		row++
	}
	b.applyHeights(sh, hs)
	if b.err == nil {
		b.check(b.f.AutoFilter(sh, cell(1, 1)+":"+cell(len(titles), max(row-1, 1)), nil))
	}
	b.page(sh, pageSetup{landscape: true, titleFirst: 1, titleLast: 1, freezeRow: 2, freezeCol: 2,
		header: s.YearPrefix + textFindingsTitle})
}

// bolded returns s in bold.
func (s styleSpec) bolded() styleSpec {
	s.bold = true
	return s
}
