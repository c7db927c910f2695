package workbook

import "testing"

func TestIsWide(t *testing.T) {
	tests := []struct {
		r    rune
		want bool
	}{
		{'a', false}, {'0', false}, {'%', false}, {'é', false}, {'ｱ', false}, // half-width katakana
		{'·', true}, {'×', true}, {'÷', true},
		{'—', true}, {'“', true}, {'’', true}, {'…', true}, {'→', true}, {'≤', true}, {'≥', true},
		{'、', true}, {'。', true}, {'【', true}, {'《', true}, {'あ', true}, {'カ', true},
		{'中', true}, {'㐀', true}, {'𠀀', true}, {'豈', true}, // ideographs: URO, extension A, B, compatibility
		{'한', true}, {'ᄀ', true}, {'ꥠ', true}, // Hangul syllable, Jamo, Jamo extended-A
		{'︐', true}, {'︰', true}, {'﹐', true}, // vertical, compatibility and small forms
		{'（', true}, {'０', true}, {'Ａ', true}, {'￥', true},
	}
	for _, tt := range tests {
		if got := IsWide(tt.r); got != tt.want {
			t.Errorf("IsWide(%q U+%04X) = %v, want %v", tt.r, tt.r, got, tt.want)
		}
	}
}

func TestWidth(t *testing.T) {
	tests := []struct {
		name string
		s    string
		wide float64
		want float64
	}{
		{"empty", "", 2, 0},
		{"ascii", "abc", 2, 3},
		{"cjk", "预算执行率", 2, 10},
		{"mixed", "表1-4（万元）", 2, 13},
		{"longest_line", "一二\nabcde\n三", 2, 5},
		{"scaled", "一二", 1.5, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Width(tt.s, tt.wide); got != tt.want {
				t.Errorf("Width(%q, %v) = %v, want %v", tt.s, tt.wide, got, tt.want)
			}
		})
	}
}

func TestLines(t *testing.T) {
	tests := []struct {
		name  string
		s     string
		avail float64
		want  int
	}{
		{"empty", "", 10, 1},
		{"fits_exactly", "一二三四五", 10, 1},
		{"wraps", "一二三四五六", 10, 2},
		{"wide_does_not_split", "abcdefghi一", 10, 2}, // 9 + 2 > 10: 一 starts line 2
		{"paragraphs", "一\n\n二", 10, 3},
		{"narrow_column", "一二", 1, 2}, // a rune wider than the column still takes one line
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Lines(tt.s, tt.avail, 2); got != tt.want {
				t.Errorf("Lines(%q, %v, 2) = %d, want %d", tt.s, tt.avail, got, tt.want)
			}
		})
	}
}
