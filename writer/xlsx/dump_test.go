package xlsx

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
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

// dump renders a workbook as text, sheet by sheet: merged ranges; column widths; custom row
// heights; one line per cell that has a value or a style, in row then column order —
// `sheet!cell = value [format] s#N` (formulas as `(=FORMULA)`), `sheet!cell s#N` for a
// styled empty cell; then the sheet's view, panes, properties and print setup. Then the
// workbook: defined names, document properties, and the legend of the styles, each
// `style#N = {…}` with every field that is not zero, numbered in order of first use.
//
// Cells are looked for in the rectangle that holds every value, merged range, custom
// height and column width; this package writes no styled cell outside it.
func dump(t *testing.T, data []byte) string {
	t.Helper()
	f := open(t, data)
	var out strings.Builder
	styles := &styleLegend{f: f, t: t, ids: map[string]int{}}
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&out, "# %s\n", sheet)
		dumpSheet(t, f, sheet, styles, &out)
	}
	var names []string
	for _, dn := range f.GetDefinedName() {
		names = append(names, fmt.Sprintf("defined %s (%s) = %s", dn.Name, dn.Scope, dn.RefersTo))
	}
	slices.Sort(names)
	for _, n := range names {
		out.WriteString(n + "\n")
	}
	fmt.Fprintf(&out, "active sheet %d\n", f.GetActiveSheetIndex())
	docProps, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&out, "doc props %s\n", compact(reflect.ValueOf(docProps)))
	appProps, err := f.GetAppProps()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&out, "app props %s\n", compact(reflect.ValueOf(appProps)))
	for i, s := range styles.list {
		fmt.Fprintf(&out, "style#%d = %s\n", i+1, s)
	}
	return out.String()
}

// dumpSheet writes one sheet's part of dump.
func dumpSheet(t *testing.T, f *excelize.File, sheet string, styles *styleLegend, out *strings.Builder) {
	t.Helper()
	merges, err := f.GetMergeCells(sheet, true)
	if err != nil {
		t.Fatal(err)
	}
	var ms []string
	lastCol, lastRow := 0, 0
	for _, m := range merges {
		ms = append(ms, m.GetStartAxis()+":"+m.GetEndAxis())
		c, r, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
		lastCol, lastRow = max(lastCol, c), max(lastRow, r)
	}
	slices.SortFunc(ms, compareRange)
	for _, m := range ms {
		fmt.Fprintf(out, "%s!%s merged\n", sheet, m)
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	lastRow = max(lastRow, len(rows))
	for _, row := range rows {
		lastCol = max(lastCol, len(row))
	}
	lastRow = dumpLayout(t, f, sheet, lastCol, lastRow, out)

	for r := 1; r <= lastRow; r++ {
		for c := 1; c <= lastCol; c++ {
			v := ""
			if r <= len(rows) && c <= len(rows[r-1]) {
				v = rows[r-1][c-1]
			}
			dumpCell(t, f, sheet, c, r, v, styles, out)
		}
	}

	view, err := f.GetSheetView(sheet, 0)
	if err != nil {
		t.Fatal(err)
	}
	panes, err := f.GetPanes(sheet)
	if err != nil {
		t.Fatal(err)
	}
	props, err := f.GetSheetProps(sheet)
	if err != nil {
		t.Fatal(err)
	}
	layout, err := f.GetPageLayout(sheet)
	if err != nil {
		t.Fatal(err)
	}
	margins, err := f.GetPageMargins(sheet)
	if err != nil {
		t.Fatal(err)
	}
	hf, err := f.GetHeaderFooter(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		name string
		v    any
	}{{"view", view}, {"panes", panes}, {"sheet props", props}, {"page layout", layout}, {"margins", margins}, {"header/footer", hf}} {
		fmt.Fprintf(out, "%s %s %s\n", sheet, p.name, compact(reflect.ValueOf(p.v)))
	}
}

// dumpLayout writes the widths of columns 1 … lastCol and the heights of the rows whose
// height is not the default; it returns lastRow raised to the last such row.
func dumpLayout(t *testing.T, f *excelize.File, sheet string, lastCol, lastRow int, out *strings.Builder) int {
	t.Helper()
	var ws []string
	for c := 1; c <= lastCol; c++ {
		name, _ := excelize.ColumnNumberToName(c)
		w, err := f.GetColWidth(sheet, name)
		if err != nil {
			t.Fatal(err)
		}
		ws = append(ws, fmt.Sprintf("%s=%g", name, w))
	}
	fmt.Fprintf(out, "%s widths %s\n", sheet, strings.Join(ws, " "))
	props, err := f.GetSheetProps(sheet)
	if err != nil {
		t.Fatal(err)
	}
	def := 15.0
	if props.DefaultRowHeight != nil {
		def = *props.DefaultRowHeight
	}
	var hs []string
	// Rows past the last cell may still carry a height; look a little further.
	for r := 1; r <= lastRow+10; r++ {
		h, err := f.GetRowHeight(sheet, r)
		if err != nil {
			t.Fatal(err)
		}
		if h != def {
			hs = append(hs, fmt.Sprintf("%d=%g", r, h))
			lastRow = max(lastRow, r)
		}
	}
	fmt.Fprintf(out, "%s heights %s\n", sheet, strings.Join(hs, " "))
	return lastRow
}

// dumpCell writes the line of one cell, if it has a value, a formula or a style.
func dumpCell(t *testing.T, f *excelize.File, sheet string, c, r int, v string, styles *styleLegend, out *strings.Builder) {
	t.Helper()
	ref, _ := excelize.CoordinatesToCellName(c, r)
	formula, _ := f.GetCellFormula(sheet, ref)
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	if v == "" && formula == "" {
		if id != 0 {
			fmt.Fprintf(out, "%s!%s s#%d\n", sheet, ref, styles.number(id))
		}
		return
	}
	line := fmt.Sprintf("%s!%s = %s", sheet, ref, strings.ReplaceAll(v, "\n", `\n`))
	if formula != "" {
		line += " (=" + formula + ")"
	}
	if format := numberFormat(t, f, sheet, ref); format != "" {
		line += " [" + format + "]"
	}
	if id != 0 {
		line += fmt.Sprintf(" s#%d", styles.number(id))
	}
	out.WriteString(line + "\n")
}

// styleLegend numbers the distinct resolved styles in order of first use, so that the dump
// names a style by what it looks like, not by its id in styles.xml.
type styleLegend struct {
	f    *excelize.File
	t    *testing.T
	ids  map[string]int // compact style → number
	list []string
}

func (l *styleLegend) number(id int) int {
	l.t.Helper()
	st, err := l.f.GetStyle(id)
	if err != nil {
		l.t.Fatal(err)
	}
	s := compact(reflect.ValueOf(st))
	if n, ok := l.ids[s]; ok {
		return n
	}
	l.list = append(l.list, s)
	l.ids[s] = len(l.list)
	return len(l.list)
}

// compact renders v with its non-zero fields only, pointers followed: {Font:{Bold:true …} …}.
func compact(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "nil"
		}
		return compact(v.Elem())
	case reflect.Struct:
		var fields []string
		for i := 0; i < v.NumField(); i++ {
			fv := v.Field(i)
			if !v.Type().Field(i).IsExported() || fv.IsZero() {
				continue
			}
			fields = append(fields, v.Type().Field(i).Name+":"+compact(fv))
		}
		return "{" + strings.Join(fields, " ") + "}"
	case reflect.Slice, reflect.Array:
		var items []string
		for i := 0; i < v.Len(); i++ {
			items = append(items, compact(v.Index(i)))
		}
		return "[" + strings.Join(items, " ") + "]"
	case reflect.String:
		return strconv.Quote(v.String())
	}
	return fmt.Sprint(v.Interface())
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
