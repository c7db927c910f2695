package fonts

import (
	"encoding/binary"
	"sort"
)

// ForDocument returns the font to hand gofpdf's AddUTF8FontFromBytes for one document
// that draws the characters used with this face, and a release function to call once
// the document has been written (gofpdf keeps the slice until then).
//
// gofpdf reads the whole cmap of the font it is given into maps, for every document; for
// a CJK font that is most of a report's time. The font returned therefore carries a cmap
// of the used characters only — all glyphs stay, so gofpdf's own subsetting is unchanged —
// and is cut from the reduced common-character font when that has the characters. The
// bytes before the cmap are the same for every document, so buffers are pooled and only
// the cmap is rewritten. The result is private to the caller until release.
func (f *Face) ForDocument(used map[rune]bool) (data []byte, release func()) {
	base := f.reducedFor(used)
	runes := make([]rune, 0, len(used))
	for r := range used {
		if base.Has(r) {
			runes = append(runes, r)
		}
	}
	sort.Slice(runes, func(i, j int) bool { return runes[i] < runes[j] })
	cmap := base.cmapFor(runes)

	var buf []byte
	if p, ok := base.pool.Get().(*[]byte); ok && cap(*p) >= base.cmapAt+len(cmap) {
		buf = (*p)[:base.cmapAt]
	} else {
		buf = make([]byte, base.cmapAt, base.cmapAt+max(len(cmap), 64<<10))
		copy(buf, base.data[:base.cmapAt])
	}
	buf = append(buf, cmap...)
	// Point the directory's cmap record at the new table.
	num := int(binary.BigEndian.Uint16(buf[4:]))
	for i := 0; i < num; i++ {
		rec := buf[12+16*i:]
		if string(rec[:4]) == "cmap" {
			binary.BigEndian.PutUint32(rec[4:], checksum(cmap))
			binary.BigEndian.PutUint32(rec[12:], uint32(len(cmap)))
		}
	}
	data = buf[:len(buf):len(buf)] // no spare capacity: gofpdf cannot append into it
	return data, func() { base.pool.Put(&buf) }
}

// cmapFor builds a cmap table with one format 4 subtable (platform 3, encoding 1) mapping
// runes (sorted, BMP) to the face's glyphs.
func (f *Face) cmapFor(runes []rune) []byte {
	type seg struct{ start, end int }
	var segs []seg
	for _, r := range runes {
		c := int(r)
		if n := len(segs); n > 0 && segs[n-1].end == c-1 {
			segs[n-1].end = c
			continue
		}
		segs = append(segs, seg{c, c})
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF})
	n := len(segs)
	glyphCount := 0
	for _, s := range segs[:n-1] {
		glyphCount += s.end - s.start + 1
	}
	subLen := 16 + 8*n + 2*glyphCount
	out := make([]byte, 12+subLen)
	be := binary.BigEndian
	be.PutUint16(out[0:], 0) // version
	be.PutUint16(out[2:], 1) // one encoding record
	be.PutUint16(out[4:], 3) // Windows
	be.PutUint16(out[6:], 1) // Unicode BMP
	be.PutUint32(out[8:], 12)
	sub := out[12:]
	be.PutUint16(sub[0:], 4)
	be.PutUint16(sub[2:], uint16(min(subLen, 0xFFFF)))
	be.PutUint16(sub[6:], uint16(2*n))
	sr, es := 1, 0
	for sr*2 <= n {
		sr *= 2
		es++
	}
	be.PutUint16(sub[8:], uint16(2*sr))
	be.PutUint16(sub[10:], uint16(es))
	be.PutUint16(sub[12:], uint16(2*n-2*sr))
	ends, starts := sub[14:], sub[16+2*n:]
	deltas, offs := sub[16+4*n:], sub[16+6*n:]
	glyphArr := sub[16+8*n:]
	g := 0
	for i, s := range segs {
		be.PutUint16(ends[2*i:], uint16(s.end))
		be.PutUint16(starts[2*i:], uint16(s.start))
		if i == n-1 {
			be.PutUint16(deltas[2*i:], 1) // 0xFFFF → glyph 0
			continue
		}
		// Glyphs through the glyph array: idRangeOffset is relative to its own position.
		be.PutUint16(offs[2*i:], uint16(2*(n-i)+2*g))
		for c := s.start; c <= s.end; c++ {
			be.PutUint16(glyphArr[2*g:], f.glyphs[c])
			g++
		}
	}
	return out
}
