package pdf

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"selfeval/internal/cputime"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"selfeval/calc"
	"selfeval/fixture"
	"selfeval/templates"
	"selfeval/writer/fonts"
	"selfeval/writer/report"
)

// evaluate scores a department under the default rubric.
func evaluate(t testing.TB, d *calc.Department) *calc.Evaluation {
	t.Helper()
	r, err := templates.DefaultRubric()
	if err != nil {
		t.Fatalf("DefaultRubric() error = %v", err)
	}
	return calc.Evaluate(d, r)
}

// fontSet returns the system's fonts, skipping the test when there are none.
func fontSet(t testing.TB) *fonts.Set {
	t.Helper()
	s, err := fonts.Find(fonts.Options{})
	if errors.Is(err, fonts.ErrNoFont) {
		t.Skipf("no CJK font installed: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// tool returns the path of a command-line tool, skipping the test when it is absent.
func tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not installed (poppler-utils/qpdf)", name)
	}
	return p
}

var fixedDate = time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)

func render(t testing.TB, e *calc.Evaluation, set *fonts.Set) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, e, set, Options{Date: fixedDate}); err != nil {
		t.Fatalf("Write() error = %v", err)
	}
	return buf.Bytes()
}

func writeTemp(t testing.TB, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(tool(t, name), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

var pageNumber = regexp.MustCompile(`—\s*\d+\s*—`)

// stripSpace removes whitespace and page numbers from extracted text, so that a
// paragraph running over a page break reads as one.
func stripSpace(s string) string {
	s = pageNumber.ReplaceAllString(s, "")
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func TestSeedPDF(t *testing.T) {
	set := fontSet(t)
	d := fixture.Seed()
	data := render(t, evaluate(t, d), set)
	path := writeTemp(t, data)

	text := stripSpace(run(t, "pdftotext", path, "-"))
	// Every narrative paragraph, in order.
	at := 0
	for _, key := range calc.NarrativeKeys {
		body, _ := d.Section(key)
		for _, p := range strings.Split(body, "\n") {
			p = stripSpace(p)
			if p == "" {
				continue
			}
			i := strings.Index(text[at:], p)
			if i < 0 {
				t.Errorf("narrative %s paragraph not found after offset %d: %.40s…", key, at, p)
				continue
			}
			at += i + len(p)
		}
	}
	for _, fig := range []string{
		"16,535.40", "16,075.09", "15,944.11", "99.19%", "87.07%", "32.02%", "5.26%", "90.73",
		"年初预算收入16,535.40万元，均为财政预算拨款",
		"人员经费支出705.45万元（占比4.27%）", "公用支出50.28万元（占比0.30%）", "项目支出15,779.67万元（占比95.43%）",
		"“三公”经费控制率为32.02%，小于90%，控制率良好",
		"节约6.50万元", "编外人员控制率为5.26%，在5%至10%之间", "固定资产利用率100.00%", "执行率为100.00%",
		"参照《2020年度部门整体支出绩效评价指标评分表》（见下表）进行自评，得分90.73分。",
	} {
		if !strings.Contains(text, stripSpace(fig)) {
			t.Errorf("pdftotext output lacks %q", fig)
		}
	}

	// No line starts with closing punctuation.
	for i, line := range strings.Split(run(t, "pdftotext", "-layout", path, "-"), "\n") {
		line = strings.TrimLeftFunc(line, unicode.IsSpace)
		if r, _ := utf8.DecodeRuneInString(line); line != "" && strings.ContainsRune("，。、；：？！）》」』”%", r) {
			t.Errorf("pdftotext -layout line %d starts with %q: %s", i+1, r, line)
		}
	}

	// Every font embedded as a subset.
	fontsOut := run(t, "pdffonts", path)
	lines := strings.Split(strings.TrimSpace(fontsOut), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no fonts:\n%s", fontsOut)
	}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		// name type... encoding emb sub uni object ID
		n := len(f)
		if n < 6 || f[n-5] != "yes" || f[n-4] != "yes" {
			t.Errorf("pdffonts: font not embedded as a subset: %s", l)
		}
	}
	run(t, "qpdf", "--check", path)

	// Bookmarks for the sections.
	var outlines struct {
		Outlines []struct {
			Title string `json:"title"`
			Kids  []struct {
				Title string `json:"title"`
			} `json:"kids"`
		} `json:"outlines"`
	}
	if err := json.Unmarshal([]byte(run(t, "qpdf", "--json", "--json-key=outlines", path)), &outlines); err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, o := range outlines.Outlines {
		titles = append(titles, o.Title)
	}
	wantTitles := []string{"一、部门（单位）基本情况", "二、部门（单位）主要履职绩效分析", "三、总体评价和整改措施", "四、部门整体支出绩效评价指标评分情况"}
	if strings.Join(titles, "|") != strings.Join(wantTitles, "|") {
		t.Errorf("top-level bookmarks = %q, want %q", titles, wantTitles)
	}
	if len(outlines.Outlines) > 0 && (len(outlines.Outlines[0].Kids) != 4 || outlines.Outlines[0].Kids[0].Title != "（一）部门主要职能") {
		t.Errorf("bookmarks under 一、 = %+v", outlines.Outlines[0].Kids)
	}
	if raw := run(t, "pdftotext", "-f", "2", "-l", "2", path, "-"); !strings.Contains(raw, "— 2 —") {
		t.Errorf("page 2 has no page number — 2 —")
	}

	// The score table on landscape pages, titled （续） after the first; the charts drawn.
	sizes := pageSizes(t, path)
	pages := strings.Split(run(t, "pdftotext", path, "-"), "\f")
	first := -1
	for n, p := range pages {
		if strings.Contains(p, "四、部门整体支出绩效评价指标评分情况") {
			first = n
		}
	}
	if first < 0 || first >= len(sizes) {
		t.Fatalf("no page holds the heading 四、")
	}
	for n := range sizes {
		if landscape := n >= first; (sizes[n] == "841.89 x 595.28") != landscape {
			t.Errorf("page %d is %s, want landscape %v", n+1, sizes[n], landscape)
		}
		if n > first && !strings.Contains(pages[n], "部门整体支出绩效评价指标评分表（续）") {
			t.Errorf("page %d continues the score table without （续）", n+1)
		}
	}
	if landscape := len(sizes) - first; landscape > 6 {
		t.Errorf("the score table takes %d landscape pages, want at most 6", landscape)
	}
	for _, want := range []string{"图1 2020年度各类支出预算执行率", "图2 2020年度各季度累计支出进度与序时进度", "序时进度", "累计支出进度", "41.17%", "32.02%"} {
		if !strings.Contains(strings.Join(pages, ""), want) {
			t.Errorf("pdftotext output lacks the chart text %q", want)
		}
	}

	info := run(t, "pdfinfo", path)
	for _, want := range []string{"Title:           2020年度部门整体支出绩效自评报告", "Author:          深圳市罗湖区智慧城市建设中心", "Creator:         selfeval", "Page size:       595.28 x 841.89 pts (A4)"} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
}

func TestDeterministic(t *testing.T) {
	set := fontSet(t)
	e := evaluate(t, fixture.Seed())
	first := render(t, e, set)
	// Concurrent renders sharing one font set (run with -race) give the same bytes.
	var wg sync.WaitGroup
	outs := make([][]byte, 4)
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			if err := Write(&buf, evaluate(t, fixture.Seed()), set, Options{Date: fixedDate}); err != nil {
				t.Error(err)
			}
			outs[i] = buf.Bytes()
		}()
	}
	wg.Wait()
	for i, o := range outs {
		if !bytes.Equal(o, first) {
			t.Errorf("render %d differs from the first (%d vs %d bytes)", i+2, len(o), len(first))
		}
	}
}

func TestDefaultDate(t *testing.T) {
	set := fontSet(t)
	var buf bytes.Buffer
	if err := Write(&buf, evaluate(t, fixture.Seed()), set, Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte("/CreationDate (D:20210101000000)")) {
		t.Errorf("default creation date is not 1 January of the year after the report year")
	}
}

func TestUnknownGlyph(t *testing.T) {
	set := fontSet(t)
	tests := []struct {
		name  string
		edit  func(d *calc.Department)
		field string
		r     rune
	}{
		{"name_outside_bmp", func(d *calc.Department) { d.Info.Name = "罗湖区\U00020000中心" }, "部门名称", 0x20000},
		{"head_private_use", func(d *calc.Department) { d.Info.Head = "乐\uE000知" }, "单位负责人", 0xE000},
		{"narrative", func(d *calc.Department) { d.Narrative[0].Text += "\U0002A6D6" }, "文字说明“主要职能”", 0x2A6D6},
		{"table_label", func(d *calc.Department) { d.ByFunction.Rows[0].Label = "科学\U00020001技术支出" }, "表1-2 科学\U00020001技术支出", 0x20001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := fixture.Seed()
			tt.edit(d)
			var buf bytes.Buffer
			err := Write(&buf, evaluate(t, d), set, Options{})
			var ge *GlyphError
			if !errors.As(err, &ge) {
				t.Fatalf("Write() error = %v, want a *GlyphError", err)
			}
			if ge.Field != tt.field || ge.Rune != tt.r {
				t.Errorf("GlyphError = %q %U, want %q %U", ge.Field, ge.Rune, tt.field, tt.r)
			}
			if buf.Len() != 0 {
				t.Errorf("Write() wrote %d bytes despite the error", buf.Len())
			}
			t.Log(err)
		})
	}
	d := fixture.Seed()
	d.Info.Name = "罗湖区\U00020000中心"
	err := Write(&bytes.Buffer{}, evaluate(t, d), set, Options{})
	if want := "部门名称 含有字体中没有的字符“\U00020000”(U+20000)"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %v, want it to start with %s", err, want)
	}
}

// pageSizes returns each page's size as pdfinfo prints it: 595.28 x 841.89.
func pageSizes(t *testing.T, path string) []string {
	var out []string
	for _, l := range strings.Split(run(t, "pdfinfo", "-f", "1", "-l", "9999", path), "\n") {
		if f := strings.Fields(l); len(f) >= 6 && f[0] == "Page" && f[2] == "size:" {
			out = append(out, f[3]+" x "+f[5])
		}
	}
	return out
}

// TestSpread checks justification: a line takes its slack spread between its units, at
// most maxSpread em each, and a line that would need more keeps the rest at its end.
func TestSpread(t *testing.T) {
	r := &renderer{geom: newGeometry(false)}
	// Width in mm per character, as if every character were an em wide.
	em := sizeBody * ptToMM
	m := func(c rune) float64 {
		if isWordRune(c) {
			return em / 2
		}
		return em
	}
	tests := []struct {
		name  string
		line  string
		avail float64
		want  float64
	}{
		{"full", "一二三四五", 5 * em, 0},
		{"small_slack", "一二三四五", 5*em + 0.2*em, 0.05 * em},
		{"figure_one_unit", "一二16,535.40", 2*em + 9*em/2 + 0.1*em, 0.05 * em},
		{"large_slack", "一二三四五", 7 * em, maxSpread * em},
		{"trailing_space", "一二三四五 ", 5*em + 0.2*em, 0.05 * em},
		{"one_unit", "16,535.40", 10 * em, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.spread(tt.line, tt.avail, sizeBody, m); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("spread(%q) = %.4f mm, want %.4f", tt.line, got, tt.want)
			}
		})
	}
}

// stressDoc is a document with a 500-row table and a 3,000-character paragraph.
func stressDoc() (*report.Document, string) {
	var para strings.Builder
	for i := 0; utf8.RuneCountInString(para.String()) < 3000; i++ {
		fmt.Fprintf(&para, "第%d句：预算执行率为99.19%%，“三公”经费控制率为32.02%%（良好）。", i+1)
	}
	t := &report.Table{Caption: "表9 压力测试", Unit: "单位：万元", Widths: []float64{76, 40, 40}, Field: "表9", Continued: true,
		Header: [][]report.Cell{{{Text: "支出功能分类", Align: report.AlignCenter}, {Text: "年初预算数", Align: report.AlignCenter}, {Text: "调整预算数", Align: report.AlignCenter}}}}
	for i := 0; i < 500; i++ {
		label := fmt.Sprintf("第%03d项支出", i+1)
		if i%50 == 7 {
			label += "，这一行的名称特别长，需要在单元格内折行显示，以检验行高的计算是否正确"
		}
		t.Rows = append(t.Rows, []report.Cell{{Text: label}, {Text: calc.FormatAmount(decimal.NewFromInt(int64(i * 1234))), Align: report.AlignRight}, {Text: "0.00", Align: report.AlignRight}})
	}
	doc := &report.Document{Title: "压力测试", Author: "测试", Blocks: []report.Block{
		&report.Title{Text: "压力测试"}, &report.Heading{Level: 1, Text: "一、长段落"}, &report.Paragraph{Text: para.String(), Align: report.AlignJustify},
		&report.Heading{Level: 1, Text: "二、长表格"}, t,
	}}
	return doc, para.String()
}

func TestStress(t *testing.T) {
	set := fontSet(t)
	doc, para := stressDoc()
	var buf bytes.Buffer
	if err := Render(&buf, doc, set, Options{Date: fixedDate}); err != nil {
		t.Fatal(err)
	}
	path := writeTemp(t, buf.Bytes())
	all := stripSpace(run(t, "pdftotext", path, "-"))
	if !strings.Contains(all, stripSpace(para)) {
		t.Errorf("the 3,000-character paragraph is not in the PDF text intact")
	}
	for i := 0; i < 500; i++ {
		if !strings.Contains(all, fmt.Sprintf("第%03d项支出", i+1)) {
			t.Errorf("row %d missing", i+1)
		}
	}
	pages := strings.Split(run(t, "pdftotext", "-layout", path, "-"), "\f")
	tablePages := 0
	for n, p := range pages {
		if !strings.Contains(p, "项支出") {
			continue
		}
		tablePages++
		if !strings.Contains(p, "支出功能分类") || !strings.Contains(p, "调整预算数") {
			t.Errorf("page %d has table rows but no header", n+1)
		}
		if tablePages > 1 && !strings.Contains(p, "表9 压力测试（续）") {
			t.Errorf("page %d continues the table without the caption 表9 压力测试（续）", n+1)
		}
		for _, line := range strings.Split(p, "\n") {
			line = strings.TrimSpace(line)
			if r, _ := utf8.DecodeRuneInString(line); line != "" && isNoStart(r) && r != '—' {
				t.Errorf("page %d: line starts with %q: %s", n+1, r, line)
			}
		}
	}
	if tablePages < 10 {
		t.Errorf("the 500-row table spans %d pages, want at least 10", tablePages)
	}
	run(t, "qpdf", "--check", path)
}

// TestTallRowSplits renders a row taller than a page: it is split between lines, nothing lost.
func TestTallRowSplits(t *testing.T) {
	set := fontSet(t)
	long := strings.Repeat("评分标准的文字很长，", 400)
	doc := &report.Document{Title: "长行", Blocks: []report.Block{&report.Table{Widths: []float64{40, 116},
		Header: [][]report.Cell{{{Text: "栏一"}, {Text: "栏二"}}},
		Rows:   [][]report.Cell{{{Text: "合并", RowSpan: 2}, {Text: long}}, {{Text: "乙"}}}}}}
	var buf bytes.Buffer
	if err := Render(&buf, doc, set, Options{Date: fixedDate}); err != nil {
		t.Fatal(err)
	}
	path := writeTemp(t, buf.Bytes())
	got := strings.NewReplacer("栏一", "", "栏二", "", "合并", "").Replace(stripSpace(run(t, "pdftotext", path, "-")))
	if !strings.Contains(got, long) {
		t.Errorf("the split row lost text")
	}
	pages := strings.Split(run(t, "pdftotext", path, "-"), "\f")
	for n, p := range pages {
		if strings.Contains(p, "评分标准的") && (!strings.Contains(p, "合并") || !strings.Contains(p, "栏二")) {
			t.Errorf("page %d continues the merged cell without repeating its text", n+1)
		}
	}
}

// TestInvisibleCharacters: control and zero-width characters are dropped, not errors.
func TestInvisibleCharacters(t *testing.T) {
	set := fontSet(t)
	d := fixture.Seed()
	d.Info.Name = "\ufeff深圳市罗湖区\u200b智慧城市建设中心\x07"
	d.Narrative[0].Text = "负责\t数字政府\u200d。"
	doc, err := report.Layout(evaluate(t, d), report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := Render(&bytes.Buffer{}, doc, set, Options{}); err != nil {
		t.Errorf("Render() error = %v", err)
	}
}

func BenchmarkWriteSeed(b *testing.B) {
	set := fontSet(b)
	e := evaluate(b, fixture.Seed())
	// Prepare the fonts (read once per process) outside the measurement.
	if err := Write(io.Discard, e, set, Options{Date: fixedDate}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var n int
	cpu := cputime.Process()
	for b.Loop() {
		var buf bytes.Buffer
		if err := Write(&buf, e, set, Options{Date: fixedDate}); err != nil {
			b.Fatal(err)
		}
		n = buf.Len()
	}
	if cpu > 0 {
		b.ReportMetric(float64(cputime.Process()-cpu)/float64(b.N), "cpu-ns/op")
	}
	b.ReportMetric(float64(n), "pdf-bytes")
}

// TestSections: a Section turns the pages that follow; a document that starts with one
// starts in its orientation, without an empty page before it.
func TestSections(t *testing.T) {
	set := fontSet(t)
	para := &report.Paragraph{Text: "正文", Align: report.AlignJustify}
	tests := []struct {
		name   string
		blocks []report.Block
		want   string
	}{
		{"portrait", []report.Block{para}, "P"},
		{"landscape_first", []report.Block{&report.Section{Orientation: report.Landscape}, para}, "L"},
		{"turn_and_back", []report.Block{para, &report.Section{Orientation: report.Landscape}, para, &report.PageBreak{}, para,
			&report.Section{Orientation: report.Portrait}, para}, "PLLP"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(&buf, &report.Document{Title: "测试", Blocks: tt.blocks}, set, Options{Date: fixedDate}); err != nil {
				t.Fatal(err)
			}
			var got strings.Builder
			for _, s := range pageSizes(t, writeTemp(t, buf.Bytes())) {
				if s == "841.89 x 595.28" {
					got.WriteString("L")
				} else {
					got.WriteString("P")
				}
			}
			if got.String() != tt.want {
				t.Errorf("pages = %s, want %s", got.String(), tt.want)
			}
		})
	}
}
