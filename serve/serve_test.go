package serve

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"selfeval/batch"
)

func TestCleanRel(t *testing.T) {
	ok := []struct{ in, want string }{
		{"a.xlsx", "a.xlsx"},
		{"财政局/教育局.xlsx", "财政局/教育局.xlsx"},
		{`folder\sub\b.xlsx`, "folder/sub/b.xlsx"},
		{"/abs/c.xlsx", "abs/c.xlsx"},
		{"./x/./y.xlsx", "x/y.xlsx"},
		{"C:/Users/a.xlsx", "C_/Users/a.xlsx"},
		{"what?.xlsx", "what_.xlsx"},
		{"trailing. ", "trailing"},
		{"con.xlsx", "_con.xlsx"},
		{"COM1", "_COM1"},
		{"COM0", "COM0"},
	}
	for _, c := range ok {
		if got, good := cleanRel(c.in); !good || got != c.want {
			t.Errorf("cleanRel(%q) = %q, %v; want %q, true", c.in, got, good, c.want)
		}
	}
	bad := []string{"", "..", "../a.xlsx", "a/../../b.xlsx", `..\..\evil.xlsx`, "a\x00b", "a\nb", "\xff.xlsx", "...", strings.Repeat("a/", 40) + "x"}
	for _, in := range bad {
		if got, good := cleanRel(in); good {
			t.Errorf("cleanRel(%q) = %q, true; want refused", in, got)
		}
	}
}

// TestRefused: the requests a hostile page (or a curious user) can make are refused
// before any handler runs.
func TestRefused(t *testing.T) {
	_, ts := startServer(t, Options{Template: func(int) ([]byte, error) { return []byte("x"), nil }})
	p := openPage(t, ts.URL)
	_, port, _ := net.SplitHostPort(ts.Listener.Addr().String())
	seed := readFile(t, seedWorkbook)
	cases := []struct {
		name   string
		method string
		path   string
		host   string
		header map[string]string
		want   int
	}{
		{"foreign_host", "GET", "/", "evil.example:" + port, nil, http.StatusMisdirectedRequest},
		{"rebound_name", "GET", "/api/" + p.sid + "/state", "attacker.test:" + port, nil, http.StatusMisdirectedRequest},
		{"other_port", "GET", "/", "127.0.0.1:1", nil, http.StatusMisdirectedRequest},
		{"dotdot", "GET", "/static/../../../../etc/passwd", "", nil, http.StatusBadRequest},
		{"dotdot_api", "GET", "/api/" + p.sid + "/b/1/f/../../../x", "", nil, http.StatusBadRequest},
		{"encoded_dotdot", "GET", "/static/%2e%2e/%2e%2e/etc/passwd", "", nil, http.StatusBadRequest},
		{"encoded_slash", "GET", "/static/..%2fserver.go", "", nil, http.StatusBadRequest},
		{"backslash", "GET", `/static/..\server.go`, "", nil, http.StatusBadRequest},
		{"unknown_asset", "GET", "/static/server.go", "", nil, http.StatusNotFound},
		{"no_token", "POST", "/api/" + p.sid + "/batch", "", nil, http.StatusForbidden},
		{"wrong_token", "POST", "/api/" + p.sid + "/batch", "", map[string]string{tokenHeader: strings.Repeat("0", 32)}, http.StatusForbidden},
		{"cross_origin", "POST", "/api/" + p.sid + "/batch", "", map[string]string{tokenHeader: p.token, "Origin": "http://evil.example"}, http.StatusForbidden},
		{"cross_origin_end", "POST", "/api/" + p.sid + "/end", "", map[string]string{tokenHeader: p.token, "Origin": "null"}, http.StatusForbidden},
		{"unknown_session", "GET", "/api/" + strings.Repeat("ab", 16) + "/state", "", nil, http.StatusNotFound},
		{"stale_file", "GET", "/api/" + p.sid + "/b/7/f/0", "", nil, http.StatusNotFound},
		{"template_year", "GET", "/template?year=../../x", "", nil, http.StatusBadRequest},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body, ct := multipartBody(t, []upFile{{"a.xlsx", seed}})
			// Raw HTTP, as curl --path-as-is sends it: no client cleans the path.
			conn, err := net.Dial("tcp", ts.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			host := c.host
			if host == "" {
				host = ts.Listener.Addr().String()
			}
			fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n", c.method, c.path, host)
			for k, v := range c.header {
				fmt.Fprintf(conn, "%s: %s\r\n", k, v)
			}
			if c.method == "POST" {
				fmt.Fprintf(conn, "Content-Type: %s\r\nContent-Length: %d\r\n\r\n", ct, body.Len())
				conn.Write(body.Bytes())
			} else {
				fmt.Fprint(conn, "\r\n")
			}
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			msg, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != c.want {
				t.Errorf("%s %s (Host %s) = %d %s, want %d", c.method, c.path, host, resp.StatusCode, msg, c.want)
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'self'") {
				t.Errorf("security headers missing: %v", resp.Header)
			}
		})
	}
	// None of the refused uploads started a batch.
	if st := p.state(); st.Seq != 0 {
		t.Errorf("a refused upload started batch %d", st.Seq)
	}
}

// TestBatch: two departments and a broken file through the API, as the page does it.
func TestBatch(t *testing.T) {
	s, ts := startServer(t, Options{})
	p := openPage(t, ts.URL)
	p.upload(upFile{"seed-2020.xlsx", readFile(t, seedWorkbook)},
		upFile{"各部门/教育局.xlsx", readFile(t, educationWorkbook)},
		upFile{"broken.xlsx", []byte("PK\x03\x04 not really a workbook")})

	events := readEvents(t, p, 1)
	st := p.wait()
	if len(st.Results) != 3 || st.Total != 3 || st.Done != 3 {
		t.Fatalf("results = %v, want 3", st.Results)
	}
	byName := map[string]resultView{}
	for _, r := range st.Results {
		byName[r.Source] = r
	}
	if r := byName["seed-2020.xlsx"]; !r.OK || r.Total != "90.73" || r.Grade != "优" || r.Department != "深圳市罗湖区智慧城市建设中心" || r.Year != 2020 {
		t.Errorf("seed = %v, want 90.73 优", r)
	}
	// The seed's 财务合规性 3 stands against a supported 2 (SPEC §5a): one audit finding, with cells.
	if a := byName["seed-2020.xlsx"].Audit; len(a) != 1 || !strings.Contains(a[0].Message, "财务合规性") || len(a[0].Cells) == 0 {
		t.Errorf("seed audit = %+v, want the 财务合规性 finding with its cells", a)
	}
	if r := byName["各部门/教育局.xlsx"]; !r.OK || r.Total == "" {
		t.Errorf("education = %v, want a total (folder-relative source)", r)
	}
	if r := byName["broken.xlsx"]; r.OK || r.Error == "" || len(r.Files) != 0 {
		t.Errorf("broken = %v, want failed with an error", r)
	}

	// The event stream carried one result per input, then the end.
	var names []string
	for _, e := range events {
		names = append(names, e.name)
	}
	if want := []string{"start", "result", "result", "result", "end"}; !slices.Equal(names, want) {
		t.Errorf("events = %v, want %v", names, want)
	}

	// Every file the batch wrote is offered: per department, and the batch's own.
	out := dirFiles(t, filepath.Join(sessionDir(t, s, p), "1", "out"))
	var offered []string
	for _, r := range st.Results {
		for _, f := range r.Files {
			offered = append(offered, f.Name)
		}
	}
	for _, f := range st.Batch {
		offered = append(offered, f.Name)
	}
	sort.Strings(offered)
	if !slices.Equal(offered, out) {
		t.Errorf("offered %v, out dir holds %v", offered, out)
	}
	for _, want := range []string{batch.ManifestName, batch.SummaryName} {
		if !slices.ContainsFunc(st.Batch, func(f fileLink) bool { return f.Name == want }) {
			t.Errorf("batch files %v lack %s", st.Batch, want)
		}
	}

	// A JSON output is shown inline, the 评价表 saved, both uncached.
	for _, f := range byName["seed-2020.xlsx"].Files {
		resp, data := p.get(f.URL)
		wantType, wantDisp := "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "attachment"
		if strings.HasSuffix(f.Name, ".json") {
			wantType, wantDisp = "application/json; charset=utf-8", "inline"
		}
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != wantType ||
			!strings.HasPrefix(resp.Header.Get("Content-Disposition"), wantDisp) || resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s = %d %v", f.Name, resp.StatusCode, resp.Header)
		}
		if want := readFile(t, filepath.Join(sessionDir(t, s, p), "1", "out", f.Name)); !bytes.Equal(data, want) {
			t.Errorf("GET %s: %d bytes, want the %d written", f.Name, len(data), len(want))
		}
	}

	// 下载全部: one zip with every output.
	resp, data := p.get(st.AllURL)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("GET all = %d %v", resp.StatusCode, resp.Header)
	}
	if got := zipNames(t, data); !slices.Equal(got, out) {
		t.Errorf("zip holds %v, want %v", got, out)
	}

	// A second batch replaces the first: its links are gone, its folder too.
	p.upload(upFile{"seed-2020.xlsx", readFile(t, seedWorkbook)})
	p.wait()
	if resp, _ := p.get(st.AllURL); resp.StatusCode != http.StatusNotFound {
		t.Errorf("first batch's zip after a second batch = %d, want 404", resp.StatusCode)
	}
	if _, err := os.Stat(filepath.Join(sessionDir(t, s, p), "1")); !os.IsNotExist(err) {
		t.Errorf("first batch's folder still there: %v", err)
	}
}

// TestTemplate: the blank workbook for a year, from Options.Template.
func TestTemplate(t *testing.T) {
	var asked []int
	_, ts := startServer(t, Options{Template: func(year int) ([]byte, error) {
		asked = append(asked, year)
		return []byte(fmt.Sprintf("workbook %d", year)), nil
	}})
	p := openPage(t, ts.URL)
	resp, data := p.get("/template?year=2021")
	if resp.StatusCode != 200 || string(data) != "workbook 2021" || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("template = %d %q %v", resp.StatusCode, data, resp.Header)
	}
	for _, bad := range []string{"", "1999", "2101", "x"} {
		if resp, _ := p.get("/template?year=" + bad); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("template?year=%s = %d, want 400", bad, resp.StatusCode)
		}
	}
	if !slices.Equal(asked, []int{2021}) {
		t.Errorf("Template called for %v, want [2021]", asked)
	}
}

// TestZipUpload: a zip is unpacked into a folder input; entries that try to escape, are
// not regular files or are too large are refused by name, and nothing lands outside.
func TestZipUpload(t *testing.T) {
	root := t.TempDir()
	_, ts := startServer(t, Options{TempDir: root, Limits: Limits{MaxFileBytes: 4 << 20}})
	p := openPage(t, ts.URL)
	seed := readFile(t, seedWorkbook)
	gbk, _ := simplifiedchinese.GB18030.NewEncoder().String("教育局/教育局.xlsx")

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(h *zip.FileHeader, data []byte) {
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	add(&zip.FileHeader{Name: "各部门/智慧城市.xlsx", Method: zip.Deflate}, seed)
	add(&zip.FileHeader{Name: gbk, NonUTF8: true, Method: zip.Deflate}, readFile(t, educationWorkbook))
	add(&zip.FileHeader{Name: "../../escape.xlsx", Method: zip.Deflate}, seed)
	add(&zip.FileHeader{Name: `..\..\escape2.xlsx`, Method: zip.Deflate}, seed)
	link := &zip.FileHeader{Name: "link.xlsx"}
	link.SetMode(fs.ModeSymlink | 0o777)
	add(link, []byte("/etc/passwd"))
	add(&zip.FileHeader{Name: "big.xlsx", Method: zip.Deflate}, make([]byte, 5<<20))
	zw.Close()

	p.upload(upFile{"部门.zip", buf.Bytes()})
	st := p.wait()
	var ok []string
	for _, r := range st.Results {
		if r.OK {
			ok = append(ok, r.Source+" "+r.Total)
		}
	}
	sort.Strings(ok)
	if want := []string{"部门/各部门/智慧城市.xlsx 90.73", "部门/教育局/教育局.xlsx 85.71"}; !slices.Equal(ok, want) {
		t.Errorf("evaluated %v, want %v", ok, want)
	}
	refused := map[string]bool{}
	for _, r := range st.Refused {
		refused[r.Name] = true
	}
	for _, name := range []string{"部门.zip/../../escape.xlsx", `部门.zip/..\..\escape2.xlsx`, "部门.zip/link.xlsx", "部门.zip/big.xlsx"} {
		if !refused[name] {
			t.Errorf("%s not refused; refused: %v", name, st.Refused)
		}
	}
	// Nothing was written outside the session's folder.
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if strings.Contains(d.Name(), "escape") || d.Type()&fs.ModeSymlink != 0 {
			t.Errorf("written: %s", path)
		}
		return nil
	})
}

// TestOversizedUpload: a 200 MB workbook is refused by name while the server streams it,
// and the good file beside it is processed; the heap never grows by more than a few MB.
func TestOversizedUpload(t *testing.T) {
	_, ts := startServer(t, Options{})
	p := openPage(t, ts.URL)
	seed := readFile(t, seedWorkbook)

	const big = 200 << 20
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		mw.WriteField("path", "巨大的文件.xlsx")
		w, _ := mw.CreateFormFile("file", "巨大的文件.xlsx")
		chunk := make([]byte, 64<<10)
		for n := 0; n < big; n += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		mw.WriteField("path", "seed.xlsx")
		w, _ = mw.CreateFormFile("file", "seed.xlsx")
		w.Write(seed)
		pw.CloseWithError(mw.Close())
	}()

	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	stop := make(chan struct{})
	var sampled sync.WaitGroup
	sampled.Add(1)
	go func() {
		defer sampled.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	code, body := p.post(pr, mw.FormDataContentType())
	close(stop)
	sampled.Wait()
	if code != http.StatusAccepted {
		t.Fatalf("upload = %d %s", code, body)
	}
	growth := int64(peak.Load()) - int64(base.HeapInuse)
	t.Logf("200 MB upload: heap in use %.1f MB before, peak %.1f MB (growth %.1f MB)",
		float64(base.HeapInuse)/(1<<20), float64(peak.Load())/(1<<20), float64(growth)/(1<<20))
	if growth > 100<<20 {
		t.Errorf("heap grew by %d MB while streaming a 200 MB upload, want < 100 MB", growth>>20)
	}
	st := p.wait()
	if len(st.Refused) != 1 || st.Refused[0].Name != "巨大的文件.xlsx" || !strings.Contains(st.Refused[0].Reason, "64 MB") {
		t.Errorf("refused = %v, want 巨大的文件.xlsx for its size", st.Refused)
	}
	if len(st.Results) != 1 || st.Results[0].Total != "90.73" {
		t.Errorf("results = %v, want seed.xlsx 90.73", st.Results)
	}
}

// TestUploadTooLarge: a request over MaxUploadBytes is refused as a whole and leaves nothing.
func TestUploadTooLarge(t *testing.T) {
	root := t.TempDir()
	_, ts := startServer(t, Options{TempDir: root, Limits: Limits{MaxUploadBytes: 1 << 20}})
	p := openPage(t, ts.URL)
	body, ct := multipartBody(t, []upFile{{"a.xlsx", make([]byte, 600<<10)}, {"b.xlsx", make([]byte, 600<<10)}})
	code, msg := p.post(body, ct)
	if code != http.StatusRequestEntityTooLarge || !strings.Contains(string(msg), "1 MB") {
		t.Errorf("upload = %d %s, want 413 naming the limit", code, msg)
	}
	for _, f := range dirFilesRecursive(t, root) {
		if fi, err := os.Stat(f); err == nil && !fi.IsDir() {
			t.Errorf("left behind: %s", f)
		}
	}
}

// TestTooManyFiles: files past MaxFiles are refused by name; the others run.
func TestTooManyFiles(t *testing.T) {
	_, ts := startServer(t, Options{Limits: Limits{MaxFiles: 2}})
	p := openPage(t, ts.URL)
	seed := readFile(t, seedWorkbook)
	p.upload(upFile{"a.xlsx", seed}, upFile{"b.xlsx", seed}, upFile{"c.xlsx", seed})
	st := p.wait()
	if len(st.Results) != 2 || len(st.Refused) != 1 || st.Refused[0].Name != "c.xlsx" {
		t.Errorf("results %v, refused %v; want a and b run, c refused", st.Results, st.Refused)
	}
}

// TestConcurrentSessions: five pages upload at once, each a different set; each sees
// exactly its own results and files.
func TestConcurrentSessions(t *testing.T) {
	_, ts := startServer(t, Options{})
	seed, edu := readFile(t, seedWorkbook), readFile(t, educationWorkbook)
	var wg sync.WaitGroup
	for i := range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := openPage(t, ts.URL)
			// Session i uploads i+1 files, alternating the two samples, named after itself.
			var files []upFile
			want := map[string]string{}
			for k := 0; k <= i; k++ {
				name := fmt.Sprintf("s%d-%d.xlsx", i, k)
				data, total := seed, "90.73"
				if k%2 == 1 {
					data, total = edu, "85.71"
				}
				files = append(files, upFile{name, data})
				want[name] = total
			}
			p.upload(files...)
			st := p.wait()
			got := map[string]string{}
			for _, r := range st.Results {
				got[r.Source] = r.Total
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("session %d got %v, want %v", i, got, want)
			}
			_, data := p.get(st.AllURL)
			if n := len(zipNames(t, data)); n != 2*(i+1)+2 {
				t.Errorf("session %d zip holds %d files, want %d", i, n, 2*(i+1)+2)
			}
		}()
	}
	wg.Wait()
}

// TestSessionEnd: 结束并清除 deletes the folder, idle sessions expire, Close deletes all.
func TestSessionEnd(t *testing.T) {
	root := t.TempDir()
	s, ts := startServer(t, Options{TempDir: root, IdleTimeout: 300 * time.Millisecond})
	seed := readFile(t, seedWorkbook)

	ended := openPage(t, ts.URL)
	ended.upload(upFile{"a.xlsx", seed})
	ended.wait()
	dir := sessionDir(t, s, ended)
	req, _ := http.NewRequest("POST", ts.URL+"/api/"+ended.sid+"/end", strings.NewReader(ended.token)) // as the unload beacon sends it
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("end = %v %v", resp, err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("ended session's folder still there: %v", err)
	}
	if resp, _ := ended.get("/api/" + ended.sid + "/state"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("ended session's state = %d, want 404", resp.StatusCode)
	}

	idle := openPage(t, ts.URL)
	idle.upload(upFile{"a.xlsx", seed})
	idle.wait()
	dir = sessionDir(t, s, idle)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(dir); os.IsNotExist(err) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("idle session's folder still there 5 s after its 300 ms timeout: %v", err)
	}
	if s.session(idle.sid) != nil {
		t.Error("idle session still open after its timeout")
	}

	last := openPage(t, ts.URL)
	last.upload(upFile{"a.xlsx", seed})
	last.wait()
	s.Close()
	if files := dirFilesRecursive(t, root); len(files) != 0 {
		t.Errorf("left after Close: %v", files)
	}
}

// TestBusy: a session runs one batch at a time; ending it cancels the batch.
func TestBusy(t *testing.T) {
	release := make(chan struct{})
	var cancelled atomic.Bool
	_, ts := startServer(t, Options{RunBatch: func(ctx context.Context, job Job) (*batch.Report, error) {
		if job.Inputs[0] == "d.xlsx" { // runs until its session ends
			<-ctx.Done()
			cancelled.Store(true)
			return &batch.Report{}, nil
		}
		select {
		case <-release:
		case <-ctx.Done():
		}
		return &batch.Report{}, nil
	}})
	p := openPage(t, ts.URL)
	p.upload(upFile{"a.xlsx", []byte("x")})
	body, ct := multipartBody(t, []upFile{{"b.xlsx", []byte("y")}})
	if code, msg := p.post(body, ct); code != http.StatusConflict {
		t.Errorf("second upload while running = %d %s, want 409", code, msg)
	}
	// Another page is not held up.
	other := openPage(t, ts.URL)
	other.upload(upFile{"c.xlsx", []byte("z")})
	close(release)
	other.wait()

	third := openPage(t, ts.URL)
	third.upload(upFile{"d.xlsx", []byte("w")})
	req, _ := http.NewRequest("POST", ts.URL+"/api/"+third.sid+"/end", nil)
	req.Header.Set(tokenHeader, third.token)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("end = %v %v", resp, err)
	}
	if !cancelled.Load() {
		t.Error("ending the session did not cancel its batch")
	}
}

type sse struct{ name, data string }

// readEvents reads the batch's event stream to its end.
func readEvents(t *testing.T, p *page, seq int) []sse {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/api/%s/events?seq=%d", p.base, p.sid, seq), nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("events Content-Type = %q", ct)
	}
	var out []sse
	var cur sse
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			cur.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			cur.data = strings.TrimPrefix(line, "data: ")
		case line == "":
			out = append(out, cur)
			cur = sse{}
		}
	}
	return out
}

// sessionDir finds the session's working folder.
func sessionDir(t *testing.T, s *Server, p *page) string {
	t.Helper()
	ss := s.session(p.sid)
	if ss == nil {
		t.Fatalf("no session %s", p.sid)
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.dir == "" {
		t.Fatalf("session %s has no folder", p.sid)
	}
	return ss.dir
}

func dirFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

func dirFilesRecursive(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && path != dir {
			out = append(out, path)
		}
		return nil
	})
	return out
}

func zipNames(t *testing.T, data []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	sort.Strings(names)
	return names
}
