package submission

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"selfeval/calc"
)

// writeTable writes one table with its title at (left, top) and returns the last row used.
func (b *book) writeTable(s *sheetState, spec calc.TableSpec, t *calc.Table, top, left int) int {
	rows := layoutRows(spec, t)
	ncols := len(spec.Columns)
	right := left + ncols

	title := "表" + spec.ID + " " + spec.Title
	if b.opt.MessyLabels {
		title = "表 " + spec.ID + " " + messyBrackets(spec.Title)
	}
	b.text(s, left, top, title, stTitle)
	b.merge(s, left, top, right, top)
	s.height(top, 28)
	unit := unitPrefix + b.unit
	if b.opt.MessyLabels {
		unit = "单位: " + b.unit
	}
	b.text(s, left, top+1, unit, stUnit)
	b.merge(s, left, top+1, right, top+1)

	// Header row(s). 表1-5 has 期末账面数 spanning its value columns, as in the seed.
	head := top + 2
	label := b.label(spec.LabelHeader, 0)
	if spec.ID == calc.TableAssets {
		b.text(s, left, head, label, stHeader)
		b.text(s, left, head+1, "", stHeader)
		b.merge(s, left, head, left, head+1)
		b.text(s, left+1, head, b.label(headerPeriodEnd, 1), stHeader)
		for c := left + 2; c <= right; c++ {
			b.text(s, c, head, "", stHeader)
		}
		b.merge(s, left+1, head, right, head)
		head++
	} else {
		b.text(s, left, head, label, stHeader)
	}
	s.width(left, displayWidth(spec.LabelHeader)+4)
	headHeight := 20.0
	for i, col := range spec.Columns {
		name := col
		if col == calc.ColInUse {
			name = headerInUse
		}
		b.text(s, left+1+i, head, b.label(name, i+1), stHeader)
		w := displayWidth(name) + 3
		if w > minAmountWidth+1 { // 一季度累计支出: two lines rather than a wide column
			w, headHeight = minAmountWidth, 34
		}
		if b.opt.UnitYuan && col != calc.ColCount && col != calc.ColUseRate {
			w = max(w, minYuanWidth) // room for 165,354,000.00
		}
		s.width(left+1+i, max(w, minAmountWidth))
	}
	s.height(head, headHeight)

	// Data rows.
	rowOf := func(i int) int { return head + 1 + i }
	for i := range rows {
		g := &rows[i]
		r := rowOf(i)
		b.writeLabel(s, left, r, g, i)
		for j, col := range spec.Columns {
			b.writeValue(s, spec.ID, left+1+j, r, g, col, rows, rowOf, left)
		}
	}
	// The title (16 pt) must fit across the table, or it is cut off at both ends.
	need := displayWidth(title)*titleScale + 2
	have := 0.0
	for c := left; c <= right; c++ {
		have += s.widths[c]
	}
	if have < need {
		s.width(left, s.widths[left]+need-have)
	}
	return rowOf(len(rows) - 1)
}

func (b *book) writeLabel(s *sheetState, col, row int, g *gridRow, i int) {
	text := g.label
	if b.opt.MessyLabels && text != "" {
		text = messyLabel(text, i)
	}
	st := stLabel
	switch {
	case g.labelInput:
		st = stLabelInput
	case g.isTotal() && g.numbering == "":
		st = stLabelTotal
	case g.memo || isDigitNumbering(g.numbering) || g.numbering == "" && !isTopLevel(g):
		st = stLabel.withIndent(1)
	}
	b.text(s, col, row, text, st)
	w := displayWidth(text) + 3
	if g.labelInput {
		w = max(w, 30)
	}
	s.width(col, min(w, 48))
	if lines := wrappedLines(text, 48); lines > 1 && w > 48 {
		s.height(row, float64(lines)*lineHeight+4)
	}
}

// isDigitNumbering reports whether numbering is a third-level one: 1. or (1).
func isDigitNumbering(n string) bool {
	n = strings.TrimPrefix(n, "(")
	return n != "" && n[0] >= '0' && n[0] <= '9'
}

// isTopLevel reports whether a row without numbering is still a main row: a total.
func isTopLevel(g *gridRow) bool {
	switch g.key {
	case calc.RowIncomeTotal, calc.RowTotal, calc.RowSum:
		return true
	}
	return false
}

func (b *book) writeValue(s *sheetState, id string, col, row int, g *gridRow, key string, rows []gridRow, rowOf func(int) int, left int) {
	role := g.role(id, key)
	isCount := key == calc.ColCount
	numFmt := numFmtAmount
	if isCount {
		numFmt = numFmtCount
	}
	asText := b.opt.NumbersAsText && !isCount
	st := amountStyle(role, asText, numFmt)
	c := b.cell(col, row)
	v := g.value(key)
	unit := b.unit
	if isCount {
		unit = "" // counts are never scaled
	}

	switch role {
	case roleRate:
		orig, inUse := g.value(calc.ColOriginal), g.value(calc.ColInUse)
		if asText {
			text := dash
			if rate, ok := calc.UseRate(orig, inUse); ok {
				text = calc.FormatPercent(rate)
			}
			b.text(s, col, row, text, st)
			return
		}
		// 0 when there is no 原值, shown as —— by the number format: a formula whose
		// result is "" has no cached value readers can tell from a missing one.
		oc := b.cell(col-2, row)
		ic := b.cell(col-1, row)
		f := "IF(N(" + oc + ")>0," + ic + "/" + oc + ",0)"
		rate, _ := calc.UseRate(orig, inUse)
		b.formula(s, col, row, f, &rate, st)
		return
	case roleTotal:
		parts := g.sums[key]
		var summed []calc.Value
		var cells []int
		for _, p := range parts {
			if !(g.skipMemo && rows[p].memo) {
				summed = append(summed, rows[p].value(key))
			}
			cells = append(cells, rowOf(p))
		}
		sum := calc.InUnit(calc.Sum(summed), unit)
		if v.Present && !calc.InUnit(v.Amount, unit).Equal(sum) || asText {
			// The department's own total differs from the sum (or totals are text): keep
			// the submitted figure, which is what the reader and its checks must see.
			b.amount(s, col, row, v, unit, st, asText)
			break
		}
		f := sumFormula(col, cells)
		if g.skipMemo {
			f = sumIfFormula(left, col, cells[0], cells[len(cells)-1])
		}
		b.formula(s, col, row, f, &sum, st)
	default:
		b.amount(s, col, row, v, unit, st, asText)
		if role == roleInput && !asText {
			if isCount {
				s.validate(c, validation{typ: excelize.DataValidationTypeWhole, op: excelize.DataValidationOperatorGreaterThanOrEqual, f1: "0", prompt: promptCount})
			} else {
				s.validate(c, validation{typ: excelize.DataValidationTypeDecimal, op: excelize.DataValidationOperatorGreaterThanOrEqual, f1: "0", prompt: amountPrompt(b.unit)})
			}
		}
	}
	if v.Present || role == roleTotal {
		w := displayWidth(calc.FormatAmountExact(calc.InUnit(v.Amount, unit))) + 3
		s.width(col, w)
	}
}

// amount writes a figure (or nothing when absent) as a number or, with NumbersAsText, as text.
func (b *book) amount(s *sheetState, col, row int, v calc.Value, unit string, st style, asText bool) {
	switch {
	case asText && v.Present:
		b.text(s, col, row, calc.FormatAmountExact(calc.InUnit(v.Amount, unit)), st)
	case asText:
		b.text(s, col, row, dash, st)
	case v.Present:
		b.number(s, col, row, calc.InUnit(v.Amount, unit), st)
	default:
		b.text(s, col, row, "", st)
	}
}

// sumFormula adds up rows of column col: SUM(C5:C12) for a run, SUM(C5,C9,C12) otherwise.
func sumFormula(col int, rows []int) string {
	name, _ := excelize.ColumnNumberToName(col)
	var parts []string
	for i := 0; i < len(rows); {
		j := i
		for j+1 < len(rows) && rows[j+1] == rows[j]+1 {
			j++
		}
		if j == i {
			parts = append(parts, name+strconv.Itoa(rows[i]))
		} else {
			parts = append(parts, name+strconv.Itoa(rows[i])+":"+name+strconv.Itoa(rows[j]))
		}
		i = j + 1
	}
	return "SUM(" + strings.Join(parts, ",") + ")"
}

// sumIfFormula adds up rows first … last of column col whose label (column labelCol) does
// not begin with 其中: SUM(B4:B13)-SUMIF(A4:A13,"其中*",B4:B13). (SUMIF with "<>其中*"
// would do in Excel and LibreOffice, but excelize's calculation gets it wrong.)
func sumIfFormula(labelCol, col, first, last int) string {
	l, _ := excelize.ColumnNumberToName(labelCol)
	c, _ := excelize.ColumnNumberToName(col)
	rng := func(name string) string { return name + strconv.Itoa(first) + ":" + name + strconv.Itoa(last) }
	return "SUM(" + rng(c) + ")-SUMIF(" + rng(l) + `,"其中*",` + rng(c) + ")"
}

// label returns a fixed label as written: as is, or messed up with MessyLabels.
func (b *book) label(text string, i int) string {
	if !b.opt.MessyLabels {
		return text
	}
	return messyLabel(text, i)
}

// ---- 基本信息 ----

func (b *book) writeInfo() {
	s := b.sheet(calc.SheetInfo)
	// Two columns only: a reader that meets an empty 内容 must not take a hint beside it for
	// the value. The hints are the input prompts of the 内容 cells.
	b.text(s, 1, 1, b.label(headerItem, 0), stHeader)
	b.text(s, 2, 1, b.label(headerContent, 1), stHeader)
	s.headerRows = 1
	s.width(1, 20)
	s.width(2, 40)
	info := &b.d.Info
	for i, item := range calc.InfoItems {
		r := i + 2
		s.height(r, listRowHeight)
		b.text(s, 1, r, b.label(item, i), stLabel)
		c := b.cell(2, r)
		switch item {
		case calc.InfoName, calc.InfoHead, calc.InfoPreparer, calc.InfoPhone:
			val := map[string]string{calc.InfoName: info.Name, calc.InfoHead: info.Head, calc.InfoPreparer: info.Preparer, calc.InfoPhone: info.Phone}[item]
			b.text(s, 2, r, val, stTextInput)
			s.width(2, min(displayWidth(val)+3, 60))
			s.validate(c, validation{typ: excelize.DataValidationTypeTextLength, op: excelize.DataValidationOperatorLessThanOrEqual,
				f1: "100", prompt: prompt{item, infoHints[item], item + "过长", item + "不超过 100 个字。"}})
		case calc.InfoYear:
			st := style{input: true, border: true, numFmt: numFmtWhole, halign: "left"}
			if b.year > 0 {
				b.number(s, 2, r, decimal.NewFromInt(int64(b.year)), st)
			} else {
				b.text(s, 2, r, "", st)
			}
			s.validate(c, validation{typ: excelize.DataValidationTypeWhole, op: excelize.DataValidationOperatorBetween, f1: "2000", f2: "2100", prompt: promptYear})
		case calc.InfoSatisfaction:
			st := style{input: true, border: true, numFmt: numFmtPercent, halign: "left"}
			b.figure(s, 2, r, info.Satisfaction, st)
			s.validate(c, validation{typ: excelize.DataValidationTypeDecimal, op: excelize.DataValidationOperatorBetween, f1: "0", f2: "1", prompt: promptSatisfaction})
		default:
			fig, _ := info.Figure(item)
			st := style{input: true, border: true, numFmt: numFmtWhole, halign: "left"}
			b.figure(s, 2, r, *fig, st)
			p := promptNumber
			if strings.HasSuffix(item, "人数") {
				p = promptPeople
			}
			p.msg = infoHints[item] + "。" + p.msg
			s.validate(c, validation{typ: excelize.DataValidationTypeWhole, op: excelize.DataValidationOperatorGreaterThanOrEqual, f1: "0", prompt: p})
		}
	}
}

func (b *book) figure(s *sheetState, col, row int, v calc.Value, st style) {
	if v.Present {
		b.number(s, col, row, v.Amount, st)
	} else {
		b.text(s, col, row, "", st)
	}
}

// ---- 评分录入 ----

// writeManual writes 评分录入 (SPEC §3): one row per indicator of the rubric as
// calc.ScoreEntries lists them — hand-scored first, then computed ones marked
// 系统计算（可填自评得分供核对）, each with its 满分 and 评分标准 — then any rows of the
// department's own that name no listed indicator (kept so that nothing it wrote is lost).
func (b *book) writeManual() {
	s := b.sheet(calc.SheetManual)
	for i, h := range []string{headerIndicator, headerWeight, headerScore, headerNote, headerScoring, headerCriteria} {
		b.text(s, i+1, 1, b.label(h, i), stHeader)
	}
	s.headerRows = 1
	s.width(1, 24)
	s.width(2, 8)
	s.width(3, 12)
	s.width(4, noteWidth)
	s.width(5, 14)
	s.width(6, criteriaWidth)

	used := map[string]bool{}
	scores := b.d.ManualScores
	row := 2
	write := func(e *calc.ScoreEntry, m *calc.ManualScore) {
		var name string
		if e != nil {
			name = e.Name
		} else {
			name = m.Name
		}
		b.text(s, 1, row, b.label(name, row), stLabel)
		s.width(1, min(displayWidth(name)+3, 48))
		height := max(listRowHeight, float64(wrappedLines(name, 48))*lineHeight+4)
		wst := style{border: true, fill: fillTotal, numFmt: "General", halign: "center"}
		sst := style{input: true, border: true, numFmt: numFmtScore, halign: "center"}
		c := b.cell(3, row)
		scoring, criteria := "", ""
		if e != nil {
			b.number(s, 2, row, e.Indicator.Weight, wst)
			w := e.Indicator.Weight.String()
			s.validate(c, validation{typ: excelize.DataValidationTypeDecimal, op: excelize.DataValidationOperatorBetween, f1: "0", f2: w, prompt: scorePrompt(w)})
			scoring, criteria = scoringHand, strings.TrimSpace(e.Indicator.Criteria)
			if !e.HandScored {
				scoring = scoringComputed
			}
		} else {
			b.text(s, 2, row, "", wst)
			s.validate(c, validation{typ: excelize.DataValidationTypeDecimal, op: excelize.DataValidationOperatorGreaterThanOrEqual, f1: "0", prompt: promptScoreFree})
		}
		note := ""
		if m != nil {
			b.figure(s, 3, row, m.Score, sst)
			note = m.Note
		} else {
			b.text(s, 3, row, "", sst)
		}
		b.text(s, 4, row, note, stTextInput)
		b.text(s, 5, row, scoring, stLabel)
		b.text(s, 6, row, criteria, stLabel)
		for _, t := range []struct {
			text  string
			width float64
		}{{note, noteWidth}, {scoring, 14}, {criteria, criteriaWidth}} {
			height = max(height, float64(wrappedLines(t.text, t.width))*lineHeight+4)
		}
		s.height(row, height)
		row++
	}
	rubric := b.opt.Rubric
	if rubric == nil {
		rubric = &calc.Rubric{}
	}
	for _, e := range calc.ScoreEntries(rubric) {
		var m *calc.ManualScore
		for _, name := range append([]string{e.Name}, e.Aliases...) {
			key, _, _ := calc.NormalizeLabel(name)
			for i := range scores {
				if m == nil && !used[scores[i].Key] && scores[i].Key == key {
					m = &scores[i]
					used[key] = true
				}
			}
		}
		write(&e, m)
	}
	for i := range scores {
		if used[scores[i].Key] {
			continue
		}
		used[scores[i].Key] = true
		write(nil, &scores[i])
	}
}

// ---- 文字说明 ----

const (
	narrativeWidth = 90.0
	noteWidth      = 36.0 // 评分录入 说明
	criteriaWidth  = 60.0 // 评分录入 评分标准
	listRowHeight  = 20.0 // rows of 基本信息 and 评分录入
	minAmountWidth = 12.0
	minYuanWidth   = 16.0
	titleScale     = 16.0 / 11 // title font size over body font size
)

func (b *book) writeNarrative() {
	s := b.sheet(calc.SheetNarrative)
	b.text(s, 1, 1, b.label(headerSection, 0), stHeader)
	b.text(s, 2, 1, b.label(headerContent, 1), stHeader)
	s.headerRows = 1
	s.width(1, 18)
	s.width(2, narrativeWidth)
	keys := append([]string(nil), calc.NarrativeKeys...)
	for _, sec := range b.d.Narrative {
		known := false
		for _, k := range keys {
			known = known || k == sec.Key
		}
		if !known && sec.Key != "" {
			keys = append(keys, sec.Key)
		}
	}
	for i, k := range keys {
		r := i + 2
		b.text(s, 1, r, b.label(k, i), stLabel)
		text, _ := b.d.Section(k)
		b.text(s, 2, r, text, stLongInput)
		lines := max(wrappedLines(text, narrativeWidth), 3)
		s.height(r, float64(lines)*lineHeight+6)
	}
}

// ---- 填报说明 ----

func (b *book) writeInstructions() {
	s := b.sheet(sheetInstructions)
	year := "____"
	if b.year > 0 {
		year = strconv.Itoa(b.year)
	}
	paras := instructions(year, b.unit, b.opt.Layout == OneSheet)
	const width = 80.0
	s.width(1, width)
	for i, p := range paras {
		r := i + 1
		if i == 0 {
			b.text(s, 1, r, p, stHeading)
			s.height(r, 30)
			continue
		}
		b.text(s, 1, r, p, stNote)
		s.height(r, float64(wrappedLines(p, width))*lineHeight+8)
	}
}

// ---- messy labels ----

var (
	halfBrackets  = strings.NewReplacer("（", "(", "）", ")")
	fullDigits    = strings.NewReplacer("0", "０", "1", "１", "2", "２", "3", "３", "4", "４", "5", "５", "6", "６", "7", "７", "8", "８", "9", "９", ".", "．")
	halfColonMemo = strings.NewReplacer("其中：", "其中: ")
)

func messyBrackets(s string) string { return halfBrackets.Replace(s) }

// messyLabel writes a label as people type it; which mess depends on i, so the same
// label comes out the same every time. Every variant normalises to the same key.
func messyLabel(s string, i int) string {
	s = halfBrackets.Replace(s)
	switch i % 4 {
	case 0:
		s = " " + fullDigits.Replace(s)
	case 1:
		s = halfColonMemo.Replace(s) + "  "
	case 2:
		s = fullDigits.Replace(s) + " "
	case 3:
		runes := []rune(s)
		if len(runes) > 2 {
			s = string(runes[:2]) + "\u3000" + string(runes[2:])
		}
	}
	return s
}
