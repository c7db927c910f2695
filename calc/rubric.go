package calc

import "github.com/shopspring/decimal"

// Rubric is the 部门整体支出绩效评价指标评分表 in force: three levels of indicators with
// weights, each third-level indicator with its printed texts and a machine rule.
// The default lives in templates/rubric.yaml; --rubric replaces it.
type Rubric struct {
	Title  string   `yaml:"title"`  // 部门整体支出绩效评价指标评分表
	Grades []Grade  `yaml:"grades"` // highest first
	Levels []Level1 `yaml:"levels"`
}

// Grade is one 等级: a total (as printed, 2 places) at or above Min earns Name.
type Grade struct {
	Name string          `yaml:"name"` // 优 良 中 差
	Min  decimal.Decimal `yaml:"min"`
}

// Level1 is a 一级指标.
type Level1 struct {
	Name   string          `yaml:"name"`
	Weight decimal.Decimal `yaml:"weight"`
	Groups []Level2        `yaml:"groups"`
}

// Level2 is a 二级指标.
type Level2 struct {
	Name       string          `yaml:"name"`
	Weight     decimal.Decimal `yaml:"weight"`
	Indicators []Indicator     `yaml:"indicators"`
}

// Indicator is a 三级指标 (or, inside a sum rule, one of its parts).
type Indicator struct {
	ID          string          `yaml:"id"`
	Name        string          `yaml:"name"`
	Weight      decimal.Decimal `yaml:"weight"`
	Description string          `yaml:"description"` // 指标说明, printed
	Criteria    string          `yaml:"criteria"`    // 评分标准, printed
	Rule        Rule            `yaml:"rule"`

	// Audit (hand-scored indicators only) are criteria of the 评分标准 that the tables can
	// check: each has its points (Weight) and a computed rule. The data supports at most the
	// indicator's weight less the points these criteria lose; a higher self-score is an
	// audit finding (SPEC §5a). They never change the score.
	Audit []Indicator `yaml:"audit,omitempty"`
}

// Rule kinds.
const (
	KindManual             = "manual"              // score entered in 评分录入, clamped to [0, weight]
	KindBands              = "bands"               // an input mapped through thresholds
	KindProportional       = "proportional"        // weight × min(input, 1), optionally 0 above a limit
	KindDeduction          = "deduction"           // weight − per × (input − free) ÷ unit, floored at 0
	KindQuarterlyExecution = "quarterly_execution" // the 预算执行率 rule
	KindSum                = "sum"                 // the sum of sub-indicators (Parts)
)

// kindNames are the rule kinds in words: the one naming every output and command uses.
var kindNames = map[string]string{
	KindManual:             "自评录入",
	KindBands:              "分档计分",
	KindProportional:       "按比例计分",
	KindDeduction:          "扣分计分",
	KindQuarterlyExecution: "分季度执行率",
	KindSum:                "分项合计",
}

// KindName is a rule kind in Chinese words (KindManual → 自评录入), as 指标计算 and
// `selfeval rubric` print it; an unknown kind is returned as it is.
func KindName(kind string) string {
	if name, ok := kindNames[kind]; ok {
		return name
	}
	return kind
}

// Rule is the machine rule of an Indicator. Which fields apply depends on Kind.
type Rule struct {
	Kind string `yaml:"kind"`

	// Entry (manual) is the 评分录入 指标 name; empty means the indicator's name.
	Entry string `yaml:"entry,omitempty"`

	// Input (bands, proportional, deduction) names a ratio key (execution_rate …) or a
	// 基本信息 figure (satisfaction, unfinished_key_tasks …).
	Input string `yaml:"input,omitempty"`

	// Bands (bands) are tried in order; the first whose conditions all hold gives the score.
	Bands []Band `yaml:"bands,omitempty"`

	// ZeroAbove (proportional): the score is 0 when the input exceeds it (政府采购: actual > plan).
	ZeroAbove *decimal.Decimal `yaml:"zero_above,omitempty"`

	// Per (deduction) is the points lost per Unit of Input above Free: weight − Per ×
	// max(Input − Free, 0) ÷ Unit. Unit defaults to 1 and Free to 0 (a count: 4 points per
	// unfinished task); 资金调整、调剂 loses 0.1 per percentage point (unit 0.01) above 10%
	// (free 0.1).
	Per  decimal.Decimal  `yaml:"per,omitempty"`
	Free *decimal.Decimal `yaml:"free,omitempty"`
	Unit *decimal.Decimal `yaml:"unit,omitempty"`

	// Schedule (quarterly_execution) is the planned cumulative progress per quarter
	// (序时进度, default 25%, 50%, 75%, 100%); AverageWeight the points for the 全年平均执行率 (default 2).
	Schedule      []decimal.Decimal `yaml:"schedule,omitempty"`
	AverageWeight *decimal.Decimal  `yaml:"average_weight,omitempty"`

	// Parts (sum) are the sub-indicators whose scores add up to this one.
	Parts []Indicator `yaml:"parts,omitempty"`
}

// Band is one threshold band. Unset bounds do not constrain; a band with none is the "else".
type Band struct {
	Min   *decimal.Decimal `yaml:"min,omitempty"`   // input ≥ Min
	Above *decimal.Decimal `yaml:"above,omitempty"` // input > Above
	Max   *decimal.Decimal `yaml:"max,omitempty"`   // input ≤ Max
	Below *decimal.Decimal `yaml:"below,omitempty"` // input < Below
	Score decimal.Decimal  `yaml:"score"`
}
