package pdf

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"
)

// fakeWidth: CJK characters are 1 wide, ASCII 0.5.
func fakeWidth(r rune) float64 {
	if r < 0x80 {
		return 0.5
	}
	return 1
}

func lineWidth(s string) float64 {
	w := 0.0
	for _, r := range strings.TrimRight(s, " ") {
		w += fakeWidth(r)
	}
	return w
}

// checkLines verifies the invariants every wrapping must keep.
func checkLines(t *testing.T, in string, width float64, lines []string) {
	t.Helper()
	if got, want := strings.Join(lines, ""), strings.ReplaceAll(in, "\n", ""); got != want {
		t.Fatalf("lines lose or reorder characters:\n got %q\nwant %q", got, want)
	}
	for i, l := range lines {
		if l == "" {
			continue
		}
		first, _ := utf8.DecodeRuneInString(l)
		last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(l, " "))
		if i > 0 && isNoStart(first) {
			t.Errorf("line %d %q starts with %q", i, l, first)
		}
		if i < len(lines)-1 && isNoEnd(last) {
			t.Errorf("line %d %q ends with %q", i, l, last)
		}
		if w := lineWidth(l); w > width+1e-9 {
			t.Errorf("line %d %q is %.1f wide, more than %.1f", i, l, w, width)
		}
	}
}

func TestBreakLines(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		width float64
		want  []string
	}{
		{"empty", "", 10, []string{""}},
		{"fits", "预算执行率", 10, []string{"预算执行率"}},
		{"exact", "一二三四五", 5, []string{"一二三四五"}},
		{"plain", "一二三四五六七", 5, []string{"一二三四五", "六七"}},
		{"comma_not_first", "一二三四五，六七", 5, []string{"一二三四", "五，六七"}},
		{"period_quote", "一二三四。”五六", 5, []string{"一二三", "四。”五六"}},
		{"open_not_last", "一二三四（五）六", 5, []string{"一二三四", "（五）六"}},
		{"figure_whole", "收入16,535.40万元", 6, []string{"收入", "16,535.40万", "元"}},
		{"percent_whole", "执行率99.19%，良好", 5, []string{"执行率", "99.19%，良", "好"}},
		{"newline", "一二\n三四", 10, []string{"一二", "三四"}},
		{"blank_line", "一\n\n二", 10, []string{"一", "", "二"}},
		{"space_hangs", "ab cd ef", 2.5, []string{"ab cd ", "ef"}},
		{"long_word", "abcdefghij", 2, []string{"abcd", "efgh", "ij"}},
		{"long_word_comma", "一abcdefgh，", 2, []string{"一", "abcd", "efg", "h，"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := breakLines(tt.in, tt.width, fakeWidth)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("breakLines(%q, %v) = %q, want %q", tt.in, tt.width, got, tt.want)
			}
			if tt.name != "long_word" && tt.name != "long_word_comma" && tt.name != "figure_whole" {
				checkLines(t, tt.in, tt.width, got)
			}
		})
	}
}

func TestBreakLinesSeedText(t *testing.T) {
	in := "2020年度，我单位年初预算收入16,535.40万元，均为财政预算拨款；年初预算支出16,535.40万元，其中：人员经费支出705.45万元（占比4.27%），公用支出50.28万元（占比0.30%），项目支出15,779.67万元（占比95.43%）。“三公”经费控制率为32.02%，小于财政拨款预算的90%，控制率良好。《关于疫情防控数据安全保护的通知》、《关于加强新型冠状病毒感染的肺炎防控数据安全工作的通知》。"
	for w := 6.0; w <= 30; w++ {
		lines := breakLines(in, w, fakeWidth)
		checkLines(t, in, w, lines)
		for _, fig := range []string{"16,535.40", "705.45", "4.27%", "95.43%", "32.02%", "90%"} {
			found := false
			for _, l := range lines {
				found = found || strings.Contains(l, fig)
			}
			if !found {
				t.Errorf("width %v: %s split across lines: %q", w, fig, lines)
			}
		}
	}
}

func TestBreakLinesRandom(t *testing.T) {
	alphabet := []rune("一二三四五六七八九十预算执行率，。、；：？！）》」』”（《「『“0123456789.,%abcXYZ ")
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 2000; i++ {
		n := rng.Intn(120)
		rs := make([]rune, n)
		for j := range rs {
			rs[j] = alphabet[rng.Intn(len(alphabet))]
		}
		in := string(rs)
		width := float64(3 + rng.Intn(25))
		lines := breakLines(in, width, fakeWidth)
		if got, want := strings.Join(lines, ""), in; got != want {
			t.Fatalf("breakLines(%q, %v) lost characters: %q", in, width, lines)
		}
	}
}

func TestBreakLinesLongParagraph(t *testing.T) {
	unitText := "绩效指标是衡量绩效目标实现程度的考核工具，我单位在编制绩效目标时应设置更加量化、细化的绩效指标（2020年：99.19%）。"
	in := strings.Repeat(unitText, 3000/utf8.RuneCountInString(unitText)+1)
	lines := breakLines(in, 27, fakeWidth)
	checkLines(t, in, 27, lines)
}
