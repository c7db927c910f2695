package subset

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
)

// Subset returns a standalone TrueType font holding the glyphs of runes: their outlines,
// the outlines of the glyphs composite glyphs are built from, and .notdef. The font keeps
// the original glyph IDs; its cmap maps exactly the runes the font has (see Has), so runes
// the font lacks are left out. The order of runes and repeats do not matter: the same set
// gives the same bytes.
func (f *Font) Subset(runes []rune) ([]byte, error) {
	m := f.mappings(runes)
	keep := f.closure(m)
	glyf, loca := f.glyfLoca(keep)
	cmap, err := appendCmap(nil, m)
	if err != nil {
		return nil, fmt.Errorf("subset font: %w", err)
	}

	head := slices.Clone(f.head)
	binary.BigEndian.PutUint32(head[8:], 0)  // checkSumAdjustment, set by assemble
	binary.BigEndian.PutUint16(head[50:], 1) // indexToLocFormat: long offsets

	numGlyphs := keep.numGlyphs
	numHMetrics := min(f.numHMetrics, numGlyphs)
	hhea := slices.Clone(f.hhea)
	binary.BigEndian.PutUint16(hhea[34:], uint16(numHMetrics))
	// Full metrics up to numHMetrics, then left side bearings: a prefix of the original.
	hmtxLen := 4*numHMetrics + 2*(numGlyphs-numHMetrics)
	hmtx := table{"hmtx", hmtxLen, func(dst []byte) uint32 {
		copy(dst, f.hmtx[:hmtxLen])
		whole := hmtxLen / 4 * 4
		return f.hmtxSum[hmtxLen/4] + checksum(dst[whole:pad4(hmtxLen)])
	}}

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
		hmtx,
		loca,
		computed("maxp", maxp),
		f.asIs("name", f.name),
		computed("post", post),
		f.asIs("prep", f.prep),
	}), nil
}

// mappings returns the cmap entries of the runes the font has, sorted by rune, once each.
func (f *Font) mappings(runes []rune) []mapping {
	rs := slices.Clone(runes)
	slices.Sort(rs)
	rs = slices.Compact(rs)
	m := make([]mapping, 0, len(rs))
	for _, r := range rs {
		if g := f.glyph(r); g != 0 {
			m = append(m, mapping{r, g})
		}
	}
	return m
}

// glyphSet is a set of glyph IDs below numGlyphs, the subset's glyph count: one more than
// the highest ID in the set.
type glyphSet struct {
	bits      []uint64
	numGlyphs int
}

func (s *glyphSet) has(g int) bool { return s.bits[g/64]&(1<<(g%64)) != 0 }

// closure returns the glyphs a subset keeps: .notdef, the glyphs of m and the components
// of composite glyphs, recursively.
func (f *Font) closure(m []mapping) glyphSet {
	s := glyphSet{bits: make([]uint64, (f.numGlyphs+63)/64)}
	stack := make([]uint16, 0, len(m)+1)
	add := func(g uint16) {
		if w, bit := g/64, uint64(1)<<(g%64); s.bits[w]&bit == 0 {
			s.bits[w] |= bit
			stack = append(stack, g)
		}
	}
	add(0)
	for _, e := range m {
		add(e.g)
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
	for w := len(s.bits) - 1; w >= 0; w-- {
		if s.bits[w] != 0 {
			s.numGlyphs = 64*w + bits.Len64(s.bits[w])
			break
		}
	}
	return s
}

// glyfLoca returns the glyf and loca tables of the glyphs in keep; every other glyph is
// empty. They are written straight into the font file: glyf is most of it.
func (f *Font) glyfLoca(keep glyphSet) (glyf, loca table) {
	n := keep.numGlyphs
	size := 0
	var sum uint32
	for g := range n {
		if keep.has(g) {
			size += pad4(int(f.loca[g+1] - f.loca[g]))
			sum += f.glyphSum[g]
		}
	}
	// Every glyph starts on a 4-byte boundary, so the checksum of glyf is the sum of the
	// glyphs' checksums; loca's is the sum of its offsets.
	glyf = table{"glyf", size, func(dst []byte) uint32 {
		p := 0
		for g := range n {
			if keep.has(g) {
				p += pad4(copy(dst[p:], f.glyf[f.loca[g]:f.loca[g+1]]))
			}
		}
		return sum
	}}
	loca = table{"loca", 4 * (n + 1), func(dst []byte) uint32 {
		var p, sum uint32
		for g := range n {
			binary.BigEndian.PutUint32(dst[4*g:], p)
			sum += p
			if keep.has(g) {
				p += uint32(pad4(int(f.loca[g+1] - f.loca[g])))
			}
		}
		binary.BigEndian.PutUint32(dst[4*n:], p)
		return sum + p
	}}
	return glyf, loca
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
