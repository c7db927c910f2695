package report

import "testing"

func TestDump(t *testing.T) {
	tests := []struct {
		name  string
		block Block
		want  string
	}{
		{"paragraph", &Paragraph{Text: "正文", Align: AlignJustify}, "P 正文\n"},
		{"missing", &Paragraph{Text: MissingText, Field: "文字说明“主要职能”", Missing: true, Align: AlignJustify}, "P(missing)[文字说明“主要职能”] （未填写）\n"},
		{"right", &Paragraph{Text: "2021年1月", Align: AlignRight, NoIndent: true}, "P(right)(noindent) 2021年1月\n"},
		{"section", &Section{Orientation: Landscape}, "SECTION landscape\n"},
		{"table", &Table{Caption: "表", Widths: []float64{2, 1}, Size: SizeSmall, Continued: true,
			Header: [][]Cell{{{Text: "a\nb", ColSpan: 2}}}, Rows: [][]Cell{{{Text: "x"}, {Text: "y"}}}},
			"TABLE 表 |  | widths 2 1 | small | continued\n  th a⏎b{2x1}\n  td x | y\n"},
		{"chart", &Chart{Kind: ChartLine, Title: "图1", Categories: []string{"一季度", "二季度"},
			Series: []Series{{Name: "累计支出进度", Values: []float64{18, 40.5}, Labels: []string{"18.00%", "40.50%"}},
				{Name: "序时进度", Values: []float64{25, 50}, Reference: true}},
			Axis: Axis{Max: 100, Step: 20, Unit: "%"}},
			"CHART line 图1 | axis 0–100 step 20 %\n  categories 一季度 | 二季度\n  series 累计支出进度: 18 40.5 [18.00% 40.50%]\n  reference 序时进度: 25 50 []\n"},
		{"pagebreak", &PageBreak{}, "PAGEBREAK\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &Document{Title: "T", Blocks: []Block{tt.block}}
			want := "title: T\nauthor: \nsubject: \n" + tt.want
			if got := d.Dump(); got != want {
				t.Errorf("Dump() =\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestSpan(t *testing.T) {
	for _, tt := range []struct{ in, want int }{{-1, 1}, {0, 1}, {1, 1}, {3, 3}} {
		if got := Span(tt.in); got != tt.want {
			t.Errorf("Span(%d) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
