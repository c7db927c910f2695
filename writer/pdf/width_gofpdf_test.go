package pdf

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/jung-kurt/gofpdf"

	"selfeval/writer/fonts"
)

// TestFontStringWidthMatchesSelectedFont checks the vendored gofpdf's GetFontStringWidth,
// which measureRune uses so that measuring selects no font, against what it replaces:
// SetFont, then GetStringWidth. It measures in a font added as Render adds it
// (AddUTF8Subset, with the metrics metricsOf parsed once per face) and selects a font
// gofpdf parsed from the same subset. Line breaking depends on these widths to the last
// bit. Besides the installed faces it measures each with the length field of its cmap's
// format 4 table overflowed, which gofpdf reads differently from writer/fonts.
func TestFontStringWidthMatchesSelectedFont(t *testing.T) {
	set := fontSet(t)
	faces := set.Faces()
	for _, f := range set.Faces() {
		faces = append(faces, overflowedCmap(t, f))
	}
	for _, face := range faces {
		used := map[rune]bool{}
		var probe []rune
		for _, block := range [][2]rune{{0x20, 0x7E}, {0x3000, 0x303F}, {0x4E00, 0x52FF}, {0xFF00, 0xFFEF}} {
			for c := block[0]; c <= block[1]; c++ {
				if face.Has(c) {
					used[c] = true
					probe = append(probe, c)
				}
			}
		}
		// A character the font lacks is measured with its default width by both.
		for _, c := range []rune{0x10FF, 0xFFFD} {
			if !face.Has(c) {
				probe = append(probe, c)
			}
		}
		data, cmap, err := face.ForDocument(used)
		if err != nil {
			t.Fatalf("%s: ForDocument: %v", face.Name, err)
		}
		m, err := metricsOf(face)
		if err != nil {
			t.Fatalf("%s: metricsOf: %v", face.Name, err)
		}
		glyphs := map[int]int{}
		for _, e := range cmap {
			glyphs[int(e.Rune)] = int(e.Glyph)
		}
		pdf := gofpdf.New("P", "mm", "A4", "")
		pdf.AddUTF8Subset("Probe Face", "", gofpdf.UTF8Subset{BaseFont: "PROBE+Face", Font: data, Glyphs: glyphs, Metrics: m})
		pdf.AddUTF8FontFromBytes("Parsed Face", "", data)
		pdf.AddPage()
		for _, size := range []float64{10.5, 16, 22} {
			for _, c := range probe {
				got := pdf.GetFontStringWidth("Probe Face", "", size, string(c))
				pdf.SetFont("Parsed Face", "", size)
				if want := pdf.GetStringWidth(string(c)); got != want {
					t.Fatalf("%s %v pt %q: GetFontStringWidth = %v, SetFont+GetStringWidth = %v", face.Name, size, c, got, want)
				}
			}
		}
		if err := pdf.Error(); err != nil {
			t.Fatalf("%s: %v", face.Name, err)
		}
		if got := pdf.GetFontStringWidth("No Such Face", "", 16, "字"); got != 0 {
			t.Errorf("GetFontStringWidth of a font never added = %v, want 0", got)
		}
	}
}

// overflowedCmap returns face with the length field of its cmap's format 4 table halved,
// as fonts whose table outgrew the 16-bit field have it: writer/fonts reads the table to
// its end, gofpdf stops at the length.
func overflowedCmap(t *testing.T, face *fonts.Face) *fonts.Face {
	t.Helper()
	data := bytes.Clone(face.TrueType())
	be := binary.BigEndian
	var cmap uint32
	for i := range int(be.Uint16(data[4:])) {
		if rec := data[12+16*i:]; string(rec[:4]) == "cmap" {
			cmap = be.Uint32(rec[8:])
		}
	}
	halved := false
	for i := range int(be.Uint16(data[cmap+2:])) {
		sub := cmap + be.Uint32(data[cmap+4+8*uint32(i)+4:])
		if be.Uint16(data[sub:]) == 4 {
			be.PutUint16(data[sub+2:], be.Uint16(data[sub+2:])/2)
			halved = true
		}
	}
	if !halved {
		t.Fatalf("%s has no format 4 cmap table", face.Name)
	}
	path := filepath.Join(t.TempDir(), "overflowed.ttf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := fonts.Load(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
