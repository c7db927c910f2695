package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"selfeval/batch"
	"selfeval/calc"
	"selfeval/reader"
	"selfeval/templates"
	"selfeval/writer/docx"
	"selfeval/writer/fonts"
	"selfeval/writer/pdf"
	"selfeval/writer/report"
	"selfeval/writer/xlsx"
)

// pipelineOptions choose the rubric, wording, fonts and outputs of a run.
type pipelineOptions struct {
	rubric    string   // --rubric file; empty for the embedded default
	templates string   // --templates dir
	fonts     []string // --font files or dirs
	pdf, xlsx bool     // which per-department outputs to render (JSON always)
	docx      bool
}

// pipeline is the per-department work of a run, configured once and shared by the workers.
type pipeline struct {
	rubric     *calc.Rubric
	rubricYAML []byte          // the rubric's source, for the fingerprint
	fonts      *fonts.Set      // nil when no PDF is wanted or no CJK font was found
	fontErr    error           // why fonts is nil although PDFs were wanted
	prior      []calc.Digest   // last year's departments (--prior); nil for none
	priorBy    calc.PriorIndex // prior by name
	// batchFiles are the batch files besides 汇总.xlsx, rendered with it (summary.go).
	batchFiles []batch.File
	opt        pipelineOptions

	readFile func(path string, opt reader.Options) (*calc.Department, error) // reader.ReadFile; tests inject faults here
}

func newPipeline(opt pipelineOptions) (*pipeline, error) {
	r, raw, err := loadRubric(opt.rubric)
	if err != nil {
		return nil, err
	}
	p := &pipeline{rubric: r, rubricYAML: raw, opt: opt, readFile: reader.ReadFile}
	if (opt.pdf || opt.docx) && opt.templates != "" {
		// A broken report.tmpl or summary.tmpl is a configuration error: say so once, before
		// any work (each is parsed once per process, so this is the parse the run uses).
		if _, err := templates.LoadReport(opt.templates); err != nil {
			return nil, usagef("--templates %s：%v", opt.templates, err)
		}
		if _, err := templates.LoadSummary(opt.templates); err != nil {
			return nil, usagef("--templates %s：%v", opt.templates, err)
		}
	}
	if opt.pdf {
		p.fonts, p.fontErr = fonts.Find(fonts.Options{Paths: opt.fonts, TemplatesDir: opt.templates})
	}
	return p, nil
}

// loadRubric returns the rubric in force and its YAML: the --rubric file or the default.
// A rubric that does not parse or validate is a usage error.
func loadRubric(file string) (*calc.Rubric, []byte, error) {
	if file == "" {
		r, err := templates.DefaultRubric()
		return r, templates.RubricYAML(), err
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, nil, usagef("无法读取评分表 %s：%v", file, err)
	}
	r, err := calc.ParseRubric(data)
	if err != nil {
		return nil, nil, usagef("评分表 %s 无效：\n%v", file, err)
	}
	return r, data, nil
}

// read reads one submission. ctx is cancelled when the batch is interrupted or the
// input's time is up; the reader then stops in the middle of its work, and batch at its
// next step (read → evaluate → each output).
func (p *pipeline) read(ctx context.Context, path string) (*calc.Department, error) {
	return p.readFile(path, reader.Options{Context: ctx})
}

func (p *pipeline) evaluate(d *calc.Department) *calc.Evaluation {
	e := calc.Evaluate(d, p.rubric)
	p.comparePrior(e)
	return e
}

// outputs are the per-department files of a run: JSON always, then xlsx, PDF and docx as
// asked.
func (p *pipeline) outputs() []batch.Output {
	outs := []batch.Output{{Suffix: ".json", Render: renderJSON}}
	if p.opt.xlsx {
		outs = append(outs, batch.Output{Suffix: "-评价表.xlsx", Render: func(e *calc.Evaluation, _ *batch.Shared) ([]byte, error) {
			var buf bytes.Buffer
			err := xlsx.WriteEvaluation(&buf, e, xlsx.Options{Date: batch.DocumentDate(e.Department.Info.Year)})
			return buf.Bytes(), err
		}})
	}
	if p.opt.pdf {
		outs = append(outs, batch.Output{Suffix: reportPDFSuffix, Render: func(e *calc.Evaluation, s *batch.Shared) ([]byte, error) {
			if p.fonts == nil {
				return nil, p.fontErr
			}
			doc, err := p.layout(e, s)
			if err != nil {
				return nil, err
			}
			var buf bytes.Buffer
			err = pdf.Render(&buf, doc, p.fonts, pdf.Options{Date: batch.DocumentDate(e.Department.Info.Year)})
			return buf.Bytes(), err
		}})
	}
	if p.opt.docx {
		outs = append(outs, batch.Output{Suffix: "-自评报告.docx", Render: func(e *calc.Evaluation, s *batch.Shared) ([]byte, error) {
			doc, err := p.layout(e, s)
			if err != nil {
				return nil, err
			}
			var buf bytes.Buffer
			err = docx.Render(&buf, doc, docx.Options{Date: batch.DocumentDate(e.Department.Info.Year)})
			return buf.Bytes(), err
		}})
	}
	return outs
}

// layoutKey is the report layout's key in batch.Shared.
type layoutKey struct{}

// layout is the report of e laid out once for both of its renderings, the PDF and the
// Word file (SPEC §6: the two never disagree).
func (p *pipeline) layout(e *calc.Evaluation, s *batch.Shared) (*report.Document, error) {
	return batch.SharedValue(s, layoutKey{}, func() (*report.Document, error) {
		return report.Layout(e, report.Options{TemplatesDir: p.opt.templates})
	})
}

func renderJSON(e *calc.Evaluation, _ *batch.Shared) ([]byte, error) {
	data, err := e.Result().JSON(true) // ends in its own newline
	if err != nil {
		return nil, fmt.Errorf("生成 JSON：%w", err)
	}
	return data, nil
}

// batchOptions are the batch.Options of this pipeline writing into out. run and serve both
// use them, so the page's batch is run's batch, output for output.
func (p *pipeline) batchOptions(out string, workers int, timeout time.Duration, progress func(batch.Result, int, int)) (batch.Options, error) {
	fingerprint, err := p.fingerprint()
	if err != nil {
		return batch.Options{}, err
	}
	return batch.Options{
		Out:         out,
		Workers:     workers,
		Timeout:     timeout,
		Read:        p.read,
		Evaluate:    p.evaluate,
		Outputs:     p.outputs(),
		Summary:     func(rs []batch.Result) ([]byte, error) { return p.summary(out, rs) },
		Batch:       func([]batch.Result) ([]batch.File, error) { return p.batchFiles, nil },
		BatchNames:  p.batchNames(),
		Progress:    progress,
		Fingerprint: fingerprint,
	}, nil
}

// fingerprint names everything besides an input's bytes that decides a run's outputs
// (batch.Options.Fingerprint): this program (the executable's bytes), the rubric, every
// file of --templates, the fonts found (path, face, size, time), the outputs asked for and
// SOURCE_DATE_EPOCH. A re-run with the same fingerprint reuses outputs of unchanged inputs.
func (p *pipeline) fingerprint() (string, error) {
	h := sha256.New()
	field := func(name string, value []byte) {
		fmt.Fprintf(h, "%s %d\n", name, len(value))
		h.Write(value)
	}
	field("version", []byte(version))
	if exe, err := os.Executable(); err == nil {
		if sum, err := batch.HashFile(exe); err == nil {
			field("executable", []byte(sum))
		}
	}
	field("rubric", p.rubricYAML)
	field("outputs", []byte(fmt.Sprintf("pdf=%v xlsx=%v docx=%v", p.opt.pdf, p.opt.xlsx, p.opt.docx)))
	field("source_date_epoch", []byte(os.Getenv("SOURCE_DATE_EPOCH")))
	field("prior", p.priorFingerprint())
	if dir := p.opt.templates; dir != "" {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, path)
			field("template "+filepath.ToSlash(rel), data)
			return nil
		})
		if err != nil {
			return "", usagef("读取 --templates %s：%v", dir, err)
		}
	}
	if p.fonts != nil {
		for _, f := range p.fonts.Faces() {
			stamp := ""
			if info, err := os.Stat(f.Path); err == nil {
				stamp = fmt.Sprintf("%d %d", info.Size(), info.ModTime().UnixNano())
			}
			field("font", []byte(fmt.Sprintf("%s#%d %s %s", f.Path, f.Index, f.Name, stamp)))
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
