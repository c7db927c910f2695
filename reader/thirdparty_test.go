package reader

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"selfeval/reader/inspect"
)

// Workbooks written by other programs, generated in the test: openpyxl writes formulas
// without cached values (issue 13 item 8), LibreOffice computes and caches them.

// openpyxlScript writes a workbook (argv[1]) as scripts do: numbers on 数据, formulas with no
// cached value on 公式 表 (a sheet name with a space), a comment, a merged range, a hidden
// row, frozen panes, a data validation and a defined name.
const openpyxlScript = `
import sys, openpyxl
from openpyxl.comments import Comment
from openpyxl.worksheet.datavalidation import DataValidation
wb = openpyxl.Workbook()
d = wb.active
d.title = "数据"
vals = [[16535.4, 12000, 0.1], [4535.4, 3.3, 7], [1.005, 2.675, -5.5], [100, 0.3, 1e-3]]
for r, row in enumerate(vals, 1):
    for c, v in enumerate(row, 1):
        d.cell(r, c, v)
d["E1"] = "文本"
f = wb.create_sheet("公式 表")
for i, fm in enumerate(sys.argv[2:], 1):
    f.cell(i, 1, "=" + fm)
f["C1"] = "注"
f["C1"].comment = Comment("批注", "作者")
f.merge_cells("C2:D3")
f.row_dimensions[5].hidden = True
f.freeze_panes = "B2"
dv = DataValidation(type="list", formula1='"是,否"')
f.add_data_validation(dv)
dv.add("E1")
wb.create_sheet("空表")
wb.save(sys.argv[1])
`

// libreOfficeFormulas are computed by the reader and by LibreOffice and must agree.
var libreOfficeFormulas = []string{
	"SUM(数据!A1:A4)", "SUM(数据!A1:C4)", "数据!A1-数据!B1", "(数据!A1+数据!A2)*2/3",
	"ROUND(数据!A3,2)", "ROUND(数据!B3,2)", "ROUND(-2.5,0)", "MAX(数据!A1:C4)", "MIN(数据!A1:C4)",
	"ABS(数据!C3)", "50%*数据!A4", "2^10-1", "-2^2", "SUM(数据!B:B)", "SUM(数据!$A$1:$A$2,数据!C1,5)",
	"A1+A2", "A16*3", "SUM(A1:A3)/7", "'公式 表'!A1-A1", "SUM(数据!A1:C1)*(1+数据!C1)",
}

// python returns a python3 that has openpyxl, or skips the test.
func python(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if path, err := exec.LookPath(p); err == nil && exec.Command(path, "-c", "import openpyxl").Run() == nil {
			return path
		}
	}
	t.Skip("no python3 with openpyxl (apt install python3-openpyxl): third-party workbooks not generated")
	return ""
}

// openpyxlWorkbook writes the workbook of openpyxlScript with formulas into dir.
func openpyxlWorkbook(t *testing.T, dir string, formulas []string) string {
	t.Helper()
	path := filepath.Join(dir, "openpyxl.xlsx")
	args := append([]string{"-c", openpyxlScript, path}, formulas...)
	if out, err := exec.Command(python(t), args...).CombinedOutput(); err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, out)
	}
	return path
}

// readSheets reads every sheet of the workbook at path as Read does and computes its
// formulas: the values the tables would see.
func readSheets(t *testing.T, path string) map[string]*sheet {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := inspect.Read(context.Background(), data, inspect.Limits{}, inspect.Grid{MaxRows: DefaultMaxRows, MaxCols: DefaultMaxCols})
	if err != nil {
		t.Fatalf("inspect %s: %v", filepath.Base(path), err)
	}
	out := map[string]*sheet{}
	var list []*sheet
	budget := maxWorkbookCells
	for _, s := range rep.Sheets {
		sh, err := newSheet(s.Name, s.Hidden(), s.Content, readLimits{DefaultMaxRows, DefaultMaxCols, maxWorkbookCells}, &budget)
		if err != nil || sh == nil {
			t.Fatalf("sheet %s: %v", s.Name, err)
		}
		out[s.Name] = sh
		list = append(list, sh)
	}
	if err := computeFormulas(context.Background(), list); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFormulasAgainstLibreOffice computes formulas openpyxl wrote without cached values and
// compares each with the value LibreOffice computes and caches when it converts the file.
func TestFormulasAgainstLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice not installed (apt install libreoffice-calc-nogui): nothing to compare with")
	}
	if testing.Short() {
		t.Skip("-short")
	}
	dir := t.TempDir()
	in := openpyxlWorkbook(t, dir, libreOfficeFormulas)
	outDir := filepath.Join(dir, "lo")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--norestore", "--convert-to", "xlsx", "--outdir", outDir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Run(); err != nil {
		t.Fatalf("soffice --convert-to xlsx: %v\n%s", err, log.String())
	}
	ours := readSheets(t, in)["公式 表"]
	theirs := readSheets(t, filepath.Join(outDir, "openpyxl.xlsx"))["公式 表"]
	for r, formula := range libreOfficeFormulas {
		if f := ours.meta.formulas[r*ours.stride]; f.cached || f.text != formula {
			t.Fatalf("A%d = %+v, want %q without a cached value (as openpyxl writes it)", r+1, f, formula)
		}
		if err := ours.meta.formulaErr(ours, r, 0); err != nil {
			t.Errorf("A%d =%s: %v", r+1, formula, err)
			continue
		}
		got, err1 := decimal.NewFromString(ours.at(r, 0))
		want, err2 := decimal.NewFromString(theirs.at(r, 0))
		if err1 != nil || err2 != nil {
			t.Errorf("A%d =%s: ours %q, LibreOffice's %q", r+1, formula, ours.at(r, 0), theirs.at(r, 0))
			continue
		}
		// LibreOffice computes in binary floating point and caches 15–17 digits.
		if !got.Round(9).Equal(want.Round(9)) {
			t.Errorf("A%d =%s = %s, LibreOffice %s", r+1, formula, got, want)
		}
	}
}

// TestFormulaErrors: what is not computed says why, and only cells a table reads report it.
func TestFormulaErrors(t *testing.T) {
	dir := t.TempDir()
	formulas := []string{"VLOOKUP(1,数据!A1:B4,2,FALSE)", "A2+1", "A3+1", "A2*2", "不存在!A1", "SUM(数据!A1:A2)/0", "数据!E1+1", "MyName*2"}
	sh := readSheets(t, openpyxlWorkbook(t, dir, formulas))["公式 表"]
	for r := range formulas {
		err := sh.meta.formulaErr(sh, r, 0)
		if !errors.Is(err, ErrFormula) {
			t.Errorf("A%d =%s: error %v, want ErrFormula", r+1, formulas[r], err)
			continue
		}
		t.Logf("A%d =%s: %v", r+1, formulas[r], err)
	}
}

// TestThirdPartyCorpus reads workbooks other programs wrote: openpyxl's (formulas without
// cached values, a comment, a merged range, a hidden row, a data validation, three sheets)
// and LibreOffice's resave of it. The gatekeeper must pass them (the reader then reports the
// missing tables, as for any workbook that is not a submission) and the cells must read as
// written.
func TestThirdPartyCorpus(t *testing.T) {
	dir := t.TempDir()
	in := openpyxlWorkbook(t, dir, []string{"SUM(数据!A1:A4)", "数据!A1-数据!B1"})
	paths := []string{in}
	if soffice, err := exec.LookPath("soffice"); err == nil && !testing.Short() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
			"--headless", "--norestore", "--convert-to", "xlsx", "--outdir", filepath.Join(dir, "lo"), in)
		cmd.Env = append(os.Environ(), "HOME="+dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v\n%s", err, out)
		}
		paths = append(paths, filepath.Join(dir, "lo", "openpyxl.xlsx"))
	} else {
		t.Log("soffice not installed: the LibreOffice resave is not read")
	}
	for _, path := range paths {
		_, err := ReadFile(path, Options{})
		var ie *inspect.Error
		if errors.As(err, &ie) || !errors.Is(err, ErrTableNotFound) {
			t.Errorf("%s: Read = %v, want the tables reported missing", path, err)
		}
		sheets := readSheets(t, path)
		f := sheets["公式 表"]
		if got := f.at(0, 0); got != "21171.805" {
			t.Errorf("%s: 公式 表!A1 = %q, want 21171.805", path, got)
		}
		if got := f.at(1, 0); got != "4535.4" {
			t.Errorf("%s: 公式 表!A2 = %q, want 4535.4", path, got)
		}
		if m, ok := f.mergeAt(1, 2); !ok || m != "C2:D3" {
			t.Errorf("%s: merge at C2 = %q, %v; want C2:D3", path, m, ok)
		}
		if f.label(0, 2) != "注" || !f.meta.rowHidden(4) || sheets["数据"].at(0, 4) != "文本" {
			t.Errorf("%s: C1 %q, row 5 hidden %v, 数据!E1 %q", path, f.label(0, 2), f.meta.rowHidden(4), sheets["数据"].at(0, 4))
		}
	}
}
