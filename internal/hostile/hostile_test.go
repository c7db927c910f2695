package hostile

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

func TestCasesNamed(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range Cases() {
		if c.Name == "" || strings.ContainsAny(c.Name, " /\\") || seen[c.Name] {
			t.Errorf("case %d: name %q is empty, not a file name or not unique", c.No, c.Name)
		}
		seen[c.Name] = true
		if c.No < 1 || c.No > 52 || c.Want == "" {
			t.Errorf("case %s: No %d, Want %q", c.Name, c.No, c.Want)
		}
	}
}

// TestDeflated checks that a part built from repeated segments reads back, through
// archive/zip's CRC and size checks, as the segments written out in full.
func TestDeflated(t *testing.T) {
	segs := []Segment{{[]byte("<head>"), 1}, {[]byte("abc"), 1000}, {make([]byte, 70000), 3}, {[]byte("</head>"), 1}}
	var want []byte
	for _, s := range segs {
		want = append(want, bytes.Repeat(s.Data, s.Times)...)
	}
	r := Deflated(segs...)
	data := Zip([]Part{{Name: "p", Raw: &r}})
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("reading the part: %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("part inflates to %d bytes, want the %d written", len(got), len(want))
	}
}

func TestEditedRoundTrip(t *testing.T) {
	parts := Unzip(Edited(Set("x.xml", "<x/>"), Remove(SST)))
	var names []string
	for _, p := range parts {
		names = append(names, p.Name)
	}
	all := strings.Join(names, " ")
	if !strings.Contains(all, "x.xml") || strings.Contains(all, SST) || !strings.Contains(all, Sheet1) {
		t.Errorf("Edited parts = %v", names)
	}
}
