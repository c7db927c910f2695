package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

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
	force   bool // overwrite an existing out
	rubric  string
}

func runTemplate(ctx context.Context, opt templateOptions, stderr io.Writer) error {
	if opt.out == "" {
		return usagef("请用 -o 指定输出文件，例如：selfeval template --year 2021 -o 2021填报模板.xlsx")
	}
	if !opt.example && (opt.year < 2000 || opt.year > 2100) {
		return usagef("请用 --year 指定填报年度（如 2021）")
	}
	if err := checkOverwrite(opt.out, opt.force); err != nil {
		return err
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
		last, err := reader.ReadFile(opt.from, reader.Options{Context: ctx})
		if err != nil {
			return usagef("读取上一年度的填报 %s：\n%v", opt.from, err)
		}
		d = submission.Rollover(last, opt.year)
		if opt.dept != "" {
			d.Info.Name = opt.dept
		}
	}
	var buf bytes.Buffer
	if err := submission.Write(&buf, d, submission.Options{Year: opt.year, Rubric: r, Date: batch.DocumentDate(d.Info.Year)}); err != nil {
		return fmt.Errorf("生成填报工作簿：%w", err)
	}
	if err := batch.WriteFile(opt.out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "已生成 %s\n", opt.out)
	return nil
}

// checkOverwrite refuses to write template output onto an existing file unless --force
// (SPEC §2: no command overwrites a file it did not write — it may be a filled submission).
func checkOverwrite(path string, force bool) error {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return usagef("无法检查输出文件 %s：%v", path, err)
	case info.IsDir():
		return usagef("%s 是一个文件夹，请用 -o 指定要生成的 .xlsx 文件名", path)
	case !force:
		return usagef("%s 已存在，为免覆盖已填写的内容，未写入；请换一个文件名，或加 --force 覆盖它", path)
	}
	return nil
}
