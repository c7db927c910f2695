package inspect

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"selfeval/internal/hostile"
)

// small makes bombs of a few MiB trip the caps, so the tests stay fast.
var small = Limits{MaxEntryBytes: 1 << 20, MaxTotalBytes: 2 << 20}

// manyEntries is hostile.ManyEntries, built when the subtest runs.
func manyEntries(n int) func(testing.TB) []byte {
	return func(testing.TB) []byte { return hostile.ManyEntries(n) }
}

// farColumnGrid is hostile.FarColumnGrid (catalogue case 31), built when the subtest runs.
func farColumnGrid(rows int, cell string) func(testing.TB) []byte {
	return func(testing.TB) []byte { return hostile.FarColumnGrid(rows, cell) }
}

func TestRefused(t *testing.T) {
	good := hostile.Good()
	tests := []struct {
		name string
		data func(testing.TB) []byte
		lim  Limits
		code Code
		part string // when not "", the part the error must name
		cell string // when not "", the cell the error must name
	}{
		// 1–8: what the file really is.
		{name: "empty", data: fixed(nil), code: CodeEmpty},
		{name: "truncated", data: fixed(good[:len(good)/2]), code: CodeDamagedZip},
		{name: "csv", data: fixed([]byte("部门,金额\r\n罗湖,16535.40\r\n")), code: CodeText},
		{name: "csv_gbk", data: fixed([]byte("\xb2\xbf\xc3\xc5,\xbd\xf0\xb6\xee\r\n\xc2\xde\xba\xfe,1\r\n")), code: CodeText},
		{name: "text_utf16", data: fixed([]byte("\xff\xfeA\x00\t\x00B\x00")), code: CodeText},
		{name: "html", data: fixed([]byte("<!DOCTYPE html>\n<html><body><table><tr><td>1</td></tr></table></body></html>")), code: CodeHTML},
		{name: "mht", data: fixed([]byte("MIME-Version: 1.0\r\nContent-Type: multipart/related\r\n")), code: CodeHTML},
		{name: "xml_2003", data: fixed([]byte(`<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>`)), code: CodeXML},
		{name: "pdf", data: fixed([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")), code: CodePDF},
		{name: "png", data: fixed([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")), code: CodeImage},
		{name: "jpeg", data: fixed([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00")), code: CodeImage},
		{name: "gif", data: fixed([]byte("GIF89a\x01\x00\x01\x00\x80\x00\x00")), code: CodeImage},
		{name: "rar", data: fixed([]byte("Rar!\x1a\x07\x01\x00")), code: CodeArchive},
		{name: "binary", data: fixed([]byte("\x00\x01\x02\x03garbage\x00")), code: CodeNotZip},
		{name: "xls", data: fixed(hostile.CompoundFile("Workbook", "\x05SummaryInformation")), code: CodeLegacyXLS},
		{name: "xls_biff5", data: fixed(hostile.CompoundFile("Book")), code: CodeLegacyXLS},
		{name: "doc", data: fixed(hostile.CompoundFile("WordDocument", "1Table")), code: CodeLegacyDOC},
		{name: "ole_other", data: fixed(hostile.CompoundFile("Contents")), code: CodeOLE},
		{name: "ole_broken", data: fixed(append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), make([]byte, 600)...)), code: CodeOLE},
		{name: "encrypted", data: fixed(hostile.CompoundFile("\x06DataSpaces", "EncryptionInfo", "EncryptedPackage")), code: CodeEncrypted},
		{name: "ods", data: func(t testing.TB) []byte {
			return hostile.PlainZip("mimetype", "application/vnd.oasis.opendocument.spreadsheet", "content.xml", "<office:document-content/>")
		}, code: CodeODS},
		{name: "docx", data: func(t testing.TB) []byte {
			return hostile.PlainZip("[Content_Types].xml", "<Types/>", "_rels/.rels", hostile.RelsTo("word/document.xml"), "word/document.xml", "<w:document/>")
		}, code: CodeDOCX},
		{name: "pptx", data: func(t testing.TB) []byte {
			return hostile.PlainZip("_rels/.rels", hostile.RelsTo("ppt/presentation.xml"), "ppt/presentation.xml", "<p:presentation/>")
		}, code: CodePPTX},
		{name: "xlsb", data: func(t testing.TB) []byte {
			return hostile.PlainZip("_rels/.rels", hostile.RelsTo("xl/workbook.bin"), "xl/workbook.bin", "\x83\x01\x00")
		}, code: CodeXLSB},
		{name: "odt", data: func(t testing.TB) []byte {
			return hostile.PlainZip("mimetype", "application/vnd.oasis.opendocument.text", "content.xml", "<office:document-content/>")
		}, code: CodeNotWorkbook},
		{name: "plain_zip", data: func(t testing.TB) []byte { return hostile.PlainZip("readme.txt", "hello") }, code: CodeNotWorkbook},
		{name: "empty_zip", data: func(t testing.TB) []byte { return hostile.Zip(nil) }, code: CodeNotWorkbook},
		{name: "too_large", data: fixed(good), lim: Limits{MaxFileBytes: 1000}, code: CodeTooLarge},

		// 9–11: zip bombs, stopped on the bytes actually inflated.
		{name: "bomb_sheet", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Bomb(sheet1, strings.Repeat("<x/>", 1<<14), 64))
		},
			lim: small, code: CodeZipBomb, part: sheet1},
		{name: "bomb_sheet_ratio", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Bomb(sheet1, strings.Repeat("<x/>", 1<<14), 64))
		}, // 4 MiB: past the ratio floor of an 8 MiB entry cap
			lim: Limits{MaxEntryBytes: 8 << 20}, code: CodeZipBomb, part: sheet1},
		{name: "bomb_sheet_spaces", data: func(t testing.TB) []byte { return hostile.Edited(hostile.Bomb(sheet1, strings.Repeat(" ", 1<<16), 64)) },
			code: CodeLongText, part: sheet1},
		{name: "bomb_sheet_lying", data: func(t testing.TB) []byte { // claims 512 KiB, inflates to 4 MiB
			return hostile.Edited(hostile.Raw(sheet1, func([]byte) hostile.RawPart {
				r := hostile.RepeatedDeflate([]byte(strings.Repeat("<x/>", 1<<14)), 64)
				r.Size = 512 << 10
				return r
			}))
		}, lim: small, code: CodeCorrupt, part: sheet1},
		{name: "bomb_media", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Bomb("xl/media/image1.png", string(make([]byte, 1<<16)), 64))
		},
			lim: small, code: CodeZipBomb, part: "xl/media/image1.png"},
		{name: "bomb_media_ratio", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Bomb("xl/media/image1.png", string(make([]byte, 1<<16)), 64))
		},
			lim: Limits{MaxEntryBytes: 8 << 20}, code: CodeZipBomb, part: "xl/media/image1.png"},
		{name: "bomb_total", data: func(t testing.TB) []byte {
			zeros := string(make([]byte, 900<<10)) // each under the entry cap and the ratio floor
			return hostile.Edited(hostile.Bomb("xl/media/image1.png", zeros, 1), hostile.Bomb("xl/media/image2.png", zeros, 1), hostile.Bomb("xl/media/image3.png", zeros, 1))
		}, lim: small, code: CodeZipBomb, part: "xl/media/image3.png"},
		{name: "bomb_sst", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Bomb(sst, strings.Repeat("<si><t>a</t></si>", 1<<12), 64))
		},
			lim: small, code: CodeZipBomb, part: sst},
		// 12: a zip64 entry claiming 2^63 bytes (excelize's own size check overflows on it).
		{name: "zip64_claim", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Raw(sheet1, func(c []byte) hostile.RawPart { r := hostile.Honest(c); r.Size = 1 << 63; return r }))
		}, code: CodeZipBomb, part: sheet1},
		// 13–15: damaged entries are corrupt, never partly read.
		{name: "size_lie_small", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Raw(sheet1, func(c []byte) hostile.RawPart { r := hostile.Honest(c); r.Size -= 100; return r }))
		}, code: CodeCorrupt, part: sheet1},
		{name: "size_lie_big", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Raw(sheet1, func(c []byte) hostile.RawPart { r := hostile.Honest(c); r.Size += 100; return r }))
		}, code: CodeCorrupt, part: sheet1},
		{name: "crc_zero", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Raw(sheet1, func(c []byte) hostile.RawPart { r := hostile.Honest(c); r.CRC = 0; return r }))
		}, code: CodeCorrupt, part: sheet1},
		{name: "garbled_stored_sheet", data: func(t testing.TB) []byte { // damage shows as bad XML first
			return hostile.Edited(hostile.Raw(sheet1, func(c []byte) hostile.RawPart {
				bad := bytes.Replace(c, []byte("<row"), []byte("\x01row"), 1)
				return hostile.RawPart{Method: zip.Store, Data: bad, CRC: crc32.ChecksumIEEE(c), Size: uint64(len(bad))}
			}))
		}, code: CodeCorrupt, part: sheet1},
		{name: "bad_crc", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Raw(sheet1, func(c []byte) hostile.RawPart { r := hostile.Honest(c); r.CRC ^= 1; return r }))
		}, code: CodeCorrupt, part: sheet1},
		{name: "bad_deflate", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Raw(sheet1, func(c []byte) hostile.RawPart { r := hostile.Honest(c); r.Data[len(r.Data)/2] ^= 0x55; return r }))
		}, code: CodeCorrupt, part: sheet1},
		{name: "truncated_deflate", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Raw(sheet1, func(c []byte) hostile.RawPart { r := hostile.Honest(c); r.Data = r.Data[:len(r.Data)/2]; return r }))
		}, code: CodeCorrupt, part: sheet1},
		{name: "bad_deflate_media", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Set("xl/media/image1.png", strings.Repeat("picture ", 1000)),
				hostile.Raw("xl/media/image1.png", func(c []byte) hostile.RawPart { r := hostile.Honest(c); r.Data[len(r.Data)/2] ^= 0x55; return r }))
		}, code: CodeCorrupt, part: "xl/media/image1.png"},
		{name: "unknown_method", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Raw(sheet1, func(c []byte) hostile.RawPart { r := hostile.Honest(c); r.Method = 99; return r }))
		}, code: CodeCorrupt, part: sheet1},
		{name: "encrypted_entry", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Raw(sheet1, func(c []byte) hostile.RawPart { r := hostile.Honest(c); r.Flags |= 1; return r }))
		}, code: CodeEncrypted, part: sheet1},
		// 16–17: entries.
		{name: "duplicate", data: func(t testing.TB) []byte { return hostile.Edited(hostile.Add(sheet1, sheetHead+sheetTail)) }, code: CodeDuplicateEntry},
		{name: "duplicate_case", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Add("xl/worksheets/Sheet1.xml", sheetHead+sheetTail))
		}, code: CodeDuplicateEntry},
		{name: "duplicate_backslash", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Add(`xl\worksheets\sheet1.xml`, sheetHead+sheetTail))
		}, code: CodeDuplicateEntry},
		{name: "dotdot_name", data: func(t testing.TB) []byte { return hostile.Edited(hostile.Add("../evil.xml", "<a/>")) }, code: CodeBadEntryName},
		{name: "many_entries", data: manyEntries(60000), code: CodeTooManyEntries},
		{name: "entries_over_cap", data: manyEntries(11), lim: Limits{MaxEntries: 10}, code: CodeTooManyEntries},
		// 18–20: XML that is dangerous to parse.
		{name: "doctype_sheet", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Set(sheet1, `<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "b">]><worksheet><sheetData/></worksheet>`))
		}, code: CodeDoctype, part: sheet1},
		{name: "billion_laughs", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Set(sst, `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><sst><si><t>&lol2;</t></si></sst>`))
		}, code: CodeDoctype, part: sst},
		{name: "xxe_workbook", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Set("xl/workbook.xml", `<?xml version="1.0"?><!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><workbook><sheets><sheet name="&xxe;"/></sheets></workbook>`))
		}, code: CodeDoctype, part: "xl/workbook.xml"},
		{name: "doctype_content_types", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Set("[Content_Types].xml", `<?xml version="1.0"?><!DOCTYPE Types><Types/>`))
		}, code: CodeDoctype, part: "[Content_Types].xml"},
		{name: "deep_sheet", data: withRows(`<row r="1"><c r="A1"><v>1</v></c></row></sheetData>` + hostile.Deep(1_000_000) + `<sheetData>`),
			code: CodeXMLDepth, part: sheet1},
		{name: "doctype_utf16_custom_xml", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Set("customXml/item1.xml", utf16LE(`<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a [<!ENTITY b "c">]><a/>`)))
		}, code: CodeDoctype, part: "customXml/item1.xml"},
		{name: "too_many_merges", data: withRows(`<row r="1"><c r="A1"><v>1</v></c></row></sheetData><mergeCells count="3"><mergeCell ref="A1:B1"/><mergeCell ref="A2:B2"/><mergeCell ref="A3:B3"/></mergeCells><sheetData>`),
			lim: Limits{MaxMergedRanges: 2}, code: CodeTooManyMerges, part: sheet1},
		// 21–24: text.
		{name: "invalid_utf8_sst", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Set(sst, hostile.SSTXML("<si><t>\xff\xfe</t></si>")))
		},
			code: CodeBadText, part: sst},
		{name: "invalid_utf8_cell", data: withRows(`<row r="1"><c r="A1" t="inlineStr"><is><t>ok</t></is></c><c r="B1" t="inlineStr"><is><t>` + "\xc3\x28" + `</t></is></c></row>`),
			code: CodeBadText, part: sheet1, cell: "B1"},
		{name: "surrogate_utf8", data: withRows(`<row r="1"><c r="A1" t="inlineStr"><is><t>` + "\xed\xa0\x80" + `</t></is></c></row>`),
			code: CodeBadText, cell: "A1"},
		{name: "control_char", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Set(sst, hostile.SSTXML("<si><t>a\x01b</t></si>")))
		},
			code: CodeBadText, part: sst},
		{name: "nul_in_sheet", data: withRows("<row r=\"1\"><c r=\"A1\" t=\"str\"><v>a\x00</v></c></row>"), code: CodeBadText, cell: "A1"},
		{name: "noncharacter", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Set(sst, hostile.SSTXML("<si><t>\xef\xbf\xbe</t></si>")))
		},
			code: CodeBadText, part: sst},
		{name: "control_char_ref", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Set(sst, hostile.SSTXML("<si><t>a&#1;b</t></si>")))
		},
			code: CodeBadXML, part: sst},
		{name: "gbk_declared", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Set(sheet1, `<?xml version="1.0" encoding="GBK"?><worksheet><sheetData/></worksheet>`))
		}, code: CodeBadXML, part: sheet1},
		{name: "not_xml", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Set(sheet1, "<worksheet><sheetData></worksheet>"))
		},
			code: CodeBadXML, part: sheet1},
		{name: "empty_sheet_part", data: func(t testing.TB) []byte { return hostile.Edited(hostile.Set(sheet1, "")) }, code: CodeBadXML, part: sheet1},
		{name: "too_many_strings", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Set(sst, hostile.SSTXML(strings.Repeat("<si><t>x</t></si>", 1001))))
		}, lim: Limits{MaxSharedStrings: 1000}, code: CodeTooManyStrings, part: sst},
		{name: "long_string", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Set(sst, hostile.SSTXML("<si><t>a</t></si><si><r><t>"+strings.Repeat("长", 20000)+"</t></r><r><t>"+strings.Repeat("长", 20000)+"</t></r></si>")))
		}, code: CodeCellTooLong, part: sst},
		{name: "long_inline", data: withRows(`<row r="1"><c r="A1" t="inlineStr"><is><t>` + strings.Repeat("a", 32768) + `</t></is></c></row>`),
			code: CodeCellTooLong, cell: "A1"},
		{name: "long_v", data: withRows(`<row r="1"><c r="A1" t="str"><v>` + strings.Repeat("&amp;", 32768) + `</v></c></row>`),
			code: CodeCellTooLong, cell: "A1"},
		{name: "cell_50mb", data: withRows(`<row r="1"><c r="A1" t="inlineStr"><is><t>` + strings.Repeat("a", 50<<20) + `</t></is></c></row>`),
			code: CodeCellTooLong, part: sheet1, cell: "A1"},
		// 25–31: rows and columns.
		{name: "row_too_big", data: withRows(`<row r="1048577"><c r="A1048577"><v>1</v></c></row>`), code: CodeRowRange},
		{name: "row_negative", data: withRows(`<row r="-1"><c r="A1"><v>1</v></c></row>`), code: CodeRowRange},
		{name: "row_zero", data: withRows(`<row r="0"></row>`), code: CodeRowRange},
		{name: "row_not_number", data: withRows(`<row r="1x"></row>`), code: CodeRowRange},
		{name: "ref_row_too_big", data: withRows(`<row><c r="A1048577"><v>1</v></c></row>`), code: CodeRowRange, cell: "A1048577"},
		{name: "column_beyond_xfd", data: withRows(`<row r="1"><c r="XFE1"><v>1</v></c></row>`), code: CodeColumnRange, cell: "XFE1"},
		{name: "column_far_beyond", data: withRows(`<row r="1"><c r="ZZZZZZZZZZZZZZ1"/></row>`), code: CodeColumnRange},
		{name: "ref_malformed", data: withRows(`<row r="1"><c r="1A"><v>1</v></c></row>`), code: CodeBadCellRef, cell: "1A"},
		{name: "ref_off_row", data: withRows(`<row r="1"><c r="A2"><v>1</v></c></row>`), code: CodeBadCellRef, cell: "A2"},
		{name: "too_many_rows", data: withRows(`<row r="100001"><c r="A100001"><v>1</v></c></row>`), code: CodeTooManyRows, cell: "A100001"},
		{name: "too_many_columns", data: withRows(`<row r="1"><c r="IW1"><v>1</v></c></row>`), code: CodeTooManyColumns, cell: "IW1"},
		{name: "too_many_columns_formula", data: withRows(`<row r="1"><c r="IW1"><f>1+1</f></c></row>`), code: CodeTooManyColumns, cell: "IW1"},
		{name: "cells_out_of_order", data: withRows(`<row r="1"><c r="C1"><v>1</v></c><c r="A1"><v>2</v></c></row>`), code: CodeCellOrder, cell: "A1"},
		{name: "cells_duplicate", data: withRows(`<row r="1"><c r="A1"><v>1</v></c><c r="A1"><v>2</v></c></row>`), code: CodeCellOrder, cell: "A1"},
		{name: "rows_out_of_order", data: withRows(`<row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>2</v></c></row>`), code: CodeRowOrder},
		{name: "rows_duplicate", data: withRows(`<row r="1"><c r="A1"><v>1</v></c></row><row r="1"><c r="B1"><v>2</v></c></row>`), code: CodeRowOrder},
		{name: "rows_implied_backwards", data: withRows(`<row r="5"></row><row><c r="A3"><v>1</v></c></row>`), code: CodeRowOrder},
		{name: "sst_index_negative", data: withRows(`<row r="1"><c r="C1" t="s"><v>-1</v></c></row>`), code: CodeSharedStringIndex, cell: "C1"},
		{name: "sst_index_past_end", data: withRows(`<row r="1"><c r="A1" t="s"><v>6</v></c></row>`), code: CodeSharedStringIndex, cell: "A1"},
		{name: "sst_index_text", data: withRows(`<row r="1"><c r="A1" t="s"><v>abc</v></c></row>`), code: CodeSharedStringIndex, cell: "A1"},
		{name: "sst_missing", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Remove(sst), hostile.Set(sheet1, sheetHead+`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`+sheetTail))
		}, code: CodeSharedStringIndex, cell: "A1"},
		{name: "far_column_grid", data: farColumnGrid(5000, `<c r="XFD%d"><v>1</v></c>`), code: CodeTooManyColumns, cell: "XFD1"},
		{name: "far_column_grid_styled", data: farColumnGrid(5000, `<c r="XFD%d" s="1"/>`), code: CodeGridTooLarge},
		{name: "grid_small_cap", data: withRows(`<row r="1"><c r="J1"><v>1</v></c></row><row r="2"><c r="J2"><v>1</v></c></row>`),
			lim: Limits{MaxCells: 20}, code: CodeGridTooLarge},
		// 32: parts the workbook refers to.
		{name: "sheet_part_missing", data: func(t testing.TB) []byte { return hostile.Edited(hostile.Remove(sheet1)) }, code: CodeMissingPart, part: sheet1},
		{name: "sheet_rel_missing", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Set("xl/workbook.xml", hostile.WorkbookXML(`name="表1-1" sheetId="1" r:id="rId1"`, `name="表1-4" sheetId="2" r:id="rId9"`)))
		}, code: CodeMissingPart},
		{name: "duplicate_rel_id", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Set("xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
				`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`+
				`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>`+
				`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet3.xml"/></Relationships>`),
				hostile.Set("xl/worksheets/sheet3.xml", sheetHead+`<row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>2</v></c></row>`+sheetTail))
		}, code: CodeCorrupt, part: "xl/_rels/workbook.xml.rels"},
		{name: "workbook_rels_missing", data: func(t testing.TB) []byte { return hostile.Edited(hostile.Remove("xl/_rels/workbook.xml.rels")) }, code: CodeMissingPart},
		{name: "root_rels_missing", data: func(t testing.TB) []byte { return hostile.Edited(hostile.Remove("_rels/.rels")) }, code: CodeMissingPart, part: "_rels/.rels"},
		{name: "workbook_missing", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Set("_rels/.rels", hostile.RelsTo("xl/nothere.xml")))
		},
			code: CodeMissingPart, part: "xl/nothere.xml"},
		{name: "duplicate_sheet_name", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Set("xl/workbook.xml", hostile.WorkbookXML(`name="表1-1" sheetId="1" r:id="rId1"`, `name="表1-1" sheetId="2" r:id="rId4"`)))
		}, code: CodeDuplicateSheet, part: "xl/workbook.xml"},
		// 47: odd raw numerics.
		{name: "nan", data: withRows(`<row r="1"><c r="A1"><v>NaN</v></c></row>`), code: CodeBadNumber, cell: "A1"},
		{name: "inf", data: withRows(`<row r="1"><c r="A1" t="n"><v>-Inf</v></c></row>`), code: CodeBadNumber, cell: "A1"},
		{name: "overflow", data: withRows(`<row r="1"><c r="B1"><f>A1*2</f><v>1e309</v></c></row>`), code: CodeBadNumber, cell: "B1"},
		{name: "hex", data: withRows(`<row r="1"><c r="A1"><v>0x1p3</v></c></row>`), code: CodeBadNumber, cell: "A1"},
		{name: "underscore", data: withRows(`<row r="1"><c r="A1"><v>1_000</v></c></row>`), code: CodeBadNumber, cell: "A1"},
		{name: "thousands_comma", data: withRows(`<row r="1"><c r="A1"><v>1,000</v></c></row>`), code: CodeBadNumber, cell: "A1"},
		{name: "space_padded", data: withRows(`<row r="1"><c r="A1"><v> 1</v></c></row>`), code: CodeBadNumber, cell: "A1"},
		{name: "bad_cell_type", data: withRows(`<row r="1"><c r="A1" t="x"><v>1</v></c></row>`), code: CodeBadCellType, cell: "A1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data(t)
			err := Bytes(data, tt.lim)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Bytes = %v, want *Error %s", err, tt.code)
			}
			if e.Code != tt.code {
				t.Fatalf("Bytes code = %s (%v), want %s", e.Code, err, tt.code)
			}
			if tt.part != "" && e.Part != tt.part {
				t.Errorf("Bytes part = %q, want %q (%v)", e.Part, tt.part, err)
			}
			if tt.cell != "" && e.Cell != tt.cell {
				t.Errorf("Bytes cell = %q, want %q (%v)", e.Cell, tt.cell, err)
			}
			if e.Message == "" || e.Error() == "" {
				t.Errorf("Bytes error has no message: %#v", e)
			}
			t.Logf("%s", err)
		})
	}
}

// wantFinding is what a test checks of a Finding.
type wantFinding struct {
	kind  FindingKind
	sheet string
	cell  string
	row   int
	value string
	more  int
}

// utf16LE is s in UTF-16, little-endian with a byte order mark, as SharePoint writes
// customXml parts.
func utf16LE(s string) string {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return string(b)
}

func TestAccepted(t *testing.T) {
	extLink := func(t testing.TB) []byte {
		return hostile.Edited(
			hostile.Set(sheet1, sheetHead+`<row r="1"><c r="A1"><f>[1]Sheet1!A1</f><v>5</v></c></row>`+sheetTail),
			hostile.Set("xl/externalLinks/externalLink1.xml", `<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/></externalLink>`),
			hostile.Set("xl/externalLinks/_rels/externalLink1.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="file:///C:/预算/2020.xlsx" TargetMode="External"/></Relationships>`))
	}
	var manyFormulas strings.Builder
	for r := 1; r <= 30; r++ {
		fmt.Fprintf(&manyFormulas, `<row r="%d"><c r="A%d"><f>1+1</f></c></row>`, r, r)
	}
	tests := []struct {
		name string
		data func(testing.TB) []byte
		lim  Limits
		want []wantFinding
	}{
		{name: "good", data: fixed(hostile.Good())},
		{name: "bool_cell", data: withRows(`<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>2</v></c></row>`)},
		{name: "numbers", data: withRows(`<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>-1.5</v></c><c r="C1"><v>1E+20</v></c>` +
			`<c r="D1"><v>1.2345678901234501E-2</v></c><c r="E1"><v>.5</v></c><c r="F1"><v>1e-400</v></c><c r="G1"><v></v></c><c r="H1"><v/></c></row>`)},
		{name: "other_types", data: withRows(`<row r="1"><c r="A1" t="str"><v>NaN</v></c><c r="B1" t="d"><v>2020-01-01T00:00:00</v></c>` +
			`<c r="C1" t="inlineStr"><is><r><t>a</t></r><rPh><t>` + strings.Repeat("x", 40000) + `</t></rPh></is></c></row>`)},
		{name: "style_only_far", data: withRows(`<row r="1"><c r="A1"><v>1</v></c><c r="IW1" s="1"/><c r="XFD1" s="1"/></row><row r="200000" s="1" customFormat="1"><c r="A200000" s="1"/></row>`)},
		{name: "rows_without_r", data: withRows(`<row><c><v>1</v></c><c><v>2</v></c></row><row><c r="A3"><v>3</v></c><c><v>4</v></c></row><row/>`)},
		{name: "lowercase_ref", data: withRows(`<row r="1"><c r="a1"><v>1</v></c><c r="b1"><v>2</v></c></row>`)},
		{name: "bom", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Set(sheet1, "\xef\xbb\xbf"+sheetHead+sheetTail))
		}},
		{name: "cell_at_limits", data: withRows(`<row r="100000"><c r="IV100000" t="inlineStr"><is><t>` + strings.Repeat("长", 32767) + `</t></is></c></row>`)},
		{name: "vml_not_xml", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Set("xl/drawings/vmlDrawing1.vml", "<xml><br></xml>"))
		}},
		// Parts nothing reads refuse no file (issue 13 item 7).
		{name: "custom_xml_utf16", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Set("customXml/item1.xml", utf16LE(`<?xml version="1.0" encoding="UTF-16" standalone="no"?><b:Sources xmlns:b="http://schemas.openxmlformats.org/officeDocument/2006/bibliography" SelectedStyle="\APASixthEditionOfficeOnline.xsl"/>`)))
		}},
		{name: "deep_other_part", data: func(t testing.TB) []byte { return hostile.Edited(hostile.Set("docProps/app.xml", hostile.Deep(200))) }},
		{name: "bad_xml_other_part", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Set("xl/comments1.xml", "<comments><a></comments>\x01"))
		}},
		// Issue 13 item 9: what Excel reads is valid.
		{name: "empty_shared_string_index", data: withRows(`<row r="1"><c r="A1" t="s"><v/></c><c r="B1" t="s"><v></v></c></row>`)},
		{name: "large_strings", data: func(t testing.TB) []byte {
			var sis strings.Builder
			for i := range 300 {
				sis.WriteString("<si><t>" + strings.Repeat(string(rune('a'+i%26)), 32767) + "</t></si>")
			}
			return hostile.Edited(hostile.Set(sst, hostile.SSTXML(sis.String())))
		}},
		{name: "sheets_1024", data: func(t testing.TB) []byte {
			f := excelize.NewFile()
			defer f.Close()
			for i := 2; i <= 1024; i++ {
				if _, err := f.NewSheet(fmt.Sprintf("Sheet%d", i)); err != nil {
					t.Fatal(err)
				}
			}
			buf, err := f.WriteToBuffer()
			if err != nil {
				t.Fatal(err)
			}
			return buf.Bytes()
		}},
		{name: "hidden_sheet", data: func(t testing.TB) []byte {
			return hostile.Edited(hostile.Set("xl/workbook.xml", hostile.WorkbookXML(`name="表1-1" sheetId="1" r:id="rId1"`, `name="表1-4" sheetId="2" state="hidden" r:id="rId4"`)))
		}, want: []wantFinding{{kind: FindingHiddenSheet, sheet: "表1-4", value: "hidden"}}},
		{name: "hidden_row", data: withRows(`<row r="2" hidden="1"></row><row r="3" hidden="1"><c r="B3"><v>5</v></c></row><row r="4" hidden="true"><c r="A4" s="1"/></row>`),
			want: []wantFinding{{kind: FindingHiddenRow, sheet: "表1-1", row: 3}}},
		{name: "no_cached_value", data: withRows(`<row r="4"><c r="B4"><f>B2-B3</f></c></row>`),
			want: []wantFinding{{kind: FindingNoCachedValue, sheet: "表1-1", cell: "B4"}}},
		{name: "error_values", data: withRows(`<row r="1"><c r="C1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D1" t="e"><v>#REF!</v></c></row>`),
			want: []wantFinding{{kind: FindingErrorValue, sheet: "表1-1", cell: "C1", value: "#DIV/0!"}, {kind: FindingErrorValue, sheet: "表1-1", cell: "D1", value: "#REF!"}}},
		{name: "external_link", data: extLink,
			want: []wantFinding{{kind: FindingExternalLink, value: "file:///C:/预算/2020.xlsx"}}},
		{name: "many_no_cached_values", data: withRows(manyFormulas.String()), want: func() []wantFinding {
			var w []wantFinding
			for r := 1; r <= maxListed; r++ {
				w = append(w, wantFinding{kind: FindingNoCachedValue, sheet: "表1-1", cell: fmt.Sprintf("A%d", r)})
			}
			w[maxListed-1].more = 30 - maxListed
			return w
		}()},
		{name: "excelize_formula_without_value", data: func(t testing.TB) []byte {
			f := excelize.NewFile()
			defer f.Close()
			if err := f.SetCellFormula("Sheet1", "A1", "1+1"); err != nil {
				t.Fatal(err)
			}
			buf, err := f.WriteToBuffer()
			if err != nil {
				t.Fatal(err)
			}
			return buf.Bytes()
		}, want: []wantFinding{{kind: FindingNoCachedValue, sheet: "Sheet1", cell: "A1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := InspectBytes(tt.data(t), tt.lim)
			if err != nil {
				t.Fatalf("InspectBytes = %v, want no error", err)
			}
			var got []wantFinding
			for _, f := range rep.Findings {
				got = append(got, wantFinding{f.Kind, f.Sheet, f.Cell, f.Row, f.Value, f.More})
				if f.String() == "" {
					t.Errorf("finding %+v has no text", f)
				}
				t.Log(f)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("findings = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestSheets(t *testing.T) {
	rep, err := InspectBytes(hostile.Good(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Sheet{{Name: "表1-1", Part: "xl/worksheets/sheet1.xml"}, {Name: "表1-4", Part: "xl/worksheets/sheet2.xml"}}
	if fmt.Sprint(rep.Sheets) != fmt.Sprint(want) {
		t.Errorf("Sheets = %v, want %v", rep.Sheets, want)
	}
}

func TestFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.xlsx")
	if err := os.WriteFile(good, hostile.Good(), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.xlsx")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	xls := filepath.Join(dir, "old.xlsx")
	if err := os.WriteFile(xls, hostile.CompoundFile("Workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := File(good, Limits{}); err != nil {
		t.Errorf("File(good) = %v, want nil", err)
	}
	for _, tt := range []struct {
		name, path string
		code       Code
	}{
		{"empty", empty, CodeEmpty},
		{"xls", xls, CodeLegacyXLS},
		{"missing", filepath.Join(dir, "nothere.xlsx"), CodeUnreadable},
		{"directory", dir, CodeUnreadable},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var e *Error
			if err := File(tt.path, Limits{}); !errors.As(err, &e) || e.Code != tt.code {
				t.Errorf("File(%s) = %v, want code %s", tt.name, err, tt.code)
			}
		})
	}
}

// TestGigabyteBomb runs with the default limits: about 1 GiB of zeros deflated to about
// 1 MB must be refused after inflating no more than a cap's worth, with little memory and
// no temporary file, whatever size the header claims.
func TestGigabyteBomb(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where a temporary file would go
	const media = "xl/media/image1.png"
	zeros := string(make([]byte, 1<<20))
	for _, tt := range []struct {
		name  string
		part  string
		chunk string
		times int
		claim uint64 // size the header claims; 0: the true size
		code  Code
	}{
		{"media_claims_true_size", media, zeros, 1024, 0, CodeZipBomb},
		{"media_claims_1mib", media, zeros, 1024, 1 << 20, CodeCorrupt},
		{"media_claims_63mib", media, zeros, 1024, 63 << 20, CodeCorrupt},
		{"media_48mib_ratio", media, zeros, 48, 0, CodeZipBomb},
		{"sheet_claims_true_size", sheet1, strings.Repeat("<x/>", 1<<18), 1024, 0, CodeZipBomb},
		{"sst_claims_true_size", sst, strings.Repeat("<si/>", 1<<18), 819, 0, CodeZipBomb},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := hostile.RepeatedDeflate([]byte(tt.chunk), tt.times)
			if tt.claim != 0 {
				r.Size = tt.claim
			}
			data := hostile.Edited(func(parts []hostile.Part) []hostile.Part {
				return append(parts, hostile.Part{Name: tt.part, Raw: &r})
			}, func(parts []hostile.Part) []hostile.Part { // drop the original of the part
				for i, p := range parts {
					if p.Name == tt.part && p.Raw == nil {
						return append(parts[:i], parts[i+1:]...)
					}
				}
				return parts
			})
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			err := Bytes(data, Limits{})
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			var e *Error
			if !errors.As(err, &e) || e.Code != tt.code || e.Part != tt.part {
				t.Fatalf("Bytes = %v, want %s in %s", err, tt.code, tt.part)
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d KB zip inflating to %d MB refused in %v, %d KB allocated: %v",
				len(data)>>10, uint64(len(tt.chunk))*uint64(tt.times)>>20, elapsed, alloc>>10, err)
			if alloc > 16<<20 {
				t.Errorf("Bytes allocated %d MB, want at most 16 MB", alloc>>20)
			}
		})
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// endless is an entry that inflates to zeros forever, counting what was pulled from it.
type endless struct{ pulled int64 }

func (e *endless) Read(p []byte) (int, error) {
	clear(p)
	e.pulled += int64(len(p))
	return len(p), nil
}

func (e *endless) Close() error { return nil }

// TestEntryReaderCaps checks the counting reader on its own, with no header to trust:
// reading stops as soon as a cap is crossed.
func TestEntryReaderCaps(t *testing.T) {
	lim := Limits{MaxEntryBytes: 8 << 20, MaxTotalBytes: 16 << 20}.WithDefaults()
	for _, tt := range []struct {
		name       string
		compressed int64
		totalSoFar int64 // inflated from earlier entries
		stopAt     int64 // the cap that must stop it
	}{
		{"entry_cap", 1 << 30, 0, lim.MaxEntryBytes},
		{"total_cap", 1 << 30, 12 << 20, 4 << 20},
		{"ratio", 1 << 10, 0, lim.ratioFloor()},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := &endless{}
			r := &entryReader{b: &budget{lim: &lim, total: tt.totalSoFar}, part: "p", rc: src, compressed: tt.compressed}
			_, err := io.Copy(io.Discard, r)
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeZipBomb {
				t.Fatalf("read = %v, want %s", err, CodeZipBomb)
			}
			if slack := src.pulled - tt.stopAt; slack < 0 || slack > 64<<10 {
				t.Errorf("pulled %d bytes, want just over %d", src.pulled, tt.stopAt)
			}
		})
	}
}

func BenchmarkGoodWorkbook(b *testing.B) {
	data := hostile.Good()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if err := Bytes(data, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLargeSheet inspects one sheet of 10,000 rows × 20 numbers.
func BenchmarkLargeSheet(b *testing.B) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	for r := 1; r <= 10000; r++ {
		row := make([]any, 20)
		for i := range row {
			row[i] = float64(r*i) / 7
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", r), row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if err := Bytes(buf.Bytes(), Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGigabyteBomb(b *testing.B) {
	data := hostile.Edited(hostile.Bomb("xl/media/image1.png", string(make([]byte, 1<<20)), 1024))
	b.ReportAllocs()
	for b.Loop() {
		if err := Bytes(data, Limits{}); err == nil {
			b.Fatal("bomb accepted")
		}
	}
}
