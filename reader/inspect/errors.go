package inspect

import "strings"

// Code identifies why a file was refused. Codes are stable: programs and tests compare them,
// never the Chinese messages.
type Code string

// What the file really is, when it is not an xlsx workbook.
const (
	CodeEmpty       Code = "empty"        // 0 bytes
	CodeUnreadable  Code = "unreadable"   // cannot be opened or read, or is not a regular file
	CodeText        Code = "text"         // CSV or other plain text
	CodeHTML        Code = "html"         // web page (also Excel's "single file web page", .mht)
	CodeXML         Code = "xml"          // a bare XML file, e.g. an Excel 2003 XML spreadsheet
	CodePDF         Code = "pdf"          // PDF document
	CodeImage       Code = "image"        // PNG, JPEG, GIF, BMP, TIFF or WebP picture
	CodeArchive     Code = "archive"      // RAR, 7z, gzip or bzip2 archive
	CodeLegacyXLS   Code = "legacy_xls"   // Excel 97-2003 (.xls, BIFF) workbook
	CodeLegacyDOC   Code = "legacy_doc"   // Word 97-2003 (.doc) document
	CodeEncrypted   Code = "encrypted"    // password-protected workbook (or encrypted zip entries)
	CodeOLE         Code = "ole"          // other OLE compound file
	CodeNotZip      Code = "not_zip"      // unrecognised binary data
	CodeDamagedZip  Code = "damaged_zip"  // starts like a zip but its directory cannot be read (truncated)
	CodeODS         Code = "ods"          // OpenDocument spreadsheet
	CodeDOCX        Code = "docx"         // Word document
	CodePPTX        Code = "pptx"         // PowerPoint presentation
	CodeXLSB        Code = "xlsb"         // Excel binary workbook
	CodeNotWorkbook Code = "not_workbook" // some other zip without a workbook
)

// Problems of the zip container.
const (
	CodeTooLarge       Code = "too_large"        // file larger than Limits.MaxFileBytes
	CodeTooManyEntries Code = "too_many_entries" // more than Limits.MaxEntries entries (or sheets)
	CodeDuplicateEntry Code = "duplicate_entry"  // two entries with the same name
	CodeBadEntryName   Code = "bad_entry_name"   // absolute or "..", or NUL in an entry name
	CodeZipBomb        Code = "zip_bomb"         // inflates beyond an entry, total or ratio cap
	CodeCorrupt        Code = "corrupt"          // bad CRC, bad deflate data, sizes that lie
	CodeMissingPart    Code = "missing_part"     // a part the workbook refers to is not there
)

// Problems of any XML part.
const (
	CodeDoctype  Code = "doctype"   // a DOCTYPE or other <!...> declaration
	CodeXMLDepth Code = "xml_depth" // elements nested deeper than Limits.MaxXMLDepth
	CodeBadText  Code = "bad_text"  // invalid UTF-8 or a control character
	CodeBadXML   Code = "bad_xml"   // not well-formed XML, or declared in another encoding
	CodeLongText Code = "long_text" // a run of text far longer than any cell can hold
)

// Problems of the workbook's content.
const (
	CodeDuplicateSheet    Code = "duplicate_sheet"     // two sheets with the same name
	CodeTooManyStrings    Code = "too_many_strings"    // more than Limits.MaxSharedStrings
	CodeCellTooLong       Code = "cell_too_long"       // a value longer than Limits.MaxCellChars
	CodeRowRange          Code = "row_range"           // row number outside 1..1048576
	CodeTooManyRows       Code = "too_many_rows"       // a value in a row past Limits.MaxRows
	CodeColumnRange       Code = "column_range"        // column beyond XFD
	CodeTooManyColumns    Code = "too_many_columns"    // a value in a column past Limits.MaxColumns
	CodeGridTooLarge      Code = "grid_too_large"      // more than Limits.MaxCells
	CodeRowOrder          Code = "row_order"           // rows out of order or repeated
	CodeCellOrder         Code = "cell_order"          // cells out of order or repeated in a row
	CodeBadCellRef        Code = "bad_cell_ref"        // a cell reference that is not A1 style, or off its row
	CodeBadCellType       Code = "bad_cell_type"       // t= attribute that is not a cell type
	CodeSharedStringIndex Code = "shared_string_index" // t="s" value that is not a string index
	CodeBadNumber         Code = "bad_number"          // NaN, Inf, 1e309, hex, … in a numeric cell
	CodeTooManyMerges     Code = "too_many_merges"     // more than Limits.MaxMergedRanges merged ranges
)

// Error is one reason a file is refused. Message is Chinese, for finance officers, and says
// what to do; Error() adds the sheet and cell (or the part) in front of it.
type Error struct {
	Code    Code   // stable machine code
	Part    string // zip part, e.g. "xl/worksheets/sheet1.xml", when there is one
	Sheet   string // sheet name, when the part is a listed sheet
	Cell    string // e.g. "C9", when there is one
	Message string // Chinese, without the location
	Err     error  // underlying cause, for Unwrap
}

// Error returns the Chinese message preceded by where the problem is, e.g.
// `表1-4!C9 数值 "NaN" 无效…`, `工作表「表1-4」行号 "0" 无效…` or
// `xl/sharedStrings.xml 含有无效的字符…`.
func (e *Error) Error() string {
	var b strings.Builder
	switch {
	case e.Sheet != "" && e.Cell != "":
		b.WriteString(e.Sheet + "!" + e.Cell + " ")
	case e.Sheet != "":
		b.WriteString("工作表「" + e.Sheet + "」")
	case e.Part != "" && e.Cell != "":
		b.WriteString(e.Part + " " + e.Cell + " ")
	case e.Part != "":
		b.WriteString(e.Part + " ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.Err }
