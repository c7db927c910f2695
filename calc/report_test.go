package calc_test

import (
	"strings"
	"testing"

	"selfeval/calc"
)

func TestSeedReportFigures(t *testing.T) {
	e := calc.Evaluate(seed(t), defaultRubric(t))
	f := e.Report
	tests := []struct{ name, got, want string }{
		{"income_initial", f.Income.Initial, "16,535.40"},
		{"personnel_initial", f.Personnel.Initial, "705.45"},
		{"personnel_share", f.Personnel.Share, "4.27%"},
		{"total_rate", f.Total.Rate, "99.19%"},
		{"public_rate", f.PublicExec.Rate, "87.07%"},
		{"public_difference", f.PublicExec.Difference, "6.50"},
		{"public_verdict", f.PublicExec.Verdict.Text, "小于90%"},
		{"public_verdict_score", f.PublicExec.Verdict.Score, "3"},
		{"three_public_rate", f.ThreePublic.Rate, "32.02%"},
		{"three_public_verdict", f.ThreePublic.Verdict.Text, "小于90%"},
		{"contract_rate", f.Staff.ContractRate, "5.26%"},
		{"contract_verdict", f.Staff.ContractVerdict.Text, "在5%至10%之间"},
		{"contract_verdict_score", f.Staff.ContractVerdict.Score, "0.5"},
		{"staffing_verdict", f.Staff.StaffingVerdict.Text, "不超过100%"},
		{"q1", f.Quarters[0], "18.00%"},
		{"q4", f.Quarters[3], "99.19%"},
		{"schedule", strings.Join(f.Schedule[:], " "), "25% 50% 75% 100%"},
		{"assets_rate", f.Assets.Rate, "100.00%"},
		{"disclosure_score", f.Disclosure.Score, scoreOf(t, e, calc.IndicatorDisclosure).Score.Round(2).StringFixed(2)},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	if !f.PublicExec.Verdict.Full || !f.ThreePublic.Verdict.Full || f.Staff.ContractVerdict.Full {
		t.Errorf("verdicts Full = %v %v %v, want true true false", f.PublicExec.Verdict.Full, f.ThreePublic.Verdict.Full, f.Staff.ContractVerdict.Full)
	}
	if f.Total.Verdict.Found || !f.ExecutionGood || f.OnSchedule {
		t.Errorf("Total.Verdict.Found, ExecutionGood, OnSchedule = %v %v %v, want false true false", f.Total.Verdict.Found, f.ExecutionGood, f.OnSchedule)
	}
	if f.QuarterPercents != [4]float64{18, 32.1, 41.17, 99.19} || f.SchedulePercent != [4]float64{25, 50, 75, 100} {
		t.Errorf("chart values = %v %v", f.QuarterPercents, f.SchedulePercent)
	}
	var counts []string
	for _, r := range f.AssetRows {
		counts = append(counts, r.Count)
	}
	if got := strings.Join(counts, " "); !strings.Contains(got, "5,301") {
		t.Errorf("表1-5 数量 = %s, want 5,301 among them", got)
	}
	if c := checksWithCode(e.Checks, calc.CodeNarrativeMissing); len(c) != 0 {
		t.Errorf("seed narrative checks = %v, want none", c)
	}
}

// TestReportVerdicts changes the seed so that its ratios fall in other bands, and the rubric
// so that its bands move: the verdict follows the rubric, never a fixed 90%.
func TestReportVerdicts(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*testing.T, *calc.Department)
		bands func(*calc.Rubric)
		get   func(calc.ReportFigures) calc.Verdict
		want  calc.Verdict
	}{
		{"public_between", func(t *testing.T, d *calc.Department) {
			set(t, &d.Execution, calc.RowPublic, calc.ColActual, "46")
		}, nil, func(f calc.ReportFigures) calc.Verdict { return f.PublicExec.Verdict },
			calc.Verdict{Found: true, Text: "在90%至100%之间", Score: "2"}},
		{"public_over", func(t *testing.T, d *calc.Department) {
			set(t, &d.Execution, calc.RowPublic, calc.ColActual, "60")
		}, nil, func(f calc.ReportFigures) calc.Verdict { return f.PublicExec.Verdict },
			calc.Verdict{Found: true, Text: "超过100%", Score: "0", None: true}},
		{"public_moved_bound", nil, func(r *calc.Rubric) {
			b := dec("0.8")
			for i := range r.Levels {
				for j := range r.Levels[i].Groups {
					for k := range r.Levels[i].Groups[j].Indicators {
						for p := range r.Levels[i].Groups[j].Indicators[k].Rule.Parts {
							part := &r.Levels[i].Groups[j].Indicators[k].Rule.Parts[p]
							if part.ID == "daily_public_control" {
								part.Rule.Bands[0].Below = &b
								part.Rule.Bands[1].Min = &b
							}
						}
					}
				}
			}
		}, func(f calc.ReportFigures) calc.Verdict { return f.PublicExec.Verdict },
			calc.Verdict{Found: true, Text: "在80%至100%之间", Score: "2"}},
		{"contract_below", func(t *testing.T, d *calc.Department) {
			setInfo(t, d, calc.InfoContractStaff, "0")
		}, nil, func(f calc.ReportFigures) calc.Verdict { return f.Staff.ContractVerdict },
			calc.Verdict{Found: true, Text: "小于5%", Score: "1", Full: true}},
		{"assets_ordered_bands", func(t *testing.T, d *calc.Department) {
			set(t, &d.Assets, calc.RowSum, calc.ColInUse, "5509.61")
		}, nil, func(f calc.ReportFigures) calc.Verdict { return f.Assets.Verdict },
			calc.Verdict{Found: true, Text: "不低于75%且小于90%", Score: "0.7"}},
		{"assets_else_band", func(t *testing.T, d *calc.Department) {
			set(t, &d.Assets, calc.RowSum, calc.ColInUse, "1000")
		}, nil, func(f calc.ReportFigures) calc.Verdict { return f.Assets.Verdict },
			calc.Verdict{Found: true, Text: "小于60%", Score: "0", None: true}},
		{"no_budget", func(t *testing.T, d *calc.Department) {
			set(t, &d.Execution, calc.RowThreePublic, calc.ColAdjusted, "0")
		}, nil, func(f calc.ReportFigures) calc.Verdict { return f.ThreePublic.Verdict },
			calc.Verdict{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := seed(t)
			if tt.edit != nil {
				tt.edit(t, d)
			}
			r := defaultRubric(t)
			if tt.bands != nil {
				tt.bands(r)
			}
			if got := tt.get(calc.Evaluate(d, r).Report); got != tt.want {
				t.Errorf("verdict = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestReportAssetRows(t *testing.T) {
	d := seed(t)
	set(t, &d.Assets, calc.RowSum, calc.ColOriginal, "0")
	r, _ := d.Assets.Row(calc.RowSum)
	delete(r.Values, calc.ColCount)
	got := calc.Evaluate(d, defaultRubric(t)).Report.AssetRows[0]
	want := calc.AssetRow{Label: r.Label, Count: calc.Blank, Original: "0.00", InUse: "6,887.01", Rate: calc.NotApplicable}
	if got != want {
		t.Errorf("AssetRows[0] = %+v, want %+v", got, want)
	}
}

func TestNarrativeMissing(t *testing.T) {
	d := seed(t)
	for i := range d.Narrative {
		switch d.Narrative[i].Key {
		case "主要职能":
			d.Narrative[i].Text = " \u200b "
			d.Narrative[i].Cell = calc.CellRef{Sheet: calc.SheetNarrative, Cell: "B2"}
		case "效果性":
			d.Narrative[i].Text = ""
		}
	}
	got := checksWithCode(calc.Evaluate(d, defaultRubric(t)).Checks, calc.CodeNarrativeMissing)
	if len(got) != 2 {
		t.Fatalf("narrative_missing checks = %v, want 2", got)
	}
	if got[0].Level != calc.SeverityWarning || !strings.Contains(got[0].Message, "主要职能") || got[0].CellList() != "文字说明!B2" {
		t.Errorf("first check = %+v, want a warning on 主要职能 at 文字说明!B2", got[0])
	}
	if !strings.Contains(got[1].Message, "效果性") {
		t.Errorf("second check = %+v, want 效果性", got[1])
	}
}

func TestFormatCount(t *testing.T) {
	for _, tt := range []struct{ in, want string }{{"18", "18"}, {"5301", "5,301"}, {"1234567", "1,234,567"}, {"1.5", "1.5"}, {"-1200", "-1,200"}} {
		if got := calc.FormatCount(dec(tt.in)); got != tt.want {
			t.Errorf("FormatCount(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestExecutionGoodFromBands: when the rubric scores execution_rate by bands, 较好 means the
// band that gives full marks, not a fixed 90%.
func TestExecutionGoodFromBands(t *testing.T) {
	rubric := func() *calc.Rubric {
		r := defaultRubric(t)
		for i := range r.Levels {
			for j := range r.Levels[i].Groups {
				for k := range r.Levels[i].Groups[j].Indicators {
					if ind := &r.Levels[i].Groups[j].Indicators[k]; ind.ID == "asset_utilization" {
						ind.Rule.Input = calc.RatioExecution // bands ≥ 90% → 1, ≥ 75% → 0.7 …
						b := dec("0.995")
						ind.Rule.Bands[0].Min = &b
					}
				}
			}
		}
		return r
	}
	tests := []struct {
		name, actual string
		good         bool
		text         string
	}{
		{"seed_below_top_band", "", false, "不低于75%且小于99.5%"},
		{"top_band", "16000", true, "不低于99.5%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := seed(t)
			if tt.actual != "" {
				set(t, &d.Execution, calc.RowTotal, calc.ColActual, tt.actual)
			}
			f := calc.Evaluate(d, rubric()).Report
			if f.ExecutionGood != tt.good || f.Total.Verdict.Text != tt.text {
				t.Errorf("ExecutionGood, Verdict = %v %q, want %v %q", f.ExecutionGood, f.Total.Verdict.Text, tt.good, tt.text)
			}
		})
	}
}
