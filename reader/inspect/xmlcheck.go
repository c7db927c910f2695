package inspect

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// xmlHandler receives the tokens of one XML part. depth is 1 for the root element.
// Returning an error stops the walk; handlers return *Error.
type xmlHandler interface {
	startElement(se xml.StartElement, depth int) error
	endElement(ee xml.EndElement, depth int) error
	charData(b []byte) error
}

// walkXML streams part through encoding/xml and hands its tokens to h. It refuses any
// DOCTYPE or other <!...> declaration (billion laughs, XXE), nesting deeper than
// Limits.MaxXMLDepth, bytes that are not UTF-8 or are control characters XML forbids, runs
// longer than maxRun bytes between two '<' (0: no bound), and XML that is not well-formed or
// declares an encoding other than UTF-8. With requireRoot, a part without a root element is
// refused too. Memory stays bounded: the decoder holds one token and the open elements.
func walkXML(part string, r io.Reader, lim *Limits, maxRun int64, requireRoot bool, h xmlHandler) error {
	d := xml.NewDecoder(&textGuard{r: r, part: part, maxRun: maxRun})
	d.Strict = true
	d.CharsetReader = nil // never decode other charsets; such parts are refused
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if requireRoot && roots == 0 {
				return &Error{Code: CodeBadXML, Part: part, Message: msgNoRoot}
			}
			return nil
		}
		if err != nil {
			return xmlError(part, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				roots++
			}
			if depth > lim.MaxXMLDepth {
				return &Error{Code: CodeXMLDepth, Part: part, Message: fmt.Sprintf(msgXMLDepth, lim.MaxXMLDepth)}
			}
			err = h.startElement(t, depth)
		case xml.EndElement:
			err = h.endElement(t, depth)
			depth--
		case xml.CharData:
			err = h.charData(t)
		case xml.Directive:
			// encoding/xml expands no entities, but a DOCTYPE is where billion laughs and
			// XXE start, other programs that open the same file later may expand them, and
			// no workbook part has a reason to carry one.
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

// xmlError turns a decoder error into a *Error: the guard's and the entry reader's errors
// come through as they are, anything else is malformed XML.
func xmlError(part string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: CodeBadXML, Part: part, Message: fmt.Sprintf(msgBadXML, err), Err: err}
}

// textGuard sits between an entry and the XML decoder. It refuses bytes that are not UTF-8,
// the control characters and noncharacters XML 1.0 forbids (anywhere in the part, markup
// included), and runs of more than maxRun bytes without a '<'. Checking bytes before the
// decoder gives a precise code and bounds what the decoder buffers for one token.
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
		return 0, io.ErrShortBuffer // the decoder reads through a 4 KiB bufio.Reader
	}
	// Bytes of a character are passed on only once the character is complete and valid:
	// encoding/xml reports a partial character as its own "invalid UTF-8" syntax error,
	// which would hide ours. k bytes held back from the last read start this one.
	k := copy(p, g.pend[:g.npend])
	n, err := g.r.Read(p[k:])
	n += k
	start := 0 // where the character being checked starts
	for i := k; i < n; i++ {
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
	case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
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
