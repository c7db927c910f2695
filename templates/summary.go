package templates

import (
	_ "embed"
	"text/template"
)

// SummaryFile is the name of the batch report's wording template (汇总报告), embedded here
// and looked up in a --templates directory.
const SummaryFile = "summary.tmpl"

//go:embed summary.tmpl
var summaryText string

var summary = newWording(SummaryFile, "汇总报告模板", summaryText)

// LoadSummary returns the batch report wording of a --templates directory: dir/summary.tmpl
// when it exists, else the embedded one, each parsed once per process.
func LoadSummary(dir string) (*template.Template, error) { return summary.load(dir) }
