package pdf

import (
	"strings"
	"unicode"
)

// The line breaker as it was before it was rewritten to work on byte offsets without
// building units and clusters, kept verbatim (names prefixed with oracle) as the
// reference TestBreakParagraphMatchesOracle compares the current one with: same lines,
// and every character measured, first in the same order — the renderer's width cache
// writes to the page on a first measurement, so the order is part of the PDF's bytes.

func oracleIsNoStart(r rune) bool { return strings.ContainsRune(noStart, r) }
func oracleIsNoEnd(r rune) bool   { return strings.ContainsRune(noEnd, r) }

type oracleUnit struct {
	text  []rune
	trail int // trailing spaces, included in text
}

func (u oracleUnit) first() rune { return u.text[0] }
func (u oracleUnit) last() rune  { return u.text[len(u.text)-1-u.trail] }

func (u oracleUnit) width(measure func(rune) float64) (w, wTrail float64) {
	for i, r := range u.text {
		m := measure(r)
		if i < len(u.text)-u.trail {
			w += m
		}
		wTrail += m
	}
	return w, wTrail
}

func oracleSplitUnits(s []rune) []oracleUnit {
	var out []oracleUnit
	for i := 0; i < len(s); {
		r := s[i]
		if unicode.IsSpace(r) {
			if len(out) == 0 {
				j := i
				for j < len(s) && unicode.IsSpace(s[j]) {
					j++
				}
				out = append(out, oracleUnit{text: s[i:j]})
				i = j
				continue
			}
			last := &out[len(out)-1]
			last.text = last.text[:len(last.text)+1]
			last.trail++
			i++
			continue
		}
		j := i + 1
		if isWordRune(r) {
			for j < len(s) && isWordRune(s[j]) {
				j++
			}
		}
		out = append(out, oracleUnit{text: s[i:j]})
		i = j
	}
	return out
}

type oracleCluster []oracleUnit

func oracleClusters(units []oracleUnit) []oracleCluster {
	var out []oracleCluster
	for i, u := range units {
		glue := i > 0 && (oracleIsNoStart(u.first()) || oracleIsNoEnd(units[i-1].last()))
		if glue {
			out[len(out)-1] = append(out[len(out)-1], u)
		} else {
			out = append(out, oracleCluster{u})
		}
	}
	return out
}

func oracleBreakLines(text string, width float64, measure func(rune) float64) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		lines = append(lines, oracleBreakParagraph([]rune(para), width, width, measure)...)
	}
	return lines
}

func oracleBreakParagraph(text []rune, firstWidth, width float64, measure func(rune) float64) []string {
	full := width
	width = firstWidth
	if len(text) == 0 {
		return []string{""}
	}
	var lines []string
	var cur []rune
	var curW float64
	flush := func() {
		lines = append(lines, string(cur))
		cur, curW = nil, 0
		width = full
	}
	for _, c := range oracleClusters(oracleSplitUnits(text)) {
		var w, wTrail float64
		for i, u := range c {
			a, b := u.width(measure)
			if i == len(c)-1 {
				w += a
			} else {
				w += b
			}
			wTrail += b
		}
		if len(cur) > 0 && curW+w > width+1e-9 {
			flush()
		}
		if w <= width+1e-9 || len(cur) > 0 {
			for _, u := range c {
				cur = append(cur, u.text...)
			}
			curW += wTrail
			continue
		}
		var rs []rune
		for _, u := range c {
			rs = append(rs, u.text...)
		}
		for len(rs) > 0 {
			n, acc := 0, 0.0
			for n < len(rs) && (n == 0 || acc+measure(rs[n]) <= width+1e-9 || unicode.IsSpace(rs[n])) {
				acc += measure(rs[n])
				n++
			}
			for n > 1 && n < len(rs) && (oracleIsNoStart(rs[n]) || oracleIsNoEnd(rs[n-1])) {
				n--
			}
			if n == len(rs) {
				cur, curW = append(cur, rs...), acc
				break
			}
			cur = append(cur, rs[:n]...)
			flush()
			rs = rs[n:]
		}
	}
	if len(cur) > 0 {
		flush()
	}
	return lines
}
