package ui

import (
	"fmt"
	"io"
	"strings"

	"selfeval/batch"
	"selfeval/calc"
)

// Check prints `selfeval check`'s diagnostics, one line each prefixed with the input's
// path: a failed input's errors; an evaluated one's checks, then its total.
type Check struct{ w io.Writer }

// NewCheck returns a Check writing to w.
func NewCheck(w io.Writer) *Check { return &Check{w: w} }

// Done prints one input's diagnostics: its checks, then its audit findings (SPEC §5a), then
// its total.
func (c *Check) Done(r batch.Result, _, _ int) {
	if r.Eval == nil {
		for _, line := range strings.Split(r.Err.Error(), "\n") {
			fmt.Fprintf(c.w, "%s: %s\n", r.Source, line)
		}
		return
	}
	e := r.Eval
	for _, ch := range e.Checks {
		fmt.Fprintf(c.w, "%s: %s%s\n", r.Source, severityLabel(ch.Level), CheckText(ch))
	}
	for _, f := range e.Audit {
		fmt.Fprintf(c.w, "%s: 审核 %s\n", r.Source, FindingText(f))
	}
	info := e.Department.Info
	fmt.Fprintf(c.w, "%s: %d年度 %s  总分 %s  %s（%d 条警告，%d 条审核发现）\n",
		r.Source, info.Year, info.Name, e.TotalDisplay(), e.Grade, e.Warnings(), len(e.Audit))
}

// PrintCheckSummary ends a check: the count of inputs that could not be evaluated, the
// batch-level notices, or, when interrupted, how far it got.
func PrintCheckSummary(w io.Writer, rep *batch.Report) {
	for _, s := range rep.Notices {
		fmt.Fprintf(w, "注意：%s\n", s)
	}
	switch {
	case rep.Interrupted:
		fmt.Fprintf(w, "已中断：共 %d 个文件，已检查 %d 个。\n", rep.Total, len(rep.Results))
	case rep.Failed > 0:
		fmt.Fprintf(w, "共 %d 个文件，%d 个有错误无法评价。\n", rep.Total, rep.Failed)
	}
}

func severityLabel(s calc.Severity) string {
	switch s {
	case calc.SeverityError:
		return "错误 "
	case calc.SeverityWarning:
		return "警告 "
	}
	return "提示 "
}

// maxCellsShown bounds the cells printed before a check's message; the message says the rest.
const maxCellsShown = 4

// CheckText prints a check as "表1-1!C13, 表1-1!C12：message".
func CheckText(c calc.Check) string {
	if len(c.Cells) == 0 {
		return c.Message
	}
	if len(c.Cells) > maxCellsShown {
		shown := c
		shown.Cells = c.Cells[:maxCellsShown]
		return fmt.Sprintf("%s 等 %d 处：%s", shown.CellList(), len(c.Cells), c.Message)
	}
	return c.CellList() + "：" + c.Message
}

// FindingText prints an audit finding like a check: its cells (at most maxCellsShown), then
// the message.
func FindingText(f calc.Finding) string {
	return CheckText(calc.Check{Message: f.Message, Cells: f.Cells})
}
