package calc

import (
	"slices"

	"github.com/shopspring/decimal"
)

// Input names of 基本信息 figures a rule may use besides the ratio keys (Rule.Input).
const (
	InputSatisfaction       = "satisfaction"         // 满意度, a fraction (96% → 0.96)
	InputUnfinishedKeyTasks = "unfinished_key_tasks" // 未完成重点工作数
	InputAuthorizedStaff    = "authorized_staff"     // 核定编制人数
	InputActualStaff        = "actual_staff"         // 实际在编人数
	InputContractStaff      = "contract_staff"       // 编外人员人数
	InputPlannedProjects    = "planned_projects"     // 计划完成项目数
	InputCompletedProjects  = "completed_projects"   // 按期完成项目数
)

// infoInputs maps the 基本信息 input names to their labels; percent marks a fraction.
var infoInputs = []struct {
	key, label string
	percent    bool
}{
	{InputSatisfaction, InfoSatisfaction, true},
	{InputUnfinishedKeyTasks, InfoUnfinishedKeyTasks, false},
	{InputAuthorizedStaff, InfoAuthorizedStaff, false},
	{InputActualStaff, InfoActualStaff, false},
	{InputContractStaff, InfoContractStaff, false},
	{InputPlannedProjects, InfoPlannedProjects, false},
	{InputCompletedProjects, InfoCompletedProjects, false},
}

// InputKeys returns every name a rule may use as its input: the ratio keys (RatioKeys),
// then the 基本信息 figures (InputSatisfaction …).
func InputKeys() []string {
	out := append([]string(nil), RatioKeys...)
	for _, x := range infoInputs {
		out = append(out, x.key)
	}
	return out
}

// KnownInput reports whether a rule may use name as its input.
func KnownInput(name string) bool { return slices.Contains(InputKeys(), name) }

// countRatios are the ratios of head counts or project counts rather than money.
var countRatios = []string{RatioStaffing, RatioContractStaff, RatioProjectComplete}

// operand is the resolved input of a rule.
type operand struct {
	name    string // Chinese: 固定资产利用率, 满意度
	value   decimal.Decimal
	percent bool // a fraction shown as a percentage
	inputs  []Input
	ratio   *Ratio // set when the input is a ratio
	missing bool   // a 基本信息 figure left empty
}

// operand resolves a rule's input name against the ratios and 基本信息.
func (s *scorer) operand(name string) (operand, bool) {
	if r, ok := s.ratios[name]; ok {
		return operand{
			name: r.Name, value: r.Value(), percent: true, ratio: &r,
			inputs: []Input{r.Numerator, r.Denominator},
		}, true
	}
	for _, x := range infoInputs {
		if x.key == name {
			in := infoInput(&s.d.Info, x.label)
			v, _ := s.d.Info.Figure(x.label)
			return operand{
				name: x.label, value: in.Value, percent: x.percent,
				inputs: []Input{in}, missing: !v.Present,
			}, true
		}
	}
	return operand{}, false
}

// show formats the operand's value as users read it.
func (o operand) show() string {
	if o.percent {
		return FormatPercent(o.value)
	}
	return FormatCount(o.value)
}

// showNear formats the operand's value so that it does not look equal to a band bound it
// is not equal to: 89.996% next to a 90% bound shows as 89.996%, not 90.00%.
func (o operand) showNear(bounds ...*decimal.Decimal) string {
	if !o.percent {
		return o.show()
	}
	for places := int32(2); places <= 10; places++ {
		clash := false
		for _, b := range bounds {
			if b != nil && !o.value.Equal(*b) && o.value.Mul(hundred).Round(places).Equal(b.Mul(hundred)) {
				clash = true
			}
		}
		if !clash {
			return o.value.Mul(hundred).Round(places).StringFixed(places) + "%"
		}
	}
	return o.value.Mul(hundred).String() + "%"
}

// showBound formats a band bound or limit in the operand's unit: 0.9 → 90%.
func (o operand) showBound(b decimal.Decimal) string {
	if o.percent {
		return b.Mul(hundred).String() + "%"
	}
	return b.String()
}

// showAmount formats a ratio's numerator or denominator: money as 万元, counts as counts.
func showAmount(r *Ratio, v decimal.Decimal) string {
	if slices.Contains(countRatios, r.Key) {
		return FormatCount(v)
	}
	return FormatAmount(v)
}
