package fonts

import (
	"fmt"
	"sort"

	"selfeval/writer/fonts/subset"
)

// ForDocument returns the font to hand gofpdf's AddUTF8FontFromBytes for one document
// that draws the characters used with this face: a subset holding only their glyphs.
// gofpdf parses the whole font it is given for every document and compresses what it
// embeds; a CJK font is 5–17 MB, a report's subset a few hundred KB, so this is most of
// the PDF writer's time saved. The face is parsed for subsetting once per process; the
// returned bytes are the caller's own (gofpdf writes into the slice it is given).
func (f *Face) ForDocument(used map[rune]bool) ([]byte, error) {
	f.subsetOnce.Do(func() { f.subsetter, f.subsetErr = subset.Parse(f.data) })
	if f.subsetErr != nil {
		return nil, &FontError{Path: f.Path, Err: fmt.Errorf("prepare for subsetting: %w", f.subsetErr)}
	}
	runes := make([]rune, 0, len(used))
	for r := range used {
		if f.Has(r) {
			runes = append(runes, r)
		}
	}
	sort.Slice(runes, func(i, j int) bool { return runes[i] < runes[j] })
	data, err := f.subsetter.Subset(runes)
	if err != nil {
		return nil, &FontError{Path: f.Path, Err: err}
	}
	return data[:len(data):len(data)], nil
}
