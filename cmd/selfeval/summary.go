package main

import (
	"bytes"
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"selfeval/batch"
	"selfeval/calc"
	"selfeval/writer/docx"
	"selfeval/writer/fonts"
	"selfeval/writer/pdf"
	"selfeval/writer/report"
	"selfeval/writer/xlsx"
)

// summaryOptions are the flags of `selfeval summary`.
type summaryOptions struct {
	dirs      []string // the --out folders of earlier runs
	out       string
	rubric    string   // --rubric file; empty for the embedded default
	prior     string   // --prior: last year's --out folder
	templates string   // --templates dir
	fonts     []string // --font files or dirs
	noPDF     bool
	noDOCX    bool
}

func summaryCommand() *cli.Command {
	return &cli.Command{
		Name:      "summary",
		UsageText: "selfeval summary --out 输出目录 [--prior 上年输出目录] 结果目录...",
		Usage:     "合并多次运行的结果：从各次 run 的输出目录生成一份汇总表，不重新读取填报工作簿",
		ArgsUsage: "结果目录...（selfeval run 的 --out 目录，每个含 manifest.json）",
		Description: `几位同事分头运行、或一批文件分片（run --shard）在多台机器上运行后，用本命令把各次的
   输出目录合并为一份 汇总.xlsx，与一次运行全部文件的结果逐字节相同。
   只读取各目录中的 manifest.json 和 <年度>-<部门名称>.json（合订本另读各部门的 -自评报告.pdf，
   不重新读取填报工作簿）；输出目录不能是结果目录之一，
   其中不是 selfeval 写的同名文件不会被覆盖。`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "输出`目录`（必填）", TakesFile: true},
			&cli.StringFlag{Name: "prior", Usage: "上一年度的输出`目录`：同名部门列出上年总分、等级和变化", TakesFile: true},
			rubricFlag,
			templatesFlag,
			&cli.StringSliceFlag{Name: "font", Usage: "中文字体`文件`（.ttf/.ttc）或字体目录，可重复指定", TakesFile: true},
			&cli.BoolFlag{Name: "no-pdf", Usage: "不生成汇总报告 PDF"},
			&cli.BoolFlag{Name: "no-docx", Usage: "不生成汇总报告 Word 文档（.docx）"},
			cpuProfileFlag,
		},
		Action: profiled(func(c *cli.Context) error {
			return runSummary(summaryOptions{
				dirs: c.Args().Slice(), out: c.String("out"), rubric: c.String("rubric"), prior: c.String("prior"),
				templates: c.String("templates"), fonts: c.StringSlice("font"), noPDF: c.Bool("no-pdf"), noDOCX: c.Bool("no-docx"),
			}, c.App.ErrWriter)
		}),
	}
}

// runSummary joins earlier runs' --out folders into one batch's outputs.
func runSummary(opt summaryOptions, stderr io.Writer) error {
	if opt.out == "" {
		return usagef("请用 --out 指定输出目录，例如：selfeval summary --out 合并结果 结果1 结果2")
	}
	if len(opt.dirs) == 0 {
		return usagef("请指定要合并的结果目录（selfeval run 的 --out 目录）")
	}
	p, err := newPipeline(pipelineOptions{rubric: opt.rubric, templates: opt.templates, fonts: opt.fonts, pdf: !opt.noPDF, docx: !opt.noDOCX})
	if err != nil {
		return err
	}
	prior, err := loadPrior(opt.prior)
	if err != nil {
		return err
	}
	p.prior, p.priorBy = prior, calc.IndexPrior(prior)
	var sources []*batch.Collected
	var digests []calc.Digest
	var failures []calc.Failure
	for _, dir := range opt.dirs {
		c, err := batch.Collect(dir)
		if err != nil {
			return usageError{err}
		}
		sources = append(sources, c)
		digests = append(digests, c.Digests...)
		failures = append(failures, c.Failures...)
	}
	s := calc.Summarize(digests, failures, calc.SummaryOptions{Rubric: p.rubric, Prior: prior})
	if p.fontErr != nil {
		fmt.Fprintf(stderr, "警告：%v\n      本次不生成汇总报告 PDF 和合订本，汇总表照常输出。\n", p.fontErr)
	}
	files, err := renderBatchFiles(s, p.batchFileOpts(reportsListed(sources...)))
	if err != nil {
		return err
	}
	notices, err := batch.WriteJoined(opt.out, sources, files)
	if err != nil {
		return usageError{err}
	}
	fmt.Fprintf(stderr, "完成：合并 %d 个结果目录，共 %d 个部门成功、%d 个文件失败。已写出：%s\n",
		len(sources), len(s.Departments), len(s.Failures), opt.out)
	for _, n := range notices {
		fmt.Fprintf(stderr, "注意：%s\n", n)
	}
	return nil
}

// reportsListed finds each department's report where its folder's manifest lists it.
func reportsListed(sources ...*batch.Collected) func(calc.Digest) string {
	return func(d calc.Digest) string {
		for _, c := range sources {
			if path := c.Output(d, reportPDFSuffix); path != "" {
				return path
			}
		}
		return ""
	}
}

// loadPrior reads last year's --out folder (--prior); "" is none.
func loadPrior(dir string) ([]calc.Digest, error) {
	if dir == "" {
		return nil, nil
	}
	c, err := batch.Collect(dir)
	if err != nil {
		return nil, usagef("--prior %s：%v", dir, err)
	}
	return c.Digests, nil
}

// Names of the batch files besides 汇总.xlsx.
const (
	summaryReportPDF  = "汇总报告.pdf"
	summaryReportDOCX = "汇总报告.docx"
)

// summary renders the batch files of a run from what its --out folder holds — the same
// way `selfeval summary` does, so that joining runs gives the bytes of one run. It returns
// 汇总.xlsx and keeps the others for the batch to write after it (p.batchFiles).
func (p *pipeline) summary(out string, results []batch.Result) ([]byte, error) {
	c, err := batch.CollectResults(out, results)
	if err != nil {
		return nil, err
	}
	s := calc.Summarize(c.Digests, c.Failures, calc.SummaryOptions{Rubric: p.rubric, Prior: p.prior})
	files, err := renderBatchFiles(s, p.batchFileOpts(reportsListed(c)))
	if err != nil {
		return nil, err
	}
	p.batchFiles = files[1:]
	return files[0].Data, nil
}

// batchOptions are what the batch files are rendered with.
// report says where each department's report is, for 合订本.pdf.
func (p *pipeline) batchFileOpts(report func(calc.Digest) string) batchFileOptions {
	return batchFileOptions{fonts: p.fonts, docx: p.opt.docx, templates: p.opt.templates, reports: report}
}

// batchNames are the batch files besides 汇总.xlsx that the run writes.
func (p *pipeline) batchNames() []string {
	return p.batchFileOpts(reportsListed()).names()
}

// batchFileOptions choose the batch files and how they are rendered.
type batchFileOptions struct {
	fonts     *fonts.Set               // nil: no PDF
	docx      bool                     // 汇总报告.docx
	reports   func(calc.Digest) string // where each department's -自评报告.pdf is, for 合订本.pdf; nil: no 合订本
	templates string                   // --templates dir
}

// names are the batch files besides 汇总.xlsx.
func (o batchFileOptions) names() []string {
	var names []string
	if o.fonts != nil {
		names = append(names, summaryReportPDF)
	}
	if o.docx {
		names = append(names, summaryReportDOCX)
	}
	if o.fonts != nil && o.reports != nil {
		names = append(names, archiveName)
	}
	return names
}

// renderBatchFiles renders the batch's own outputs from its summary, 汇总.xlsx first, then
// the ones names lists.
func renderBatchFiles(s *calc.BatchSummary, opt batchFileOptions) ([]batch.File, error) {
	date := batch.DocumentDate(s.Year)
	var buf bytes.Buffer
	if err := xlsx.WriteSummary(&buf, s, xlsx.Options{Date: date}); err != nil {
		return nil, err
	}
	files := []batch.File{{Name: batch.SummaryName, Data: buf.Bytes()}}
	if opt.fonts == nil && !opt.docx {
		return files, nil
	}
	figures := s.Figures()
	doc, layoutErr := report.LayoutSummary(&figures, report.SummaryOptions{TemplatesDir: opt.templates})
	// A report that cannot be made becomes a file whose writing fails: the batch notes it
	// and writes the rest.
	failed := func(name string, err error) batch.File {
		return batch.File{Name: name, Write: func(io.Writer) error { return err }}
	}
	if opt.fonts != nil {
		var b bytes.Buffer
		err := layoutErr
		if err == nil {
			err = pdf.Render(&b, doc, opt.fonts, pdf.Options{Date: date})
		}
		if err != nil {
			files = append(files, failed(summaryReportPDF, err))
		} else {
			files = append(files, batch.File{Name: summaryReportPDF, Data: b.Bytes()})
		}
	}
	if opt.docx {
		var b bytes.Buffer
		err := layoutErr
		if err == nil {
			err = docx.Render(&b, doc, docx.Options{Date: date})
		}
		if err != nil {
			files = append(files, failed(summaryReportDOCX, err))
		} else {
			files = append(files, batch.File{Name: summaryReportDOCX, Data: b.Bytes()})
		}
	}
	if opt.fonts != nil && opt.reports != nil && len(s.Departments) > 0 {
		files = append(files, archiveFile(s, date, opt.fonts, opt.reports))
	}
	return files, nil
}

// shardInputs keeps this task's share of the inputs (--shard k/n); "" keeps them all.
func shardInputs(inputs []string, spec string) ([]string, error) {
	if spec == "" {
		return inputs, nil
	}
	s, err := batch.ParseShard(spec)
	if err != nil {
		return nil, usageError{err}
	}
	return s.Select(inputs), nil
}

// comparePrior puts the department beside last year's (--prior). A comparison that cannot
// be made leaves the report without the sentence: the department's own outputs do not
// depend on it.
func (p *pipeline) comparePrior(e *calc.Evaluation) {
	if err := p.priorBy.CompareEvaluation(e); err != nil {
		e.Prior = nil
	}
}

// priorFingerprint is what of --prior decides a department's outputs (its report's
// comparison sentence): every prior department's name, total and 预算执行率.
func (p *pipeline) priorFingerprint() []byte {
	var b bytes.Buffer
	for _, d := range p.prior {
		fmt.Fprintf(&b, "%s\t%s\t%s\n", d.Department, d.Total, d.Ratio(calc.RatioExecution).Value)
	}
	return b.Bytes()
}
