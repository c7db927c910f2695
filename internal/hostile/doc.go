// Package hostile builds, in code, every input file of the hostile-input catalogue
// (shared/reference/hostile-inputs.md, cases 1–48): a good workbook saved by excelize, then its
// zip entries edited (or other bytes made) for each case. Tests of the gatekeeper
// (reader/inspect), the reader and the CLI share these builders so that a reader of a test can
// see what is in each file, and no hostile binary is kept in the repository.
//
// Zip bombs are built as repeated deflate segments (see Deflated): a gigabyte-class bomb
// costs about a megabyte of memory to build and none on disk.
//
// The builders panic only on a bug in this package: every input they work on is constant.
// The package is for tests; nothing in selfeval's binary imports it.
package hostile
