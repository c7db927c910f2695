package calc_test

import (
	"errors"
	"strings"
	"testing"

	"selfeval/calc"
)

// minimal is a valid rubric; the error cases below change one thing in it.
const minimal = `
title: 测试评分表
grades:
  - {name: 优, min: 90}
  - {name: 差, min: 0}
levels:
  - name: 一级
    weight: 100
    groups:
      - name: 二级
        weight: 100
        indicators:
          - {id: x, name: 自评, weight: 50, rule: {kind: manual}}
          - id: y
            name: 满意度
            weight: 40
            rule:
              kind: bands
              input: satisfaction
              bands:
                - {min: 0.9, score: 40}
                - {min: 0.5, below: 0.9, score: 20}
                - {below: 0.5, score: 0}
          - id: z
            name: 合计项
            weight: 10
            rule:
              kind: sum
              parts:
                - {id: z1, name: 采购, weight: 5, rule: {kind: proportional, input: procurement_execution_rate, zero_above: 1}}
                - {id: z2, name: 重点工作, weight: 5, rule: {kind: deduction, input: unfinished_key_tasks, per: 2.5}}
`

func TestParseRubric(t *testing.T) {
	r, err := calc.ParseRubric([]byte(minimal))
	if err != nil {
		t.Fatalf("ParseRubric(minimal) error: %v", err)
	}
	y := r.Levels[0].Groups[0].Indicators[1]
	if b := y.Rule.Bands[1]; !b.Min.Equal(dec("0.5")) || !b.Below.Equal(dec("0.9")) || !b.Score.Equal(dec("20")) || b.Max != nil {
		t.Errorf("band = %+v", b)
	}
	z1 := r.Levels[0].Groups[0].Indicators[2].Rule.Parts[0]
	if z1.Rule.ZeroAbove == nil || !z1.Rule.ZeroAbove.Equal(dec("1")) {
		t.Errorf("zero_above = %v", z1.Rule.ZeroAbove)
	}
	if per := r.Levels[0].Groups[0].Indicators[2].Rule.Parts[1].Rule.Per; !per.Equal(dec("2.5")) {
		t.Errorf("per = %s", per)
	}
	if !r.Grades[0].Min.Equal(dec("90")) {
		t.Errorf("grades = %+v", r.Grades)
	}
}

func TestParseRubricErrors(t *testing.T) {
	tests := []struct {
		name  string
		old   string // replaced in minimal
		new   string
		want  []error // every one must be in the joined error
		where string  // the Where of the first RubricError, if set
	}{
		{"indicator_weights_off", "{id: x, name: 自评, weight: 50", "{id: x, name: 自评, weight: 51",
			[]error{calc.ErrWeightMismatch}, "二级指标 二级"},
		{"level1_not_100", "  - name: 一级\n    weight: 100\n    groups:\n      - name: 二级\n        weight: 100",
			"  - name: 一级\n    weight: 90\n    groups:\n      - name: 二级\n        weight: 90",
			[]error{calc.ErrWeightMismatch}, ""},
		{"level2_off", "        weight: 100\n        indicators:", "        weight: 99\n        indicators:",
			[]error{calc.ErrWeightMismatch}, "二级指标 二级"},
		{"parts_off", "name: 重点工作, weight: 5,", "name: 重点工作, weight: 4,",
			[]error{calc.ErrWeightMismatch}, "指标 z（合计项）"},
		{"unknown_input", "input: satisfaction", "input: happiness",
			[]error{calc.ErrUnknownInput}, "指标 y（满意度）"},
		{"missing_input", "rule: {kind: deduction, input: unfinished_key_tasks, per: 2.5}", "rule: {kind: deduction, per: 2.5}",
			[]error{calc.ErrUnknownInput}, "指标 z2（重点工作）"},
		{"unknown_kind", "rule: {kind: manual}", "rule: {kind: magic}",
			[]error{calc.ErrUnknownKind}, "指标 x（自评）"},
		{"no_kind", "rule: {kind: manual}", "rule: {entry: 自评}",
			[]error{calc.ErrUnknownKind}, "指标 x（自评）"},
		{"duplicate_id", "{id: z2,", "{id: x,",
			[]error{calc.ErrDuplicateID}, "指标 x（重点工作）"},
		{"bands_gap", "{min: 0.5, below: 0.9, score: 20}", "{min: 0.5, below: 0.8, score: 20}",
			[]error{calc.ErrBadBands}, "指标 y（满意度）"},
		{"bands_open_edge", "{min: 0.5, below: 0.9, score: 20}", "{above: 0.5, below: 0.9, score: 20}",
			[]error{calc.ErrBadBands}, "指标 y（满意度）"},
		{"band_above_weight", "{min: 0.9, score: 40}", "{min: 0.9, score: 41}",
			[]error{calc.ErrBadBands}, "指标 y（满意度）"},
		{"bands_empty", "              bands:\n                - {min: 0.9, score: 40}\n                - {min: 0.5, below: 0.9, score: 20}\n                - {below: 0.5, score: 0}\n",
			"              bands: []\n", []error{calc.ErrBadBands}, "指标 y（满意度）"},
		{"deduction_per_zero", "per: 2.5", "per: 0", []error{calc.ErrBadRule}, "指标 z2（重点工作）"},
		{"unknown_field", "{id: x, name: 自评,", "{id: x, name: 自评, colour: red,",
			[]error{calc.ErrRubricSyntax}, ""},
		{"bad_number", "weight: 50", "weight: fifty", []error{calc.ErrRubricSyntax}, ""},
		{"several", "input: satisfaction", "input: happiness\n              extra: 1",
			[]error{calc.ErrRubricSyntax}, ""},
		{"several_validation", "{id: x, name: 自评, weight: 50, rule: {kind: manual}}", "{id: x, name: 自评, weight: 50, rule: {kind: magic}}\n          - {id: y, name: 重复, weight: 0, rule: {kind: bands, input: nope, bands: [{score: 0}]}}",
			[]error{calc.ErrUnknownKind, calc.ErrDuplicateID, calc.ErrUnknownInput}, "指标 x（自评）"},
		{"no_grades", "grades:\n  - {name: 优, min: 90}\n  - {name: 差, min: 0}\n", "", []error{calc.ErrRubricShape}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(minimal, tt.old, tt.new, 1)
			if src == minimal {
				t.Fatalf("test case did not change the rubric")
			}
			r, err := calc.ParseRubric([]byte(src))
			if err == nil {
				t.Fatalf("ParseRubric() = %+v, want an error", r)
			}
			for _, w := range tt.want {
				if !errors.Is(err, w) {
					t.Errorf("ParseRubric() error = %v, want errors.Is %v", err, w)
				}
			}
			var re *calc.RubricError
			if !errors.As(err, &re) {
				t.Fatalf("ParseRubric() error %T is not a *RubricError", err)
			}
			if tt.where != "" && re.Where != tt.where {
				t.Errorf("Where = %q, want %q (error: %v)", re.Where, tt.where, err)
			}
			if re.Error() == "" || re.Detail == "" {
				t.Errorf("empty message: %+v", re)
			}
		})
	}
}

func TestParseRubricEmpty(t *testing.T) {
	_, err := calc.ParseRubric(nil)
	if !errors.Is(err, calc.ErrRubricShape) {
		t.Errorf("ParseRubric(nil) = %v, want ErrRubricShape", err)
	}
}

func TestParseRubricBandsCover(t *testing.T) {
	tests := []struct {
		name  string
		bands string
		ok    bool
	}{
		{"else_last", "[{min: 0.9, score: 1}, {score: 0}]", true},
		{"closed_open_pair", "[{min: 0.9, score: 1}, {below: 0.9, score: 0}]", true},
		{"three_way", "[{below: 0.05, score: 1}, {min: 0.05, max: 0.1, score: 0.5}, {above: 0.1, score: 0}]", true},
		{"overlap", "[{max: 0.5, score: 1}, {min: 0.4, score: 0}]", true},
		{"point_missing", "[{below: 0.9, score: 1}, {above: 0.9, score: 0}]", false},
		{"top_open", "[{min: 0.9, score: 1}, {min: 0.5, max: 0.9, score: 0}]", false},
		{"bottom_open", "[{min: 0.9, score: 1}, {min: 0, below: 0.9, score: 0}]", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(minimal,
				"              bands:\n                - {min: 0.9, score: 40}\n                - {min: 0.5, below: 0.9, score: 20}\n                - {below: 0.5, score: 0}\n",
				"              bands: "+tt.bands+"\n", 1)
			_, err := calc.ParseRubric([]byte(src))
			if got := !errors.Is(err, calc.ErrBadBands); got != tt.ok {
				t.Errorf("bands %s: covering = %v, want %v (err %v)", tt.bands, got, tt.ok, err)
			}
		})
	}
}
