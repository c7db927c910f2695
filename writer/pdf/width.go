package pdf

// cachedWidths returns a width function that measures each character with miss exactly
// once, the first time it is asked for, and remembers the width (renderer.measureRune
// says why measuring once, first use first, matters). The renderer makes one per face and
// size and document, and hands out that same function, so asking for it allocates nothing.
func cachedWidths(miss func(rune) float64) func(rune) float64 {
	widths := map[rune]float64{}
	return func(c rune) float64 {
		if w, ok := widths[c]; ok {
			return w
		}
		w := miss(c)
		widths[c] = w
		return w
	}
}
