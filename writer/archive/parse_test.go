package archive

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"selfeval/calc"
	"selfeval/fixture"
	"selfeval/templates"
	"selfeval/writer/fonts"
	"selfeval/writer/pdf"
)

func TestWidthCIDs(t *testing.T) {
	for _, c := range []struct {
		w    string
		want []rune
	}{
		{"[ 32 32 500 48 50 600 12289 12289 1000 ]\n/CIDToGIDMap 9 0 R", []rune{32, 48, 49, 50, 12289}},
		{"[1[500 600.5]20 [ -7 ] 30 31 1000]", []rune{1, 2, 20, 30, 31}},
		{"[]", nil},
	} {
		got, err := widthCIDs([]byte(c.w))
		if err != nil {
			t.Errorf("widthCIDs(%q): %v", c.w, err)
			continue
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("widthCIDs(%q) = %v, want %v", c.w, got, c.want)
		}
		var set cidSet
		set.add(got)
		set.add(got[:len(got)/2])
		if !slices.Equal(set.runes(), c.want) {
			t.Errorf("cidSet of %v = %v", got, set.runes())
		}
	}
	for _, bad := range []string{"32 32 500]", "[ 32 31 500 ]", "[ 32 70000 500 ]", "[ 32 [ 500", "[ 32 33 ]", "[ x ]", "[ 1 [ 5.5.5 ] ]", "[ 1 2 - ]"} {
		if _, err := widthCIDs([]byte(bad)); err == nil {
			t.Errorf("widthCIDs(%q): no error", bad)
		}
	}
}

func TestKeyIndexAndValue(t *testing.T) {
	dict := []byte("<</BaseFont /WILDTT+Name /Widths 7 0 R /W [ 1 1 500 ] /First 3 0 R>>")
	if got := value(dict, "/BaseFont"); string(got) != "/WILDTT+Name" {
		t.Errorf("value /BaseFont = %q", got)
	}
	if i := keyIndex(dict, "/W"); string(dict[i:i+4]) != "/W [" {
		t.Errorf("keyIndex /W found %q", dict[i:])
	}
	if got := intValue(dict, "/First"); got != 3 {
		t.Errorf("intValue /First = %d", got)
	}
	if got := keyIndex(dict, "/Last"); got != -1 {
		t.Errorf("keyIndex /Last = %d, want -1", got)
	}
}

func TestRenumber(t *testing.T) {
	dict := []byte("<</Parent 3 0 R /Kids [12 0 R 5 0 R] /T (see 12 0 R) /Dest [13 0 R /Fit]>>")
	got := renumber(dict, map[int]int{3: 103, 12: 112})
	want := "<</Parent 103 0 R /Kids [112 0 R 5 0 R] /T (see 12 0 R) /Dest [13 0 R /Fit]>>"
	if string(got) != want {
		t.Errorf("renumber = %s\nwant       %s", got, want)
	}
	if r := refs(dict); !slices.Equal(r, []int{3, 12, 5, 13}) {
		t.Errorf("refs = %v", r)
	}
}

// TestReadFileSkipsFontPrograms: ReadFile leaves out the bytes of a report's font programs
// and reads every other object.
func TestReadFileSkipsFontPrograms(t *testing.T) {
	buf := seedReport(t)
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	whole, err := Read(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	d, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var programBytes, programRead int
	for n, o := range whole.objs {
		got := d.objs[n]
		if isFontProgram(append(o.dict, " stream"...)) {
			// Read ahead in chunks may take in the start of a small one; the stream's
			// length stays, its bytes are not needed.
			programBytes += len(o.stream)
			programRead += len(bytes.ReplaceAll(got.stream, []byte{0}, nil))
			if !bytes.Equal(got.dict, o.dict) || len(got.stream) != len(o.stream) {
				t.Errorf("font program %d: dictionary or length read differently", n)
			}
			continue
		}
		if !bytes.Equal(got.dict, o.dict) || !bytes.Equal(got.stream, o.stream) {
			t.Errorf("object %d read differently", n)
		}
	}
	if programBytes == 0 || programRead > programBytes/2 {
		t.Errorf("read %d of the %d bytes of font programs", programRead, programBytes)
	}
	t.Logf("read %d of the %d bytes of font programs, of a %d-byte report", programRead, programBytes, buf.Len())
}

// seedReport is the seed's report as writer/pdf renders it; the test is skipped
// without a CJK font.
func seedReport(t *testing.T) *bytes.Buffer {
	t.Helper()
	set, err := fonts.Find(fonts.Options{})
	if err != nil {
		t.Skip("no CJK font: ", err)
	}
	r, err := templates.DefaultRubric()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf, calc.Evaluate(fixture.Seed(), r), set, pdf.Options{}); err != nil {
		t.Fatal(err)
	}
	return &buf
}

// TestReadFileFallsBackToWholeFile: a report with more after its end than ReadFile looks
// at first, or read after another report left its bytes in the pooled buffer, is read
// whole, as Read reads it.
func TestReadFileFallsBackToWholeFile(t *testing.T) {
	buf := seedReport(t)
	dir := t.TempDir()
	plain, padded := filepath.Join(dir, "a.pdf"), filepath.Join(dir, "b.pdf")
	if err := os.WriteFile(plain, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(padded, append(bytes.Clone(buf.Bytes()), bytes.Repeat([]byte(" "), 20<<10)...), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{plain, padded, plain, padded} { // the second read of each reuses a buffer
		d, err := ReadFile(path)
		if err != nil {
			t.Fatalf("ReadFile(%s): %v", filepath.Base(path), err)
		}
		if len(d.kids) == 0 {
			t.Errorf("ReadFile(%s): no pages", filepath.Base(path))
		}
		d.release()
	}
}

// TestMalformedPagesAreErrors: a page tree without the end of its /Kids, or a page
// without /Contents, is an error, not a panic.
func TestMalformedPagesAreErrors(t *testing.T) {
	report := seedReport(t).Bytes()
	numbers := func(int, bool) []pdf.TextRun { return nil }
	for _, c := range []struct {
		name, at string
		edit     func(dict []byte) // in place, keeping the length: offsets stay right
	}{
		{"no ] after /Kids", "/Kids [", func(dict []byte) {
			end := bytes.Index(dict, []byte(">>"))
			copy(dict, bytes.ReplaceAll(dict[:end], []byte("]"), []byte(" ")))
		}},
		{"a page without /Contents", "/Contents [", func(dict []byte) { copy(dict, "/Kontents") }},
	} {
		broken := bytes.Clone(report)
		i := bytes.Index(broken, []byte(c.at))
		if i < 0 {
			t.Fatalf("%s: %q not in the report", c.name, c.at)
		}
		c.edit(broken[i:])
		d, err := Read(broken)
		if err == nil {
			_, err = New(&bytes.Buffer{}, numbers).Add(d, "部门", 3)
		}
		if err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}
