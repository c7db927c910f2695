package batch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"selfeval/calc"
)

// fakeOptions evaluates a department named after the input file; inputs named "panic" or
// "hang" misbehave as their names say.
func fakeOptions(out string) Options {
	return Options{
		Out:     out,
		Workers: 2,
		Timeout: 500 * time.Millisecond,
		Read: func(_ context.Context, path string) (*calc.Department, error) {
			name := strings.TrimSuffix(filepath.Base(path), ".xlsx")
			switch name {
			case "panic":
				panic("injected")
			case "hang":
				select {}
			case "bad":
				return nil, errors.New("表1-4!C9 实际支出数：\"abc\" 不是数字")
			}
			return &calc.Department{Info: calc.BasicInfo{Name: name, Year: 2020}}, nil
		},
		Evaluate: func(d *calc.Department) *calc.Evaluation {
			return &calc.Evaluation{Department: d, Rubric: &calc.Rubric{}, Grade: "优"}
		},
		Outputs: []Output{{Suffix: ".txt", Render: func(e *calc.Evaluation, _ *Shared) ([]byte, error) {
			return []byte(e.Department.Info.Name), nil
		}}},
		Summary: func(rs []Result) ([]byte, error) { return []byte{byte(len(rs))}, nil },
	}
}

func TestRunIsolatesFailures(t *testing.T) {
	out := t.TempDir()
	inputs := []string{"a.xlsx", "panic.xlsx", "b.xlsx", "hang.xlsx", "bad.xlsx", "c.xlsx"}
	rep, err := Run(context.Background(), inputs, fakeOptions(out))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if rep.Failed != 3 {
		t.Errorf("Failed = %d, want 3", rep.Failed)
	}
	for _, name := range []string{"2020-a.txt", "2020-b.txt", "2020-c.txt", ManifestName, SummaryName} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("output %s missing: %v", name, err)
		}
	}
	for i, want := range []bool{true, false, true, false, false, true} {
		if got := rep.Results[i].OK(); got != want {
			t.Errorf("Results[%d] (%s).OK() = %v, want %v (err %v)", i, inputs[i], got, want, rep.Results[i].Err)
		}
	}
	assertNoTempFiles(t, out)
}

func TestRunUniqueStems(t *testing.T) {
	out := t.TempDir()
	opt := fakeOptions(out)
	opt.Read = func(context.Context, string) (*calc.Department, error) {
		return &calc.Department{Info: calc.BasicInfo{Name: "../../etc/财政局", Year: 2020}}, nil
	}
	rep, err := Run(context.Background(), []string{"x.xlsx", "y.xlsx"}, opt)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{rep.Results[0].Stem, rep.Results[1].Stem}
	if got[0] != "2020-_.._etc_财政局" || got[1] != "2020-_.._etc_财政局-2" {
		t.Errorf("stems = %q", got)
	}
}

func TestRunRefusesLockedOut(t *testing.T) {
	out := t.TempDir()
	held, err := openOutDir(out)
	if err != nil {
		t.Fatal(err)
	}
	defer held.close()
	_, err = Run(context.Background(), []string{"a.xlsx"}, fakeOptions(out))
	if !errors.Is(err, ErrOutLocked) {
		t.Fatalf("second Run error = %v, want ErrOutLocked", err)
	}
}

func TestRunSweepsStaleTempFiles(t *testing.T) {
	out := t.TempDir()
	stale := filepath.Join(out, ".2020-a.txt"+tempMarker+"abcdef")
	if err := os.WriteFile(stale, []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), []string{"a.xlsx"}, fakeOptions(out)); err != nil {
		t.Fatal(err)
	}
	assertNoTempFiles(t, out)
}

func TestRunDeterministicManifest(t *testing.T) {
	inputs := []string{"b.xlsx", "a.xlsx", "bad.xlsx", "b.xlsx"}
	var manifests [2][]byte
	for i := range manifests {
		out := t.TempDir()
		if _, err := Run(context.Background(), inputs, fakeOptions(out)); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(out, ManifestName))
		if err != nil {
			t.Fatal(err)
		}
		manifests[i] = data
	}
	if string(manifests[0]) != string(manifests[1]) {
		t.Errorf("manifests differ:\n%s\n%s", manifests[0], manifests[1])
	}
}

func assertNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), tempMarker) {
			t.Errorf("temp file left behind: %s", e.Name())
		}
	}
}

func TestStem(t *testing.T) {
	long := strings.Repeat("财", 120)
	tests := []struct {
		name string
		year int
		in   string
		want string
	}{
		{"plain", 2020, "深圳市罗湖区智慧城市建设中心", "2020-深圳市罗湖区智慧城市建设中心"},
		{"separators", 2020, "财政局/办公室\\a", "2020-财政局_办公室_a"},
		{"windows_chars", 2021, `a:b*?<>|"`, "2021-a_b______"},
		{"reserved", 0, "CON", "_CON"},
		{"reserved_ext", 0, "nul.txt", "_nul.txt"},
		{"dots", 0, "..", "未命名部门"},
		{"control", 2020, "a\x00b\tc", "2020-a_b_c"},
		{"empty", 2020, "", "2020-未命名部门"},
		{"long", 2020, long, truncateBytes("2020-"+long, maxStemBytes)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Stem(tt.year, tt.in)
			if got != tt.want {
				t.Errorf("Stem(%d, %q) = %q, want %q", tt.year, tt.in, got, tt.want)
			}
			if len(got) > maxStemBytes || strings.ContainsAny(got, `/\:*?"<>|`) {
				t.Errorf("Stem(%d, %q) = %q is unsafe", tt.year, tt.in, got)
			}
		})
	}
}

// TestSharedValue: the outputs of one evaluation share what SharedValue computes, error
// included; another evaluation computes its own.
func TestSharedValue(t *testing.T) {
	type key struct{}
	calls := 0
	shared := func(e *calc.Evaluation, s *Shared) ([]byte, error) {
		v, err := SharedValue(s, key{}, func() (string, error) {
			calls++
			if e.Grade == "差" {
				return "", errors.New("layout failed")
			}
			return e.Department.Info.Name, nil
		})
		return []byte(v), err
	}
	outputs := []Output{{Suffix: ".a", Render: shared}, {Suffix: ".b", Render: shared}}
	for _, c := range []struct {
		name, grade string
		wantErr     bool
	}{{"甲", "优", false}, {"乙", "差", true}, {"丙", "良", false}} {
		calls = 0
		e := &calc.Evaluation{Department: &calc.Department{Info: calc.BasicInfo{Name: c.name}}, Grade: c.grade}
		files, errs := render(e, outputs)
		if calls != 1 {
			t.Errorf("%s: computed %d times, want once", c.name, calls)
		}
		for k := range outputs {
			if (errs[k] != nil) != c.wantErr || (!c.wantErr && string(files[k]) != c.name) {
				t.Errorf("%s output %d = %q, %v", c.name, k, files[k], errs[k])
			}
		}
	}
}

// TestProgressAfterFilesInOrder: files are written while later departments are named,
// yet Progress sees the inputs in order, each only once its files are on disk.
func TestProgressAfterFilesInOrder(t *testing.T) {
	out := t.TempDir()
	opt := fakeOptions(out)
	opt.Outputs = append(opt.Outputs, Output{Suffix: ".bin", Render: func(e *calc.Evaluation, _ *Shared) ([]byte, error) {
		return make([]byte, 256<<10), nil
	}})
	var inputs []string
	for i := range 40 {
		inputs = append(inputs, fmt.Sprintf("d%02d.xlsx", i))
	}
	calls := 0
	opt.Progress = func(r Result, done, total int) {
		calls++
		if done != calls || total != len(inputs) || r.Source != inputs[done-1] {
			t.Errorf("Progress(%s, %d, %d) as call %d, want (%s, %d, %d)", r.Source, done, total, calls, inputs[calls-1], calls, len(inputs))
		}
		if len(r.Files) != 2 {
			t.Errorf("%s: files %v, want 2", r.Source, r.Files)
		}
		for _, f := range r.Files {
			if _, err := os.Stat(filepath.Join(out, f)); err != nil {
				t.Errorf("%s: reported before %s was written: %v", r.Source, f, err)
			}
		}
	}
	rep, err := Run(context.Background(), inputs, opt)
	if err != nil {
		t.Fatal(err)
	}
	if calls != len(inputs) || len(rep.Results) != len(inputs) {
		t.Fatalf("Progress called %d times, %d results; want %d", calls, len(rep.Results), len(inputs))
	}
	for i, r := range rep.Results {
		if r.Source != inputs[i] || !r.OK() {
			t.Errorf("Results[%d] = %s (err %v), want %s", i, r.Source, r.Err, inputs[i])
		}
	}
}

// TestWriteFiles: a department's files are written together, synced with one flush of
// the folder or each on its own; one that cannot be written fails alone and leaves no
// temporary file.
func TestWriteFiles(t *testing.T) {
	for _, together := range []bool{false, true} {
		t.Run(fmt.Sprint("syncTogether=", together), func(t *testing.T) {
			dir := t.TempDir()
			out, err := openOutDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer out.close()
			if together && !out.syncTogether {
				t.Skip("this system cannot sync the test folder at once")
			}
			out.syncTogether = together
			errs := out.writeFiles([]string{"a.json", "../escape.pdf", "c.xlsx"}, [][]byte{[]byte("a"), []byte("b"), []byte("c")})
			if errs[0] != nil || errs[2] != nil || errs[1] == nil {
				t.Fatalf("writeFiles errors = %v, want only the second", errs)
			}
			for name, want := range map[string]string{"a.json": "a", "c.xlsx": "c"} {
				if got, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(got) != want {
					t.Errorf("%s = %q, %v; want %q", name, got, err, want)
				}
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "escape.pdf")); err == nil {
				t.Error("a name escaped the folder")
			}
			assertNoTempFiles(t, dir)
		})
	}
}
