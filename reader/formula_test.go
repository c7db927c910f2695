package reader

import (
	"context"
	"errors"
	"testing"

	"selfeval/reader/inspect"
)

// formulaSheets builds a sheet 数 holding numbers in A1:B3 and text in C1, and a sheet 算 whose A1
// holds formula without a cached value, computes it and returns 算.
func formulaSheets(t testing.TB, formula string) *sheet {
	t.Helper()
	num := &inspect.Content{Worksheet: true, Rows: 3, Cols: 3, HiddenRows: make([]bool, 3), HiddenCols: make([]bool, 3)}
	for i, v := range []string{"1.5", "2", "-3", "4", "0.25", "100"} {
		num.Cells = append(num.Cells, inspect.Cell{Row: i / 2, Col: i % 2, Value: v, Cached: true})
	}
	num.Cells = append(num.Cells, inspect.Cell{Row: 0, Col: 2, Type: "s", Value: "文本", Cached: true})
	calcSheet := &inspect.Content{Worksheet: true, Rows: 1, Cols: 1, HiddenRows: make([]bool, 1), HiddenCols: make([]bool, 1),
		Cells: []inspect.Cell{{Formula: formula}}}
	lim := readLimits{rows: DefaultMaxRows, cols: DefaultMaxCols, cells: maxWorkbookCells}
	budget := lim.cells
	a, err := newSheet("数", false, num, lim, &budget)
	if err != nil {
		t.Fatal(err)
	}
	b, err := newSheet("算", false, calcSheet, lim, &budget)
	if err != nil {
		t.Fatal(err)
	}
	if err := computeFormulas(context.Background(), []*sheet{a, b}); err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFormulaValues(t *testing.T) {
	for _, tt := range []struct{ formula, want string }{
		{"SUM(数!A1:B3)", "104.75"},
		{"数!A1*数!B1-数!A2/4", "3.75"},
		{"SUM(数!A:A)+SUM(数!1:1)", "2.25"},
		{"-(1+2)*3^2", "-27"},
		{"ROUND(2.345,2)+ROUND(-2.345,2)", "0"},
		{"MAX(数!A1:B3,200)-MIN(数!A1:C3)", "203"},
		{"SUM(数!C1)", "0"}, // text in a reference is skipped
		{"10%", "0.1"},
		{"1/3*3", "1"}, // 0.999…9 (20 places), read as Excel shows it: 15 significant digits
	} {
		sh := formulaSheets(t, tt.formula)
		got, err := parseRaw(sh.at(0, 0))
		if ferr := sh.meta.formulaErr(sh, 0, 0); ferr != nil || err != nil || got.String() != tt.want {
			t.Errorf("=%s = %q (%v, %v); want %s", tt.formula, sh.at(0, 0), ferr, err, tt.want)
		}
	}
}

// FuzzFormula: any formula text computes or fails with ErrFormula; nothing panics or hangs.
func FuzzFormula(f *testing.F) {
	for _, s := range append(libreOfficeFormulas, "A1", "'数'!$A$1:B$2", "SUM(", "((((1))))", "1e999", "数!XFD1048576", `"a""b"`, "_xlfn.SUM(1)") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, formula string) {
		sh := formulaSheets(t, formula)
		if err := sh.meta.formulaErr(sh, 0, 0); err != nil && !errors.Is(err, ErrFormula) {
			t.Fatalf("=%s: %v, not ErrFormula", formula, err)
		}
	})
}
