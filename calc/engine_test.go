package calc_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"

	"selfeval/calc"
	"selfeval/fixture"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestSeedRatios(t *testing.T) {
	d := seed(t)
	exp := fixture.SeedExpected()
	ratios := calc.Ratios(d)
	if len(ratios) != len(calc.RatioKeys) {
		t.Fatalf("Ratios() returned %d ratios, want %d", len(ratios), len(calc.RatioKeys))
	}
	for i, r := range ratios {
		if r.Key != calc.RatioKeys[i] {
			t.Errorf("Ratios()[%d].Key = %s, want %s", i, r.Key, calc.RatioKeys[i])
		}
		if got, want := r.Display(), exp.Ratios[r.Key]; got != want {
			t.Errorf("%s (%s) = %s, want %s", r.Key, r.Name, got, want)
		}
		if r.Name == "" || r.Numerator.Name == "" || r.Denominator.Name == "" {
			t.Errorf("%s: unnamed ratio or input: %+v", r.Key, r)
		}
		if len(r.Numerator.Cells) == 0 || len(r.Denominator.Cells) == 0 {
			t.Errorf("%s: inputs without source cells: %+v", r.Key, r)
		}
	}
	// Spot-check names and cells of the inputs.
	exec := ratios[0]
	if exec.Numerator.Name != "表1-4 总计 实际支出数" || exec.Denominator.Name != "表1-4 总计 调整预算数" {
		t.Errorf("execution_rate inputs = %q / %q", exec.Numerator.Name, exec.Denominator.Name)
	}
	if got := exec.Numerator.Cells[0].String(); got != "表1-4!C7" {
		t.Errorf("execution_rate numerator cell = %s, want 表1-4!C7", got)
	}
	contract := ratios[8]
	if len(contract.Denominator.Cells) != 2 || !contract.Denominator.Value.Equal(dec("19")) {
		t.Errorf("contract_staff_rate denominator = %+v, want 18 + 1 from two cells", contract.Denominator)
	}
	assets := ratios[6]
	if assets.Numerator.Name != "表1-5 合计 在用" || assets.Denominator.Name != "表1-5 合计 原值" {
		t.Errorf("fixed_asset_utilization inputs = %q / %q", assets.Numerator.Name, assets.Denominator.Name)
	}
}

func TestSeedScores(t *testing.T) {
	d := seed(t)
	exp := fixture.SeedExpected()
	e := calc.Evaluate(d, defaultRubric(t))
	if len(e.Scores) != len(exp.Scores) {
		t.Fatalf("Evaluate() scored %d indicators, want %d", len(e.Scores), len(exp.Scores))
	}
	for _, s := range e.Scores {
		want, ok := exp.Scores[s.Indicator.ID]
		if !ok {
			t.Errorf("unexpected indicator %s", s.Indicator.ID)
			continue
		}
		got := s.Score
		if s.Indicator.ID == "budget_execution" {
			got = got.Round(7)
		}
		if !got.Equal(want) {
			t.Errorf("%s (%s) = %s, want %s; %s", s.Indicator.ID, s.Indicator.Name, s.Score, want, s.Working)
		}
		if s.Working == "" {
			t.Errorf("%s: no working", s.Indicator.ID)
		}
	}
	if diff := e.Total.Sub(exp.Total).Abs(); diff.GreaterThan(dec("0.0000001")) {
		t.Errorf("Total = %s, want %s ± 1e-7", e.Total, exp.Total)
	}
	if got := e.TotalDisplay(); got != "90.73" {
		t.Errorf("TotalDisplay() = %s, want 90.73", got)
	}
	if e.Grade != exp.Grade {
		t.Errorf("Grade = %s, want %s", e.Grade, exp.Grade)
	}
	if len(e.Checks) != 0 {
		for _, c := range e.Checks {
			t.Errorf("unexpected check on the seed: %s %s %s [%s]", c.Level, c.Code, c.Message, c.CellList())
		}
	}
	l1 := e.Level1Scores()
	for i, want := range []string{"17", "19.5"} {
		if !l1[i].Equal(dec(want)) {
			t.Errorf("Level1Scores()[%d] = %s, want %s", i, l1[i], want)
		}
	}
	if got := e.TotalDisplay(); got != "90.73" {
		t.Errorf("TotalDisplay() = %s", got)
	}
	if w := scoreOf(t, e, "public_expense_control").Working; w == "" {
		t.Error("public_expense_control: no working")
	}
	if w := scoreOf(t, e, "daily_public_control").Working; w != "日常公用经费控制率 87.07% < 90%，得 3 分" {
		t.Errorf("daily_public_control working = %q", w)
	}
}

func TestSeedResultGolden(t *testing.T) {
	d := seed(t)
	d.Source = "testdata/seed-2020.xlsx"
	e := calc.Evaluate(d, defaultRubric(t))
	got, err := e.Result().JSON(true)
	if err != nil {
		t.Fatalf("Result().JSON: %v", err)
	}
	golden := filepath.Join("testdata", "seed-result.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read golden (run go test -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Result() JSON differs from %s; run go test ./calc -update and review the diff\n%s", golden, got)
	}

	line, err := e.Result().JSON(false)
	if err != nil || bytes.Count(line, []byte("\n")) != 1 || !bytes.HasSuffix(line, []byte("\n")) {
		t.Errorf("Result().JSON(false) is not one line (%v)", err)
	}

	// The fields SPEC §6 names, read back as a consumer would.
	var back struct {
		Department   string  `json:"department"`
		Year         int     `json:"year"`
		Total        float64 `json:"total"`
		TotalDisplay string  `json:"total_display"`
		Grade        string  `json:"grade"`
		Ratios       map[string]struct {
			Value   *float64 `json:"value"`
			Display string   `json:"display"`
		} `json:"ratios"`
		Indicators []struct {
			ID     string  `json:"id"`
			Score  float64 `json:"score"`
			Kind   string  `json:"kind"`
			Level1 string  `json:"level1"`
			Level2 string  `json:"level2"`
		} `json:"indicators"`
	}
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatal(err)
	}
	if back.Department != "深圳市罗湖区智慧城市建设中心" || back.Year != 2020 || back.Grade != "优" || back.TotalDisplay != "90.73" {
		t.Errorf("result header = %+v", back)
	}
	if d := back.Total - 90.7341568; d > 1e-7 || d < -1e-7 {
		t.Errorf("total = %v, want 90.7341568", back.Total)
	}
	if r := back.Ratios["execution_rate"]; r.Value == nil || *r.Value != 0.9918519896 || r.Display != "99.19%" {
		t.Errorf("execution_rate = %+v", r)
	}
	if len(back.Indicators) != 21 || back.Indicators[15].ID != "budget_execution" ||
		back.Indicators[15].Kind != calc.KindQuarterlyExecution || back.Indicators[15].Level1 != "部门绩效" ||
		back.Indicators[15].Level2 != "效率性" {
		t.Errorf("indicators = %+v", back.Indicators)
	}
}

// TestSecondDepartment scores a department whose figures fall in other bands than the seed's.
func TestSecondDepartment(t *testing.T) {
	d := seed(t)
	d.Info.Name = "测试部门"
	ex := &d.Execution
	// 预算执行率 ≈ 85% (85.02%): 703.06 + 47.77 + 12,917.00 = 13,667.83 of 16,075.09; Q1 ahead of
	// schedule.
	set(t, ex, calc.RowPublic, calc.ColActual, "47.77") // 日常公用经费 95.01%: 2 points
	set(t, ex, calc.RowProject, calc.ColActual, "12917.00")
	set(t, ex, calc.RowTotal, calc.ColActual, "13667.83")
	set(t, ex, calc.RowTotal, calc.ColQ1, "5000")
	set(t, ex, calc.RowTotal, calc.ColQ2, "6000")
	set(t, ex, calc.RowTotal, calc.ColQ3, "9000")
	set(t, ex, calc.RowTotal, calc.ColQ4, "13667.83")
	set(t, ex, calc.RowThreePublic, calc.ColActual, "3.50") // 111.11%: 0 points
	set(t, ex, calc.RowProcurement, calc.ColActual, "3400") // actual > plan: rate part 0
	// 固定资产利用率 80%: 0.7.
	set(t, &d.Assets, calc.RowSum, calc.ColInUse, "5509.608")
	set(t, &d.Assets, "通用设备(个、台、辆等)", calc.ColInUse, "5422.898")
	setInfo(t, d, calc.InfoContractStaff, "3")      // 3 / 21 = 14.29%: 0
	setInfo(t, d, calc.InfoSatisfaction, "0.915")   // 91.5%: 4
	setInfo(t, d, calc.InfoUnfinishedKeyTasks, "1") // 8 − 4: 4
	clamped := setManual(t, d, "预算编制合理性", "7")      // above its weight 5: clamped

	e := calc.Evaluate(d, defaultRubric(t))

	// What the rubric text says for each figure.
	quarterly := dec("1"). // Q1 5,000 ÷ (16,075.09 × 25%) > 1: capped
				Add(dec("6000").DivRound(dec("8037.545"), 20)).
				Add(dec("9000").DivRound(dec("12056.3175"), 20)).
				Add(dec("13667.83").DivRound(dec("16075.09"), 20))
	quarterly = quarterly.Mul(dec("1.5")) // Σe + 2 × Σe / 4
	want := map[string]string{
		"budget_rationality":     "5",   // 7 entered, clamped to the weight
		"procurement_rate":       "0",   // 3,400 > 3,355.13 planned
		"procurement":            "1",   // + policy part 1
		"asset_utilization":      "0.7", // 80%
		"staffing_control":       "1",   // 18 / 20
		"contract_staff_control": "0",   // 14.29% > 10%
		"three_public_control":   "0",   // 111.11% > 100%
		"daily_public_control":   "2",   // 95.01%: 90% … 100%
		"public_expense_control": "2",
		"key_tasks":              "4",
		"project_timeliness":     "5.88",
		"satisfaction":           "4", // 90% ≤ 91.5% < 95%
	}
	for id, w := range want {
		if s := scoreOf(t, e, id); !s.Score.Equal(dec(w)) {
			t.Errorf("%s = %s, want %s; %s", id, s.Score, w, s.Working)
		}
	}
	if got := scoreOf(t, e, "budget_execution").Score; got.Sub(quarterly).Abs().GreaterThan(dec("1e-15")) {
		t.Errorf("budget_execution = %s, want %s", got, quarterly)
	}
	if r, _ := e.Ratio(calc.RatioExecution); r.Display() != "85.02%" {
		t.Errorf("execution_rate = %s, want 85.02%%", r.Display())
	}

	// Total: the seed's manual scores (clamped 5 instead of 7) plus the computed ones above.
	total := quarterly
	for _, v := range []string{
		"5", "5", "5", "2", // 部门决策
		"1", "3", "3", "2", "2", "2", "0.7", "1", "0", "3", // 部门管理
		"2", "4", "5.88", "21", "3", "4", // 部门绩效 without 预算执行率
	} {
		total = total.Add(dec(v))
	}
	if e.Total.Sub(total).Abs().GreaterThan(dec("1e-15")) {
		t.Errorf("Total = %s, want %s", e.Total, total)
	}
	if e.TotalDisplay() != "79.59" || e.Grade != "中" {
		t.Errorf("total %s, grade %s; want 79.59 中", e.TotalDisplay(), e.Grade)
	}

	// The only finding: the clamped score, naming its cell.
	if len(e.Checks) != 1 {
		for _, c := range e.Checks {
			t.Errorf("check: %s %s %s [%s]", c.Level, c.Code, c.Message, c.CellList())
		}
		t.Fatalf("got %d checks, want 1 (score_clamped)", len(e.Checks))
	}
	c := e.Checks[0]
	if c.Code != calc.CodeScoreClamped || c.Level != calc.SeverityWarning || !hasCells(c, clamped) {
		t.Errorf("check = %+v, want a score_clamped warning on %s", c, clamped)
	}
}

func TestGrade(t *testing.T) {
	r := defaultRubric(t)
	tests := []struct {
		total, display, grade string
	}{
		{"100", "100.00", "优"},
		{"90", "90.00", "优"},
		{"89.995", "90.00", "优"}, // printed 90.00: never 良 beside 90.00
		{"89.99499999", "89.99", "良"},
		{"80", "80.00", "良"},
		{"79.995", "80.00", "良"},
		{"60", "60.00", "中"},
		{"59.99", "59.99", "差"},
		{"0", "0.00", "差"},
	}
	for _, tt := range tests {
		total := dec(tt.total)
		if got := calc.FormatScore(total); got != tt.display {
			t.Errorf("FormatScore(%s) = %s, want %s", tt.total, got, tt.display)
		}
		if got := r.Grade(total); got != tt.grade {
			t.Errorf("Grade(%s) = %s, want %s", tt.total, got, tt.grade)
		}
	}

	// Through Evaluate: a one-indicator rubric whose entered score is 89.995.
	one := &calc.Rubric{
		Grades: r.Grades,
		Levels: []calc.Level1{{Name: "一", Weight: dec("100"), Groups: []calc.Level2{{
			Name: "二", Weight: dec("100"),
			Indicators: []calc.Indicator{{ID: "x", Name: "自评", Weight: dec("100"), Rule: calc.Rule{Kind: calc.KindManual}}},
		}}}},
	}
	d := &calc.Department{ManualScores: []calc.ManualScore{
		{Name: "自评", Key: "自评", Score: calc.Value{Amount: dec("89.995"), Present: true}},
	}}
	e := calc.Evaluate(d, one)
	if e.TotalDisplay() != "90.00" || e.Grade != "优" {
		t.Errorf("Evaluate(89.995) = %s %s, want 90.00 优", e.TotalDisplay(), e.Grade)
	}
}

// evalEdge evaluates a copy of the seed changed by edit under the default rubric.
func evalEdge(t *testing.T, edit func(d *calc.Department)) *calc.Evaluation {
	t.Helper()
	d := seed(t)
	edit(d)
	return calc.Evaluate(d, defaultRubric(t))
}

func TestRuleEdges(t *testing.T) {
	ex := func(d *calc.Department) *calc.Table { return &d.Execution }
	execRow := func(row, adjusted, actual string) func(*testing.T, *calc.Department) {
		return func(t *testing.T, d *calc.Department) {
			set(t, ex(d), row, calc.ColAdjusted, adjusted)
			set(t, ex(d), row, calc.ColActual, actual)
		}
	}
	assets := func(original, inUse string) func(*testing.T, *calc.Department) {
		return func(t *testing.T, d *calc.Department) {
			set(t, &d.Assets, calc.RowSum, calc.ColOriginal, original)
			set(t, &d.Assets, calc.RowSum, calc.ColInUse, inUse)
		}
	}
	info := func(pairs ...string) func(*testing.T, *calc.Department) {
		return func(t *testing.T, d *calc.Department) {
			for i := 0; i+1 < len(pairs); i += 2 {
				setInfo(t, d, pairs[i], pairs[i+1])
			}
		}
	}
	quarters := func(adjusted string, q ...string) func(*testing.T, *calc.Department) {
		return func(t *testing.T, d *calc.Department) {
			set(t, ex(d), calc.RowTotal, calc.ColAdjusted, adjusted)
			for i, v := range q {
				set(t, ex(d), calc.RowTotal, calc.QuarterColumns[i], v)
			}
		}
	}
	tests := []struct {
		name  string
		id    string
		edit  func(*testing.T, *calc.Department)
		score string
		code  string // a check the case must raise, if any
	}{
		// bands: 固定资产利用率
		{"assets_90", "asset_utilization", assets("100", "90"), "1", ""},
		{"assets_below_90", "asset_utilization", assets("100", "89.99"), "0.7", ""},
		{"assets_75", "asset_utilization", assets("100", "75"), "0.7", ""},
		{"assets_60", "asset_utilization", assets("100", "60"), "0.4", ""},
		{"assets_below_60", "asset_utilization", assets("100", "59.99"), "0", ""},
		{"assets_none", "asset_utilization", assets("0", "0"), "1", calc.CodeRatioNotApplicable},
		{"assets_in_use_no_original", "asset_utilization", assets("0", "5"), "0", calc.CodeSpentWithoutBudget},
		// bands: 财政供养人员控制率
		{"staffing_100", "staffing_control", info(calc.InfoAuthorizedStaff, "20", calc.InfoActualStaff, "20"), "1", ""},
		{"staffing_over", "staffing_control", info(calc.InfoAuthorizedStaff, "20", calc.InfoActualStaff, "21"), "0", ""},
		// bands: 编外人员控制率, 5% and 10% both in the middle band
		{"contract_below_5", "contract_staff_control", info(calc.InfoActualStaff, "99", calc.InfoContractStaff, "1"), "1", ""},
		{"contract_5", "contract_staff_control", info(calc.InfoActualStaff, "19", calc.InfoContractStaff, "1"), "0.5", ""},
		{"contract_10", "contract_staff_control", info(calc.InfoActualStaff, "9", calc.InfoContractStaff, "1"), "0.5", ""},
		{"contract_over_10", "contract_staff_control", info(calc.InfoActualStaff, "17", calc.InfoContractStaff, "2"), "0", ""},
		{"contract_nobody", "contract_staff_control", info(calc.InfoActualStaff, "0", calc.InfoContractStaff, "0"), "1", calc.CodeRatioNotApplicable},
		// bands: “三公”经费控制率 and 日常公用经费控制率
		{"three_public_below_90", "three_public_control", execRow(calc.RowThreePublic, "10", "8.99"), "3", ""},
		{"three_public_90", "three_public_control", execRow(calc.RowThreePublic, "10", "9"), "2", ""},
		{"three_public_100", "three_public_control", execRow(calc.RowThreePublic, "10", "10"), "2", ""},
		{"three_public_over", "three_public_control", execRow(calc.RowThreePublic, "10", "10.01"), "0", ""},
		{"three_public_no_budget", "three_public_control", execRow(calc.RowThreePublic, "0", "0"), "3", calc.CodeRatioNotApplicable},
		{"three_public_spent_unbudgeted", "three_public_control", execRow(calc.RowThreePublic, "0", "1"), "0", calc.CodeSpentWithoutBudget},
		{"daily_public_90", "daily_public_control", execRow(calc.RowPublic, "50", "45"), "2", ""},
		{"daily_public_100", "daily_public_control", execRow(calc.RowPublic, "50", "50"), "2", ""},
		{"daily_public_over", "daily_public_control", execRow(calc.RowPublic, "50", "50.01"), "0", ""},
		// proportional: 政府采购执行率 (0 above 100%) and 项目完成及时性
		{"procurement_100", "procurement_rate", execRow(calc.RowProcurement, "100", "100"), "1", ""},
		{"procurement_half", "procurement_rate", execRow(calc.RowProcurement, "100", "50"), "0.5", ""},
		{"procurement_over", "procurement_rate", execRow(calc.RowProcurement, "100", "100.01"), "0", ""},
		{"procurement_none", "procurement_rate", execRow(calc.RowProcurement, "0", "0"), "1", calc.CodeRatioNotApplicable},
		{"projects_all", "project_timeliness", info(calc.InfoPlannedProjects, "50", calc.InfoCompletedProjects, "50"), "6", ""},
		{"projects_none_planned", "project_timeliness", info(calc.InfoPlannedProjects, "0", calc.InfoCompletedProjects, "0"), "6", calc.CodeRatioNotApplicable},
		{"projects_unplanned_done", "project_timeliness", info(calc.InfoPlannedProjects, "0", calc.InfoCompletedProjects, "2"), "0", calc.CodeSpentWithoutBudget},
		// deduction: 重点工作完成情况
		{"key_tasks_0", "key_tasks", info(calc.InfoUnfinishedKeyTasks, "0"), "8", ""},
		{"key_tasks_1", "key_tasks", info(calc.InfoUnfinishedKeyTasks, "1"), "4", ""},
		{"key_tasks_2", "key_tasks", info(calc.InfoUnfinishedKeyTasks, "2"), "0", ""},
		{"key_tasks_3_floor", "key_tasks", info(calc.InfoUnfinishedKeyTasks, "3"), "0", ""},
		// bands: 满意度
		{"satisfaction_95", "satisfaction", info(calc.InfoSatisfaction, "0.95"), "6", ""},
		{"satisfaction_below_95", "satisfaction", info(calc.InfoSatisfaction, "0.9499"), "4", ""},
		{"satisfaction_90", "satisfaction", info(calc.InfoSatisfaction, "0.9"), "4", ""},
		{"satisfaction_80", "satisfaction", info(calc.InfoSatisfaction, "0.8"), "2", ""},
		{"satisfaction_below_80", "satisfaction", info(calc.InfoSatisfaction, "0.7999"), "1", ""},
		{"satisfaction_missing", "satisfaction", func(t *testing.T, d *calc.Department) { d.Info.Satisfaction = calc.Value{} }, "1", calc.CodeInputMissing},
		// quarterly_execution
		{"quarterly_ahead", "budget_execution", quarters("1000", "300", "600", "800", "1000"), "6", ""},
		{"quarterly_on_schedule", "budget_execution", quarters("1000", "250", "500", "750", "1000"), "6", ""},
		{"quarterly_half", "budget_execution", quarters("1000", "125", "250", "375", "500"), "3", ""},
		{"quarterly_q1_ahead_only", "budget_execution", quarters("1000", "500", "250", "375", "500"), "3.75", calc.CodeQuarterDecrease},
		{"quarterly_no_budget", "budget_execution", quarters("0", "0", "0", "0", "0"), "6", calc.CodeRatioNotApplicable},
		{"quarterly_spent_unbudgeted", "budget_execution", quarters("0", "1", "1", "1", "1"), "0", calc.CodeSpentWithoutBudget},
		// manual
		{"manual_at_weight", "budget_rationality", func(t *testing.T, d *calc.Department) { setManual(t, d, "预算编制合理性", "5") }, "5", ""},
		{"manual_above_weight", "budget_rationality", func(t *testing.T, d *calc.Department) { setManual(t, d, "预算编制合理性", "5.01") }, "5", calc.CodeScoreClamped},
		{"manual_negative", "budget_rationality", func(t *testing.T, d *calc.Department) { setManual(t, d, "预算编制合理性", "-1") }, "0", calc.CodeScoreClamped},
		{"manual_missing", "petitions", func(t *testing.T, d *calc.Department) {
			d.ManualScores = d.ManualScores[:len(d.ManualScores)-1] // 群众信访办理情况
		}, "0", calc.CodeManualMissing},
		{"manual_part", "procurement_policy", func(t *testing.T, d *calc.Department) {
			setManual(t, d, "政府采购政策功能执行和落实", "0.5")
		}, "0.5", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := evalEdge(t, func(d *calc.Department) { tt.edit(t, d) })
			s := scoreOf(t, e, tt.id)
			if !s.Score.Equal(dec(tt.score)) {
				t.Errorf("%s = %s, want %s; %s", tt.id, s.Score, tt.score, s.Working)
			}
			if s.Working == "" {
				t.Errorf("%s: no working", tt.id)
			}
			if tt.code != "" {
				found := checksWithCode(e.Checks, tt.code)
				if len(found) == 0 {
					t.Errorf("no %s check; checks: %+v", tt.code, e.Checks)
				}
				for _, c := range found {
					if len(c.Cells) == 0 {
						t.Errorf("%s check without cells: %+v", tt.code, c)
					}
				}
			}
			for _, c := range e.Checks {
				if c.Level == calc.SeverityError {
					t.Errorf("unexpected error check: %+v", c)
				}
			}
		})
	}
}

// TestWorkingNearBound: a value that rounds to a band's bound is shown with enough places
// not to look like the bound.
func TestWorkingNearBound(t *testing.T) {
	e := evalEdge(t, func(d *calc.Department) {
		set(t, &d.Assets, calc.RowSum, calc.ColOriginal, "100000")
		set(t, &d.Assets, calc.RowSum, calc.ColInUse, "89999")
	})
	s := scoreOf(t, e, "asset_utilization")
	if want := "固定资产利用率 89.999% ≥ 75%，得 0.7 分"; s.Working != want {
		t.Errorf("Working = %q, want %q", s.Working, want)
	}
}

func TestNotApplicableDisplay(t *testing.T) {
	e := evalEdge(t, func(d *calc.Department) {
		set(t, &d.Execution, calc.RowThreePublic, calc.ColAdjusted, "0")
		set(t, &d.Execution, calc.RowThreePublic, calc.ColActual, "0")
	})
	r, _ := e.Ratio(calc.RatioThreePublic)
	if r.Display() != calc.NotApplicable {
		t.Errorf("Display() = %s, want %s", r.Display(), calc.NotApplicable)
	}
	res := e.Result()
	if v := res.Ratios[calc.RatioThreePublic].Value; v != nil {
		t.Errorf("result value = %v, want null", *v)
	}
	b, err := json.Marshal(res.Ratios[calc.RatioThreePublic])
	if err != nil || !bytes.Contains(b, []byte(`"value":null`)) {
		t.Errorf("JSON = %s (%v), want value null", b, err)
	}
}

func TestManualClampNamesCell(t *testing.T) {
	var c calc.CellRef
	e := evalEdge(t, func(d *calc.Department) {
		c = setManual(t, d, "社会效益、经济效益、生态效益及可持续影响等", "30")
	})
	got := checksWithCode(e.Checks, calc.CodeScoreClamped)
	if len(got) != 1 || !hasCells(got[0], c) || got[0].Level != calc.SeverityWarning {
		t.Fatalf("checks = %+v, want one score_clamped warning on %s", got, c)
	}
	if s := scoreOf(t, e, "effectiveness"); !s.Score.Equal(decimal.NewFromInt(25)) {
		t.Errorf("effectiveness = %s, want 25", s.Score)
	}
}
