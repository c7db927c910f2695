package xlsx

import (
	"io"
	"testing"
)

func BenchmarkWriteEvaluation(b *testing.B) {
	e := seedEvaluation(b)
	var size countingWriter
	for b.Loop() {
		size = 0
		if err := WriteEvaluation(&size, e, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(size), "xlsx-bytes")
}

// countingWriter counts what is written to it, so benchmarks report output size.
type countingWriter int

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}

func BenchmarkWriteSummary200(b *testing.B) {
	e := seedEvaluation(b)
	entries := make([]entry, 200)
	for i := range entries {
		entries[i] = entry{Source: "in.xlsx", Eval: e}
	}
	s := summarize(b, entries, nil)
	for b.Loop() {
		if err := WriteSummary(io.Discard, s, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
