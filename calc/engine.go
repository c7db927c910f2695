package calc

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// divPlaces is the number of decimal places kept by every division in scoring.
const divPlaces = 20

// Evaluate computes a department's self-evaluation under a rubric: the ratios, the
// consistency checks (after the checks found while reading), every indicator scored by
// its rule, the total (sum of unrounded scores) and the grade (on the total as printed).
// It never fails: problems with the figures become Checks.
func Evaluate(d *Department, r *Rubric) *Evaluation {
	if r == nil {
		r = &Rubric{}
	}
	e := &Evaluation{Department: d, Rubric: r, Ratios: Ratios(d)}
	e.Checks = append(append([]Check(nil), d.Checks...), Consistency(d)...)
	s := &scorer{d: d, ratios: map[string]Ratio{}}
	for _, ra := range e.Ratios {
		s.ratios[ra.Key] = ra
	}
	s.rows = s.matchEntries(r)
	e.Total = decimal.Zero
	for i := range r.Levels {
		l1 := &r.Levels[i]
		for j := range l1.Groups {
			l2 := &l1.Groups[j]
			for k := range l2.Indicators {
				sc := s.indicator(&l2.Indicators[k], l1.Name, l2.Name)
				e.Scores = append(e.Scores, sc)
				e.Total = e.Total.Add(sc.Score)
			}
		}
	}
	e.Audit = s.audit(e.Scores)
	e.Checks = append(e.Checks, s.Checks...)
	e.Checks = append(e.Checks, narrativeChecks(d)...)
	e.Grade = r.Grade(e.Total)
	e.Report = reportFigures(e)
	return e
}

// Grade returns the 等级 of a total: the grade with the highest Min at or below the total
// rounded to 2 places (as printed), so that 89.995 (printed 90.00) is 优. A total below
// every Min gets the lowest grade.
func (r *Rubric) Grade(total decimal.Decimal) string {
	t := total.Round(2)
	best, lowest := -1, -1
	for i, g := range r.Grades {
		if t.GreaterThanOrEqual(g.Min) && (best < 0 || g.Min.GreaterThan(r.Grades[best].Min)) {
			best = i
		}
		if lowest < 0 || g.Min.LessThan(r.Grades[lowest].Min) {
			lowest = i
		}
	}
	switch {
	case best >= 0:
		return r.Grades[best].Name
	case lowest >= 0:
		return r.Grades[lowest].Name
	}
	return ""
}

type scorer struct {
	d      *Department
	ratios map[string]Ratio
	rows   entryRows // the 评分录入 row of each indicator or part
	Checks
}

// indicator scores one indicator (or part) by its rule.
func (s *scorer) indicator(ind *Indicator, l1, l2 string) IndicatorScore {
	sc := IndicatorScore{Indicator: ind, Level1: l1, Level2: l2, Score: decimal.Zero}
	switch ind.Rule.Kind {
	case KindManual:
		s.manual(ind, &sc)
	case KindBands, KindProportional, KindDeduction:
		s.computed(ind, &sc)
		s.rows.claim(ind, &sc)
	case KindQuarterlyExecution:
		s.quarterly(ind, &sc)
		s.rows.claim(ind, &sc)
	case KindSum:
		var work []string
		for i := range ind.Rule.Parts {
			p := s.indicator(&ind.Rule.Parts[i], l1, l2)
			sc.Parts = append(sc.Parts, p)
			sc.Inputs = append(sc.Inputs, p.Inputs...)
			sc.Score = sc.Score.Add(p.Score)
			w := p.Working
			if !strings.HasPrefix(w, p.Indicator.Name) {
				w = p.Indicator.Name + "：" + w
			}
			work = append(work, w)
		}
		sc.Working = strings.Join(work, "；") + fmt.Sprintf("；合计 %s 分", points(sc.Score))
		s.rows.claim(ind, &sc)
	default:
		sc.Working = fmt.Sprintf("未知的评分规则“%s”，得 0 分", ind.Rule.Kind)
		s.Add(SeverityError, CodeUnknownRule, nil, "%s：%s", ind.Name, sc.Working)
	}
	return sc
}

// points formats a score in a sentence: 3, 0.5, 5.88, 4.35.
func points(d decimal.Decimal) string { return d.Round(2).String() }

// manual takes the score entered in 评分录入, clamped to [0, weight].
func (s *scorer) manual(ind *Indicator, sc *IndicatorScore) {
	entry := ind.Rule.Entry
	if entry == "" {
		entry = ind.Name
	}
	m, ok := s.rows[ind]
	if ok {
		sc.Note = m.Note
	}
	if !ok || !m.Score.Present {
		cell := CellRef{Sheet: SheetManual} // no row: point at the sheet
		if ok {
			cell = m.Score.Cell
		}
		sc.Inputs = []Input{{Name: SheetManual + " " + entry, Value: decimal.Zero, Cells: []CellRef{cell}}}
		sc.Working = "评分录入未填写自评得分，得 0 分"
		s.Add(SeverityWarning, CodeManualMissing, []CellRef{cell},
			"评分录入 缺少“%s”的自评得分，按 0 分计", entry)
		return
	}
	where := strings.TrimSpace(m.Score.Cell.String() + " " + m.Name) // as the department wrote it
	v := m.Score.Amount
	sc.Entered, sc.EnteredCell = &v, m.Score.Cell
	sc.Inputs = []Input{{Name: SheetManual + " " + entry, Value: v, Cells: cellsOf(m.Score.Cell)}}
	switch {
	case v.IsNegative():
		sc.Score = decimal.Zero
		sc.Working = fmt.Sprintf("自评得分 %s 为负数，按 0 分计", v.String())
		s.Add(SeverityWarning, CodeScoreClamped, cellsOf(m.Score.Cell),
			"%s：自评得分 %s 为负数，按 0 分计", where, v.String())
	case v.GreaterThan(ind.Weight):
		sc.Score = ind.Weight
		sc.Working = fmt.Sprintf("自评得分 %s 超过权重 %s 分，按 %s 分计", v.String(), points(ind.Weight), points(ind.Weight))
		s.Add(SeverityWarning, CodeScoreClamped, cellsOf(m.Score.Cell),
			"%s：自评得分 %s 超过权重 %s 分，按 %s 分计", where, v.String(), points(ind.Weight), points(ind.Weight))
	default:
		sc.Score = v
		sc.Working = fmt.Sprintf("自评得分 %s 分", points(v))
	}
}

// computed scores the rules on one input: bands, proportional, deduction.
func (s *scorer) computed(ind *Indicator, sc *IndicatorScore) {
	rule := &ind.Rule
	op, ok := s.operand(rule.Input)
	if !ok {
		sc.Working = fmt.Sprintf("未知的输入“%s”，得 0 分", rule.Input)
		s.Add(SeverityError, CodeUnknownInput, nil, "%s：%s", ind.Name, sc.Working)
		return
	}
	sc.Inputs = op.inputs
	if op.ratio != nil && !op.ratio.Applicable() {
		s.notApplicable(ind, op.ratio, sc)
		return
	}
	if op.missing {
		in := op.inputs[0]
		cells := in.Cells
		if len(cells) == 0 {
			cells = []CellRef{{Sheet: SheetInfo}} // no cell: point at the sheet
		}
		s.Add(SeverityWarning, CodeInputMissing, cells,
			"%s 所需的 %s 未填写，按 0 计", ind.Name, in.Name)
	}
	x := op.value
	switch rule.Kind {
	case KindBands:
		var bounds []*decimal.Decimal
		for _, b := range rule.Bands {
			bounds = append(bounds, b.Min, b.Above, b.Max, b.Below)
		}
		for _, b := range rule.Bands {
			if b.contains(x) {
				sc.Score = b.Score
				sc.Working = fmt.Sprintf("%s %s %s，得 %s 分",
					op.name, op.showNear(bounds...), b.describe(op), points(b.Score))
				return
			}
		}
		sc.Working = fmt.Sprintf("%s %s 不属于任何一档，得 0 分", op.name, op.show())
	case KindProportional:
		if za := rule.ZeroAbove; za != nil && x.GreaterThan(*za) {
			sc.Working = fmt.Sprintf("%s %s > %s，得 0 分", op.name, op.showNear(za), op.showBound(*za))
			return
		}
		f, note := x, ""
		switch {
		case f.GreaterThan(decimal.NewFromInt(1)):
			f, note = decimal.NewFromInt(1), "（按 100% 计）"
		case f.IsNegative():
			f, note = decimal.Zero, "（按 0 计）"
		}
		sc.Score = ind.Weight.Mul(f)
		sc.Working = fmt.Sprintf("%s %s%s × %s = %s 分", op.name, op.show(), note, points(ind.Weight), points(sc.Score))
	case KindDeduction:
		units, excess := x, ""
		if rule.Free != nil || rule.Unit != nil {
			free, unit := decimal.Zero, decimal.NewFromInt(1)
			if rule.Free != nil {
				free = *rule.Free
			}
			if rule.Unit != nil {
				unit = *rule.Unit
			}
			units = decimal.Max(x.Sub(free), decimal.Zero).DivRound(unit, divPlaces)
			per := "每 " + op.showBound(unit)
			if op.percent && unit.Equal(decimal.RequireFromString("0.01")) {
				per = "个百分点"
			}
			excess = fmt.Sprintf("，超过 %s 的部分为 %s %s", op.showBound(free), units.Round(2).String(), per)
		}
		raw := ind.Weight.Sub(rule.Per.Mul(units))
		sc.Score = clamp(raw, ind.Weight)
		sc.Working = fmt.Sprintf("%s %s%s，%s - %s × %s = %s", op.name, op.show(), excess,
			points(ind.Weight), rule.Per.String(), units.Round(2).String(), points(raw))
		if !sc.Score.Equal(raw) {
			sc.Working += fmt.Sprintf("，按 %s 分计", points(sc.Score))
		} else {
			sc.Working += " 分"
		}
	}
}

// clamp limits a score to [0, max].
func clamp(v, max decimal.Decimal) decimal.Decimal {
	if v.IsNegative() {
		return decimal.Zero
	}
	if v.GreaterThan(max) {
		return max
	}
	return v
}

// notApplicable scores a ratio with a zero denominator (SPEC §4): nothing budgeted and
// nothing spent earns full marks with a note; spending without a budget earns 0 with a
// warning.
func (s *scorer) notApplicable(ind *Indicator, r *Ratio, sc *IndicatorScore) {
	cells := append(append([]CellRef(nil), r.Numerator.Cells...), r.Denominator.Cells...)
	if r.Numerator.Value.IsZero() {
		sc.Score = ind.Weight
		sc.Working = fmt.Sprintf("%s 为 0 且 %s 为 0，%s 不适用，按满分 %s 分计",
			r.Denominator.Name, r.Numerator.Name, r.Name, points(ind.Weight))
		s.Add(SeverityNote, CodeRatioNotApplicable, cells, "%s：%s", ind.Name, sc.Working)
		return
	}
	sc.Working = fmt.Sprintf("%s 为 0 而 %s 为 %s，%s 不适用，得 0 分",
		r.Denominator.Name, r.Numerator.Name, showAmount(r, r.Numerator.Value), r.Name)
	s.Add(SeverityWarning, CodeSpentWithoutBudget, cells, "%s：%s", ind.Name, sc.Working)
}

// contains reports whether x satisfies every bound the band sets.
func (b Band) contains(x decimal.Decimal) bool {
	return (b.Min == nil || x.GreaterThanOrEqual(*b.Min)) &&
		(b.Above == nil || x.GreaterThan(*b.Above)) &&
		(b.Max == nil || x.LessThanOrEqual(*b.Max)) &&
		(b.Below == nil || x.LessThan(*b.Below))
}

// describe writes the band's conditions: "≥ 90%", "≥ 5% 且 ≤ 10%", or, for the else band,
// "不属于以上各档".
func (b Band) describe(o operand) string {
	var conds []string
	for _, c := range []struct {
		op string
		v  *decimal.Decimal
	}{{"≥", b.Min}, {">", b.Above}, {"≤", b.Max}, {"<", b.Below}} {
		if c.v != nil {
			conds = append(conds, c.op+" "+o.showBound(*c.v))
		}
	}
	if len(conds) == 0 {
		return "不属于以上各档"
	}
	return strings.Join(conds, " 且 ")
}

// Default quarterly_execution parameters (SPEC §5).
var (
	defaultSchedule = []decimal.Decimal{
		decimal.RequireFromString("0.25"), decimal.RequireFromString("0.5"),
		decimal.RequireFromString("0.75"), decimal.NewFromInt(1),
	}
	defaultAverageWeight = decimal.NewFromInt(2)
)

// quarterly scores 预算执行率 (SPEC §5): for quarter q, e_q = min(cumulative_q ÷
// (调整预算数 × s_q), 1); score = Σe_q + AverageWeight × Σe_q ÷ n, scaled to the indicator's
// weight when that differs from n + AverageWeight (4 + 2 = 6 by default).
func (s *scorer) quarterly(ind *Indicator, sc *IndicatorScore) {
	sched := ind.Rule.Schedule
	if len(sched) == 0 {
		sched = defaultSchedule
	}
	if len(sched) > len(QuarterColumns) {
		sched = sched[:len(QuarterColumns)]
	}
	aw := defaultAverageWeight
	if ind.Rule.AverageWeight != nil {
		aw = *ind.Rule.AverageWeight
	}
	row, _ := s.d.Execution.Row(RowTotal)
	adj := tableInput(&s.d.Execution, TableExecution, RowTotal, ColAdjusted)
	sc.Inputs = []Input{adj}
	var missing []string
	var missingCells []CellRef
	quarters := make([]decimal.Decimal, len(sched))
	anySpent := false
	for q := range sched {
		in := tableInput(&s.d.Execution, TableExecution, RowTotal, QuarterColumns[q])
		sc.Inputs = append(sc.Inputs, in)
		quarters[q] = in.Value
		if !in.Value.IsZero() {
			anySpent = true
		}
		if v := row.Value(QuarterColumns[q]); !v.Present {
			missing = append(missing, QuarterColumns[q])
			missingCells = append(missingCells, cellsOf(v.Cell)...)
		}
	}
	if len(missing) > 0 {
		s.Add(SeverityWarning, CodeInputMissing, missingCells,
			"%s 所需的 表1-4 总计 %s 未填写，按 0 计", ind.Name, strings.Join(missing, "、"))
	}
	cells := func() []CellRef {
		var out []CellRef
		for _, in := range sc.Inputs {
			out = append(out, in.Cells...)
		}
		return out
	}
	if adj.Value.IsZero() {
		if !anySpent {
			sc.Score = ind.Weight
			sc.Working = fmt.Sprintf("%s 为 0 且各季度累计支出为 0，预算执行率不适用，按满分 %s 分计", adj.Name, points(ind.Weight))
			s.Add(SeverityNote, CodeRatioNotApplicable, cells(), "%s：%s", ind.Name, sc.Working)
			return
		}
		sc.Working = fmt.Sprintf("%s 为 0 而有季度累计支出，预算执行率不适用，得 0 分", adj.Name)
		s.Add(SeverityWarning, CodeSpentWithoutBudget, cells(), "%s：%s", ind.Name, sc.Working)
		return
	}
	one := decimal.NewFromInt(1)
	sum := decimal.Zero
	rates := make([]string, len(sched))
	steps := make([]string, len(sched))
	for q, cum := range quarters {
		e := cum.DivRound(adj.Value.Mul(sched[q]), divPlaces)
		e = clamp(e, one)
		sum = sum.Add(e)
		rates[q] = FormatPercent(e)
		steps[q] = sched[q].Mul(hundred).String() + "%"
	}
	n := decimal.NewFromInt(int64(len(sched)))
	score := sum.Add(aw.Mul(sum).DivRound(n, divPlaces))
	sc.Working = fmt.Sprintf("各季度执行率（支出进度 ÷ 序时进度 %s，最高 100%%）%s，得分 = %s + %s × %s ÷ %s = %s",
		strings.Join(steps, "、"), strings.Join(rates, "、"),
		sum.Round(4).String(), aw.String(), sum.Round(4).String(), n.String(), points(score))
	if max := n.Add(aw); !max.Equal(ind.Weight) && max.IsPositive() {
		score = score.Mul(ind.Weight).DivRound(max, divPlaces)
		sc.Working += fmt.Sprintf("，按权重折算 × %s ÷ %s = %s", points(ind.Weight), max.String(), points(score))
	}
	sc.Score = score
	sc.Working += " 分"
}
