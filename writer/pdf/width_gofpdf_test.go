package pdf

import (
	"testing"

	"github.com/jung-kurt/gofpdf"
)

// TestFontStringWidthMatchesSelectedFont checks the vendored gofpdf's GetFontStringWidth,
// which measureRune uses so that measuring selects no font, against what it replaces:
// SetFont, then GetStringWidth. It measures in a font added as Render adds it
// (AddUTF8Subset, with the metrics metricsOf parsed once per face) and selects a font
// gofpdf parsed from the same subset. Line breaking depends on these widths to the last bit.
func TestFontStringWidthMatchesSelectedFont(t *testing.T) {
	set := fontSet(t)
	for _, face := range set.Faces() {
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
