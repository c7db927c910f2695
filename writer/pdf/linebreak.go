package pdf

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Chinese line breaking (禁则). gofpdf's MultiCell and SplitText drop a character at every
// automatic break in Chinese text and let lines start with closing punctuation, so the
// report wraps text itself: no character is lost, no line starts with closing
// punctuation, no line ends with opening punctuation, and figures such as 16,535.40 and
// 99.19% stay whole.
//
// Text is cut into units that are never broken — one CJK character, or a Latin word or
// figure, with the spaces that follow it; a paragraph's leading spaces are a unit of their
// own — and units are joined into clusters across forbidden breaks: before a unit starting
// with closing punctuation, and after a unit ending with opening punctuation. Lines are
// filled with whole clusters; a cluster wider than a line is cut between characters.
//
// The breaker runs over every paragraph and table cell of every report, so it works on
// byte offsets into the text: units and clusters are scanned, never built, each character
// is measured once, and a line is a substring of the text (lines are contiguous runs of
// it). Each character is measured the first time in text order, which matters: the
// renderer's width cache writes to the page on a first measurement.

// noStart are characters a line must not start with.
const noStart = "，。、；：？！）》」』”’〕】〗〉…—%‰·,.;:?!)]}"

// noEnd are characters a line must not end with.
const noEnd = "（《「『“‘〔【〖〈([{"

// runeSet is a set of characters of the Basic Multilingual Plane, a bit each: the breaker
// asks about nearly every character it meets, and strings.ContainsRune scans the list.
type runeSet [0x10000 / 64]uint64

// newRuneSet returns the set of the characters of s, which must all be in the BMP.
func newRuneSet(s string) *runeSet {
	set := new(runeSet)
	for _, r := range s {
		if r >= 0x10000 {
			panic("pdf: runeSet holds only BMP characters")
		}
		set[r>>6] |= 1 << (r & 63)
	}
	return set
}

func (s *runeSet) has(r rune) bool {
	return uint32(r) < 0x10000 && s[r>>6]&(1<<(r&63)) != 0
}

var (
	noStartSet = newRuneSet(noStart)
	noEndSet   = newRuneSet(noEnd)
)

func isNoStart(r rune) bool { return noStartSet.has(r) }
func isNoEnd(r rune) bool   { return noEndSet.has(r) }

// isSpace is unicode.IsSpace, skipping its table search for the CJK characters that make
// up most of a report: no white space lies above U+3000 IDEOGRAPHIC SPACE.
func isSpace(r rune) bool { return r <= 0x3000 && unicode.IsSpace(r) }

// isWordRune reports whether r belongs to an unbreakable Latin word or figure.
func isWordRune(r rune) bool {
	return r < 0x80 && (r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '.' || r == ',' || r == '%') ||
		r == '‰'
}

// breakLines wraps text into lines no wider than width as measured by measure.
// A newline in text forces a break (the newline itself is not part of any line). A piece
// that cannot be broken and is wider than a line is cut between characters, still
// avoiding a line that starts with closing punctuation where it can.
func breakLines(text string, width float64, measure func(rune) float64) []string {
	text = validUTF8(text)
	lines := make([]string, 0, strings.Count(text, "\n")+1)
	for {
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			return appendParagraph(lines, text, width, width, measure)
		}
		lines = appendParagraph(lines, text[:i], width, width, measure)
		text = text[i+1:]
	}
}

// breakParagraph wraps one paragraph (no newlines); the first line is firstWidth wide,
// the others width.
func breakParagraph(text string, firstWidth, width float64, measure func(rune) float64) []string {
	return appendParagraph(nil, validUTF8(text), firstWidth, width, measure)
}

// validUTF8 returns s, or for invalid UTF-8 what converting it to runes and back makes of
// it (each bad byte a U+FFFD), so that lines, which are substrings, hold the characters
// that were measured.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return string([]rune(s))
}

// appendParagraph appends to lines the lines of text, a valid UTF-8 paragraph.
func appendParagraph(lines []string, text string, firstWidth, width float64, measure func(rune) float64) []string {
	if text == "" {
		return append(lines, "")
	}
	b := breaker{text: text, measure: measure, lines: lines, width: firstWidth, full: width}
	for pos := 0; pos < len(text); {
		end, w, wTrail := b.cluster(pos)
		b.place(pos, end, w, wTrail)
		pos = end
	}
	if b.line < len(text) {
		b.flush(len(text))
	}
	return b.lines
}

// breaker is the state of wrapping one paragraph. Offsets are in bytes into text.
type breaker struct {
	text    string
	measure func(rune) float64
	lines   []string
	width   float64 // width of the current line
	full    float64 // width of the lines after the first
	line    int     // where the current line starts; it runs to the next cluster
	curW    float64 // width of the current line including its trailing spaces
}

// flush ends the current line at end.
func (b *breaker) flush(end int) {
	b.lines = append(b.lines, b.text[b.line:end])
	b.line, b.curW = end, 0
	b.width = b.full
}

// place adds the cluster text[start:end], w wide without its trailing spaces and wTrail
// with them, to the lines.
func (b *breaker) place(start, end int, w, wTrail float64) {
	if start > b.line && b.curW+w > b.width+1e-9 {
		b.flush(start)
	}
	if w <= b.width+1e-9 || start > b.line {
		b.curW += wTrail
		return
	}
	b.cut(start, end)
}

// cut places an unbreakable piece wider than a line, starting a line, by cutting it
// between characters; spaces hang past the edge, and a cut is moved back rather than
// leave closing punctuation to start the next line or opening punctuation to end this one.
// The last part stays on the current line for what follows.
func (b *breaker) cut(start, end int) {
	s := b.text
	for {
		// Take characters while they fit: at least one, and spaces however wide. The test
		// is written as !(fits), not as too wide, to keep its answer for NaN widths.
		n, count, acc := start, 0, 0.0
		for n < end {
			r, size := utf8.DecodeRuneInString(s[n:])
			m := b.measure(r)
			if count > 0 && !(acc+m <= b.width+1e-9) && !isSpace(r) {
				break
			}
			acc += m
			n += size
			count++
		}
		// Move a cut back off closing punctuation after it or opening punctuation before it.
		for count > 1 && n < end {
			next, _ := utf8.DecodeRuneInString(s[n:])
			prev, size := utf8.DecodeLastRuneInString(s[start:n])
			if !isNoStart(next) && !isNoEnd(prev) {
				break
			}
			n -= size
			count--
		}
		if n == end {
			b.curW = acc
			return
		}
		b.flush(n)
		start = n
	}
}

// cluster scans the cluster that starts at pos and returns where it ends, its width
// without its trailing spaces and with them. The sums are formed unit by unit — the
// units before the last with their spaces, then the last — in the order the breaker always
// added them, so that widths, and with them the lines, stay the same to the bit.
func (b *breaker) cluster(pos int) (end int, w, wTrail float64) {
	var before float64 // the cluster's units before the current one, with their spaces
	for {
		end, last, uw, uwTrail := b.unit(pos)
		if end == len(b.text) || !b.glued(last, end) {
			return end, before + uw, before + uwTrail
		}
		before += uwTrail
		pos = end
	}
}

// glued reports whether the unit starting at pos must stay on the line of the one before
// it, which ends in last (spaces aside).
func (b *breaker) glued(last rune, pos int) bool {
	if isNoEnd(last) {
		return true
	}
	first, _ := utf8.DecodeRuneInString(b.text[pos:])
	return isNoStart(first)
}

// unit scans and measures the unit that starts at pos: one character, or a Latin word or
// figure, then the spaces that follow it; at the start of the paragraph, a run of spaces.
// It returns where the unit ends, its last character before the spaces, and its width
// without and with the spaces.
func (b *breaker) unit(pos int) (end int, last rune, w, wTrail float64) {
	s := b.text
	r, size := utf8.DecodeRuneInString(s[pos:])
	if pos == 0 && isSpace(r) {
		// Leading spaces form a unit of their own, with no trailing part.
		end, w = b.spaces(pos, w)
		last, _ = utf8.DecodeLastRuneInString(s[:end])
		return end, last, w, w
	}
	w += b.measure(r)
	last, end = r, pos+size
	if isWordRune(r) {
		end, last, w = b.word(end, last, w)
	}
	end, wTrail = b.spaces(end, w)
	return end, last, w, wTrail
}

// word scans the rest of a Latin word or figure from pos on, adding the widths of its
// characters to w; last is the character before pos. It returns where the word ends, its
// last character and the sum.
func (b *breaker) word(pos int, last rune, w float64) (int, rune, float64) {
	s := b.text
	for pos < len(s) {
		r, size := utf8.DecodeRuneInString(s[pos:])
		if !isWordRune(r) {
			break
		}
		w += b.measure(r)
		last = r
		pos += size
	}
	return pos, last, w
}

// spaces scans the spaces from pos on, adding their widths to w, and returns where they
// end and the sum.
func (b *breaker) spaces(pos int, w float64) (int, float64) {
	s := b.text
	for pos < len(s) {
		r, size := utf8.DecodeRuneInString(s[pos:])
		if !isSpace(r) {
			break
		}
		w += b.measure(r)
		pos += size
	}
	return pos, w
}
