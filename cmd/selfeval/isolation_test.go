package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"selfeval/calc"
	"selfeval/reader"
)

// TestRunIsolatesPanicAndHang: among good inputs, one that panics and one that hangs
// (injected into the reader) → the good ones are written, the two are reported, exit 1.
func TestRunIsolatesPanicAndHang(t *testing.T) {
	dir := t.TempDir()
	seed, err := os.ReadFile(seedWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a.xlsx", "panic.xlsx", "b.xlsx", "hang.xlsx", "c.xlsx"} {
		if err := os.WriteFile(filepath.Join(dir, name), seed, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := newPipeline(pipelineOptions{xlsx: true})
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	defer close(release) // let the abandoned goroutine end with the test
	p.readFile = func(path string, opt reader.Options) (*calc.Department, error) {
		switch filepath.Base(path) {
		case "panic.xlsx":
			panic("injected fault")
		case "hang.xlsx":
			<-release
		}
		return reader.ReadFile(path, opt)
	}
	out := filepath.Join(t.TempDir(), "out")
	var log strings.Builder
	err = runPipeline(context.Background(), p, runOptions{
		inputs: []string{dir}, out: out, workers: 2, timeout: 2 * time.Second,
	}, io.Discard, &log)
	if code := exitCode(err, nil); code != exitFailed {
		t.Errorf("exit code = %d, want %d\n%s", code, exitFailed, log.String())
	}
	written := 0
	for _, stem := range []string{"2020-深圳市罗湖区智慧城市建设中心", "2020-深圳市罗湖区智慧城市建设中心-2", "2020-深圳市罗湖区智慧城市建设中心-3"} {
		for _, suffix := range []string{".json", "-评价表.xlsx"} {
			if _, err := os.Stat(filepath.Join(out, stem+suffix)); err == nil {
				written++
			}
		}
	}
	if written != 6 {
		t.Errorf("%d of the 6 outputs of the three good inputs written\n%s", written, log.String())
	}
	for _, want := range []string{"panic.xlsx：内部错误", "hang.xlsx：处理超时"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, log.String())
		}
	}
}
