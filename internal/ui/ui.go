// Package ui is what a user sees of a batch: progress as it runs (a redrawn bar on a
// terminal, plain lines in CI and pipes, JSON lines for programs), the end-of-run
// report, and `selfeval check`'s diagnostics. It only prints; batch decides what
// happened and calc what it means. It is restic's internal/ui in spirit.
package ui

import (
	"fmt"
	"io"
	"os"
	"strings"

	"selfeval/batch"
)

// Progress is told of each finished input, in input order (batch.Options.Progress), and
// of the batch's end.
type Progress interface {
	Done(r batch.Result, done, total int)
	Finish()
}

// NewProgress returns the progress display of `selfeval run`: JSON lines on stdout when
// jsonLines, a bar when stderr is a terminal, plain lines otherwise.
func NewProgress(stdout, stderr io.Writer, jsonLines bool) Progress {
	switch {
	case jsonLines:
		return NewJSONLines(stdout)
	case IsTerminal(stderr):
		return NewBar(stderr)
	}
	return NewLines(stderr)
}

// IsTerminal reports whether w is a terminal (a character device).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// indent lets a multi-line message continue under its first line.
func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n      ") }

// Describe is one input's line: 成功 with its stem, total, grade and warnings, reused
// outputs marked, or 失败 with the error.
func Describe(r batch.Result) string {
	if r.Eval == nil {
		return fmt.Sprintf("失败  %s：%s", r.Source, indent(r.Err.Error()))
	}
	if !r.OK() {
		return fmt.Sprintf("失败  %s：%s", r.Stem, indent(r.Err.Error()))
	}
	e := r.Eval
	s := fmt.Sprintf("成功  %s  %s 分  %s", r.Stem, e.TotalDisplay(), e.Grade)
	if w := e.Warnings(); w > 0 {
		s += fmt.Sprintf("  （%d 条警告）", w)
	}
	if r.Reused {
		s += "  （输入与设置未变，沿用已有输出）"
	}
	return s
}
