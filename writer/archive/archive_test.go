package archive_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"

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

// bind renders the documents, each as writer/pdf renders a report, binds them behind a
// cover rendered with their characters, and returns the archive and each one's pages.
// Each report is read back from a file with archive.ReadFile, as selfeval binds them.
func bind(t *testing.T, set *fonts.Set, docs []*report.Document) (out []byte, coverPages int, pages []int) {
	return bindWith(t, set, docs, func(pdf []byte) (*archive.Document, error) {
		path := filepath.Join(t.TempDir(), "report.pdf")
		if err := os.WriteFile(path, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		return archive.ReadFile(path)
	})
}

// bindWith is bind reading each report with read.
func bindWith(t *testing.T, set *fonts.Set, docs []*report.Document, read func([]byte) (*archive.Document, error)) (out []byte, coverPages int, pages []int) {
	t.Helper()
	opt := pdf.Options{Date: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)}
	numbers, err := pdf.PageNumbers(set)
	if err != nil {
		t.Fatal(err)
	}
	cover := report.LayoutArchiveFront(report.ArchiveFront{Title: "合订本"}) // a cover and an empty contents page
	var front bytes.Buffer
	if err := pdf.Render(&front, cover, set, opt); err != nil {
		t.Fatal(err)
	}
	coverPages, err = archive.PageCount(front.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	a := archive.New(&buf, numbers)
	first := coverPages + 1
	for i, d := range docs {
		var one bytes.Buffer
		if err := pdf.Render(&one, d, set, opt); err != nil {
			t.Fatal(err)
		}
		doc, err := read(one.Bytes())
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		n, err := a.Add(doc, []string{"部门甲", "部门乙", "部门丙", "部门丁"}[i], first)
		if err != nil {
			t.Fatalf("Add: %v", err)
		}
		if c, _ := archive.PageCount(one.Bytes()); c != n {
			t.Errorf("document %d: added %d pages, it has %d", i, n, c)
		}
		pages = append(pages, n)
		first += n
	}
	opt.Shared = pdf.NewSharedFonts(set)
	for face, chars := range a.Characters() {
		if err := opt.Shared.AddCharacters(face, chars); err != nil {
			t.Fatal(err)
		}
	}
	if err := opt.Shared.Add(cover); err != nil {
		t.Fatal(err)
	}
	front.Reset()
	if err := pdf.Render(&front, cover, set, opt); err != nil {
		t.Fatal(err)
	}
	if n, err := a.AddFront(front.Bytes()); err != nil || n != coverPages {
		t.Fatalf("AddFront: %d pages, %v; want %d", n, err, coverPages)
	}
	if err := a.Close("合订本", "D:20210101000000Z"); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), coverPages, pages
}

// TestReadFileBindsAsRead: a report read from its file without its font programs binds
// to the same bytes as the whole report read from memory.
func TestReadFileBindsAsRead(t *testing.T) {
	set, err := fonts.Find(fonts.Options{})
	if err != nil {
		t.Skip("no CJK font: ", err)
	}
	docs := reports(t, 2)
	fromFile, _, _ := bind(t, set, docs)
	fromMemory, _, _ := bindWith(t, set, docs, archive.Read)
	if !bytes.Equal(fromFile, fromMemory) {
		t.Errorf("ReadFile binds to %d bytes, Read to %d: they differ", len(fromFile), len(fromMemory))
	}
	if _, err := archive.ReadFile(filepath.Join(t.TempDir(), "missing.pdf")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile of a missing file: %v", err)
	}
}

func TestArchive(t *testing.T) {
	set, err := fonts.Find(fonts.Options{})
	if err != nil {
		t.Skip("no CJK font: ", err)
	}
	docs := reports(t, 3)
	out, coverPages, pages := bind(t, set, docs)
	total := coverPages
	for _, n := range pages {
		total += n
	}
	if got, err := archive.PageCount(out); err != nil || got != total {
		t.Errorf("archive has %d pages (%v), want %d", got, err, total)
	}
	if n, faces := bytes.Count(out, []byte("/Subtype /Type0")), len(set.Faces()); n > faces {
		t.Errorf("%d fonts written for 3 documents, want each face once (%d faces)", n, faces)
	}

	qpdf, err := exec.LookPath("qpdf")
	if err != nil {
		t.Skip("qpdf not installed")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "合订本.pdf")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(qpdf, "--check", path)
	if msg, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(msg), "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check: %v\n%s", err, msg)
	}
	checkNumbersAndText(t, dir, path, coverPages, docs, set)
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

// checkNumbersAndText reads the archive with pdftotext: every page shows its own number
// (continuous from the cover's 1) and no other, each sized A4 the way its report's page is,
// and each report's text is its own PDF's but for the numbers.
func checkNumbersAndText(t *testing.T, dir, path string, coverPages int, docs []*report.Document, set *fonts.Set) {
	t.Helper()
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("pdftotext not installed: page numbers not read")
		return
	}
	text := func(file string) []string {
		out, err := exec.Command(pdftotext, "-layout", file, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		return strings.Split(strings.TrimSuffix(string(out), "\f"), "\f")
	}
	number := regexp.MustCompile(`— (\d+) —`)
	got := text(path)
	for i, page := range got {
		m := number.FindAllStringSubmatch(page, -1)
		if len(m) != 1 || m[0][1] != strconv.Itoa(i+1) {
			t.Errorf("archive page %d shows page numbers %v, want only %d", i+1, m, i+1)
		}
	}
	at := coverPages
	for i, d := range docs {
		var one bytes.Buffer
		if err := pdf.Render(&one, d, set, pdf.Options{Date: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, fmt.Sprintf("%d.pdf", i))
		if err := os.WriteFile(file, one.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		// Without its number and the layout's spaces (the number moves from one side to the
		// other when the page's parity does).
		bare := func(page string) string { return strings.Join(strings.Fields(number.ReplaceAllString(page, "")), "") }
		for j, page := range text(file) {
			if at+j >= len(got) || bare(got[at+j]) != bare(page) {
				t.Errorf("document %d page %d reads differently in the archive:\n%q\n%q", i, j+1, bare(got[min(at+j, len(got)-1)]), bare(page))
			}
		}
		at += len(text(file))
	}
	info, err := exec.LookPath("pdfinfo")
	if err != nil {
		return
	}
	out, err := exec.Command(info, "-f", "1", "-l", "9999", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "Page") && strings.Contains(l, " size:") && !strings.Contains(l, "595.28 x 841.89") && !strings.Contains(l, "841.89 x 595.28") {
			t.Errorf("not A4: %s", l)
		}
	}
}

func TestArchiveRejects(t *testing.T) {
	for name, data := range map[string]string{"empty": "", "no_xref": "%PDF-1.4\nstartxref\n99\n%%EOF"} {
		if _, err := archive.Read([]byte(data)); err == nil {
			t.Errorf("Read(%s) accepted", name)
		}
	}
	// A PDF whose page number is not in a stream of its own (an older report) is read, but
	// cannot be renumbered.
	old := gofpdf.New("P", "mm", "A4", "")
	old.AddPage()
	var b bytes.Buffer
	if err := old.Output(&b); err != nil {
		t.Fatal(err)
	}
	d, err := archive.Read(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	a := archive.New(&bytes.Buffer{}, func(int, bool) []pdf.TextRun { return nil })
	if _, err := a.Add(d, "旧报告", 1); !errors.Is(err, archive.ErrNoPageNumberStream) {
		t.Errorf("Add(an unsplit page) = %v, want ErrNoPageNumberStream", err)
	}
}
