package batch

import (
	"reflect"
	"testing"

	"selfeval/calc"
	"selfeval/fixture"
	"selfeval/templates"
)

// TestTrimKeepsWhatTheManifestUses: the trimmed evaluation answers the manifest's
// questions exactly as the whole one does, and holds nothing else of the department.
func TestTrimKeepsWhatTheManifestUses(t *testing.T) {
	r, err := templates.DefaultRubric()
	if err != nil {
		t.Fatal(err)
	}
	for seed := uint64(0); seed < 20; seed++ {
		e := calc.Evaluate(fixture.Random(seed), r)
		tr := trim(e)
		if tr.TotalDisplay() != e.TotalDisplay() || tr.Grade != e.Grade || tr.Warnings() != e.Warnings() {
			t.Errorf("Random(%d): trimmed total/grade/warnings %s %s %d, want %s %s %d", seed,
				tr.TotalDisplay(), tr.Grade, tr.Warnings(), e.TotalDisplay(), e.Grade, e.Warnings())
		}
		if tr.Department.Info.Name != e.Department.Info.Name || tr.Department.Info.Year != e.Department.Info.Year {
			t.Errorf("Random(%d): name or year lost", seed)
		}
		if tr.Scores != nil || tr.Ratios != nil || tr.Audit != nil || tr.Prior != nil || !reflect.DeepEqual(tr.Report, calc.ReportFigures{}) {
			t.Errorf("Random(%d): trimmed evaluation keeps scores, ratios, findings, the prior comparison or report figures", seed)
		}
	}
}
