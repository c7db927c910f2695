package xlsx

import (
	"io"
	"testing"
)

func BenchmarkWriteEvaluation(b *testing.B) {
	e := seedEvaluation(b)
	for b.Loop() {
		if err := WriteEvaluation(io.Discard, e, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteSummary200(b *testing.B) {
	e := seedEvaluation(b)
	entries := make([]Entry, 200)
	for i := range entries {
		entries[i] = Entry{Source: "in.xlsx", Eval: e}
	}
	for b.Loop() {
		if err := WriteSummary(io.Discard, entries, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
