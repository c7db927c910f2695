package reader

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"selfeval/fixture"
	"selfeval/internal/hostile"
)

// FuzzRead reads whole workbooks: whatever the bytes, Read must not panic and must return
// either a department and no error or no department and an error, leaving no temporary file.
// The seeds are the sample workbooks and every small case of the hostile-input catalogue.
// CI runs the seeds only; a fuzzing session is `go test -run '^$' -fuzz '^FuzzRead$' ./reader`.
func FuzzRead(f *testing.F) {
	var seeds []string
	for _, pattern := range []string{"../testdata/*.xlsx", "../testdata/samples/*.xlsx", "../testdata/variants/*.xlsx"} {
		m, _ := filepath.Glob(pattern)
		seeds = append(seeds, m...)
	}
	for _, path := range seeds {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, c := range hostile.Cases() {
		if len(c.Data) < hostile.Large {
			f.Add(c.Data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkRead(t, data, Options{})
	})
}

// FuzzReadPart puts fuzzed XML in one part of a complete submission (the seed department in
// the merged-cells, formulas layout) and checks what FuzzRead checks. Mutating whole files
// mostly exercises the zip layer, as a mutated deflate stream rarely passes its CRC; this
// reaches the gatekeeper's XML checks and then the reader's cells, tables and labels.
func FuzzReadPart(f *testing.F) {
	base := hostile.Unzip(build(f, fixture.Seed(), variant{merged: true, formulas: true}).bytes())
	var names []string
	for _, p := range base {
		if strings.HasPrefix(p.Name, "xl/worksheets/sheet") || p.Name == hostile.SST || p.Name == "xl/workbook.xml" || p.Name == "xl/styles.xml" {
			f.Add(uint8(len(names)), p.Data)
			names = append(names, p.Name)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, content []byte) {
		parts := slices.Clone(base)
		data := hostile.ZipWith(hostile.SetBytes(names[int(which)%len(names)], content)(parts), zip.Store)
		checkRead(t, data, Options{})
	})
}

// checkRead reads data and checks what every fuzz target expects of Read: a department or
// an error with a message, never both or neither.
func checkRead(t *testing.T, data []byte, opt Options) {
	t.Helper()
	d, err := Read(bytes.NewReader(data), int64(len(data)), opt)
	switch {
	case err == nil && d == nil:
		t.Fatal("Read returned neither a department nor an error")
	case err != nil && d != nil:
		t.Fatalf("Read returned a department and an error: %v", err)
	case err != nil && err.Error() == "":
		t.Fatal("Read returned an error without a message")
	}
}
