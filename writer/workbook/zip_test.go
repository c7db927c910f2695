package workbook

import (
	"archive/zip"
	"bytes"
	"io"
	"slices"
	"testing"
	"testing/fstest"
)

// TestCanonicalZip: whatever order members are written in, and whatever order the
// <Default> entries of [Content_Types].xml come in, the zip has the same bytes: members in
// reverse order of their names, entries sorted, no timestamps.
func TestCanonicalZip(t *testing.T) {
	const types = `<Types><Default Extension="xml" ContentType="a"></Default><Default Extension="png" ContentType="b"/><Override PartName="/x"/><Default Extension="jpeg" ContentType="c"/></Types>`
	write := func(order []string) []byte {
		var buf bytes.Buffer
		z := newZipWriter(&buf)
		for _, name := range order {
			w, err := z.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			body := "body of " + name
			if name == "[Content_Types].xml" {
				body = types
			}
			io.WriteString(w, body)
		}
		if err := z.AddFS(fstest.MapFS{"media/image1.png": {Data: []byte("png")}}); err != nil {
			t.Fatal(err)
		}
		if err := z.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	a := write([]string{"xl/worksheets/sheet1.xml", "[Content_Types].xml", "docProps/app.xml", "xl/workbook.xml"})
	b := write([]string{"xl/workbook.xml", "docProps/app.xml", "[Content_Types].xml", "xl/worksheets/sheet1.xml"})
	if !bytes.Equal(a, b) {
		t.Fatal("the same members in another order give other bytes")
	}
	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.ModifiedDate != 0 || f.ModifiedTime != 0 || len(f.Extra) > 0 {
			t.Errorf("%s carries a timestamp: %v", f.Name, f.Modified)
		}
		if f.Name == "[Content_Types].xml" {
			rc, _ := f.Open()
			got, _ := io.ReadAll(rc)
			want := `<Types><Default Extension="jpeg" ContentType="c"/><Default Extension="png" ContentType="b"/><Override PartName="/x"/><Default Extension="xml" ContentType="a"></Default></Types>`
			if string(got) != want {
				t.Errorf("[Content_Types].xml =\n%s\nwant\n%s", got, want)
			}
		}
	}
	want := []string{"xl/worksheets/sheet1.xml", "xl/workbook.xml", "media/image1.png", "docProps/app.xml", "[Content_Types].xml"}
	if !slices.Equal(names, want) {
		t.Errorf("members %v, want %v", names, want)
	}
	var buf bytes.Buffer
	z := newZipWriter(&buf)
	z.Create("a.xml")
	if _, err := z.Create("a.xml"); err == nil {
		t.Error("a member written twice: no error")
	}
}
