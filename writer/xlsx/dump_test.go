package xlsx

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// builtinFormats names the built-in number formats this package uses.
var builtinFormats = map[int]string{
	numFmtScore: "0.00", numFmtCount: "#,##0", numFmtAmount: "#,##0.00", numFmtPercent: "0.00%",
}

// open reopens a written workbook.
func open(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// dump renders a workbook as text, one line per non-empty cell in sheet order, then row and
// column order: `sheet!cell = value [format]`; formulas as `= =FORMULA`; merged ranges,
// print titles and frozen panes as their own lines.
func dump(t *testing.T, data []byte) string {
	t.Helper()
	f := open(t, data)
	var out strings.Builder
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&out, "# %s\n", sheet)
		merges, err := f.GetMergeCells(sheet, true)
		if err != nil {
			t.Fatal(err)
		}
		var ms []string
		for _, m := range merges {
			ms = append(ms, m.GetStartAxis()+":"+m.GetEndAxis())
		}
		slices.SortFunc(ms, compareRange)
		for _, m := range ms {
			fmt.Fprintf(&out, "%s!%s merged\n", sheet, m)
		}
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				formula, _ := f.GetCellFormula(sheet, ref)
				if v == "" && formula == "" {
					continue
				}
				line := fmt.Sprintf("%s!%s = %s", sheet, ref, strings.ReplaceAll(v, "\n", `\n`))
				if formula != "" {
					line += " (=" + formula + ")"
				}
				if format := numberFormat(t, f, sheet, ref); format != "" {
					line += " [" + format + "]"
				}
				out.WriteString(line + "\n")
			}
		}
	}
	var names []string
	for _, dn := range f.GetDefinedName() {
		names = append(names, fmt.Sprintf("defined %s (%s) = %s", dn.Name, dn.Scope, dn.RefersTo))
	}
	slices.Sort(names)
	for _, n := range names {
		out.WriteString(n + "\n")
	}
	return out.String()
}

// compareRange orders A1-style ranges by their first cell's row, then column.
func compareRange(a, b string) int {
	ca, ra, _ := excelize.CellNameToCoordinates(strings.Split(a, ":")[0])
	cb, rb, _ := excelize.CellNameToCoordinates(strings.Split(b, ":")[0])
	if ra != rb {
		return ra - rb
	}
	return ca - cb
}

// numberFormat is the cell's number format code, or "" for General.
func numberFormat(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	if st.NumFmt == 0 {
		return ""
	}
	if s, ok := builtinFormats[st.NumFmt]; ok {
		return s
	}
	return fmt.Sprintf("numFmt %d", st.NumFmt)
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the written workbook; diff:\n%s", path, lineDiff(string(want), got))
	}
}

// lineDiff lists the lines only in want (-) or only in got (+), in order.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	inW, inG := map[string]int{}, map[string]int{}
	for _, l := range w {
		inW[l]++
	}
	for _, l := range g {
		inG[l]++
	}
	var out strings.Builder
	for _, l := range w {
		if inG[l] == 0 {
			fmt.Fprintf(&out, "- %s\n", l)
		}
	}
	for _, l := range g {
		if inW[l] == 0 {
			fmt.Fprintf(&out, "+ %s\n", l)
		}
	}
	return out.String()
}
