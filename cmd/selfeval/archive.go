package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"
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

	// Pass 1: the characters. Reading and laying out run on every core, ahead of the
	// in-order Add (the faces' order of first use decides the subsets' bytes).
	shared := pdf.NewSharedFonts(p.fonts)
	err := inOrder(len(s.Departments), func(i int) (*report.Document, error) { return layout(&s.Departments[i]) },
		func(_ int, doc *report.Document) error { return shared.Add(doc) })
	if err != nil {
		return err
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

	// Pass 2: the pages, rendered in order (each report's first page number is the page
	// after the one before), laid out ahead on the other cores.
	a := archive.New(w)
	starts := make([]int, len(s.Departments))
	page := frontPages + 1
	err = inOrder(len(s.Departments), func(i int) (*report.Document, error) { return layout(&s.Departments[i]) },
		func(i int, doc *report.Document) error {
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
			return nil
		})
	if err != nil {
		return err
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

// inOrder runs produce(0) … produce(n−1) on as many goroutines as there are CPUs, a few
// ahead of consume, which sees the results one at a time and in order. The first error of
// either stops it: no further work is started, and inOrder returns that error once the
// work in flight has ended.
func inOrder[T any](n int, produce func(i int) (T, error), consume func(i int, v T) error) error {
	type result struct {
		v   T
		err error
	}
	workers := runtime.GOMAXPROCS(0)
	slots := make([]chan result, n)
	for i := range slots {
		slots[i] = make(chan result, 1)
	}
	stop := make(chan struct{})
	ahead := make(chan struct{}, 2*workers) // bounds what waits in memory
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				v, err := produce(i)
				slots[i] <- result{v, err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range n {
			select {
			case ahead <- struct{}{}:
			case <-stop:
				return
			}
			select {
			case jobs <- i:
			case <-stop:
				return
			}
		}
	}()
	var err error
	for i := 0; i < n && err == nil; i++ {
		r := <-slots[i]
		<-ahead
		if err = r.err; err == nil {
			err = consume(i, r.v)
		}
	}
	close(stop)
	wg.Wait()
	return err
}
