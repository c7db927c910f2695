package calc

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"
)

// ReportFigures are the facts the report's wording states (templates/report.tmpl), computed
// by Evaluate: every amount, share, rate and verdict the report prints, formatted as
// printed, and the chart values as float64 for drawing only. Amounts are in 万元
// (16,535.40), rates are percentages (99.19%) or NotApplicable.
type ReportFigures struct {
	Income            Change // 表1-1 本年收入合计 (总计 when the submission has no 本年收入合计)
	Fiscal            Change // 表1-1 一 + 二 + 三 (财政拨款收入)
	AllFiscalInitial  bool   // all initial income is 财政拨款 (rows 一/二/三)
	AllFiscalAdjusted bool   // all adjusted income is 财政拨款
	Spending          Change // 表1-3 总计
	Personnel         Change // 表1-3 人员经费, Share of 总计
	Public            Change // 表1-3 公用经费, Share of 总计
	Project           Change // 表1-3 项目支出, Share of 总计

	Total         Execution // 表1-4 总计: 预算执行率
	PersonnelExec Execution // 表1-4 人员经费
	PublicExec    Execution // 表1-4 公用经费: 日常公用经费控制率
	ProjectExec   Execution // 表1-4 项目支出
	ThreePublic   Execution // 表1-4 “三公”经费
	Procurement   Execution // 表1-4 政府采购
	Assets        Execution // 表1-5 合计: 原值 (Budget), 在用 (Actual), 固定资产利用率

	// ExecutionGood: the 预算执行率 as printed is at least 90% (the model report's 较好), or,
	// when the rubric scores execution_rate by bands, it falls in the band that gives full
	// marks.
	ExecutionGood bool

	Quarters        [4]string  // cumulative spending progress at each quarter end: 18.00%, or NotApplicable
	Schedule        [4]string  // 序时进度 of the rubric's 预算执行率 rule: 25% 50% 75% 100%
	QuarterPercents [4]float64 // Quarters as numbers (18 for 18%), for charts; 0 when not applicable
	SchedulePercent [4]float64 // Schedule as numbers (25 for 25%), for charts
	OnSchedule      bool       // there is a budget and every quarter's progress reached its schedule

	Staff    StaffFigures
	Projects ProjectFigures

	Disclosure ManualFigure // 评分录入 预决算信息公开 (the rubric's indicator IndicatorDisclosure)

	AssetRows []AssetRow // 表1-5 row by row, with each row's 利用率
}

// Change is an amount budgeted at the start of the year and after adjustment.
type Change struct {
	Initial  string
	Adjusted string
	Share    string // Initial as a share of 表1-3 总计 年初预算数: 4.27%; empty where no share is stated
	Changed  bool   // Adjusted ≠ Initial
	Change   string // 无调整 / 调增1.00万元 / 调减460.31万元
}

// Execution is adjusted budget against actual spending (表1-4), or 原值 against 在用 (表1-5).
type Execution struct {
	Budget      string
	Actual      string
	Rate        string  // Actual / Budget, or NotApplicable when Budget is zero
	RatePercent float64 // Rate as a number (99.19 for 99.19%), for charts; 0 when not applicable
	Difference  string  // |Budget − Actual|
	Applicable  bool    // Budget ≠ 0
	Spent       bool    // Actual ≠ 0
	Saved       bool    // Actual ≤ Budget
	Over        bool    // Actual > Budget
	Verdict     Verdict // where Rate falls among the bands of the rubric's indicator scored on it
}

// Verdict is where a ratio falls among the bands of the rubric's indicator that scores it by
// bands (the “三公”经费控制率 below 90% earns 3 points …): the verdict a sentence states is
// read from the rubric in force, so it always agrees with the 评分表.
type Verdict struct {
	Found bool   // an applicable ratio scored by a bands rule, and a band it falls in
	Text  string // the band's conditions in words: 小于90%, 在90%至100%之间, 超过100%; "" for the else band
	Score string // the points the band gives: 3
	Full  bool   // the band gives the indicator's full weight
	None  bool   // the band gives 0 points
}

// StaffFigures are the 人员管理 figures.
type StaffFigures struct {
	Authorized, Actual, Contract string  // 核定编制 / 实际在编 / 编外 head counts
	StaffingRate                 string  // 财政供养人员控制率
	ContractRate                 string  // 编外人员控制率
	StaffingApplicable           bool    // 核定编制 ≠ 0
	ContractApplicable           bool    // 在编 + 编外 ≠ 0
	StaffingVerdict              Verdict // 财政供养人员控制率 among its rubric bands
	ContractVerdict              Verdict // 编外人员控制率 among its rubric bands
}

// ProjectFigures are the 项目完成及时性 figures.
type ProjectFigures struct {
	Planned, Completed string // counts
	Rate               string // 项目完成率
	Applicable         bool   // Planned ≠ 0
	AllDone            bool   // Completed ≥ Planned
}

// ManualFigure is a hand-entered score (评分录入) and its note.
type ManualFigure struct {
	Entered bool   // 评分录入 gives a score or a note for it
	Score   string // the score as scored: 3.00
	Weight  string // the indicator's weight: 3
	Note    string // 说明, trimmed, ending with 。 when given
}

// AssetRow is one row of 表1-5 as printed: blank cells are Blank, 利用率 is 在用 / 原值 or
// NotApplicable when 原值 is zero or blank.
type AssetRow struct {
	Label    string
	Count    string // 数量 with thousands separators: 5,301
	Original string // 原值
	InUse    string // 其中：在用
	Rate     string // 利用率
}

// Blank is how a table cell left empty in the submission is printed.
const Blank = "——"

// goodExecutionRate is the 预算执行率 the report calls 较好 (年度预算执行情况较好) when the
// rubric has no bands on execution_rate: the wording of the model report.
var goodExecutionRate = decimal.RequireFromString("0.9")

// IndicatorDisclosure is the ID of the 预决算信息公开 indicator, whose 评分录入 note the
// report quotes.
const IndicatorDisclosure = "disclosure"

// reportFigures computes the ReportFigures of an evaluation whose ratios and scores are set.
func reportFigures(e *Evaluation) ReportFigures {
	d := e.Department
	val := func(t *Table, row, col string) decimal.Decimal {
		r, _ := t.Row(row)
		return r.Value(col).Amount
	}
	var f ReportFigures

	incomeRow := RowIncomeTotal
	if _, ok := d.Funding.Row(incomeRow); !ok {
		incomeRow = RowTotal
	}
	incInit, incAdj := val(&d.Funding, incomeRow, ColInitial), val(&d.Funding, incomeRow, ColAdjusted)
	var fisInit, fisAdj decimal.Decimal
	for _, k := range FundingSourceRows[:3] {
		fisInit = fisInit.Add(val(&d.Funding, k, ColInitial))
		fisAdj = fisAdj.Add(val(&d.Funding, k, ColAdjusted))
	}
	f.Income, f.Fiscal = change(incInit, incAdj), change(fisInit, fisAdj)
	f.AllFiscalInitial = fisInit.Equal(incInit)
	f.AllFiscalAdjusted = fisAdj.Equal(incAdj)

	spInit := val(&d.ByUse, RowTotal, ColInitial)
	f.Spending = change(spInit, val(&d.ByUse, RowTotal, ColAdjusted))
	share := func(row string) Change {
		init := val(&d.ByUse, row, ColInitial)
		c := change(init, val(&d.ByUse, row, ColAdjusted))
		c.Share = NotApplicable
		if !spInit.IsZero() {
			c.Share = FormatPercent(init.DivRound(spInit, divPlaces))
		}
		return c
	}
	f.Personnel, f.Public, f.Project = share(RowPersonnel), share(RowPublic), share(RowProject)

	exec := func(key string) Execution {
		r, ok := e.Ratio(key)
		if !ok {
			return execution(Ratio{}, Verdict{})
		}
		return execution(r, e.band(key, r))
	}
	f.Total = exec(RatioExecution)
	f.PersonnelExec = exec(RatioPersonnel)
	f.PublicExec = exec(RatioPublicExpense)
	f.ProjectExec = exec(RatioProject)
	f.ThreePublic = exec(RatioThreePublic)
	f.Procurement = exec(RatioProcurement)
	f.Assets = exec(RatioAssetUtilization)
	if f.Total.Verdict.Found {
		f.ExecutionGood = f.Total.Verdict.Full
	} else if r, ok := e.Ratio(RatioExecution); ok && r.Applicable() {
		f.ExecutionGood = !printedPercent(r.Value()).LessThan(printedPercent(goodExecutionRate))
	}

	budget := val(&d.Execution, RowTotal, ColAdjusted)
	schedule := e.Rubric.QuarterSchedule()
	f.OnSchedule = !budget.IsZero()
	for q, col := range QuarterColumns {
		f.Schedule[q] = boundPercent(schedule[q])
		f.SchedulePercent[q] = schedule[q].Mul(hundred).InexactFloat64()
		f.Quarters[q] = NotApplicable
		if budget.IsZero() {
			continue
		}
		p := val(&d.Execution, RowTotal, col).DivRound(budget, divPlaces)
		f.Quarters[q] = FormatPercent(p)
		f.QuarterPercents[q] = printedPercent(p).InexactFloat64()
		if p.LessThan(schedule[q]) {
			f.OnSchedule = false
		}
	}

	count := func(v Value) string { return FormatCount(v.Amount) }
	f.Staff = StaffFigures{
		Authorized: count(d.Info.AuthorizedStaff), Actual: count(d.Info.ActualStaff), Contract: count(d.Info.ContractStaff),
		StaffingRate: NotApplicable, ContractRate: NotApplicable,
	}
	if r, ok := e.Ratio(RatioStaffing); ok {
		f.Staff.StaffingRate, f.Staff.StaffingApplicable = r.Display(), r.Applicable()
		f.Staff.StaffingVerdict = e.band(RatioStaffing, r)
	}
	if r, ok := e.Ratio(RatioContractStaff); ok {
		f.Staff.ContractRate, f.Staff.ContractApplicable = r.Display(), r.Applicable()
		f.Staff.ContractVerdict = e.band(RatioContractStaff, r)
	}
	f.Projects = ProjectFigures{
		Planned: count(d.Info.PlannedProjects), Completed: count(d.Info.CompletedProjects), Rate: NotApplicable,
	}
	if r, ok := e.Ratio(RatioProjectComplete); ok {
		f.Projects.Rate, f.Projects.Applicable = r.Display(), r.Applicable()
		f.Projects.AllDone = r.Applicable() && !r.Value().LessThan(decimal.NewFromInt(1))
	}

	f.Disclosure = e.manualFigure(IndicatorDisclosure)
	f.AssetRows = assetRows(&d.Assets)
	return f
}

// change compares an adjusted amount with the initial one.
func change(init, adj decimal.Decimal) Change {
	c := Change{Initial: FormatAmount(init), Adjusted: FormatAmount(adj), Changed: !init.Equal(adj), Change: "无调整"}
	switch diff := adj.Sub(init); {
	case diff.IsPositive():
		c.Change = "调增" + FormatAmount(diff) + "万元"
	case diff.IsNegative():
		c.Change = "调减" + FormatAmount(diff.Neg()) + "万元"
	}
	return c
}

// execution states a ratio of spending against budget; the zero Ratio is a missing one.
func execution(r Ratio, b Verdict) Execution {
	budget, actual := r.Denominator.Value, r.Numerator.Value
	x := Execution{
		Budget: FormatAmount(budget), Actual: FormatAmount(actual),
		Difference: FormatAmount(budget.Sub(actual).Abs()),
		Applicable: r.Applicable(), Spent: !actual.IsZero(),
		Saved: !actual.GreaterThan(budget), Over: actual.GreaterThan(budget),
		Rate: r.Display(), Verdict: b,
	}
	if x.Applicable {
		x.RatePercent = printedPercent(r.Value()).InexactFloat64()
	}
	return x
}

// printedPercent is a fraction as the percentage printed: 0.99185 → 99.19.
func printedPercent(fraction decimal.Decimal) decimal.Decimal {
	return fraction.Mul(hundred).Round(2)
}

// boundPercent shows a threshold as a percentage without trailing zeros: 0.25 → 25%.
func boundPercent(fraction decimal.Decimal) string {
	return fraction.Mul(hundred).String() + "%"
}

// QuarterSchedule returns the 序时进度 of the rubric's first quarterly_execution rule when
// it gives all four quarters, else the default 25%, 50%, 75%, 100%.
func (r *Rubric) QuarterSchedule() [4]decimal.Decimal {
	var out [4]decimal.Decimal
	copy(out[:], defaultSchedule)
	if ind := r.find(func(ind *Indicator) bool { return ind.Rule.Kind == KindQuarterlyExecution }); ind != nil && len(ind.Rule.Schedule) == len(out) {
		copy(out[:], ind.Rule.Schedule)
	}
	return out
}

// find returns the first indicator, or part of a sum, in rubric order that satisfies ok.
func (r *Rubric) find(ok func(*Indicator) bool) *Indicator {
	var walk func(inds []Indicator) *Indicator
	walk = func(inds []Indicator) *Indicator {
		for i := range inds {
			if ok(&inds[i]) {
				return &inds[i]
			}
			if p := walk(inds[i].Rule.Parts); p != nil {
				return p
			}
		}
		return nil
	}
	for i := range r.Levels {
		for j := range r.Levels[i].Groups {
			if ind := walk(r.Levels[i].Groups[j].Indicators); ind != nil {
				return ind
			}
		}
	}
	return nil
}

// WeightTotals returns the sums of the weights of the 一级, 二级 and 三级 indicators, as the
// 评分表's total row prints them.
func (r *Rubric) WeightTotals() (level1, level2, level3 decimal.Decimal) {
	for _, l1 := range r.Levels {
		level1 = level1.Add(l1.Weight)
		for _, l2 := range l1.Groups {
			level2 = level2.Add(l2.Weight)
			for _, ind := range l2.Indicators {
				level3 = level3.Add(ind.Weight)
			}
		}
	}
	return level1, level2, level3
}

// band finds where an applicable ratio falls among the bands of the first rubric
// indicator that scores it by bands, deciding on the value at full precision as scoring
// does.
func (e *Evaluation) band(key string, r Ratio) Verdict {
	if !r.Applicable() {
		return Verdict{}
	}
	ind := e.Rubric.find(func(ind *Indicator) bool { return ind.Rule.Kind == KindBands && ind.Rule.Input == key })
	if ind == nil {
		return Verdict{}
	}
	x := r.Value()
	for i, b := range ind.Rule.Bands {
		if b.contains(x) {
			return Verdict{
				Found: true, Text: implied(b, ind.Rule.Bands[:i]).words(), Score: points(b.Score),
				Full: b.Score.Equal(ind.Weight), None: b.Score.IsZero(),
			}
		}
	}
	return Verdict{}
}

// implied adds to a band the bound the bands before it set: bands are tried in order, so
// after “≥ 90%” a band “≥ 75%” holds only below 90%, and after “< 5%” a band “≤ 10%” only
// from 5%. The closest such bound on a side the band leaves open is added.
func implied(b Band, before []Band) Band {
	if b.Max == nil && b.Below == nil {
		for _, p := range before {
			if p.Max != nil || p.Below != nil {
				continue
			}
			switch {
			case p.Min != nil && (b.Below == nil || p.Min.LessThan(*b.Below)) && (b.Min == nil || p.Min.GreaterThan(*b.Min)):
				b.Below = p.Min
			case p.Above != nil && (b.Max == nil || p.Above.LessThan(*b.Max)) && (b.Min == nil || p.Above.GreaterThan(*b.Min)):
				b.Max = p.Above
			}
		}
	}
	if b.Min == nil && b.Above == nil {
		for _, p := range before {
			if p.Min != nil || p.Above != nil {
				continue
			}
			switch {
			case p.Below != nil && (b.Min == nil || p.Below.GreaterThan(*b.Min)) && (b.Max == nil || p.Below.LessThan(*b.Max)):
				b.Min = p.Below
			case p.Max != nil && (b.Above == nil || p.Max.GreaterThan(*b.Above)) && (b.Max == nil || p.Max.LessThan(*b.Max)):
				b.Above = p.Max
			}
		}
	}
	return b
}

// words writes a band's conditions on a percentage as a sentence states them: 小于90%,
// 在90%至100%之间, 不低于95%, 超过100%; "" for the else band.
func (b Band) words() string {
	if b.Min != nil && b.Max != nil && b.Above == nil && b.Below == nil {
		return "在" + boundPercent(*b.Min) + "至" + boundPercent(*b.Max) + "之间"
	}
	var conds []string
	for _, c := range []struct {
		word string
		v    *decimal.Decimal
	}{{"不低于", b.Min}, {"超过", b.Above}, {"不超过", b.Max}, {"小于", b.Below}} {
		if c.v != nil {
			conds = append(conds, c.word+boundPercent(*c.v))
		}
	}
	return strings.Join(conds, "且")
}

// manualFigure is the score of the indicator with the given ID and its 评分录入 note.
func (e *Evaluation) manualFigure(id string) ManualFigure {
	var m ManualFigure
	for _, s := range e.Scores {
		if s.Indicator == nil || s.Indicator.ID != id {
			continue
		}
		m.Score = FormatScore(s.Score)
		m.Weight = s.Indicator.Weight.String()
		m.Entered = s.Entered != nil || s.Note != ""
		m.Note = strings.TrimSpace(s.Note)
		if r := []rune(m.Note); len(r) > 0 && !strings.ContainsRune("。！？.!?", r[len(r)-1]) {
			m.Note += "。"
		}
	}
	return m
}

// assetRows states 表1-5 row by row with each row's 利用率.
func assetRows(t *Table) []AssetRow {
	out := make([]AssetRow, 0, len(t.Rows))
	show := func(v Value, format func(decimal.Decimal) string) string {
		if !v.Present {
			return Blank
		}
		return format(v.Amount)
	}
	for i := range t.Rows {
		r := &t.Rows[i]
		out = append(out, AssetRow{
			Label: r.Label, Count: show(r.Value(ColCount), FormatCount),
			Original: show(r.Value(ColOriginal), FormatAmount), InUse: show(r.Value(ColInUse), FormatAmount), Rate: AssetRate(r),
		})
	}
	return out
}

// AssetRate is a 表1-5 row's 利用率 as printed: 在用 / 原值, or NotApplicable when 原值 is
// zero or blank.
func AssetRate(r *Row) string {
	rate, ok := UseRate(r.Value(ColOriginal), r.Value(ColInUse))
	if !ok {
		return NotApplicable
	}
	return FormatPercent(rate)
}

// narrativeChecks warns of every 文字说明 section left empty: the report marks it
// MissingNarrative. The finding points at the section's 内容 cell, or at the sheet.
func narrativeChecks(d *Department) []Check {
	var out []Check
	for _, key := range NarrativeKeys {
		if text, ok := d.Section(key); ok && strings.ContainsFunc(text, visible) {
			continue
		}
		cell := CellRef{Sheet: SheetNarrative}
		for _, s := range d.Narrative {
			if s.Key == key && s.Cell != (CellRef{}) {
				cell = s.Cell
			}
		}
		out = append(out, Check{
			Level: SeverityWarning, Code: CodeNarrativeMissing, Cells: []CellRef{cell},
			Message: fmt.Sprintf("文字说明未填写“%s”，报告中该节注明%s", key, MissingNarrative),
		})
	}
	return out
}

// visible reports whether r shows on the page: a section of spaces and invisible
// format characters is as good as empty.
func visible(r rune) bool { return unicode.IsGraphic(r) && !unicode.IsSpace(r) }

// MissingNarrative marks in the report a 文字说明 section the department left empty.
const MissingNarrative = "（未填写）"
