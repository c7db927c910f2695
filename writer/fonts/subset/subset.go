package subset

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
)

// Subset returns a standalone TrueType font holding the glyphs of runes: their outlines,
// the outlines of the glyphs composite glyphs are built from, and .notdef. Glyphs are
// renumbered: glyph 0 is .notdef and the others follow in the order of their IDs in f
// (composite glyphs refer to their components by the new IDs). Its cmap maps exactly the
// runes the font has (see Has), so runes the font lacks are left out. The order of runes
// and repeats do not matter: the same set gives the same bytes.
//
// It also returns the subset's cmap: each rune it maps and that rune's glyph ID in the
// subset, sorted by rune (what a PDF's CIDToGIDMap needs).
func (f *Font) Subset(runes []rune) ([]byte, []Mapping, error) {
	m := f.mappings(runes)
	keep := f.closure(m)
	for i := range m {
		m[i].Glyph = keep.newID(m[i].Glyph)
	}
	cmap, err := appendCmap(nil, m)
	if err != nil {
		return nil, nil, fmt.Errorf("subset font: %w", err)
	}
	glyf, loca := f.glyfLoca(keep)

	head := slices.Clone(f.head)
	binary.BigEndian.PutUint32(head[8:], 0)  // checkSumAdjustment, set by assemble
	binary.BigEndian.PutUint16(head[50:], 1) // indexToLocFormat: long offsets

	numGlyphs := len(keep.old)
	hhea := slices.Clone(f.hhea)
	binary.BigEndian.PutUint16(hhea[34:], uint16(numGlyphs)) // numberOfHMetrics

	maxp := slices.Clone(f.maxp)
	binary.BigEndian.PutUint16(maxp[4:], uint16(numGlyphs))

	post := slices.Clone(f.post[:32])
	binary.BigEndian.PutUint32(post, 0x00030000) // version 3: no glyph names

	// In tag order, as the table directory lists them.
	return assemble([]table{
		// OS/2 as it is, so that gofpdf embeds the same bytes as from the full font.
		f.asIs("OS/2", f.os2),
		computed("cmap", cmap),
		f.asIs("cvt ", f.cvt),
		f.asIs("fpgm", f.fpgm),
		f.asIs("gasp", f.gasp),
		glyf,
		computed("head", head),
		computed("hhea", hhea),
		f.hmtxTable(keep),
		loca,
		computed("maxp", maxp),
		f.asIs("name", f.name),
		computed("post", post),
		f.asIs("prep", f.prep),
	}), m, nil
}

// mappings returns the cmap entries of the runes the font has, sorted by rune, once each.
func (f *Font) mappings(runes []rune) []Mapping {
	rs := slices.Clone(runes)
	slices.Sort(rs)
	rs = slices.Compact(rs)
	m := make([]Mapping, 0, len(rs))
	for _, r := range rs {
		if g := f.glyph(r); g != 0 {
			m = append(m, Mapping{r, g})
		}
	}
	return m
}

// renumbering is the glyphs a subset keeps and their IDs in it: glyph old[i] of the font
// is glyph i of the subset.
type renumbering struct {
	old  []uint16 // the kept glyphs in ascending order; old[0] is .notdef
	bits []uint64 // the kept glyphs as a set
	rank []uint32 // rank[w]: how many kept glyphs are below 64*w
}

// newID returns the subset's ID of glyph g of the font, which the subset keeps.
func (r *renumbering) newID(g uint16) uint16 {
	w := g / 64
	below := r.bits[w] & (1<<(g%64) - 1)
	return uint16(r.rank[w] + uint32(bits.OnesCount64(below)))
}

// closure returns the glyphs a subset keeps: .notdef, the glyphs of m and the components
// of composite glyphs, recursively.
func (f *Font) closure(m []Mapping) renumbering {
	set := make([]uint64, (f.numGlyphs+63)/64)
	stack := make([]uint16, 0, len(m)+1)
	add := func(g uint16) {
		if w, bit := g/64, uint64(1)<<(g%64); set[w]&bit == 0 {
			set[w] |= bit
			stack = append(stack, g)
		}
	}
	add(0)
	for _, e := range m {
		add(e.Glyph)
	}
	for len(stack) > 0 {
		g := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if f.compOff != nil {
			for _, c := range f.comps[f.compOff[g]:f.compOff[g+1]] {
				add(c)
			}
		}
	}
	r := renumbering{bits: set, rank: make([]uint32, len(set))}
	n := 0
	for w, word := range set {
		r.rank[w] = uint32(n)
		n += bits.OnesCount64(word)
	}
	r.old = make([]uint16, 0, n)
	for w, word := range set {
		for ; word != 0; word &= word - 1 {
			r.old = append(r.old, uint16(64*w+bits.TrailingZeros64(word)))
		}
	}
	return r
}

// composite reports whether glyph g is a composite glyph.
func (f *Font) composite(g uint16) bool {
	return f.compOff != nil && f.compOff[g] < f.compOff[g+1]
}

// glyfLoca returns the glyf and loca tables of the glyphs in keep, renumbered. They are
// written straight into the font file: glyf is most of it.
func (f *Font) glyfLoca(keep renumbering) (glyf, loca table) {
	size := 0
	for _, g := range keep.old {
		size += pad4(int(f.loca[g+1] - f.loca[g]))
	}
	// Every glyph starts on a 4-byte boundary, so the checksum of glyf is the sum of the
	// glyphs' checksums; loca's is the sum of its offsets.
	glyf = table{"glyf", size, func(dst []byte) uint32 {
		var sum uint32
		p := 0
		for _, g := range keep.old {
			n := pad4(copy(dst[p:], f.glyf[f.loca[g]:f.loca[g+1]]))
			if f.composite(g) {
				remapComponents(dst[p:p+n], &keep)
				sum += checksum(dst[p : p+n])
			} else {
				sum += f.glyphSum[g]
			}
			p += n
		}
		return sum
	}}
	loca = table{"loca", 4 * (len(keep.old) + 1), func(dst []byte) uint32 {
		var p, sum uint32
		for i, g := range keep.old {
			binary.BigEndian.PutUint32(dst[4*i:], p)
			sum += p
			p += uint32(pad4(int(f.loca[g+1] - f.loca[g])))
		}
		binary.BigEndian.PutUint32(dst[4*len(keep.old):], p)
		return sum + p
	}}
	return glyf, loca
}

// remapComponents rewrites the glyphIndex of every component of a composite glyph, which
// Parse has checked, to the subset's glyph ID.
func remapComponents(data []byte, keep *renumbering) {
	for p := compositeHeader; ; {
		flags, g, next, err := component(data, p)
		if err != nil {
			return // not reached: Parse has read the same bytes
		}
		binary.BigEndian.PutUint16(data[p+2:], keep.newID(uint16(g)))
		if flags&moreComponents == 0 {
			return
		}
		p = next
	}
}

// hmtxTable returns the hmtx table of the glyphs in keep, renumbered: a full metric
// (advance width, left side bearing) for every glyph. Glyphs of the font beyond its
// numberOfHMetrics have the advance width of the last full metric.
func (f *Font) hmtxTable(keep renumbering) table {
	return table{"hmtx", 4 * len(keep.old), func(dst []byte) uint32 {
		last := 4 * (f.numHMetrics - 1)
		for i, g := range keep.old {
			out := dst[4*i : 4*i+4]
			if int(g) < f.numHMetrics {
				copy(out, f.hmtx[4*int(g):])
				continue
			}
			copy(out[:2], f.hmtx[last:])
			copy(out[2:], f.hmtx[4*f.numHMetrics+2*(int(g)-f.numHMetrics):])
		}
		return checksum(dst)
	}}
}

// table is a table of a font being assembled.
type table struct {
	tag  string
	size int // 0 and write nil: the font lacks the table
	// write writes the table into dst, which is zeroed and padded to 4 bytes, and returns
	// the table's checksum.
	write func(dst []byte) uint32
}

// computed is a table of data whose checksum is computed as it is written.
func computed(tag string, data []byte) table {
	return table{tag, len(data), func(dst []byte) uint32 {
		copy(dst, data)
		return checksum(dst)
	}}
}

// asIs is a table copied from the font; Parse has computed its checksum.
func (f *Font) asIs(tag string, data []byte) table {
	if data == nil {
		return table{tag: tag}
	}
	return table{tag, len(data), func(dst []byte) uint32 {
		copy(dst, data)
		return f.sums[tag]
	}}
}

// assemble writes a font file of tables, sorted by tag, leaving out absent ones; it sets
// every checksum and head.checkSumAdjustment.
func assemble(all []table) []byte {
	tables := all[:0:0]
	size := 12
	for _, t := range all {
		if t.write != nil {
			tables = append(tables, t)
			size += 16 + pad4(t.size)
		}
	}
	n := len(tables)
	out := make([]byte, size)
	entrySelector := bits.Len(uint(n)) - 1
	searchRange := 16 << entrySelector // 16 × the largest power of two ≤ n
	binary.BigEndian.PutUint32(out, versionTrueType)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(searchRange))
	binary.BigEndian.PutUint16(out[8:], uint16(entrySelector))
	binary.BigEndian.PutUint16(out[10:], uint16(16*n-searchRange))
	// Tables are padded with zeros, so the file's checksum is the directory's plus the
	// tables'.
	var fileSum uint32
	off, head := 12+16*n, -1
	for i, t := range tables {
		sum := t.write(out[off : off+pad4(t.size)])
		fileSum += sum
		rec := out[12+16*i:]
		copy(rec, t.tag)
		binary.BigEndian.PutUint32(rec[4:], sum)
		binary.BigEndian.PutUint32(rec[8:], uint32(off))
		binary.BigEndian.PutUint32(rec[12:], uint32(t.size))
		if t.tag == "head" {
			head = off
		}
		off += pad4(t.size)
	}
	fileSum += checksum(out[:12+16*n])
	if head >= 0 {
		binary.BigEndian.PutUint32(out[head+8:], 0xB1B0AFBA-fileSum)
	}
	return out
}

// checksum is the sfnt checksum of b, zero-padded to a multiple of 4 bytes.
func checksum(b []byte) uint32 {
	var sum uint32
	for ; len(b) >= 4; b = b[4:] {
		sum += binary.BigEndian.Uint32(b)
	}
	if len(b) > 0 {
		var last [4]byte
		copy(last[:], b)
		sum += binary.BigEndian.Uint32(last[:])
	}
	return sum
}

func pad4(n int) int { return (n + 3) &^ 3 }
