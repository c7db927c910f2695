package pdf

import (
	"math/rand"
	"slices"
	"strings"
	"testing"
	"unicode"
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

// TestRuneSets checks the bit sets behind isNoStart and isNoEnd against the lists they
// are built from, for every code point and a few values that are not one.
func TestRuneSets(t *testing.T) {
	for r := rune(-2); r <= unicode.MaxRune+2; r++ {
		if got, want := isNoStart(r), strings.ContainsRune(noStart, r); got != want {
			t.Errorf("isNoStart(%U) = %v, want %v", r, got, want)
		}
		if got, want := isNoEnd(r), strings.ContainsRune(noEnd, r); got != want {
			t.Errorf("isNoEnd(%U) = %v, want %v", r, got, want)
		}
	}
}

// TestIsSpace checks the shortcut of isSpace against unicode.IsSpace for every code point.
func TestIsSpace(t *testing.T) {
	for r := rune(-2); r <= unicode.MaxRune+2; r++ {
		if got, want := isSpace(r), unicode.IsSpace(r); got != want {
			t.Errorf("isSpace(%U) = %v, want %v", r, got, want)
		}
	}
}

// firstMeasured wraps a width function and records each character the first time it is
// measured, as the renderer's width cache sees its misses.
type firstMeasured struct {
	width func(rune) float64
	seen  map[rune]bool
	order []rune
}

func newFirstMeasured(width func(rune) float64) *firstMeasured {
	return &firstMeasured{width: width, seen: map[rune]bool{}}
}

func (m *firstMeasured) measure(r rune) float64 {
	if !m.seen[r] {
		m.seen[r] = true
		m.order = append(m.order, r)
	}
	return m.width(r)
}

// oracleAlphabet has every kind of character the breaker treats apart: CJK characters,
// every no-start and no-end character, word characters, ASCII and other white space,
// newlines, characters outside the BMP and bytes that are not UTF-8.
var oracleAlphabet = func() []string {
	var out []string
	for _, r := range "一二三四五六七八九十预算执行率" + noStart + noEnd + "0123456789.,%‰abcXYZ-/+（）" {
		out = append(out, string(r))
	}
	return append(out, " ", " ", " ", "\t", "\u3000", "\u00a0", "\u2003", "\u0085", "\n", "\n",
		"😀", "\U00020000", "\uFFFD", "\xff", "\xe4\xb8", "\x00")
}()

// oracleWidths are width functions to compare under: the test's own, one with widths
// whose sums round differently in different orders, one with zero widths, and one like
// the renderer's (a multiple of size/k/1000 in mm).
var oracleWidths = []struct {
	name  string
	width func(rune) float64
}{
	{"fake", fakeWidth},
	{"odd", func(r rune) float64 {
		h := uint32(r) * 2654435761
		return float64(h%1000)/97 + 0.1
	}},
	{"zero", func(r rune) float64 {
		if r%3 == 0 {
			return 0
		}
		return fakeWidth(r)
	}},
	{"pdf", func(r rune) float64 {
		cw := 500
		if r >= 0x80 {
			cw = 1000 - int(r%7)*13
		}
		return float64(cw) * (16 / (72 / 25.4)) / 1000
	}},
}

func randomText(rng *rand.Rand, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(oracleAlphabet[rng.Intn(len(oracleAlphabet))])
	}
	return b.String()
}

// compareWithOracle wraps each text with the current breaker and with the reference
// one, both in sequence with one width cache as a document does, and fails on any
// difference in the lines or in which characters are measured first, in what order.
func compareWithOracle(t *testing.T, width func(rune) float64, texts []string, firstWidth, w float64) {
	t.Helper()
	got, want := newFirstMeasured(width), newFirstMeasured(width)
	for i, text := range texts {
		var gotLines, wantLines []string
		if i%2 == 0 {
			gotLines = breakLines(text, w, got.measure)
			wantLines = oracleBreakLines(text, w, want.measure)
		} else {
			gotLines = breakParagraph(text, firstWidth, w, got.measure)
			wantLines = oracleBreakParagraph([]rune(text), firstWidth, w, want.measure)
		}
		if strings.Join(gotLines, "|") != strings.Join(wantLines, "|") || len(gotLines) != len(wantLines) {
			t.Fatalf("text %q, widths %v/%v:\n got %q\nwant %q", text, firstWidth, w, gotLines, wantLines)
		}
	}
	if !slices.Equal(got.order, want.order) {
		t.Fatalf("texts %q, widths %v/%v: first measured\n got %q\nwant %q", texts, firstWidth, w, string(got.order), string(want.order))
	}
}

// TestBreakParagraphMatchesOracle compares the breaker with the implementation it
// replaced on many random texts: the same lines, and the same first measurements.
func TestBreakParagraphMatchesOracle(t *testing.T) {
	for k, o := range oracleWidths {
		t.Run(o.name, func(t *testing.T) {
			rng := rand.New(rand.NewSource(int64(k + 2)))
			for i := 0; i < 3000; i++ {
				texts := make([]string, 1+rng.Intn(4))
				for j := range texts {
					texts[j] = randomText(rng, rng.Intn(150))
				}
				w := float64(rng.Intn(30)) * rng.Float64() * 2
				firstWidth := w - float64(rng.Intn(4))*rng.Float64()
				compareWithOracle(t, o.width, texts, firstWidth, w)
			}
		})
	}
}

// FuzzBreakParagraphMatchesOracle is TestBreakParagraphMatchesOracle driven by the fuzzer.
func FuzzBreakParagraphMatchesOracle(f *testing.F) {
	f.Add("2020年度，我单位年初预算收入16,535.40万元（占比4.27%）。", 5.0, 6.0)
	f.Add("  一abcdefgh，（“二”）\n\n三 四 \t五", 2.0, 2.5)
	f.Add("\xff\xe4\xb8一，", 1.0, 1.0)
	f.Fuzz(func(t *testing.T, text string, firstWidth, width float64) {
		for _, o := range oracleWidths {
			compareWithOracle(t, o.width, []string{text, text}, firstWidth, width)
		}
	})
}
