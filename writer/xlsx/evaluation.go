package xlsx

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"selfeval/calc"
)

// WriteEvaluation writes a department's 评价表 (<stem>-评价表.xlsx) to w: the sheets 评分表,
// 指标计算, 校验 and the normalised tables 表1-1 … 表1-5.
func WriteEvaluation(w io.Writer, e *calc.Evaluation, opt Options) error {
	if e == nil || e.Department == nil || e.Rubric == nil {
		return errors.New("write evaluation: evaluation, department and rubric are required")
	}
	b := newBook()
	writeScores(b, e)
	writeWorking(b, e)
	writeChecks(b, e)
	writeAudit(b, e)
	for i, t := range e.Department.Tables() {
		writeTable(b, t, calc.Tables[i])
	}
	info := e.Department.Info
	b.properties(yearPrefix(info.Year)+info.Name+textEvalDocTitle, info.Name, opt)
	if err := b.write(w); err != nil {
		return fmt.Errorf("write evaluation: %w", err)
	}
	return nil
}

// yearPrefix is "2020年度", or "" for an unknown year.
func yearPrefix(year int) string {
	if year == 0 {
		return ""
	}
	return strconv.Itoa(year) + textYearSuffix
}

// Columns of 评分表.
const (
	scL1Name = iota + 1
	scL1Weight
	scL2Name
	scL2Weight
	scName
	scWeight
	scDescription
	scCriteria
	scScore
	scClaimed
	scNote
	scColumns = scNote
)

var scoreWidths = []float64{9, 7, 9, 7, 14, 7, 40, 52, 8, 8, 24}

// Rows of 评分表's head.
const (
	scTitleRow   = 1
	scDeptRow    = 2
	scHeaderRow  = 3 // 评价指标 / 指标说明 / 评分标准 / 得分
	scLevelRow   = 4 // 一级 / 二级 / 三级指标
	scNameRow    = 5 // 名称 / 权重（%）
	scFirstScore = 6
)

// writeScores writes 评分表 in the seed's layout: one row per 三级指标, the 一级 and 二级
// names and weights merged over their rows, and the total.
func writeScores(b *book, e *calc.Evaluation) {
	const s = SheetScores
	b.addSheet(s)
	b.widths(s, scoreWidths)
	hs := heights{}

	title := e.Rubric.Title
	if title == "" {
		title = textDefaultRubricTitle
	}
	b.text(s, 1, scTitleRow, yearPrefix(e.Department.Info.Year)+title, styleTitle)
	b.merge(s, 1, scTitleRow, scColumns, scTitleRow, styleTitle)
	hs.need(scTitleRow, 30)
	b.text(s, 1, scDeptRow, textDepartment+e.Department.Info.Name, styleSubtitle)
	b.merge(s, 1, scDeptRow, scColumns, scDeptRow, styleSubtitle)
	hs.need(scDeptRow, 22)

	b.text(s, scL1Name, scHeaderRow, textEvaluation, styleHeader)
	b.merge(s, scL1Name, scHeaderRow, scWeight, scHeaderRow, styleHeader)
	for _, h := range []struct {
		col  int
		name string
	}{{scDescription, textDescription}, {scCriteria, textCriteria}, {scScore, textScore}, {scClaimed, textClaimed}, {scNote, textNote}} {
		b.text(s, h.col, scHeaderRow, h.name, styleHeader)
		b.merge(s, h.col, scHeaderRow, h.col, scNameRow, styleHeader)
	}
	for i, name := range []string{textLevel1, textLevel2, textLevel3} {
		col := scL1Name + 2*i
		b.text(s, col, scLevelRow, name, styleHeader)
		b.merge(s, col, scLevelRow, col+1, scLevelRow, styleHeader)
		b.text(s, col, scNameRow, textName, styleHeader)
		b.text(s, col+1, scNameRow, textWeight, styleHeader)
		hs.fit(scNameRow, 1, textWeight, scoreWidths[col])
	}

	scores := scoresByID(e.Scores)
	row := scFirstScore
	for _, l1 := range e.Rubric.Levels {
		l1Start := row
		for _, l2 := range l1.Groups {
			l2Start := row
			for _, ind := range l2.Indicators {
				b.text(s, scName, row, ind.Name, styleCenter)
				b.number(s, scWeight, row, ind.Weight, styleGeneral)
				b.text(s, scDescription, row, ind.Description, styleText)
				b.text(s, scCriteria, row, ind.Criteria, styleText)
				sc, ok := scores[ind.ID]
				if ok {
					b.number(s, scScore, row, sc.Score, styleScore)
				} else {
					b.style(s, scScore, row, scScore, row, styleScore)
				}
				if ok && sc.Claimed != nil {
					b.number(s, scClaimed, row, *sc.Claimed, styleScore)
				} else {
					b.style(s, scClaimed, row, scClaimed, row, styleScore)
				}
				note := notes(sc)
				b.text(s, scNote, row, note, styleText)
				hs.fit(row, 1, note, scoreWidths[scNote-1])
				hs.fit(row, 1, ind.Name, scoreWidths[scName-1])
				hs.fit(row, 1, ind.Description, scoreWidths[scDescription-1])
				hs.fit(row, 1, ind.Criteria, scoreWidths[scCriteria-1])
				row++
			}
			if row == l2Start { // a group without indicators still shows
				row++
			}
			b.text(s, scL2Name, l2Start, l2.Name, styleCenter)
			b.merge(s, scL2Name, l2Start, scL2Name, row-1, styleCenter)
			b.number(s, scL2Weight, l2Start, l2.Weight, styleGeneral)
			b.merge(s, scL2Weight, l2Start, scL2Weight, row-1, styleGeneral)
			hs.fit(l2Start, row-l2Start, l2.Name, scoreWidths[scL2Name-1])
		}
		if row == l1Start {
			row++
		}
		b.text(s, scL1Name, l1Start, l1.Name, styleCenter)
		b.merge(s, scL1Name, l1Start, scL1Name, row-1, styleCenter)
		b.number(s, scL1Weight, l1Start, l1.Weight, styleGeneral)
		b.merge(s, scL1Weight, l1Start, scL1Weight, row-1, styleGeneral)
		hs.fit(l1Start, row-l1Start, l1.Name, scoreWidths[scL1Name-1])
	}

	// The total: 总分, the weights' sum (100), the grade, and the score as printed.
	weights, _, _ := e.Rubric.WeightTotals()
	b.text(s, scL1Name, row, textTotal, styleTotalLbl)
	b.number(s, scL1Weight, row, weights, styleTotalNum.withFormat(numFmtGeneral))
	b.text(s, scL2Name, row, textGradePrefix+e.Grade, styleTotalTxt)
	b.merge(s, scL2Name, row, scCriteria, row, styleTotalTxt)
	b.number(s, scScore, row, e.Total, styleTotalNum)
	b.style(s, scClaimed, row, scNote, row, styleTotalTxt)
	hs.need(row, 24)

	b.applyHeights(s, hs)
	b.page(s, pageSetup{landscape: true, titleFirst: scHeaderRow, titleLast: scNameRow, freezeRow: scFirstScore})
}

// withFormat returns s with the built-in number format id.
func (s styleSpec) withFormat(id int) styleSpec {
	s.numFmt, s.custom = id, ""
	return s
}

// notes joins the 评分录入 说明 of an indicator and of its parts, each part's named.
func notes(sc calc.IndicatorScore) string {
	var out []string
	if sc.Note != "" {
		out = append(out, sc.Note)
	}
	for _, p := range sc.Parts {
		if p.Note != "" && p.Indicator != nil {
			out = append(out, p.Indicator.Name+"："+p.Note)
		}
	}
	return strings.Join(out, "\n")
}

// scoresByID indexes the scores by indicator id.
func scoresByID(scores []calc.IndicatorScore) map[string]calc.IndicatorScore {
	m := make(map[string]calc.IndicatorScore, len(scores))
	for _, sc := range scores {
		if sc.Indicator != nil {
			m[sc.Indicator.ID] = sc
		}
	}
	return m
}

// Columns of 指标计算.
const (
	wkIndicator = iota + 1
	wkRule
	wkInput
	wkValue
	wkCells
	wkWorking
	wkScore
	wkWeight
	wkClaimed
	wkNote
	wkColumns = wkNote
)

var workingWidths = []float64{22, 12, 30, 16, 18, 48, 8, 8, 8, 24}

const (
	wkTitleRow  = 1
	wkHeaderRow = 2
	wkFirstRow  = 3
)

// writeWorking writes 指标计算: for every indicator (and every part of a sum) the rule, the
// inputs with their source cells and values, the working and the score; then the ratios
// with numerator and denominator.
func writeWorking(b *book, e *calc.Evaluation) {
	const s = SheetWorking
	b.addSheet(s)
	b.widths(s, workingWidths)
	hs := heights{}
	info := e.Department.Info

	b.text(s, 1, wkTitleRow, yearPrefix(info.Year)+info.Name+" "+textWorkingTitle, styleSection)
	b.merge(s, 1, wkTitleRow, wkColumns, wkTitleRow, styleSection)
	hs.need(wkTitleRow, 24)
	header := []string{textIndicator, textRule, textInput, textValue, textCells, textWorking, textScore, textFullMarks, textClaimed, textNote}
	for i, h := range header {
		b.text(s, i+1, wkHeaderRow, h, styleHeader)
	}

	percent := ratioNames(e)
	row := wkFirstRow
	var block func(sc calc.IndicatorScore, name string, indent int)
	block = func(sc calc.IndicatorScore, name string, indent int) {
		inputs := sc.Inputs
		if len(sc.Parts) > 0 {
			inputs = nil // a sum's inputs are its parts', listed with each part below
		}
		n := max(len(inputs), 1)
		last := row + n - 1
		nameStyle := styleText
		nameStyle.indent = indent
		b.text(s, wkIndicator, row, name, nameStyle)
		b.merge(s, wkIndicator, row, wkIndicator, last, nameStyle)
		kind := ""
		weight := decimal.Zero
		if sc.Indicator != nil {
			kind = calc.KindName(sc.Indicator.Rule.Kind)
			weight = sc.Indicator.Weight
		}
		b.text(s, wkRule, row, kind, styleCenter)
		b.merge(s, wkRule, row, wkRule, last, styleCenter)
		b.text(s, wkWorking, row, sc.Working, styleText)
		b.merge(s, wkWorking, row, wkWorking, last, styleText)
		b.number(s, wkScore, row, sc.Score, styleScore)
		b.merge(s, wkScore, row, wkScore, last, styleScore)
		b.number(s, wkWeight, row, weight, styleGeneral)
		b.merge(s, wkWeight, row, wkWeight, last, styleGeneral)
		if sc.Claimed != nil {
			b.number(s, wkClaimed, row, *sc.Claimed, styleScore)
		} else {
			b.style(s, wkClaimed, row, wkClaimed, row, styleScore)
		}
		b.merge(s, wkClaimed, row, wkClaimed, last, styleScore)
		b.text(s, wkNote, row, sc.Note, styleText)
		b.merge(s, wkNote, row, wkNote, last, styleText)
		hs.fit(row, n, sc.Note, workingWidths[wkNote-1])
		for i := 0; i < n; i++ {
			r := row + i
			if i < len(inputs) {
				in := inputs[i]
				b.text(s, wkInput, r, in.Name, styleText)
				b.number(s, wkValue, r, in.Value, figureStyle(in.Name, percent))
				b.text(s, wkCells, r, cellList(in.Cells), styleText)
				hs.fit(r, 1, in.Name, workingWidths[wkInput-1])
				hs.fit(r, 1, cellList(in.Cells), workingWidths[wkCells-1])
			} else {
				b.style(s, wkInput, r, wkCells, r, styleText)
			}
		}
		hs.fit(row, n, name, workingWidths[wkIndicator-1]-indentWidth(indent))
		hs.fit(row, n, sc.Working, workingWidths[wkWorking-1])
		row = last + 1
		for _, p := range sc.Parts {
			pname := textPartPrefix
			if p.Indicator != nil {
				pname += p.Indicator.Name
			}
			block(p, pname, indent+1)
		}
	}
	for _, sc := range e.Scores {
		name := ""
		if sc.Indicator != nil {
			name = sc.Indicator.Name
		}
		block(sc, name, 0)
	}

	// The ratios: two rows each (分子, 分母), the value merged beside them.
	row++
	b.text(s, 1, row, textRatios, styleSection)
	hs.need(row, 22)
	row++
	for i, h := range []string{textRatio, textTerm, textInput, textValue, textCells, textRatioValue} {
		b.text(s, i+1, row, h, styleHeader)
	}
	row++
	for _, r := range e.Ratios {
		b.text(s, wkIndicator, row, r.Name, styleText)
		b.merge(s, wkIndicator, row, wkIndicator, row+1, styleText)
		for i, in := range []calc.Input{r.Numerator, r.Denominator} {
			term := textNumerator
			if i == 1 {
				term = textDenom
			}
			b.text(s, wkRule, row+i, term, styleCenter)
			b.text(s, wkInput, row+i, in.Name, styleText)
			b.number(s, wkValue, row+i, in.Value, figureStyle(in.Name, percent))
			b.text(s, wkCells, row+i, cellList(in.Cells), styleText)
			hs.fit(row+i, 1, in.Name, workingWidths[wkInput-1])
			hs.fit(row+i, 1, cellList(in.Cells), workingWidths[wkCells-1])
		}
		if r.Applicable() {
			b.number(s, wkWorking, row, r.Value(), stylePercent.left())
		} else {
			b.text(s, wkWorking, row, calc.NotApplicable, styleText)
		}
		b.merge(s, wkWorking, row, wkWorking, row+1, stylePercent.left())
		hs.fit(row, 2, r.Name, workingWidths[wkIndicator-1])
		row += 2
	}

	b.applyHeights(s, hs)
	b.page(s, pageSetup{landscape: true, titleFirst: wkHeaderRow, titleLast: wkHeaderRow, freezeRow: wkFirstRow})
}

// left returns s aligned left.
func (s styleSpec) left() styleSpec {
	s.horizontal = "left"
	return s
}

// ratioNames is the set of ratio names: an input so named is a fraction, shown as a percent.
func ratioNames(e *calc.Evaluation) map[string]bool {
	m := map[string]bool{}
	for _, r := range e.Ratios {
		m[r.Name] = true
	}
	return m
}

// figureStyle is the style of an input's value: a percentage for ratios and 满意度 (held
// as a fraction), otherwise the figure at full precision with at least two places.
func figureStyle(name string, percent map[string]bool) styleSpec {
	switch {
	case percent[name] || strings.HasSuffix(name, calc.InfoSatisfaction):
		return stylePercent
	case strings.HasPrefix(name, calc.SheetInfo):
		return styleFigure.withFormat(numFmtGeneral) // head and project counts: 18, not 18.00
	}
	return styleFigure
}

// cellList joins cell references: 表1-4!C8, 表1-4!D8.
func cellList(cells []calc.CellRef) string {
	parts := make([]string, 0, len(cells))
	for _, c := range cells {
		if s := c.String(); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// Columns of 校验.
var checkWidths = []float64{8, 24, 70, 26}

// writeChecks writes 校验: every check, errors first, then warnings, then notes.
func writeChecks(b *book, e *calc.Evaluation) {
	const s = SheetChecks
	b.addSheet(s)
	b.widths(s, checkWidths)
	hs := heights{}
	info := e.Department.Info
	b.text(s, 1, 1, yearPrefix(info.Year)+info.Name+" "+textChecksTitle, styleSection)
	b.merge(s, 1, 1, len(checkWidths), 1, styleSection)
	hs.need(1, 24)
	for i, h := range []string{textLevel, textCode, textMessage, textCell} {
		b.text(s, i+1, 2, h, styleHeader)
	}
	checks := slices.Clone(e.Checks)
	slices.SortStableFunc(checks, func(a, b calc.Check) int {
		return cmp.Compare(severityRank[a.Level], severityRank[b.Level])
	})
	row := 3
	if len(checks) == 0 {
		b.text(s, 1, row, textNone, styleCenter)
		b.text(s, 3, row, textNoCheck, styleText)
		b.style(s, 2, row, 2, row, styleText)
		b.style(s, 4, row, 4, row, styleText)
	}
	for _, c := range checks {
		level := severityNames[c.Level]
		if level == "" {
			level = string(c.Level)
		}
		b.text(s, 1, row, level, styleCenter)
		b.text(s, 2, row, c.Code, styleText)
		b.text(s, 3, row, c.Message, styleText)
		b.text(s, 4, row, c.CellList(), styleText)
		hs.fit(row, 1, c.Code, checkWidths[1])
		hs.fit(row, 1, c.Message, checkWidths[2])
		hs.fit(row, 1, c.CellList(), checkWidths[3])
		row++
	}
	b.applyHeights(s, hs)
	b.page(s, pageSetup{landscape: true, titleFirst: 2, titleLast: 2, freezeRow: 3})
}

// Columns of 审核.
var auditWidths = []float64{18, 14, 9, 9, 70, 26}

// writeAudit writes 审核: every audit finding (SPEC §5a) — the indicator, the department's
// score, the most the data supports, why, and the cells used.
func writeAudit(b *book, e *calc.Evaluation) {
	const s = SheetAudit
	b.addSheet(s)
	b.widths(s, auditWidths)
	hs := heights{}
	info := e.Department.Info
	b.text(s, 1, 1, yearPrefix(info.Year)+info.Name+" "+textAuditTitle, styleSection)
	b.merge(s, 1, 1, len(auditWidths), 1, styleSection)
	hs.need(1, 24)
	for i, h := range []string{textIndicator, textCode, textClaimed, textSupported, textMessage, textCell} {
		b.text(s, i+1, 2, h, styleHeader)
	}
	row := 3
	if len(e.Audit) == 0 {
		b.text(s, 1, row, textNone, styleCenter)
		b.style(s, 2, row, 4, row, styleText)
		b.text(s, 5, row, textNoFinding, styleText)
		b.style(s, 6, row, 6, row, styleText)
	}
	for _, f := range e.Audit {
		b.text(s, 1, row, f.Name, styleText)
		b.text(s, 2, row, f.Code, styleText)
		b.number(s, 3, row, f.Claimed, styleScore)
		b.number(s, 4, row, f.Supported, styleScore)
		b.text(s, 5, row, f.Message, styleText)
		b.text(s, 6, row, f.CellList(), styleText)
		hs.fit(row, 1, f.Name, auditWidths[0])
		hs.fit(row, 1, f.Message, auditWidths[4])
		hs.fit(row, 1, f.CellList(), auditWidths[5])
		row++
	}
	b.applyHeights(s, hs)
	b.page(s, pageSetup{landscape: true, titleFirst: 2, titleLast: 2, freezeRow: 3})
}

// writeTable writes one normalised table on its own sheet: title, unit, header, and the
// rows with their values as numbers (empty or dash cells blank), memo rows indented.
// spec is the table's schema; it also names the sheet, so that a table the reader left
// empty still has its sheet.
func writeTable(b *book, t *calc.Table, spec calc.TableSpec) {
	s := tableSheet(spec.ID)
	b.addSheet(s)
	hs := heights{}

	cols := t.Columns
	if len(cols) == 0 {
		for _, k := range spec.Columns {
			cols = append(cols, calc.Column{Key: k, Name: k})
		}
	}
	labelWidth := fitWidth(spec.LabelHeader, 24, 24)
	for _, r := range t.Rows {
		labelWidth = max(labelWidth, fitWidth(r.Label, 24, 46)+2)
	}
	widths := []float64{labelWidth}
	for _, c := range cols {
		widths = append(widths, fitWidth(columnTitle(c.Key), 14, 20))
	}
	widths = append(widths, 14)
	b.widths(s, widths)
	last := len(widths)

	title := t.Title
	if title == "" || !strings.Contains(title, spec.ID) {
		title = "表" + spec.ID + " " + cmp.Or(t.Title, spec.Title)
	}
	b.text(s, 1, 1, title, styleTitle.sized(14))
	b.merge(s, 1, 1, last, 1, styleTitle.sized(14))
	hs.need(1, 26)
	b.text(s, 1, 2, textUnit, styleSubtitle.aligned("right"))
	b.merge(s, 1, 2, last, 2, styleSubtitle.aligned("right"))

	b.text(s, 1, 3, spec.LabelHeader, styleHeader)
	for i, c := range cols {
		b.text(s, i+2, 3, columnTitle(c.Key), styleHeader)
		hs.fit(3, 1, columnTitle(c.Key), widths[i+1])
	}
	b.text(s, last, 3, textSourceRow, styleHeader)

	row := 4
	for _, r := range t.Rows {
		label := styleText
		if r.Memo {
			label.indent = 2
		}
		b.text(s, 1, row, r.Label, label)
		hs.fit(row, 1, r.Label, labelWidth-indentWidth(label.indent))
		for i, c := range cols {
			v := r.Value(c.Key)
			style := valueStyle(c.Key)
			if c.Key == calc.ColUseRate && calc.AssetRate(&r) == calc.NotApplicable {
				b.text(s, i+2, row, calc.NotApplicable, style) // no 原值: no rate, not 0.00%
				continue
			}
			if v.Present {
				b.number(s, i+2, row, v.Amount, style)
			} else {
				b.style(s, i+2, row, i+2, row, style)
			}
		}
		b.text(s, last, row, r.Cell.String(), styleText)
		row++
	}
	b.applyHeights(s, hs)
	b.page(s, pageSetup{landscape: textWidthSum(widths) > 100, titleFirst: 3, titleLast: 3, freezeRow: 4})
}

// columnTitle is the printed header of a canonical column.
func columnTitle(key string) string {
	return cmp.Or(columnNames[key], key)
}

// valueStyle is the number style of a table column: counts whole, 利用率 a percentage,
// amounts in 万元 with two places.
func valueStyle(key string) styleSpec {
	switch key {
	case calc.ColCount:
		return styleCount
	case calc.ColUseRate:
		return stylePercent
	}
	return styleAmount
}

func textWidthSum(ws []float64) float64 {
	sum := 0.0
	for _, w := range ws {
		sum += w
	}
	return sum
}

// sized returns s with font size pt.
func (s styleSpec) sized(pt float64) styleSpec {
	s.size = pt
	return s
}

// aligned returns s aligned horizontally.
func (s styleSpec) aligned(h string) styleSpec {
	s.horizontal = h
	return s
}
