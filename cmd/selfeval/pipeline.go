package main

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
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
	rubric  *calc.Rubric
	fonts   *fonts.Set      // nil when no PDF is wanted or no CJK font was found
	fontErr error           // why fonts is nil although PDFs were wanted
	prior   []calc.Digest   // last year's departments (--prior); nil for none
	priorBy calc.PriorIndex // prior by name
	// batchFiles are the batch files besides 汇总.xlsx, rendered with it (summary.go).
	batchFiles []batch.File
	opt        pipelineOptions

	readFile func(path string, opt reader.Options) (*calc.Department, error) // reader.ReadFile; tests inject faults here
}

func newPipeline(opt pipelineOptions) (*pipeline, error) {
	r, _, err := loadRubric(opt.rubric)
	if err != nil {
		return nil, err
	}
	p := &pipeline{rubric: r, opt: opt, readFile: reader.ReadFile}
	if (opt.pdf || opt.docx) && opt.templates != "" {
		// A broken report.tmpl is a configuration error: say so once, before any work.
		if _, err := templates.LoadReport(opt.templates); err != nil {
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

func (p *pipeline) read(path string) (*calc.Department, error) {
	return p.readFile(path, reader.Options{})
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
		outs = append(outs, batch.Output{Suffix: "-评价表.xlsx", Render: func(e *calc.Evaluation) ([]byte, error) {
			var buf bytes.Buffer
			err := xlsx.WriteEvaluation(&buf, e, xlsx.Options{Date: documentDate(e.Department.Info.Year)})
			return buf.Bytes(), err
		}})
	}
	if p.opt.pdf {
		outs = append(outs, batch.Output{Suffix: "-自评报告.pdf", Render: func(e *calc.Evaluation) ([]byte, error) {
			if p.fonts == nil {
				return nil, p.fontErr
			}
			var buf bytes.Buffer
			err := pdf.Write(&buf, e, p.fonts, pdf.Options{Date: documentDate(e.Department.Info.Year), Layout: report.Options{TemplatesDir: p.opt.templates}})
			return buf.Bytes(), err
		}})
	}
	if p.opt.docx {
		outs = append(outs, batch.Output{Suffix: "-自评报告.docx", Render: func(e *calc.Evaluation) ([]byte, error) {
			var buf bytes.Buffer
			err := docx.Write(&buf, e, docx.Options{Date: documentDate(e.Department.Info.Year), Layout: report.Options{TemplatesDir: p.opt.templates}})
			return buf.Bytes(), err
		}})
	}
	return outs
}

func renderJSON(e *calc.Evaluation) ([]byte, error) {
	data, err := e.Result().JSON(true)
	if err != nil {
		return nil, fmt.Errorf("生成 JSON：%w", err)
	}
	return append(data, '\n'), nil
}

// documentDate is the date written into documents: SOURCE_DATE_EPOCH when set (reproducible
// builds' convention), otherwise 1 January after the evaluated year — derived from the
// input, never the wall clock, so the same input gives the same bytes.
func documentDate(year int) time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if sec, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(sec, 0).UTC()
		}
	}
	if year < 1900 || year > 9000 {
		year = 2000
	}
	return time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)
}
