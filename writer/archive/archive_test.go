package archive_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"selfeval/calc"
	"selfeval/fixture"
	"selfeval/templates"
	"selfeval/writer/archive"
	"selfeval/writer/fonts"
	"selfeval/writer/pdf"
	"selfeval/writer/report"
)

// reports lays out n generated departments' reports.
func reports(t *testing.T, n int) []*report.Document {
	t.Helper()
	r, err := templates.DefaultRubric()
	if err != nil {
		t.Fatal(err)
	}
	var docs []*report.Document
	for i := range n {
		doc, err := report.Layout(calc.Evaluate(fixture.Random(uint64(7+i)), r), report.Options{})
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
	}
	return docs
}

// bind renders the documents, with one shared font subset or each its own, and binds them.
func bind(t *testing.T, set *fonts.Set, docs []*report.Document, share bool) (out []byte, pages []int) {
	t.Helper()
	opt := pdf.Options{Date: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), FirstPage: 1}
	if share {
		opt.Shared = pdf.NewSharedFonts(set)
		for _, d := range docs {
			if err := opt.Shared.Add(d); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	a := archive.New(&buf)
	for i, d := range docs {
		var one bytes.Buffer
		if err := pdf.Render(&one, d, set, opt); err != nil {
			t.Fatal(err)
		}
		n, err := a.Add(one.Bytes(), []string{"部门甲", "部门乙", "部门丙", "部门丁"}[i])
		if err != nil {
			t.Fatalf("Add: %v", err)
		}
		if c, _ := archive.PageCount(one.Bytes()); c != n {
			t.Errorf("document %d: added %d pages, it has %d", i, n, c)
		}
		pages = append(pages, n)
		opt.FirstPage += n
	}
	if err := a.Close("合订本", "D:20210101000000Z"); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), pages
}

func TestArchive(t *testing.T) {
	set, err := fonts.Find(fonts.Options{})
	if err != nil {
		t.Skip("no CJK font: ", err)
	}
	docs := reports(t, 3)
	out, pages := bind(t, set, docs, true)
	total := 0
	for _, n := range pages {
		total += n
	}
	if got, err := archive.PageCount(out); err != nil || got != total {
		t.Errorf("archive has %d pages (%v), want %d", got, err, total)
	}
	shared := bytes.Count(out, []byte("/Subtype /Type0"))
	separate, _ := bind(t, set, docs, false)
	if n := bytes.Count(separate, []byte("/Subtype /Type0")); n <= shared {
		t.Errorf("fonts written: %d shared, %d with each document's own subset; want fewer shared", shared, n)
	}
	if shared > 4 {
		t.Errorf("%d fonts written for 3 documents, want each face once", shared)
	}

	qpdf, err := exec.LookPath("qpdf")
	if err != nil {
		t.Skip("qpdf not installed")
	}
	path := filepath.Join(t.TempDir(), "合订本.pdf")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(qpdf, "--check", path)
	if msg, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(msg), "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check: %v\n%s", err, msg)
	}
	cmd = exec.Command(qpdf, "--json", "--json-key=outlines", path)
	js, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	var o struct {
		Outlines []struct {
			Title string `json:"title"`
			Kids  []struct {
				Title string `json:"title"`
			} `json:"kids"`
		} `json:"outlines"`
	}
	if err := json.Unmarshal(js, &o); err != nil {
		t.Fatal(err)
	}
	if len(o.Outlines) != 3 || o.Outlines[1].Title != "部门乙" {
		t.Fatalf("outlines = %+v, want a top-level bookmark per document", o.Outlines)
	}
	for _, d := range o.Outlines {
		if len(d.Kids) == 0 || !strings.HasPrefix(d.Kids[0].Title, "一、") {
			t.Errorf("%s's bookmarks = %+v, want its chapters", d.Title, d.Kids)
		}
	}
}

func TestArchiveRejects(t *testing.T) {
	a := archive.New(&bytes.Buffer{})
	for name, data := range map[string]string{"empty": "", "no_xref": "%PDF-1.4\nstartxref\n99\n%%EOF"} {
		if _, err := a.Add([]byte(data), name); err == nil {
			t.Errorf("Add(%s) accepted", name)
		}
	}
}
