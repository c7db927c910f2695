package pdf

import (
	"math/rand"
	"slices"
	"testing"
)

// TestCachedWidths checks that the cache returns what the measuring function returns, and
// calls it exactly once per character, the first time the character is asked for —
// including zero widths, characters outside the BMP and invalid ones.
func TestCachedWidths(t *testing.T) {
	var calls []rune
	widthOf := func(r rune) float64 {
		if r%5 == 0 {
			return 0
		}
		return float64(r%1000) / 7
	}
	measure := cachedWidths(func(r rune) float64 {
		calls = append(calls, r)
		return widthOf(r)
	})
	edges := []rune{0, 1, 63, 64, 255, 256, 0x4E00, 0x9FFF, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x20000, 0x10FFFF, 0x110000, -1}
	rng := rand.New(rand.NewSource(3))
	var want []rune
	seen := map[rune]bool{}
	for i := 0; i < 20000; i++ {
		r := edges[rng.Intn(len(edges))]
		if i%2 == 0 {
			r = rune(rng.Intn(0x300)) + 0x4E00*rune(rng.Intn(2))
		}
		if !seen[r] {
			seen[r] = true
			want = append(want, r)
		}
		if got := measure(r); got != widthOf(r) {
			t.Fatalf("width(%U) = %v, want %v", r, got, widthOf(r))
		}
	}
	if !slices.Equal(calls, want) {
		t.Errorf("measured %d characters, want each of %d once, first use first", len(calls), len(want))
	}
}
