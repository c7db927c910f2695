package pdf

import (
	"fmt"
	"maps"
	"slices"

	"selfeval/writer/fonts"
	"selfeval/writer/report"
)

// SharedFonts is the character set of an archive (合订本): each face with every character
// any of its documents draws in it. The archive's front matter is rendered with it
// (Options.Shared), so its fonts can draw every page of the archive, and writer/archive
// points every page at them.
type SharedFonts struct {
	set   *fonts.Set
	faces []*fonts.Face // in order of first use
	runes map[*fonts.Face]map[rune]bool
}

// NewSharedFonts starts an empty character set over the fonts of set.
func NewSharedFonts(set *fonts.Set) *SharedFonts {
	return &SharedFonts{set: set, runes: map[*fonts.Face]map[rune]bool{}}
}

// Add adds every character doc draws, in the face that draws it. A character no face has
// is a *GlyphError, as Render would report.
func (s *SharedFonts) Add(doc *report.Document) error {
	r := &renderer{set: s.set, family: map[*fonts.Face]string{}, key: map[*fonts.Face]string{}, used: map[string]map[rune]bool{}}
	if err := r.check(doc); err != nil {
		return err
	}
	for _, f := range r.facesUsed() {
		m := s.chars(f)
		for c := range r.used[r.family[f]] {
			m[c] = true
		}
	}
	return nil
}

// chars is the character set of face f, added (in order of first use) if new.
func (s *SharedFonts) chars(f *fonts.Face) map[rune]bool {
	m, ok := s.runes[f]
	if !ok {
		m = map[rune]bool{}
		s.runes[f] = m
		s.faces = append(s.faces, f)
	}
	return m
}

// AddCharacters adds characters drawn in the face named face (its Name, as a PDF's
// /BaseFont gives it after the subset tag): an archive's reports as rendered (see
// writer/archive). A face the set does not have is an error.
func (s *SharedFonts) AddCharacters(face string, chars []rune) error {
	for _, f := range s.set.Faces() {
		if f.Name != face {
			continue
		}
		m := s.chars(f)
		for _, c := range chars {
			m[c] = true
		}
		return nil
	}
	return fmt.Errorf("字体 %s 不在本次使用的字体中（报告是用其他字体生成的），请用相同的 --font 重新运行", face)
}

// register gives a renderer every face of the set, in one order, with all its characters,
// before the document's own are checked: the front matter's fonts then hold every
// character of the archive's reports.
func (s *SharedFonts) register(r *renderer) {
	if s == nil {
		return
	}
	for _, f := range s.faces {
		for _, c := range sortedRunes(s.runes[f]) {
			r.useRune(f, c)
		}
	}
}

func sortedRunes(m map[rune]bool) []rune { return slices.Sorted(maps.Keys(m)) }
