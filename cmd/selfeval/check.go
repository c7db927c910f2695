package main

import (
	"fmt"
	"io"
	"strings"

	"selfeval/batch"
	"selfeval/calc"
)

// runCheck reads, validates and scores each input and prints what it found; it writes
// no file. Errors make the input fail (exit 1); warnings are listed and do not.
func runCheck(args []string, rubricFile string, w io.Writer) error {
	if len(args) == 0 {
		return usagef("请指定要检查的 .xlsx 文件或文件夹，例如：selfeval check 某部门.xlsx")
	}
	p, err := newPipeline(pipelineOptions{rubric: rubricFile})
	if err != nil {
		return err
	}
	inputs, err := batch.ExpandInputs(args, "")
	if err != nil {
		return usageError{err}
	}
	if len(inputs) == 0 {
		return usagef("在 %s 中没有找到 .xlsx 文件", strings.Join(args, "、"))
	}
	failed := 0
	for _, path := range inputs {
		d, err := p.read(path)
		if err != nil {
			failed++
			for _, line := range strings.Split(err.Error(), "\n") {
				fmt.Fprintf(w, "%s: %s\n", path, line)
			}
			continue
		}
		e := p.evaluate(d)
		for _, c := range e.Checks {
			fmt.Fprintf(w, "%s: %s%s\n", path, severityLabel(c.Level), checkText(c))
		}
		for _, f := range e.Audit {
			fmt.Fprintf(w, "%s: 审核 %s\n", path, findingText(f))
		}
		fmt.Fprintf(w, "%s: %d年度 %s  总分 %s  %s（%d 条警告，%d 条审核发现）\n",
			path, d.Info.Year, d.Info.Name, e.TotalDisplay(), e.Grade, e.Warnings(), len(e.Audit))
	}
	if failed > 0 {
		fmt.Fprintf(w, "共 %d 个文件，%d 个有错误无法评价。\n", len(inputs), failed)
		return errSomeFailed
	}
	return nil
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

// checkText prints a check as "表1-1!C13, 表1-1!C12：message".
func checkText(c calc.Check) string {
	if len(c.Cells) == 0 {
		return c.Message
	}
	shown := c
	if len(c.Cells) > maxCellsShown {
		shown.Cells = c.Cells[:maxCellsShown]
		return fmt.Sprintf("%s 等 %d 处：%s", shown.CellList(), len(c.Cells), c.Message)
	}
	return shown.CellList() + "：" + c.Message
}

// findingText prints an audit finding like a check: its cells (at most maxCellsShown), then
// the message.
func findingText(f calc.Finding) string {
	return checkText(calc.Check{Message: f.Message, Cells: f.Cells})
}
