package pdf

import (
	"strings"

	"github.com/shopspring/decimal"

	"selfeval/calc"
)

// ReportData is what the report wording template (templates/report.tmpl) is executed
// with. Amounts are display strings in 万元 (16,535.40), ratios percentages (99.19%) or
// calc.NotApplicable; the booleans decide which wording states the facts.
type ReportData struct {
	Year     int
	Name     string // 部门名称
	Head     string // 单位负责人
	Preparer string // 填报人
	Phone    string // 联系电话
	We       string // how the department refers to itself: 我单位

	Income            Change // 表1-1 本年收入合计
	Fiscal            Change // 表1-1 一 + 二 + 三 (财政拨款收入)
	AllFiscalInitial  bool   // all initial income is 财政拨款 (rows 一/二/三)
	AllFiscalAdjusted bool   // all adjusted income is 财政拨款
	Spending          Change // 表1-3 总计
	Personnel         Change // 表1-3 人员经费
	Public            Change // 表1-3 公用经费
	Project           Change // 表1-3 项目支出

	Total         Execution // 表1-4 总计: 预算执行率
	PersonnelExec Execution // 表1-4 人员经费
	PublicExec    Execution // 表1-4 公用经费: 日常公用经费控制率
	ProjectExec   Execution // 表1-4 项目支出
	ThreePublic   Execution // 表1-4 “三公”经费
	Procurement   Execution // 表1-4 政府采购
	Assets        Execution // 表1-5 合计: 原值 (Budget), 在用 (Actual), 固定资产利用率
	Quarters      [4]string // cumulative spending progress at each quarter end: 18.00%
	Schedule      [4]string // 序时进度 of the rubric's 预算执行率 rule: 25% 50% 75% 100%
	OnSchedule    bool      // every quarter's progress reached its schedule

	Staff    Staff
	Projects Projects

	Disclosure Manual // 评分录入 预决算信息公开

	RubricTitle string // 部门整体支出绩效评价指标评分表
	Score       string // total as printed: 90.73
	Grade       string // 优 良 中 差
}

// Change is an amount budgeted at the start of the year and after adjustment.
type Change struct {
	Initial  string
	Adjusted string
	Share    string // Initial as a share of the total initial spending: 4.27%
	Changed  bool   // Adjusted ≠ Initial
	Change   string // 无调整 / 调增 1.00 万元 / 调减 460.31 万元
}

// Execution is adjusted budget against actual spending (表1-4), or 原值 against 在用 (表1-5).
type Execution struct {
	Budget     string
	Actual     string
	Rate       string // Actual / Budget, or — when Budget is zero
	Difference string // |Budget − Actual|
	Applicable bool   // Budget ≠ 0
	Spent      bool   // Actual ≠ 0
	Saved      bool   // Actual ≤ Budget
	Over       bool   // Actual > Budget
	Below90    bool   // Rate < 90%
	AtMost100  bool   // Rate ≤ 100%
	AtLeast90  bool   // Rate ≥ 90%
}

// Staff are the 人员管理 figures.
type Staff struct {
	Authorized, Actual, Contract string // 核定编制 / 实际在编 / 编外 head counts
	StaffingRate                 string // 财政供养人员控制率
	ContractRate                 string // 编外人员控制率
	ContractApplicable           bool
	ContractBelow10              bool // 编外人员控制率 < 10%
	ContractAt10                 bool // = 10%
}

// Projects are the 项目完成及时性 figures.
type Projects struct {
	Planned, Completed string
	Rate               string
	Applicable         bool
	AllDone            bool
}

// Manual is a hand-entered score (评分录入).
type Manual struct {
	Entered bool
	Score   string
	Weight  string
	Note    string // 说明, ending with 。 when given
}

var (
	ninety  = decimal.RequireFromString("0.9")
	one     = decimal.NewFromInt(1)
	ten     = decimal.RequireFromString("0.1")
	percent = decimal.NewFromInt(100)
)

// reportData gathers the figures the wording template uses. Amounts come from the
// department's tables, ratios from the evaluation.
func reportData(e *calc.Evaluation, we string) *ReportData {
	d := e.Department
	val := func(t *calc.Table, row, col string) decimal.Decimal {
		r, ok := t.Row(row)
		if !ok {
			return decimal.Zero
		}
		return r.Value(col).Amount
	}
	amt := calc.FormatAmount
	data := &ReportData{
		Year: d.Info.Year, Name: oneLine(d.Info.Name), Head: oneLine(d.Info.Head),
		Preparer: oneLine(d.Info.Preparer), Phone: oneLine(d.Info.Phone), We: we,
		RubricTitle: e.Rubric.Title, Score: e.TotalDisplay(), Grade: e.Grade,
	}
	if data.RubricTitle == "" {
		data.RubricTitle = "部门整体支出绩效评价指标评分表"
	}
	change := func(init, adj decimal.Decimal) Change {
		c := Change{Initial: amt(init), Adjusted: amt(adj), Changed: !init.Equal(adj), Change: "无调整"}
		switch diff := adj.Sub(init); {
		case diff.IsPositive():
			c.Change = "调增" + amt(diff) + "万元"
		case diff.IsNegative():
			c.Change = "调减" + amt(diff.Neg()) + "万元"
		}
		return c
	}
	incomeRow := calc.RowIncomeTotal
	if _, ok := d.Funding.Row(incomeRow); !ok {
		incomeRow = calc.RowTotal
	}
	incInit, incAdj := val(&d.Funding, incomeRow, calc.ColInitial), val(&d.Funding, incomeRow, calc.ColAdjusted)
	var fisInit, fisAdj decimal.Decimal
	for _, k := range calc.FundingSourceRows[:3] {
		fisInit = fisInit.Add(val(&d.Funding, k, calc.ColInitial))
		fisAdj = fisAdj.Add(val(&d.Funding, k, calc.ColAdjusted))
	}
	data.Income, data.Fiscal = change(incInit, incAdj), change(fisInit, fisAdj)
	data.AllFiscalInitial = fisInit.Equal(incInit)
	data.AllFiscalAdjusted = fisAdj.Equal(incAdj)

	spInit := val(&d.ByUse, calc.RowTotal, calc.ColInitial)
	data.Spending = change(spInit, val(&d.ByUse, calc.RowTotal, calc.ColAdjusted))
	share := func(c *Change, row string) {
		*c = change(val(&d.ByUse, row, calc.ColInitial), val(&d.ByUse, row, calc.ColAdjusted))
		c.Share = calc.NotApplicable
		if !spInit.IsZero() {
			c.Share = calc.FormatPercent(val(&d.ByUse, row, calc.ColInitial).DivRound(spInit, 20))
		}
	}
	share(&data.Personnel, calc.RowPersonnel)
	share(&data.Public, calc.RowPublic)
	share(&data.Project, calc.RowProject)

	exec := func(key string) Execution {
		r, ok := e.Ratio(key)
		if !ok {
			return Execution{Budget: amt(decimal.Zero), Actual: amt(decimal.Zero), Rate: calc.NotApplicable, Difference: amt(decimal.Zero), Saved: true}
		}
		return execution(r.Denominator.Value, r.Numerator.Value)
	}
	data.Total = exec(calc.RatioExecution)
	data.PersonnelExec = exec(calc.RatioPersonnel)
	data.PublicExec = exec(calc.RatioPublicExpense)
	data.ProjectExec = exec(calc.RatioProject)
	data.ThreePublic = exec(calc.RatioThreePublic)
	data.Procurement = exec(calc.RatioProcurement)
	data.Assets = exec(calc.RatioAssetUtilization)

	budget := val(&d.Execution, calc.RowTotal, calc.ColAdjusted)
	schedule := quarterSchedule(e.Rubric)
	data.OnSchedule = !budget.IsZero()
	for q, col := range calc.QuarterColumns {
		data.Schedule[q] = strings.TrimSuffix(strings.TrimRight(schedule[q].Mul(percent).StringFixed(2), "0"), ".") + "%"
		data.Quarters[q] = calc.NotApplicable
		if budget.IsZero() {
			continue
		}
		p := val(&d.Execution, calc.RowTotal, col).DivRound(budget, 20)
		data.Quarters[q] = calc.FormatPercent(p)
		if p.LessThan(schedule[q]) {
			data.OnSchedule = false
		}
	}

	count := func(v calc.Value) string { return calc.FormatCount(v.Amount) }
	data.Staff = Staff{
		Authorized: count(d.Info.AuthorizedStaff), Actual: count(d.Info.ActualStaff), Contract: count(d.Info.ContractStaff),
		StaffingRate: ratioDisplay(e, calc.RatioStaffing), ContractRate: ratioDisplay(e, calc.RatioContractStaff),
	}
	if r, ok := e.Ratio(calc.RatioContractStaff); ok && r.Applicable() {
		data.Staff.ContractApplicable = true
		shown := r.Value().Mul(percent).Round(2)
		data.Staff.ContractBelow10 = shown.LessThan(ten.Mul(percent))
		data.Staff.ContractAt10 = shown.Equal(ten.Mul(percent))
	}
	data.Projects = Projects{
		Planned: count(d.Info.PlannedProjects), Completed: count(d.Info.CompletedProjects),
		Rate: ratioDisplay(e, calc.RatioProjectComplete),
	}
	if r, ok := e.Ratio(calc.RatioProjectComplete); ok && r.Applicable() {
		data.Projects.Applicable = true
		data.Projects.AllDone = !r.Value().LessThan(one)
	}

	data.Disclosure = manual(e, "预决算信息公开")
	return data
}

// quarterSchedule returns the 序时进度 of the rubric's quarterly_execution rule, or the
// default 25%, 50%, 75%, 100%.
func quarterSchedule(r *calc.Rubric) [4]decimal.Decimal {
	out := [4]decimal.Decimal{
		decimal.RequireFromString("0.25"), decimal.RequireFromString("0.5"),
		decimal.RequireFromString("0.75"), one,
	}
	var find func(inds []calc.Indicator) bool
	find = func(inds []calc.Indicator) bool {
		for _, ind := range inds {
			if ind.Rule.Kind == calc.KindQuarterlyExecution && len(ind.Rule.Schedule) == 4 {
				copy(out[:], ind.Rule.Schedule)
				return true
			}
			if find(ind.Rule.Parts) {
				return true
			}
		}
		return false
	}
	for _, l1 := range r.Levels {
		for _, l2 := range l1.Groups {
			if find(l2.Indicators) {
				return out
			}
		}
	}
	return out
}

// execution compares actual against budget; the comparisons use the rate as printed,
// so the wording never contradicts the figure beside it.
func execution(budget, actual decimal.Decimal) Execution {
	x := Execution{
		Budget: calc.FormatAmount(budget), Actual: calc.FormatAmount(actual),
		Difference: calc.FormatAmount(budget.Sub(actual).Abs()),
		Applicable: !budget.IsZero(), Spent: !actual.IsZero(),
		Saved: !actual.GreaterThan(budget), Over: actual.GreaterThan(budget),
		Rate: calc.NotApplicable,
	}
	if x.Applicable {
		rate := actual.DivRound(budget, 20)
		x.Rate = calc.FormatPercent(rate)
		shown := rate.Mul(percent).Round(2)
		x.Below90 = shown.LessThan(ninety.Mul(percent))
		x.AtLeast90 = !x.Below90
		x.AtMost100 = !shown.GreaterThan(percent)
	}
	return x
}

func ratioDisplay(e *calc.Evaluation, key string) string {
	if r, ok := e.Ratio(key); ok {
		return r.Display()
	}
	return calc.NotApplicable
}

// manual finds the score of the indicator named name and its 评分录入 note.
func manual(e *calc.Evaluation, name string) Manual {
	var m Manual
	for _, s := range e.Scores {
		if s.Indicator == nil || s.Indicator.Name != name {
			continue
		}
		m.Score = calc.FormatScore(s.Score)
		m.Weight = s.Indicator.Weight.String()
		key, _, _ := calc.NormalizeLabel(name)
		if s.Indicator.Rule.Entry != "" {
			key, _, _ = calc.NormalizeLabel(s.Indicator.Rule.Entry)
		}
		if ms, ok := e.Department.Manual(key); ok {
			m.Entered = true
			m.Note = oneLine(strings.TrimSpace(ms.Note))
			if m.Note != "" && !strings.ContainsAny(lastRune(m.Note), "。！？.!?") {
				m.Note += "。"
			}
		}
	}
	return m
}

func lastRune(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return ""
	}
	return string(r[len(r)-1])
}

// oneLine keeps a user value on one line of the wording template.
func oneLine(s string) string {
	return strings.Join(strings.Fields(clean(s)), " ")
}
