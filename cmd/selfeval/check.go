package main

import (
	"context"
	"errors"
	"io"
	"strings"

	"selfeval/batch"
	"selfeval/internal/ui"
)

// runCheck reads, validates and scores each input through batch (so a panic or a hang
// fails that input only, and Ctrl-C stops it) and prints what it found; it writes no
// file. Errors make the input fail (exit 1); warnings are listed and do not.
func runCheck(ctx context.Context, args []string, rubricFile string, w io.Writer) error {
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
		return usagef("在 %s 中没有找到电子表格文件（.xlsx 等）", strings.Join(args, "、"))
	}
	rep, err := batch.Run(ctx, inputs, batch.Options{
		Read:     p.read,
		Evaluate: p.evaluate,
		Progress: ui.NewCheck(w).Done,
	})
	if err != nil && !errors.Is(err, batch.ErrInterrupted) {
		return err
	}
	ui.PrintCheckSummary(w, rep)
	switch {
	case err != nil:
		return err
	case rep.Failed > 0:
		return errSomeFailed
	}
	return nil
}
