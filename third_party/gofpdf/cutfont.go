package gofpdf

// selfeval patch: documents of one archive (合订本) embed identical font subsets; cutting
// and compressing the same subset again for each of 1,000 documents was most of the
// archive's time. A CutFontCache shared by those documents keeps each cut once.

import (
	"crypto/sha256"
	"encoding/binary"
	"sort"
	"sync"
)

// CutFontCache holds UTF-8 font subsets already cut and compressed, by font and rune set.
// It is safe for concurrent use; give it only to documents that embed the same subsets
// (it keeps every distinct cut it is asked for).
type CutFontCache struct {
	mu   sync.Mutex
	cuts map[[sha256.Size]byte]cutFont
}

type cutFont struct {
	size     int    // uncompressed length of the font stream
	stream   []byte // compressed font stream
	cidToGid []byte // compressed CIDToGIDMap
	lastRune int
}

// NewCutFontCache returns an empty cache.
func NewCutFontCache() *CutFontCache {
	return &CutFontCache{cuts: map[[sha256.Size]byte]cutFont{}}
}

// SetCutFontCache makes the document take cut UTF-8 font streams from c and add its own;
// nil (the default) cuts every font afresh.
func (f *Fpdf) SetCutFontCache(c *CutFontCache) { f.cutFonts = c }

func cutKey(name string, runes map[int]int) [sha256.Size]byte {
	keys := make([]int, 0, len(runes))
	for r := range runes {
		keys = append(keys, r)
	}
	sort.Ints(keys)
	h := sha256.New()
	h.Write([]byte(name))
	var b [8]byte
	for _, r := range keys {
		binary.LittleEndian.PutUint64(b[:], uint64(r))
		h.Write(b[:])
	}
	var k [sha256.Size]byte
	copy(k[:], h.Sum(nil))
	return k
}

func (c *CutFontCache) get(name string, runes map[int]int) (cutFont, bool) {
	if c == nil {
		return cutFont{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	cut, ok := c.cuts[cutKey(name, runes)]
	return cut, ok
}

func (c *CutFontCache) put(name string, runes map[int]int, cut cutFont) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cuts[cutKey(name, runes)] = cut
}
