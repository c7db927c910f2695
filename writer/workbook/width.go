package workbook

import (
	"math"
	"strings"
	"unicode"
)

// Excel cannot autofit merged or wrapped cells when it opens a file, and excelize has no
// autofit at all, so column widths and row heights are estimated from the text: a wide
// rune takes two narrow ones' room, and the longest line counts.

// IsWide reports whether r is drawn at double width in a Chinese font such as 宋体:
//
//   - the East Asian Wide and Fullwidth ranges of Unicode (UAX #11): Hangul Jamo and
//     syllables, the CJK radicals, CJK symbols and punctuation (、。「」【】《》), kana,
//     bopomofo, CJK ideographs with their extensions and compatibility forms (unicode.Han
//     covers the supplementary planes), Yi, the vertical, compatibility and small forms,
//     and the full-width forms （），：；０-９ Ａ-Ｚ ￥;
//   - the East Asian Ambiguous punctuation that GB 2312 fonts draw full-width: the dashes,
//     quotes and ellipsis of General Punctuation (— “” ‘’ …), arrows and mathematical
//     operators (→ ≤ ≥ ≠), and × ÷ ·.
//
// Everything else (ASCII, Latin, digits, the half-width katakana) is narrow.
func IsWide(r rune) bool {
	switch {
	case r < 0x00B7:
		return false
	case r == 0x00B7, r == 0x00D7, r == 0x00F7, // · × ÷
		r >= 0x1100 && r <= 0x115F, // Hangul Jamo initials
		r >= 0x2010 && r <= 0x2027, // dashes, quotes, ellipsis
		r >= 0x2190 && r <= 0x22FF, // arrows, mathematical operators
		r >= 0x2E80 && r <= 0xA4CF, // CJK radicals … Yi, with CJK punctuation, kana, ideographs
		r >= 0xA960 && r <= 0xA97F, // Hangul Jamo extended-A
		r >= 0xAC00 && r <= 0xD7A3, // Hangul syllables
		r >= 0xF900 && r <= 0xFAFF, // CJK compatibility ideographs
		r >= 0xFE10 && r <= 0xFE19, // vertical forms
		r >= 0xFE30 && r <= 0xFE6F, // CJK compatibility and small form variants
		r >= 0xFF00 && r <= 0xFF60, // full-width forms
		r >= 0xFFE0 && r <= 0xFFE6: // full-width signs ￠ ￡ ￥
		return true
	}
	return unicode.Is(unicode.Han, r)
}

// Width is the width of the longest line of s, a wide rune counting wide units and any
// other rune 1.
func Width(s string, wide float64) float64 {
	longest := 0.0
	for line := range strings.SplitSeq(s, "\n") {
		w := 0.0
		for _, r := range line {
			w += runeWidth(r, wide)
		}
		longest = math.Max(longest, w)
	}
	return longest
}

// Lines is the number of lines s takes when wrapped into avail units: each paragraph is
// filled greedily, rune by rune (CJK text breaks anywhere; breaking Latin words at any
// rune slightly overestimates, which is the safe side). A wide rune counts wide units.
func Lines(s string, avail, wide float64) int {
	lines := 0
	for para := range strings.SplitSeq(s, "\n") {
		n, used := 1, 0.0
		for _, r := range para {
			w := runeWidth(r, wide)
			if used+w > avail && used > 0 {
				n++
				used = 0
			}
			used += w
		}
		lines += n
	}
	return lines
}

func runeWidth(r rune, wide float64) float64 {
	if IsWide(r) {
		return wide
	}
	return 1
}
