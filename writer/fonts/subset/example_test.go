package subset_test

import (
	"io"
	"log"
	"os"

	"github.com/jung-kurt/gofpdf"

	"selfeval/writer/fonts/subset"
)

// A batch parses its font once and hands gofpdf a subset per document.
func ExampleFont_Subset() {
	data, err := os.ReadFile("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf")
	if err != nil {
		log.Fatal(err)
	}
	font, err := subset.Parse(data) // once per process
	if err != nil {
		log.Fatal(err)
	}

	text := "预算执行率为96.2%。"
	sub, err := font.Subset([]rune(text)) // once per document, with all its text
	if err != nil {
		log.Fatal(err)
	}
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("song", "", sub)
	pdf.SetFont("song", "", 12)
	pdf.AddPage()
	pdf.Cell(0, 10, text)
	if err := pdf.Output(io.Discard); err != nil {
		log.Fatal(err)
	}
}
