package fonts

import (
	"sort"
	"sync"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// gofpdf parses the whole font it is given for every document (its cmap into maps, twice),
// which for a CJK font with 20,000–30,000 characters is most of the time a report takes.
// A face therefore also keeps, built once, a reduced font with only the common
// characters — GB 2312 (6,763 hanzi and its symbols) and ASCII — and a document whose
// text is all common gets that one.

// commonRunes are the characters of the reduced fonts: ASCII and GB 2312.
var commonRunes = sync.OnceValue(func() map[rune]bool {
	set := map[rune]bool{}
	for r := rune(0x20); r < 0x7F; r++ {
		set[r] = true
	}
	dec := simplifiedchinese.GBK.NewDecoder()
	buf := make([]byte, 2)
	for hi := 0xA1; hi <= 0xF7; hi++ {
		if hi >= 0xAA && hi <= 0xAF {
			continue // unassigned rows of GB 2312
		}
		for lo := 0xA1; lo <= 0xFE; lo++ {
			buf[0], buf[1] = byte(hi), byte(lo)
			out, err := dec.Bytes(buf)
			if err != nil {
				continue
			}
			for _, r := range string(out) {
				if r != 0xFFFD {
					set[r] = true
				}
			}
		}
	}
	for _, r := range "—–…‘’“”·•‰℃№、。〈〉《》「」『』【】〔〕〖〗－～（），．：；？！％＋／" {
		set[r] = true
	}
	return set
})

type reduced struct {
	once sync.Once
	face *Face // nil when the reduction failed: the full font is used
}

var reductions sync.Map // *Face → *reduced

// reducedFor returns the reduced common-character face when it has every character of
// used that f has, else f.
func (f *Face) reducedFor(used map[rune]bool) *Face {
	common := commonRunes()
	for r := range used {
		if !common[r] && f.Has(r) {
			return f
		}
	}
	v, _ := reductions.LoadOrStore(f, &reduced{})
	red := v.(*reduced)
	red.once.Do(func() { red.face = f.reduce(common) })
	if red.face == nil {
		return f
	}
	for r := range used {
		if !red.face.Has(r) && f.Has(r) {
			return f
		}
	}
	return red.face
}

// reduce builds the face cut down to the common characters it has, or nil.
func (f *Face) reduce(common map[rune]bool) (out *Face) {
	defer func() {
		if recover() != nil { // gofpdf's subsetter on a font it cannot handle
			out = nil
		}
	}()
	runes := make([]rune, 0, len(common))
	for r := range common {
		if f.Has(r) {
			runes = append(runes, r)
		}
	}
	sort.Slice(runes, func(i, j int) bool { return runes[i] < runes[j] })
	cut := gofpdf.UTF8CutFont(f.data, string(runes))
	if len(cut) == 0 {
		return nil
	}
	data, shareable, err := standalone(cut, 0)
	if err != nil {
		return nil
	}
	red, err := newFace(f.Path, f.Index, f.Name, data, shareable)
	if err != nil {
		return nil
	}
	return red
}
