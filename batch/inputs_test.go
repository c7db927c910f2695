package batch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestExpandInputsEverySpreadsheet: a folder scan takes every spreadsheet-like file, not
// only .xlsx; lock files, hidden files and other files stay out.
func TestExpandInputsEverySpreadsheet(t *testing.T) {
	dir := t.TempDir()
	names := []string{"a.xlsx", "b.XLSM", "c.xltx", "d.xls", "e.ods", "f.xlsb", "g.et", "h.csv",
		"~$a.xlsx", ".hidden.xlsx", "notes.txt", "report.pdf"}
	for _, n := range names {
		os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644)
	}
	got, err := ExpandInputs([]string{dir}, "")
	if err != nil {
		t.Fatal(err)
	}
	var base []string
	for _, p := range got {
		base = append(base, filepath.Base(p))
	}
	want := []string{"a.xlsx", "b.XLSM", "c.xltx", "d.xls", "e.ods", "f.xlsb", "g.et", "h.csv"}
	slices.Sort(want)
	if !slices.Equal(base, want) {
		t.Errorf("ExpandInputs = %q, want %q", base, want)
	}
}

// TestRunReportsUnreadableFormats: .xls, .et, .xlsb, .ods and .csv fail with what to do,
// each counted as failed and listed in the manifest; the reader is not asked.
func TestRunReportsUnreadableFormats(t *testing.T) {
	out := t.TempDir()
	inputs := []string{"a.xlsx", "d.xls", "e.ods", "f.xlsb", "g.et", "h.csv"}
	rep, err := Run(context.Background(), inputs, fakeOptions(out))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed != 5 {
		t.Errorf("Failed = %d, want 5", rep.Failed)
	}
	for _, r := range rep.Results[1:] {
		if r.OK() || !strings.Contains(r.Err.Error(), filepath.Base(r.Source)) || !strings.Contains(r.Err.Error(), "请") {
			t.Errorf("%s: err = %v, want a failure naming the file and what to do", r.Source, r.Err)
		}
	}
	if !strings.Contains(rep.Results[1].Err.Error(), "另存为") {
		t.Errorf(".xls: %v, want 另存为 .xlsx", rep.Results[1].Err)
	}
	data, _ := os.ReadFile(filepath.Join(out, ManifestName))
	for _, in := range inputs {
		if !strings.Contains(string(data), `"source": "`+in+`"`) {
			t.Errorf("manifest lacks %s", in)
		}
	}
}

// TestExpandInputsSkipsEarlierOutputs: `run 填报 --out 填报/结果` then `--out 填报/结果2`
// does not read 结果's files back as submissions, nor those of an interrupted run.
func TestExpandInputsSkipsEarlierOutputs(t *testing.T) {
	in := t.TempDir()
	os.WriteFile(filepath.Join(in, "dept.xlsx"), []byte("x"), 0o644)
	for _, sub := range []string{"结果", "中断"} {
		if err := os.Mkdir(filepath.Join(in, sub), 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(in, sub, "2020-a-评价表.xlsx"), []byte("x"), 0o644)
		os.WriteFile(filepath.Join(in, sub, SummaryName), []byte("x"), 0o644)
	}
	out := filepath.Join(in, "结果")
	if _, err := Run(context.Background(), []string{filepath.Join(in, "dept.xlsx")}, fakeOptions(out)); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(in, "中断", journalName), []byte("{}\n"), 0o644)
	// An old manifest without the generator field is still recognised.
	os.Mkdir(filepath.Join(in, "旧"), 0o755)
	os.WriteFile(filepath.Join(in, "旧", ManifestName), []byte(`{"inputs": [], "ok": 0, "failed": 0}`), 0o644)
	os.WriteFile(filepath.Join(in, "旧", SummaryName), []byte("x"), 0o644)
	// A folder of submissions that happens to hold some other manifest.json is read.
	os.Mkdir(filepath.Join(in, "其他"), 0o755)
	os.WriteFile(filepath.Join(in, "其他", ManifestName), []byte(`{"name": "x"}`), 0o644)
	os.WriteFile(filepath.Join(in, "其他", "b.xlsx"), []byte("x"), 0o644)

	got, err := ExpandInputs([]string{in}, filepath.Join(in, "结果2"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(in, "dept.xlsx"), filepath.Join(in, "其他", "b.xlsx")}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("ExpandInputs = %q, want %q", got, want)
	}
}

// TestExpandInputsRefusesAnOutputFolder: naming an earlier run's --out as the input is a
// mistake said in words, not "no spreadsheet found".
func TestExpandInputsRefusesAnOutputFolder(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(in, "dept.xlsx"), []byte("x"), 0o644)
	if _, err := Run(context.Background(), []string{filepath.Join(in, "dept.xlsx")}, fakeOptions(out)); err != nil {
		t.Fatal(err)
	}
	if _, err := ExpandInputs([]string{out}, ""); err == nil || !strings.Contains(err.Error(), "输出文件夹") {
		t.Errorf("ExpandInputs(an output folder) = %v, want an error saying it is one", err)
	}
}
