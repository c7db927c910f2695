package calc

import "github.com/shopspring/decimal"

// Input is one figure an indicator or ratio was computed from, with its source cells.
type Input struct {
	Name  string          // Chinese, e.g. "表1-4 总计 实际支出数"
	Value decimal.Decimal // full precision
	Cells []CellRef
}

// Ratio is one of the ratios of SPEC §4. A zero denominator makes it not applicable.
type Ratio struct {
	Key         string // execution_rate …
	Name        string // 预算执行率 …
	Numerator   Input
	Denominator Input
}

// Applicable reports whether the denominator is non-zero.
func (r Ratio) Applicable() bool { return !r.Denominator.Value.IsZero() }

// Value is Numerator / Denominator at full precision; zero when not applicable.
func (r Ratio) Value() decimal.Decimal {
	if !r.Applicable() {
		return decimal.Zero
	}
	return r.Numerator.Value.DivRound(r.Denominator.Value, 20)
}

// Display is the ratio as a percentage to 2 places, or NotApplicable.
func (r Ratio) Display() string {
	if !r.Applicable() {
		return NotApplicable
	}
	return FormatPercent(r.Value())
}

// IndicatorScore is the score of one 三级指标 (or one part of a sum).
type IndicatorScore struct {
	Indicator *Indicator // points into the Rubric
	Level1    string     // 一级指标 name
	Level2    string     // 二级指标 name
	Score     decimal.Decimal
	Inputs    []Input          // what the rule used, with source cells
	Working   string           // Chinese: the rule applied to these numbers, e.g. "87.07% < 90%，得 3 分"
	Parts     []IndicatorScore // the parts of a sum rule, in rubric order

	// Entered is the hand-entered score of a manual rule as submitted (before clamping),
	// nil when 评分录入 has none; EnteredCell is its cell.
	Entered     *decimal.Decimal
	EnteredCell CellRef
	// Claimed is the department's own score for a computed indicator or part (评分录入),
	// nil when it gave none; it is shown beside Score and never counted. ClaimCell is its cell.
	Claimed   *decimal.Decimal
	ClaimCell CellRef
	// Note is the 说明 of the 评分录入 row for this indicator or part.
	Note string
}

// ClaimDiffers reports whether the department claimed a score that differs, as printed,
// from the computed one.
func (s IndicatorScore) ClaimDiffers() bool {
	return s.Claimed != nil && FormatScore(*s.Claimed) != FormatScore(s.Score)
}

// Evaluation is a department's computed self-evaluation.
type Evaluation struct {
	Department *Department
	Rubric     *Rubric
	Ratios     []Ratio          // in the order of RatioKeys
	Scores     []IndicatorScore // in rubric order
	Total      decimal.Decimal  // sum of unrounded indicator scores
	Grade      string           // decided on the total rounded to 2 places
	Checks     []Check          // reading, consistency, scoring and narrative findings
	Audit      []Finding        // self-scores the data contradicts (审核, SPEC §5a)
	Report     ReportFigures    // the facts the report's wording states (calc/report.go)
	Prior      *PriorComparison // beside last year's result (--prior); nil when not compared
}

// RatioKeys are the ratio keys in report order (SPEC §6).
var RatioKeys = []string{
	"execution_rate", "personnel_execution_rate", "public_expense_control_rate",
	"project_execution_rate", "three_public_control_rate", "procurement_execution_rate",
	"fixed_asset_utilization", "staffing_control_rate", "contract_staff_rate",
	"project_completion_rate", "budget_adjustment_rate",
}

// Ratio returns the ratio with the given key.
func (e *Evaluation) Ratio(key string) (Ratio, bool) {
	for _, r := range e.Ratios {
		if r.Key == key {
			return r, true
		}
	}
	return Ratio{}, false
}

// TotalDisplay is the total as printed: 90.73.
func (e *Evaluation) TotalDisplay() string { return FormatScore(e.Total) }

// Level1Scores returns the score of each 一级指标, in rubric order.
func (e *Evaluation) Level1Scores() []decimal.Decimal {
	out := make([]decimal.Decimal, len(e.Rubric.Levels))
	for _, s := range e.Scores {
		for i, l := range e.Rubric.Levels {
			if l.Name == s.Level1 {
				out[i] = out[i].Add(s.Score)
			}
		}
	}
	return out
}

// Warnings counts the checks of level warning or error.
func (e *Evaluation) Warnings() int {
	n := 0
	for _, c := range e.Checks {
		if c.Level != SeverityNote {
			n++
		}
	}
	return n
}
