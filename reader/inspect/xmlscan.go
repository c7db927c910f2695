package inspect

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// xmlScanner is a strict XML tokenizer that gives, token for token and error for error, what
// encoding/xml's Decoder.Token gives with Strict set and no CharsetReader (the oracle in
// xmlwalk_oracle_test.go, which FuzzWalkXMLMatchesOracle compares it with). encoding/xml reads
// byte by byte through bufio and allocates a string for every name and value; this scans a
// buffer with bytes.IndexByte and allocates one string per start tag, several times faster.
//
// What it reports, like encoding/xml: start and end tags (checked to match), text (entities and
// character references decoded, \r\n and \r turned into \n) one token per run between markup
// and one per CDATA section, and directives (<!DOCTYPE …>, which walkXML refuses). Comments
// and processing instructions are checked and skipped; an <?xml?> declaration of a version
// other than 1.0 or an encoding other than UTF-8 is refused wherever it stands. Like
// encoding/xml it does not require a single root: several roots and text around them pass.
//
// Memory: the buffer holds one token at a time (it grows when a token is longer than it, as
// encoding/xml's token buffer does) plus the names of the open elements.
type xmlScanner struct {
	src    io.Reader
	buf    []byte
	r, w   int   // buf[r:w] is read and not yet consumed
	srcErr error // what src returned after buf[w-1]: io.EOF or its error; nil while more may come
	lines  int   // newlines in the bytes dropped from the front of buf, for error messages

	// The token scanned last.
	local   string     // tokStart, tokEnd: the element's name without its prefix
	space   string     // its prefix, as written
	attrs   []xml.Attr // tokStart; reused, valid until the next token
	text    []byte     // tokText; points into buf or scratch, valid until the next token
	pendEnd bool       // the start tag closed itself: the next token is its end

	scratch []byte     // decoded text, or the values of a start tag
	marks   []attrMark // the attributes of the start tag being scanned
	open    []openElem
	ns      []nsBinding
	nsEmpty int                     // bindings in ns to the empty namespace name
	names   [1 << internBits]string // interned names, see intern
}

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokStart
	tokEnd
	tokText
	tokDirective
	tokSkip // a comment or a processing instruction
)

// attrMark locates one attribute of the start tag being scanned: its name in the buffer and
// its decoded value in scratch.
type attrMark struct {
	name, nameEnd int
	val, valEnd   int
}

// openElem is an element whose end tag has not come yet. qname is the name as written, which
// the end tag must repeat.
type openElem struct {
	qname, space, local string
}

// nsBinding is an xmlns:prefix attribute in force. Only whether it binds the prefix to the
// empty string matters: encoding/xml then reports the prefix's attributes with an empty
// Name.Space, as if they had no prefix, and handlers test Name.Space for emptiness.
type nsBinding struct {
	prefix string
	empty  bool
	depth  int // of the element that declares it
}

const (
	scanBufSize = 16 << 10 // the initial buffer; most parts of a workbook are smaller
	maxNameLen  = 64       // longer names are not interned
	internBits  = 10       // 1024 names: a sheet uses about a hundred
	// maxPooledItems bounds the attributes, open elements and namespace declarations whose
	// slices a pooled scanner keeps.
	maxPooledItems = 256
)

// errMore says a token runs past the bytes read so far. It never leaves the scanner.
var errMore = errors.New("xml scanner: token continues past the buffer")

// scanners holds idle scanners, so that a part does not pay for a buffer and for interning
// the same few names again. It holds scratch memory only: getXMLScanner resets every field
// that affects scanning, and the interned names are immutable strings.
var scanners = sync.Pool{New: func() any { return new(xmlScanner) }}

// getXMLScanner returns a scanner reading src with a buffer of bufSize bytes at first; give
// it back with release.
func getXMLScanner(src io.Reader, bufSize int) *xmlScanner {
	s := scanners.Get().(*xmlScanner)
	bufSize = max(bufSize, 2*utf8.UTFMax)
	if len(s.buf) != bufSize {
		s.buf = make([]byte, bufSize)
	}
	s.src, s.r, s.w, s.srcErr, s.lines = src, 0, 0, nil, 0
	s.text, s.pendEnd, s.nsEmpty = nil, false, 0
	s.attrs, s.scratch, s.marks, s.open, s.ns = s.attrs[:0], s.scratch[:0], s.marks[:0], s.open[:0], s.ns[:0]
	return s
}

// release gives s back to the pool, keeping only what is small enough to be worth keeping.
func (s *xmlScanner) release() {
	if len(s.buf) != scanBufSize { // grown for a long token, or a test's tiny one
		s.buf = nil
	}
	if cap(s.scratch) > scanBufSize {
		s.scratch = nil
	}
	s.src, s.srcErr, s.text = nil, nil, nil
	clear(s.attrs[:cap(s.attrs)]) // let the values of the last part go
	clear(s.open[:cap(s.open)])
	clear(s.ns[:cap(s.ns)])
	if max(cap(s.attrs), cap(s.marks), cap(s.open), cap(s.ns)) > maxPooledItems { // a crafted part
		s.attrs, s.marks, s.open, s.ns = nil, nil, nil, nil
	}
	scanners.Put(s)
}

// next scans the next token. At the end of the input it returns tokEOF, or the error
// encoding/xml gives there (elements left open, the source's error).
func (s *xmlScanner) next() (tokKind, error) {
	if s.pendEnd {
		s.pendEnd = false
		s.closeElement()
		return tokEnd, nil
	}
	for {
		tok, n, err := s.scan(s.buf[s.r:s.w])
		switch {
		case err == errMore:
			s.fill()
			continue
		case err != nil:
			return tokEOF, err
		}
		s.r += n
		if tok != tokSkip {
			return tok, nil
		}
	}
}

// fill drops the consumed bytes and reads as much as the buffer holds, doubling it when the
// token being scanned fills more than half of it, so a long token is rescanned only a few
// times. The source's error is kept and reported when the scanner runs out of bytes, as
// encoding/xml reports it when it reads past the bytes before it.
func (s *xmlScanner) fill() {
	if s.r > 0 {
		s.lines += bytes.Count(s.buf[:s.r], newline)
		s.w = copy(s.buf, s.buf[s.r:s.w])
		s.r = 0
	}
	if len(s.buf)-s.w < len(s.buf)/2 {
		b := make([]byte, 2*len(s.buf))
		copy(b, s.buf[:s.w])
		s.buf = b
	}
	// textGuard refuses reads of less than a character.
	for empty := 0; len(s.buf)-s.w >= utf8.UTFMax; {
		n, err := s.src.Read(s.buf[s.w:])
		s.w += n
		if err != nil {
			s.srcErr = err
			return
		}
		if n > 0 {
			empty = 0
			continue
		}
		if empty++; empty == 100 { // as bufio gives up on a reader that keeps returning nothing
			s.srcErr = io.ErrNoProgress
			return
		}
	}
}

var newline = []byte{'\n'}

// syntaxError is encoding/xml's error for a problem found after it had read b[:pos] of the
// bytes not yet consumed: its line number counts the newlines read so far.
func (s *xmlScanner) syntaxError(pos int, msg string) error {
	return &xml.SyntaxError{Msg: msg, Line: 1 + s.lines + bytes.Count(s.buf[:s.r+pos], newline)}
}

// short is what a token cut off at the end of b means: read more or, when the source has
// ended, its error (an "unexpected EOF" syntax error at the end of the input).
func (s *xmlScanner) short(b []byte) error {
	switch s.srcErr {
	case nil:
		return errMore
	case io.EOF:
		return s.syntaxError(len(b), "unexpected EOF")
	}
	return s.srcErr
}

// scan scans the token at the start of b, returning its length.
func (s *xmlScanner) scan(b []byte) (tokKind, int, error) {
	switch {
	case len(b) == 0 && s.srcErr == io.EOF && len(s.open) > 0:
		return tokEOF, 0, s.syntaxError(0, "unexpected EOF")
	case len(b) == 0 && s.srcErr == io.EOF:
		return tokEOF, 0, nil
	case len(b) == 0:
		return tokEOF, 0, s.short(b)
	case b[0] != '<':
		n, err := s.scanText(b)
		return tokText, n, err
	case len(b) < 2:
		return tokEOF, 0, s.short(b)
	}
	switch b[1] {
	case '/':
		n, err := s.scanEndTag(b)
		return tokEnd, n, err
	case '?':
		n, err := s.skipPI(b)
		return tokSkip, n, err
	case '!':
		return s.scanBang(b)
	}
	n, err := s.scanStartTag(b)
	return tokStart, n, err
}

// scanBang scans what starts with "<!": a comment, a CDATA section or a directive.
func (s *xmlScanner) scanBang(b []byte) (tokKind, int, error) {
	if len(b) < 3 {
		return tokEOF, 0, s.short(b)
	}
	switch b[2] {
	case '-':
		n, err := s.skipComment(b)
		return tokSkip, n, err
	case '[':
		n, err := s.scanCDATA(b)
		return tokText, n, err
	}
	n, err := s.scanDirective(b)
	return tokDirective, n, err
}

// scanText scans character data up to the next '<'. Text ends at the end of the input too,
// whether that is the end of the part or an error reading it: encoding/xml returns the text
// read so far and reports the error with the next token.
func (s *xmlScanner) scanText(b []byte) (int, error) {
	k := plainRun(b, 0)
	switch {
	case k < len(b) && b[k] == '<':
		s.text = b[:k]
		return k, nil
	case k == len(b) && s.srcErr == nil:
		return 0, errMore
	case k == len(b):
		s.text = b
		return k, nil
	}
	return s.decodeText(b, k)
}

// textStop marks the bytes that end a run of text passed on as it stands.
var textStop = [256]bool{'<': true, '&': true, '\r': true, ']': true}

// plainRun returns the index of the first byte at or after i that ends a run of text that
// needs no decoding: '<', '&', '\r', the start of "]]>", or len(b).
func plainRun(b []byte, i int) int {
	for ; i < len(b); i++ {
		if textStop[b[i]] && (b[i] != ']' || bytes.HasPrefix(b[i:], cdataEnd)) {
			return i
		}
	}
	return i
}

var cdataEnd = []byte("]]>")

// decodeText decodes the text b[:…], of which b[:k] needs no decoding, as encoding/xml's text
// loop does: it decodes references, turns \r\n and \r into \n, refuses "]]>", and checks the
// decoded characters once the text has ended. On a partial text it runs to the end of b all
// the same, so that an error early in a long text is found before the rest of it is read.
func (s *xmlScanner) decodeText(b []byte, k int) (int, error) {
	s.scratch = append(s.scratch[:0], b[:k]...)
	bad := rune(-1) // the first character encoding/xml's final check refuses
	j := k
	for j < len(b) && b[j] != '<' {
		switch b[j] {
		case ']': // plainRun stops at "]]>" only; encoding/xml refuses it once it reads '>'
			return 0, s.syntaxError(j+3, "unescaped ]]> not in CDATA section")
		case '&':
			next, err := s.appendReference(b, j, &bad)
			if err != nil {
				return 0, err
			}
			j = next
		case '\r':
			j = crlf(b, j)
			s.scratch = append(s.scratch, '\n')
		}
		k = plainRun(b, j)
		s.scratch = append(s.scratch, b[j:k]...)
		j = k
	}
	if j == len(b) && s.srcErr == nil {
		return 0, errMore
	}
	if bad >= 0 {
		return 0, s.syntaxError(j, fmt.Sprintf("illegal character code %U", bad))
	}
	s.text = s.scratch
	return j, nil
}

// crlf returns the index after the line end at b[j] == '\r': "\r\n" or a lone "\r".
func crlf(b []byte, j int) int {
	if j+1 < len(b) && b[j+1] == '\n' {
		return j + 2
	}
	return j + 1
}

// appendReference decodes the entity or character reference at b[j] into scratch, for text
// and attribute values alike, and returns where it ends. *bad keeps the first decoded
// character encoding/xml's final check refuses (negative while there is none).
func (s *xmlScanner) appendReference(b []byte, j int, bad *rune) (int, error) {
	next, r, err := s.reference(b, j)
	if err != nil {
		return 0, err
	}
	s.scratch = utf8.AppendRune(s.scratch, r)
	if *bad < 0 && !isInCharacterRange(r) {
		*bad = r
	}
	return next, nil
}

// reference decodes the entity or character reference at b[i] == '&' as encoding/xml does:
// the five predefined entities and &#…; / &#x…; (lower-case x) up to U+10FFFF. A reference to
// a surrogate yields U+FFFD, as string(rune(n)) does. It returns the index after it.
func (s *xmlScanner) reference(b []byte, i int) (int, rune, error) {
	j := i + 1
	if j == len(b) {
		return 0, 0, s.short(b)
	}
	if b[j] == '#' {
		return s.charRef(b, i)
	}
	k := j
	for k < len(b) && nameByte[b[k]] {
		k++
	}
	if k == len(b) {
		return 0, 0, s.short(b)
	}
	if b[k] != ';' {
		return 0, 0, s.syntaxError(k, "invalid character entity "+string(b[i:k])+" (no semicolon)")
	}
	if isName(b[j:k]) {
		switch string(b[j:k]) {
		case "lt":
			return k + 1, '<', nil
		case "gt":
			return k + 1, '>', nil
		case "amp":
			return k + 1, '&', nil
		case "apos":
			return k + 1, '\'', nil
		case "quot":
			return k + 1, '"', nil
		}
	}
	return 0, 0, s.syntaxError(k+1, "invalid character entity "+string(b[i:k+1]))
}

// charRef decodes the character reference at b[i:] == "&#…".
func (s *xmlScanner) charRef(b []byte, i int) (int, rune, error) {
	j := i + 2
	if j == len(b) {
		return 0, 0, s.short(b)
	}
	base := uint64(10)
	if b[j] == 'x' {
		base = 16
		if j++; j == len(b) {
			return 0, 0, s.short(b)
		}
	}
	start, n := j, uint64(0)
	for ; j < len(b); j++ {
		d := digitValue(b[j])
		if d >= base {
			break
		}
		if n <= unicode.MaxRune { // beyond, it is refused whatever follows; do not overflow
			n = n*base + d
		}
	}
	switch {
	case j == len(b):
		return 0, 0, s.short(b)
	case b[j] != ';':
		return 0, 0, s.syntaxError(j, "invalid character entity "+string(b[i:j])+" (no semicolon)")
	case j == start || n > unicode.MaxRune:
		return 0, 0, s.syntaxError(j+1, "invalid character entity "+string(b[i:j+1]))
	}
	r := rune(n)
	if !utf8.ValidRune(r) { // a surrogate
		r = utf8.RuneError
	}
	return j + 1, r, nil
}

// digitValue is the value of a hexadecimal digit, or 16 for any other byte.
func digitValue(c byte) uint64 {
	switch {
	case '0' <= c && c <= '9':
		return uint64(c - '0')
	case 'a' <= c && c <= 'f':
		return uint64(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return uint64(c-'A') + 10
	}
	return 16
}

// isInCharacterRange is XML's Char production, as encoding/xml checks decoded text.
func isInCharacterRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// scanCDATA scans a CDATA section, b[:3] == "<![". Its text is passed on as text, with line
// ends normalised; encoding/xml decodes nothing else in it.
func (s *xmlScanner) scanCDATA(b []byte) (int, error) {
	const open = "<![CDATA["
	for k := 3; k < len(open); k++ {
		if k == len(b) {
			return 0, s.short(b)
		}
		if b[k] != open[k] {
			return 0, s.syntaxError(k+1, "invalid <![ sequence")
		}
	}
	end := bytes.Index(b[len(open):], cdataEnd)
	if end < 0 {
		if s.srcErr == io.EOF {
			return 0, s.syntaxError(len(b), "unexpected EOF in CDATA section")
		}
		return 0, s.short(b)
	}
	data := b[len(open) : len(open)+end]
	if bytes.IndexByte(data, '\r') >= 0 {
		s.scratch = s.scratch[:0]
		for j := 0; j < len(data); {
			if data[j] != '\r' {
				s.scratch = append(s.scratch, data[j])
				j++
				continue
			}
			j = crlf(data, j)
			s.scratch = append(s.scratch, '\n')
		}
		data = s.scratch
	}
	s.text = data
	return len(open) + end + len(cdataEnd), nil
}

// skipComment skips a comment, b[:3] == "<!-". Like encoding/xml it refuses "--" inside one.
func (s *xmlScanner) skipComment(b []byte) (int, error) {
	if len(b) < 4 {
		return 0, s.short(b)
	}
	if b[3] != '-' {
		return 0, s.syntaxError(4, "invalid sequence <!- not part of <!--")
	}
	k := bytes.Index(b[4:], []byte("--"))
	if k < 0 {
		return 0, s.short(b)
	}
	end := 4 + k + 2
	switch {
	case end == len(b):
		return 0, s.short(b)
	case b[end] != '>':
		return 0, s.syntaxError(end+1, `invalid sequence "--" not allowed in comments`)
	}
	return end + 1, nil
}

// skipPI skips a processing instruction, b[:2] == "<?". An <?xml …?> one, wherever it is,
// must declare version 1.0 (or none) and UTF-8 (or no encoding), as encoding/xml requires
// without a CharsetReader.
func (s *xmlScanner) skipPI(b []byte) (int, error) {
	end, err := s.name(b, 2, "expected target name after <?", false)
	if err != nil {
		return 0, err
	}
	i := skipSpace(b, end)
	k := bytes.Index(b[i:], []byte("?>"))
	if k < 0 {
		return 0, s.short(b)
	}
	if string(b[2:end]) == "xml" {
		content := string(b[i : i+k])
		if ver := procInst("version", content); ver != "" && ver != "1.0" {
			return 0, fmt.Errorf("xml: unsupported version %q; only version 1.0 is supported", ver)
		}
		if enc := procInst("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") {
			return 0, fmt.Errorf("xml: encoding %q declared but Decoder.CharsetReader is nil", enc)
		}
	}
	return i + k + 2, nil
}

// procInst is encoding/xml's: it finds `param="…"` or `param='…'` in s, loosely (a longer
// name ending in param matches too), and returns "" if there is none.
func procInst(param, s string) string {
	param += "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// scanDirective finds the end of a directive, b[:2] == "<!", as encoding/xml does: the first
// '>' outside quotes and not closing a nested '<', with nested comments skipped. Only where
// it ends matters: a complete directive is refused, and one cut off is an unexpected EOF.
func (s *xmlScanner) scanDirective(b []byte) (int, error) {
	j := 3 // b[2], whatever it is, is taken as it stands
	var inquote byte
	depth := 0
	for {
		if j == len(b) {
			return 0, s.short(b)
		}
		c := b[j]
		j++
		if inquote == 0 && c == '>' && depth == 0 {
			return j, nil
		}
		var err error
		if j, depth, inquote, err = s.directiveByte(b, j, c, depth, inquote); err != nil {
			return 0, err
		}
	}
}

// directiveByte is encoding/xml's handling of byte c of a directive, read before b[j].
func (s *xmlScanner) directiveByte(b []byte, j int, c byte, depth int, inquote byte) (int, int, byte, error) {
	for {
		switch {
		case c == inquote:
			return j, depth, 0, nil
		case inquote != 0:
			return j, depth, inquote, nil
		case c == '\'' || c == '"':
			return j, depth, c, nil
		case c == '>':
			return j, depth - 1, inquote, nil
		case c != '<':
			return j, depth, inquote, nil
		}
		// '<' opens a nested declaration, or a comment if "!--" follows. A byte that
		// does not continue "!--" is handled in turn as a byte of the directive.
		const open = "!--"
		matched := 0
		for ; matched < len(open); matched++ {
			if j == len(b) {
				return 0, 0, 0, s.short(b)
			}
			if c = b[j]; c != open[matched] {
				break
			}
			j++
		}
		if matched < len(open) {
			j++
			depth++
			continue
		}
		var b0, b1 byte
		for {
			if j == len(b) {
				return 0, 0, 0, s.short(b)
			}
			c = b[j]
			j++
			if b0 == '-' && b1 == '-' && c == '>' {
				return j, depth, inquote, nil
			}
			b0, b1 = b1, c
		}
	}
}

// scanEndTag scans an end tag, b[:2] == "</", and closes the element it must match.
func (s *xmlScanner) scanEndTag(b []byte) (int, error) {
	end, err := s.name(b, 2, "expected element name after </", true)
	if err != nil {
		return 0, err
	}
	qname := b[2:end]
	space, local := splitName(qname)
	i := skipSpace(b, end)
	switch {
	case i == len(b):
		return 0, s.short(b)
	case b[i] != '>':
		return 0, s.syntaxError(i+1, "invalid characters between </"+string(local)+" and >")
	}
	n := i + 1
	if len(s.open) == 0 {
		return 0, s.syntaxError(n, "unexpected end element </"+string(local)+">")
	}
	top := s.open[len(s.open)-1]
	switch {
	case top.local != string(local):
		return 0, s.syntaxError(n, "element <"+top.local+"> closed by </"+string(local)+">")
	case top.space != string(space):
		ns := string(space)
		if ns == "" {
			ns = `""`
		}
		return 0, s.syntaxError(n, "element <"+top.local+"> in space "+top.space+" closed by </"+string(local)+"> in space "+ns)
	}
	s.closeElement()
	return n, nil
}

// closeElement pops the innermost open element, and the namespace bindings it declared, and
// makes it the current token's name.
func (s *xmlScanner) closeElement() {
	depth := len(s.open)
	top := s.open[depth-1]
	s.open = s.open[:depth-1]
	s.local, s.space = top.local, top.space
	for len(s.ns) > 0 && s.ns[len(s.ns)-1].depth == depth {
		if s.ns[len(s.ns)-1].empty {
			s.nsEmpty--
		}
		s.ns = s.ns[:len(s.ns)-1]
	}
}

// scanStartTag scans a start tag, b[0] == '<', and opens its element.
func (s *xmlScanner) scanStartTag(b []byte) (int, error) {
	nameEnd, err := s.name(b, 1, "expected element name after <", true)
	if err != nil {
		return 0, err
	}
	s.scratch, s.marks = s.scratch[:0], s.marks[:0]
	for i := nameEnd; ; {
		i = skipSpace(b, i)
		if i == len(b) {
			return 0, s.short(b)
		}
		switch b[i] {
		case '>':
			s.openElement(b, nameEnd, false)
			return i + 1, nil
		case '/':
			if i+1 == len(b) {
				return 0, s.short(b)
			}
			if b[i+1] != '>' {
				return 0, s.syntaxError(i+2, "expected /> in element")
			}
			s.openElement(b, nameEnd, true)
			return i + 2, nil
		}
		if i, err = s.scanAttr(b, i); err != nil {
			return 0, err
		}
	}
}

// scanAttr scans the attribute at b[i:], name="value" or name='value' with optional spaces
// around '=', appending its value to scratch. It returns the index after it.
func (s *xmlScanner) scanAttr(b []byte, i int) (int, error) {
	nameEnd, err := s.name(b, i, "expected attribute name in element", true)
	if err != nil {
		return 0, err
	}
	j := skipSpace(b, nameEnd)
	switch {
	case j == len(b):
		return 0, s.short(b)
	case b[j] != '=':
		return 0, s.syntaxError(j+1, "attribute name without = in element")
	}
	j = skipSpace(b, j+1)
	switch {
	case j == len(b):
		return 0, s.short(b)
	case b[j] != '"' && b[j] != '\'':
		return 0, s.syntaxError(j+1, "unquoted or missing attribute value in element")
	}
	val := len(s.scratch)
	if j, err = s.attrValue(b, j+1, b[j]); err != nil {
		return 0, err
	}
	s.marks = append(s.marks, attrMark{name: i, nameEnd: nameEnd, val: val, valEnd: len(s.scratch)})
	return j, nil
}

// valueStop marks the bytes that end a run of a value taken as it stands; the quote too.
var valueStop = [256]bool{'&': true, '\r': true, '<': true, '"': true, '\'': true}

// valueRun returns the index of the first byte at or after i that ends a run of a value
// quoted with q that needs no decoding, or len(b).
func valueRun(b []byte, i int, q byte) int {
	for ; i < len(b); i++ {
		if c := b[i]; valueStop[c] && (c == q || c != '"' && c != '\'') {
			return i
		}
	}
	return i
}

// attrValue appends the value at b[i:], up to the quote q, to scratch, decoded as encoding/xml
// decodes it (references, line ends; '<' refused). It returns the index after the quote.
func (s *xmlScanner) attrValue(b []byte, i int, q byte) (int, error) {
	bad := rune(-1)
	j := i
	for {
		k := valueRun(b, j, q)
		s.scratch = append(s.scratch, b[j:k]...)
		if j = k; j == len(b) {
			// encoding/xml takes a value cut off by the end of the input as ended, checks
			// its characters, and only then fails to read on.
			if s.srcErr != nil && bad >= 0 {
				return 0, s.syntaxError(j, fmt.Sprintf("illegal character code %U", bad))
			}
			return 0, s.short(b)
		}
		switch b[j] {
		case '<':
			return 0, s.syntaxError(j+1, "unescaped < inside quoted string")
		case q:
			if bad >= 0 {
				return 0, s.syntaxError(j+1, fmt.Sprintf("illegal character code %U", bad))
			}
			return j + 1, nil
		case '&':
			next, err := s.appendReference(b, j, &bad)
			if err != nil {
				return 0, err
			}
			j = next
		case '\r':
			j = crlf(b, j)
			s.scratch = append(s.scratch, '\n')
		}
	}
}

// openElement makes the start tag just scanned the current token and opens its element:
// namespace declarations first, as they apply to the tag's own attributes, then the element.
func (s *xmlScanner) openElement(b []byte, nameEnd int, selfClose bool) {
	qname := s.intern(b[1:nameEnd])
	space, local := splitNameString(qname)
	depth := len(s.open) + 1
	values := string(s.scratch) // one allocation for all the values of the tag
	s.attrs = s.attrs[:0]
	for _, m := range s.marks {
		aspace, alocal := splitNameString(s.intern(b[m.name:m.nameEnd]))
		v := values[m.val:m.valEnd]
		if aspace == "xmlns" {
			s.ns = append(s.ns, nsBinding{prefix: alocal, empty: v == "", depth: depth})
			if v == "" {
				s.nsEmpty++
			}
		}
		s.attrs = append(s.attrs, xml.Attr{Name: xml.Name{Space: aspace, Local: alocal}, Value: v})
	}
	if s.nsEmpty > 0 {
		for i := range s.attrs {
			if s.boundEmpty(s.attrs[i].Name.Space) {
				s.attrs[i].Name.Space = ""
			}
		}
	}
	s.open = append(s.open, openElem{qname: qname, space: space, local: local})
	s.local, s.space, s.pendEnd = local, space, selfClose
}

// boundEmpty reports whether the attribute prefix is bound to the empty namespace name, which
// encoding/xml reports as an empty Name.Space. It never is for "xmlns" and "xml", which
// encoding/xml does not look up.
func (s *xmlScanner) boundEmpty(prefix string) bool {
	if prefix == "" || prefix == "xmlns" || prefix == "xml" {
		return false
	}
	for i := len(s.ns) - 1; i >= 0; i-- {
		if s.ns[i].prefix == prefix {
			return s.ns[i].empty
		}
	}
	return false
}

// intern returns b as a string, allocating only when the name is not in the cache: a part
// repeats a few names thousands of times. The cache is direct-mapped, so it costs no hashing
// of whole names and crafted names can only evict others.
func (s *xmlScanner) intern(b []byte) string {
	if len(b) == 0 || len(b) > maxNameLen {
		return string(b)
	}
	n := len(b)
	x := uint64(n)<<40 | uint64(b[0])<<32 | uint64(b[min(1, n-1)])<<24 | uint64(b[n/2])<<16 |
		uint64(b[max(n-2, 0)])<<8 | uint64(b[n-1])
	slot := &s.names[(x*0x9E3779B97F4A7C15)>>(64-internBits)]
	if *slot != string(b) {
		*slot = string(b)
	}
	return *slot
}

// name scans the name at b[i:] as encoding/xml does: it runs over ASCII name bytes and every
// non-ASCII byte, must then be an XML name and, for element and attribute names (ns), hold at
// most one colon. missing is the message when there is no name (or two colons).
func (s *xmlScanner) name(b []byte, i int, missing string, ns bool) (int, error) {
	end, colons, nonASCII := i, 0, false
	for ; end < len(b) && nameByte[b[end]]; end++ {
		switch c := b[end]; {
		case c == ':':
			colons++
		case c >= utf8.RuneSelf:
			nonASCII = true
		}
	}
	switch {
	case end == len(b): // encoding/xml reads the byte after a name before it looks at it
		return 0, s.short(b)
	case end == i:
		return 0, s.syntaxError(i, missing)
	case !nameStart[b[i]] || nonASCII && !isName(b[i:end]):
		return 0, s.syntaxError(end, "invalid XML name: "+string(b[i:end]))
	case ns && colons > 1:
		return 0, s.syntaxError(end, missing)
	}
	return end, nil
}

// nameStart marks the bytes a name may start with: an ASCII letter, '_', ':', or a byte of a
// multi-byte character (which isName then checks). An ASCII name is valid if it starts with
// one of these: every other name byte is a NameChar.
var nameStart = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_' || c == ':' || c >= utf8.RuneSelf
	}
	return t
}()

// splitName splits a name as encoding/xml's nsname does: at its colon if there is one with
// something on both sides, else not at all.
func splitName(qname []byte) (space, local []byte) {
	if k := bytes.IndexByte(qname, ':'); k > 0 && k < len(qname)-1 {
		return qname[:k], qname[k+1:]
	}
	return nil, qname
}

// splitNameString is splitName for a string, returning substrings of it.
func splitNameString(qname string) (space, local string) {
	if k := strings.IndexByte(qname, ':'); k > 0 && k < len(qname)-1 {
		return qname[:k], qname[k+1:]
	}
	return "", qname
}

// nameByte marks the bytes encoding/xml reads as part of a name: ASCII letters, digits,
// "_:.-", and every byte of a multi-byte character (which isName then checks).
var nameByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
			c == '_' || c == ':' || c == '.' || c == '-' || c >= utf8.RuneSelf
	}
	return t
}()

// isName reports whether name is an XML name by encoding/xml's tables, as its isName does.
func isName(name []byte) bool {
	if len(name) == 0 {
		return false
	}
	if ascii(name) { // the common case, without decoding runes
		c := name[0]
		return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_' || c == ':'
	}
	c, n := utf8.DecodeRune(name)
	if c == utf8.RuneError && n == 1 || !unicode.Is(nameFirst, c) {
		return false
	}
	for n < len(name) {
		name = name[n:]
		c, n = utf8.DecodeRune(name)
		if c == utf8.RuneError && n == 1 || !unicode.Is(nameFirst, c) && !unicode.Is(nameSecond, c) {
			return false
		}
	}
	return true
}

// ascii reports whether b is all ASCII. Its bytes are name bytes, so each is a NameChar.
func ascii(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// skipSpace returns the index of the first byte at or after i that is not XML white space.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	return i
}
