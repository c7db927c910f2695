package subset

import (
	"bytes"
	"encoding/binary"
	"errors"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

func TestSubset(t *testing.T) {
	text := reportText()
	for _, sf := range systemFonts {
		t.Run(sf.name, func(t *testing.T) {
			orig, full := sf.parsed(t)
			runes := []rune(text)
			for _, r := range runes {
				if !unicode.IsSpace(r) && !orig.Has(r) {
					t.Fatalf("%s lacks %q; the test text must use characters it has", sf.name, r)
				}
			}
			sub, cmap, err := orig.Subset(runes)
			if err != nil {
				t.Fatalf("Subset = %v", err)
			}
			t.Logf("%s: %d characters (%d distinct) → %d bytes (font %d bytes)",
				sf.name, len(runes), len(distinct(runes)), len(sub), len(full))
			checkSFNT(t, sub)
			checkNameIDs(t, sub)
			f, err := Parse(sub)
			if err != nil {
				t.Fatalf("Parse(subset) = %v", err)
			}
			checkCoverage(t, orig, f, runes)
			checkGlyphs(t, orig, f, runes)
			checkFreeType(t, sub, runes)
			checkMappings(t, f, cmap, runes)

			shuffled := append(slices.Clone(runes), runes[:100]...)
			slices.Reverse(shuffled)
			if again, _, err := orig.Subset(shuffled); err != nil || !bytes.Equal(again, sub) {
				t.Errorf("Subset(reversed runes with repeats) = %d bytes, %v; want the same %d bytes", len(again), err, len(sub))
			}
		})
	}
}

// checkMappings checks that the cmap Subset returns is the subset's own: every distinct
// rune of runes the subset has, in order, each with the glyph the subset maps it to.
func checkMappings(t *testing.T, sub *Font, cmap []Mapping, runes []rune) {
	t.Helper()
	var want []rune
	for _, r := range distinct(runes) {
		if sub.Has(r) {
			want = append(want, r)
		}
	}
	slices.Sort(want)
	if len(cmap) != len(want) {
		t.Fatalf("Subset returned %d mappings, want one per character the subset has (%d)", len(cmap), len(want))
	}
	for i, m := range cmap {
		if m.Rune != want[i] || m.Glyph != sub.glyph(m.Rune) || m.Glyph == 0 {
			t.Fatalf("mapping %d = %U → %d, want %U → %d (the subset's cmap)", i, m.Rune, m.Glyph, want[i], sub.glyph(want[i]))
		}
	}
}

// TestGofpdf typesets text with gofpdf, once with the full font and once with a subset,
// and checks that both render to the same pixels (the glyph mapping survives), that the
// text extracts and that qpdf finds no fault.
//
// The PDFs themselves differ a little: gofpdf names the font after a hash of the bytes it
// was given, and its /W array lists the widths of every character of the font below the
// highest one used, not only of the characters used.
func TestGofpdf(t *testing.T) {
	for _, sf := range systemFonts {
		t.Run(sf.name, func(t *testing.T) {
			orig, full := sf.parsed(t)
			for _, tc := range []struct {
				name string
				text string
			}{
				{"report", reportText()},
				{"han_2000", hanPage(distinctHan(orig, 2000))},
			} {
				t.Run(tc.name, func(t *testing.T) {
					sub, _, err := orig.Subset([]rune(tc.text))
					if err != nil {
						t.Fatalf("Subset = %v", err)
					}
					got, err := gofpdfDocument(sub, tc.text, 10)
					if err != nil {
						t.Fatalf("gofpdf with the subset: %v", err)
					}
					want, err := gofpdfDocument(full, tc.text, 10)
					if err != nil {
						t.Fatalf("gofpdf with the full font: %v", err)
					}
					dir := t.TempDir()
					path, fullPath := filepath.Join(dir, "subset.pdf"), filepath.Join(dir, "full.pdf")
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(fullPath, want, 0o644); err != nil {
						t.Fatal(err)
					}
					checkSameRendering(t, path, fullPath)
					checkPDFText(t, path, tc.text)
					checkQPDF(t, path)
				})
			}
		})
	}
}

func TestSubsetEmpty(t *testing.T) {
	orig, _ := systemFonts[0].parsed(t)
	sub, _, err := orig.Subset(nil)
	if err != nil {
		t.Fatalf("Subset(nil) = %v", err)
	}
	checkSFNT(t, sub)
	f, err := Parse(sub)
	if err != nil {
		t.Fatalf("Parse(Subset(nil)) = %v", err)
	}
	if f.numGlyphs != 1 {
		t.Errorf("Subset(nil) has %d glyphs, want 1 (.notdef)", f.numGlyphs)
	}
	checkCoverage(t, orig, f, nil)
}

// TestSubsetMissing: runes the font lacks are left out.
func TestSubsetMissing(t *testing.T) {
	orig, _ := systemFonts[0].parsed(t)
	runes := []rune{'中', 0x10FFFD, 0xE000, -1, 0x110000, 0xFFFF}
	sub, _, err := orig.Subset(runes)
	if err != nil {
		t.Fatalf("Subset = %v", err)
	}
	f, err := Parse(sub)
	if err != nil {
		t.Fatalf("Parse(subset) = %v", err)
	}
	checkCoverage(t, orig, f, runes)
}

// TestSubsetSupplementary: runes above U+FFFF get a format 12 cmap.
func TestSubsetSupplementary(t *testing.T) {
	for _, sf := range systemFonts {
		t.Run(sf.name, func(t *testing.T) {
			orig, _ := sf.parsed(t)
			if len(orig.supp) == 0 {
				t.Skipf("%s maps nothing above U+FFFF", sf.name)
			}
			runes := []rune("中文A")
			for _, g := range orig.supp[:min(3, len(orig.supp))] {
				runes = append(runes, g.start, g.end)
			}
			sub, _, err := orig.Subset(runes)
			if err != nil {
				t.Fatalf("Subset = %v", err)
			}
			checkSFNT(t, sub)
			f, err := Parse(sub)
			if err != nil {
				t.Fatalf("Parse(subset) = %v", err)
			}
			if len(f.supp) == 0 {
				t.Fatalf("subset has no format 12 cmap")
			}
			checkCoverage(t, orig, f, runes)
			checkGlyphs(t, orig, f, runes)
			// gofpdf reads the format 4 subtable, which must come first and cover the BMP.
			want := []rune("中文A")
			for r := range rune(0x10000) {
				if f.bmp[r] != 0 && !slices.Contains(want, r) {
					t.Errorf("format 4 maps %U", r)
				}
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	otto := append([]byte("OTTO\x00\x01\x00\x00\x00\x00\x00\x00"), make([]byte, 100)...)
	ttcf := append([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10"), make([]byte, 100)...)
	junk := make([]byte, 4096)
	for i := range junk {
		junk[i] = byte(i*7 + i/256)
	}
	manyTables := []byte("\x00\x01\x00\x00\xff\xff\x00\x00\x00\x00\x00\x00")
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrMalformed},
		{"short", []byte{0, 1, 0, 0}, ErrMalformed},
		{"junk", junk, ErrMalformed},
		{"cff", otto, ErrCFF},
		{"collection", ttcf, ErrCollection},
		{"directory_too_long", manyTables, ErrMalformed},
		{"no_tables", []byte("\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"), ErrMalformed},
	}
	if data, err := os.ReadFile(systemFonts[0].path); err == nil {
		tests = append(tests,
			struct {
				name string
				data []byte
				want error
			}{"truncated_64k", data[:64<<10], ErrMalformed},
			struct {
				name string
				data []byte
				want error
			}{"truncated_last_byte", data[:len(data)-1], ErrMalformed},
		)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse(tc.data)
			if !errors.Is(err, tc.want) {
				t.Errorf("Parse = %v, %v; want error %v", f, err, tc.want)
			}
		})
	}
}

// TestParseDamaged breaks a small valid subset in many ways: Parse must fail or succeed,
// never panic, and what it accepts must subset again.
func TestParseDamaged(t *testing.T) {
	orig, _ := systemFonts[0].parsed(t)
	small, _, err := orig.Subset([]rune("A1%"))
	if err != nil {
		t.Fatal(err)
	}
	end := len(small) - (pad4(len(small)) - len(small)) // end of the last table's data
	for n := range len(small) {
		if _, err := Parse(small[:n]); err == nil && n < end-3 {
			t.Errorf("Parse(first %d of %d bytes) succeeded", n, len(small))
		}
	}
	// Every byte but those of the glyph outlines and name strings, of which a sample.
	inside := func(i int, tag string) bool {
		for k := range u16(small, 4) {
			rec := small[12+16*k:]
			if string(rec[:4]) == tag {
				start, length := int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
				return i >= start+64 && i < start+length
			}
		}
		return false
	}
	for i := 0; i < len(small); i++ {
		if inside(i, "glyf") || inside(i, "name") {
			i += 37
		}
		if i >= len(small) {
			break
		}
		for _, v := range []byte{0x00, 0xFF, small[i] ^ 0x01} {
			b := slices.Clone(small)
			b[i] = v
			f, err := Parse(b)
			if err != nil {
				continue
			}
			if _, _, err := f.Subset([]rune("A1%中")); err != nil {
				t.Errorf("byte %d = %#x: Subset = %v", i, v, err)
			}
		}
	}
}

// checkSFNT checks the table directory of a font file: sorted tags, 4-byte aligned tables
// that do not overlap, the binary search fields, every checksum and checkSumAdjustment.
func checkSFNT(t *testing.T, b []byte) {
	t.Helper()
	n := u16(b, 4)
	p := 1
	for p*2 <= n {
		p *= 2
	}
	if got, want := []int{u16(b, 6), u16(b, 8), u16(b, 10)}, []int{16 * p, log2(p), 16*n - 16*p}; !slices.Equal(got, want) {
		t.Errorf("searchRange, entrySelector, rangeShift = %v, want %v", got, want)
	}
	prevTag, prevEnd := "", 12+16*n
	var tags []string
	for i := range n {
		rec := b[12+16*i:]
		tag := string(rec[:4])
		tags = append(tags, tag)
		sum, off, length := binary.BigEndian.Uint32(rec[4:]), int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		if tag <= prevTag {
			t.Errorf("table %q after %q", tag, prevTag)
		}
		if off%4 != 0 || off < prevEnd || off+pad4(length) > len(b) {
			t.Errorf("table %q at %d, length %d: misplaced (previous ends at %d, file %d bytes)", tag, off, length, prevEnd, len(b))
			continue
		}
		data := slices.Clone(b[off : off+pad4(length)])
		if tag == "head" {
			binary.BigEndian.PutUint32(data[8:], 0)
		}
		if got := checksum(data); got != sum {
			t.Errorf("table %q: checksum %#08x, directory says %#08x", tag, got, sum)
		}
		prevTag, prevEnd = tag, off+pad4(length)
	}
	if got := checksum(b); got != 0xB1B0AFBA {
		t.Errorf("file checksum %#08x, want 0xB1B0AFBA", got)
	}
	want := []string{"OS/2", "cmap", "cvt ", "fpgm", "gasp", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post", "prep"}
	for _, tag := range tags {
		if !slices.Contains(want, tag) {
			t.Errorf("unexpected table %q", tag)
		}
	}
}

// checkCoverage checks that sub maps exactly the requested runes orig has, each to the
// glyph of the subset that is orig's glyph renumbered.
func checkCoverage(t *testing.T, orig, sub *Font, runes []rune) {
	t.Helper()
	want := map[rune]bool{}
	for _, r := range runes {
		if orig.Has(r) {
			want[r] = true
		}
	}
	newID := map[uint16]uint16{}
	for i, g := range keptGlyphs(orig, runes) {
		newID[g] = uint16(i)
	}
	bad := 0
	for r := rune(-1); r <= 0x110000 && bad < 10; r++ {
		if sub.Has(r) != want[r] {
			t.Errorf("subset Has(%U) = %v, want %v", r, sub.Has(r), want[r])
			bad++
		} else if want[r] && sub.glyph(r) != newID[orig.glyph(r)] {
			t.Errorf("%U maps to glyph %d, want %d (glyph %d of the font)", r, sub.glyph(r), newID[orig.glyph(r)], orig.glyph(r))
			bad++
		}
	}
}

// keptGlyphs returns the glyphs of orig a subset of runes keeps, in ascending order: .notdef,
// the glyphs of the runes and the components of composite glyphs, recursively. Glyph i of
// the subset is keptGlyphs[i] of the font.
func keptGlyphs(orig *Font, runes []rune) []uint16 {
	keep := map[uint16]bool{}
	var add func(g uint16)
	add = func(g uint16) {
		if keep[g] {
			return
		}
		keep[g] = true
		if orig.compOff != nil {
			for _, c := range orig.comps[orig.compOff[g]:orig.compOff[g+1]] {
				add(c)
			}
		}
	}
	add(0)
	for _, r := range runes {
		if g := orig.glyph(r); g != 0 {
			add(g)
		}
	}
	old := slices.Collect(maps.Keys(keep))
	slices.Sort(old)
	return old
}

// checkGlyphs checks that sub holds exactly the glyphs keptGlyphs lists, renumbered: their
// metrics, and their outlines byte for byte (plus padding), but for the component glyph
// IDs of composite glyphs, which must be the components' new IDs.
func checkGlyphs(t *testing.T, orig, sub *Font, runes []rune) {
	t.Helper()
	old := keptGlyphs(orig, runes)
	if sub.numGlyphs != len(old) || sub.numHMetrics != len(old) {
		t.Fatalf("subset has %d glyphs, %d full metrics; want %d", sub.numGlyphs, sub.numHMetrics, len(old))
	}
	newID := map[uint16]uint16{}
	for i, g := range old {
		newID[g] = uint16(i)
	}
	bad := 0
	for i, g := range old {
		if bad >= 10 {
			break
		}
		if ga, gl, wa, wl := metrics(sub, uint16(i)), lsb(sub, uint16(i)), metrics(orig, g), lsb(orig, g); ga != wa || gl != wl {
			t.Errorf("glyph %d (%d of the font): advance, lsb = %d, %d; want %d, %d", i, g, ga, gl, wa, wl)
			bad++
		}
		got := sub.glyf[sub.loca[i]:sub.loca[i+1]]
		want := slices.Clone(orig.glyf[orig.loca[g]:orig.loca[g+1]])
		for _, p := range componentOffsets(want) {
			c := binary.BigEndian.Uint16(want[p:])
			binary.BigEndian.PutUint16(want[p:], newID[c])
		}
		if len(got) != pad4(len(want)) || !bytes.Equal(got[:len(want)], want) || strings.Trim(string(got[len(want):]), "\x00") != "" {
			t.Errorf("glyph %d (%d of the font): %d bytes differ from the original's %d", i, g, len(got), len(want))
			bad++
		}
	}
}

// metrics returns the advance width of glyph g, lsb its left side bearing.
func metrics(f *Font, g uint16) int {
	return u16(f.hmtx, 4*min(int(g), f.numHMetrics-1))
}

func lsb(f *Font, g uint16) int {
	if int(g) < f.numHMetrics {
		return u16(f.hmtx, 4*int(g)+2)
	}
	return u16(f.hmtx, 4*f.numHMetrics+2*(int(g)-f.numHMetrics))
}

// componentOffsets returns where the glyphIndex of each component of a composite glyph
// lies, nil for a simple glyph. It reads the flags on its own, so that it checks the
// package's reading of them.
func componentOffsets(glyph []byte) []int {
	if len(glyph) < 10 || int16(binary.BigEndian.Uint16(glyph)) >= 0 {
		return nil
	}
	var offs []int
	for p := 10; ; {
		flags := binary.BigEndian.Uint16(glyph[p:])
		offs = append(offs, p+2)
		p += 4
		if flags&0x0001 != 0 { // ARG_1_AND_2_ARE_WORDS
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&0x0008 != 0: // WE_HAVE_A_SCALE
			p += 2
		case flags&0x0040 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
			p += 4
		case flags&0x0080 != 0: // WE_HAVE_A_TWO_BY_TWO
			p += 8
		}
		if flags&0x0020 == 0 { // MORE_COMPONENTS
			return offs
		}
	}
}

// checkFreeType checks with fc-query (FreeType, an independent parser) that the font loads
// and covers exactly the runes that are not spaces (fontconfig leaves blank glyphs out).
func checkFreeType(t *testing.T, ttf []byte, runes []rune) {
	t.Helper()
	if _, err := exec.LookPath("fc-query"); err != nil {
		t.Log("fc-query not installed; FreeType check skipped")
		return
	}
	path := filepath.Join(t.TempDir(), "subset.ttf")
	if err := os.WriteFile(path, ttf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("fc-query", "--format", "%{fontformat}|%{charset}", path).Output()
	if err != nil {
		t.Fatalf("fc-query: %v", err)
	}
	format, charset, _ := strings.Cut(string(out), "|")
	if format != "TrueType" {
		t.Errorf("fc-query: format %q, want TrueType", format)
	}
	var got []rune
	for _, field := range strings.Fields(charset) {
		lo, hi, isRange := strings.Cut(field, "-")
		if !isRange {
			hi = lo
		}
		a, err1 := strconv.ParseInt(lo, 16, 32)
		b, err2 := strconv.ParseInt(hi, 16, 32)
		if err1 != nil || err2 != nil {
			t.Fatalf("fc-query: bad charset %q", field)
		}
		for r := rune(a); r <= rune(b); r++ {
			got = append(got, r)
		}
	}
	var want []rune
	for _, r := range distinct(runes) {
		if !unicode.IsSpace(r) {
			want = append(want, r)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("fc-query: the subset covers %d characters, want %d", len(got), len(want))
	}
}

// checkPDFText checks that pdftotext extracts text from the PDF, whitespace aside.
// gofpdf writes an identity ToUnicode map (CID = code point), so this checks the text
// layer; TestGofpdf's byte comparison with the full-font PDF checks the glyphs.
func checkPDFText(t *testing.T, path, text string) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext not installed; text not checked")
		return
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	if got, want := stripSpace(string(out)), stripSpace(text); got != want {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Errorf("pdftotext differs from the input at byte %d: got %q…, want %q…", i, clip(got[i:]), clip(want[i:]))
	}
}

// checkSameRendering checks that pdftoppm renders two PDFs to the same pages.
func checkSameRendering(t *testing.T, got, want string) {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Log("pdftoppm not installed; rendering not checked")
		return
	}
	render := func(path string) [][]byte {
		prefix := strings.TrimSuffix(path, ".pdf")
		if out, err := exec.Command("pdftoppm", "-r", "60", "-gray", path, prefix).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm %s: %v\n%s", path, err, out)
		}
		files, err := filepath.Glob(prefix + "-*.pgm")
		if err != nil || len(files) == 0 {
			t.Fatalf("pdftoppm %s: no pages (%v)", path, err)
		}
		slices.Sort(files)
		var pages [][]byte
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			pages = append(pages, b)
		}
		return pages
	}
	g, w := render(got), render(want)
	if len(g) != len(w) {
		t.Fatalf("%d pages with the subset, %d with the full font", len(g), len(w))
	}
	for i := range g {
		if !bytes.Equal(g[i], w[i]) {
			t.Errorf("page %d renders differently with the subset and with the full font", i+1)
		}
	}
}

func checkQPDF(t *testing.T, path string) {
	t.Helper()
	if _, err := exec.LookPath("qpdf"); err != nil {
		t.Log("qpdf not installed; PDF not checked")
		return
	}
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
}

func stripSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func clip(s string) string { return string([]rune(s)[:min(20, len([]rune(s)))]) }

func distinct(runes []rune) []rune {
	rs := slices.Clone(runes)
	slices.Sort(rs)
	return slices.Compact(rs)
}

func log2(p int) int {
	n := 0
	for p > 1 {
		p /= 2
		n++
	}
	return n
}

// fuzzSeeds adds the first 64 KiB of a real font, small subsets of the real fonts and junk.
func fuzzSeeds(f *testing.F) {
	if data, err := os.ReadFile(systemFonts[0].path); err == nil {
		f.Add(data[:64<<10])
	}
	for _, sf := range systemFonts {
		if data, err := os.ReadFile(sf.path); err == nil && !strings.HasSuffix(sf.path, ".ttc") {
			if font, err := Parse(data); err == nil {
				if small, _, err := font.Subset([]rune("A1%")); err == nil {
					f.Add(small)
				}
			}
		}
	}
	f.Add([]byte("OTTO\x00\x01\x00\x00\x00\x00\x00\x00"))
	f.Add([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10"))
	f.Add([]byte("\x00\x01\x00\x00\x00\x02\x00\x20\x00\x01\x00\x00cmap\x00\x00\x00\x00\x00\x00\x00\x2c\x00\x00\x00\x04"))
	f.Add(bytes.Repeat([]byte{0xA5, 0x00, 0xFF}, 300))
}

// FuzzParseSubset: Parse never panics, and a font it accepts subsets into a font it
// accepts again, with the same characters and the same glyphs, renumbered.
func FuzzParseSubset(f *testing.F) {
	fuzzSeeds(f)
	runes := []rune("A1%中文，。\U00020000")
	f.Fuzz(func(t *testing.T, data []byte) {
		font, err := Parse(data)
		if err != nil {
			return
		}
		sub, _, err := font.Subset(runes)
		if err != nil {
			t.Fatalf("Subset = %v", err)
		}
		again, err := Parse(sub)
		if err != nil {
			t.Fatalf("Parse(Subset) = %v", err)
		}
		for _, r := range runes {
			if again.Has(r) != font.Has(r) {
				t.Errorf("Has(%U) = %v in the subset, %v in the font", r, again.Has(r), font.Has(r))
			}
		}
		checkGlyphs(t, font, again, runes)
	})
}

// TestSubsetWholeFont subsets every character of the font: the largest cmap a subset can need.
func TestSubsetWholeFont(t *testing.T) {
	for _, sf := range systemFonts {
		t.Run(sf.name, func(t *testing.T) {
			orig, _ := sf.parsed(t)
			var runes []rune
			for r := rune(0); r <= 0x10FFFF; r++ {
				if orig.Has(r) {
					runes = append(runes, r)
				}
			}
			sub, _, err := orig.Subset(runes)
			if err != nil {
				t.Fatalf("Subset(all %d characters) = %v", len(runes), err)
			}
			checkSFNT(t, sub)
			f, err := Parse(sub)
			if err != nil {
				t.Fatalf("Parse(subset) = %v", err)
			}
			checkCoverage(t, orig, f, runes)
			checkGlyphs(t, orig, f, runes)
		})
	}
}

// TestSubsetConcurrent: Subset is safe for concurrent use (run with -race).
func TestSubsetConcurrent(t *testing.T) {
	orig, _ := systemFonts[0].parsed(t)
	runes := []rune(reportText())
	want, _, err := orig.Subset(runes)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for i := range 8 {
		go func() {
			got, _, err := orig.Subset(runes[i*100:])
			if err == nil && i == 0 && !bytes.Equal(got, want) {
				err = errors.New("different bytes")
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Errorf("concurrent Subset: %v", err)
		}
	}
}

// TestCmapTooLarge: a format 4 subtable holds at most 64 KiB; more is an error, not a
// corrupt font.
func TestCmapTooLarge(t *testing.T) {
	var m []Mapping
	for r := rune(0); r < 0xFFFE; r += 2 { // no two consecutive: one segment each
		m = append(m, Mapping{r, uint16(r/2 + 1)})
	}
	if _, err := appendCmap(nil, m); err == nil {
		t.Errorf("appendCmap(%d isolated characters) succeeded, want an error", len(m))
	}
	if _, err := appendCmap(nil, m[:4000]); err != nil {
		t.Errorf("appendCmap(4000 isolated characters) = %v", err)
	}
}

// FuzzGofpdf: gofpdf does not panic on the subset of any font Parse accepts.
func FuzzGofpdf(f *testing.F) {
	fuzzSeeds(f)
	const text = "A1%中文，。"
	f.Fuzz(func(t *testing.T, data []byte) {
		font, err := Parse(data)
		if err != nil {
			return
		}
		sub, _, err := font.Subset([]rune(text))
		if err != nil {
			t.Fatalf("Subset = %v", err)
		}
		if _, err := gofpdfDocument(sub, text, 10); err != nil {
			t.Logf("gofpdf: %v", err)
		}
	})
}

// TestParseBrokenFormat12: a broken format 12 cmap next to a format 4 one costs the
// characters above U+FFFF only.
func TestParseBrokenFormat12(t *testing.T) {
	var m []Mapping
	for _, r := range []rune{'A', '中', 0x20000} {
		m = append(m, Mapping{r, uint16(r%7 + 1)})
	}
	cmap, err := appendCmap(nil, m)
	if err != nil {
		t.Fatal(err)
	}
	off12 := int(binary.BigEndian.Uint32(cmap[16:]))
	binary.BigEndian.PutUint32(cmap[off12+16:], 0x30000) // first group starts after it ends
	f := &Font{numGlyphs: 10}
	if err := f.parseCmap(cmap); err != nil {
		t.Fatalf("parseCmap = %v", err)
	}
	for _, e := range m {
		want := e.Glyph
		if e.Rune > 0xFFFF {
			want = 0
		}
		if got := f.glyph(e.Rune); got != want {
			t.Errorf("glyph(%U) = %d, want %d", e.Rune, got, want)
		}
	}
}

// TestSubsetComposite subsets characters drawn with composite glyphs, covering every kind
// of component record the font has (word arguments, scale, x and y scale, 2×2 transform,
// components that are composite themselves): the components must be kept and renumbered,
// and the text must render as with the full font.
func TestSubsetComposite(t *testing.T) {
	fonts := append(slices.Clone(systemFonts), systemFont{"dejavu_sans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0})
	kinds := []struct {
		name string
		has  func(f *Font, g uint16, flags uint16) bool
	}{
		{"words", func(_ *Font, _, flags uint16) bool { return flags&0x0001 != 0 }},
		{"scale", func(_ *Font, _, flags uint16) bool { return flags&0x0008 != 0 }},
		{"xy_scale", func(_ *Font, _, flags uint16) bool { return flags&0x0040 != 0 }},
		{"two_by_two", func(_ *Font, _, flags uint16) bool { return flags&0x0080 != 0 }},
		{"nested", func(f *Font, c, _ uint16) bool { return f.composite(c) }},
	}
	for _, sf := range fonts {
		t.Run(sf.name, func(t *testing.T) {
			orig, full := sf.parsed(t)
			// Up to 5 characters of each kind, and 100 composite characters more.
			var runes []rune
			found := map[string]int{}
			for r := rune(0x21); r <= 0xFFFF; r++ {
				g := orig.glyph(r)
				if g == 0 || !orig.composite(g) {
					continue
				}
				data := orig.glyf[orig.loca[g]:orig.loca[g+1]]
				take := len(runes) < 100
				for _, p := range componentOffsets(data) {
					flags, c := binary.BigEndian.Uint16(data[p-2:]), binary.BigEndian.Uint16(data[p:])
					for _, k := range kinds {
						if k.has(orig, c, flags) && found[k.name] < 5 {
							found[k.name]++
							take = true
						}
					}
				}
				if take {
					runes = append(runes, r)
				}
			}
			if len(runes) == 0 {
				t.Skipf("%s draws no character with a composite glyph", sf.name)
			}
			t.Logf("%s: %d characters with composite glyphs; component kinds %v", sf.name, len(runes), found)
			sub, _, err := orig.Subset(runes)
			if err != nil {
				t.Fatalf("Subset = %v", err)
			}
			checkSFNT(t, sub)
			f, err := Parse(sub)
			if err != nil {
				t.Fatalf("Parse(subset) = %v", err)
			}
			checkCoverage(t, orig, f, runes)
			checkGlyphs(t, orig, f, runes)
			checkFreeType(t, sub, runes)

			text := hanPage(runes)
			got, err := gofpdfDocument(sub, text, 10)
			if err != nil {
				t.Fatalf("gofpdf with the subset: %v", err)
			}
			want, err := gofpdfDocument(full, text, 10)
			if err != nil {
				t.Fatalf("gofpdf with the full font: %v", err)
			}
			dir := t.TempDir()
			path, fullPath := filepath.Join(dir, "subset.pdf"), filepath.Join(dir, "full.pdf")
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(fullPath, want, 0o644); err != nil {
				t.Fatal(err)
			}
			checkSameRendering(t, path, fullPath)
		})
	}
}

// checkNameIDs checks that a subset's name table holds only name IDs 0–6 (prunedName) and
// still the PostScript name that gofpdf reads.
func checkNameIDs(t *testing.T, ttf []byte) {
	t.Helper()
	tables, err := tableDirectory(ttf)
	if err != nil {
		t.Fatal(err)
	}
	name := tables["name"]
	if err := checkName(name); err != nil {
		t.Fatalf("subset name table: %v", err)
	}
	postScript := false
	for i := range u16(name, 2) {
		id := u16(name, 6+12*i+6)
		if id > 6 {
			t.Errorf("subset name table keeps name ID %d", id)
		}
		postScript = postScript || id == 6
	}
	if !postScript {
		t.Error("subset name table lost the PostScript name (ID 6)")
	}
	t.Logf("name table: %d records, %d bytes", u16(name, 2), len(name))
}
