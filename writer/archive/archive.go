// Package archive binds reports writer/pdf rendered into one PDF (合订本), streaming: each
// report's objects are renumbered and written as it is added, so memory holds one report
// at a time and a few numbers per page, whatever the number of reports.
//
// It reads the PDFs writer/pdf writes (gofpdf's: a classic xref table, direct /Length on
// every stream) and nothing else. A report's pages are kept byte for byte but for two
// things. Its page number, which writer/pdf draws in a content stream of its own, is
// replaced by the archive's (continuous over the whole archive). Its fonts are replaced by
// the archive's: one subset per face with every character any report draws in it, written
// once, with the front matter (cover, contents), which is added last, rendered with
// pdf.SharedFonts of Characters(), and placed first in the page order. Text in these
// fonts is written as Unicode code points (CIDs), so a page reads the same in any subset
// that has its characters.
//
// Each report becomes a top-level bookmark over its own bookmarks.
package archive

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/bits"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"

	"selfeval/writer/pdf"
)

// Fixed object numbers of the archive's own objects, written by Close.
const (
	objCatalog  = 1
	objPages    = 2
	objOutlines = 3
	objInfo     = 4
	firstFree   = 5
)

// Writer writes an archive to an io.Writer.
type Writer struct {
	w       *bufio.Writer
	number  Numbering
	off     int64
	offsets []int64 // by object number: its offset, 0 for none (yet)
	next    int
	fonts   map[string]int     // face name → the archive's font object for it
	written map[string]bool    // faces whose font the front matter has written
	chars   map[string]*cidSet // face name → every character the reports draw in it
	pages   []int              // the reports' pages, in order
	front   []int              // front matter pages, placed first
	items   []item             // one top-level bookmark per report
	err     error
}

// ErrNoPageNumberStream is a report page without its page number in a content stream of
// its own: a report an older writer/pdf rendered, which an archive cannot renumber.
var ErrNoPageNumberStream = errors.New("archive: a page without a page-number stream of its own")

// Numbering draws page n of the archive on a portrait or landscape page (pdf.PageNumber).
type Numbering func(n int, landscape bool) []pdf.TextRun

// item is a top-level bookmark: a document's title over its own bookmarks.
type item struct {
	num         int
	title       string
	page        int // the document's first page object
	first, last int // its bookmarks' first and last top-level items; 0 for none
	count       int // its bookmarks in all
}

// New starts an archive on w whose pages number draws.
func New(w io.Writer, number Numbering) *Writer {
	a := &Writer{w: bufio.NewWriterSize(w, 256<<10), number: number, next: firstFree,
		fonts: map[string]int{}, written: map[string]bool{}, chars: map[string]*cidSet{}}
	a.write([]byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"))
	return a
}

func (a *Writer) write(b []byte) {
	if a.err != nil {
		return
	}
	n, err := a.w.Write(b)
	a.off += int64(n)
	a.err = err
}

// Add appends a report's pages under a top-level bookmark titled title, numbered from
// first. It returns the number of pages added. The document is used up: a ReadFile
// document's buffer goes back to be read into again.
func (a *Writer) Add(d *Document, title string, first int) (int, error) {
	pages, it, err := a.add(d, first)
	d.release()
	if err != nil {
		return 0, err
	}
	it.title = title
	a.items = append(a.items, it)
	a.pages = append(a.pages, pages...)
	return len(pages), nil
}

// Characters are the characters the reports added so far draw, by face name: what the
// front matter's fonts must hold (pdf.SharedFonts.AddCharacters).
func (a *Writer) Characters() map[string][]rune {
	out := map[string][]rune{}
	for face, set := range a.chars {
		out[face] = set.runes()
	}
	return out
}

// AddFront adds the front matter (a cover, contents): its pages come before every
// report's, keep their own numbers, and its bookmarks are not kept. Its fonts become the
// archive's: it must embed every face the reports use, with all their Characters.
func (a *Writer) AddFront(pdf []byte) (int, error) {
	d, err := Read(pdf)
	if err != nil {
		return 0, err
	}
	pages, _, err := a.add(d, 0)
	if err != nil {
		return 0, err
	}
	a.front = append(a.front, pages...)
	return len(pages), nil
}

// object is one indirect object of a source PDF: its dictionary or value, and its stream.
type object struct {
	dict   []byte
	stream []byte // nil for none
}

var (
	lengthPattern   = regexp.MustCompile(`/Length (\d+)`)
	startxrefMarker = []byte("startxref")
	refSuffix       = []byte(" 0 R")
)

// parse reads a gofpdf PDF's objects and its trailer's /Root.
func parse(pdf []byte) (map[int]object, int, error) {
	xref, err := startxref(pdf, 0)
	if err != nil {
		return nil, 0, err
	}
	offsets, err := xrefTable(pdf[xref:])
	if err != nil {
		return nil, 0, err
	}
	objs := make(map[int]object, len(offsets))
	for _, num := range slices.Sorted(maps.Keys(offsets)) { // the same error for the same file
		off := offsets[num]
		o, err := readObject(pdf, off, num)
		if err != nil {
			return nil, 0, err
		}
		objs[num] = o
	}
	trailer := pdf[xref:]
	t := bytes.Index(trailer, []byte("/Root "))
	if t < 0 {
		return nil, 0, errors.New("archive: no /Root")
	}
	root := refs(trailer[t:])
	if len(root) == 0 {
		return nil, 0, errors.New("archive: bad /Root")
	}
	return objs, root[0], nil
}

// startxref is the offset of the xref table that the end of pdf gives, looking from
// pdf[from:] on.
func startxref(pdf []byte, from int) (int, error) {
	i := bytes.LastIndex(pdf[from:], startxrefMarker)
	if i < 0 {
		return 0, errors.New("archive: no startxref")
	}
	i += from
	fields := bytes.Fields(pdf[i+len(startxrefMarker):])
	if len(fields) == 0 {
		return 0, errors.New("archive: no xref offset")
	}
	xref, err := strconv.Atoi(string(fields[0]))
	if err != nil || xref <= 0 || xref >= len(pdf) {
		return 0, errors.New("archive: bad xref offset")
	}
	return xref, nil
}

// xrefTable reads a classic xref table, up to its trailer: the offset of every object in use.
func xrefTable(table []byte) (map[int]int, error) {
	sc := bufio.NewScanner(bytes.NewReader(table))
	sc.Buffer(make([]byte, 256), 1<<20)
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if sc.Text() == "trailer" {
			break
		}
	}
	if len(lines) < 2 || lines[0] != "xref" {
		return nil, errors.New("archive: no xref table")
	}
	offsets := map[int]int{}
	var num int
	for _, l := range lines[1:] {
		f := bytes.Fields([]byte(l))
		switch {
		case len(f) == 2:
			num, _ = strconv.Atoi(string(f[0]))
			continue
		case len(f) == 3 && string(f[2]) == "n":
			off, _ := strconv.Atoi(string(f[0]))
			offsets[num] = off
		}
		num++
	}
	return offsets, nil
}

// ReadFile reads the report at path as Read does, without reading the font programs it
// embeds (FontFile2 streams, most of a report's bytes): an archive draws every report with
// its own fonts. What of them is not read is zero.
func ReadFile(path string) (*Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	buf, _ := reportBuffers.Get().(*[]byte)
	if buf == nil || int64(cap(*buf)) < info.Size() {
		b := make([]byte, info.Size())
		buf = &b
	}
	pdf := (*buf)[:info.Size()]
	read := func(from, to int) error {
		_, err := f.ReadAt(pdf[from:to], int64(from))
		return err
	}
	// The end first: startxref, the xref table and the trailer. A file that does not end
	// as gofpdf ends its PDFs (or is no regular file) is read whole, as Read reads it.
	tail := max(0, len(pdf)-16<<10)
	if err := read(tail, len(pdf)); err != nil {
		return nil, err
	}
	xref, err := startxref(pdf, tail)
	if err != nil {
		reportBuffers.Put(buf)
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		return Read(data)
	}
	if xref < tail {
		if err := read(xref, tail); err != nil {
			return nil, err
		}
		tail = xref
	}
	offsets, err := xrefTable(pdf[xref:])
	if err != nil {
		return nil, err
	}
	starts := slices.Sorted(maps.Values(offsets))
	// Each object runs to the next one (the last to the xref table). Read on in chunks;
	// past the head of a font program's dictionary, jump to its end.
	const head, chunk = 512, 32 << 10
	have := 0 // pdf[:have] is read, but for font programs jumped over
	for i, off := range starts {
		end := xref
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		if off < 0 || off > end {
			return nil, fmt.Errorf("archive: object at %d out of order", off)
		}
		h := min(end, off+head)
		if h > have && have < tail { // the end, from tail on, is read already
			to := min(tail, max(h, have+chunk))
			if err := read(have, to); err != nil {
				return nil, err
			}
			have = to
		}
		if isFontProgram(pdf[off:h]) {
			if from := max(have, h); from < end {
				clear(pdf[from:end]) // what a reused buffer held there
			}
			have = max(have, end)
		}
	}
	if have < tail {
		if err := read(have, tail); err != nil {
			return nil, err
		}
	}
	d, err := Read(pdf)
	if err != nil {
		reportBuffers.Put(buf)
		return nil, err
	}
	d.buf = buf
	return d, nil
}

// isFontProgram reports whether an object's head is that of an embedded TrueType font
// program: a stream whose dictionary has /Length1.
func isFontProgram(head []byte) bool {
	s := bytes.Index(head, []byte("stream"))
	return s >= 0 && bytes.Contains(head[:s], []byte("/Length1"))
}

// readObject reads object num at off.
func readObject(pdf []byte, off, num int) (object, error) {
	header := []byte(strconv.Itoa(num) + " 0 obj")
	if off < 0 || off >= len(pdf) || !bytes.HasPrefix(pdf[off:], header) {
		return object{}, fmt.Errorf("archive: object %d not at its offset", num)
	}
	body := pdf[off+len(header):]
	// Look for endobj only before the stream keyword: behind it, a stream object's data
	// (a font of a few hundred KB) would be searched through.
	s := bytes.Index(body, []byte("stream"))
	head := body
	if s >= 0 {
		head = body[:s]
	}
	end := bytes.Index(head, []byte("endobj"))
	if s >= 0 && end < 0 {
		dict := body[:s]
		m := lengthPattern.FindSubmatch(dict)
		if m == nil {
			return object{}, fmt.Errorf("archive: stream %d without a direct /Length", num)
		}
		n, _ := strconv.Atoi(string(m[1]))
		data := body[s+len("stream"):]
		data = bytes.TrimPrefix(data, []byte("\r"))
		data = bytes.TrimPrefix(data, []byte("\n"))
		if n > len(data) {
			return object{}, fmt.Errorf("archive: stream %d shorter than its /Length", num)
		}
		return object{dict: bytes.TrimSpace(dict), stream: data[:n]}, nil
	}
	if end < 0 {
		return object{}, fmt.Errorf("archive: object %d has no endobj", num)
	}
	return object{dict: bytes.TrimSpace(body[:end])}, nil
}

// refs are the object numbers a dictionary refers to, outside its strings.
func refs(dict []byte) []int {
	var out []int
	outsideStrings(dict, func(part []byte) []byte {
		eachRef(part, func(_, _, n int) { out = append(out, n) })
		return part
	})
	return out
}

// renumber rewrites a dictionary's references through the map.
func renumber(dict []byte, num map[int]int) []byte {
	return outsideStrings(dict, func(part []byte) []byte {
		var out []byte
		last := 0
		eachRef(part, func(start, end, n int) {
			if to, ok := num[n]; ok {
				out = append(out, part[last:start]...)
				out = strconv.AppendInt(out, int64(to), 10)
				out = append(out, refSuffix...)
				last = end
			}
		})
		if out == nil {
			return part
		}
		return append(out, part[last:]...)
	})
}

// eachRef calls f for every indirect reference "N 0 R" in b, with where it starts and
// ends and its N: what the regular expression (\d+) 0 R matches, found without one because
// the archive rewrites every dictionary of every report bound.
func eachRef(b []byte, f func(start, end, n int)) {
	for i := 0; ; {
		j := bytes.Index(b[i:], refSuffix)
		if j < 0 {
			return
		}
		j += i
		start := j
		for start > i && b[start-1] >= '0' && b[start-1] <= '9' {
			start--
		}
		if n, err := strconv.Atoi(string(b[start:j])); err == nil {
			f(start, j+len(refSuffix), n)
		}
		i = j + len(refSuffix)
	}
}

// outsideStrings applies f to the parts of b outside literal strings (…) and hex strings
// <…>, keeping the strings as they are.
func outsideStrings(b []byte, f func([]byte) []byte) []byte {
	var out []byte
	last := 0
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == '(':
			out = append(out, f(b[last:i])...)
			depth, j := 0, i
			for ; j < len(b); j++ {
				if b[j] == '\\' {
					j++
					continue
				}
				if b[j] == '(' {
					depth++
				} else if b[j] == ')' {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			j = min(j, len(b)-1)
			out = append(out, b[i:j+1]...)
			i, last = j, j+1
		case b[i] == '<' && (i+1 >= len(b) || b[i+1] != '<') && (i == 0 || b[i-1] != '<'):
			j := bytes.IndexByte(b[i:], '>')
			if j < 0 {
				continue
			}
			out = append(out, f(b[last:i])...)
			out = append(out, b[i:i+j+1]...)
			i += j
			last = i + 1
		}
	}
	return append(out, f(b[last:])...)
}

var leadingRefPattern = regexp.MustCompile(`^(\d+) 0 R`)

// value is the token after key in dict: "/Type0", "12 0 R" (as its number) …
func value(dict []byte, key string) []byte {
	i := keyIndex(dict, key)
	if i < 0 {
		return nil
	}
	rest := bytes.TrimLeft(dict[i+len(key):], " \n\r\t")
	if m := leadingRefPattern.FindSubmatch(rest); m != nil {
		return m[1]
	}
	end := bytes.IndexAny(rest[1:], " /\n\r\t>[(<")
	if end < 0 {
		return rest
	}
	return rest[:end+1]
}

func intValue(dict []byte, key string) int {
	n, _ := strconv.Atoi(string(value(dict, key)))
	return n
}

// Document is a PDF writer/pdf wrote, read for an archive: Read may run on any goroutine,
// ahead of the Writer's Add, which takes documents one at a time.
type Document struct {
	objs                          map[int]object
	root, pagesRoot, outlinesRoot int
	kids                          []int             // the pages, in order
	defaultBox                    []byte            // the page tree's /MediaBox, which its pages inherit
	faces                         map[int]string    // Type0 font object → face name
	chars                         map[string][]rune // face name → the characters its fonts hold
	buf                           *[]byte           // what objs lie in, from reportBuffers (ReadFile)
}

// reportBuffers are the buffers ReadFile reads reports into, returned by Add: allocating
// (and faulting in) a few hundred KB per report bound was a third of reading it.
var reportBuffers sync.Pool

// release gives the document's buffer back to reportBuffers; the document is empty after.
func (d *Document) release() {
	if d.buf != nil {
		reportBuffers.Put(d.buf)
	}
	*d = Document{}
}

// Read reads a PDF writer/pdf wrote: its objects, pages and fonts.
func Read(pdf []byte) (*Document, error) {
	objs, root, err := parse(pdf)
	if err != nil {
		return nil, err
	}
	cat, ok := objs[root]
	if !ok {
		return nil, errors.New("archive: no catalog")
	}
	d := &Document{objs: objs, root: root, pagesRoot: intValue(cat.dict, "/Pages"), outlinesRoot: intValue(cat.dict, "/Outlines"),
		faces: map[int]string{}, chars: map[string][]rune{}}
	kidsDict := objs[d.pagesRoot].dict
	k := bytes.Index(kidsDict, []byte("/Kids"))
	if k < 0 {
		return nil, errors.New("archive: no /Kids")
	}
	kidsEnd := bytes.IndexByte(kidsDict[k:], ']')
	if kidsEnd < 0 {
		return nil, errors.New("archive: /Kids without its ]")
	}
	d.kids = refs(kidsDict[k : k+kidsEnd])
	d.defaultBox = mediaBoxPattern.Find(kidsDict)
	for _, n := range slices.Sorted(maps.Keys(objs)) { // the same error for the same file
		o := objs[n]
		if !bytes.Contains(o.dict, []byte("/Subtype /Type0")) {
			continue
		}
		face := faceName(o.dict)
		d.faces[n] = face
		chars, err := characters(objs, o.dict, face)
		if err != nil {
			return nil, err
		}
		d.chars[face] = append(d.chars[face], chars...)
	}
	return d, nil
}

// add writes a document's objects and returns its pages (in order) and its bookmark
// outline (item fields other than the title). first is the number of a report's first
// page; 0 adds front matter.
func (a *Writer) add(d *Document, first int) ([]int, item, error) {
	if a.err != nil {
		return nil, item{}, a.err
	}
	report := first > 0
	objs, root, pagesRoot, outlinesRoot, kids, defaultBox := d.objs, d.root, d.pagesRoot, d.outlinesRoot, d.kids, d.defaultBox

	num := map[int]int{pagesRoot: objPages}
	var it item
	if report {
		it.num = a.alloc()
		if outlinesRoot != 0 {
			num[outlinesRoot] = it.num
		}
	}
	// Fonts are the archive's, by face: a report's point to them and are not written; the
	// front matter's are them.
	skip := map[int]bool{}
	for _, n := range slices.Sorted(maps.Keys(d.faces)) { // in order: the first report numbers the fonts
		face := d.faces[n]
		if _, ok := a.fonts[face]; !ok {
			a.fonts[face] = a.alloc()
		}
		num[n] = a.fonts[face]
		if !report {
			a.written[face] = true
			continue
		}
		skip[n] = true
	}
	if report {
		for face, chars := range d.chars {
			if a.chars[face] == nil {
				a.chars[face] = &cidSet{}
			}
			a.chars[face].add(chars)
		}
	}
	// A report's page numbers are the archive's.
	contents := map[int][]byte{}             // a page's number stream → its replacement
	resources := map[int]map[string]string{} // resource dictionary → resourceNames
	for i, p := range kids {
		if !report {
			break
		}
		page := objs[p].dict
		c := bytes.Index(page, []byte("/Contents"))
		if c < 0 {
			return nil, item{}, fmt.Errorf("archive: page %d without /Contents", i+1)
		}
		streams := refs(page[c:])
		if len(streams) < 2 || !bytes.Contains(page, []byte("/Contents [")) {
			return nil, item{}, fmt.Errorf("%w (page %d)", ErrNoPageNumberStream, i+1)
		}
		box := mediaBoxPattern.Find(page)
		if box == nil {
			box = defaultBox
		}
		res := intValue(page, "/Resources")
		names, ok := resources[res]
		if !ok { // gofpdf's pages share one resource dictionary
			names = resourceNames(objs[res].dict, d.faces)
			resources[res] = names
		}
		ops, err := numberOps(a.number(first+i, landscape(box)), names)
		if err != nil {
			return nil, item{}, err
		}
		contents[streams[1]] = ops
	}
	// Every object the pages and the bookmarks reach, but the page tree, the outline root
	// and a report's fonts.
	reach := map[int]bool{}
	var walk func(n int)
	walk = func(n int) {
		if reach[n] || skip[n] || n == pagesRoot || n == outlinesRoot || n == root {
			return
		}
		o, ok := objs[n]
		if !ok {
			return
		}
		reach[n] = true
		for _, r := range refs(o.dict) {
			walk(r)
		}
	}
	for _, p := range kids {
		walk(p)
	}
	if outlinesRoot != 0 && report {
		for _, r := range refs(objs[outlinesRoot].dict) {
			walk(r)
		}
	}
	order := slices.Sorted(maps.Keys(reach))
	for _, n := range order {
		if _, ok := num[n]; !ok {
			num[n] = a.alloc()
		}
		o := objs[n]
		if bytes.Contains(o.dict, []byte("/Title")) && bytes.Contains(o.dict, []byte("/Parent")) {
			it.count++
		}
	}
	pageSet := map[int]bool{}
	for _, p := range kids {
		pageSet[p] = true
	}
	for _, n := range order {
		o := objs[n]
		dict := renumber(o.dict, num)
		if ops, ok := contents[n]; ok {
			dict, o.stream = []byte(fmt.Sprintf("<</Length %d>>", len(ops))), ops
		}
		if pageSet[n] && !mediaBoxPattern.Match(dict) && defaultBox != nil {
			dict = append(bytes.TrimSuffix(dict, []byte(">>")), append(append([]byte("\n"), defaultBox...), ">>"...)...)
		}
		a.object(num[n], dict, o.stream)
	}
	var pages []int
	for _, p := range kids {
		pages = append(pages, num[p])
	}
	if len(pages) > 0 {
		it.page = pages[0]
	}
	if outlinesRoot != 0 && report {
		od := objs[outlinesRoot].dict
		it.first, it.last = num[intValue(od, "/First")], num[intValue(od, "/Last")]
	}
	return pages, it, a.err
}

var mediaBoxPattern = regexp.MustCompile(`/MediaBox \[[^\]]*\]`)

// landscape reports whether a /MediaBox [0 0 w h] is wider than high.
func landscape(box []byte) bool {
	f := bytes.Fields(bytes.Trim(bytes.TrimPrefix(box, []byte("/MediaBox")), " []"))
	if len(f) != 4 {
		return false
	}
	w, _ := strconv.ParseFloat(string(f[2]), 64)
	h, _ := strconv.ParseFloat(string(f[3]), 64)
	return w > h
}

// faceName is a font's /BaseFont without its subset tag: "ABCDEF+Name" → "Name".
func faceName(dict []byte) string {
	name := strings.TrimPrefix(string(value(dict, "/BaseFont")), "/")
	if i := strings.IndexByte(name, '+'); i == 6 {
		name = name[i+1:]
	}
	return name
}

// characters are the characters a Type0 font holds: the CIDs its CIDFont gives a width in
// /W, in the array's order (gofpdf's: ascending). writer/pdf's CIDs are Unicode code points, and gofpdf lists the
// width of every character a document draws; reading /W rather than the CIDToGIDMap
// spares inflating 128 KB per font of every report bound.
func characters(objs map[int]object, font []byte, face string) ([]rune, error) {
	d := bytes.Index(font, []byte("/DescendantFonts"))
	if d < 0 {
		return nil, fmt.Errorf("archive: font %s without /DescendantFonts", face)
	}
	desc := refs(font[d:])
	if len(desc) == 0 {
		return nil, fmt.Errorf("archive: font %s without /DescendantFonts", face)
	}
	cidFont := objs[desc[0]].dict
	w := keyIndex(cidFont, "/W")
	if w < 0 {
		return nil, fmt.Errorf("archive: font %s without /W widths", face)
	}
	chars, err := widthCIDs(cidFont[w+len("/W"):])
	if err != nil {
		return nil, fmt.Errorf("archive: font %s: /W: %w", face, err)
	}
	return chars, nil
}

// keyIndex is where the name key starts in dict, or -1: key followed by a delimiter, so
// that "/W" is not found in "/WILDTT+Name".
func keyIndex(dict []byte, key string) int {
	for at := 0; ; {
		i := bytes.Index(dict[at:], []byte(key))
		if i < 0 {
			return -1
		}
		at += i + len(key)
		if at == len(dict) || bytes.IndexByte([]byte(" \t\r\n/[<("), dict[at]) >= 0 {
			return at - len(key)
		}
	}
}

// widthCIDs reads the CIDs of a /W array, "[c [w1 w2 …] cFirst cLast w …]", from its
// opening bracket, in the array's order.
func widthCIDs(b []byte) ([]rune, error) {
	next := func() []byte { // the next token: a bracket, or a run of other non-space bytes
		b = bytes.TrimLeft(b, " \t\r\n")
		if len(b) == 0 {
			return nil
		}
		n := 1
		if b[0] != '[' && b[0] != ']' {
			if n = bytes.IndexAny(b, " \t\r\n[]"); n < 0 {
				n = len(b)
			}
		}
		t := b[:n]
		b = b[n:]
		return t
	}
	isNumber := func(t []byte) bool { // a width: an integer or a real, such as -12 or 0.5
		t = bytes.TrimPrefix(t, []byte("-"))
		digits, dots := 0, 0
		for _, c := range t {
			switch {
			case c >= '0' && c <= '9':
				digits++
			case c == '.':
				dots++
			default:
				return false
			}
		}
		return digits > 0 && dots <= 1
	}
	if t := next(); len(t) != 1 || t[0] != '[' {
		return nil, errors.New("not an array")
	}
	var chars []rune
	for {
		t := next()
		if len(t) == 1 && t[0] == ']' {
			return chars, nil
		}
		first, ok := cidOf(t)
		if !ok {
			return nil, fmt.Errorf("not a CID: %q", t)
		}
		if t = next(); len(t) == 1 && t[0] == '[' { // c [w1 w2 …]: one CID per width
			for c := first; ; c++ {
				if t = next(); len(t) == 1 && t[0] == ']' {
					break
				}
				if !isNumber(t) || c > maxCID {
					return nil, fmt.Errorf("bad width list at CID %d", first)
				}
				chars = append(chars, rune(c))
			}
			continue
		}
		last, ok := cidOf(t)
		if !ok || last < first {
			return nil, fmt.Errorf("bad CID range from %d", first)
		}
		if !isNumber(next()) {
			return nil, fmt.Errorf("bad width for CIDs %d–%d", first, last)
		}
		for c := first; c <= last; c++ {
			chars = append(chars, rune(c))
		}
	}
}

// maxCID is the largest CID of writer/pdf's fonts (a code point of the BMP).
const maxCID = 0xFFFF

// cidOf reads a CID: decimal digits, at most maxCID.
func cidOf(t []byte) (int, bool) {
	if len(t) == 0 || len(t) > 5 {
		return 0, false
	}
	c := 0
	for _, d := range t {
		if d < '0' || d > '9' {
			return 0, false
		}
		c = 10*c + int(d-'0')
	}
	return c, c <= maxCID
}

// cidSet is a set of CIDs (0–maxCID).
type cidSet [(maxCID + 1) / 64]uint64

func (s *cidSet) add(cids []rune) {
	for _, c := range cids {
		s[c/64] |= 1 << (c % 64)
	}
}

// runes are the set's CIDs in ascending order.
func (s *cidSet) runes() []rune {
	var out []rune
	for w, word := range s {
		for ; word != 0; word &= word - 1 {
			out = append(out, rune(64*w+bits.TrailingZeros64(word)))
		}
	}
	return out
}

// resourceNames maps each face of a resource dictionary's fonts to the name a page's content
// selects it by.
func resourceNames(res []byte, faces map[int]string) map[string]string {
	f := bytes.Index(res, []byte("/Font"))
	if f < 0 {
		return nil
	}
	end := bytes.Index(res[f:], []byte(">>"))
	if end < 0 {
		return nil
	}
	out := map[string]string{}
	for _, m := range fontResourcePattern.FindAllSubmatch(res[f+len("/Font"):f+end], -1) {
		n, _ := strconv.Atoi(string(m[2]))
		if face, ok := faces[n]; ok {
			out[face] = string(m[1])
		}
	}
	return out
}

var fontResourcePattern = regexp.MustCompile(`/(\S+)\s+(\d+) 0 R`)

// numberOps draws a page number as gofpdf's Text would, in the page's resource names, and
// in black with no character or word spacing whatever the page set before.
func numberOps(runs []pdf.TextRun, names map[string]string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("q 0 g 0 Tc 0 Tw\n")
	for _, r := range runs {
		name, ok := names[r.Family]
		if !ok {
			return nil, fmt.Errorf("archive: the page number's face %s is not among the page's fonts", r.Family)
		}
		fmt.Fprintf(&b, "BT /%s %.2f Tf ET\nBT %.2f %.2f Td (%s) Tj ET\n", name, r.Size, r.X, r.Y, escapeUTF16(r.Text))
	}
	b.WriteString("Q\n")
	return b.Bytes(), nil
}

// escapeUTF16 is s in UTF-16BE as a literal string's content, as gofpdf writes text.
func escapeUTF16(s string) []byte {
	var out []byte
	for _, c := range utf16.Encode([]rune(s)) {
		for _, x := range []byte{byte(c >> 8), byte(c)} {
			switch x {
			case '\\', '(', ')':
				out = append(out, '\\', x)
			case '\r':
				out = append(out, '\\', 'r')
			default:
				out = append(out, x)
			}
		}
	}
	return out
}

func (a *Writer) alloc() int {
	a.next++
	return a.next - 1
}

// object writes one object.
func (a *Writer) object(n int, dict, stream []byte) {
	if n >= len(a.offsets) {
		a.offsets = append(a.offsets, make([]int64, n+1-len(a.offsets))...)
	}
	a.offsets[n] = a.off
	a.write([]byte(strconv.Itoa(n) + " 0 obj\n"))
	a.write(dict)
	if stream != nil {
		a.write([]byte("\nstream\n"))
		a.write(stream)
		a.write([]byte("\nendstream"))
	}
	a.write([]byte("\nendobj\n"))
}

// textString is a PDF text string in UTF-16BE with a byte order mark, as hex.
func textString(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := []byte{0xfe, 0xff}
	for _, c := range u {
		b = append(b, byte(c>>8), byte(c))
	}
	return []byte("<" + hex.EncodeToString(b) + ">")
}

// Close writes the page tree, the bookmarks, the catalog, the document information (title
// and dates as given, "D:20210101000000Z"), the xref table and the trailer, and flushes.
func (a *Writer) Close(title, date string) error {
	for _, face := range slices.Sorted(maps.Keys(a.fonts)) {
		if !a.written[face] && a.err == nil {
			a.err = fmt.Errorf("archive: the front matter does not embed the face %s the reports use", face)
		}
	}
	all := append(slices.Clone(a.front), a.pages...)
	var kids bytes.Buffer
	for _, p := range all {
		fmt.Fprintf(&kids, "%d 0 R ", p)
	}
	a.object(objPages, []byte(fmt.Sprintf("<</Type /Pages /Kids [%s] /Count %d>>", bytes.TrimSpace(kids.Bytes()), len(all))), nil)
	for i, it := range a.items {
		var d bytes.Buffer
		fmt.Fprintf(&d, "<</Title %s /Parent %d 0 R", textString(it.title), objOutlines)
		if i > 0 {
			fmt.Fprintf(&d, " /Prev %d 0 R", a.items[i-1].num)
		}
		if i+1 < len(a.items) {
			fmt.Fprintf(&d, " /Next %d 0 R", a.items[i+1].num)
		}
		if it.first != 0 {
			fmt.Fprintf(&d, " /First %d 0 R /Last %d 0 R /Count -%d", it.first, it.last, it.count)
		}
		if it.page != 0 {
			fmt.Fprintf(&d, " /Dest [%d 0 R /Fit]", it.page)
		}
		d.WriteString(">>")
		a.object(it.num, d.Bytes(), nil)
	}
	if len(a.items) > 0 {
		a.object(objOutlines, []byte(fmt.Sprintf("<</Type /Outlines /First %d 0 R /Last %d 0 R /Count %d>>",
			a.items[0].num, a.items[len(a.items)-1].num, len(a.items))), nil)
	} else {
		a.object(objOutlines, []byte("<</Type /Outlines /Count 0>>"), nil)
	}
	a.object(objCatalog, []byte(fmt.Sprintf("<</Type /Catalog /Pages %d 0 R /Outlines %d 0 R /PageMode /UseOutlines>>", objPages, objOutlines)), nil)
	a.object(objInfo, []byte(fmt.Sprintf("<</Title %s /Producer (selfeval) /Creator (selfeval) /CreationDate (%s) /ModDate (%s)>>",
		textString(title), date, date)), nil)

	xref := a.off
	var b bytes.Buffer
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", a.next)
	for n := 1; n < a.next; n++ {
		var off int64
		if n < len(a.offsets) {
			off = a.offsets[n]
		}
		if off == 0 { // no object has offset 0: the header is there
			fmt.Fprintf(&b, "0000000000 65535 f \n")
			continue
		}
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d /Root %d 0 R /Info %d 0 R>>\nstartxref\n%d\n%%%%EOF\n", a.next, objCatalog, objInfo, xref)
	a.write(b.Bytes())
	if a.err != nil {
		return a.err
	}
	return a.w.Flush()
}

// PageCount is the number of pages of a PDF writer/pdf wrote.
func PageCount(pdf []byte) (int, error) {
	objs, root, err := parse(pdf)
	if err != nil {
		return 0, err
	}
	pages := objs[intValue(objs[root].dict, "/Pages")].dict
	return intValue(pages, "/Count"), nil
}
