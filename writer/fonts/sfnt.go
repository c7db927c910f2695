package fonts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf16"
)

// sfnt tags of the containers selfeval meets.
const (
	tagTrueType = 0x00010000
	tagTrue     = 0x74727565 // 'true' (old Apple TrueType)
	tagOTTO     = 0x4F54544F // 'OTTO': CFF outlines
	tagTTC      = 0x74746366 // 'ttcf'
)

var (
	errCFF       = errors.New("CFF outlines")
	errNotSFNT   = errors.New("not a TrueType font")
	errTruncated = errors.New("truncated or damaged font file")
)

type tableRecord struct {
	tag    string
	offset uint32
	length uint32
}

// faceCount returns how many faces a font file holds (1 for a plain .ttf).
func faceCount(data []byte) (int, error) {
	if len(data) < 12 {
		return 0, errTruncated
	}
	switch binary.BigEndian.Uint32(data) {
	case tagTTC:
		n := int(binary.BigEndian.Uint32(data[8:]))
		if n <= 0 || 12+4*n > len(data) {
			return 0, errTruncated
		}
		return n, nil
	case tagTrueType, tagTrue:
		return 1, nil
	case tagOTTO:
		return 0, errCFF
	}
	return 0, errNotSFNT
}

// faceTables returns the table directory of face index of a .ttf or .ttc.
func faceTables(data []byte, index int) ([]tableRecord, error) {
	n, err := faceCount(data)
	if err != nil {
		return nil, err
	}
	if index < 0 || index >= n {
		return nil, fmt.Errorf("face %d out of range (the file has %d)", index, n)
	}
	off := 0
	if binary.BigEndian.Uint32(data) == tagTTC {
		off = int(binary.BigEndian.Uint32(data[12+4*index:]))
	}
	if off+12 > len(data) {
		return nil, errTruncated
	}
	switch binary.BigEndian.Uint32(data[off:]) {
	case tagTrueType, tagTrue:
	case tagOTTO:
		return nil, errCFF
	default:
		return nil, errNotSFNT
	}
	num := int(binary.BigEndian.Uint16(data[off+4:]))
	if off+12+16*num > len(data) {
		return nil, errTruncated
	}
	tables := make([]tableRecord, 0, num)
	for i := 0; i < num; i++ {
		r := data[off+12+16*i:]
		t := tableRecord{
			tag:    string(r[:4]),
			offset: binary.BigEndian.Uint32(r[8:]),
			length: binary.BigEndian.Uint32(r[12:]),
		}
		if uint64(t.offset)+uint64(t.length) > uint64(len(data)) {
			return nil, errTruncated
		}
		tables = append(tables, t)
	}
	return tables, nil
}

// required are the tables gofpdf reads; a face without one of them would make it fail
// (it prints to stdout and carries on), so they are checked up front.
var required = []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap", "name", "OS/2", "post"}

// dropped are tables gofpdf never reads; leaving them out makes the prepared font smaller.
var dropped = map[string]bool{
	"vmtx": true, "vhea": true, "mort": true, "morx": true, "BDF ": true, "EBDT": true,
	"EBLC": true, "EBSC": true, "FFTM": true, "GDEF": true, "GPOS": true, "GSUB": true,
	"BASE": true, "DSIG": true, "JSTF": true, "LTSH": true, "VDMX": true, "hdmx": true,
	"kern": true, "PCLT": true, "meta": true,
}

// passThrough are the tables gofpdf copies into each document's subset by slicing the
// input buffer; when such a slice's length is not a multiple of 4, gofpdf's checksum
// appends zero bytes to it, writing into the shared buffer past the table's end.
var passThrough = []string{"name", "cvt ", "fpgm", "prep", "gasp", "OS/2"}

// padSafe are pass-through tables whose length may grow by trailing zero bytes without
// changing their meaning (a cvt gets an unused zero entry).
var padSafe = map[string]bool{"name": true, "OS/2": true, "cvt ": true, "gasp": true}

// standalone writes face index of data as a standalone TrueType font holding the tables
// gofpdf uses, 4-byte aligned, with table checksums and head.checkSumAdjustment fixed.
// It reports whether gofpdf can share the result across documents without writing to it.
func standalone(data []byte, index int) (out []byte, shareable bool, err error) {
	tables, err := faceTables(data, index)
	if err != nil {
		return nil, false, err
	}
	have := map[string]tableRecord{}
	for _, t := range tables {
		have[t.tag] = t
	}
	for _, tag := range required {
		if _, ok := have[tag]; !ok {
			if tag == "glyf" {
				if _, cff := have["CFF "]; cff {
					return nil, false, errCFF
				}
			}
			return nil, false, fmt.Errorf("table %q missing", tag)
		}
	}
	var keep []tableRecord
	for _, t := range tables {
		if !dropped[t.tag] && t.tag != "CFF " && t.tag != "CFF2" {
			keep = append(keep, t)
		}
	}
	sort.Slice(keep, func(i, j int) bool { return keep[i].tag < keep[j].tag })

	n := len(keep)
	size := 12 + 16*n
	bodies := make([][]byte, n)
	shareable = true
	for i, t := range keep {
		b := data[t.offset : t.offset+t.length]
		if t.length%4 != 0 && isPassThrough(t.tag) {
			if padSafe[t.tag] {
				b = append(append([]byte(nil), b...), make([]byte, 4-t.length%4)...)
			} else {
				shareable = false
			}
		}
		bodies[i] = b
		size += (len(b) + 3) &^ 3
	}
	out = make([]byte, size)
	binary.BigEndian.PutUint32(out, tagTrueType)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	sr, es := 1, 0
	for sr*2 <= n {
		sr *= 2
		es++
	}
	binary.BigEndian.PutUint16(out[6:], uint16(sr*16))
	binary.BigEndian.PutUint16(out[8:], uint16(es))
	binary.BigEndian.PutUint16(out[10:], uint16(n*16-sr*16))
	pos := 12 + 16*n
	headAt := -1
	// Bodies in directory order, except cmap last: a document's font replaces only the
	// cmap (see Face.ForDocument), so everything before it is the same for every document.
	order := make([]int, 0, n)
	cmapAt := -1
	for i, t := range keep {
		if t.tag == "cmap" {
			cmapAt = i
			continue
		}
		order = append(order, i)
	}
	if cmapAt >= 0 {
		order = append(order, cmapAt)
	}
	for _, i := range order {
		t := keep[i]
		b := bodies[i]
		copy(out[pos:], b)
		if t.tag == "head" {
			if len(b) < 12 {
				return nil, false, errTruncated
			}
			headAt = pos
			binary.BigEndian.PutUint32(out[pos+8:], 0) // checkSumAdjustment is computed below
		}
		rec := out[12+16*i:]
		copy(rec, t.tag)
		binary.BigEndian.PutUint32(rec[4:], checksum(out[pos:pos+len(b)]))
		binary.BigEndian.PutUint32(rec[8:], uint32(pos))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(b)))
		pos += (len(b) + 3) &^ 3
	}
	binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out, shareable, nil
}

func isPassThrough(tag string) bool {
	for _, p := range passThrough {
		if p == tag {
			return true
		}
	}
	return false
}

// checksum is the sfnt table checksum: the sum of big-endian uint32s, zero-padded.
func checksum(b []byte) uint32 {
	var sum uint32
	for len(b) >= 4 {
		sum += binary.BigEndian.Uint32(b)
		b = b[4:]
	}
	if len(b) > 0 {
		var last [4]byte
		copy(last[:], b)
		sum += binary.BigEndian.Uint32(last[:])
	}
	return sum
}

func table(data []byte, tables []tableRecord, tag string) []byte {
	for _, t := range tables {
		if t.tag == tag {
			return data[t.offset : t.offset+t.length]
		}
	}
	return nil
}

// bmpCoverage reads the cmap subtable gofpdf uses — the first format 4 subtable of
// platform 3 encoding 1 or of platform 0 — and returns which BMP code points map to a
// glyph other than .notdef. gofpdf ignores every other subtable, so this is exactly the
// set of characters it can draw. The result maps each code point to its glyph.
func bmpCoverage(cmap []byte) (*[65536]uint16, error) {
	if len(cmap) < 4 {
		return nil, errTruncated
	}
	num := int(binary.BigEndian.Uint16(cmap[2:]))
	if 4+8*num > len(cmap) {
		return nil, errTruncated
	}
	var sub []byte
	for i := 0; i < num; i++ {
		r := cmap[4+8*i:]
		platform, encoding := binary.BigEndian.Uint16(r), binary.BigEndian.Uint16(r[2:])
		off := int(binary.BigEndian.Uint32(r[4:]))
		if !(platform == 3 && encoding == 1 || platform == 0) || off+4 > len(cmap) {
			continue
		}
		if binary.BigEndian.Uint16(cmap[off:]) == 4 {
			sub = cmap[off:]
			break
		}
	}
	if sub == nil {
		return nil, errors.New("no Unicode cmap (format 4)")
	}
	if len(sub) < 14 {
		return nil, errTruncated
	}
	segX2 := int(binary.BigEndian.Uint16(sub[6:]))
	if 16+4*segX2 > len(sub) {
		return nil, errTruncated
	}
	ends := sub[14:]
	starts := sub[16+segX2:]
	deltas := sub[16+2*segX2:]
	rangeOffs := sub[16+3*segX2:]
	cov := new([65536]uint16)
	for s := 0; s < segX2; s += 2 {
		end := int(binary.BigEndian.Uint16(ends[s:]))
		start := int(binary.BigEndian.Uint16(starts[s:]))
		delta := int(binary.BigEndian.Uint16(deltas[s:]))
		ro := int(binary.BigEndian.Uint16(rangeOffs[s:]))
		for c := start; c <= end && c < 0xFFFF; c++ {
			var g int
			if ro == 0 {
				g = (c + delta) & 0xFFFF
			} else {
				at := 16 + 3*segX2 + s + ro + 2*(c-start)
				if at+2 > len(sub) {
					continue
				}
				g = int(binary.BigEndian.Uint16(sub[at:]))
				if g != 0 {
					g = (g + delta) & 0xFFFF
				}
			}
			if g != 0 {
				cov[c] = uint16(g)
			}
		}
	}
	return cov, nil
}

// postScriptName returns the face's PostScript name (name ID 6), or its family name,
// reduced to the characters a PDF font name may carry.
func postScriptName(name []byte) string {
	if len(name) < 6 {
		return ""
	}
	count := int(binary.BigEndian.Uint16(name[2:]))
	strOff := int(binary.BigEndian.Uint16(name[4:]))
	best := map[int]string{}
	for i := 0; i < count && 6+12*i+12 <= len(name); i++ {
		r := name[6+12*i:]
		platform := binary.BigEndian.Uint16(r)
		id := int(binary.BigEndian.Uint16(r[6:]))
		length := int(binary.BigEndian.Uint16(r[8:]))
		off := strOff + int(binary.BigEndian.Uint16(r[10:]))
		if id != 6 && id != 1 || off+length > len(name) || best[id] != "" {
			continue
		}
		raw := name[off : off+length]
		var s string
		if platform == 0 || platform == 3 {
			u := make([]uint16, len(raw)/2)
			for j := range u {
				u[j] = binary.BigEndian.Uint16(raw[2*j:])
			}
			s = string(utf16.Decode(u))
		} else {
			s = string(raw)
		}
		s = strings.Map(func(r rune) rune {
			if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
				return r
			}
			return -1
		}, s)
		best[id] = s
	}
	if best[6] != "" {
		return best[6]
	}
	return best[1]
}
