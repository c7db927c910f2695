package inspect

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// xmlHandler receives the tokens of one XML part. depth is 1 for the root element.
// Returning an error stops the walk; handlers return *Error.
//
// Names carry what encoding/xml would give handlers, but for Name.Space: an element's is its
// prefix as written, and an attribute's is its prefix, or "" when it has none or its prefix
// is bound to the empty namespace name. Handlers may only test an attribute's Name.Space for
// emptiness, which is the same as with encoding/xml's namespace URLs. The attribute slice and
// the text are valid only during the call; the strings may be kept.
type xmlHandler interface {
	startElement(se xml.StartElement, depth int) error
	endElement(ee xml.EndElement, depth int) error
	charData(b []byte) error
}

// walkXML scans part and hands its tokens to h. It refuses any DOCTYPE or other <!...>
// declaration (billion laughs, XXE), nesting deeper than Limits.MaxXMLDepth, bytes that are
// not UTF-8 or are control characters XML forbids, runs longer than maxRun bytes between two
// '<' (0: no bound), and XML that is not well-formed or declares an encoding other than
// UTF-8. With requireRoot, a part without a root element is refused too. Its verdicts are
// encoding/xml's (see xmlScanner). Memory stays bounded: the scanner holds one token and the
// names of the open elements.
func walkXML(part string, r io.Reader, lim *Limits, maxRun int64, requireRoot bool, h xmlHandler) error {
	return walkXMLBuf(part, r, lim, maxRun, requireRoot, h, scanBufSize)
}

// walkXMLBuf is walkXML scanning with an initial buffer of bufSize bytes (at least 8). Tests
// use tiny buffers to make tokens straddle reads.
func walkXMLBuf(part string, r io.Reader, lim *Limits, maxRun int64, requireRoot bool, h xmlHandler, bufSize int) error {
	s := getXMLScanner(&textGuard{r: r, part: part, maxRun: maxRun}, bufSize)
	defer s.release()
	depth, roots := 0, 0
	for {
		tok, err := s.next()
		if err != nil {
			return xmlError(part, err)
		}
		switch tok {
		case tokEOF:
			if requireRoot && roots == 0 {
				return &Error{Code: CodeBadXML, Part: part, Message: msgNoRoot}
			}
			return nil
		case tokStart:
			depth++
			if depth == 1 {
				roots++
			}
			if depth > lim.MaxXMLDepth {
				return &Error{Code: CodeXMLDepth, Part: part, Message: fmt.Sprintf(msgXMLDepth, lim.MaxXMLDepth)}
			}
			err = h.startElement(xml.StartElement{Name: xml.Name{Space: s.space, Local: s.local}, Attr: s.attrs}, depth)
		case tokEnd:
			err = h.endElement(xml.EndElement{Name: xml.Name{Space: s.space, Local: s.local}}, depth)
			depth--
		case tokText:
			err = h.charData(s.text)
		case tokDirective:
			// A DOCTYPE is where billion laughs and XXE start; other programs that open
			// the same file later may expand its entities, and no workbook part has a
			// reason to carry one.
			return &Error{Code: CodeDoctype, Part: part, Message: msgDoctype}
		}
		if err != nil {
			if e, ok := err.(*Error); ok && e.Part == "" {
				e.Part = part
			}
			return err
		}
	}
}

// xmlError turns a scanner error into a *Error: the guard's and the entry reader's errors
// come through as they are, anything else is malformed XML.
func xmlError(part string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: CodeBadXML, Part: part, Message: fmt.Sprintf(msgBadXML, err), Err: err}
}

// textGuard sits between an entry and the XML scanner. It refuses bytes that are not UTF-8,
// the control characters and noncharacters XML 1.0 forbids (anywhere in the part, markup
// included), and runs of more than maxRun bytes without a '<'. Checking bytes before the
// scanner gives a precise code and bounds what the scanner buffers for one token.
type textGuard struct {
	r      io.Reader
	part   string
	maxRun int64
	run    int64 // bytes since the last '<'
	off    int64 // bytes passed so far
	// A UTF-8 sequence may straddle two reads: need is the number of continuation bytes
	// still expected, lo..hi the range the next one must fall in, cp the code point so far,
	// pend the bytes of it read so far.
	need   int
	lo, hi byte
	cp     rune
	pend   [utf8.UTFMax]byte
	npend  int
	err    error
}

func (g *textGuard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	if len(p) < utf8.UTFMax {
		return 0, io.ErrShortBuffer // xmlScanner.fill never offers less
	}
	// Bytes of a character are passed on only once the character is complete and valid:
	// the scanner then only ever sees whole characters (encoding/xml, the oracle it is
	// tested against, reports a partial one as its own "invalid UTF-8" syntax error, which
	// would hide ours). k bytes held back from the last read start this one.
	k := copy(p, g.pend[:g.npend])
	n, err := g.r.Read(p[k:])
	n += k
	start := 0 // where the character being checked starts
	bulk := true
	for i := k; i < n; i++ {
		// Once between characters (at once, or after the one the last read cut), try
		// the rest of p in bulk; what that leaves is checked byte by byte.
		if g.need == 0 && bulk {
			bulk = false
			if i += g.skipClean(p[i:n]); i == n {
				break
			}
		}
		// Fast path for the common byte: printable ASCII that is not '<'.
		if c := p[i]; c >= 0x20 && c < 0x80 && c != '<' && g.need == 0 && (g.maxRun == 0 || g.run < g.maxRun) {
			g.run++
			g.off++
			continue
		}
		if g.need == 0 {
			start = i
		}
		if e := g.check(p[i]); e != nil {
			g.err = e
			return start, e
		}
		g.off++
	}
	if g.need == 0 {
		g.npend = 0
		return n, err
	}
	if err == io.EOF {
		g.err = g.fail(msgBadUTF8, "truncated UTF-8 sequence")
		return start, g.err
	}
	g.npend = copy(g.pend[:], p[start:n])
	return start, err
}

// skipClean checks in bulk the longest prefix of p that does not end inside a character, and
// returns its length; or 0, changing nothing, when that prefix holds anything check would
// refuse: the loop in Read then goes over it byte by byte and says precisely what and where.
// Clean text so costs a few vectorised passes instead of a branch per byte.
func (g *textGuard) skipClean(p []byte) int {
	c := p[:charBoundary(p)]
	if !utf8.Valid(c) || hasForbiddenControl(c) || hasNonchar(c) {
		return 0
	}
	run, ok := g.runAfter(c)
	if !ok {
		return 0
	}
	g.run = run
	g.off += int64(len(c))
	return len(c)
}

// charBoundary returns len(p) less the bytes of a character cut off at its end.
func charBoundary(p []byte) int {
	for i := len(p) - 1; i >= 0 && i >= len(p)-utf8.UTFMax; i-- {
		switch c := p[i]; {
		case c < utf8.RuneSelf:
			return len(p)
		case c >= 0xC0: // a lead byte
			if i+seqLen(c) > len(p) {
				return i
			}
			return len(p)
		}
	}
	return len(p)
}

// seqLen is the length of the UTF-8 sequence lead byte c starts (for the valid ones).
func seqLen(c byte) int {
	switch {
	case c < 0xE0:
		return 2
	case c < 0xF0:
		return 3
	}
	return 4
}

// hasForbiddenControl reports whether b holds a control character other than tab, LF and CR.
// It tests eight bytes at once for one below 0x20 (exact, whatever the other bytes are).
func hasForbiddenControl(b []byte) bool {
	for len(b) >= 8 {
		x := binary.LittleEndian.Uint64(b)
		if (x-0x2020202020202020)&^x&0x8080808080808080 != 0 && forbiddenControlIn(b[:8]) {
			return true
		}
		b = b[8:]
	}
	return forbiddenControlIn(b)
}

func forbiddenControlIn(b []byte) bool {
	for _, c := range b {
		if isForbiddenControl(c) {
			return true
		}
	}
	return false
}

// isForbiddenControl reports whether c is a control character XML 1.0 forbids: below 0x20,
// other than tab, LF and CR.
func isForbiddenControl(c byte) bool { return c < 0x20 && c != '\t' && c != '\n' && c != '\r' }

// hasNonchar reports whether valid UTF-8 b holds U+FFFE or U+FFFF (EF BF BE, EF BF BF).
func hasNonchar(b []byte) bool {
	for {
		i := bytes.Index(b, efbf)
		if i < 0 {
			return false
		}
		if b[i+2] == 0xBE || b[i+2] == 0xBF { // b is valid: a third byte follows
			return true
		}
		b = b[i+2:]
	}
}

var efbf = []byte{0xEF, 0xBF}

// runAfter returns what run will be after the bytes of c, and false if a run of more than
// maxRun bytes without '<' ends in c. Gaps between two '<' of c are shorter than c, so they
// need no look when c is no longer than maxRun; a longer c is left to check.
func (g *textGuard) runAfter(c []byte) (int64, bool) {
	last := bytes.LastIndexByte(c, '<')
	switch {
	case last < 0:
		return g.run + int64(len(c)), g.maxRun == 0 || g.run+int64(len(c)) <= g.maxRun
	case g.maxRun > 0 && (int64(len(c)) > g.maxRun || g.run+int64(bytes.IndexByte(c, '<')) > g.maxRun):
		return 0, false
	}
	return int64(len(c) - 1 - last), true
}

// check validates one byte.
func (g *textGuard) check(c byte) *Error {
	if c == '<' {
		g.run = 0
	} else if g.run++; g.maxRun > 0 && g.run > g.maxRun {
		return &Error{Code: CodeLongText, Part: g.part, Message: fmt.Sprintf(msgLongText, g.maxRun),
			Err: fmt.Errorf("offset %d: run of more than %d bytes without markup", g.off, g.maxRun)}
	}
	if g.need > 0 {
		if c < g.lo || c > g.hi {
			return g.fail(msgBadUTF8, "invalid UTF-8")
		}
		g.cp = g.cp<<6 | rune(c&0x3F)
		g.lo, g.hi = 0x80, 0xBF
		if g.need--; g.need == 0 && (g.cp == 0xFFFE || g.cp == 0xFFFF) {
			return g.fail(fmt.Sprintf(msgControlChar, g.cp), "noncharacter")
		}
		return nil
	}
	// Lead bytes and the range of the byte after them, per RFC 3629 (no overlongs, no
	// surrogates, nothing above U+10FFFF).
	switch {
	case isForbiddenControl(c):
		return g.fail(fmt.Sprintf(msgControlChar, rune(c)), "control character")
	case c < 0x80:
	case c >= 0xC2 && c <= 0xDF:
		g.need, g.lo, g.hi, g.cp = 1, 0x80, 0xBF, rune(c&0x1F)
	case c == 0xE0:
		g.need, g.lo, g.hi, g.cp = 2, 0xA0, 0xBF, rune(c&0x0F)
	case c == 0xED:
		g.need, g.lo, g.hi, g.cp = 2, 0x80, 0x9F, rune(c&0x0F)
	case c >= 0xE1 && c <= 0xEF:
		g.need, g.lo, g.hi, g.cp = 2, 0x80, 0xBF, rune(c&0x0F)
	case c == 0xF0:
		g.need, g.lo, g.hi, g.cp = 3, 0x90, 0xBF, rune(c&0x07)
	case c >= 0xF1 && c <= 0xF3:
		g.need, g.lo, g.hi, g.cp = 3, 0x80, 0xBF, rune(c&0x07)
	case c == 0xF4:
		g.need, g.lo, g.hi, g.cp = 3, 0x80, 0x8F, rune(c&0x07)
	default:
		return g.fail(msgBadUTF8, "invalid UTF-8")
	}
	return nil
}

func (g *textGuard) fail(msg, why string) *Error {
	return &Error{Code: CodeBadText, Part: g.part, Message: msg, Err: fmt.Errorf("offset %d: %s", g.off, why)}
}

// plainXML is the handler for parts whose content inspect does not look at: walkXML's own
// checks are all they get.
type plainXML struct{}

func (plainXML) startElement(xml.StartElement, int) error { return nil }
func (plainXML) endElement(xml.EndElement, int) error     { return nil }
func (plainXML) charData([]byte) error                    { return nil }
