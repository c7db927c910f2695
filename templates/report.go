package templates

import (
	_ "embed"
	"text/template"
)

// ReportFile is the name of the report wording template, embedded here and looked up in
// a --templates directory.
const ReportFile = "report.tmpl"

//go:embed report.tmpl
var reportText string

var report = newWording(ReportFile, "报告模板", reportText)

// Report returns the embedded report wording template, parsed once per process. The
// template is safe for concurrent Execute calls.
func Report() (*template.Template, error) { return report.embedded() }

// ParseReport parses report wording from src (the format of report.tmpl) with
// missingkey=error, so a misspelt field is an error rather than an empty string.
func ParseReport(src string) (*template.Template, error) { return report.parse(src) }

// LoadReport returns the report template of a --templates directory: dir/report.tmpl when
// it exists, else the embedded one. Each directory is read and parsed once per process.
func LoadReport(dir string) (*template.Template, error) { return report.load(dir) }
