package ui

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"selfeval/batch"
	"selfeval/calc"
)

// Lines writes one plain line per input (CI, pipes, log files).
type Lines struct{ w io.Writer }

// NewLines returns a Lines writing to w.
func NewLines(w io.Writer) *Lines { return &Lines{w: w} }

// Done prints "[3/300] 成功  2020-…".
func (l *Lines) Done(r batch.Result, done, total int) {
	fmt.Fprintf(l.w, "[%d/%d] %s\n", done, total, Describe(r))
}

// Finish does nothing: every line is already whole.
func (l *Lines) Finish() {}

// Bar redraws one progress line on a terminal: count, rate, time left; failures scroll
// above it.
type Bar struct {
	w     io.Writer
	start time.Time
}

// NewBar returns a Bar on w, its clock starting now.
func NewBar(w io.Writer) *Bar { return &Bar{w: w, start: time.Now()} }

// Done redraws the bar, printing a failed input above it.
func (b *Bar) Done(r batch.Result, done, total int) {
	if !r.OK() {
		fmt.Fprintf(b.w, "\r\033[K%s\n", Describe(r))
	}
	rate := float64(done) / max(time.Since(b.start).Seconds(), 1e-3)
	eta := time.Duration(float64(total-done)/rate) * time.Second
	const width = 30
	filled := width * done / max(total, 1)
	fmt.Fprintf(b.w, "\r\033[K[%s%s] %d/%d  %.1f 个/秒  剩余约 %s",
		strings.Repeat("█", filled), strings.Repeat("░", width-filled), done, total, rate, eta.Round(time.Second))
}

// Finish ends the bar's line.
func (b *Bar) Finish() { fmt.Fprintln(b.w) }

// JSONLines writes one JSONLine per input (`run --json`).
type JSONLines struct{ w io.Writer }

// NewJSONLines returns a JSONLines writing to w.
func NewJSONLines(w io.Writer) *JSONLines { return &JSONLines{w: w} }

// JSONLine is one `--json` line: the department's result (SPEC §6) with the batch's word
// on it. Its source agrees with calc.Result's.
type JSONLine struct {
	Status  string   `json:"status"` // "ok" or "failed"
	Source  string   `json:"source"`
	Outputs []string `json:"outputs"`
	Reused  bool     `json:"reused,omitempty"` // outputs of an earlier run kept: same input, same settings
	Error   string   `json:"error,omitempty"`
	*calc.Result
}

// NewJSONLine is r as its JSON line.
func NewJSONLine(r batch.Result) JSONLine {
	line := JSONLine{Status: "ok", Source: r.Source, Outputs: r.Files, Reused: r.Reused}
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
	return line
}

// Done writes r's line.
func (j *JSONLines) Done(r batch.Result, _, _ int) {
	enc := json.NewEncoder(j.w)
	enc.SetEscapeHTML(false) // keep "< 90%" readable
	if err := enc.Encode(NewJSONLine(r)); err != nil {
		enc.Encode(JSONLine{Status: "failed", Source: r.Source, Outputs: []string{}, Error: err.Error()})
	}
}

// Finish does nothing: every line is already whole.
func (j *JSONLines) Finish() {}
