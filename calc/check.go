package calc

import "strings"

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
	Code    string    // stable machine code, e.g. "total_mismatch"
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
