// Package batch runs selfeval over many submissions: a pool of workers reads, evaluates
// and renders each department in isolation from the others (a panic or a hang fails that
// input only), and one committer writes the outputs in input order into a locked output
// folder, atomically, followed by the manifest and the summary workbook.
package batch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"selfeval/calc"
)

// ErrOutLocked means another selfeval run holds the output folder.
var ErrOutLocked = errors.New("输出目录正被另一个 selfeval 进程使用，请等待其结束或换一个 --out 目录")

// DefaultTimeout bounds the work on one input when Options.Timeout is zero, and is the
// default of `selfeval run --timeout`: generous, since a healthy department takes well
// under a second.
const DefaultTimeout = 2 * time.Minute

// File names of the per-batch outputs.
const (
	ManifestName = "manifest.json"
	SummaryName  = "汇总.xlsx"
)

// ErrInterrupted means the batch was cancelled (Ctrl-C, SIGTERM, a closed web session)
// before every input was done: the finished inputs' outputs are written, the manifest and
// the summary are not (an earlier complete pair stays as it was), and running the same
// batch again finishes the job, reusing what was finished.
var ErrInterrupted = errors.New("已中断")

// Output is one per-department file: its name is the department's stem plus Suffix.
type Output struct {
	Suffix string // "-评价表.xlsx", "-自评报告.pdf", ".json"
	// Render makes the file. It must be safe for concurrent use; the outputs of one
	// evaluation are rendered one after another, in order, sharing s.
	Render func(e *calc.Evaluation, s *Shared) ([]byte, error)
}

// Shared is what the outputs of one evaluation compute once and several use: the report's
// layout, which the PDF and the Word file both render. Each evaluation gets its own,
// dropped after its last output, so nothing outlives it, even when a cancelled batch
// skips outputs.
type Shared struct {
	values map[any]sharedValue
}

type sharedValue struct {
	v   any
	err error
}

// SharedValue returns f's result for key, calling f only for the first output of the
// evaluation that asks; later ones get the same value, or the same error.
func SharedValue[T any](s *Shared, key any, f func() (T, error)) (T, error) {
	if sv, ok := s.values[key]; ok {
		v, _ := sv.v.(T)
		return v, sv.err
	}
	v, err := f()
	if s.values == nil {
		s.values = map[any]sharedValue{}
	}
	s.values[key] = sharedValue{v, err}
	return v, err
}

// Options configure a batch. Read and Evaluate are required.
type Options struct {
	// Out is the output folder, created if missing. Empty writes nothing at all (no folder,
	// no lock, no manifest): `selfeval check` runs this way.
	Out     string
	Workers int           // concurrent departments; 0 means runtime.NumCPU()
	Timeout time.Duration // per input; 0 means DefaultTimeout
	// Read reads one input. ctx is cancelled when the batch is interrupted or the input's
	// time is up; Read should then stop soon (the batch does not wait for it).
	Read     func(ctx context.Context, path string) (*calc.Department, error)
	Evaluate func(d *calc.Department) *calc.Evaluation
	Outputs  []Output
	// Summary renders 汇总.xlsx from every result in input order; nil writes none.
	Summary func(results []Result) ([]byte, error)
	// Batch renders the other batch files (汇总报告, 合订本) after Summary; the manifest,
	// written after them, lists BatchNames as selfeval's. Nil writes none.
	Batch      func(results []Result) ([]File, error)
	BatchNames []string
	// Progress is called once per input, in input order, after its outputs are written,
	// with the whole evaluation (the Report keeps a trimmed one).
	Progress func(r Result, done, total int)
	// Fingerprint names everything besides an input's bytes that decides its outputs: the
	// program's version, the rubric, templates, fonts and flags. An input whose outputs in
	// Out are complete and were made from the same bytes with the same Fingerprint and
	// Outputs is not rendered again. Empty never reuses.
	Fingerprint string
}

// Result is what became of one input.
type Result struct {
	Source  string
	Stem    string           // empty when the input failed before it had a department name
	Files   []string         // output file names written, relative to Out
	Eval    *calc.Evaluation // nil when the input failed; in Report.Results trimmed to what the manifest needs
	Err     error            // nil when every output was written
	Reused  bool             // the outputs of an earlier run were kept: same input, same settings
	Elapsed time.Duration    // wall time spent on the input (not written into any output)

	inputHash    string            // hex SHA-256 of the input's bytes
	outputHashes map[string]string // hex SHA-256 of each file in Files
}

// OK reports whether the input was evaluated and all its outputs written.
func (r Result) OK() bool { return r.Err == nil }

// Report is a finished, or interrupted, batch.
type Report struct {
	Results     []Result // every input in order; when Interrupted, only those finished
	Total       int      // inputs in the batch
	Failed      int      // of Results
	Reused      int      // of Results: outputs of an earlier run kept
	Interrupted bool     // the batch was cancelled before every input was done
	// Notices are batch-level warnings in Chinese: the same department submitted twice
	// (重复报送), a batch mixing years.
	Notices []string
}

// rendered is a worker's product: the evaluation and every output's bytes, or the error.
type rendered struct {
	eval      *calc.Evaluation
	files     [][]byte // by Options.Outputs index; nil where that output failed or is reused
	errs      []error  // by Options.Outputs index
	err       error    // reading or evaluating failed, or the input panicked or timed out
	cancelled bool     // the batch was interrupted before this input was done
	inputHash string
	reuse     *manifestEntry // an earlier run's outputs, checked complete; files not rendered
	elapsed   time.Duration
}

// Run processes every input. It returns an error only when the batch as a whole cannot
// run (the output folder is locked or cannot be written) or was interrupted
// (ErrInterrupted, with the Report of what was finished); a failing input is reported in
// its Result and the others go on.
func Run(ctx context.Context, inputs []string, opt Options) (*Report, error) {
	if opt.Workers <= 0 {
		opt.Workers = runtime.NumCPU()
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	var out *outDir
	var jr *journal
	prior := map[string]manifestEntry{}
	if opt.Out != "" {
		var err error
		if out, err = openOutDir(opt.Out); err != nil {
			return nil, err
		}
		defer out.close()
		if opt.Fingerprint != "" {
			prior = priorEntries(out)
		}
		if jr, err = openJournal(out); err != nil {
			return nil, err
		}
		defer jr.close()
	}
	w := &worker{opt: opt, out: out, prior: prior}

	// Workers fill slots; the committer drains them in input order. The semaphore bounds
	// how many rendered departments wait in memory, so memory stays flat on any batch size.
	slots := make([]chan rendered, len(inputs))
	for i := range slots {
		slots[i] = make(chan rendered, 1)
	}
	inFlight := make(chan struct{}, 2*opt.Workers)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				slots[i] <- w.processIsolated(ctx, inputs[i])
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
					slots[j] <- rendered{cancelled: true}
				}
				return
			}
			jobs <- i
		}
	}()

	rep := &Report{Results: make([]Result, 0, len(inputs)), Total: len(inputs)}
	c := &committer{out: out, outputs: opt.Outputs, stems: stemSet{}, first: map[string]string{}, years: map[int]int{}}
	for _, name := range []string{ManifestName, SummaryName} {
		c.stems[name] = true // never let a department's stem shadow a batch file
	}
	// Departments are named in input order and their files written while the next are
	// named, since writing waits for the disk (outDir.writeFiles). Written one department
	// after another, the waits kept the workers waiting for the committer, a fifth of the
	// CPU idle on two cores. Results are recorded in input order once a department's
	// files are all written. In memory, besides the 2 × workers rendered departments of
	// inFlight, are at most writeAhead + 1 departments' files being written.
	writeAhead := 2 * opt.Workers
	var journalErr error
	var writing []*commitment
	defer func() {
		// Even when Progress panics: the folder is closed (unlocked) only after the
		// writes into it have ended.
		for _, cm := range writing {
			cm.wait()
		}
	}()
	record := func(cm *commitment) {
		res := cm.wait()
		if !res.OK() {
			rep.Failed++
		}
		if res.Reused {
			rep.Reused++
		}
		if jr != nil && journalErr == nil {
			journalErr = jr.add(entryOf(res, opt.Fingerprint))
		}
		if opt.Progress != nil {
			opt.Progress(res, len(rep.Results)+1, len(inputs))
		}
		if res.Eval != nil {
			res.Eval = trim(res.Eval)
		}
		rep.Results = append(rep.Results, res)
	}
	for i, src := range inputs {
		r := <-slots[i]
		select {
		case <-inFlight:
		default:
		}
		if r.cancelled {
			rep.Interrupted = true
			break
		}
		writing = append(writing, c.commit(src, r))
		for len(writing) > writeAhead || len(writing) > 0 && writing[0].finished() {
			record(writing[0])
			writing = writing[1:]
		}
	}
	for _, cm := range writing {
		record(cm) // an interrupted batch too: these departments' files are being written
	}
	rep.Notices = c.notices()
	if rep.Interrupted || ctx.Err() != nil && len(rep.Results) < len(inputs) {
		// Workers still running notice the cancelled context at their next step; their
		// results are never committed. Nothing of this batch's manifest or summary is written.
		rep.Interrupted = true
		return rep, ErrInterrupted
	}
	wg.Wait()
	if out == nil {
		return rep, nil
	}
	if journalErr != nil {
		return rep, journalErr
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
		// 汇总报告 and 合订本 are for handing on: one that cannot be made is a notice, and the
		// departments' outputs, 汇总 and the manifest stand.
		files, err := opt.Batch(rep.Results)
		if err != nil {
			rep.Notices = append(rep.Notices, err.Error())
		}
		for _, f := range files {
			if err := out.writeBatchFile(f); err != nil {
				rep.Notices = append(rep.Notices, fmt.Sprintf("未能生成 %s：%v", f.Name, err))
			}
		}
	}
	if err := writeManifest(out, rep, opt.Fingerprint, opt.Summary != nil, opt.BatchNames); err != nil {
		return rep, err
	}
	// The manifest now records everything the journal did.
	if err := jr.close(); err != nil {
		return rep, err
	}
	if err := out.remove(journalName); err != nil {
		return rep, err
	}
	return rep, out.close()
}

// committer names rendered departments in input order and writes their files.
type committer struct {
	out     *outDir // nil: write nothing
	outputs []Output
	stems   stemSet
	first   map[string]string // lower-case base stem → source of its first department
	dups    []string          // 重复报送 notices
	years   map[int]int       // departments per 年度
}

// commitment is a department being committed: named, its files being written.
type commitment struct {
	res  Result
	done chan struct{} // closed when res is final
}

func (cm *commitment) wait() Result {
	<-cm.done
	return cm.res
}

func (cm *commitment) finished() bool {
	select {
	case <-cm.done:
		return true
	default:
		return false
	}
}

// committed is a commitment with nothing (more) to write.
func committed(res Result) *commitment {
	cm := &commitment{res: res, done: make(chan struct{})}
	close(cm.done)
	return cm
}

// commit names a rendered department, in input order, and writes its files on other
// goroutines.
func (c *committer) commit(src string, r rendered) *commitment {
	res := Result{Source: src, Err: r.err, Elapsed: r.elapsed, inputHash: r.inputHash}
	if r.eval == nil {
		if res.Err == nil {
			res.Err = errors.New("没有评价结果")
		}
		return committed(res)
	}
	info := r.eval.Department.Info
	base := Stem(info.Year, info.Name)
	res.Stem = c.stems.unique(base)
	res.Eval = r.eval
	c.years[info.Year]++
	if prev, dup := c.first[strings.ToLower(base)]; dup {
		c.dups = append(c.dups, fmt.Sprintf("重复报送：%s 与 %s 都是 %d年度“%s”的填报，后者的输出命名为 %s，请核对是否重复提交",
			prev, src, info.Year, info.Name, res.Stem))
	} else {
		c.first[strings.ToLower(base)] = src
	}
	if r.reuse != nil && r.reuse.Stem == res.Stem {
		res.Reused = true
		res.Files = r.reuse.Outputs
		res.outputHashes = r.reuse.OutputSHA256
		return committed(res)
	}
	files, errs := r.files, r.errs
	if r.reuse != nil || files == nil {
		// Reusable outputs under another stem (the batch's other inputs changed): render
		// now, here, so that no more renders run at once than there are workers and one.
		files, errs = render(r.eval, c.outputs)
	}
	cm := &commitment{res: res, done: make(chan struct{})}
	go func() {
		defer close(cm.done)
		c.write(&cm.res, files, errs)
	}()
	return cm
}

// write writes a named department's files and records them in res. errs are the
// outputs' rendering errors; a file that cannot be written adds its own.
func (c *committer) write(res *Result, files [][]byte, errs []error) {
	var rendered []int // outputs with a file to write
	var names []string
	var data [][]byte
	for k, o := range c.outputs {
		if errs[k] == nil {
			rendered = append(rendered, k)
			names = append(names, res.Stem+o.Suffix)
			data = append(data, files[k])
		}
	}
	written := make([]error, len(names))
	if c.out != nil {
		written = c.out.writeFiles(names, data)
	}
	for i, k := range rendered {
		if errs[k] = written[i]; errs[k] != nil {
			continue
		}
		res.Files = append(res.Files, names[i])
		if res.outputHashes == nil {
			res.outputHashes = map[string]string{}
		}
		sum := sha256.Sum256(data[i])
		res.outputHashes[names[i]] = hex.EncodeToString(sum[:])
	}
	res.Err = errors.Join(errs...)
}

// notices are the batch-level warnings: duplicates, then mixed years.
func (c *committer) notices() []string {
	out := append([]string(nil), c.dups...)
	if len(c.years) > 1 {
		years := make([]int, 0, len(c.years))
		for y := range c.years {
			years = append(years, y)
		}
		sort.Ints(years)
		parts := make([]string, len(years))
		for i, y := range years {
			name := fmt.Sprintf("%d年度", y)
			if y == 0 {
				name = "未填年度"
			}
			parts[i] = fmt.Sprintf("%s %d 个", name, c.years[y])
		}
		out = append(out, "本批次混有多个年度的填报（"+strings.Join(parts, "、")+"），汇总和排名把它们放在一起比较，请核对是否放错了文件")
	}
	return out
}

// trim keeps what the manifest needs of an evaluation once it is committed — the
// department's name and year, the total, the grade and the warning levels — so that a
// batch of thousands holds a few hundred bytes per department until the end. (The summary
// reads the result JSONs the batch wrote; Progress gets the whole evaluation.) A batch of
// 5,000 that kept each department's report figures, findings and scores to the end spent
// a quarter of its CPU in the collector scanning them.
func trim(e *calc.Evaluation) *calc.Evaluation {
	t := calc.Evaluation{Rubric: e.Rubric, Total: e.Total, Grade: e.Grade}
	info := e.Department.Info
	info.Cells = nil
	t.Department = &calc.Department{Source: e.Department.Source, Info: info}
	for _, c := range e.Checks {
		if c.Level != calc.SeverityNote { // Warnings() counts these
			t.Checks = append(t.Checks, calc.Check{Level: c.Level})
		}
	}
	return &t
}

// worker is what every worker shares: the options, the output folder and what earlier
// runs left there.
type worker struct {
	opt   Options
	out   *outDir
	prior map[string]manifestEntry
}

// processIsolated runs process on its own goroutine so that a panic becomes that input's
// error and a hang is abandoned after the timeout (its context cancelled): the batch moves
// on either way. When ctx is cancelled it returns at once.
func (w *worker) processIsolated(ctx context.Context, path string) rendered {
	if ctx.Err() != nil {
		return rendered{cancelled: true}
	}
	start := time.Now()
	ictx, cancel := context.WithTimeout(ctx, w.opt.Timeout)
	defer cancel()
	done := make(chan rendered, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				// The stack goes to the log for developers; the user reads the one line.
				log.Printf("panic on %s: %v\n%s", path, p, debug.Stack())
				done <- rendered{err: fmt.Errorf("内部错误（已隔离，其他文件不受影响）：%v", p)}
			}
		}()
		done <- w.process(ictx, path)
	}()
	var r rendered
	select {
	case r = <-done:
	case <-ictx.Done():
		if ctx.Err() != nil {
			return rendered{cancelled: true}
		}
		r = rendered{err: fmt.Errorf("处理超时（超过 %s），已跳过", w.opt.Timeout)}
	}
	if ctx.Err() != nil && r.err != nil {
		return rendered{cancelled: true} // the error may well be the cancellation's
	}
	if errors.Is(r.err, context.DeadlineExceeded) {
		r = rendered{err: fmt.Errorf("处理超时（超过 %s），已跳过", w.opt.Timeout)}
	}
	r.elapsed = time.Since(start)
	return r
}

// process reads, evaluates and renders one input, or finds its outputs of an earlier run
// complete and keeps them. It stops between steps when ctx is done.
func (w *worker) process(ctx context.Context, path string) rendered {
	if err := unsupported(path); err != nil {
		return rendered{err: err}
	}
	hash := ""
	if w.out != nil && w.opt.Fingerprint != "" {
		// A file that cannot be read gets no hash (and no reuse); Read says what is wrong.
		hash, _ = HashFile(path)
	}
	d, err := w.opt.Read(ctx, path)
	if err != nil {
		return rendered{err: err, inputHash: hash}
	}
	if ctx.Err() != nil {
		return rendered{err: ctx.Err()}
	}
	if d.Source == "" {
		d.Source = path
	}
	e := w.opt.Evaluate(d)
	r := rendered{eval: e, inputHash: hash}
	if prev, ok := w.reusable(path, hash, e); ok {
		r.reuse = &prev
		return r
	}
	r.files, r.errs = renderCtx(ctx, e, w.opt.Outputs)
	if ctx.Err() != nil {
		return rendered{err: ctx.Err()}
	}
	return r
}

// reusable finds the earlier run's entry for path when its outputs can stand: same input
// bytes, same fingerprint, the same output names for this department, every file still
// there with the bytes recorded. The committer still checks the stem it hands out.
func (w *worker) reusable(path, hash string, e *calc.Evaluation) (manifestEntry, bool) {
	prev, ok := w.prior[path]
	if !ok || hash == "" || w.out == nil || w.opt.Fingerprint == "" || prev.InputSHA256 != hash || prev.Fingerprint != w.opt.Fingerprint {
		return prev, false
	}
	base := Stem(e.Department.Info.Year, e.Department.Info.Name)
	if !strings.EqualFold(prev.Stem, base) && !strings.HasPrefix(strings.ToLower(prev.Stem), strings.ToLower(base)+"-") {
		return prev, false
	}
	if len(prev.Outputs) != len(w.opt.Outputs) || len(prev.OutputSHA256) != len(prev.Outputs) {
		return prev, false
	}
	for k, o := range w.opt.Outputs {
		name := prev.Stem + o.Suffix
		if prev.Outputs[k] != name {
			return prev, false
		}
		if sum, err := w.out.sha256(name); err != nil || sum != prev.OutputSHA256[name] {
			return prev, false
		}
	}
	return prev, true
}

// render renders every output of e.
func render(e *calc.Evaluation, outputs []Output) ([][]byte, []error) {
	return renderCtx(context.Background(), e, outputs)
}

// renderCtx renders every output of e, stopping before the next when ctx is done.
func renderCtx(ctx context.Context, e *calc.Evaluation, outputs []Output) ([][]byte, []error) {
	files, errs := make([][]byte, len(outputs)), make([]error, len(outputs))
	var shared Shared
	for k, o := range outputs {
		if err := ctx.Err(); err != nil {
			errs[k] = err
			continue
		}
		files[k], errs[k] = o.Render(e, &shared)
	}
	return files, errs
}
