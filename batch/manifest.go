package batch

import (
	"encoding/json"
	"fmt"
)

// manifestEntry is one input in manifest.json. No timings: the manifest is byte-identical
// for the same inputs.
type manifestEntry struct {
	Source     string   `json:"source"`
	Status     string   `json:"status"` // "ok" or "failed"
	Department string   `json:"department,omitempty"`
	Year       int      `json:"year,omitempty"`
	Stem       string   `json:"stem,omitempty"`
	Outputs    []string `json:"outputs"`
	Total      string   `json:"total,omitempty"`
	Grade      string   `json:"grade,omitempty"`
	Warnings   int      `json:"warnings"`
	Error      string   `json:"error,omitempty"`
}

type manifest struct {
	Inputs  []manifestEntry `json:"inputs"`
	Summary string          `json:"summary,omitempty"`
	Batch   []string        `json:"batch,omitempty"` // the other batch files: 汇总报告, 合订本
	OK      int             `json:"ok"`
	Failed  int             `json:"failed"`
}

func writeManifest(out *outDir, rep *Report, withSummary bool, batchNames []string) error {
	m := manifest{Inputs: make([]manifestEntry, len(rep.Results)), OK: len(rep.Results) - rep.Failed, Failed: rep.Failed, Batch: batchNames}
	if withSummary {
		m.Summary = SummaryName
	}
	for i, r := range rep.Results {
		e := manifestEntry{Source: r.Source, Status: "ok", Stem: r.Stem, Outputs: r.Files}
		if e.Outputs == nil {
			e.Outputs = []string{}
		}
		if r.Eval != nil {
			e.Department, e.Year = r.Eval.Department.Info.Name, r.Eval.Department.Info.Year
			e.Total, e.Grade, e.Warnings = r.Eval.TotalDisplay(), r.Eval.Grade, r.Eval.Warnings()
		}
		if r.Err != nil {
			e.Status, e.Error = "failed", r.Err.Error()
		}
		m.Inputs[i] = e
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("生成%s：%w", ManifestName, err)
	}
	return out.writeFile(ManifestName, append(data, '\n'))
}
