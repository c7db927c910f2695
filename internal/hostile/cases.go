package hostile

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Case is one file of the catalogue.
type Case struct {
	No   int    // catalogue row (shared/reference/hostile-inputs.md); several cases may share one
	Name string // short ASCII name, unique, usable as a file or subtest name
	Data []byte // the file's bytes

	// Want is what the gatekeeper (reader/inspect) must say about Data with its default
	// limits: an inspect.Code ("zip_bomb", "damaged_zip" …) when the file is refused;
	// "finding:<kind>" (an inspect.FindingKind such as "finding:no_cached_value") when it
	// passes with that finding, which the reader turns into a warning or a cell error; or
	// Accepted when it passes cleanly and what the case is about is the reader's or a
	// writer's business (merged cells, numbers as text, formula-looking text …).
	Want string
}

// Accepted is Case.Want for files the gatekeeper passes without a finding.
const Accepted = "accepted"

// Large is the size above which a case is not worth seeding a fuzzer with.
const Large = 1 << 20

// Cases returns every input-file case of the catalogue (rows 1–48; rows 49–52 are about
// department names and output values and need a complete submission, rows 53–55 are about
// the batch). Building them all takes under a second; the files add up to about 21 MB, the
// largest the 60,000-entry zip (6 MB) and the 2,000,000 shared strings (8 MB).
func Cases() []Case {
	good := Good()
	gib := make([]byte, 1<<20) // 1 MiB of zeros, repeated 1024 times: a gigabyte bomb
	cases := []Case{
		{1, "empty", nil, "empty"},
		{2, "truncated", good[:len(good)/2], "damaged_zip"},
		{3, "csv", []byte("部门,金额\r\n罗湖,16535.40\r\n"), "text"},
		{3, "csv_gbk", []byte("\xb2\xbf\xc3\xc5,\xbd\xf0\xb6\xee\r\n\xc2\xde\xba\xfe,1\r\n"), "text"},
		{4, "html", []byte("<!DOCTYPE html>\n<html><body><table><tr><td>1</td></tr></table></body></html>"), "html"},
		{5, "pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), "pdf"},
		{5, "png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "image"},
		{6, "xls", CompoundFile("Workbook", "\x05SummaryInformation"), "legacy_xls"},
		{7, "ods", PlainZip("mimetype", "application/vnd.oasis.opendocument.spreadsheet", "content.xml", "<office:document-content/>"), "ods"},
		{7, "docx", PlainZip("[Content_Types].xml", "<Types/>", "_rels/.rels", RelsTo("word/document.xml"), "word/document.xml", "<w:document/>"), "docx"},
		{7, "zip_no_workbook", PlainZip("readme.txt", "hello"), "not_workbook"},
		{8, "encrypted", CompoundFile("\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"), "encrypted"},
		// 9–11: 1 GiB inflating from about 1 MB.
		{9, "bomb_sheet_1gib", Edited(SetRaw(Sheet1, RepeatedDeflate([]byte(strings.Repeat("<x/>", 1<<18)), 1024))), "zip_bomb"},
		{9, "bomb_sheet_spaces_1gib", Edited(SetRaw(Sheet1, Deflated(Segment{[]byte(SheetHead), 1}, Segment{bytes.Repeat([]byte(" "), 1<<20), 1024}))), "zip_bomb"},
		{10, "bomb_media_1gib", Edited(SetRaw("xl/media/image1.png", RepeatedDeflate(gib, 1024))), "zip_bomb"},
		{11, "bomb_sst_1gib", Edited(SetRaw(SST, RepeatedDeflate([]byte(strings.Repeat("<si/>", 1<<18)), 819))), "zip_bomb"},
		{12, "zip64_claim", Edited(Raw(Sheet1, func(c []byte) RawPart { r := Honest(c); r.Size = 1 << 63; return r })), "zip_bomb"},
		{13, "size_lie", Edited(Raw(Sheet1, func(c []byte) RawPart { r := Honest(c); r.Size -= 100; return r })), "corrupt"},
		{13, "size_lie_bomb", Edited(SetRaw("xl/media/image1.png", func() RawPart { r := RepeatedDeflate(gib, 1024); r.Size = 1 << 20; return r }())), "corrupt"},
		{14, "bad_crc", Edited(Raw(Sheet1, func(c []byte) RawPart { r := Honest(c); r.CRC ^= 1; return r })), "corrupt"},
		{15, "bad_deflate", Edited(Raw(Sheet1, func(c []byte) RawPart { r := Honest(c); r.Data[len(r.Data)/2] ^= 0x55; return r })), "corrupt"},
		{15, "truncated_deflate", Edited(Raw(Sheet1, func(c []byte) RawPart { r := Honest(c); r.Data = r.Data[:len(r.Data)/2]; return r })), "corrupt"},
		{16, "duplicate_entry", Edited(Add(Sheet1, SheetHead+SheetTail)), "duplicate_entry"},
		{16, "duplicate_entry_case", Edited(Add("xl/worksheets/Sheet1.xml", SheetHead+SheetTail)), "duplicate_entry"},
		{17, "many_entries", ManyEntries(60000), "too_many_entries"},
		{18, "doctype", Edited(Set(Sheet1, `<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "b">]><worksheet><sheetData/></worksheet>`)), "doctype"},
		{18, "billion_laughs", Edited(Set(SST, `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><sst><si><t>&lol2;</t></si></sst>`)), "doctype"},
		{19, "xxe", Edited(Set("xl/workbook.xml", `<?xml version="1.0"?><!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><workbook><sheets><sheet name="&xxe;"/></sheets></workbook>`)), "doctype"},
		{20, "deep_nesting", WithRows(`<row r="1"><c r="A1"><v>1</v></c></row></sheetData>` + Deep(1_000_000) + `<sheetData>`), "xml_depth"},
		{21, "invalid_utf8", Edited(Set(SST, SSTXML("<si><t>\xff\xfe</t></si>"))), "bad_text"},
		{21, "invalid_utf8_cell", WithRows(`<row r="1"><c r="B1" t="inlineStr"><is><t>` + "\xc3\x28" + `</t></is></c></row>`), "bad_text"},
		{22, "control_char", Edited(Set(SST, SSTXML("<si><t>a\x01b</t></si>"))), "bad_text"},
		{23, "shared_strings_2m", Edited(SetRaw(SST, manyStrings(2_000_000))), "too_many_strings"},
		{24, "cell_50mb", Edited(SetRaw(Sheet1, Deflated(
			Segment{[]byte(SheetHead + `<row r="1"><c r="A1" t="inlineStr"><is><t>`), 1},
			Segment{bytes.Repeat([]byte("a"), 1<<20), 50},
			Segment{[]byte(`</t></is></c></row>` + SheetTail), 1}))), "cell_too_long"},
		{25, "row_too_big", WithRows(`<row r="1048577"><c r="A1048577"><v>1</v></c></row>`), "row_range"},
		{26, "row_negative", WithRows(`<row r="-1"><c r="A1"><v>1</v></c></row>`), "row_range"},
		{27, "column_beyond_xfd", WithRows(`<row r="1"><c r="XFE1"><v>1</v></c></row>`), "column_range"},
		{28, "cells_out_of_order", WithRows(`<row r="1"><c r="C1"><v>1</v></c><c r="A1"><v>2</v></c></row>`), "cell_order"},
		{28, "rows_out_of_order", WithRows(`<row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>2</v></c></row>`), "row_order"},
		{29, "cells_duplicate", WithRows(`<row r="1"><c r="A1"><v>1</v></c><c r="A1"><v>2</v></c></row>`), "cell_order"},
		{30, "sst_index_negative", WithRows(`<row r="1"><c r="C1" t="s"><v>-1</v></c></row>`), "shared_string_index"},
		{31, "far_column_grid", FarColumnGrid(5000, `<c r="XFD%d"><v>1</v></c>`), "too_many_columns"},
		{31, "far_column_grid_styled", FarColumnGrid(5000, `<c r="XFD%d" s="1"/>`), "grid_too_large"},
		{32, "sheet_part_missing", Edited(Remove(Sheet1)), "missing_part"},
		{34, "hidden_sheet", Edited(Set("xl/workbook.xml", WorkbookXML(`name="表1-1" sheetId="1" r:id="rId1"`, `name="表1-4" sheetId="2" state="hidden" r:id="rId4"`))), "finding:hidden_sheet"},
		{34, "hidden_row", WithRows(`<row r="3" hidden="1"><c r="B3"><v>5</v></c></row>`), "finding:hidden_row"},
		{35, "sheet_name_path", Edited(Set("xl/workbook.xml", WorkbookXML(`name="../../etc/passwd" sheetId="1" r:id="rId1"`, `name="表1-4" sheetId="2" r:id="rId4"`))), Accepted},
		{36, "formula_no_cached_value", WithRows(`<row r="4"><c r="B4"><f>B2-B3</f></c></row>`), "finding:no_cached_value"},
		{37, "stale_cached_value", WithRows(`<row r="2"><c r="B2"><v>1</v></c></row><row r="3"><c r="B3"><v>2</v></c></row><row r="4"><c r="B4"><f>B2+B3</f><v>99</v></c></row>`), Accepted},
		{38, "error_value", WithRows(`<row r="1"><c r="C1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D1" t="e"><v>#REF!</v></c></row>`), "finding:error_value"},
		{39, "circular_formula", WithRows(`<row r="1"><c r="A1"><f>B1+1</f><v>1</v></c><c r="B1"><f>A1+1</f><v>2</v></c></row>`), Accepted},
		{40, "formula_chain_100k", formulaChain(100_000), Accepted},
		{41, "external_link", Edited(
			Set(Sheet1, SheetHead+`<row r="1"><c r="A1"><f>[1]Sheet1!A1</f><v>5</v></c></row>`+SheetTail),
			Set("xl/externalLinks/externalLink1.xml", `<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/></externalLink>`),
			Set("xl/externalLinks/_rels/externalLink1.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="file:///C:/预算/2020.xlsx" TargetMode="External"/></Relationships>`)),
			"finding:external_link"},
		{42, "merged_numbers", goodWith(func(f *excelize.File) {
			must(f.SetCellValue("表1-1", "C2", 100))
			must(f.MergeCell("表1-1", "C2", "D3"))
		}), Accepted},
		{43, "scaling_format", goodWith(func(f *excelize.File) {
			fmtCode := "#,##0.00,"
			st, err := f.NewStyle(&excelize.Style{CustomNumFmt: &fmtCode})
			must(err)
			must(f.SetCellValue("表1-1", "B2", 16535400))
			must(f.SetCellStyle("表1-1", "B2", "B2", st))
		}), Accepted},
		{44, "rounding_format", goodWith(func(f *excelize.File) {
			st, err := f.NewStyle(&excelize.Style{NumFmt: 2}) // 0.00
			must(err)
			must(f.SetCellStyle("表1-4", "C9", "C9", st)) // holds 1.005
		}), Accepted},
		{45, "date1904", goodWith(func(f *excelize.File) {
			yes := true
			must(f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}))
			must(f.SetCellValue("表1-4", "D9", 0.5))
		}), Accepted},
		{46, "numbers_as_text", WithRows(inlineRow(1, "16,535.40", "１６５３５．４", "16535.40万元", "￥16535.40", "(1,234.50)", "−1234", "1\u00a0234", "—")), Accepted},
		{47, "nan", WithRows(`<row r="1"><c r="A1"><v>NaN</v></c></row>`), "bad_number"},
		{47, "overflow_1e309", WithRows(`<row r="1"><c r="B1"><f>A1*2</f><v>1e309</v></c></row>`), "bad_number"},
		{47, "hex_number", WithRows(`<row r="1"><c r="A1"><v>0x1p3</v></c></row>`), "bad_number"},
		{47, "boolean_number", WithRows(`<row r="1"><c r="A1" t="b"><v>1</v></c></row>`), Accepted},
		{48, "formula_text", WithRows(inlineRow(1, `=HYPERLINK("http://example.com","x")`, "@SUM(A1:A2)", "+1", "-1", "\t=1")), Accepted},
	}
	return cases
}

// manyStrings is a shared strings part of n entries that compresses only a few times (the
// texts differ), so the count cap and not the ratio cap must stop it.
func manyStrings(n int) RawPart {
	const per = 1000
	var chunk strings.Builder
	for i := range per {
		chunk.WriteString("<si><t>" + strconv.Itoa(1_000_000+i*7919) + "</t></si>")
	}
	return Deflated(
		Segment{[]byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`), 1},
		Segment{[]byte(chunk.String()), n / per},
		Segment{[]byte(`</sst>`), 1})
}

// formulaChain is a sheet whose column A is a chain of n formulas, each adding 1 to the one
// above, with cached values as Excel saves them.
func formulaChain(n int) []byte {
	var b strings.Builder
	b.WriteString(`<row r="1"><c r="A1"><v>1</v></c></row>`)
	for r := 2; r <= n; r++ {
		s := strconv.Itoa(r)
		b.WriteString(`<row r="` + s + `"><c r="A` + s + `"><f>A` + strconv.Itoa(r-1) + `+1</f><v>` + s + `</v></c></row>`)
	}
	return WithRows(b.String())
}

// inlineRow is row r holding texts as inline strings in columns A, B, ….
func inlineRow(r int, texts ...string) string {
	row := strconv.Itoa(r)
	s := `<row r="` + row + `">`
	for i, t := range texts {
		s += `<c r="` + string(rune('A'+i)) + row + `" t="inlineStr"><is><t xml:space="preserve">` + xmlEscape(t) + `</t></is></c>`
	}
	return s + `</row>`
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\t", "&#9;").Replace(s)
}
