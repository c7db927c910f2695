package batch

import (
	"fmt"
	"slices"
	"testing"
)

func TestShardCoversEveryInputOnce(t *testing.T) {
	var inputs []string
	for i := range 500 {
		inputs = append(inputs, fmt.Sprintf("填报/%03d-某局.xlsx", i))
	}
	for _, n := range []int{1, 2, 3, 7} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			seen := map[string]int{}
			for k := 1; k <= n; k++ {
				part := Shard{K: k, N: n}.Select(inputs)
				if n > 1 && (len(part) == 0 || len(part) == len(inputs)) {
					t.Errorf("shard %d/%d has %d of %d inputs", k, n, len(part), len(inputs))
				}
				for _, in := range part {
					seen[in]++
				}
			}
			for _, in := range inputs {
				if seen[in] != 1 {
					t.Errorf("%s is in %d shards of %d, want 1", in, seen[in], n)
				}
			}
		})
	}
}

// TestShardStable: an input's shard depends on its path only, not on its position or on
// the other inputs, and not on how the path is spelt.
func TestShardStable(t *testing.T) {
	s := Shard{K: 1, N: 2}
	all := []string{"a/1.xlsx", "a/2.xlsx", "a/3.xlsx", "a/4.xlsx", "a/5.xlsx", "a/6.xlsx"}
	first := s.Select(all)
	rev := slices.Clone(all)
	slices.Reverse(rev)
	again := s.Select(rev)
	slices.Reverse(again)
	if !slices.Equal(first, again) {
		t.Errorf("reordering changed the shard: %v vs %v", first, again)
	}
	if got := s.Select(all[2:]); !slices.Equal(got, slices.DeleteFunc(slices.Clone(first), func(p string) bool { return p < "a/3" })) {
		t.Errorf("removing inputs moved others: %v", got)
	}
	for _, p := range []string{"a/./1.xlsx", "a//1.xlsx", "a/b/../1.xlsx"} {
		if s.Has(p) != s.Has("a/1.xlsx") {
			t.Errorf("%s and a/1.xlsx fall in different shards", p)
		}
	}
}

func TestParseShard(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Shard
	}{{"1/2", Shard{1, 2}}, {" 3/3 ", Shard{3, 3}}, {"1/1", Shard{1, 1}}} {
		if got, err := ParseShard(tt.in); err != nil || got != tt.want {
			t.Errorf("ParseShard(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "1", "0/2", "3/2", "a/b", "1/0", "-1/2", "1/2/3"} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
}
