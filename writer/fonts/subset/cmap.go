package subset

import (
	"encoding/binary"
	"fmt"
	"sort"
)

// cmapGroup maps the code points start..end to consecutive glyphs from glyph on.
type cmapGroup struct {
	start, end rune
	glyph      uint32
}

// lookupGroups returns the glyph of r in sorted, non-overlapping groups, 0 if none.
func lookupGroups(groups []cmapGroup, r rune) uint16 {
	i := sort.Search(len(groups), func(i int) bool { return groups[i].end >= r })
	if i == len(groups) || groups[i].start > r {
		return 0
	}
	return uint16(groups[i].glyph + uint32(r-groups[i].start))
}

// parseCmap reads the font's Unicode cmap: a full-repertoire format 12 subtable (3,10 or
// 0,4/0,6) if there is one, else a BMP format 4 subtable (3,1 or 0,x).
func (f *Font) parseCmap(b []byte) error {
	n := u16(b, 2)
	if 4+8*n > len(b) {
		return malformed("cmap: %d encoding records do not fit in %d bytes", n, len(b))
	}
	var sub4, sub12 []byte
	for i := range n {
		rec := b[4+8*i:]
		platform, encoding := u16(rec, 0), u16(rec, 2)
		off := int64(binary.BigEndian.Uint32(rec[4:]))
		if off+2 > int64(len(b)) {
			return malformed("cmap: subtable %d/%d at %d after the table", platform, encoding, off)
		}
		sub := b[off:]
		isUnicode := platform == 0 || platform == 3 && (encoding == 1 || encoding == 10)
		switch format := u16(sub, 0); {
		case !isUnicode:
		case format == 12 && sub12 == nil:
			sub12 = sub
		case format == 4 && sub4 == nil:
			sub4 = sub
		}
	}
	f.bmp = make([]uint16, 0x10000)
	if sub12 != nil {
		err := f.parseFormat12(sub12)
		if err == nil || sub4 == nil {
			return err
		}
		// A broken format 12 subtable next to a format 4 one: use the BMP.
		clear(f.bmp)
		f.supp = nil
	}
	if sub4 != nil {
		return f.parseFormat4(sub4)
	}
	return malformed("cmap: no Unicode subtable of format 4 or 12")
}

// set records that r maps to glyph g, if g is a glyph of the font.
func (f *Font) set(r rune, g int) {
	if g != 0 && g < f.numGlyphs && r < 0xFFFF {
		f.bmp[r] = uint16(g)
	}
}

func (f *Font) parseFormat4(b []byte) error {
	// The 16-bit length of large format 4 subtables overflows in real fonts; the
	// arrays are bounded by the cmap table instead.
	if len(b) < 14 {
		return malformed("cmap format 4: %d bytes", len(b))
	}
	segs := u16(b, 6) / 2
	const endCodes = 14
	startCodes := endCodes + 2*segs + 2
	deltas := startCodes + 2*segs
	rangeOffsets := deltas + 2*segs
	if rangeOffsets+2*segs > len(b) {
		return malformed("cmap format 4: %d segments do not fit in %d bytes", segs, len(b))
	}
	prevEnd := -1
	for i := range segs {
		end, start := u16(b, endCodes+2*i), u16(b, startCodes+2*i)
		delta, ro := u16(b, deltas+2*i), u16(b, rangeOffsets+2*i)
		// The spec requires sorted, disjoint segments; insisting on it bounds the work.
		if start <= prevEnd || end < start {
			return malformed("cmap format 4: segment %d (%#x..%#x) out of order", i, start, end)
		}
		prevEnd = end
		for c := start; c <= end; c++ {
			if ro == 0 {
				f.set(rune(c), (c+delta)&0xFFFF)
				continue
			}
			p := rangeOffsets + 2*i + ro + 2*(c-start)
			if p+2 > len(b) {
				return malformed("cmap format 4: segment %d reads after the table", i)
			}
			if g := u16(b, p); g != 0 {
				f.set(rune(c), (g+delta)&0xFFFF)
			}
		}
	}
	return nil
}

func (f *Font) parseFormat12(b []byte) error {
	if len(b) < 16 {
		return malformed("cmap format 12: %d bytes", len(b))
	}
	n := int64(binary.BigEndian.Uint32(b[12:]))
	if 16+12*n > int64(len(b)) {
		return malformed("cmap format 12: %d groups do not fit in %d bytes", n, len(b))
	}
	prevEnd := rune(-1)
	for i := range int(n) {
		p := b[16+12*i:]
		start, end := rune(binary.BigEndian.Uint32(p)), rune(binary.BigEndian.Uint32(p[4:]))
		glyph := int64(binary.BigEndian.Uint32(p[8:]))
		// The spec requires sorted, disjoint groups; insisting on it bounds the work.
		if start <= prevEnd || end < start || end > 0x10FFFF {
			return malformed("cmap format 12: group %d (%#x..%#x) out of order or range", i, start, end)
		}
		prevEnd = end
		// Keep only the part that maps to glyphs of the font.
		if last := int64(f.numGlyphs) - 1 - glyph; int64(end-start) > last {
			if last < 0 {
				continue
			}
			end = start + rune(last)
		}
		for c := start; c <= min(end, 0xFFFF); c++ {
			f.set(c, int(glyph)+int(c-start))
		}
		if end > 0xFFFF {
			s := max(start, 0x10000)
			f.supp = append(f.supp, cmapGroup{s, end, uint32(glyph) + uint32(s-start)})
		}
	}
	return nil
}

// Mapping is one entry of a cmap: a character and its glyph.
type Mapping struct {
	Rune  rune
	Glyph uint16
}

// appendCmap appends a cmap table for sorted, distinct mappings: format 4 (3,1) for the
// BMP, and format 12 (3,10) for everything when a code point lies above U+FFFF.
func appendCmap(dst []byte, m []Mapping) ([]byte, error) {
	bmp := m
	for len(bmp) > 0 && bmp[len(bmp)-1].Rune >= 0xFFFF {
		bmp = bmp[:len(bmp)-1]
	}
	full := len(bmp) < len(m)
	numTables := 1
	if full {
		numTables = 2
	}
	start := len(dst)
	dst = be16(dst, 0, numTables)
	dst = be16(dst, 3, 1)
	dst = be32(dst, uint32(4+8*numTables))
	if full {
		dst = be16(dst, 3, 10)
		dst = be32(dst, 0) // set below
	}
	dst, err := appendFormat4(dst, bmp)
	if err != nil {
		return nil, err
	}
	if full {
		binary.BigEndian.PutUint32(dst[start+4+8+4:], uint32(len(dst)-start))
		dst = appendFormat12(dst, m)
	}
	return dst, nil
}

// segment4 is a format 4 segment: with array set its glyphs are listed in glyphIdArray,
// else glyph = code + delta.
type segment4 struct {
	start, end rune
	delta      uint16
	array      []Mapping
}

func appendFormat4(dst []byte, m []Mapping) ([]byte, error) {
	var segs []segment4
	arrayLen := 0
	for i := 0; i < len(m); {
		// A run of consecutive code points, and how many runs of constant delta it holds.
		j, deltaRuns := i+1, 1
		for ; j < len(m) && m[j].Rune == m[j-1].Rune+1; j++ {
			if m[j].Glyph != m[j-1].Glyph+1 {
				deltaRuns++
			}
		}
		run := m[i:j]
		if 8*deltaRuns <= 8+2*len(run) {
			for k := 0; k < len(run); {
				l := k + 1
				for l < len(run) && run[l].Glyph == run[l-1].Glyph+1 {
					l++
				}
				segs = append(segs, segment4{run[k].Rune, run[l-1].Rune, uint16(int(run[k].Glyph) - int(run[k].Rune)), nil})
				k = l
			}
		} else {
			segs = append(segs, segment4{run[0].Rune, run[len(run)-1].Rune, 0, run})
			arrayLen += len(run)
		}
		i = j
	}
	segs = append(segs, segment4{0xFFFF, 0xFFFF, 1, nil})
	n := len(segs)
	length := 16 + 8*n + 2*arrayLen
	if length > 0xFFFF {
		return nil, fmt.Errorf("%d characters need a cmap format 4 subtable of %d bytes, more than it can hold", len(m), length)
	}
	entrySelector := 0
	for 2<<entrySelector <= n {
		entrySelector++
	}
	searchRange := 2 << entrySelector // 2 × the largest power of two ≤ n
	dst = be16(dst, 4, length, 0, 2*n, searchRange, entrySelector, 2*n-searchRange)
	for _, s := range segs {
		dst = be16(dst, int(s.end))
	}
	dst = be16(dst, 0) // reservedPad
	for _, s := range segs {
		dst = be16(dst, int(s.start))
	}
	for _, s := range segs {
		dst = be16(dst, int(s.delta))
	}
	arrayPos := 0
	for i, s := range segs {
		if s.array == nil {
			dst = be16(dst, 0)
			continue
		}
		// From this idRangeOffset entry to the segment's first glyphIdArray entry.
		dst = be16(dst, 2*(n-i)+2*arrayPos)
		arrayPos += len(s.array)
	}
	for _, s := range segs {
		for _, e := range s.array {
			dst = be16(dst, int(e.Glyph))
		}
	}
	return dst, nil
}

func appendFormat12(dst []byte, m []Mapping) []byte {
	start := len(dst)
	dst = be16(dst, 12, 0)
	dst = be32(dst, 0, 0, 0) // length, language, numGroups: set below
	groups := 0
	for i := 0; i < len(m); {
		j := i + 1
		for j < len(m) && m[j].Rune == m[j-1].Rune+1 && m[j].Glyph == m[j-1].Glyph+1 {
			j++
		}
		dst = be32(dst, uint32(m[i].Rune), uint32(m[j-1].Rune), uint32(m[i].Glyph))
		groups++
		i = j
	}
	binary.BigEndian.PutUint32(dst[start+4:], uint32(len(dst)-start))
	binary.BigEndian.PutUint32(dst[start+12:], uint32(groups))
	return dst
}

func be16(dst []byte, vs ...int) []byte {
	for _, v := range vs {
		dst = binary.BigEndian.AppendUint16(dst, uint16(v))
	}
	return dst
}

func be32(dst []byte, vs ...uint32) []byte {
	for _, v := range vs {
		dst = binary.BigEndian.AppendUint32(dst, v)
	}
	return dst
}
