package calc_test

import (
	"testing"

	"selfeval/calc"
	"selfeval/fixture"
)

// BenchmarkEvaluate is calc's share of a department in a batch: ratios, consistency
// checks and the rubric, for the seed and for a larger generated department.
func BenchmarkEvaluate(b *testing.B) {
	r := defaultRubric(b)
	for _, c := range []struct {
		name string
		dept *calc.Department
	}{
		{"seed", seed(b)},
		{"generated", withCells(fixture.Random(7))},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if e := calc.Evaluate(c.dept, r); e.Total.IsZero() {
					b.Fatal("Evaluate() scored nothing")
				}
			}
		})
	}
}
