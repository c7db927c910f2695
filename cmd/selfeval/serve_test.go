package main

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"selfeval/batch"
	"selfeval/serve"
)

const educationWorkbook = "../../testdata/samples/sample-2020-education.xlsx"

// syncBuffer is a log several goroutines write.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startServe runs `selfeval serve --addr 127.0.0.1:0` in the test and returns its URL.
// The server stops, and its sessions' files go, when the test ends.
func startServe(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	var log syncBuffer
	go func() {
		done <- runServe(ctx, serveOptions{addr: "127.0.0.1:0", workers: 2, timeout: time.Minute}, &log, func(u string) { urls <- u })
	}()
	var url string
	select {
	case url = <-urls:
	case err := <-done:
		t.Fatalf("serve: %v\n%s", err, log.String())
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		if !strings.Contains(log.String(), "已停止") {
			t.Errorf("serve log lacks its stop line:\n%s", log.String())
		}
	})
	return url
}

// chromium returns the headless browser to drive, or skips the test.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("没有安装 Chromium（Debian: apt-get install chromium），跳过网页的浏览器测试")
	return ""
}

// TestServeInBrowser drives the page in headless Chromium as a user would: pick the two
// samples and a broken file, wait for both totals and the broken file's error, click
// 下载全部 and check the zip. With SELFEVAL_SCREENSHOTS=DIR it also saves screenshots of
// the page before, during and after a batch.
func TestServeInBrowser(t *testing.T) {
	exe := chromium(t)
	url := startServe(t)
	shots := os.Getenv("SELFEVAL_SCREENSHOTS")

	files := t.TempDir()
	broken := filepath.Join(files, "损坏的文件.xlsx")
	if err := os.WriteFile(broken, []byte("这不是工作簿"), 0o644); err != nil {
		t.Fatal(err)
	}
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	inputs := []string{abs(seedWorkbook), abs(educationWorkbook), broken}

	ctx := newBrowser(t, exe)

	downloads := t.TempDir()
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	eventsOn := true
	screenshot := func(name string) {
		if shots == "" {
			return
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	if err := chromedp.Do(ctx,
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.ID("drop")),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: &eventsOn,
			})
			return err
		}),
	); err != nil {
		t.Fatal(err)
	}
	screenshot("serve-1-before.png")

	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("pick-files"), inputs)); err != nil {
		t.Fatal(err)
	}
	if err := poll(ctx, `document.querySelectorAll('#results td.total').length === 2 && document.querySelector('#failed tbody td') !== null && !document.getElementById('download-all').hidden`); err != nil {
		t.Fatalf("waiting for the results: %v", err)
	}
	totals, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#results td.total'), td => td.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(totals)
	if want := []string{"85.71", "90.73"}; !slices.Equal(totals, want) {
		t.Errorf("totals on the page = %v, want %v", totals, want)
	}
	failed, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#failed tbody td'), td => td.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(failed) != 2 || failed[0] != "损坏的文件.xlsx" || !strings.Contains(failed[1], "不是") {
		t.Errorf("failed files on the page = %q, want 损坏的文件.xlsx with its Chinese error", failed)
	}

	// The report opens in the browser's PDF viewer: served inline as application/pdf.
	pdfURL, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll('#results a')).find(a => a.textContent.endsWith('.pdf')).href`))
	if err != nil {
		t.Fatalf("no PDF link: %v", err)
	}
	resp, err := http.Get(pdfURL)
	if err != nil {
		t.Fatal(err)
	}
	head := make([]byte, 5)
	io.ReadFull(resp.Body, head)
	resp.Body.Close()
	if resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "inline") || string(head) != "%PDF-" {
		t.Errorf("PDF link: %s %s %q", resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"), head)
	}
	// The seed's audit finding opens under its row, with its message and cells.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#results button.count.audit"))); err != nil {
		t.Fatalf("no audit count to open: %v", err)
	}
	detail, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#results tr.detail")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(detail, "审核发现") || !strings.Contains(detail, "财务合规性") || !strings.Contains(detail, "评分录入!") {
		t.Errorf("audit detail = %q, want the 财务合规性 finding with its cells", detail)
	}
	screenshot("serve-3-after.png")

	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("download-all"))); err != nil {
		t.Fatal(err)
	}
	var zipPath string
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("waiting for the download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			zipPath = filepath.Join(downloads, ev.GUID)
			break
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("the browser cancelled the download of 下载全部")
		}
	}
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatalf("下载全部 is not a zip: %v", err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	sort.Strings(names)
	var want []string
	for _, stem := range []string{"2020-深圳市罗湖区智慧城市建设中心", "2020-某区教育局"} {
		for _, suffix := range []string{".json", "-评价表.xlsx", "-自评报告.pdf", "-自评报告.docx"} {
			want = append(want, stem+suffix)
		}
	}
	want = append(want, "manifest.json", "汇总.xlsx")
	for _, w := range want {
		if !slices.Contains(names, w) {
			t.Errorf("下载全部 lacks %s; it holds %v", w, names)
		}
	}

	if shots != "" {
		duringScreenshot(t, ctx, files, screenshot)
		// Last, since leaving the page ends its session: a report in Chromium's PDF viewer.
		pdfURL, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll('#results a')).find(a => a.textContent.endsWith('.pdf')).href`))
		if err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(pdfURL), chromedp.Sleep(5*time.Second)); err != nil {
			t.Fatal(err)
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(shots, "serve-4-pdf.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// newBrowser starts headless Chromium for the test; its context ends within 60 s.
func newBrowser(t *testing.T, exe string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.WindowSize(1280, 900))
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	if err := chromedp.Do(bctx); err != nil { // start the browser without the deadline
		t.Fatalf("start %s: %v", exe, err)
	}
	ctx, cancel := context.WithTimeout(bctx, 60*time.Second)
	t.Cleanup(func() {
		cancel()
		cancelBrowser()
		cancelAlloc()
	})
	return ctx
}

// TestServeDropFolder drops a folder on the page's drop zone: the page walks it and
// uploads its workbooks with their folder names.
func TestServeDropFolder(t *testing.T) {
	exe := chromium(t)
	url := startServe(t)
	ctx := newBrowser(t, exe)

	dir := filepath.Join(t.TempDir(), "各部门")
	if err := os.MkdirAll(filepath.Join(dir, "二级单位"), 0o755); err != nil {
		t.Fatal(err)
	}
	for src, dst := range map[string]string{seedWorkbook: "智慧城市.xlsx", educationWorkbook: "二级单位/教育局.xlsx"} {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, dst), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.ID("drop"))); err != nil {
		t.Fatal(err)
	}
	box, err := chromedp.Run(ctx, chromedp.Dimensions(chromedp.ID("drop")))
	if err != nil {
		t.Fatal(err)
	}
	x, y := (box.Content[0]+box.Content[2])/2, (box.Content[1]+box.Content[5])/2
	data := &input.DragData{Items: []*input.DragDataItem{}, Files: []string{dir}, DragOperationsMask: 1}
	for _, typ := range []input.DispatchDragEventType{input.DispatchDragEventTypeDragEnter, input.DispatchDragEventTypeDragOver, input.DispatchDragEventTypeDrop} {
		if _, err := chromedp.Call(ctx, input.DispatchDragEvent, input.DispatchDragEventParams{Type: typ, X: x, Y: y, Data: data}); err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
	}
	if err := poll(ctx, `!document.getElementById('download-all').hidden`); err != nil {
		t.Fatalf("waiting for the results of the dropped folder: %v", err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#results tbody tr'), tr => tr.cells[1].textContent + ' ' + tr.cells[3].textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(rows)
	if want := []string{"某区教育局 85.71", "深圳市罗湖区智慧城市建设中心 90.73"}; !slices.Equal(rows, want) {
		t.Errorf("rows after dropping a folder = %q, want %q", rows, want)
	}
}

// duringScreenshot runs a batch large enough to be caught half-way and saves the page then.
func duringScreenshot(t *testing.T, ctx context.Context, dir string, screenshot func(string)) {
	seed, err := os.ReadFile(seedWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	var many []string
	for i := range 80 {
		p := filepath.Join(dir, fmt.Sprintf("部门%02d.xlsx", i+1))
		if err := os.WriteFile(p, seed, 0o644); err != nil {
			t.Fatal(err)
		}
		many = append(many, p)
	}
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("pick-files"), many)); err != nil {
		t.Fatal(err)
	}
	if err := poll(ctx, `(() => { const b = document.getElementById('bar'); return b.hasAttribute('value') && b.value >= 10 && b.value < b.max; })()`); err != nil {
		t.Fatalf("waiting for the batch to be half-way: %v", err)
	}
	screenshot("serve-2-during.png")
	if err := poll(ctx, `!document.getElementById('download-all').hidden`); err != nil {
		t.Fatal(err)
	}
}

// poll waits until the page's expression is true.
func poll(ctx context.Context, expr string) error {
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(20*time.Millisecond)))
	return err
}

func TestDoubleClickArgs(t *testing.T) {
	cases := []struct {
		goos string
		args []string
		want []string
	}{
		{"windows", []string{`C:\selfeval.exe`}, []string{`C:\selfeval.exe`, "serve", "--open"}},
		{"windows", []string{`selfeval.exe`, "run", "in"}, []string{`selfeval.exe`, "run", "in"}},
		{"linux", []string{"selfeval"}, []string{"selfeval"}},
		{"darwin", []string{"selfeval"}, []string{"selfeval"}},
	}
	for _, c := range cases {
		if got := doubleClickArgs(c.goos, c.args); !slices.Equal(got, c.want) {
			t.Errorf("doubleClickArgs(%s, %q) = %q, want %q", c.goos, c.args, got, c.want)
		}
	}
}

// TestServeBatchIsRun: the page's batch writes what `selfeval run` writes for the same
// inputs with its default flags, byte for byte: every per-department file, the manifest
// and 汇总.xlsx.
func TestServeBatchIsRun(t *testing.T) {
	dir := t.TempDir()
	for src, dst := range map[string]string{seedWorkbook: "a.xlsx", educationWorkbook: "b.xlsx"} {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, dst), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir) // so that run names its sources as the page does: relative to the upload folder
	inputs := []string{"a.xlsx", "b.xlsx"}
	if err := runBatch(context.Background(), runOptions{inputs: inputs, out: "run-out", workers: 2, timeout: time.Minute}, io.Discard, io.Discard); err != nil {
		t.Fatalf("run: %v", err)
	}
	p, err := servePipeline(serveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var progressed []string
	rep, err := p.serveBatch(2, time.Minute)(context.Background(), serve.Job{
		Dir: dir, Inputs: inputs, Out: filepath.Join(dir, "serve-out"),
		Progress: func(r batch.Result, done, total int) {
			progressed = append(progressed, fmt.Sprintf("%d/%d %s", done, total, r.Source))
		},
	})
	if err != nil || rep.Failed != 0 {
		t.Fatalf("serve batch: %v, %+v", err, rep)
	}
	if want := []string{"1/2 a.xlsx", "2/2 b.xlsx"}; !slices.Equal(progressed, want) {
		t.Errorf("progress = %q, want %q", progressed, want)
	}
	runFiles, serveFiles := outputFiles(t, filepath.Join(dir, "run-out")), outputFiles(t, filepath.Join(dir, "serve-out"))
	if !slices.Equal(slices.Sorted(maps.Keys(runFiles)), slices.Sorted(maps.Keys(serveFiles))) {
		t.Fatalf("serve wrote %v, run wrote %v", slices.Sorted(maps.Keys(serveFiles)), slices.Sorted(maps.Keys(runFiles)))
	}
	for name, data := range runFiles {
		if !bytes.Equal(serveFiles[name], data) {
			t.Errorf("%s differs between run and serve", name)
		}
	}
	if len(runFiles) != 2*4+5 {
		t.Errorf("run wrote %d files, want 4 per department and 5 for the batch (汇总.xlsx, manifest.json, 汇总报告.pdf and .docx, 合订本.pdf)", len(runFiles))
	}
}

// outputFiles reads the visible files of an output folder.
func outputFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = data
	}
	return files
}

// TestListenServeFallsBack: without --addr a second server takes another free port on
// 127.0.0.1; an --addr that is taken is an error, not silently another port.
func TestListenServeFallsBack(t *testing.T) {
	first, served1, err := listenServe("")
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	second, served2, err := listenServe("")
	if err != nil {
		t.Fatalf("second listen: %v", err)
	}
	defer second.Close()
	host, _, _ := net.SplitHostPort(served2)
	if served1 == served2 || host != "127.0.0.1" {
		t.Errorf("listening at %s and %s, want two ports on 127.0.0.1", served1, served2)
	}
	if _, _, err := listenServe(served1); exitCode(err, nil) != exitUsage {
		t.Errorf("--addr %s (taken) = %v, want a usage error", served1, err)
	}
}

// TestServeRefusesBadAddr: --addr that is not host:port is a usage error.
func TestServeRefusesBadAddr(t *testing.T) {
	err := runServe(context.Background(), serveOptions{addr: "8321", workers: 1}, io.Discard, nil)
	if code := exitCode(err, nil); code != exitUsage {
		t.Errorf("serve --addr 8321: exit %d (%v), want %d", code, err, exitUsage)
	}
}
