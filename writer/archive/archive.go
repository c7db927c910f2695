// Package archive binds rendered PDF documents into one (合订本), streaming: each document's
// objects are renumbered and written as it is added, so memory holds one document at a
// time and a few numbers per page, whatever the number of documents.
//
// It reads the PDFs writer/pdf writes (gofpdf's: a classic xref table, direct /Length on
// every stream) and nothing else. Fonts are written once: a Type0 font whose /BaseFont was
// written before is not written again, and the pages that use it point to the first copy.
// That is correct because writer/pdf names a subset by a hash of the font and its
// characters; documents rendered with one pdf.SharedFonts embed identical subsets.
//
// Each added document becomes a top-level bookmark over its own bookmarks. Front matter
// (cover, contents) can be added last and is placed first in the page order.
package archive

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"unicode/utf16"
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
	off     int64
	offsets map[int]int64 // object number → offset
	next    int
	fonts   map[string]int // /BaseFont → object number written
	pages   []int          // the documents' pages, in order
	front   []int          // front matter pages, placed first
	items   []item         // one top-level bookmark per document
	err     error
}

// item is a top-level bookmark: a document's title over its own bookmarks.
type item struct {
	num         int
	title       string
	page        int // the document's first page object
	first, last int // its bookmarks' first and last top-level items; 0 for none
	count       int // its bookmarks in all
}

// New starts an archive on w.
func New(w io.Writer) *Writer {
	a := &Writer{w: bufio.NewWriterSize(w, 256<<10), offsets: map[int]int64{}, next: firstFree, fonts: map[string]int{}}
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

// Add appends a document's pages under a top-level bookmark titled title. It returns the
// number of pages added.
func (a *Writer) Add(pdf []byte, title string) (int, error) {
	pages, it, err := a.add(pdf, true)
	if err != nil {
		return 0, err
	}
	it.title = title
	a.items = append(a.items, it)
	a.pages = append(a.pages, pages...)
	return len(pages), nil
}

// AddFront adds front matter (a cover, contents): its pages come before every document's,
// and its bookmarks are not kept.
func (a *Writer) AddFront(pdf []byte) (int, error) {
	pages, _, err := a.add(pdf, false)
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
	refPattern      = regexp.MustCompile(`(\d+) 0 R`)
	startxrefMarker = []byte("startxref")
)

// parse reads a gofpdf PDF's objects and its trailer's /Root.
func parse(pdf []byte) (map[int]object, int, error) {
	i := bytes.LastIndex(pdf, startxrefMarker)
	if i < 0 {
		return nil, 0, errors.New("archive: no startxref")
	}
	fields := bytes.Fields(pdf[i+len(startxrefMarker):])
	if len(fields) == 0 {
		return nil, 0, errors.New("archive: no xref offset")
	}
	xref, err := strconv.Atoi(string(fields[0]))
	if err != nil || xref <= 0 || xref >= len(pdf) {
		return nil, 0, errors.New("archive: bad xref offset")
	}
	sc := bufio.NewScanner(bytes.NewReader(pdf[xref:]))
	sc.Buffer(make([]byte, 256), 1<<20)
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if sc.Text() == "trailer" {
			break
		}
	}
	objs := map[int]object{}
	if len(lines) < 2 || lines[0] != "xref" {
		return nil, 0, errors.New("archive: no xref table")
	}
	var start int
	for _, l := range lines[1:] {
		f := bytes.Fields([]byte(l))
		switch {
		case len(f) == 2:
			start, _ = strconv.Atoi(string(f[0]))
			continue
		case len(f) == 3 && string(f[2]) == "n":
			off, _ := strconv.Atoi(string(f[0]))
			o, err := readObject(pdf, off, start)
			if err != nil {
				return nil, 0, err
			}
			objs[start] = o
		}
		start++
	}
	trailer := pdf[xref:]
	t := bytes.Index(trailer, []byte("/Root "))
	if t < 0 {
		return nil, 0, errors.New("archive: no /Root")
	}
	m := refPattern.FindSubmatch(trailer[t:])
	if m == nil {
		return nil, 0, errors.New("archive: bad /Root")
	}
	root, _ := strconv.Atoi(string(m[1]))
	return objs, root, nil
}

// readObject reads object num at off.
func readObject(pdf []byte, off, num int) (object, error) {
	header := []byte(strconv.Itoa(num) + " 0 obj")
	if off < 0 || off >= len(pdf) || !bytes.HasPrefix(pdf[off:], header) {
		return object{}, fmt.Errorf("archive: object %d not at its offset", num)
	}
	body := pdf[off+len(header):]
	end := bytes.Index(body, []byte("endobj"))
	s := bytes.Index(body, []byte("stream"))
	if s >= 0 && (end < 0 || s < end) {
		dict := body[:s]
		m := regexp.MustCompile(`/Length (\d+)`).FindSubmatch(dict)
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
		for _, m := range refPattern.FindAllSubmatch(part, -1) {
			n, _ := strconv.Atoi(string(m[1]))
			out = append(out, n)
		}
		return part
	})
	return out
}

// renumber rewrites a dictionary's references through the map.
func renumber(dict []byte, num map[int]int) []byte {
	return outsideStrings(dict, func(part []byte) []byte {
		return refPattern.ReplaceAllFunc(part, func(m []byte) []byte {
			n, _ := strconv.Atoi(string(refPattern.FindSubmatch(m)[1]))
			if to, ok := num[n]; ok {
				return []byte(strconv.Itoa(to) + " 0 R")
			}
			return m
		})
	})
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

// value is the token after key in dict: "/Type0", "12 0 R" (as its number) …
func value(dict []byte, key string) []byte {
	i := bytes.Index(dict, []byte(key))
	if i < 0 {
		return nil
	}
	rest := bytes.TrimLeft(dict[i+len(key):], " \n\r\t")
	if m := regexp.MustCompile(`^(\d+) 0 R`).FindSubmatch(rest); m != nil {
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

// add writes a document's objects and returns its pages (in order) and its bookmark
// outline (item fields other than the title).
func (a *Writer) add(pdf []byte, bookmarks bool) ([]int, item, error) {
	if a.err != nil {
		return nil, item{}, a.err
	}
	objs, root, err := parse(pdf)
	if err != nil {
		return nil, item{}, err
	}
	cat, ok := objs[root]
	if !ok {
		return nil, item{}, errors.New("archive: no catalog")
	}
	pagesRoot := intValue(cat.dict, "/Pages")
	outlinesRoot := intValue(cat.dict, "/Outlines")
	kidsDict := objs[pagesRoot].dict
	k := bytes.Index(kidsDict, []byte("/Kids"))
	if k < 0 {
		return nil, item{}, errors.New("archive: no /Kids")
	}
	kidsEnd := bytes.IndexByte(kidsDict[k:], ']')
	var kids []int
	for _, m := range refPattern.FindAllSubmatch(kidsDict[k:k+kidsEnd], -1) {
		n, _ := strconv.Atoi(string(m[1]))
		kids = append(kids, n)
	}

	num := map[int]int{pagesRoot: objPages}
	var it item
	if bookmarks {
		it.num = a.alloc()
		if outlinesRoot != 0 {
			num[outlinesRoot] = it.num
		}
	}
	// Fonts written before: point to them, and do not walk into them.
	shared := map[int]bool{}
	for n, o := range objs {
		if bytes.Contains(o.dict, []byte("/Subtype /Type0")) {
			if to, seen := a.fonts[string(value(o.dict, "/BaseFont"))]; seen {
				num[n] = to
				shared[n] = true
			}
		}
	}
	// Every object the pages and the bookmarks reach, but the page tree, the outline root
	// and the fonts written before.
	reach := map[int]bool{}
	var walk func(n int)
	walk = func(n int) {
		if reach[n] || shared[n] || n == pagesRoot || n == outlinesRoot || n == root {
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
	if outlinesRoot != 0 && bookmarks {
		for _, r := range refs(objs[outlinesRoot].dict) {
			walk(r)
		}
	}
	order := make([]int, 0, len(reach))
	for n := range reach {
		order = append(order, n)
	}
	slices.Sort(order)
	for _, n := range order {
		num[n] = a.alloc()
		o := objs[n]
		if bytes.Contains(o.dict, []byte("/Subtype /Type0")) {
			a.fonts[string(value(o.dict, "/BaseFont"))] = num[n]
		}
		if bytes.Contains(o.dict, []byte("/Title")) && bytes.Contains(o.dict, []byte("/Parent")) {
			it.count++
		}
	}
	for _, n := range order {
		o := objs[n]
		a.object(num[n], renumber(o.dict, num), o.stream)
	}
	var pages []int
	for _, p := range kids {
		pages = append(pages, num[p])
	}
	if len(pages) > 0 {
		it.page = pages[0]
	}
	if outlinesRoot != 0 && bookmarks {
		od := objs[outlinesRoot].dict
		it.first, it.last = num[intValue(od, "/First")], num[intValue(od, "/Last")]
	}
	return pages, it, a.err
}

func (a *Writer) alloc() int {
	a.next++
	return a.next - 1
}

// object writes one object.
func (a *Writer) object(n int, dict, stream []byte) {
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
		off, ok := a.offsets[n]
		if !ok {
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
