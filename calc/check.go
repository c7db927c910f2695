package calc

import (
	"fmt"
	"strings"
)

// Severity of a Check.
type Severity string

const (
	SeverityError   Severity = "error"   // the department cannot be evaluated
	SeverityWarning Severity = "warning" // the figures disagree or were corrected; the reviewer should look
	SeverityNote    Severity = "note"    // something was assumed, e.g. an empty cell read as 0
)

// Check is one finding about a submission (校验). Message is Chinese, for the reviewer.
type Check struct {
	Level   Severity
	Code    string    // stable machine code, one of the Code… constants
	Message string    // Chinese, e.g. "表1-1 本年收入合计 16,535.40 ≠ 一 … 八 之和 16,535.39"
	Cells   []CellRef // every cell the finding points at, most relevant first
}

// CellList returns the cells as "表1-1!C5, 表1-1!C13".
func (c Check) CellList() string {
	s := make([]string, len(c.Cells))
	for i, r := range c.Cells {
		s[i] = r.String()
	}
	return strings.Join(s, ", ")
}

// Checks collects the checks of one pass over a submission: reading, consistency, scoring.
type Checks []Check

// Add appends a check whose message is format applied to args.
func (cs *Checks) Add(level Severity, code string, cells []CellRef, format string, args ...any) {
	*cs = append(*cs, Check{Level: level, Code: code, Message: fmt.Sprintf(format, args...), Cells: cells})
}

// Check codes: the one list of every code a Check carries, wherever it is found. Errors make
// the department unusable; warnings ask the reviewer to look; notes record an assumption.
const (
	// Reading the workbook (package reader).
	CodeUnitAssumed      = "unit_assumed"      // note: a table states no unit; read as 万元
	CodeBlankAsZero      = "blank_as_zero"     // note: empty or dash (—, ---) figures, counted as 0
	CodeMergedValue      = "merged_value"      // note: a figure in a merged range, counted once at its top-left cell
	CodeSheetTruncated   = "sheet_truncated"   // note: a sheet larger than the bounds; the rest was not read
	CodeHiddenSheet      = "hidden_sheet"      // warning: something was read from a hidden sheet
	CodeHiddenCells      = "hidden_cells"      // warning: figures read from hidden rows or columns
	CodeExternalLink     = "external_link"     // warning: formulas referring to other workbooks (cached values used)
	CodeUnlabelledValues = "unlabelled_values" // warning: figures in a table row without a label, not read
	CodeUnknownSection   = "unknown_section"   // warning: 文字说明 sections with unknown names (kept)
	CodeUnlabelledText   = "unlabelled_text"   // warning: 文字说明 text without a 章节, not read
	CodeSheetMissing     = "sheet_missing"     // warning: no 文字说明 sheet

	// Consistency of the tables (Consistency).
	CodeMissingRow      = "missing_row"      // a row of the table schema is missing: error, or warning for an optional row (counted as 0)
	CodeTotalMismatch   = "total_mismatch"   // warning: a total ≠ the sum of its rows
	CodeTablesDisagree  = "tables_disagree"  // warning: the 总计 of two tables differ
	CodeQuarterDecrease = "quarter_decrease" // warning: cumulative quarterly spending decreases
	CodeQuarterActual   = "quarter_actual"   // warning: 四季度累计支出 ≠ 实际支出数
	CodeInUseExceeds    = "in_use_exceeds"   // warning: 在用 > 原值

	// Scoring (Evaluate).
	CodeScoreClamped       = "score_clamped"        // warning: a hand-entered score outside [0, weight]
	CodeManualMissing      = "manual_missing"       // warning: no 评分录入 score for a hand-scored indicator
	CodeEntryUnknown       = "entry_unknown"        // warning: a 评分录入 row that names no indicator
	CodeEntryDuplicate     = "entry_duplicate"      // warning: two 评分录入 rows for the same indicator
	CodeInputMissing       = "input_missing"        // warning: a 基本信息 figure a rule needs is empty
	CodeRatioNotApplicable = "ratio_not_applicable" // note: zero denominator and zero numerator: full marks
	CodeSpentWithoutBudget = "spent_without_budget" // warning: zero denominator, positive numerator: 0
	CodeUnknownRule        = "unknown_rule"         // error: a rubric built in code with an unknown rule kind
	CodeUnknownInput       = "unknown_input"        // error: a rubric built in code with an unknown input

	// The report (Evaluate, for the writers).
	CodeNarrativeMissing = "narrative_missing" // warning: a 文字说明 section left empty; the report marks it
)
