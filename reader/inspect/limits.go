package inspect

// Limits bounds what a submission may contain. The zero value means the defaults below; so does
// a zero or negative field.
//
// The defaults are generous for a department's budget workbook (a few sheets, a few thousand
// rows) and small enough that a batch of workers can each hold one workbook in excelize.
type Limits struct {
	// MaxFileBytes is the size of the file on disk. Default 64 MiB.
	MaxFileBytes int64
	// MaxEntryBytes is the inflated size of one zip entry. Default 64 MiB.
	MaxEntryBytes int64
	// MaxTotalBytes is the inflated size of all entries together. Default 256 MiB.
	MaxTotalBytes int64
	// MaxRatio is the inflated/compressed ratio allowed for an entry once it has inflated past
	// 16 MiB (or a quarter of MaxEntryBytes); smaller entries are exempt, as small parts and
	// long repeated texts compress unevenly. Default 100 (Apache POI's default too).
	MaxRatio int64
	// MaxEntries is the number of entries in the zip, and so of sheets. Default 10,000: a
	// workbook of 1,024 sheets is valid (Apache POI's and SheetJS's tests hold one), and an entry
	// costs archive/zip a few hundred bytes.
	MaxEntries int
	// MaxXMLDepth is the nesting depth of elements in any XML part. Default 128.
	MaxXMLDepth int
	// MaxRows is the highest row number that may hold a value. Default 100000. A row number
	// above Excel's 1048576 (or below 1) is an error whatever this limit is.
	MaxRows int
	// MaxColumns is the highest column (1-based, A = 1) that may hold a value. Default 256
	// (column IV). Style-only cells beyond it are fine; MaxCells bounds those.
	MaxColumns int
	// MaxCells bounds the cells excelize allocates when it loads the worksheets: excelize pads
	// every row with cells up to the last cell the row holds (a style-only cell counts) and
	// allocates every row up to the last row, about 190 bytes each. The count is, over all
	// sheets, the highest row number plus, for each row, its highest column holding any cell.
	// Default 2,000,000 (about 400 MB inside excelize). This is what stops the "5,000 rows with
	// one cell in column XFD" file that makes excelize abort with an out-of-memory error.
	MaxCells int64
	// MaxSharedStrings is the number of entries in the shared strings table. Default 1,000,000.
	MaxSharedStrings int
	// MaxMergedRanges is the number of merged ranges over all sheets. Default 10,000: a
	// budget workbook has a few dozen; tens of thousands make other programs slow (excelize's
	// GetMergeCells is quadratic) and are the mark of a generated or damaged file.
	MaxMergedRanges int
	// MaxCellChars is the length of one cell value or shared string, in UTF-16 code units as
	// Excel counts them. Default 32767, Excel's own limit.
	MaxCellChars int
}

// Default limits; see the fields of Limits.
const (
	DefaultMaxFileBytes     = 64 << 20
	DefaultMaxEntryBytes    = 64 << 20
	DefaultMaxTotalBytes    = 256 << 20
	DefaultMaxRatio         = 100
	DefaultMaxEntries       = 10000
	DefaultMaxXMLDepth      = 128
	DefaultMaxRows          = 100000
	DefaultMaxColumns       = 256
	DefaultMaxCells         = 2000000
	DefaultMaxSharedStrings = 1000000
	DefaultMaxCellChars     = 32767
	DefaultMaxMergedRanges  = 10000
)

// Excel's own bounds of a worksheet, whatever the limits.
const (
	excelMaxRows    = 1048576
	excelMaxColumns = 16384 // XFD
)

// ratioFloor is the inflated size below which an entry's compression ratio is not checked:
// 16 MiB, or a quarter of MaxEntryBytes when that is less. Long legitimate strings (SheetJS's
// large_strings.xlsx: texts of thousands of repeated characters) compress far more than 100
// times; below the floor the entry and total caps bound what a bomb costs anyway.
func (l Limits) ratioFloor() int64 { return min(16<<20, l.MaxEntryBytes/4) }

// WithDefaults returns l with every zero or negative field set to its default. Use it to
// configure excelize with the same bounds the file was inspected with.
func (l Limits) WithDefaults() Limits {
	def64 := func(v *int64, d int64) {
		if *v <= 0 {
			*v = d
		}
	}
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def64(&l.MaxFileBytes, DefaultMaxFileBytes)
	def64(&l.MaxEntryBytes, DefaultMaxEntryBytes)
	def64(&l.MaxTotalBytes, DefaultMaxTotalBytes)
	def64(&l.MaxRatio, DefaultMaxRatio)
	def(&l.MaxEntries, DefaultMaxEntries)
	def(&l.MaxXMLDepth, DefaultMaxXMLDepth)
	def(&l.MaxRows, DefaultMaxRows)
	def(&l.MaxColumns, DefaultMaxColumns)
	def64(&l.MaxCells, DefaultMaxCells)
	def(&l.MaxSharedStrings, DefaultMaxSharedStrings)
	def(&l.MaxCellChars, DefaultMaxCellChars)
	def(&l.MaxMergedRanges, DefaultMaxMergedRanges)
	return l
}

// maxRun is the longest run of bytes without a '<' allowed in a worksheet or the shared
// strings. The longest legitimate run is a cell's text: MaxCellChars characters, each at most
// ten bytes once escaped ("&#x10FFFF;"). Bounding the run bounds what the XML scanner buffers for
// one token, so a 50 MB cell or a gigabyte of whitespace costs no more memory than a long cell.
func (l Limits) maxRun() int64 {
	return max(64<<10, 10*int64(l.MaxCellChars)+4096)
}
