package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// sampleBody exercises every construct of the layer: a title, headings, paragraphs, a
// table with merged cells and a repeated header, both chart kinds, a page break and a
// landscape section.
func sampleBody(t testing.TB) (*body, page) {
	w := newBody(1 << 14)
	w.paragraph(para{style: styleTitle}, "2020年度部门整体支出绩效自评报告")
	w.paragraph(para{}, "部门名称（公章）：测试单位 & <子单位>")
	w.paragraph(para{style: styleHeading + "1"}, "一、部门（单位）基本情况")
	w.paragraph(para{style: styleHeading + "2"}, "（一）部门职能")
	w.paragraph(para{style: styleIndent}, strings.Repeat("我单位主要职能是统筹推进智慧城市建设，", 8)+"bad\x01char\uFFFE.")
	w.paragraph(para{style: styleCaption}, "表1-1 部门整体支出预算资金来源与调整情况")
	w.paragraph(para{style: styleUnit}, "单位：万元")
	err := w.table(table{
		widths: []int{3000, 2000, 2000, 1845},
		header: 2,
		rows: [][]cell{
			{{text: "项目", rowSpan: 2, jc: "center"}, {text: "预算", colSpan: 2, jc: "center"}, {text: "说明", rowSpan: 3}},
			{{text: "年初", jc: "center"}, {text: "调整", jc: "center"}},
			{{text: "一、财政拨款\n其中：基本"}, {text: "1,234.56", jc: "right"}, {text: "2,345.67", jc: "right"}},
			{{text: "合计"}, {text: "1,234.56", jc: "right"}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	w.drawing(chart{
		kind: lineChart, title: "季度累计支出进度与序时进度", categories: []string{"一季度", "二季度", "三季度", "四季度"},
		series: []series{
			{name: "累计支出进度", values: []string{"18", "42", "70", "99.19"}, labels: []string{"18.00%", "42.00%", "", "99.19%"}, color: "C00000"},
			{name: "序时进度", values: []string{"25", "50", "75", "100"}, color: "7F7F7F", dashed: true},
		},
		format: `0"%"`, max: "120", step: "20", cx: 150 * emuPerMM, cy: 80 * emuPerMM,
	})
	w.pageBreak()
	w.paragraph(para{style: styleHeading + "3"}, "1、预算结构")
	w.drawing(chart{
		kind: barChart, title: "预算结构（按支出用途）", categories: []string{"人员经费", "公用经费", "项目支出"},
		series: []series{{name: "调整预算数", values: []string{"1234.5", "705.45", "14595.4"}, labels: []string{"1,234.50", "705.45", "14,595.40"}, color: "2F5597"}},
		format: "#,##0", axisTitle: "万元", cx: 150 * emuPerMM, cy: 80 * emuPerMM,
	})
	w.paragraph(para{style: styleHeading + "1"}, "四、评分情况")
	w.endSection(page{})
	rows := [][]cell{{{text: "一级"}, {text: "二级"}, {text: "三级"}, {text: "得分"}}}
	for i := range 40 {
		rows = append(rows, []cell{{text: "部门决策", rowSpan: 40}, {text: "指标" + strings.Repeat("长", i%5)}, {text: "评分标准"}, {text: "5.00", jc: "right"}}[min(i, 1):])
	}
	if err := w.table(table{widths: []int{2000, 3000, 5756, 2000}, header: 1, rows: rows, rPr: "<w:rPr>" + sz(18) + "</w:rPr>"}); err != nil {
		t.Fatal(err)
	}
	w.endSection(page{landscape: true})
	w.paragraph(para{style: styleIndent}, "最后一段。")
	return w, page{}
}

func writeSample(t testing.TB) []byte {
	w, last := sampleBody(t)
	var buf bytes.Buffer
	err := writePackage(&buf, w, last, properties{title: "2020年度部门整体支出绩效自评报告", author: "测试单位", date: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestPackageIsWellFormed(t *testing.T) {
	data := writeSample(t)
	if os.Getenv("DOCX_SAMPLE") != "" {
		os.WriteFile(os.Getenv("DOCX_SAMPLE"), data, 0o644)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if len(f.Extra) != 0 || f.Comment != "" {
			t.Errorf("%s: extra %x comment %q, want none", f.Name, f.Extra, f.Comment)
		}
		if want := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC); !f.Modified.Equal(want) {
			t.Errorf("%s: modified %v, want %v", f.Name, f.Modified, want)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc) // checks the CRC
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		d := xml.NewDecoder(bytes.NewReader(content))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
			}
		}
	}
	want := []string{"[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml",
		"word/_rels/document.xml.rels", "word/charts/chart1.xml", "word/charts/chart2.xml", "word/document.xml",
		"word/fontTable.xml", "word/footer1.xml", "word/footer2.xml", "word/settings.xml", "word/styles.xml"}
	if !slices.Equal(names, want) {
		t.Errorf("parts = %q, want %q", names, want)
	}
	if again := writeSample(t); !bytes.Equal(data, again) {
		t.Error("two writes of the same document differ")
	}
}

func TestAppendEscaped(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "预算执行率 99.19%", "预算执行率 99.19%"},
		{"markup", `a<b>&"c"`, "a&lt;b&gt;&amp;&quot;c&quot;"},
		{"controls", "a\x00b\x08c\x1fd\te\nf\rg", "abcd\te\nf\rg"},
		{"nonchars", "x\uFFFEy\uFFFFz", "xyz"},
		{"bad_utf8", "a\xffb\xc3", "ab"},
		{"supplementary", "𠀀", "𠀀"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(appendEscaped(nil, tt.in)); got != tt.want {
				t.Errorf("appendEscaped(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestAppendRuns(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"text", "a&b", `<w:r><w:t xml:space="preserve">a&amp;b</w:t></w:r>`},
		{"breaks", "a\r\nb\tc", `<w:r><w:t xml:space="preserve">a</w:t><w:br/><w:t xml:space="preserve">b</w:t><w:tab/><w:t xml:space="preserve">c</w:t></w:r>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(appendRuns(nil, tt.in, "")); got != tt.want {
				t.Errorf("appendRuns(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTableMerges(t *testing.T) {
	w := newBody(0)
	err := w.table(table{widths: []int{100, 200, 300}, header: 1, rows: [][]cell{
		{{text: "a", rowSpan: 3}, {text: "b", colSpan: 2}},
		{{text: "c"}, {text: "d", rowSpan: 2}},
		{{text: "e"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	// Each row as its cells: text, span and merge.
	var got []string
	for _, tr := range strings.Split(string(w.b), "<w:tr>")[1:] {
		var cells []string
		for _, tc := range strings.Split(tr, "<w:tc>")[1:] {
			s := between(tc, `<w:tcW w:w="`, `"`)
			if g := between(tc, `<w:gridSpan w:val="`, `"`); g != "" {
				s += " span" + g
			}
			switch {
			case strings.Contains(tc, `<w:vMerge w:val="restart"/>`):
				s += " restart"
			case strings.Contains(tc, `<w:vMerge/>`):
				s += " continue"
			}
			s += " " + between(tc, `<w:t xml:space="preserve">`, "<")
			cells = append(cells, strings.TrimSpace(s))
		}
		got = append(got, strings.Join(cells, " | "))
	}
	want := []string{
		"100 restart a | 500 span2 b",
		"100 continue | 200 c | 300 restart d",
		"100 continue | 200 e | 300 continue",
	}
	if !slices.Equal(got, want) {
		t.Errorf("rows =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := strings.Count(string(w.b), "<w:tblHeader/>"); n != 1 {
		t.Errorf("%d header rows marked, want 1", n)
	}
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i+len(from):]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

func TestTableErrors(t *testing.T) {
	tests := []struct {
		name string
		rows [][]cell
	}{
		{"too_many_cells", [][]cell{{{text: "a"}, {text: "b"}, {text: "c"}}}},
		{"span_past_edge", [][]cell{{{text: "a"}, {text: "b", colSpan: 2}}}},
		{"span_over_merge", [][]cell{{{text: "a"}, {text: "b", rowSpan: 2}}, {{text: "c", colSpan: 2}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newBody(0)
			err := w.table(table{widths: []int{100, 100}, rows: tt.rows})
			var te *TableError
			if !errors.As(err, &te) {
				t.Errorf("table error = %v, want a *TableError", err)
			}
		})
	}
}

func TestSectionBreakJoinsParagraph(t *testing.T) {
	w := newBody(0)
	w.paragraph(para{}, "a")
	w.endSection(page{})
	if got := strings.Count(string(w.b), "<w:p>"); got != 1 {
		t.Errorf("after a paragraph, a section break added a paragraph: %s", w.b)
	}
	if err := w.table(table{widths: []int{100}, rows: [][]cell{{{text: "x"}}}}); err != nil {
		t.Fatal(err)
	}
	w.endSection(page{landscape: true})
	if !strings.HasSuffix(string(w.b), `</w:tbl><w:p><w:pPr><w:spacing w:line="240" w:lineRule="auto"/><w:sectPr>`+string(appendSectPr(nil, page{landscape: true}))[len("<w:sectPr>"):]+`</w:pPr></w:p>`) {
		t.Errorf("after a table, the section break is not a paragraph of its own: %s", w.b)
	}
}
