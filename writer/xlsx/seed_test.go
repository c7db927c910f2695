package xlsx

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"selfeval/calc"
	"selfeval/fixture"
	"selfeval/templates"
)

// seedEvaluation evaluates the seed department under the default rubric.
func seedEvaluation(t testing.TB) *calc.Evaluation {
	t.Helper()
	r, err := templates.DefaultRubric()
	if err != nil {
		t.Fatalf("DefaultRubric: %v", err)
	}
	return calc.Evaluate(fixture.Seed(), r)
}

// variant is the seed department renamed, with some self-scores replaced (by 评分录入 name).
func variant(t testing.TB, name string, manual map[string]int64) *calc.Evaluation {
	t.Helper()
	e := seedEvaluation(t)
	d := e.Department
	d.Info.Name = name
	for i, m := range d.ManualScores {
		if v, ok := manual[m.Name]; ok {
			d.ManualScores[i].Score.Amount = decimal.NewFromInt(v)
		}
	}
	return calc.Evaluate(d, e.Rubric)
}

// batch is a summary's input: three departments (优, 良, 差) and a failed input.
func batch(t testing.TB) []entry {
	t.Helper()
	return []entry{
		{Source: "in/罗湖区某某局.xlsx", Eval: variant(t, "深圳市罗湖区某某局", map[string]int64{"社会效益、经济效益、生态效益及可持续影响等": 15})},
		{Source: "in/坏文件.xlsx", Err: errors.New(`in/坏文件.xlsx：表1-4!C9 实际支出数："abc" 不是数字`)},
		{Source: "in/智慧城市.xlsx", Eval: seedEvaluation(t)},
		{Source: "in/罗湖区测试中心.xlsx", Eval: variant(t, "深圳市罗湖区测试中心", map[string]int64{
			"社会效益、经济效益、生态效益及可持续影响等": 5, "预算编制合理性": 1, "预算编制规范性": 2, "财务合规性": 0,
			"群众信访办理情况": 0, "预决算信息公开": 0})},
	}
}
