package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"selfeval/batch"
	"selfeval/calc"
	"selfeval/fixture"
	"selfeval/writer/fonts"
	"selfeval/writer/submission"
)

// writeDepartments writes the submissions of generated departments into dir, for year
// (0: the generator's), and a broken workbook; it returns the folder.
func writeDepartments(t *testing.T, dir string, seeds []uint64, year int) string {
	return writeVaried(t, dir, seeds, year, 0)
}

// writeVaried is writeDepartments with each department's figures taken from the seed plus
// vary, its name kept: the same departments in another year.
func writeVaried(t *testing.T, dir string, seeds []uint64, year int, vary uint64) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, s := range seeds {
		d := fixture.Random(s + vary)
		d.Info.Name = fixture.Random(s).Info.Name
		if year != 0 {
			d.Info.Year = year
		}
		var buf bytes.Buffer
		if err := submission.Write(&buf, d, submission.Options{}); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("dept-%03d.xlsx", s)), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "broken.xlsx"), []byte("not a workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func seeds(from, n int) []uint64 {
	var out []uint64
	for i := range n {
		out = append(out, uint64(from+i))
	}
	return out
}

// TestSummaryJoinsShards: two half-runs (--shard 1/2 and 2/2) take every input exactly
// once, and `summary` over their folders writes the 汇总.xlsx of one run over all inputs,
// byte for byte.
func TestSummaryJoinsShards(t *testing.T) {
	tmp := t.TempDir()
	in := writeDepartments(t, filepath.Join(tmp, "in"), seeds(1, 8), 0)
	all, half1, half2, joined := filepath.Join(tmp, "all"), filepath.Join(tmp, "h1"), filepath.Join(tmp, "h2"), filepath.Join(tmp, "joined")
	for _, run := range [][]string{
		{"run", in, "--out", all, "--no-xlsx", "--workers", "2"},
		{"run", in, "--out", half1, "--no-xlsx", "--shard", "1/2"},
		{"run", in, "--out", half2, "--no-xlsx", "--shard", "2/2"},
	} {
		if code, _, stderr := selfeval(t, run...); code != exitFailed { // broken.xlsx fails in one of them
			if !(code == exitOK && slices.Contains(run, "--shard")) {
				t.Fatalf("%v: exit %d\n%s", run, code, stderr)
			}
		}
	}
	c1, err := batch.Collect(half1)
	if err != nil {
		t.Fatal(err)
	}
	c2, err := batch.Collect(half2)
	if err != nil {
		t.Fatal(err)
	}
	sources := func(c *batch.Collected) []string {
		var out []string
		for _, d := range c.Digests {
			out = append(out, d.Source)
		}
		for _, f := range c.Failures {
			out = append(out, f.Source)
		}
		return out
	}
	got := append(sources(c1), sources(c2)...)
	slices.Sort(got)
	call, err := batch.Collect(all)
	if err != nil {
		t.Fatal(err)
	}
	want := sources(call)
	slices.Sort(want)
	if !slices.Equal(got, want) || len(want) != 9 {
		t.Fatalf("the shards hold %v, want every input once: %v", got, want)
	}
	if len(sources(c1)) == 0 || len(sources(c2)) == 0 {
		t.Errorf("a shard is empty: %d + %d", len(sources(c1)), len(sources(c2)))
	}

	if code, _, stderr := selfeval(t, "summary", "--out", joined, half1, half2); code != exitOK {
		t.Fatalf("summary: exit %d\n%s", code, stderr)
	}
	a, _ := os.ReadFile(filepath.Join(all, batch.SummaryName))
	b, _ := os.ReadFile(filepath.Join(joined, batch.SummaryName))
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Errorf("joined 汇总.xlsx (%d bytes) differs from one run's (%d bytes)", len(b), len(a))
	}
	if _, err := fonts.Find(fonts.Options{}); err == nil {
		ra, _ := os.ReadFile(filepath.Join(all, summaryReportPDF))
		rb, _ := os.ReadFile(filepath.Join(joined, summaryReportPDF))
		if len(ra) == 0 || !bytes.Equal(ra, rb) {
			t.Errorf("joined %s (%d bytes) differs from one run's (%d bytes)", summaryReportPDF, len(rb), len(ra))
		}
		aa, _ := os.ReadFile(filepath.Join(all, archiveName))
		ab, _ := os.ReadFile(filepath.Join(joined, archiveName))
		if len(aa) == 0 || !bytes.Equal(aa, ab) {
			t.Errorf("joined %s (%d bytes) differs from one run's (%d bytes)", archiveName, len(ab), len(aa))
		}
	}

	// Again into the same folder: its own files are rewritten, the same bytes.
	if code, _, stderr := selfeval(t, "summary", "--out", joined, half2, half1); code != exitOK {
		t.Fatalf("summary again: exit %d\n%s", code, stderr)
	}
	if b2, _ := os.ReadFile(filepath.Join(joined, batch.SummaryName)); !bytes.Equal(a, b2) {
		t.Errorf("the second summary, folders in the other order, differs")
	}
	// The joined folder is itself a batch: joined again it gives the same bytes.
	rejoined := filepath.Join(tmp, "rejoined")
	if code, _, stderr := selfeval(t, "summary", "--out", rejoined, joined); code != exitOK {
		t.Fatalf("summary of the joined folder: exit %d\n%s", code, stderr)
	}
	if b3, _ := os.ReadFile(filepath.Join(rejoined, batch.SummaryName)); !bytes.Equal(a, b3) {
		t.Errorf("the summary of the joined folder differs")
	}
}

func TestSummaryRefuses(t *testing.T) {
	tmp := t.TempDir()
	in := writeDepartments(t, filepath.Join(tmp, "in"), seeds(1, 1), 0)
	res := filepath.Join(tmp, "res")
	selfeval(t, "run", in, "--out", res, "--no-pdf")
	foreign := filepath.Join(tmp, "foreign")
	os.MkdirAll(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, batch.SummaryName), []byte("someone's own workbook"), 0o644)
	notOut := filepath.Join(tmp, "empty")
	os.MkdirAll(notOut, 0o755)
	aFile := filepath.Join(tmp, "file")
	os.WriteFile(aFile, nil, 0o644)

	tests := []struct {
		name string
		args []string
		msg  string
	}{
		{"no_out", []string{"summary", res}, "--out"},
		{"no_dirs", []string{"summary", "--out", filepath.Join(tmp, "x")}, "结果目录"},
		{"out_is_source", []string{"summary", "--out", res, res}, "不能是"},
		{"foreign_file", []string{"summary", "--out", foreign, res}, "不是 selfeval 写的"},
		{"not_an_out_folder", []string{"summary", "--out", filepath.Join(tmp, "y"), notOut}, "manifest.json"},
		{"out_is_file", []string{"summary", "--out", aFile, res}, "是一个文件"},
		{"bad_prior", []string{"summary", "--out", filepath.Join(tmp, "z"), "--prior", notOut, res}, "--prior"},
		{"bad_shard", []string{"run", in, "--out", filepath.Join(tmp, "w"), "--shard", "3/2"}, "--shard"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := selfeval(t, tt.args...)
			if code != exitUsage || !strings.Contains(stderr, tt.msg) {
				t.Errorf("exit %d, stderr %q; want %d mentioning %q", code, stderr, exitUsage, tt.msg)
			}
		})
	}
	if data, _ := os.ReadFile(filepath.Join(foreign, batch.SummaryName)); string(data) != "someone's own workbook" {
		t.Errorf("the foreign 汇总.xlsx was overwritten")
	}
}

// TestSummaryWithoutReports: joining a folder run with --no-pdf writes 汇总 and 汇总报告,
// says that the 合订本 needs the reports, and leaves a folder it can write again.
func TestSummaryWithoutReports(t *testing.T) {
	if _, err := fonts.Find(fonts.Options{}); err != nil {
		t.Skip("no CJK font: ", err)
	}
	tmp := t.TempDir()
	in := writeDepartments(t, filepath.Join(tmp, "in"), seeds(1, 2), 0)
	res, joined := filepath.Join(tmp, "res"), filepath.Join(tmp, "joined")
	selfeval(t, "run", in, "--out", res, "--no-pdf")
	for range 2 {
		code, _, stderr := selfeval(t, "summary", "--out", joined, res)
		if code != exitOK || !strings.Contains(stderr, "未能生成 "+archiveName) || !strings.Contains(stderr, "--no-pdf") {
			t.Fatalf("summary: exit %d, stderr %q; want 0 and a notice that the 合订本 needs the reports", code, stderr)
		}
		for _, name := range []string{batch.ManifestName, batch.SummaryName, summaryReportPDF} {
			if _, err := os.Stat(filepath.Join(joined, name)); err != nil {
				t.Errorf("%s not written: %v", name, err)
			}
		}
		if _, err := os.Stat(filepath.Join(joined, archiveName)); err == nil {
			t.Errorf("%s written without the reports", archiveName)
		}
	}
}

// TestRunPrior: a batch run with --prior over last year's run gives each department found
// there by name last year's total and the change.
func TestRunPrior(t *testing.T) {
	tmp := t.TempDir()
	lastIn := writeVaried(t, filepath.Join(tmp, "in2019"), seeds(1, 4), 2019, 1000)
	nowIn := writeDepartments(t, filepath.Join(tmp, "in2020"), seeds(2, 4), 2020)
	last, now := filepath.Join(tmp, "out2019"), filepath.Join(tmp, "out2020")
	selfeval(t, "run", lastIn, "--out", last, "--no-pdf")
	if code, _, stderr := selfeval(t, "run", nowIn, "--out", now, "--no-pdf", "--prior", last); code != exitFailed {
		t.Fatalf("run --prior: exit %d\n%s", code, stderr)
	}
	cl, _ := batch.Collect(last)
	cn, _ := batch.Collect(now)
	s := calc.Summarize(cn.Digests, cn.Failures, calc.SummaryOptions{Prior: cl.Digests})
	if s.Prior.Matched != 3 || len(s.Prior.New) != 1 || len(s.Prior.Gone) != 1 {
		t.Errorf("prior = %+v, want 3 matched (seeds 2–4), 1 new, 1 gone", s.Prior)
	}
	data, _ := os.ReadFile(filepath.Join(now, batch.SummaryName))
	f := openXLSX(t, data)
	rows, _ := f.GetRows("汇总")
	col := slices.Index(rows[0], "上年总分")
	if col < 0 {
		t.Fatalf("no column 上年总分 in %v", rows[0])
	}
	lastTotal := map[string]string{}
	for _, d := range cl.Digests {
		lastTotal[d.Department] = d.TotalDisplay()
	}
	filled := 0
	for _, r := range rows[1:] {
		if len(r) > col && r[col] != "" {
			filled++
			if want := lastTotal[r[1]]; r[col] != want {
				t.Errorf("%s 上年总分 = %s, want %s (its 2019 result JSON)", r[1], r[col], want)
			}
		}
	}
	if filled != 3 {
		t.Errorf("%d rows have a 上年总分, want 3", filled)
	}
}

func openXLSX(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestSummaryReportFigures computes the batch's counts and averages directly from the
// result JSONs in --out and finds them in the text of 汇总报告.pdf.
func TestSummaryReportFigures(t *testing.T) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (Debian: poppler-utils)")
	}
	if _, err := fonts.Find(fonts.Options{}); err != nil {
		t.Skip("no CJK font: ", err)
	}
	tmp := t.TempDir()
	in := writeDepartments(t, filepath.Join(tmp, "in"), seeds(40, 7), 0)
	out := filepath.Join(tmp, "out")
	if code, _, stderr := selfeval(t, "run", in, "--out", out, "--no-xlsx"); code != exitFailed {
		t.Fatalf("run: exit %d\n%s", code, stderr)
	}

	// Independently: every <stem>.json in out, read as plain JSON.
	paths, _ := filepath.Glob(filepath.Join(out, "*.json"))
	total, execSum := decimal.Zero, decimal.Zero
	n, execN := 0, 0
	grades := map[string]int{}
	for _, p := range paths {
		if filepath.Base(p) == batch.ManifestName {
			continue
		}
		data, _ := os.ReadFile(p)
		var r struct {
			Total  json.Number `json:"total"`
			Grade  string      `json:"grade"`
			Ratios map[string]struct {
				Value *json.Number `json:"value"`
			} `json:"ratios"`
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		total = total.Add(decimal.RequireFromString(string(r.Total)))
		grades[r.Grade]++
		if v := r.Ratios["execution_rate"].Value; v != nil {
			execSum = execSum.Add(decimal.RequireFromString(string(*v)))
			execN++
		}
		n++
	}
	if n != 7 {
		t.Fatalf("%d result JSONs, want 7", n)
	}
	meanTotal := total.Div(decimal.NewFromInt(int64(n))).Round(2).StringFixed(2)
	meanExec := execSum.Div(decimal.NewFromInt(int64(execN))).Mul(decimal.NewFromInt(100)).Round(2).StringFixed(2) + "%"

	text, err := exec.Command(pdftotext, filepath.Join(out, summaryReportPDF), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	flat := strings.Join(strings.Fields(string(text)), "")
	want := []string{
		"本次共收到8份", "其中7份完成评价，1份未能评价",
		"平均得分" + meanTotal + "分",
		meanExec, // 表2's mean 预算执行率 (pdftotext scatters a table's columns)
		"broken.xlsx",
	}
	for g, c := range grades {
		want = append(want, fmt.Sprintf("评为“%s”的%d个", g, c))
	}
	for _, w := range want {
		if !strings.Contains(flat, w) {
			t.Errorf("汇总报告.pdf lacks %q:\n%s", w, flat)
		}
	}
	// The .docx form, from the same model: its text holds the same figures.
	zr, err := zip.OpenReader(filepath.Join(out, summaryReportDOCX))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var body []byte
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			body, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	docText := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(string(body), "")
	docText = strings.Join(strings.Fields(html.UnescapeString(docText)), "")
	for _, w := range want {
		if !strings.Contains(docText, w) {
			t.Errorf("汇总报告.docx lacks %q", w)
		}
	}
}
