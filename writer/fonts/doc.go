package fonts

import (
	"fmt"
	"sort"

	"selfeval/writer/fonts/subset"
)

// ForDocument returns the font to embed in one document that draws the characters used
// with this face: a subset holding only their glyphs, and its cmap (each character it
// has and that character's glyph ID in it). A CJK font is 5–17 MB, a report's subset a
// few hundred KB. The face is parsed for subsetting once per process; the returned bytes
// are the caller's own.
func (f *Face) ForDocument(used map[rune]bool) ([]byte, []subset.Mapping, error) {
	f.subsetOnce.Do(func() { f.subsetter, f.subsetErr = subset.Parse(f.data) })
	if f.subsetErr != nil {
		return nil, nil, &FontError{Path: f.Path, Err: fmt.Errorf("prepare for subsetting: %w", f.subsetErr)}
	}
	runes := make([]rune, 0, len(used))
	for r := range used {
		if f.Has(r) {
			runes = append(runes, r)
		}
	}
	sort.Slice(runes, func(i, j int) bool { return runes[i] < runes[j] })
	data, cmap, err := f.subsetter.Subset(runes)
	if err != nil {
		return nil, nil, &FontError{Path: f.Path, Err: err}
	}
	return data[:len(data):len(data)], cmap, nil
}
