package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"time"

	"selfeval/batch"
	"selfeval/calc"
	"selfeval/writer/archive"
	"selfeval/writer/pdf"
	"selfeval/writer/report"
)

// archiveName is the batch's bound archive of every department's report.
const archiveName = "合订本.pdf"

// archiveFile is 合订本.pdf, written by a function: it is streamed, one department at a time.
func (p *pipeline) archiveFile(s *calc.BatchSummary, date time.Time) batch.File {
	return batch.File{Name: archiveName, Write: func(w io.Writer) error { return p.writeArchive(w, s, date) }}
}

// writeArchive binds every evaluated department's report, in 汇总 order, behind a cover and
// a contents page. Each report is laid out and rendered as its own -自评报告.pdf is (same
// layout, same renderer), from its workbook read again, in two passes: the first collects
// every character of every report and of the front matter into one font subset per face,
// the second renders each report with that subset and its first page number, and
// archive.Writer streams its pages into the file, writing the shared fonts once. Memory
// holds one department at a time.
func (p *pipeline) writeArchive(w io.Writer, s *calc.BatchSummary, date time.Time) error {
	if p.fonts == nil {
		return p.fontErr
	}
	layout := func(r *calc.SummaryRow) (*report.Document, error) {
		src := r.Digest.Source
		d, err := p.read(context.Background(), src)
		if err != nil {
			return nil, fmt.Errorf("%s需要重新读取各部门的填报：%w", archiveName, err)
		}
		if d.Source == "" {
			d.Source = src
		}
		e := p.evaluate(d)
		if !e.Total.Equal(r.Digest.Total) || e.Department.Info.Name != r.Digest.Department {
			return nil, fmt.Errorf("%s：%s 与生成结果时不同（部门或总分已变），请重新运行 selfeval run", archiveName, src)
		}
		return report.Layout(e, report.Options{TemplatesDir: p.opt.templates})
	}
	title := s.YearPrefix + "部门整体支出绩效自评报告合订本"
	front := func(starts []int) *report.Document {
		f := report.ArchiveFront{Title: title, Date: fmt.Sprintf("%d年%d月%d日", date.Year(), date.Month(), date.Day())}
		for i, r := range s.Departments {
			f.Entries = append(f.Entries, report.ArchiveEntry{
				Department: r.Digest.Department, Total: r.Digest.TotalDisplay(), Grade: r.Digest.Grade, Page: starts[i],
			})
		}
		return report.LayoutArchiveFront(f)
	}

	// Pass 1: the characters.
	shared := pdf.NewSharedFonts(p.fonts)
	for i := range s.Departments {
		doc, err := layout(&s.Departments[i])
		if err != nil {
			return err
		}
		if err := shared.Add(doc); err != nil {
			return err
		}
	}
	widest := make([]int, len(s.Departments)) // the front matter's length with the widest numbers
	for i := range widest {
		widest[i] = 99999
	}
	if err := shared.Add(front(widest)); err != nil {
		return err
	}
	var buf bytes.Buffer
	opt := pdf.Options{Date: date, Shared: shared, FirstPage: 1}
	if err := pdf.Render(&buf, front(widest), p.fonts, opt); err != nil {
		return err
	}
	frontPages, err := archive.PageCount(buf.Bytes())
	if err != nil {
		return err
	}

	// Pass 2: the pages.
	a := archive.New(w)
	starts := make([]int, len(s.Departments))
	page := frontPages + 1
	for i := range s.Departments {
		doc, err := layout(&s.Departments[i])
		if err != nil {
			return err
		}
		buf.Reset()
		opt.FirstPage = page
		if err := pdf.Render(&buf, doc, p.fonts, opt); err != nil {
			return err
		}
		n, err := a.Add(buf.Bytes(), s.Departments[i].Digest.Department)
		if err != nil {
			return err
		}
		starts[i] = page
		page += n
	}
	buf.Reset()
	opt.FirstPage = 1
	if err := pdf.Render(&buf, front(starts), p.fonts, opt); err != nil {
		return err
	}
	if n, err := a.AddFront(buf.Bytes()); err != nil {
		return err
	} else if n != frontPages {
		return fmt.Errorf("%s：目录页数 %d 与预排的 %d 不同", archiveName, n, frontPages)
	}
	return a.Close(title, date.UTC().Format("D:20060102150405Z"))
}
