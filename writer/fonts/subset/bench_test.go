package subset

import (
	"selfeval/internal/cputime"
	"testing"
	"time"
)

// benchLoop runs body b.N times and reports, besides ns/op (wall time, which other load on
// the machine inflates), the process's CPU time per op, GC included.
func benchLoop(b *testing.B, body func()) {
	b.Helper()
	b.ReportAllocs()
	start := cputime.Process()
	n := 0
	for b.Loop() {
		body()
		n++
	}
	if cpu := cputime.Process() - start; cpu > 0 && n > 0 {
		b.ReportMetric(float64(cpu)/float64(n)/float64(time.Millisecond), "cpu-ms/op")
	}
}

// The benchmarks use about 2,000 distinct Han characters, the workload of one report; the
// gofpdf ones typeset them on one page (50 lines of 40).

func BenchmarkParse(b *testing.B) {
	for _, sf := range systemFonts {
		b.Run(sf.name, func(b *testing.B) {
			data := sf.load(b)
			benchLoop(b, func() {
				if _, err := Parse(data); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

func BenchmarkSubset(b *testing.B) {
	for _, sf := range systemFonts {
		b.Run(sf.name, func(b *testing.B) {
			f, _ := sf.parsed(b)
			runes := distinctHan(f, 2000)
			var out []byte
			benchLoop(b, func() {
				var err error
				if out, _, err = f.Subset(runes); err != nil {
					b.Fatal(err)
				}
			})
			b.ReportMetric(float64(len(out))/1e6, "MB-font")
		})
	}
}

// BenchmarkGofpdfFullFont hands gofpdf the whole font, as a document does without this
// package.
func BenchmarkGofpdfFullFont(b *testing.B) {
	for _, sf := range systemFonts {
		b.Run(sf.name, func(b *testing.B) {
			orig, full := sf.parsed(b)
			text := hanPage(distinctHan(orig, 2000))
			benchLoop(b, func() {
				if _, err := gofpdfDocument(full, text, 10); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// BenchmarkGofpdfSubsetFont hands gofpdf a subset; it includes the Subset call, as a
// document pays it (Parse is once per process).
func BenchmarkGofpdfSubsetFont(b *testing.B) {
	for _, sf := range systemFonts {
		b.Run(sf.name, func(b *testing.B) {
			orig, _ := sf.parsed(b)
			runes := distinctHan(orig, 2000)
			text := hanPage(runes)
			benchLoop(b, func() {
				sub, _, err := orig.Subset(runes)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := gofpdfDocument(sub, text, 10); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}
