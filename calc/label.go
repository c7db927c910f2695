package calc

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FoldWidth maps full-width ASCII forms (Ａ１（：) to their half-width forms and every kind
// of space (ideographic, no-break) to an ASCII space. Chinese punctuation without a
// half-width twin (、“”《》) is left alone.
func FoldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000 || r == 0x00A0 || r == 0x2007 || r == 0x202F:
			return ' '
		}
		return r
	}, s)
}

var (
	memoPrefix = regexp.MustCompile(`^其中[:]?`)
	// Leading numbering as labels carry it: 一、 (一) 1. 1、 (1). A digit followed by a dot
	// and another digit is a number (1.5), not numbering.
	numberingPrefix = regexp.MustCompile(`^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|[0-9]+(?:、|\.(?:[^0-9]|$))|\([0-9]+\))`)
	// A trailing unit in brackets: 人员经费（万元）, 核定编制人数（人）.
	unitSuffix = regexp.MustCompile(`\((?:万元|元|人|%|个|项|次|户|平方米)\)$`)
	quotes     = strings.NewReplacer("“", "", "”", "", `"`, "", "'", "", "‘", "", "’", "", "「", "", "」", "")
)

// NormalizeLabel returns the key under which a row or item label is compared (SPEC §3):
// widths folded, spaces and quotes removed, leading 其中： and numbering removed, a trailing
// unit such as （万元） and a trailing colon removed. It also returns the numbering it removed,
// in half-width form ("一、" "(一)" "1." "(1)"), and whether the label began with 其中.
//
//	NormalizeLabel("其中：“三公”经费")          = "三公经费", "", true
//	NormalizeLabel("（二）通用设备(个、台、辆等)") = "通用设备(个、台、辆等)", "(二)", false
func NormalizeLabel(label string) (key, numbering string, memo bool) {
	s := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, FoldWidth(label))
	s = quotes.Replace(s)
	for {
		if m := memoPrefix.FindString(s); m != "" && len(m) < len(s) {
			memo = true
			s = s[len(m):]
			continue
		}
		if m := numberingPrefix.FindString(s); m != "" && numbering == "" {
			// The lookahead character after "1." belongs to the label: give it back.
			if strings.HasSuffix(m, ".") || strings.HasSuffix(m, "、") || strings.HasSuffix(m, ")") {
				numbering = canonicalNumbering(m)
				s = s[len(m):]
			} else {
				_, size := utf8.DecodeLastRuneInString(m)
				numbering = canonicalNumbering(m[:len(m)-size])
				s = s[len(m)-size:]
			}
			if s == "" { // the label was only a number, e.g. "1.": keep it as the key
				return numbering, "", memo
			}
			continue
		}
		break
	}
	s = unitSuffix.ReplaceAllString(s, "")
	s = strings.TrimRight(s, ":")
	return s, numbering, memo
}

// canonicalNumbering writes numbering the same way whatever punctuation was used: 1、 → 1.
func canonicalNumbering(m string) string {
	if strings.HasPrefix(m, "(") {
		return m
	}
	head := strings.TrimRight(m, "、.")
	if head == "" {
		return m
	}
	if head[0] >= '0' && head[0] <= '9' {
		return head + "."
	}
	return head + "、"
}
