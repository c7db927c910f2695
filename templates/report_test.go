package templates

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportParses(t *testing.T) {
	tmpl, err := Report()
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := Report(); again != tmpl {
		t.Errorf("Report() parsed twice")
	}
}

func TestLoadReport(t *testing.T) {
	dir := t.TempDir()
	if got, err := LoadReport(dir); err != nil || got == nil {
		t.Fatalf("LoadReport(dir without report.tmpl) = %v, %v; want the embedded template", got, err)
	}
	dir2 := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir2, ReportFile), []byte("@title {{.Year}}年度自评\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tmpl, err := LoadReport(dir2)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, struct{ Year int }{2021}); err != nil || b.String() != "@title 2021年度自评\n" {
		t.Errorf("custom template gave %q, %v", b.String(), err)
	}
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, ReportFile), []byte("{{if}}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadReport(bad); err == nil {
		t.Errorf("LoadReport(broken template): no error")
	}
}
