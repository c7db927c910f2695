package batch

import (
	"testing"

	"selfeval/calc"
	"selfeval/fixture"
	"selfeval/templates"
)

// TestTrimKeepsWhatTheSummaryUses: the trimmed evaluation answers the summary's and the
// manifest's questions exactly as the whole one does.
func TestTrimKeepsWhatTheSummaryUses(t *testing.T) {
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
		for i, l := range e.Level1Scores() {
			if !tr.Level1Scores()[i].Equal(l) {
				t.Errorf("Random(%d): level-1 score %d differs", seed, i)
			}
		}
		want, _ := e.Ratio(calc.RatioExecution)
		got, ok := tr.Ratio(calc.RatioExecution)
		if !ok || got.Display() != want.Display() || !got.Numerator.Value.Equal(want.Numerator.Value) ||
			!got.Denominator.Value.Equal(want.Denominator.Value) {
			t.Errorf("Random(%d): execution ratio %+v, want %+v", seed, got, want)
		}
		if tr.Department.Info.Name != e.Department.Info.Name || len(tr.Scores) != len(e.Scores) {
			t.Errorf("Random(%d): name or scores lost", seed)
		}
	}
}
