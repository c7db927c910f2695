package templates

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"text/template"
)

// ReportFile is the name of the report wording template, embedded here and looked up in
// a --templates directory.
const ReportFile = "report.tmpl"

//go:embed report.tmpl
var reportText string

var report = sync.OnceValues(func() (*template.Template, error) { return ParseReport(reportText) })

// Report returns the embedded report wording template, parsed once per process. The
// template is safe for concurrent Execute calls.
func Report() (*template.Template, error) { return report() }

// ParseReport parses report wording from src (the format of report.tmpl) with
// missingkey=error, so a misspelt field is an error rather than an empty string.
func ParseReport(src string) (*template.Template, error) {
	t, err := template.New(ReportFile).Option("missingkey=error").Parse(src)
	if err != nil {
		return nil, fmt.Errorf("报告模板 %s 有误：%w", ReportFile, err)
	}
	return t, nil
}

var loaded sync.Map // dir → func() (*template.Template, error)

// LoadReport returns the report template of a --templates directory: dir/report.tmpl when
// it exists, else the embedded one. Each directory is read and parsed once per process.
func LoadReport(dir string) (*template.Template, error) {
	if dir == "" {
		return Report()
	}
	v, _ := loaded.LoadOrStore(dir, sync.OnceValues(func() (*template.Template, error) { return loadReport(dir) }))
	return v.(func() (*template.Template, error))()
}

func loadReport(dir string) (*template.Template, error) {
	src, err := os.ReadFile(filepath.Join(dir, ReportFile))
	if os.IsNotExist(err) {
		return Report()
	}
	if err != nil {
		return nil, fmt.Errorf("读取报告模板：%w", err)
	}
	return ParseReport(string(src))
}
