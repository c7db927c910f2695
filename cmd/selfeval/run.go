package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"selfeval/batch"
	"selfeval/calc"
)

// defaultTimeout bounds one input; generous, since a healthy department takes well under a second.
const defaultTimeout = 2 * time.Minute

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
}

func runBatch(ctx context.Context, opt runOptions, stdout, stderr io.Writer) error {
	if len(opt.inputs) == 0 {
		return usagef("请指定要处理的 .xlsx 文件或文件夹，例如：selfeval run 填报文件夹 --out 输出目录")
	}
	if opt.workers < 1 {
		return usagef("--workers 必须至少为 1")
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

// runPipeline runs a configured pipeline over opt's inputs (split from runBatch so that
// tests can inject inputs that panic or hang).
func runPipeline(ctx context.Context, p *pipeline, opt runOptions, stdout, stderr io.Writer) error {
	inputs, err := batch.ExpandInputs(opt.inputs, opt.out)
	if err != nil {
		return usageError{err}
	}
	if len(inputs) == 0 {
		return usagef("在 %s 中没有找到 .xlsx 文件", strings.Join(opt.inputs, "、"))
	}
	if inputs, err = shardInputs(inputs, opt.shard); err != nil {
		return err
	}
	if p.fontErr != nil {
		fmt.Fprintf(stderr, "警告：%v\n      本次不生成自评报告 PDF，评价表和 JSON 照常输出。\n", p.fontErr)
	}

	var log progressLog
	switch {
	case opt.jsonLines:
		log = &jsonLog{w: stdout}
	case isTerminal(stderr):
		log = &barLog{w: stderr, start: time.Now()}
	default:
		log = &lineLog{w: stderr}
	}
	start := time.Now()
	rep, err := batch.Run(ctx, inputs, batch.Options{
		Out:        opt.out,
		Workers:    opt.workers,
		Timeout:    opt.timeout,
		Read:       p.read,
		Evaluate:   p.evaluate,
		Outputs:    p.outputs(),
		Summary:    func([]batch.Result) ([]byte, error) { return p.summary(opt.out) },
		Batch:      func([]batch.Result) ([]batch.File, error) { return p.batchFiles, nil },
		BatchNames: p.batchNames(),
		Progress:   log.done,
	})
	if err != nil {
		if rep == nil {
			return usageError{err} // nothing was written
		}
		return err
	}
	log.finish()
	printSummary(stderr, rep, opt.out, time.Since(start))
	if rep.Failed > 0 {
		return errSomeFailed
	}
	return nil
}

// printSummary is the end-of-run report: counts, the slowest inputs, every failure.
func printSummary(w io.Writer, rep *batch.Report, out string, elapsed time.Duration) {
	n := len(rep.Results)
	fmt.Fprintf(w, "\n完成：共 %d 个文件，成功 %d 个，失败 %d 个，用时 %s（%.1f 个/秒）。输出目录：%s\n",
		n, n-rep.Failed, rep.Failed, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), out)
	if n > 3 {
		byTime := append([]batch.Result(nil), rep.Results...)
		sort.SliceStable(byTime, func(i, j int) bool { return byTime[i].Elapsed > byTime[j].Elapsed })
		fmt.Fprintln(w, "耗时最长：")
		for _, r := range byTime[:3] {
			fmt.Fprintf(w, "  %s  %s\n", r.Elapsed.Round(time.Millisecond), r.Source)
		}
	}
	if rep.Failed > 0 {
		fmt.Fprintln(w, "失败的文件：")
		for _, r := range rep.Results {
			if !r.OK() {
				fmt.Fprintf(w, "  %s：%s\n", r.Source, indent(r.Err.Error()))
			}
		}
	}
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n      ") }

// progressLog reports each finished input.
type progressLog interface {
	done(r batch.Result, done, total int)
	finish()
}

// lineLog writes one plain line per input (CI, pipes, log files).
type lineLog struct{ w io.Writer }

func (l *lineLog) done(r batch.Result, done, total int) {
	fmt.Fprintf(l.w, "[%d/%d] %s\n", done, total, describe(r))
}
func (l *lineLog) finish() {}

// barLog redraws one progress line on a terminal: count, rate, ETA; failures scroll above it.
type barLog struct {
	w     io.Writer
	start time.Time
}

func (l *barLog) done(r batch.Result, done, total int) {
	if !r.OK() {
		fmt.Fprintf(l.w, "\r\033[K%s\n", describe(r))
	}
	elapsed := time.Since(l.start)
	rate := float64(done) / elapsed.Seconds()
	eta := time.Duration(float64(total-done)/rate) * time.Second
	const width = 30
	filled := width * done / total
	fmt.Fprintf(l.w, "\r\033[K[%s%s] %d/%d  %.1f 个/秒  剩余约 %s",
		strings.Repeat("█", filled), strings.Repeat("░", width-filled), done, total, rate, eta.Round(time.Second))
}
func (l *barLog) finish() { fmt.Fprintln(l.w) }

// jsonLog writes one JSON line per department on stdout (--json).
type jsonLog struct{ w io.Writer }

func (l *jsonLog) done(r batch.Result, _, _ int) {
	line := jsonLine{Status: "ok", Source: r.Source, Outputs: r.Files}
	if line.Outputs == nil {
		line.Outputs = []string{}
	}
	if r.Eval != nil {
		res := r.Eval.Result()
		line.Result = &res
	}
	if r.Err != nil {
		line.Status, line.Error = "failed", r.Err.Error()
	}
	enc := json.NewEncoder(l.w)
	enc.SetEscapeHTML(false) // keep "< 90%" readable
	if err := enc.Encode(line); err != nil {
		enc.Encode(jsonLine{Status: "failed", Source: r.Source, Error: err.Error()})
	}
}

// jsonLine is one --json line: the department's result (SPEC §6) with the batch status.
// Status, source and outputs shadow nothing in calc.Result but source, which agrees.
type jsonLine struct {
	Status  string   `json:"status"` // "ok" or "failed"
	Source  string   `json:"source"`
	Outputs []string `json:"outputs"`
	Error   string   `json:"error,omitempty"`
	*calc.Result
}

func (l *jsonLog) finish() {}

func describe(r batch.Result) string {
	if !r.OK() && r.Eval == nil {
		return fmt.Sprintf("失败  %s：%s", r.Source, indent(r.Err.Error()))
	}
	e := r.Eval
	s := fmt.Sprintf("%s  %s  %s 分  %s", "成功", r.Stem, e.TotalDisplay(), e.Grade)
	if w := e.Warnings(); w > 0 {
		s += fmt.Sprintf("  （%d 条警告）", w)
	}
	if !r.OK() {
		s = fmt.Sprintf("失败  %s：%s", r.Stem, indent(r.Err.Error()))
	}
	return s
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
