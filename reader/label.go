package reader

import (
	"sync"
	"sync/atomic"

	"selfeval/calc"
)

// normalized is what calc.NormalizeLabel returns for one label.
type normalized struct {
	key, numbering string
	memo           bool
}

// labelCache remembers calc.NormalizeLabel's answers across reads: a batch of submissions
// made from one template repeats the same few hundred labels, and NormalizeLabel (a chain
// of regular expressions) costs microseconds a call. The cache stops growing at
// maxCachedLabels entries so that crafted workbooks cannot fill memory.
var labelCache struct {
	m sync.Map // string → normalized
	n atomic.Int64
}

const (
	maxCachedLabels   = 1 << 14
	maxCachedLabelLen = 256 // bytes; longer texts are not labels worth remembering
)

// normalizeLabel is calc.NormalizeLabel, remembered.
func normalizeLabel(s string) (key, numbering string, memo bool) {
	if v, ok := labelCache.m.Load(s); ok {
		n := v.(normalized)
		return n.key, n.numbering, n.memo
	}
	key, numbering, memo = calc.NormalizeLabel(s)
	if len(s) <= maxCachedLabelLen && labelCache.n.Load() < maxCachedLabels {
		if _, loaded := labelCache.m.LoadOrStore(s, normalized{key, numbering, memo}); !loaded {
			labelCache.n.Add(1)
		}
	}
	return key, numbering, memo
}
