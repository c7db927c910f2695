package workbook

import (
	"bytes"
	"errors"
	"testing"

	"github.com/xuri/excelize/v2"
)

// testStyle is a style as a writing package declares it.
type testStyle struct {
	bold bool
	fmt  string
}

func (s testStyle) Excelize() *excelize.Style {
	x := &excelize.Style{Font: &excelize.Font{Bold: s.bold}}
	if s.fmt != "" {
		x.CustomNumFmt = &s.fmt
	}
	return x
}

// small writes a two-sheet book: values, a formula, a merge past the last cell, styles.
func small() *Book[testStyle] {
	b := New[testStyle]("宋体")
	b.AddSheet("一")
	b.AddSheet("二")
	b.Set("一", 1, 1, "=not a formula", testStyle{bold: true})
	b.Set("一", 2, 3, 1.5, testStyle{fmt: "0.00"})
	b.SetFormula("一", 2, 4, "SUM(B1:B3)", 1.5, testStyle{fmt: "0.00"})
	b.Merge("一", 1, 5, 4, 6)
	b.Width("一", 1, 20)
	b.Height("一", 2, 30)
	b.Set("二", 1, 1, nil, testStyle{bold: true})
	b.Page("一", Page{TitleFirst: 1, TitleLast: 1, FreezeRow: 2, Margin: 0.5, Header: "一 & 二"})
	return b
}

func TestBookWrite(t *testing.T) {
	var first, second bytes.Buffer
	if err := small().Write(&first); err != nil {
		t.Fatalf("Write() error = %v", err)
	}
	if err := small().Write(&second); err != nil {
		t.Fatalf("Write() error = %v", err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Error("the same book written twice gives different bytes")
	}
	f, err := excelize.OpenReader(bytes.NewReader(first.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "一" || got[1] != "二" {
		t.Errorf("sheets = %v, want [一 二]", got)
	}
	for _, tt := range []struct{ sheet, want string }{{"一", "A1:D6"}, {"二", "A1:A1"}} {
		if got, err := f.GetSheetDimension(tt.sheet); err != nil || got != tt.want {
			t.Errorf("GetSheetDimension(%s) = %q, %v, want %q", tt.sheet, got, err, tt.want)
		}
	}
	if v, _ := f.GetCellValue("一", "A1"); v != "=not a formula" {
		t.Errorf("A1 = %q, want the text", v)
	}
	if fo, _ := f.GetCellFormula("一", "A1"); fo != "" {
		t.Errorf("A1 formula = %q, want none", fo)
	}
	if fo, _ := f.GetCellFormula("一", "B4"); fo != "SUM(B1:B3)" {
		t.Errorf("B4 formula = %q, want SUM(B1:B3)", fo)
	}
	if v, _ := f.GetCellValue("一", "B4", excelize.Options{RawCellValue: true}); v != "1.5" {
		t.Errorf("B4 cached = %q, want 1.5", v)
	}
	s3, _ := f.GetCellStyle("一", "B3")
	s4, _ := f.GetCellStyle("一", "B4")
	if s3 != s4 || s3 == 0 {
		t.Errorf("equal styles got ids %d and %d, want one id", s3, s4)
	}
	if w, _ := f.GetColWidth("一", "A"); w != 20 {
		t.Errorf("width of A = %v, want 20", w)
	}
	hf, err := f.GetHeaderFooter("一")
	if err != nil || hf.OddHeader != `&C&"宋体,Bold"&14 一 && 二` || hf.OddFooter != footerPageCount {
		t.Errorf("GetHeaderFooter(一) = %+v, %v, want the header (& doubled) and the page count", hf, err)
	}
	if h, _ := f.GetRowHeight("一", 2); h != 30 {
		t.Errorf("height of row 2 = %v, want 30", h)
	}
}

func TestBookStickyError(t *testing.T) {
	b := New[testStyle]("宋体")
	b.AddSheet("一")
	b.Check(nil)
	first := errors.New("first")
	b.Check(first)
	b.Check(errors.New("second"))
	b.Set("no such sheet", 1, 1, "x", testStyle{}) // does nothing after an error (no panic)
	var buf bytes.Buffer
	if err := b.Write(&buf); !errors.Is(err, first) {
		t.Errorf("Write() = %v, want the first error", err)
	}
	if buf.Len() != 0 {
		t.Errorf("Write wrote %d bytes after an error, want none", buf.Len())
	}
}
