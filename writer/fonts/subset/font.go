// Package subset cuts a TrueType font down to the glyphs one document uses, so that gofpdf
// parses and embeds kilobytes instead of megabytes.
//
// gofpdf's AddUTF8FontFromBytes parses the whole font it is given, and parses it again when
// the document is written. Handing it a subset holding only the characters of one report
// (0.3–1.5 MB for 300–2,000 Han characters instead of 5–16 MB) takes the parsing of the
// rest away; what remains is gofpdf cutting and compressing the outlines the document
// uses. Parse the font once per process and call Subset for every document.
//
// Glyphs are renumbered compactly: .notdef stays glyph 0, and the glyphs the subset keeps
// follow in the order of their IDs in the original, so that a subset of n glyphs has glyph
// IDs 0..n-1. Part of gofpdf's work on a font (reading hmtx, cutting loca and glyf) grows
// with the highest glyph ID, which in a CJK font reaches ~27,000 even for a few hundred
// characters. The subset holds the tables gofpdf reads and copies (head, hhea, maxp, OS/2,
// name, post, cmap, hmtx, loca, glyf, cvt, fpgm, prep, gasp) and drops the rest (layout,
// kerning, bitmaps, vertical metrics, signatures).
package subset

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Errors Parse wraps; test with errors.Is.
var (
	// ErrCFF is returned for an OpenType font with CFF outlines (an 'OTTO' .otf).
	ErrCFF = errors.New("CFF outlines are not supported, only TrueType (glyf)")
	// ErrCollection is returned for a TrueType collection (.ttc); extract one face first.
	ErrCollection = errors.New("font collection: extract one face first")
	// ErrMalformed is returned when the data is not a well-formed TrueType font.
	ErrMalformed = errors.New("malformed TrueType font")
)

// sfnt versions (the first four bytes of a font file).
const (
	versionTrueType = 0x00010000
	versionTrue     = 0x74727565 // 'true', Apple TrueType
	versionOTTO     = 0x4F54544F // 'OTTO', CFF outlines
	versionTTC      = 0x74746366 // 'ttcf', collection
)

// Font is a parsed TrueType font (a standalone .ttf with glyf outlines), ready to be subset
// many times. Parse once per process; Subset is safe for concurrent use.
type Font struct {
	// Tables copied into every subset, sliced from the parsed data.
	head, hhea, maxp, os2, name, post []byte
	cvt, fpgm, prep, gasp             []byte // optional
	hmtx, glyf                        []byte

	numGlyphs   int
	numHMetrics int
	loca        []uint32 // numGlyphs+1 glyph offsets into glyf

	// bmp maps a BMP code point to its glyph (0: none); supp holds the mappings above U+FFFF.
	bmp  []uint16
	supp []cmapGroup

	// Checksums Subset needs without reading megabytes: of every glyph (zero-padded to 4
	// bytes), of the tables copied as they are.
	glyphSum []uint32
	sums     map[string]uint32

	// Components of composite glyphs: glyph g uses comps[compOff[g]:compOff[g+1]].
	// Both are nil when the font has no composite glyphs.
	compOff []uint32
	comps   []uint16
}

// Parse parses a standalone TrueType font. It does the expensive work once (table
// directory, cmap, loca, composite glyphs) so that Subset only gathers bytes.
//
// Parse keeps ttf: the caller must not modify it while the Font is in use. It rejects
// CFF fonts (ErrCFF), collections (ErrCollection) and broken tables (ErrMalformed); it
// never panics on bad input.
func Parse(ttf []byte) (*Font, error) {
	f, err := parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("parse font: %w", err)
	}
	return f, nil
}

func parse(ttf []byte) (*Font, error) {
	tables, err := tableDirectory(ttf)
	if err != nil {
		return nil, err
	}
	f := &Font{}
	for _, t := range []struct {
		tag      string
		dst      *[]byte
		minLen   int
		optional bool
	}{
		{"head", &f.head, 54, false},
		{"hhea", &f.hhea, 36, false},
		{"maxp", &f.maxp, 6, false},
		{"OS/2", &f.os2, 78, true},
		{"name", &f.name, 6, false},
		{"post", &f.post, 32, false},
		{"cmap", nil, 4, false},
		{"hmtx", &f.hmtx, 0, false},
		{"loca", nil, 0, false},
		{"glyf", &f.glyf, 0, false},
		{"cvt ", &f.cvt, 0, true},
		{"fpgm", &f.fpgm, 0, true},
		{"prep", &f.prep, 0, true},
		{"gasp", &f.gasp, 0, true},
	} {
		b, ok := tables[t.tag]
		switch {
		case !ok && t.optional:
			continue
		case !ok:
			return nil, malformed("no %q table", t.tag)
		case len(b) < t.minLen:
			return nil, malformed("%q table is %d bytes, want at least %d", t.tag, len(b), t.minLen)
		}
		if t.dst != nil {
			*t.dst = b
		}
	}

	if binary.BigEndian.Uint32(f.head[12:]) != 0x5F0F3CF5 {
		return nil, malformed("head: bad magic number")
	}
	if upem := u16(f.head, 18); upem < 16 || upem > 16384 {
		return nil, malformed("head: unitsPerEm %d", upem)
	}
	locaFormat := u16(f.head, 50)
	if locaFormat > 1 {
		return nil, malformed("head: indexToLocFormat %d", locaFormat)
	}
	if u16(f.head, 52) != 0 {
		return nil, malformed("head: glyphDataFormat %d", u16(f.head, 52))
	}
	f.numGlyphs = u16(f.maxp, 4)
	if f.numGlyphs == 0 {
		return nil, malformed("maxp: no glyphs")
	}
	// gofpdf reads hhea.metricDataFormat and numberOfHMetrics.
	if u16(f.hhea, 32) != 0 {
		return nil, malformed("hhea: metricDataFormat %d", u16(f.hhea, 32))
	}
	f.numHMetrics = min(u16(f.hhea, 34), f.numGlyphs)
	if f.numHMetrics == 0 {
		return nil, malformed("hhea: numberOfHMetrics is 0")
	}
	if want := 4*f.numHMetrics + 2*(f.numGlyphs-f.numHMetrics); len(f.hmtx) < want {
		return nil, malformed("hmtx: %d bytes, want %d", len(f.hmtx), want)
	}
	if f.os2 != nil {
		// gofpdf reads sCapHeight (offset 88) from version 2 on.
		if v := u16(f.os2, 0); v >= 2 && len(f.os2) < 90 {
			return nil, malformed("OS/2 version %d: %d bytes", v, len(f.os2))
		}
	}
	if err := checkName(f.name); err != nil {
		return nil, err
	}
	f.name = prunedName(f.name)
	if f.loca, err = parseLoca(tables["loca"], locaFormat, f.numGlyphs, len(f.glyf)); err != nil {
		return nil, err
	}
	if err := f.parseComposites(); err != nil {
		return nil, err
	}
	if err := f.parseCmap(tables["cmap"]); err != nil {
		return nil, err
	}
	f.checksums()
	return f, nil
}

// Has reports whether the font maps r to a glyph other than .notdef.
func (f *Font) Has(r rune) bool { return f.glyph(r) != 0 }

// glyph returns the glyph r maps to, 0 if none.
func (f *Font) glyph(r rune) uint16 {
	switch {
	case r < 0 || r > 0x10FFFF:
		return 0
	case r <= 0xFFFF:
		return f.bmp[r]
	}
	return lookupGroups(f.supp, r)
}

// checksums computes the checksums Subset uses.
func (f *Font) checksums() {
	f.glyphSum = make([]uint32, f.numGlyphs)
	for g := range f.numGlyphs {
		f.glyphSum[g] = checksum(f.glyf[f.loca[g]:f.loca[g+1]])
	}
	f.sums = map[string]uint32{}
	for tag, b := range map[string][]byte{"OS/2": f.os2, "cvt ": f.cvt, "fpgm": f.fpgm, "gasp": f.gasp, "name": f.name, "prep": f.prep} {
		f.sums[tag] = checksum(b)
	}
}

// tableDirectory returns the tables of a standalone TrueType font by tag.
func tableDirectory(ttf []byte) (map[string][]byte, error) {
	if len(ttf) < 12 {
		return nil, malformed("%d bytes", len(ttf))
	}
	switch binary.BigEndian.Uint32(ttf) {
	case versionTrueType, versionTrue:
	case versionOTTO:
		return nil, ErrCFF
	case versionTTC:
		return nil, ErrCollection
	default:
		return nil, malformed("not a TrueType font (version %#08x)", binary.BigEndian.Uint32(ttf))
	}
	n := u16(ttf, 4)
	if 12+16*n > len(ttf) {
		return nil, malformed("table directory of %d tables does not fit in %d bytes", n, len(ttf))
	}
	tables := make(map[string][]byte, n)
	for i := range n {
		rec := ttf[12+16*i:]
		tag := string(rec[:4])
		off, length := uint64(binary.BigEndian.Uint32(rec[8:])), uint64(binary.BigEndian.Uint32(rec[12:]))
		if off+length > uint64(len(ttf)) {
			return nil, malformed("table %q (offset %d, length %d) ends after the file (%d bytes)", tag, off, length, len(ttf))
		}
		if _, dup := tables[tag]; dup {
			return nil, malformed("table %q twice", tag)
		}
		tables[tag] = ttf[off : off+length : off+length]
	}
	return tables, nil
}

// parseLoca returns the numGlyphs+1 glyph offsets of a loca table.
func parseLoca(b []byte, format, numGlyphs, glyfLen int) ([]uint32, error) {
	size := 2 << format
	if len(b) < size*(numGlyphs+1) {
		return nil, malformed("loca: %d bytes for %d glyphs", len(b), numGlyphs)
	}
	loca := make([]uint32, numGlyphs+1)
	for i := range loca {
		if format == 0 {
			loca[i] = 2 * uint32(binary.BigEndian.Uint16(b[2*i:]))
		} else {
			loca[i] = binary.BigEndian.Uint32(b[4*i:])
		}
		if i > 0 && loca[i] < loca[i-1] {
			return nil, malformed("loca: glyph %d ends before it starts", i-1)
		}
	}
	if int64(loca[numGlyphs]) > int64(glyfLen) {
		return nil, malformed("loca: glyphs end at %d, after glyf (%d bytes)", loca[numGlyphs], glyfLen)
	}
	return loca, nil
}

// Composite glyph flags.
const (
	argsAreWords    = 0x0001
	haveScale       = 0x0008
	moreComponents  = 0x0020
	haveXYScale     = 0x0040
	haveTwoByTwo    = 0x0080
	compositeHeader = 10 // numberOfContours, xMin, yMin, xMax, yMax
)

// parseComposites records the components of every composite glyph.
func (f *Font) parseComposites() error {
	var off []uint32
	var comps []uint16
	for g := range f.numGlyphs {
		data := f.glyf[f.loca[g]:f.loca[g+1]]
		if len(data) == 0 {
			if off != nil {
				off[g+1] = uint32(len(comps))
			}
			continue
		}
		if len(data) < compositeHeader {
			return malformed("glyf: glyph %d is %d bytes", g, len(data))
		}
		if int16(u16(data, 0)) < 0 {
			if off == nil {
				off = make([]uint32, f.numGlyphs+1)
			}
			var err error
			if comps, err = appendComponents(comps, data, f.numGlyphs); err != nil {
				return fmt.Errorf("glyf: glyph %d: %w", g, err)
			}
		}
		if off != nil {
			off[g+1] = uint32(len(comps))
		}
	}
	f.compOff, f.comps = off, comps
	return nil
}

// appendComponents appends the glyph IDs a composite glyph refers to.
func appendComponents(dst []uint16, data []byte, numGlyphs int) ([]uint16, error) {
	for p := compositeHeader; ; {
		flags, g, next, err := component(data, p)
		if err != nil {
			return dst, err
		}
		if g >= numGlyphs {
			return dst, malformed("component glyph %d of %d", g, numGlyphs)
		}
		dst = append(dst, uint16(g))
		if flags&moreComponents == 0 {
			return dst, nil
		}
		p = next
	}
}

// component reads the component record at p of a composite glyph: its flags and glyph
// (glyphIndex, at p+2), and where the next record starts.
func component(data []byte, p int) (flags, glyph, next int, err error) {
	if p+4 > len(data) {
		return 0, 0, 0, malformed("composite glyph truncated")
	}
	flags, glyph = u16(data, p), u16(data, p+2)
	next = p + 4 + 2 // flags, glyphIndex, two byte-sized arguments
	if flags&argsAreWords != 0 {
		next += 2
	}
	switch { // the spec gives the three transforms in this order of precedence
	case flags&haveScale != 0:
		next += 2
	case flags&haveXYScale != 0:
		next += 4
	case flags&haveTwoByTwo != 0:
		next += 8
	}
	if next > len(data) {
		return 0, 0, 0, malformed("composite glyph truncated")
	}
	return flags, glyph, next, nil
}

// checkName checks that the name records gofpdf reads lie inside the name table.
func checkName(b []byte) error {
	count, strOff := u16(b, 2), u16(b, 4)
	if 6+12*count > len(b) {
		return malformed("name: %d records do not fit in %d bytes", count, len(b))
	}
	for i := range count {
		rec := b[6+12*i:]
		if strOff+u16(rec, 10)+u16(rec, 8) > len(b) {
			return malformed("name: record %d ends after the table", i)
		}
	}
	return nil
}

// prunedName returns a name table that checkName has checked with only the records
// font subsetters keep by default (fontTools: name IDs 0–6, the copyright, family,
// subfamily, unique ID, full name, version and PostScript name), as format 0. CJK fonts
// carry their license text and its translations there (43 KB in AR PL SungtiL GB and in
// WenQuanYi Zen Hei), which every document embedding a subset would carry and compress.
func prunedName(b []byte) []byte {
	count, strOff := u16(b, 2), u16(b, 4)
	var records, strs [][]byte
	size := 6
	for i := range count {
		rec := b[6+12*i : 6+12*i+12]
		if u16(rec, 6) > 6 || u16(rec, 4) >= 0x8000 { // a later name, or a format 1 language tag
			continue
		}
		off := strOff + u16(rec, 10)
		records = append(records, rec)
		strs = append(strs, b[off:off+u16(rec, 8)])
		size += 12 + u16(rec, 8)
	}
	out := make([]byte, 6+12*len(records), size)
	binary.BigEndian.PutUint16(out[2:], uint16(len(records)))
	binary.BigEndian.PutUint16(out[4:], uint16(len(out)))
	for i, rec := range records {
		h := out[6+12*i:]
		copy(h, rec[:8]) // platform, encoding, language and name IDs
		binary.BigEndian.PutUint16(h[8:], uint16(len(strs[i])))
		binary.BigEndian.PutUint16(h[10:], uint16(len(out)-(6+12*len(records))))
		out = append(out, strs[i]...)
	}
	return out
}

func u16(b []byte, off int) int { return int(binary.BigEndian.Uint16(b[off:])) }

func malformed(format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, ErrMalformed)...)
}
