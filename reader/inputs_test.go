package reader

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"selfeval/calc"
	"selfeval/fixture"
	"selfeval/internal/hostile"
	"selfeval/reader/inspect"
)

// Issue 13, items 5–9: inputs real users and real files bring. Each test builds its
// extreme in the test.

// withSheet is the seed submission with one more sheet, 明细, whose worksheet XML is
// sheetData (the rows) and after (elements after </sheetData>, such as <mergeCells>).
func withSheet(t *testing.T, sheetData, after string) []byte {
	t.Helper()
	b := build(t, fixture.Seed(), variant{})
	if _, err := b.f.NewSheet("明细"); err != nil {
		t.Fatal(err)
	}
	b.set("明细", 0, 0, 1)
	part := fmt.Sprintf("xl/worksheets/sheet%d.xml", len(b.f.GetSheetList()))
	base := b.bytes()
	found := false
	for _, p := range hostile.Unzip(base) {
		found = found || p.Name == part
	}
	if !found {
		t.Fatalf("no part %s for sheet 明细", part)
	}
	return hostile.EditedFrom(base, hostile.Set(part, hostile.SheetHead+sheetData+"</sheetData>"+after+"</worksheet>"))
}

func readBytes(data []byte, opt Options) (*calc.Department, error) {
	return Read(bytes.NewReader(data), int64(len(data)), opt)
}

// Item 5: merged ranges are bounded by the gatekeeper and read without excelize's quadratic
// path; a workbook with thousands of them still reads.
func TestMergedRanges(t *testing.T) {
	merges := func(n int) string {
		var b strings.Builder
		fmt.Fprintf(&b, `<mergeCells count="%d">`, n)
		for i := range n {
			fmt.Fprintf(&b, `<mergeCell ref="A%d:B%d"/>`, i+1, i+1)
		}
		return b.String() + `</mergeCells>`
	}
	t.Run("9000_read", func(t *testing.T) {
		d, err := readBytes(withSheet(t, `<row r="1"><c r="A1"><v>1</v></c></row>`, merges(9000)), Options{})
		if err != nil {
			t.Fatal(err)
		}
		sameDepartment(t, d, fixture.Seed(), true)
	})
	t.Run("200000_refused", func(t *testing.T) {
		_, err := readBytes(withSheet(t, `<row r="1"><c r="A1"><v>1</v></c></row>`, merges(200_000)), Options{})
		var e *inspect.Error
		if !errors.As(err, &e) || e.Code != inspect.CodeTooManyMerges || e.Sheet != "明细" {
			t.Fatalf("Read = %v, want %s on 明细", err, inspect.CodeTooManyMerges)
		}
		if !strings.Contains(e.Error(), "合并单元格") {
			t.Errorf("message %q does not say 合并单元格", e.Error())
		}
	})
}

// Item 5: a done context stops the read with an error wrapping its cause.
func TestReadCancelled(t *testing.T) {
	data := build(t, fixture.Seed(), variant{}).bytes()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	d, err := readBytes(data, Options{Context: ctx})
	if d != nil || !errors.Is(err, context.Canceled) {
		t.Fatalf("Read(cancelled) = %v, %v; want an error wrapping context.Canceled", d, err)
	}
	if !strings.Contains(err.Error(), "读取已中止") {
		t.Errorf("error %q does not say 读取已中止", err)
	}
}

// Item 6: a sheet of 99,000 rows × 19 numbers beside the tables is read in bounded memory: only
// the grid the reader reads (MaxRows × MaxCols) is kept.
func TestLargeSheet(t *testing.T) {
	var rows strings.Builder
	for r := 1; r <= 99_000; r++ {
		fmt.Fprintf(&rows, `<row r="%d">`, r)
		for c := range 19 {
			fmt.Fprintf(&rows, `<c r="%s%d"><v>%d.%02d</v></c>`, colName(c), r, r*19+c, c)
		}
		rows.WriteString(`</row>`)
	}
	data := withSheet(t, rows.String(), "")
	t.Logf("file %d bytes", len(data))
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	d, err := readBytes(data, Options{})
	t.Logf("Read took %v", time.Since(start)) // a figure for the log, not a test
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	sameDepartment(t, d, fixture.Seed(), true)
	// excelize allocated ~600 MB for this sheet; the grid kept is 2,000 × 19 cells.
	const maxAlloc = 100 << 20
	if got := after.TotalAlloc - before.TotalAlloc; got > maxAlloc {
		t.Errorf("Read allocated %d MB, want under %d MB", got>>20, maxAlloc>>20)
	}
}

// utf16LE is s in UTF-16, little-endian with a byte order mark.
func utf16LE(s string) string {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return string(b)
}

// Items 7 and 9: valid workbooks that were refused or misread.
func TestValidWorkbooks(t *testing.T) {
	seed := func(t *testing.T) []byte { return build(t, fixture.Seed(), variant{}).bytes() }
	const main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	tests := []struct {
		name string
		data func(t *testing.T) []byte
	}{
		{"custom_xml_utf16", func(t *testing.T) []byte { // SharePoint's customXml parts
			return hostile.EditedFrom(seed(t),
				hostile.Set("customXml/item1.xml", utf16LE(`<?xml version="1.0" encoding="UTF-16" standalone="no"?><b:Sources xmlns:b="http://schemas.openxmlformats.org/officeDocument/2006/bibliography"/>`)),
				hostile.Set("customXml/itemProps1.xml", utf16LE(`<?xml version="1.0" encoding="UTF-16"?><ds:datastoreItem xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml" ds:itemID="{1}"/>`)))
		}},
		{"shared_strings_elsewhere", func(t *testing.T) []byte { // follow the workbook's relationships
			parts := hostile.Unzip(seed(t))
			for i, p := range parts {
				switch p.Name {
				case hostile.SST:
					parts[i].Name = "xl/strings/table.xml"
				case "xl/_rels/workbook.xml.rels":
					parts[i].Data = bytes.Replace(p.Data, []byte(`Target="/xl/sharedStrings.xml"`), []byte(`Target="strings/table.xml"`), 1)
					if bytes.Equal(parts[i].Data, p.Data) {
						t.Fatalf("no sharedStrings relationship in %s", p.Data)
					}
				}
			}
			return hostile.Zip(parts)
		}},
		{"excel_2007_beta_namespace", func(t *testing.T) []byte {
			parts := hostile.Unzip(seed(t))
			for i, p := range parts {
				parts[i].Data = bytes.ReplaceAll(p.Data, []byte(main), []byte("http://schemas.microsoft.com/office/excel/2006/2"))
			}
			return hostile.Zip(parts)
		}},
		{"sheets_1024", func(t *testing.T) []byte {
			b := build(t, fixture.Seed(), variant{})
			for i := len(b.f.GetSheetList()); i < 1024; i++ {
				if _, err := b.f.NewSheet(fmt.Sprintf("空表%d", i)); err != nil {
					t.Fatal(err)
				}
			}
			return b.bytes()
		}},
		{"large_strings", func(t *testing.T) []byte { // long repeated texts compress far beyond 100×
			var rows strings.Builder
			for r := 1; r <= 100; r++ {
				fmt.Fprintf(&rows, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>`, r, r, strings.Repeat("长", 32767))
			}
			return withSheet(t, rows.String(), "")
		}},
		{"empty_shared_string_index", func(t *testing.T) []byte { // Excel reads <v/> as empty
			return withSheet(t, `<row r="1"><c r="A1" t="s"><v/></c><c r="B1" t="s"><v></v></c></row>`, "")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := readBytes(tt.data(t), Options{})
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			sameDepartment(t, d, fixture.Seed(), true)
		})
	}
}

// Issue 13 item 12: rows of a table left blank altogether (an asset the department does not
// have) count as 0 without a note; blanks beside figures in their row are noted, once per
// table.
func TestBlankRowsNoNote(t *testing.T) {
	b := build(t, fixture.Seed(), variant{})
	// Empty every figure of the first 表1-5 row other than 合计, and one figure of 表1-3 总计.
	var row string
	for _, r := range fixture.Seed().Assets.Rows {
		if r.Key != calc.RowSum {
			row = r.Key
			break
		}
	}
	var emptied []calc.CellRef
	for _, col := range calc.Tables[4].Columns {
		key := "1-5/" + row + "/" + col
		if _, ok := b.pos[key]; ok {
			emptied = append(emptied, b.at(key))
			b.setAt(key, "")
		}
	}
	if len(emptied) == 0 {
		t.Fatalf("no cells recorded for 表1-5 row %s", row)
	}
	partial := b.at("1-3/总计/调整预算数")
	b.setAt("1-3/总计/调整预算数", "")
	d, err := readBytes(b.bytes(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	notes := map[string][]calc.CellRef{}
	for _, c := range d.Checks {
		if c.Code == "blank_as_zero" {
			part, _, _ := strings.Cut(c.Message, " ")
			if notes[part] != nil {
				t.Errorf("two blank_as_zero notes for %s", part)
			}
			notes[part] = c.Cells
		}
	}
	if got := notes["表1-3"]; len(got) != 1 || got[0] != partial {
		t.Errorf("表1-3 note cells = %v, want [%v]", got, partial)
	}
	for _, c := range emptied {
		if slices.Contains(notes["表1-5"], c) {
			t.Errorf("表1-5 note names %v of a row left blank altogether: %v", c, notes["表1-5"])
		}
	}
}
