package inspect

import (
	"testing"

	"selfeval/internal/hostile"
)

// The fixtures are built in code by internal/hostile, which the reader's and the CLI's tests
// share: a good workbook saved by excelize, then its zip entries edited to make each hostile
// case. These names keep the tables here short.
const (
	sheet1    = hostile.Sheet1
	sst       = hostile.SST
	sheetHead = hostile.SheetHead
	sheetTail = hostile.SheetTail
)

// fixed returns a fixture that is already built.
func fixed(b []byte) func(testing.TB) []byte { return func(testing.TB) []byte { return b } }

// withRows is the good workbook with sheet 1 (表1-1) holding rows instead, built when the
// subtest runs.
func withRows(rows string) func(testing.TB) []byte {
	return func(testing.TB) []byte { return hostile.WithRows(rows) }
}
