package archive

import (
	"maps"
	"slices"
	"testing"
)

func TestWidthCIDs(t *testing.T) {
	for _, c := range []struct {
		w    string
		want []rune
	}{
		{"[ 32 32 500 48 50 600 12289 12289 1000 ]\n/CIDToGIDMap 9 0 R", []rune{32, 48, 49, 50, 12289}},
		{"[1[500 600]20 [ 700 ] 30 31 1000]", []rune{1, 2, 20, 30, 31}},
		{"[]", nil},
	} {
		got, err := widthCIDs([]byte(c.w))
		if err != nil {
			t.Errorf("widthCIDs(%q): %v", c.w, err)
			continue
		}
		if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, c.want) {
			t.Errorf("widthCIDs(%q) = %v, want %v", c.w, keys, c.want)
		}
	}
	for _, bad := range []string{"32 32 500]", "[ 32 31 500 ]", "[ 32 70000 500 ]", "[ 32 [ 500", "[ 32 33 ]", "[ x ]"} {
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
