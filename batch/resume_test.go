package batch

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"selfeval/calc"
)

// writeInputs creates the named input files in a fresh folder and returns their paths.
func writeInputs(t *testing.T, names ...string) []string {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for _, n := range names {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, []byte("content of "+n), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// countingOptions are fakeOptions over real files that count renders and can cancel ctx
// once a given number of inputs has been read.
func countingOptions(out string, renders *atomic.Int32, cancelAfter int32, cancel context.CancelFunc) Options {
	opt := fakeOptions(out)
	opt.Workers = 1
	opt.Fingerprint = "settings-1"
	var reads atomic.Int32
	read := opt.Read
	opt.Read = func(ctx context.Context, path string) (*calc.Department, error) {
		if n := reads.Add(1); cancel != nil && n > cancelAfter {
			cancel()
			<-ctx.Done() // the work in flight sees the cancellation
			return nil, ctx.Err()
		}
		return read(ctx, path)
	}
	opt.Outputs = []Output{{Suffix: ".txt", Render: func(e *calc.Evaluation, _ *Shared) ([]byte, error) {
		renders.Add(1)
		return []byte(e.Department.Info.Name), nil
	}}}
	return opt
}

func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = string(data)
	}
	return files
}

// TestRunInterruptedThenResumed: a batch cancelled half-way writes the finished inputs'
// outputs and no manifest or summary, returns ErrInterrupted with each finished input once;
// running it again renders only the rest, and the folder then equals an uninterrupted run's.
func TestRunInterruptedThenResumed(t *testing.T) {
	inputs := writeInputs(t, "a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx", "e.xlsx", "f.xlsx")

	want := t.TempDir()
	var n atomic.Int32
	if _, err := Run(context.Background(), inputs, countingOptions(want, &n, 0, nil)); err != nil {
		t.Fatal(err)
	}

	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	var first atomic.Int32
	rep, err := Run(ctx, inputs, countingOptions(out, &first, 3, cancel))
	if !errors.Is(err, ErrInterrupted) || !rep.Interrupted {
		t.Fatalf("interrupted Run: err = %v, Interrupted = %v; want ErrInterrupted", err, rep.Interrupted)
	}
	if len(rep.Results) != 3 || rep.Total != 6 || rep.Failed != 0 {
		t.Errorf("interrupted Run: %d results (%d failed) of %d, want the 3 finished, none failed", len(rep.Results), rep.Failed, rep.Total)
	}
	for _, name := range []string{ManifestName, SummaryName, "2020-d.txt"} {
		if _, err := os.Stat(filepath.Join(out, name)); err == nil {
			t.Errorf("interrupted run wrote %s", name)
		}
	}
	assertNoTempFiles(t, out)

	var second atomic.Int32
	rep, err = Run(context.Background(), inputs, countingOptions(out, &second, 0, nil))
	if err != nil {
		t.Fatal(err)
	}
	if second.Load() != 3 || rep.Reused != 3 {
		t.Errorf("resumed run rendered %d and reused %d, want 3 and 3", second.Load(), rep.Reused)
	}
	got, wantFiles := readDir(t, out), readDir(t, want)
	delete(got, ManifestName)
	delete(wantFiles, ManifestName) // differs in "reused" only; checked below
	if len(got) != len(wantFiles) {
		t.Errorf("resumed folder holds %d files, want %d: %v", len(got), len(wantFiles), got)
	}
	for name, data := range wantFiles {
		if got[name] != data {
			t.Errorf("%s = %q after resuming, want %q", name, got[name], data)
		}
	}

	var third atomic.Int32
	rep, err = Run(context.Background(), inputs, countingOptions(out, &third, 0, nil))
	if err != nil {
		t.Fatal(err)
	}
	if third.Load() != 0 || rep.Reused != 6 {
		t.Errorf("unchanged re-run rendered %d and reused %d, want 0 and 6", third.Load(), rep.Reused)
	}
	m1, _ := os.ReadFile(filepath.Join(want, ManifestName))
	m3, _ := os.ReadFile(filepath.Join(out, ManifestName))
	if !bytes.Equal(bytes.Replace(m3, []byte(`"reused": 6`), []byte(`"reused": 0`), 1), m1) {
		t.Errorf("manifest after re-runs differs from an uninterrupted run's beyond reused:\n%s\n%s", m3, m1)
	}
}

// TestRunKeepsCompleteManifestWhenInterrupted: an earlier complete 汇总 and manifest are
// not replaced by an interrupted run's partial ones.
func TestRunKeepsCompleteManifestWhenInterrupted(t *testing.T) {
	inputs := writeInputs(t, "a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx")
	out := t.TempDir()
	var n atomic.Int32
	if _, err := Run(context.Background(), inputs[:2], countingOptions(out, &n, 0, nil)); err != nil {
		t.Fatal(err)
	}
	before := readDir(t, out)
	ctx, cancel := context.WithCancel(context.Background())
	if _, err := Run(ctx, inputs, countingOptions(out, &n, 3, cancel)); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("err = %v, want ErrInterrupted", err)
	}
	after := readDir(t, out)
	for _, name := range []string{ManifestName, SummaryName} {
		if after[name] != before[name] {
			t.Errorf("%s was replaced by the interrupted run", name)
		}
	}
}

// TestRunRedoesChangedInputs: an input whose bytes changed, settings that changed, or an
// output that was removed or edited, is rendered again.
func TestRunRedoesChangedInputs(t *testing.T) {
	inputs := writeInputs(t, "a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx")
	out := t.TempDir()
	var n atomic.Int32
	if _, err := Run(context.Background(), inputs, countingOptions(out, &n, 0, nil)); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(inputs[0], []byte("changed"), 0o644)
	os.Remove(filepath.Join(out, "2020-b.txt"))
	os.WriteFile(filepath.Join(out, "2020-c.txt"), []byte("edited"), 0o644)
	var again atomic.Int32
	rep, err := Run(context.Background(), inputs, countingOptions(out, &again, 0, nil))
	if err != nil {
		t.Fatal(err)
	}
	if again.Load() != 3 || rep.Reused != 1 {
		t.Errorf("rendered %d, reused %d; want a, b and c rendered again, d reused", again.Load(), rep.Reused)
	}
	opt := countingOptions(out, &again, 0, nil)
	opt.Fingerprint = "settings-2"
	if rep, _ := Run(context.Background(), inputs, opt); rep.Reused != 0 {
		t.Errorf("new settings: reused %d, want 0", rep.Reused)
	}
}

// TestRunLeavesNoLockOrJournal: a finished run leaves neither its lock file nor its journal.
func TestRunLeavesNoLockOrJournal(t *testing.T) {
	out := t.TempDir()
	var n atomic.Int32
	if _, err := Run(context.Background(), writeInputs(t, "a.xlsx"), countingOptions(out, &n, 0, nil)); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{lockName, journalName} {
		if _, err := os.Stat(filepath.Join(out, name)); err == nil {
			t.Errorf("%s left behind", name)
		}
	}
}

// TestRunWithoutOut: Out "" (check) writes nothing and still reports every input.
func TestRunWithoutOut(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	opt := fakeOptions("")
	rep, err := Run(context.Background(), []string{"a.xlsx", "bad.xlsx"}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != 2 || rep.Failed != 1 {
		t.Errorf("%d results, %d failed; want 2, 1", len(rep.Results), rep.Failed)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("Run without Out wrote %v", entries)
	}
}

// TestRunNotices: the same department twice is 重复报送 naming both files; a batch
// mixing years says so.
func TestRunNotices(t *testing.T) {
	opt := fakeOptions(t.TempDir())
	opt.Read = func(_ context.Context, path string) (*calc.Department, error) {
		name, year := "财政局", 2020
		if strings.HasPrefix(filepath.Base(path), "old") {
			name, year = "教育局", 2019
		}
		return &calc.Department{Info: calc.BasicInfo{Name: name, Year: year}}, nil
	}
	rep, err := Run(context.Background(), []string{"x1.xlsx", "x2.xlsx", "old.xlsx"}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Notices) != 2 {
		t.Fatalf("notices = %q, want a duplicate and a mixed-years notice", rep.Notices)
	}
	dup, years := rep.Notices[0], rep.Notices[1]
	if !strings.Contains(dup, "重复报送") || !strings.Contains(dup, "x1.xlsx") || !strings.Contains(dup, "x2.xlsx") || !strings.Contains(dup, "2020-财政局-2") {
		t.Errorf("duplicate notice = %q, want 重复报送 naming x1.xlsx, x2.xlsx and the second stem", dup)
	}
	if !strings.Contains(years, "2019年度 1 个") || !strings.Contains(years, "2020年度 2 个") {
		t.Errorf("mixed-years notice = %q", years)
	}
}
