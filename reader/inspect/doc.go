// Package inspect checks that a file is a safe, well-formed xlsx workbook, and keeps what its sheets hold for the reader.
//
// Submissions come from hundreds of departments: files are truncated, renamed, resaved by other
// programs, or crafted. excelize reads many of these without an error and returns wrong numbers
// (a damaged sheet yields a few rows, an out-of-order cell lands in the wrong column), or takes
// gigabytes of memory (zip bombs, far-column grids). inspect runs first, reads the zip itself
// with archive/zip and streams every entry to its end through counting readers, so each check is
// on the bytes actually inflated and never on the sizes the headers claim. It creates no
// temporary files and its memory does not grow with the size of a part.
//
// A refused file yields one *Error: a stable Code for programs and a Chinese Message for the
// finance officer that says what to do. Things the reader should warn about but that do not make
// the file unusable (hidden sheets, formulas without cached values, external links, …) are
// returned as Findings in a Report.
//
// Inspection keeps no state between calls: it is safe for concurrent use by a pool of workers.
//
// Passing inspection means the workbook is a well-formed xlsx within the Limits; it does not
// mean it holds the expected tables. Read also keeps what the worksheets hold within a Grid,
// which is all the reader reads: nothing opens the file a second time.
package inspect
