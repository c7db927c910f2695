package pdf

import (
	"strings"
	"unicode"
)

// Chinese line breaking (禁则). gofpdf's MultiCell and SplitText drop a character at every
// automatic break in Chinese text and let lines start with closing punctuation, so the
// report wraps text itself: no character is lost, no line starts with closing
// punctuation, no line ends with opening punctuation, and figures such as 16,535.40 and
// 99.19% stay whole.

// noStart are characters a line must not start with.
const noStart = "，。、；：？！）》」』”’〕】〗〉…—%‰·,.;:?!)]}"

// noEnd are characters a line must not end with.
const noEnd = "（《「『“‘〔【〖〈([{"

func isNoStart(r rune) bool { return strings.ContainsRune(noStart, r) }
func isNoEnd(r rune) bool   { return strings.ContainsRune(noEnd, r) }

// isWordRune reports whether r belongs to an unbreakable Latin word or figure.
func isWordRune(r rune) bool {
	return r < 0x80 && (r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '.' || r == ',' || r == '%') ||
		r == '‰'
}

// unit is a piece of text that is never broken: one CJK character, or a Latin word or
// figure, with the spaces that follow it.
type unit struct {
	text  []rune
	trail int // trailing spaces, included in text
}

func (u unit) first() rune { return u.text[0] }
func (u unit) last() rune  { return u.text[len(u.text)-1-u.trail] }

func (u unit) width(measure func(rune) float64) (w, wTrail float64) {
	for i, r := range u.text {
		m := measure(r)
		if i < len(u.text)-u.trail {
			w += m
		}
		wTrail += m
	}
	return w, wTrail
}

// splitUnits cuts a line of text (no newlines) into units.
func splitUnits(s []rune) []unit {
	var out []unit
	for i := 0; i < len(s); {
		r := s[i]
		if unicode.IsSpace(r) {
			if len(out) == 0 {
				// Leading spaces form a unit of their own.
				j := i
				for j < len(s) && unicode.IsSpace(s[j]) {
					j++
				}
				out = append(out, unit{text: s[i:j]})
				i = j
				continue
			}
			// Units are contiguous: extend the last one over the space.
			last := &out[len(out)-1]
			last.text = last.text[:len(last.text)+1] // s[start : end+1]: units are contiguous in s
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
		out = append(out, unit{text: s[i:j]})
		i = j
	}
	return out
}

// cluster groups units between which a line must not break.
type cluster []unit

// clusters joins units across forbidden breaks: before a unit starting with closing
// punctuation, and after a unit ending with opening punctuation.
func clusters(units []unit) []cluster {
	var out []cluster
	for i, u := range units {
		glue := i > 0 && (isNoStart(u.first()) || isNoEnd(units[i-1].last()))
		if glue {
			out[len(out)-1] = append(out[len(out)-1], u)
		} else {
			out = append(out, cluster{u})
		}
	}
	return out
}

// breakLines wraps text into lines no wider than width as measured by measure.
// A newline in text forces a break (the newline itself is not part of any line). A piece
// that cannot be broken and is wider than a line is cut between characters, still
// avoiding a line that starts with closing punctuation where it can.
func breakLines(text string, width float64, measure func(rune) float64) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		lines = append(lines, breakParagraph([]rune(para), width, width, measure)...)
	}
	return lines
}

// breakParagraph wraps one paragraph (no newlines); the first line is firstWidth wide,
// the others width.
func breakParagraph(text []rune, firstWidth, width float64, measure func(rune) float64) []string {
	full := width
	width = firstWidth
	if len(text) == 0 {
		return []string{""}
	}
	var lines []string
	var cur []rune
	var curW float64 // width of cur including its trailing spaces
	flush := func() {
		lines = append(lines, string(cur))
		cur, curW = nil, 0
		width = full
	}
	for _, c := range clusters(splitUnits(text)) {
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
		// An unbreakable piece wider than a line: cut it between characters.
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
			// Do not leave closing punctuation to start the next line, nor end on opening.
			for n > 1 && n < len(rs) && (isNoStart(rs[n]) || isNoEnd(rs[n-1])) {
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
