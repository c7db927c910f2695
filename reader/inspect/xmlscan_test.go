package inspect

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"selfeval/internal/hostile"
)

// recorder is an xmlHandler that writes down what it is handed: start tags with their
// attributes (local name, value, whether Name.Space is empty: all handlers look at), end
// tags, and the text between tags, concatenated (a walker may split text where it likes).
// To check that handler errors and walker errors come in the same order, it fails on an
// element named "fail", an end tag named "failend", and text holding "FAIL".
type recorder struct {
	events []string
	text   []byte
}

var errHandler = &Error{Code: "handler", Message: "handler refused"}

func (r *recorder) flush() {
	if len(r.text) > 0 {
		r.events = append(r.events, "text "+strconv.Quote(string(r.text)))
		r.text = r.text[:0]
	}
}

func (r *recorder) startElement(se xml.StartElement, depth int) error {
	r.flush()
	var b strings.Builder
	fmt.Fprintf(&b, "start %d %s", depth, se.Name.Local)
	for _, a := range se.Attr {
		fmt.Fprintf(&b, " %s=%q", a.Name.Local, a.Value)
		if a.Name.Space != "" {
			b.WriteString("(ns)")
		}
	}
	r.events = append(r.events, b.String())
	if se.Name.Local == "fail" {
		return &Error{Code: errHandler.Code, Message: errHandler.Message}
	}
	return nil
}

func (r *recorder) endElement(ee xml.EndElement, depth int) error {
	r.flush()
	r.events = append(r.events, fmt.Sprintf("end %d %s", depth, ee.Name.Local))
	if ee.Name.Local == "failend" {
		return &Error{Code: errHandler.Code, Message: errHandler.Message}
	}
	return nil
}

func (r *recorder) charData(b []byte) error {
	r.text = append(r.text, b...)
	if bytes.Contains(r.text, []byte("FAIL")) {
		return &Error{Code: errHandler.Code, Message: errHandler.Message}
	}
	return nil
}

// walkOpts are the parameters of one walk.
type walkOpts struct {
	maxRun      int64
	depth       int // Limits.MaxXMLDepth; 0: the default
	requireRoot bool
}

// walkResult is what a walker did with one input.
type walkResult struct {
	events []string
	err    error
}

type walker func(part string, r io.Reader, lim *Limits, maxRun int64, requireRoot bool, h xmlHandler) error

func runWalker(w walker, data []byte, r io.Reader, o walkOpts) walkResult {
	if r == nil {
		r = bytes.NewReader(data)
	}
	lim := Limits{MaxXMLDepth: o.depth}.WithDefaults()
	rec := &recorder{}
	err := w("xl/test.xml", r, &lim, o.maxRun, o.requireRoot, rec)
	rec.flush()
	return walkResult{rec.events, err}
}

// describe renders an error with everything a caller can see of it.
func describe(err error) string {
	if err == nil {
		return "<nil>"
	}
	var e *Error
	if !errors.As(err, &e) {
		return fmt.Sprintf("non-*Error %T: %v", err, err)
	}
	return fmt.Sprintf("code=%s part=%q msg=%q cause=%v", e.Code, e.Part, e.Message, e.Err)
}

// diff returns "" when the two results are the same: the same handler calls and either both
// accepted or both refused with the same *Error (code, part, message and cause).
func diff(got, want walkResult) string {
	if describe(got.err) != describe(want.err) {
		return fmt.Sprintf("error:\n got  %s\n want %s", describe(got.err), describe(want.err))
	}
	if strings.Join(got.events, "\n") != strings.Join(want.events, "\n") {
		return fmt.Sprintf("events:\n got  %q\n want %q", got.events, want.events)
	}
	return ""
}

// checkAgainstOracle runs walkXML (with its buffer, and with a tiny one fed a few bytes at a
// time so that every token straddles reads) and the oracle, and reports any difference.
func checkAgainstOracle(t *testing.T, data []byte, o walkOpts, smallBuf int) walkResult {
	t.Helper()
	want := runWalker(oracleWalkXML, data, nil, o)
	got := runWalker(walkXML, data, nil, o)
	if d := diff(got, want); d != "" {
		t.Fatalf("walkXML differs from the oracle on %s %+v: %s", shortQuote(data), o, d)
	}
	small := func(part string, r io.Reader, lim *Limits, maxRun int64, requireRoot bool, h xmlHandler) error {
		return walkXMLBuf(part, r, lim, maxRun, requireRoot, h, smallBuf)
	}
	chunks := &chunkReader{r: bytes.NewReader(data), n: 1 + smallBuf%5}
	if d := diff(runWalker(small, data, chunks, o), want); d != "" {
		t.Fatalf("walkXML with a %d-byte buffer differs from the oracle on %s %+v: %s", smallBuf, shortQuote(data), o, d)
	}
	return got
}

// shortQuote quotes data for a message, cut to a readable length.
func shortQuote(data []byte) string {
	if len(data) > 300 {
		return fmt.Sprintf("%q…(%d bytes)", data[:300], len(data))
	}
	return strconv.Quote(string(data))
}

// chunkReader returns at most n bytes a read, to split characters and tokens across reads.
type chunkReader struct {
	r io.Reader
	n int
}

func (c *chunkReader) Read(p []byte) (int, error) { return c.r.Read(p[:min(len(p), c.n)]) }

// xmlCases are tricky inputs: want is the code expected ("" accepted), text the text expected
// between the tags when accepted and non-empty. All must also give exactly what the oracle
// (encoding/xml) gives; checkAgainstOracle checks that.
var xmlCases = []struct {
	name, in string
	o        walkOpts
	want     Code
	text     string
}{
	{name: "entities", in: `<a>&lt;&gt;&amp;&apos;&quot;</a>`, text: `<>&'"`},
	{name: "char refs", in: `<a>&#65;&#x42;&#x10FFFF;&#9;&#xA;&#xD;&#00000000000000000000067;</a>`, text: "AB\U0010FFFF\t\n\rC"},
	{name: "char ref NUL", in: `<a>&#0;</a>`, want: CodeBadXML},
	{name: "char ref control", in: `<a>x&#x1F;y</a>`, want: CodeBadXML},
	{name: "char ref FFFE", in: `<a>&#xFFFE;</a>`, want: CodeBadXML},
	{name: "char ref surrogate is U+FFFD", in: `<a>&#xD800;</a>`, text: "\uFFFD"},
	{name: "char ref above Unicode", in: `<a>&#x110000;</a>`, want: CodeBadXML},
	{name: "char ref huge", in: `<a>&#99999999999999999999999999;</a>`, want: CodeBadXML},
	{name: "char ref upper X", in: `<a>&#X41;</a>`, want: CodeBadXML},
	{name: "char ref empty", in: `<a>&#;</a>`, want: CodeBadXML},
	{name: "char ref empty hex", in: `<a>&#x;</a>`, want: CodeBadXML},
	{name: "char ref no semicolon", in: `<a>&#65 </a>`, want: CodeBadXML},
	{name: "unknown entity", in: `<a>&nbsp;</a>`, want: CodeBadXML},
	{name: "entity no semicolon", in: `<a>&amp </a>`, want: CodeBadXML},
	{name: "entity at tag", in: `<a>&amp</a>`, want: CodeBadXML},
	{name: "empty entity", in: `<a>&;</a>`, want: CodeBadXML},
	{name: "bare ampersand", in: `<a>a & b</a>`, want: CodeBadXML},
	{name: "entity case", in: `<a>&AMP;</a>`, want: CodeBadXML},
	{name: "entity cut off", in: `<a>&am`, want: CodeBadXML},
	{name: "illegal ref then cut off", in: `<a>&#1;abc`, want: CodeBadXML},
	{name: "illegal ref then bad byte", in: "<a>&#1;abc\xff", want: CodeBadXML},
	{name: "cdata", in: `<a><![CDATA[<b>&amp;]]]></a>`, text: "<b>&amp;]"},
	{name: "cdata empty", in: `<a>x<![CDATA[]]>y</a>`, text: "xy"},
	{name: "cdata line ends", in: "<a><![CDATA[1\r\n2\r3]]></a>", text: "1\n2\n3"},
	{name: "cdata outside root", in: `<![CDATA[x]]><a/>`},
	{name: "cdata unterminated", in: `<a><![CDATA[x]]</a>`, want: CodeBadXML},
	{name: "cdata misspelt", in: `<a><![CDATX[x]]></a>`, want: CodeBadXML},
	{name: "cdata end in text", in: `<a>x]]>y</a>`, want: CodeBadXML},
	{name: "cdata end escaped", in: `<a>x]]&gt;y]&#93;>z</a>`, text: "x]]>y]]>z"},
	{name: "cdata end in value", in: `<a b="]]>"/>`},
	{name: "comment", in: `<!-- a - b --><a><!----></a><!-- c -->`},
	{name: "comment dash dash", in: `<a><!-- a -- b --></a>`, want: CodeBadXML},
	{name: "comment three dashes", in: `<a><!-- a ---></a>`, want: CodeBadXML},
	{name: "comment short", in: `<a><!--->--></a>`},
	{name: "comment bad open", in: `<a><!-x--></a>`, want: CodeBadXML},
	{name: "comment unterminated", in: `<a><!-- x </a>`, want: CodeBadXML},
	{name: "pi", in: `<?pi some data?><a><?x?></a>`},
	{name: "xml decl", in: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n<a/>"},
	{name: "xml decl single quotes lower case", in: `<?xml version='1.0' encoding='utf-8'?><a/>`},
	{name: "xml decl mixed case", in: `<?xml version="1.0" encoding="Utf-8"?><a/>`},
	{name: "xml decl empty", in: `<?xml?><a/>`},
	{name: "xml decl gbk", in: `<?xml version="1.0" encoding="GBK"?><a/>`, want: CodeBadXML},
	{name: "xml decl utf-16", in: `<?xml version="1.0" encoding="UTF-16"?><a/>`, want: CodeBadXML},
	{name: "xml decl version", in: `<?xml version="1.1"?><a/>`, want: CodeBadXML},
	{name: "xml decl inside root", in: `<a><?xml encoding="latin1"?></a>`, want: CodeBadXML},
	{name: "xml decl loose match", in: `<?xml fooencoding="x"?><a/>`, want: CodeBadXML},
	{name: "XML target is not a decl", in: `<?XML encoding="gbk"?><a/>`},
	{name: "pi no target", in: `<? xml?><a/>`, want: CodeBadXML},
	{name: "pi unterminated", in: `<a/><?pi x`, want: CodeBadXML},
	{name: "doctype", in: `<!DOCTYPE a><a/>`, want: CodeDoctype},
	{name: "billion laughs", in: `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><lolz>&lol2;</lolz>`, want: CodeDoctype},
	{name: "xxe", in: `<!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><a>&xxe;</a>`, want: CodeDoctype},
	{name: "entity decl", in: `<a><!ENTITY x "y"></a>`, want: CodeDoctype},
	{name: "directive with comment", in: `<!DOCTYPE a [ <!-- > --> ]><a/>`, want: CodeDoctype},
	{name: "directive with quotes", in: `<!DOCTYPE a "'>'"><a/>`, want: CodeDoctype},
	{name: "directive unterminated", in: `<!DOCTYPE a [<!ENTITY x "y">`, want: CodeBadXML},
	{name: "directive nested unterminated", in: `<!DOCTYPE <>`, want: CodeBadXML},
	{name: "namespaces", in: `<x:a xmlns:x="u" xmlns="d" x:b="1" c="2" xml:space="preserve" xmlns:y="v"><x:c y:d="3"/></x:a>`},
	{name: "prefix bound to empty", in: `<a xmlns:p="" p:b="1"><c xmlns:p="u" p:d="2"/><e p:f="3"/></a><g p:h="4"/>`},
	{name: "undeclared prefix", in: `<a q:b="1"/>`},
	{name: "xmlns attribute names", in: `<a xmlns:xml="" xml:b="1" xmlns:xmlns="" xmlns:c=""/>`},
	{name: "attr quotes", in: `<a b='x"y' c="x'y" d="&lt;&#65;&quot;"/>`},
	{name: "attr line ends", in: "<a b=\"x\r\ny\rz\n\tw\"/>"},
	{name: "attr no space between", in: `<a b="1"c="2"/>`},
	{name: "attr duplicate", in: `<a b="1" b="2"/>`},
	{name: "attr spaces around =", in: "<a b = \"1\"\n\tc\r\n=\n'2' />"},
	{name: "attr unquoted", in: `<a b=1/>`, want: CodeBadXML},
	{name: "attr no value", in: `<a b/>`, want: CodeBadXML},
	{name: "attr lt in value", in: `<a b="<"/>`, want: CodeBadXML},
	{name: "attr bad entity", in: `<a b="&x;"/>`, want: CodeBadXML},
	{name: "attr illegal ref", in: `<a b="&#2;"/>`, want: CodeBadXML},
	{name: "attr illegal ref cut off", in: `<a b="&#2;`, want: CodeBadXML},
	{name: "attr illegal ref then bad byte", in: "<a b=\"&#2;\xc3", want: CodeBadXML},
	{name: "attr bad name", in: `<a 1b="1"/>`, want: CodeBadXML},
	{name: "attr two colons", in: `<a b:c:d="1"/>`, want: CodeBadXML},
	{name: "whitespace in tags", in: "<a\n\tb=\"1\"\r\n/><c  ></c \n>"},
	{name: "space after lt", in: `< a/>`, want: CodeBadXML},
	{name: "space after lt slash", in: `<a></ a>`, want: CodeBadXML},
	{name: "space in self close", in: `<a/ >`, want: CodeBadXML},
	{name: "junk in end tag", in: `<a></a b>`, want: CodeBadXML},
	{name: "mismatched", in: `<a></b>`, want: CodeBadXML},
	{name: "crossed", in: `<a><b></a></b>`, want: CodeBadXML},
	{name: "mismatched prefix", in: `<p:a xmlns:p="u" xmlns:q="u"></q:a>`, want: CodeBadXML},
	{name: "prefix dropped", in: `<p:a></a>`, want: CodeBadXML},
	{name: "unclosed", in: `<a><b></b>`, want: CodeBadXML},
	{name: "unclosed after text", in: `<a>text`, want: CodeBadXML},
	{name: "end without start", in: `</a>`, want: CodeBadXML},
	{name: "names", in: `<_a.b-c:d1><é-ü·/><:x/><y:/><中文/></_a.b-c:d1>`},
	{name: "name digit", in: `<1a/>`, want: CodeBadXML},
	{name: "name two colons", in: `<a:b:c/>`, want: CodeBadXML},
	{name: "name bad rune", in: "<a\u00d7/>", want: CodeBadXML},
	{name: "name bad first rune", in: "<\u0300a/>", want: CodeBadXML},
	{name: "lt eof", in: `<a/><`, want: CodeBadXML},
	{name: "depth at limit", in: `<a><b><c/></b></a>`, o: walkOpts{depth: 3}},
	{name: "depth over limit", in: `<a><b><c><d/></c></b></a>`, o: walkOpts{depth: 3}, want: CodeXMLDepth},
	{name: "bom", in: "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>", text: "\uFEFF"},
	{name: "empty", in: ``, o: walkOpts{requireRoot: true}, want: CodeBadXML},
	{name: "empty optional root", in: ``},
	{name: "text only", in: `hello`, o: walkOpts{requireRoot: true}, want: CodeBadXML},
	{name: "whitespace only", in: " \r\n\t", o: walkOpts{requireRoot: true}, want: CodeBadXML},
	{name: "text around root", in: `junk<a/>junk`, o: walkOpts{requireRoot: true}, text: "junkjunk"},
	{name: "two roots", in: `<a/><b/>`, o: walkOpts{requireRoot: true}},
	{name: "line ends in text", in: "<a>1\r\n2\r3\n\r\n</a>", text: "1\n2\n3\n\n"},
	{name: "control char", in: "<a>\x01</a>", want: CodeBadText},
	{name: "control char in tag", in: "<a\x0b/>", want: CodeBadText},
	{name: "bad utf8", in: "<a>\xff</a>", want: CodeBadText},
	{name: "truncated utf8", in: "<a>\xe4\xb8", want: CodeBadText},
	{name: "noncharacter", in: "<a>\uFFFF</a>", want: CodeBadText},
	{name: "bad byte after text", in: "<a>text\x01", want: CodeBadText},
	{name: "long text", in: "<a>" + strings.Repeat("x", 100) + "</a>", o: walkOpts{maxRun: 50}, want: CodeLongText},
	{name: "long text at limit", in: "<a>" + strings.Repeat("x", 48) + "</a>", o: walkOpts{maxRun: 50}}, // "a>" counts too
	{name: "handler error before bad byte", in: "<a>FAIL\x01</a>", want: "handler"},
	{name: "bad byte before handler error", in: "<a>\x01FAIL</a>", want: CodeBadText},
	{name: "handler error on start", in: "<a><fail/>\xff", want: "handler"},
	{name: "handler error on end", in: "<a><failend></failend>\xff", want: "handler"},
	{name: "syntax error line", in: "<a>\n\n<b>\n</c>", want: CodeBadXML},
}

// TestWalkXMLCases runs the tricky inputs through walkXML and the oracle.
func TestWalkXMLCases(t *testing.T) {
	for _, c := range xmlCases {
		t.Run(c.name, func(t *testing.T) {
			got := checkAgainstOracle(t, []byte(c.in), c.o, 8)
			var code Code
			var e *Error
			if errors.As(got.err, &e) {
				code = e.Code
			}
			if code != c.want {
				t.Fatalf("%q: code %q (%v), want %q", c.in, code, got.err, c.want)
			}
			if c.text != "" {
				var text strings.Builder
				for _, ev := range got.events {
					if s, ok := strings.CutPrefix(ev, "text "); ok {
						u, _ := strconv.Unquote(s)
						text.WriteString(u)
					}
				}
				if text.String() != c.text {
					t.Fatalf("%q: text %q, want %q", c.in, text.String(), c.text)
				}
			}
		})
	}
}

// TestWalkXMLAttrSpace checks the one thing handlers read from Name.Space.
func TestWalkXMLAttrSpace(t *testing.T) {
	got := runWalker(walkXML, []byte(`<a xmlns:r="u" xmlns:e="" r:id="1" id="2" e:id="3" xml:id="4"/>`), nil, walkOpts{})
	want := `start 1 a r="u"(ns) e=""(ns) id="1"(ns) id="2" id="3" id="4"(ns)`
	if got.err != nil || got.events[0] != want {
		t.Fatalf("got %q, %v; want %q", got.events, got.err, want)
	}
}

// TestWalkXMLLongTokens makes tokens far longer than the buffer, so that it grows.
func TestWalkXMLLongTokens(t *testing.T) {
	long := strings.Repeat("é&amp;x\r\n", 5000)
	for _, in := range []string{
		"<a>" + long + "</a>",
		"<a b=\"" + long + "\"/>",
		"<a><![CDATA[" + long + "]]></a>",
		"<a><!--" + long + "--></a>",
		"<a><?pi " + long + "?></a>",
		"<!DOCTYPE a [" + long + "]><a/>",
		"<a>" + long + "&bad;" + long + "</a>",
		"<a>" + long,
	} {
		for _, buf := range []int{8, 100, 4096} {
			checkAgainstOracle(t, []byte(in), walkOpts{}, buf)
		}
	}
}

// TestNameTablesMatchEncodingXML checks isName, and so the copied tables, against
// encoding/xml for every non-ASCII rune, first in a name and after a letter.
func TestNameTablesMatchEncodingXML(t *testing.T) {
	if testing.Short() {
		t.Skip("checks 2 × 1.1 million runes")
	}
	accepts := func(name string) bool { // encoding/xml reads a PI's target with name()
		_, err := xml.NewDecoder(strings.NewReader("<?" + name + "?>")).Token()
		return err == nil
	}
	for r := rune(utf8.RuneSelf); r <= utf8.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		for _, name := range []string{string(r), "a" + string(r)} {
			if got, want := isName([]byte(name)), accepts(name); got != want {
				t.Fatalf("isName(%q) = %v, encoding/xml says %v", name, got, want)
			}
		}
	}
}

// seedParts returns the XML parts of the sample workbooks, of the good workbook of
// internal/hostile and of the smaller catalogue cases that are zips.
func seedParts(tb testing.TB) [][]byte {
	var zips [][]byte
	files, _ := filepath.Glob("../../testdata/samples/*.xlsx")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		zips = append(zips, data)
	}
	zips = append(zips, hostile.Good())
	for _, c := range hostile.Cases() {
		if len(c.Data) < hostile.Large {
			zips = append(zips, c.Data)
		}
	}
	var parts [][]byte
	for _, data := range zips {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil || len(zr.File) > 100 {
			continue
		}
		for _, f := range zr.File {
			if !strings.HasSuffix(f.Name, ".xml") && !strings.HasSuffix(f.Name, ".rels") || f.UncompressedSize64 > 256<<10 {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				continue
			}
			b, err := io.ReadAll(io.LimitReader(rc, 256<<10))
			rc.Close()
			if err == nil {
				parts = append(parts, b)
			}
		}
	}
	if len(parts) < 20 {
		tb.Fatalf("only %d seed parts", len(parts))
	}
	return parts
}

// TestWalkXMLSeedParts runs every seed part through both walkers.
func TestWalkXMLSeedParts(t *testing.T) {
	for _, p := range seedParts(t) {
		checkAgainstOracle(t, p, walkOpts{requireRoot: true}, 64)
		checkAgainstOracle(t, p, walkOpts{maxRun: 300, depth: 4}, 8)
	}
}

// FuzzWalkXMLMatchesOracle requires walkXML to give what encoding/xml gives: the same handler
// calls, and the same *Error or none, on any input and limits.
func FuzzWalkXMLMatchesOracle(f *testing.F) {
	for _, p := range seedParts(f) {
		f.Add(p, uint8(0), uint8(0), uint8(0), true)
	}
	for i, c := range xmlCases {
		f.Add([]byte(c.in), uint8(c.o.maxRun), uint8(c.o.depth), uint8(i), c.o.requireRoot)
	}
	f.Fuzz(func(t *testing.T, data []byte, maxRun, depth, buf uint8, requireRoot bool) {
		o := walkOpts{maxRun: int64(maxRun), depth: int(depth % 16), requireRoot: requireRoot}
		checkAgainstOracle(t, data, o, 8+int(buf%64))
	})
}

// BenchmarkWalkXML compares walkXML with the oracle on real parts of a sample workbook.
func BenchmarkWalkXML(b *testing.B) {
	data, err := os.ReadFile("../../testdata/samples/seed-2020.xlsx")
	if err != nil {
		b.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, p := range hostile.Unzip(data) {
		parts[p.Name] = p.Data
	}
	lim := Limits{}.WithDefaults()
	for _, name := range []string{"xl/worksheets/sheet2.xml", "xl/sharedStrings.xml"} {
		part := parts[name]
		for _, w := range []struct {
			name string
			walk walker
		}{{"scanner", walkXML}, {"oracle", oracleWalkXML}} {
			b.Run(filepath.Base(name)+"/"+w.name, func(b *testing.B) {
				b.SetBytes(int64(len(part)))
				b.ReportAllocs()
				for b.Loop() {
					var finds findings
					var cells int64
					sc := &sheetScanner{part: name, sheet: "s", lim: &lim, nStrings: 1000, finds: &finds, cells: &cells}
					if err := w.walk(name, bytes.NewReader(part), &lim, lim.maxRun(), true, sc); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestChunkReaderSplitsCharacters makes sure the small-buffer runs really split input.
func TestChunkReaderSplitsCharacters(t *testing.T) {
	if err := iotest.TestReader(&chunkReader{r: strings.NewReader("中文"), n: 2}, []byte("中文")); err != nil {
		t.Fatal(err)
	}
}
