package subset_test

import (
	"io"
	"os"
	"testing"

	"github.com/jung-kurt/gofpdf"

	"selfeval/writer/fonts/subset"
)

// TestSubsetForGofpdf shows the intended use: a batch parses its font once and hands
// gofpdf a subset per document, which gofpdf accepts and writes.
func TestSubsetForGofpdf(t *testing.T) {
	data, err := os.ReadFile("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf")
	if err != nil {
		t.Skip("fonts-arphic-gbsn00lp is not installed")
	}
	font, err := subset.Parse(data) // once per process
	if err != nil {
		t.Fatal(err)
	}
	text := "预算执行率为96.2%。"
	sub, _, err := font.Subset([]rune(text)) // once per document, with all its text
	if err != nil {
		t.Fatal(err)
	}
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("song", "", sub)
	pdf.SetFont("song", "", 12)
	pdf.AddPage()
	pdf.Cell(0, 10, text)
	if err := pdf.Output(io.Discard); err != nil {
		t.Fatal(err)
	}
}
