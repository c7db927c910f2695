package docx

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"selfeval/calc"
	"selfeval/internal/cputime"
	"selfeval/reader"
	"selfeval/templates"
	"selfeval/writer/report"
)

var fixedDate = time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)

// samples are the shipped sample workbooks, the seed among them.
func samples(t testing.TB) []string {
	t.Helper()
	paths, err := filepath.Glob("../../testdata/samples/*.xlsx")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no sample workbooks: %v", err)
	}
	return paths
}

// evaluate reads a workbook and evaluates it under the default rubric.
func evaluate(t testing.TB, path string) *calc.Evaluation {
	t.Helper()
	d, err := reader.ReadFile(path, reader.Options{})
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	r, err := templates.DefaultRubric()
	if err != nil {
		t.Fatal(err)
	}
	return calc.Evaluate(d, r)
}

// layout reads a workbook, evaluates it and lays out its report.
func layout(t testing.TB, path string) *report.Document {
	t.Helper()
	doc, err := report.Layout(evaluate(t, path), report.Options{})
	if err != nil {
		t.Fatalf("layout %s: %v", path, err)
	}
	return doc
}

func write(t testing.TB, doc *report.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, doc, Options{Date: fixedDate}); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return buf.Bytes()
}

// parts unzips a package.
func parts(t testing.TB, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		m[f.Name] = string(b)
	}
	return m
}

func TestDeterministic(t *testing.T) {
	for _, path := range samples(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			a := write(t, layout(t, path))
			b := write(t, layout(t, path))
			if !bytes.Equal(a, b) {
				t.Error("two runs give different bytes")
			}
		})
	}
}

// item is one paragraph or table cell of a document, in reading order: what the model
// says the docx holds, and what python-docx finds in it.
type item struct {
	Kind  string `json:"k"` // p or tc
	Style string `json:"style"`
	Text  string `json:"text"`
}

func (i item) String() string { return fmt.Sprintf("%s[%s] %q", i.Kind, i.Style, i.Text) }

// expected lists the paragraphs and cells a document's model puts in the docx.
func expected(doc *report.Document) []item {
	var items []item
	p := func(style, text string) {
		if text != "" {
			items = append(items, item{"p", style, text})
		}
	}
	for _, bl := range doc.Blocks {
		switch x := bl.(type) {
		case *report.Title:
			p("Title", x.Text)
		case *report.HeaderBlock:
			for _, l := range x.Lines {
				p("Normal", l.Text)
			}
		case *report.Heading:
			p(fmt.Sprintf("Heading %d", min(x.Level, maxHeadingLvl)), x.Text)
		case *report.Paragraph:
			style := "Normal Indent"
			if x.NoIndent || x.Align == report.AlignCenter || x.Align == report.AlignRight {
				style = "Normal"
			}
			p(style, x.Text)
		case *report.Table:
			p("Caption", x.Caption)
			p("表格单位", x.Unit)
			for _, rows := range [][][]report.Cell{x.Header, x.Rows} {
				for _, row := range rows {
					for _, c := range row {
						items = append(items, item{"tc", "表格文字", c.Text})
					}
				}
			}
		case *report.Chart:
			p("Caption", x.Title)
		}
	}
	return items
}

// dumpScript prints, as JSON lines, every non-empty paragraph of the body and every table
// cell that is not the continuation of a vertical merge, in reading order, with the
// paragraph's style as python-docx names it; then the sections' page setup and the East
// Asian fonts of the styles.
const dumpScript = `
import json, sys
import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

d = docx.Document(sys.argv[1])
out = []
def emit(**kw):
    print(json.dumps(kw, ensure_ascii=False))
for el in d.element.body.iterchildren():
    if el.tag == qn('w:p'):
        p = Paragraph(el, d._body)
        if p.text:
            emit(k='p', style=p.style.name, text=p.text)
    elif el.tag == qn('w:tbl'):
        for tr in el.iterchildren(qn('w:tr')):
            for tc in tr.iterchildren(qn('w:tc')):
                vm = tc.find(qn('w:tcPr') + '/' + qn('w:vMerge'))
                if vm is not None and vm.get(qn('w:val')) in (None, 'continue'):
                    continue
                ps = [Paragraph(p, d._body) for p in tc.iterchildren(qn('w:p'))]
                emit(k='tc', style=ps[0].style.name, text='\n'.join(p.text for p in ps))
for s in d.sections:
    emit(k='sect', orient=int(s.orientation), w=s.page_width.twips, h=s.page_height.twips,
         top=s.top_margin.twips, bottom=s.bottom_margin.twips, left=s.left_margin.twips, right=s.right_margin.twips)
for name in ('Normal', 'Heading 1', 'Heading 2', 'Title'):
    st = d.styles[name]
    rf = st.element.find(qn('w:rPr') + '/' + qn('w:rFonts'))
    ea = rf.get(qn('w:eastAsia')) if rf is not None else None
    size = st.font.size.pt if st.font.size else None
    emit(k='style', style=name, text=ea or '', size=size)
`

// python returns a Python 3 that can import docx (Debian's python3-docx), or skips.
func python(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"python3", "/usr/bin/python3"} {
		p, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		if exec.Command(p, "-c", "import docx").Run() == nil {
			return p
		}
	}
	t.Skip("no python3 with python-docx (Debian: python3-docx): the docx is not read back")
	return ""
}

// pyDump is what dumpScript prints of a docx.
type pyDump struct {
	items    []item
	sections []map[string]float64
	styles   map[string]item
	sizes    map[string]float64
}

func readBack(t *testing.T, py string, data []byte) pyDump {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "report.docx")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, "-c", dumpScript, file)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python-docx cannot read the document: %v\n%s", err, stderr.String())
	}
	dump := pyDump{styles: map[string]item{}, sizes: map[string]float64{}}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var raw map[string]any
		if err := json.Unmarshal([]byte(line), &raw); err != nil {
			t.Fatalf("dump line %q: %v", line, err)
		}
		switch raw["k"] {
		case "p", "tc":
			dump.items = append(dump.items, item{raw["k"].(string), raw["style"].(string), raw["text"].(string)})
		case "sect":
			s := map[string]float64{}
			for k, v := range raw {
				if f, ok := v.(float64); ok {
					s[k] = f
				}
			}
			dump.sections = append(dump.sections, s)
		case "style":
			name := raw["style"].(string)
			dump.styles[name] = item{"style", name, raw["text"].(string)}
			if f, ok := raw["size"].(float64); ok {
				dump.sizes[name] = f
			}
		}
	}
	return dump
}

// TestReadBack reads each sample's docx back with python-docx: it holds every paragraph
// and table cell of the report model — the narrative, the generated sentences with their
// figures, every table — in order and in the styles the model asks for; the chapters are
// Heading 1; pages and fonts are GB/T 9704's.
func TestReadBack(t *testing.T) {
	py := python(t)
	for _, path := range samples(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			doc := layout(t, path)
			dump := readBack(t, py, write(t, doc))
			want := expected(doc)
			for i := 0; i < max(len(want), len(dump.items)); i++ {
				var g, w item
				if i < len(dump.items) {
					g = dump.items[i]
				}
				if i < len(want) {
					w = want[i]
				}
				if g != w {
					t.Fatalf("item %d: docx has %v, model %v", i, g, w)
				}
			}
			chapters := 0
			for _, it := range dump.items {
				if it.Style == "Heading 1" {
					chapters++
				}
			}
			if chapters != 4 {
				t.Errorf("%d paragraphs in Heading 1, want the 4 chapters", chapters)
			}
			for name, ea := range map[string]string{"Normal": fontBody, "Heading 1": fontHeading1, "Heading 2": fontHeading2, "Title": fontTitle} {
				if got := dump.styles[name].Text; got != ea {
					t.Errorf("style %s: East Asian font %q, want %q", name, got, ea)
				}
			}
			if got := dump.sizes["Normal"]; got != 16 {
				t.Errorf("Normal: %gpt, want 16 (三号)", got)
			}
			portrait := map[string]float64{"orient": 0, "w": 11906, "h": 16838, "top": 2098, "bottom": 1984, "left": 1587, "right": 1474}
			landscape := map[string]float64{"orient": 1, "w": 16838, "h": 11906, "top": 1587, "bottom": 1474, "left": 1984, "right": 2098}
			sawLandscape := false
			for i, s := range dump.sections {
				want := portrait
				if s["orient"] == 1 {
					want, sawLandscape = landscape, true
				}
				for k, v := range want {
					if s[k] != v {
						t.Errorf("section %d: %s = %g, want %g", i+1, k, s[k], v)
					}
				}
			}
			if !sawLandscape {
				t.Error("no landscape section (the score table's)")
			}
		})
	}
}

// seedPath is the seed workbook.
const seedPath = "../../testdata/samples/seed-2020.xlsx"

// TestSeedParts checks the seed's docx in its XML: GB/T 9704 styles and fonts, footers
// with the page field, the score table in a landscape section with repeated header rows
// and merged cells, one chart part per chart with every label calc formatted, and the
// seed's key figures.
func TestSeedParts(t *testing.T) {
	doc := layout(t, seedPath)
	p := parts(t, write(t, doc))
	docXML := p["word/document.xml"]
	contains := func(part, s string) {
		t.Helper()
		if !strings.Contains(p[part], s) {
			t.Errorf("%s lacks %s", part, s)
		}
	}
	contains("word/styles.xml", `<w:spacing w:line="578" w:lineRule="exact"/>`)
	contains("word/styles.xml", `w:eastAsia="仿宋_GB2312"`)
	contains("word/styles.xml", `<w:sz w:val="32"/>`)
	contains("word/styles.xml", `<w:kinsoku/>`)
	for lvl := 1; lvl <= 3; lvl++ {
		contains("word/styles.xml", fmt.Sprintf(`w:styleId="Heading%d"><w:name w:val="heading %d"/>`, lvl, lvl))
		contains("word/styles.xml", fmt.Sprintf(`<w:outlineLvl w:val="%d"/>`, lvl-1))
	}
	contains("word/fontTable.xml", `<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>`)
	contains("word/fontTable.xml", `<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>`)
	contains("word/settings.xml", `<w:evenAndOddHeaders/>`)
	for _, f := range []string{"word/footer1.xml", "word/footer2.xml"} {
		contains(f, `<w:instrText xml:space="preserve"> PAGE </w:instrText>`)
		contains(f, `— `)
	}
	contains("word/footer1.xml", `<w:jc w:val="right"/>`)
	contains("word/footer2.xml", `<w:jc w:val="left"/>`)
	contains("word/document.xml", `<w:docGrid w:type="lines" w:linePitch="578"/>`)
	contains("word/document.xml", `<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"`)

	// The score table (the one in small type) is the landscape section's.
	var score *report.Table
	charts := 0
	for _, bl := range doc.Blocks {
		switch x := bl.(type) {
		case *report.Table:
			if x.Size == report.SizeSmall {
				score = x
			}
		case *report.Chart:
			charts++
			xml := p[fmt.Sprintf("word/charts/chart%d.xml", charts)]
			for _, s := range x.Series {
				for _, l := range s.Labels {
					if !s.Reference && l != "" && !strings.Contains(xml, "<a:t>"+l+"</a:t>") {
						t.Errorf("chart %d (%s) lacks the label %s", charts, x.Title, l)
					}
				}
			}
		}
	}
	if charts < 2 {
		t.Errorf("%d charts in the seed's report, want the quarterly progress and one more", charts)
	}
	if _, ok := p[fmt.Sprintf("word/charts/chart%d.xml", charts+1)]; ok {
		t.Errorf("more chart parts than the model's %d charts", charts)
	}
	if score == nil {
		t.Fatal("no score table in the seed's report")
	}
	land := `w:orient="landscape"`
	end := strings.Index(docXML, land)
	if end < 0 {
		t.Fatal("no landscape section")
	}
	start := strings.LastIndex(docXML[:end], "</w:sectPr>")
	section := docXML[start:end]
	if !strings.Contains(section, ">"+score.Header[0][0].Text+"<") || !strings.Contains(section, "<w:tblHeader/>") {
		t.Errorf("the landscape section does not hold the score table with its header (%s)", score.Header[0][0].Text)
	}
	if !strings.Contains(section, `<w:vMerge w:val="restart"/>`) || !strings.Contains(section, `<w:gridSpan w:val="`) {
		t.Error("the score table has no merged cells")
	}
	// The seed's figures (SPEC §4, §5) as the report prints them.
	for _, fig := range []string{"99.19%", "87.07%", "32.02%", "90.00%", "5.26%", "98.00%", "90.73", "优"} {
		if !strings.Contains(docXML, fig) {
			t.Errorf("document.xml lacks the seed figure %s", fig)
		}
	}
	if !regexp.MustCompile(`四、[^<]*评分`).MatchString(docXML) {
		t.Error("no chapter 四、…评分")
	}
}

// TestLibreOffice converts the seed's docx to PDF with LibreOffice: it must open (exit 0,
// a PDF produced), hold the title and page numbers, and have landscape pages. Skipped when
// soffice is not installed (CI installs libreoffice-writer-nogui). With
// SELFEVAL_RENDER_DIR set, the PDF and its pages as PNG (pdftoppm -r 60) are kept there
// for a person to look at.
func TestLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice not installed (Debian: libreoffice-writer-nogui)")
	}
	if testing.Short() {
		t.Skip("-short")
	}
	dir := t.TempDir()
	doc := layout(t, seedPath)
	file := filepath.Join(dir, "seed-自评报告.docx")
	if err := os.WriteFile(file, write(t, doc), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(name string, args ...string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Env = append(os.Environ(), "HOME="+dir)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out.String())
		}
		return out.String()
	}
	// A private profile: parallel runs (other packages' tests) must not share one.
	run(soffice, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir, file)
	pdf := strings.TrimSuffix(file, ".docx") + ".pdf"
	data, err := os.ReadFile(pdf)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF")) {
		t.Fatalf("LibreOffice made no PDF: %v", err)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		// Without white space: LibreOffice spaces Latin from CJK text, and pdftotext may
		// drop the spaces inside — 1 —.
		text := strings.Join(strings.Fields(run("pdftotext", "-layout", pdf, "-")), "")
		for _, want := range []string{doc.Title, "—1—", "—2—", "—3—"} {
			if !strings.Contains(text, strings.Join(strings.Fields(want), "")) {
				t.Errorf("LibreOffice's PDF lacks %s", want)
			}
		}
	}
	if _, err := exec.LookPath("pdfinfo"); err == nil {
		info := run("pdfinfo", "-f", "1", "-l", "1000", pdf)
		if !regexp.MustCompile(`size:\s+841\.\d+ x 595\.\d+`).MatchString(info) {
			t.Error("LibreOffice's PDF has no landscape A4 page")
		}
		if !regexp.MustCompile(`size:\s+595\.\d+ x 841\.\d+`).MatchString(info) {
			t.Error("LibreOffice's PDF has no portrait A4 page")
		}
	}
	if keep := os.Getenv("SELFEVAL_RENDER_DIR"); keep != "" {
		if err := os.MkdirAll(keep, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(keep, filepath.Base(file)), write(t, doc), 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(keep, "seed-docx.pdf")
		if err := os.WriteFile(out, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := exec.LookPath("pdftoppm"); err == nil {
			run("pdftoppm", "-png", "-r", "60", out, filepath.Join(keep, "seed-docx"))
		}
	}
}

// BenchmarkWriteSeed is the docx output of a batch: lay out the seed's report and render
// it. cpu-ns/op is the process's CPU per report, meaningful on a shared machine.
func BenchmarkWriteSeed(b *testing.B) {
	e := evaluate(b, seedPath)
	benchmark(b, func(w io.Writer) error { return Write(w, e, Options{Date: fixedDate}) })
}

// BenchmarkRenderSeed renders the seed's laid-out report only.
func BenchmarkRenderSeed(b *testing.B) {
	doc := layout(b, seedPath)
	benchmark(b, func(w io.Writer) error { return Render(w, doc, Options{Date: fixedDate}) })
}

func benchmark(b *testing.B, write func(io.Writer) error) {
	var size int
	cpu := cputime.Process()
	for b.Loop() {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	if cpu > 0 {
		b.ReportMetric(float64(cputime.Process()-cpu)/float64(b.N), "cpu-ns/op")
	}
	b.ReportMetric(float64(size), "docx-bytes")
}

// TestDefaultDate: Write dates the document 1 January after the report year when no date
// is given, never by the clock.
func TestDefaultDate(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, evaluate(t, seedPath), Options{}); err != nil {
		t.Fatalf("Write: %v", err)
	}
	core := parts(t, buf.Bytes())["docProps/core.xml"]
	if want := `<dcterms:created xsi:type="dcterms:W3CDTF">2021-01-01T00:00:00Z</dcterms:created>`; !strings.Contains(core, want) {
		t.Errorf("core.xml = %s, want %s", core, want)
	}
}

// TestSections: a Section block ends the section before it (never an empty one) and sets
// the orientation of what follows; the document's last section is the body's sectPr.
func TestSections(t *testing.T) {
	para := func(s string) report.Block { return &report.Paragraph{Text: s, Align: report.AlignJustify} }
	land, port := &report.Section{Orientation: report.Landscape}, &report.Section{Orientation: report.Portrait}
	tests := []struct {
		name   string
		blocks []report.Block
		want   []bool // landscape, per section in order
	}{
		{"none", []report.Block{para("a")}, []bool{false}},
		{"starts_landscape", []report.Block{land, para("a")}, []bool{true}},
		{"landscape_middle", []report.Block{para("a"), land, para("b"), port, para("c")}, []bool{false, true, false}},
		{"landscape_end", []report.Block{para("a"), land, para("b")}, []bool{false, true}},
		{"twice", []report.Block{para("a"), land, land, para("b")}, []bool{false, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := parts(t, write(t, &report.Document{Blocks: tt.blocks}))["word/document.xml"]
			var got []bool
			for _, s := range strings.Split(doc, "<w:sectPr>")[1:] {
				got = append(got, strings.Contains(s[:strings.Index(s, "</w:sectPr>")], `w:orient="landscape"`))
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("sections (landscape?) = %v, want %v", got, tt.want)
			}
			// Section breaks join the paragraph before them: no empty paragraph is added.
			paras := 0
			for _, bl := range tt.blocks {
				if _, ok := bl.(*report.Paragraph); ok {
					paras++
				}
			}
			if n := strings.Count(doc, "<w:p>"); n != paras {
				t.Errorf("%d paragraphs in the document, want the %d of the model", n, paras)
			}
		})
	}
}

// FuzzRender: whatever text the model holds — control characters, invalid UTF-8, markup —
// every part of the package is well-formed XML.
func FuzzRender(f *testing.F) {
	for _, s := range []string{"预算执行率 99.19%", "a<b>&\"c\"", "\x00\x01\x1f\uFFFE\uFFFF", "\xff\xfe", "]]>", "line\nbreak\ttab\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc := &report.Document{Title: s, Author: s, Subject: s, Blocks: []report.Block{
			&report.Title{Text: s},
			&report.HeaderBlock{Lines: []report.HeaderLine{{Text: s}}},
			&report.Heading{Level: 1, Text: s},
			&report.Paragraph{Text: s, Align: report.AlignJustify},
			&report.Table{Caption: s, Unit: s, Widths: []float64{1, 2}, Header: [][]report.Cell{{{Text: s, ColSpan: 2}}}, Rows: [][]report.Cell{{{Text: s}, {Text: s}}}},
			&report.Chart{Kind: report.ChartLine, Title: s, Categories: []string{s, s},
				Series: []report.Series{{Name: s, Values: []float64{1, 2}, Labels: []string{s, s}}, {Name: s, Values: []float64{2, 3}, Reference: true}},
				Axis:   report.Axis{Max: 4, Step: 1, Unit: s}},
		}}
		for name, content := range parts(t, write(t, doc)) {
			d := xml.NewDecoder(strings.NewReader(content))
			for {
				if _, err := d.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("%s is not well-formed for text %q: %v", name, s, err)
				}
			}
		}
	})
}
