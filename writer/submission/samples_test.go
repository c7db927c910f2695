package submission

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"selfeval/calc"
	"selfeval/fixture"
)

var update = flag.Bool("update", false, "rewrite the sample workbooks in testdata/")

// testdata is the repository's testdata directory, which holds the shipped samples.
const testdata = "../../testdata"

// sample is one shipped sample workbook and how it is made.
type sample struct {
	path string // relative to testdata
	dept func(t *testing.T) *calc.Department
	opt  Options
	dump bool // also keep a text dump (path + ".txt") so that changes can be reviewed
}

func samples(t *testing.T) []sample {
	r := rubric(t)
	seed := func(*testing.T) *calc.Department { return fixture.Seed() }
	education := func(t *testing.T) *calc.Department {
		data, err := os.ReadFile(filepath.Join(testdata, "sample-2020-education.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		d, err := fixture.Parse(data)
		if err != nil {
			t.Fatalf("parse sample-2020-education.yaml: %v", err)
		}
		return d
	}
	blank := func(*testing.T) *calc.Department { return Blank(2021, "") }
	return []sample{
		{"samples/seed-2020.xlsx", seed, Options{Rubric: r}, true},
		{"samples/sample-2020-education.xlsx", education, Options{Rubric: r}, false},
		{"template-2021.xlsx", blank, Options{Rubric: r}, true},
		{"variants/seed-2020-onesheet.xlsx", seed, Options{Rubric: r, Layout: OneSheet}, false},
		{"variants/seed-2020-shifted.xlsx", seed, Options{Rubric: r, Layout: Shifted}, false},
		{"variants/seed-2020-yuan.xlsx", seed, Options{Rubric: r, UnitYuan: true}, false},
		{"variants/seed-2020-text.xlsx", seed, Options{Rubric: r, NumbersAsText: true}, false},
		{"variants/seed-2020-messy.xlsx", seed, Options{Rubric: r, MessyLabels: true}, false},
	}
}

// TestSamples regenerates the sample workbooks and compares them with the committed ones
// byte for byte; `go test ./writer/submission -run TestSamples -update` rewrites them.
func TestSamples(t *testing.T) {
	for _, s := range samples(t) {
		t.Run(strings.TrimSuffix(filepath.Base(s.path), ".xlsx"), func(t *testing.T) {
			data := write(t, s.dept(t), s.opt)
			path := filepath.Join(testdata, s.path)
			files := map[string][]byte{path: data}
			if s.dump {
				files[path+".txt"] = []byte(dump(t, data))
			}
			for p, want := range files {
				if *update {
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, want, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				got, err := os.ReadFile(p)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from what Write produces now; review and run with -update", p)
				}
			}
		})
	}
}

// dump lists every non-empty cell as `sheet!cell = value [formula] {number format}`.
func dump(t *testing.T, data []byte) string {
	t.Helper()
	f := open(t, data)
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "== %s\n", sheet)
		for r, cells := range rows {
			for c := range cells {
				name := cellName(c+1, r+1)
				v := cells[c]
				fo, _ := f.GetCellFormula(sheet, name)
				if v == "" && fo == "" {
					continue
				}
				line := fmt.Sprintf("%s = %q", name, v)
				if fo != "" {
					line += " [=" + fo + "]"
				}
				if id, _ := f.GetCellStyle(sheet, name); id != 0 {
					if st, _ := f.GetStyle(id); st != nil && st.CustomNumFmt != nil && *st.CustomNumFmt != numFmtText {
						line += " {" + *st.CustomNumFmt + "}"
					}
				}
				if !locked(t, f, sheet, name) {
					line += " (input)"
				}
				b.WriteString(line + "\n")
			}
		}
		dvs, _ := f.GetDataValidations(sheet)
		for _, dv := range dvs {
			fmt.Fprintf(&b, "validation %s: %s %s %s %s\n", dv.Sqref, dv.Type, dv.Operator, dv.Formula1, dv.Formula2)
		}
	}
	return b.String()
}
