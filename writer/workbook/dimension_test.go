package workbook_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"selfeval/calc"
	"selfeval/fixture"
	"selfeval/templates"
	"selfeval/writer/submission"
	"selfeval/writer/xlsx"
)

// written is every kind of workbook selfeval writes, by file name.
func written(t *testing.T) map[string][]byte {
	t.Helper()
	r, err := templates.DefaultRubric()
	if err != nil {
		t.Fatalf("DefaultRubric: %v", err)
	}
	e := calc.Evaluate(fixture.Seed(), r)
	out := map[string][]byte{}
	var buf bytes.Buffer
	if err := xlsx.WriteEvaluation(&buf, e, xlsx.Options{}); err != nil {
		t.Fatalf("WriteEvaluation: %v", err)
	}
	out["评价表.xlsx"] = bytes.Clone(buf.Bytes())
	buf.Reset()
	digest, err := e.Digest()
	if err != nil {
		t.Fatalf("Digest: %v", err)
	}
	digest.Source = "in/a.xlsx"
	s := calc.Summarize([]calc.Digest{digest}, []calc.Failure{{Source: "in/b.xlsx", Error: os.ErrNotExist.Error()}}, calc.SummaryOptions{Rubric: r})
	if err := xlsx.WriteSummary(&buf, s, xlsx.Options{}); err != nil {
		t.Fatalf("WriteSummary: %v", err)
	}
	out["汇总.xlsx"] = bytes.Clone(buf.Bytes())
	for _, l := range []submission.Layout{submission.Standard, submission.OneSheet, submission.Shifted} {
		buf.Reset()
		if err := submission.Write(&buf, submission.Blank(2021, ""), submission.Options{Rubric: r, Layout: l}); err != nil {
			t.Fatalf("submission.Write(%v): %v", l, err)
		}
		out["template-"+l.String()+".xlsx"] = bytes.Clone(buf.Bytes())
	}
	return out
}

// sheetRange is what a worksheet part declares and holds.
type sheetRange struct {
	dimension string // <dimension ref>
	used      string // A1 to the last column and row of its cells and merged ranges
	rows      int    // the last row of the used range
}

// ranges reads every worksheet part of data.
func ranges(t *testing.T, data []byte) map[string]sheetRange {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]sheetRange{}
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") || !strings.HasSuffix(zf.Name, ".xml") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		var sr sheetRange
		lastCol, lastRow := 0, 0
		grow := func(ref string) {
			col, row, err := excelize.CellNameToCoordinates(ref)
			if err != nil {
				t.Fatalf("%s: cell %q: %v", zf.Name, ref, err)
			}
			lastCol, lastRow = max(lastCol, col), max(lastRow, row)
		}
		dec := xml.NewDecoder(rc)
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", zf.Name, err)
			}
			se, ok := tok.(xml.StartElement)
			if !ok {
				continue
			}
			for _, a := range se.Attr {
				switch {
				case se.Name.Local == "dimension" && a.Name.Local == "ref":
					sr.dimension = a.Value
				case se.Name.Local == "c" && a.Name.Local == "r":
					grow(a.Value)
				case se.Name.Local == "mergeCell" && a.Name.Local == "ref":
					first, last, _ := strings.Cut(a.Value, ":")
					grow(first)
					grow(last)
				}
			}
		}
		rc.Close()
		if lastRow > 0 {
			sr.used, sr.rows = "A1:"+must(excelize.CoordinatesToCellName(lastCol, lastRow)), lastRow
		}
		out[zf.Name] = sr
	}
	return out
}

func must(s string, err error) string {
	if err != nil {
		panic(err)
	}
	return s
}

// TestDimension checks that every sheet of every workbook declares its real used range:
// streaming readers (openpyxl's read-only mode, some pandas engines) read as many rows as
// <dimension> says.
func TestDimension(t *testing.T) {
	for name, data := range written(t) {
		for part, sr := range ranges(t, data) {
			if sr.used == "" {
				continue
			}
			if sr.dimension != sr.used {
				t.Errorf("%s %s: <dimension ref=%q>, want %q", name, part, sr.dimension, sr.used)
			}
		}
	}
}

// python3 returns a Python with openpyxl: Debian's /usr/bin/python3 first (a pyenv python3
// earlier on PATH may lack Debian's modules).
func python3(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if path, err := exec.LookPath(p); err == nil && exec.Command(path, "-c", "import openpyxl").Run() == nil {
			return path
		}
	}
	t.Skip("no python3 with openpyxl (Debian: python3-openpyxl)")
	return ""
}

// readOnlyRows is what openpyxl's read-only mode reads of each sheet: the number of rows.
const readOnlyRows = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
print(json.dumps({ws.title: sum(1 for _ in ws.iter_rows(values_only=True)) for ws in wb.worksheets}))
`

// TestDimensionOpenpyxl reads each workbook with openpyxl's read-only mode, which trusts
// <dimension>: it gets every row of every sheet.
func TestDimensionOpenpyxl(t *testing.T) {
	py := python3(t)
	dir := t.TempDir()
	for name, data := range written(t) {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(py, "-c", readOnlyRows, path).Output()
		if err != nil {
			t.Fatalf("openpyxl %s: %v", name, err)
		}
		var got map[string]int
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("openpyxl %s: %v: %s", name, err, out)
		}
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		parts := ranges(t, data)
		for i, sheet := range f.GetSheetList() { // excelize names the parts sheet1.xml … in order
			want := parts["xl/worksheets/sheet"+strconv.Itoa(i+1)+".xml"].rows
			if got[sheet] != want {
				t.Errorf("%s!%s: openpyxl read-only reads %d rows, want %d", name, sheet, got[sheet], want)
			}
		}
		f.Close()
	}
}
