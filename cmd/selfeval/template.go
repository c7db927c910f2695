package main

import (
	"bytes"
	"fmt"
	"io"

	"selfeval/batch"
	"selfeval/fixture"
	"selfeval/reader"
	"selfeval/writer/submission"
)

// templateOptions are the flags of `selfeval template`.
type templateOptions struct {
	year    int
	from    string // last year's submission to roll over
	dept    string
	example bool // write the seed department, filled in
	out     string
	rubric  string
}

func runTemplate(opt templateOptions, stderr io.Writer) error {
	if opt.out == "" {
		return usagef("请用 -o 指定输出文件，例如：selfeval template --year 2021 -o 2021填报模板.xlsx")
	}
	if !opt.example && (opt.year < 2000 || opt.year > 2100) {
		return usagef("请用 --year 指定填报年度（如 2021）")
	}
	r, _, err := loadRubric(opt.rubric)
	if err != nil {
		return err
	}
	d := submission.Blank(opt.year, opt.dept)
	switch {
	case opt.example:
		d = fixture.Seed()
	case opt.from != "":
		last, err := reader.ReadFile(opt.from, reader.Options{})
		if err != nil {
			return usagef("读取上一年度的填报 %s：\n%v", opt.from, err)
		}
		d = submission.Rollover(last, opt.year)
		if opt.dept != "" {
			d.Info.Name = opt.dept
		}
	}
	var buf bytes.Buffer
	if err := submission.Write(&buf, d, submission.Options{Year: opt.year, Rubric: r}); err != nil {
		return fmt.Errorf("生成填报工作簿：%w", err)
	}
	if err := batch.WriteFile(opt.out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "已生成 %s\n", opt.out)
	return nil
}
