package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"runtime"
	"slices"
	"sync"
	"time"

	"selfeval/batch"
	"selfeval/calc"
	"selfeval/writer/archive"
	"selfeval/writer/fonts"
	"selfeval/writer/pdf"
	"selfeval/writer/report"
)

// archiveName is the batch's bound archive of every department's report.
const archiveName = "合订本.pdf"

// reportPDFSuffix ends the name of a department's report in its --out folder.
const reportPDFSuffix = "-自评报告.pdf"

// archiveFile is 合订本.pdf, written by a function: it is streamed, one department at a time.
func archiveFile(s *calc.BatchSummary, date time.Time, set *fonts.Set, reportOf func(calc.Digest) string) batch.File {
	return batch.File{Name: archiveName, Write: func(w io.Writer) error { return writeArchive(w, s, date, set, reportOf) }}
}

// writeArchive binds every evaluated department's report, in 汇总 order, behind a cover
// and a contents page. The reports are the -自评报告.pdf files the departments have (reportOf
// says where each is), page for page; archive.Writer gives them continuous page numbers
// and one set of fonts, which the front matter, rendered last, embeds. Memory holds one
// report at a time.
func writeArchive(w io.Writer, s *calc.BatchSummary, date time.Time, set *fonts.Set, reportOf func(calc.Digest) string) error {
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
	// The front matter's length, with the widest numbers its contents could show.
	widest := make([]int, len(s.Departments))
	for i := range widest {
		widest[i] = 99999
	}
	var buf bytes.Buffer
	opt := pdf.Options{Date: date}
	if err := pdf.Render(&buf, front(widest), set, opt); err != nil {
		return err
	}
	frontPages, err := archive.PageCount(buf.Bytes())
	if err != nil {
		return err
	}

	numbers, err := pdf.PageNumbers(set)
	if err != nil {
		return err
	}
	a := archive.New(w, numbers)
	starts := make([]int, len(s.Departments))
	page := frontPages + 1
	// Reading and parsing run on every core, a few reports ahead of the in-order Add.
	read := func(i int) (*archive.Document, error) {
		r := s.Departments[i]
		path := reportOf(r.Digest)
		if path == "" {
			return nil, fmt.Errorf("%s由各部门的自评报告装订，%s 的结果中没有自评报告 PDF（该次 run 加了 --no-pdf？）：请重新运行生成它，或 summary 加 --no-pdf 不生成%s", archiveName, r.Digest.Department, archiveName)
		}
		doc, err := archive.ReadFile(path)
		var pe *fs.PathError
		switch {
		case errors.As(err, &pe):
			return nil, fmt.Errorf("%s：读取 %s：%w", archiveName, path, err)
		case err != nil:
			return nil, fmt.Errorf("%s：%s：%w", archiveName, path, err)
		}
		return doc, nil
	}
	err = inOrder(len(s.Departments), read, func(i int, doc *archive.Document) error {
		n, err := a.Add(doc, s.Departments[i].Digest.Department, page)
		if errors.Is(err, archive.ErrNoPageNumberStream) {
			return fmt.Errorf("%s：%s 是旧版 selfeval 生成的报告，无法重新编页码：请用本版重新运行生成它", archiveName, reportOf(s.Departments[i].Digest))
		} else if err != nil {
			return fmt.Errorf("%s：%s：%w", archiveName, reportOf(s.Departments[i].Digest), err)
		}
		starts[i] = page
		page += n
		return nil
	})
	if err != nil {
		return err
	}

	opt.Shared = pdf.NewSharedFonts(set)
	chars := a.Characters()
	for _, face := range slices.Sorted(maps.Keys(chars)) {
		if err := opt.Shared.AddCharacters(face, chars[face]); err != nil {
			return fmt.Errorf("%s：%w", archiveName, err)
		}
	}
	doc := front(starts)
	if err := opt.Shared.Add(doc); err != nil {
		return err
	}
	buf.Reset()
	if err := pdf.Render(&buf, doc, set, opt); err != nil {
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
