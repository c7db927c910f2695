package templates

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"text/template"
)

// SummaryFile is the name of the batch report's wording template (汇总报告), embedded here
// and looked up in a --templates directory.
const SummaryFile = "summary.tmpl"

//go:embed summary.tmpl
var summaryText string

var summary = sync.OnceValues(func() (*template.Template, error) { return ParseSummary(summaryText) })

// Summary returns the embedded batch report wording, parsed once per process.
func Summary() (*template.Template, error) { return summary() }

// ParseSummary parses batch report wording from src (the format of summary.tmpl) with
// missingkey=error.
func ParseSummary(src string) (*template.Template, error) {
	t, err := template.New(SummaryFile).Option("missingkey=error").Parse(src)
	if err != nil {
		return nil, fmt.Errorf("汇总报告模板 %s 有误：%w", SummaryFile, err)
	}
	return t, nil
}

// LoadSummary returns the batch report wording of a --templates directory: dir/summary.tmpl
// when it exists, else the embedded one.
func LoadSummary(dir string) (*template.Template, error) {
	if dir == "" {
		return Summary()
	}
	src, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if os.IsNotExist(err) {
		return Summary()
	}
	if err != nil {
		return nil, fmt.Errorf("读取汇总报告模板：%w", err)
	}
	return ParseSummary(string(src))
}
