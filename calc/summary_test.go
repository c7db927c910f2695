package calc_test

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"selfeval/calc"
	"selfeval/fixture"
)

// digestOf is what a batch reads back of an evaluation: its result JSON, decoded.
func digestOf(t testing.TB, e *calc.Evaluation) calc.Digest {
	t.Helper()
	data, err := e.Result().JSON(true)
	if err != nil {
		t.Fatal(err)
	}
	d, err := calc.DecodeDigest(data, "stem")
	if err != nil {
		t.Fatalf("DecodeDigest: %v", err)
	}
	return d
}

// randomBatch is n generated departments, evaluated.
func randomBatch(t testing.TB, n int) []*calc.Evaluation {
	r := defaultRubric(t)
	var out []*calc.Evaluation
	for i := range n {
		out = append(out, calc.Evaluate(fixture.Random(uint64(100+i)), r))
	}
	return out
}

func TestDecodeDigestExact(t *testing.T) {
	e := calc.Evaluate(seed(t), defaultRubric(t))
	d := digestOf(t, e)
	if !d.Total.Equal(e.Total) || d.Department != e.Department.Info.Name || d.Grade != e.Grade {
		t.Errorf("digest = %s %s %s, want %s %s %s", d.Department, d.Total, d.Grade, e.Department.Info.Name, e.Total, e.Grade)
	}
	if len(d.Indicators) != len(e.Scores) {
		t.Fatalf("%d indicators, want %d", len(d.Indicators), len(e.Scores))
	}
	for i, s := range e.Scores {
		if !d.Indicators[i].Score.Equal(s.Score) || d.Indicators[i].ID != s.Indicator.ID {
			t.Errorf("indicator %d = %s %s, want %s %s", i, d.Indicators[i].ID, d.Indicators[i].Score, s.Indicator.ID, s.Score)
		}
	}
	exec := d.Ratio(calc.RatioExecution)
	if !exec.Applicable || exec.Value.StringFixed(4) != "0.9919" || exec.Denominator.String() != "16075.09" {
		t.Errorf("execution_rate = %+v", exec)
	}
}

func TestDecodeDigestErrors(t *testing.T) {
	for name, data := range map[string]string{
		"not_json":      `{`,
		"no_department": `{"year": 2020}`,
		"bad_number":    `{"department": "甲", "total": "abc"}`,
		"bad_score":     `{"department": "甲", "total": 1, "indicators": [{"id": "x", "score": "1,5"}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := calc.DecodeDigest([]byte(data), "s"); !errors.Is(err, calc.ErrDigest) {
				t.Errorf("DecodeDigest(%s) = %v, want ErrDigest", data, err)
			}
		})
	}
}

// TestSummarizeIndependent checks the summary's counts, ranks and averages against the
// same figures computed here directly from the evaluations.
func TestSummarizeIndependent(t *testing.T) {
	evals := randomBatch(t, 15)
	var digests []calc.Digest
	for _, e := range evals {
		digests = append(digests, digestOf(t, e))
	}
	failures := []calc.Failure{{Source: "b.xlsx", Error: "坏"}, {Source: "a.xlsx", Error: "坏"}}
	s := calc.Summarize(digests, failures, calc.SummaryOptions{Rubric: defaultRubric(t)})

	if len(s.Departments) != 15 || len(s.Failures) != 2 || s.Failures[0].Source != "a.xlsx" {
		t.Fatalf("%d departments, failures %v", len(s.Departments), s.Failures)
	}
	sum, execSum, execN := decimal.Zero, decimal.Zero, 0
	grades := map[string]int{}
	for _, e := range evals {
		sum = sum.Add(e.Total)
		grades[e.Grade]++
		if r, _ := e.Ratio(calc.RatioExecution); r.Applicable() {
			execSum = execSum.Add(r.Value().Round(10))
			execN++
		}
	}
	if want := sum.Div(decimal.NewFromInt(15)); !s.Average.Total.Value.Round(8).Equal(want.Round(8)) {
		t.Errorf("average total = %s, want %s", s.Average.Total.Value, want)
	}
	if want := execSum.Div(decimal.NewFromInt(int64(execN))); !s.Average.ExecutionRate.Value.Round(8).Equal(want.Round(8)) {
		t.Errorf("average 预算执行率 = %s, want %s", s.Average.ExecutionRate.Value, want)
	}
	for _, g := range s.GradeCounts {
		if g.Count != grades[g.Grade] {
			t.Errorf("grade %s: %d, want %d", g.Grade, g.Count, grades[g.Grade])
		}
	}
	for i, r := range s.Departments {
		if i > 0 {
			prev := s.Departments[i-1]
			if prev.Digest.Total.LessThan(r.Digest.Total) {
				t.Errorf("rank %d (%s) above a higher total %s", prev.Rank, prev.Digest.Total, r.Digest.Total)
			}
			if want := i + 1; !prev.Digest.Total.Round(2).Equal(r.Digest.Total.Round(2)) && r.Rank != want {
				t.Errorf("department %d has rank %d, want %d", i, r.Rank, want)
			}
		}
	}
	for _, st := range s.KeyRatios {
		if st.Key != calc.RatioExecution {
			continue
		}
		if st.Count != execN {
			t.Errorf("预算执行率 applies to %d, want %d", st.Count, execN)
		}
		for _, e := range evals {
			r, _ := e.Ratio(calc.RatioExecution)
			if r.Applicable() && (r.Value().Round(10).LessThan(st.Min) || r.Value().Round(10).GreaterThan(st.Max)) {
				t.Errorf("%s's 预算执行率 %s outside [%s, %s]", e.Department.Info.Name, r.Value(), st.Min, st.Max)
			}
		}
	}
	// Points lost: Σ (weight − score) per indicator.
	for _, l := range s.Losses {
		lost := decimal.Zero
		for _, e := range evals {
			for _, sc := range e.Scores {
				if sc.Indicator.ID == l.ID {
					lost = lost.Add(sc.Indicator.Weight.Sub(sc.Score))
				}
			}
		}
		if !lost.Equal(l.Lost) {
			t.Errorf("%s lost %s, want %s", l.ID, l.Lost, lost)
		}
	}
	for i := 1; i < len(s.Losses); i++ {
		if s.Losses[i].Lost.GreaterThan(s.Losses[i-1].Lost) {
			t.Errorf("losses not sorted: %s after %s", s.Losses[i].Lost, s.Losses[i-1].Lost)
		}
	}

	// The order of the inputs does not matter.
	rev := make([]calc.Digest, len(digests))
	for i, d := range digests {
		rev[len(digests)-1-i] = d
	}
	s2 := calc.Summarize(rev, failures[1:], calc.SummaryOptions{Rubric: defaultRubric(t)})
	s3 := calc.Summarize(digests, failures[1:], calc.SummaryOptions{Rubric: defaultRubric(t)})
	for i := range s2.Departments {
		if s2.Departments[i].Digest.Department != s3.Departments[i].Digest.Department || s2.Departments[i].Rank != s3.Departments[i].Rank {
			t.Errorf("order %d differs with the inputs reversed", i)
		}
	}
}

func TestCompare(t *testing.T) {
	dig := func(total, exec string) *calc.Digest {
		d := &calc.Digest{Department: "甲", Year: 2020, Total: dec(total), Ratios: map[string]calc.RatioDigest{}}
		if exec != "" {
			d.Ratios[calc.RatioExecution] = calc.RatioDigest{Applicable: true, Value: dec(exec)}
		}
		return d
	}
	tests := []struct {
		name        string
		now, prior  *calc.Digest
		sentence    string
		totalChange string
	}{
		{"up", dig("90.734", "0.9919"), dig("80.524", "0.9419"), "总分较上年提高 10.21 分，预算执行率较上年提高 5.00 个百分点。", "10.21"},
		{"down", dig("80.5", "0.90"), dig("85", "0.9512"), "总分较上年降低 4.50 分，预算执行率较上年降低 5.12 个百分点。", "-4.5"},
		{"same_printed", dig("85.004", "0.95"), dig("84.996", "0.95"), "总分与上年持平，预算执行率与上年持平。", "0"},
		{"no_rate_last_year", dig("85", "0.95"), dig("80", ""), "总分较上年提高 5.00 分。", "5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := calc.Compare(tt.now, tt.prior)
			if c.Sentence != tt.sentence {
				t.Errorf("sentence = %q, want %q", c.Sentence, tt.sentence)
			}
			if !c.TotalChange.Equal(dec(tt.totalChange)) {
				t.Errorf("total change = %s, want %s", c.TotalChange, tt.totalChange)
			}
		})
	}
}

func TestSummarizePrior(t *testing.T) {
	evals := randomBatch(t, 4)
	var now, last []calc.Digest
	for i, e := range evals {
		d := digestOf(t, e)
		if i < 3 {
			now = append(now, d)
		}
		if i > 0 {
			p := d
			p.Year--
			p.Total = p.Total.Sub(dec("1.5"))
			last = append(last, p)
		}
	}
	s := calc.Summarize(now, nil, calc.SummaryOptions{Prior: last})
	if s.Prior == nil || s.Prior.Matched != 2 || len(s.Prior.New) != 1 || len(s.Prior.Gone) != 1 {
		t.Fatalf("prior = %+v, want 2 matched, 1 new, 1 gone", s.Prior)
	}
	if s.Prior.New[0] != now[0].Department || s.Prior.Gone[0] != last[2].Department {
		t.Errorf("new %v gone %v", s.Prior.New, s.Prior.Gone)
	}
	for _, r := range s.Departments {
		if r.Digest.Department == now[0].Department {
			if r.Prior != nil {
				t.Errorf("%s compared though new", r.Digest.Department)
			}
			continue
		}
		want := r.Digest.Total.Round(2).Sub(r.Digest.Total.Sub(dec("1.5")).Round(2))
		if r.Prior == nil || !r.Prior.TotalChange.Equal(want) {
			t.Errorf("%s prior = %+v, want change %s", r.Digest.Department, r.Prior, want)
		}
	}
}
