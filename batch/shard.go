package batch

import (
	"fmt"
	"hash/fnv"
	"path/filepath"
	"strconv"
	"strings"
)

// Shard is one task's share of a batch split n ways (`run --shard k/n`): K of N, 1-based.
type Shard struct {
	K, N int
}

// ParseShard parses "k/n" with 1 ≤ k ≤ n.
func ParseShard(s string) (Shard, error) {
	ks, ns, ok := strings.Cut(strings.TrimSpace(s), "/")
	k, errK := strconv.Atoi(strings.TrimSpace(ks))
	n, errN := strconv.Atoi(strings.TrimSpace(ns))
	if !ok || errK != nil || errN != nil || n < 1 || k < 1 || k > n {
		return Shard{}, fmt.Errorf("--shard %q 格式不对：应为 k/n，1 ≤ k ≤ n，例如 --shard 1/4", s)
	}
	return Shard{K: k, N: n}, nil
}

// Has reports whether the input at path belongs to the shard. The split is by a hash of
// the cleaned path with forward slashes, not by position, so it is stable: the same input
// falls in the same shard whatever else the folder holds, on every machine and OS that is
// given the same path, and the n shards together take every input exactly once.
func (s Shard) Has(path string) bool {
	if s.N <= 1 {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(filepath.ToSlash(filepath.Clean(path))))
	return int(h.Sum64()%uint64(s.N)) == s.K-1
}

// Select returns the inputs that belong to the shard, in their order.
func (s Shard) Select(inputs []string) []string {
	var out []string
	for _, in := range inputs {
		if s.Has(in) {
			out = append(out, in)
		}
	}
	return out
}
