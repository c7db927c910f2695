// Package batch runs selfeval over many submissions: a pool of workers reads, evaluates
// and renders each department in isolation from the others (a panic or a hang fails that
// input only), and one committer writes the outputs in input order into a locked output
// folder, atomically, followed by the manifest and the summary workbook.
package batch

import (
	"context"
	"errors"
	"fmt"
	"log"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"selfeval/calc"
)

// ErrOutLocked means another selfeval run holds the output folder.
var ErrOutLocked = errors.New("输出目录正被另一个 selfeval 进程使用，请等待其结束或换一个 --out 目录")

// DefaultTimeout bounds the work on one input.
const DefaultTimeout = 2 * time.Minute

// File names of the per-batch outputs.
const (
	ManifestName = "manifest.json"
	SummaryName  = "汇总.xlsx"
)

// Output is one per-department file: its name is the department's stem plus Suffix.
type Output struct {
	Suffix string                                   // "-评价表.xlsx", "-自评报告.pdf", ".json"
	Render func(e *calc.Evaluation) ([]byte, error) // must be safe for concurrent use
}

// Options configure a batch. Read, Evaluate and Outputs are required.
type Options struct {
	Out      string        // output folder, created if missing
	Workers  int           // concurrent departments; 0 means runtime.NumCPU()
	Timeout  time.Duration // per input; 0 means DefaultTimeout
	Read     func(path string) (*calc.Department, error)
	Evaluate func(d *calc.Department) *calc.Evaluation
	Outputs  []Output
	// Summary renders 汇总.xlsx from every result in input order; nil writes none.
	Summary func(results []Result) ([]byte, error)
	// Batch renders the other batch files (汇总报告, 合订本) after Summary; the manifest,
	// written before, lists BatchNames as selfeval's. Nil writes none.
	Batch      func(results []Result) ([]File, error)
	BatchNames []string
	// Progress is called once per input, in input order, after its outputs are written.
	Progress func(r Result, done, total int)
}

// Result is what became of one input.
type Result struct {
	Source  string
	Stem    string           // empty when the input failed before it had a department name
	Files   []string         // output file names written, relative to Out
	Eval    *calc.Evaluation // nil when the input failed; in Report.Results trimmed to what the summary needs
	Err     error            // nil when every output was written
	Elapsed time.Duration    // wall time spent on the input (not written into any output)
}

// OK reports whether the input was evaluated and all its outputs written.
func (r Result) OK() bool { return r.Err == nil }

// Report is a finished batch.
type Report struct {
	Results []Result
	Failed  int
}

// rendered is a worker's product: the evaluation and every output's bytes, or the error.
type rendered struct {
	eval    *calc.Evaluation
	files   [][]byte // by Options.Outputs index; nil where that output failed
	errs    []error  // by Options.Outputs index
	err     error    // reading or evaluating failed, or the input panicked or timed out
	elapsed time.Duration
}

// Run processes every input. It returns an error only when the batch as a whole cannot
// run (the output folder is locked or cannot be written); a failing input is reported in
// its Result and the others go on.
func Run(ctx context.Context, inputs []string, opt Options) (*Report, error) {
	if opt.Workers <= 0 {
		opt.Workers = runtime.NumCPU()
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	out, err := openOutDir(opt.Out)
	if err != nil {
		return nil, err
	}
	defer out.close()

	// Workers fill slots; the committer drains them in input order. The semaphore bounds
	// how many rendered departments wait in memory, so memory stays flat on any batch size.
	slots := make([]chan rendered, len(inputs))
	for i := range slots {
		slots[i] = make(chan rendered, 1)
	}
	inFlight := make(chan struct{}, 2*opt.Workers)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < opt.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				slots[i] <- processIsolated(ctx, inputs[i], opt)
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range inputs {
			select {
			case inFlight <- struct{}{}:
			case <-ctx.Done():
				for j := i; j < len(inputs); j++ {
					slots[j] <- rendered{err: fmt.Errorf("已取消")}
				}
				return
			}
			jobs <- i
		}
	}()

	rep := &Report{Results: make([]Result, len(inputs))}
	stems := stemSet{}
	for _, name := range []string{ManifestName, SummaryName} {
		stems[name] = true // never let a department's stem shadow a batch file
	}
	for i, src := range inputs {
		r := <-slots[i]
		select {
		case <-inFlight:
		default:
		}
		res := commit(out, stems, src, r, opt.Outputs)
		if !res.OK() {
			rep.Failed++
		}
		if opt.Progress != nil {
			opt.Progress(res, i+1, len(inputs)) // the whole evaluation, e.g. for --json lines
		}
		if res.Eval != nil {
			res.Eval = trim(res.Eval)
		}
		rep.Results[i] = res
	}
	wg.Wait()

	if err := writeManifest(out, rep, opt.Summary != nil, opt.BatchNames); err != nil {
		return rep, err
	}
	if opt.Summary != nil {
		data, err := opt.Summary(rep.Results)
		if err != nil {
			return rep, fmt.Errorf("生成%s：%w", SummaryName, err)
		}
		if err := out.writeFile(SummaryName, data); err != nil {
			return rep, err
		}
	}
	if opt.Batch != nil {
		files, err := opt.Batch(rep.Results)
		if err != nil {
			return rep, err
		}
		for _, f := range files {
			if err := out.writeBatchFile(f); err != nil {
				return rep, err
			}
		}
	}
	return rep, out.close()
}

// commit names a rendered department and writes its files.
func commit(out *outDir, stems stemSet, src string, r rendered, outputs []Output) Result {
	res := Result{Source: src, Err: r.err, Elapsed: r.elapsed}
	if r.eval == nil {
		if res.Err == nil {
			res.Err = errors.New("没有评价结果")
		}
		return res
	}
	info := r.eval.Department.Info
	res.Stem = stems.unique(Stem(info.Year, info.Name))
	res.Eval = r.eval
	var errs []error
	for k, o := range outputs {
		if r.errs[k] != nil {
			errs = append(errs, r.errs[k])
			continue
		}
		name := res.Stem + o.Suffix
		if err := out.writeFile(name, r.files[k]); err != nil {
			errs = append(errs, err)
			continue
		}
		res.Files = append(res.Files, name)
	}
	res.Err = errors.Join(errs...)
	return res
}

// trim keeps what the summary and the manifest need of an evaluation — names, scores,
// the execution ratio, warning levels — so that a batch of thousands holds a few KB per
// department until the end, not every department's tables, narrative, inputs and messages.
func trim(e *calc.Evaluation) *calc.Evaluation {
	t := *e
	info := e.Department.Info
	info.Cells = nil
	t.Department = &calc.Department{Source: e.Department.Source, Info: info}
	t.Scores = make([]calc.IndicatorScore, len(e.Scores))
	for i, s := range e.Scores {
		t.Scores[i] = calc.IndicatorScore{Indicator: s.Indicator, Level1: s.Level1, Level2: s.Level2, Score: s.Score}
	}
	t.Ratios = nil
	if r, ok := e.Ratio(calc.RatioExecution); ok {
		r.Numerator, r.Denominator = calc.Input{Value: r.Numerator.Value}, calc.Input{Value: r.Denominator.Value}
		t.Ratios = []calc.Ratio{r}
	}
	t.Checks = nil
	for _, c := range e.Checks {
		if c.Level != calc.SeverityNote { // Warnings() counts these
			t.Checks = append(t.Checks, calc.Check{Level: c.Level})
		}
	}
	return &t
}

// processIsolated runs process on its own goroutine so that a panic becomes that input's
// error and a hang is abandoned after the timeout: the batch moves on either way.
func processIsolated(ctx context.Context, path string, opt Options) rendered {
	start := time.Now()
	done := make(chan rendered, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				// The stack goes to the log for developers; the user reads the one line.
				log.Printf("panic on %s: %v\n%s", path, p, debug.Stack())
				done <- rendered{err: fmt.Errorf("内部错误（已隔离，其他文件不受影响）：%v", p)}
			}
		}()
		done <- process(path, opt)
	}()
	timer := time.NewTimer(opt.Timeout)
	defer timer.Stop()
	var r rendered
	select {
	case r = <-done:
	case <-timer.C:
		r = rendered{err: fmt.Errorf("处理超时（超过 %s），已跳过", opt.Timeout)}
	case <-ctx.Done():
		r = rendered{err: fmt.Errorf("已取消")}
	}
	r.elapsed = time.Since(start)
	return r
}

// process reads, evaluates and renders one input.
func process(path string, opt Options) rendered {
	d, err := opt.Read(path)
	if err != nil {
		return rendered{err: err}
	}
	if d.Source == "" {
		d.Source = path
	}
	e := opt.Evaluate(d)
	r := rendered{eval: e, files: make([][]byte, len(opt.Outputs)), errs: make([]error, len(opt.Outputs))}
	for k, o := range opt.Outputs {
		r.files[k], r.errs[k] = o.Render(e)
	}
	return r
}
