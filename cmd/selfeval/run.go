package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"selfeval/batch"
	"selfeval/calc"
	"selfeval/internal/ui"
)

// runOptions are the flags of `selfeval run`.
type runOptions struct {
	inputs    []string
	out       string
	workers   int
	rubric    string   // --rubric file; empty for the embedded default
	templates string   // --templates dir: report wording and fonts
	fonts     []string // --font files or dirs
	jsonLines bool     // one JSON result per department on stdout
	noPDF     bool
	noXLSX    bool
	noDocx    bool
	timeout   time.Duration // per input
	prior     string        // --prior: last year's --out folder
	shard     string        // --shard k/n: this task's share of the inputs
	verbose   bool          // the slowest inputs in the end-of-run report
}

func runBatch(ctx context.Context, opt runOptions, stdout, stderr io.Writer) error {
	if len(opt.inputs) == 0 {
		return usagef("请指定要处理的 .xlsx 文件或文件夹，例如：selfeval run 填报文件夹 --out 输出目录")
	}
	if opt.workers < 1 {
		return usagef("--workers 必须至少为 1")
	}
	if err := checkOutDir(opt.out); err != nil {
		return err
	}
	p, err := newPipeline(pipelineOptions{rubric: opt.rubric, templates: opt.templates, fonts: opt.fonts, pdf: !opt.noPDF, xlsx: !opt.noXLSX, docx: !opt.noDocx})
	if err != nil {
		return err
	}
	if p.prior, err = loadPrior(opt.prior); err != nil {
		return err
	}
	p.priorBy = calc.IndexPrior(p.prior)
	return runPipeline(ctx, p, opt, stdout, stderr)
}

// outputExts are extensions of files, never of an output folder: `--out 结果.xlsx` is a
// mistake for -o of `template`, and would otherwise make a folder called 结果.xlsx.
var outputExts = []string{".xlsx", ".xlsm", ".xls", ".pdf", ".json", ".docx", ".doc", ".csv", ".zip", ".txt", ".ods", ".et"}

// checkOutDir refuses an --out that is a file or is named like one (SPEC §2).
func checkOutDir(out string) error {
	if info, err := os.Stat(out); err == nil && !info.IsDir() {
		return usagef("--out %s 是一个文件：--out 应是输出文件夹（不存在时会自动创建），例如 --out 结果", out)
	}
	if ext := strings.ToLower(filepath.Ext(out)); slices.Contains(outputExts, ext) {
		return usagef("--out %s 以 %s 结尾，像是文件名：--out 应是输出文件夹（不存在时会自动创建），例如 --out 结果", out, ext)
	}
	return nil
}

// runPipeline runs a configured pipeline over opt's inputs (split from runBatch so that
// tests can inject inputs that panic or hang).
func runPipeline(ctx context.Context, p *pipeline, opt runOptions, stdout, stderr io.Writer) error {
	inputs, err := batch.ExpandInputs(opt.inputs, opt.out)
	if err != nil {
		return usageError{err}
	}
	if len(inputs) == 0 {
		return usagef("在 %s 中没有找到电子表格文件（.xlsx 等）", strings.Join(opt.inputs, "、"))
	}
	if inputs, err = shardInputs(inputs, opt.shard); err != nil {
		return err
	}
	if p.fontErr != nil {
		fmt.Fprintf(stderr, "警告：%v\n      本次不生成自评报告 PDF，Word 版自评报告、评价表和 JSON 照常输出。\n", p.fontErr)
	}
	progress := ui.NewProgress(stdout, stderr, opt.jsonLines)
	bopt, err := p.batchOptions(opt.out, opt.workers, opt.timeout, progress.Done)
	if err != nil {
		return err
	}
	start := time.Now()
	rep, err := batch.Run(ctx, inputs, bopt)
	if err != nil && !errors.Is(err, batch.ErrInterrupted) {
		if rep == nil {
			return usageError{err} // nothing was written
		}
		return err
	}
	progress.Finish()
	ui.PrintSummary(stderr, rep, ui.SummaryOptions{Out: opt.out, Elapsed: time.Since(start), Verbose: opt.verbose})
	switch {
	case err != nil:
		return err
	case rep.Failed > 0:
		return errSomeFailed
	}
	return nil
}
