package templates

import (
	"bytes"
	"strings"
	"testing"

	"selfeval/calc"
)

// defaultIDs are the indicator ids of the default rubric in order (SPEC §6).
var defaultIDs = []string{
	"budget_rationality", "budget_compliance", "target_completeness", "indicator_clarity",
	"procurement", "financial_compliance", "disclosure", "project_procedure", "project_supervision",
	"asset_safety", "asset_utilization", "staffing_control", "contract_staff_control",
	"system_soundness", "public_expense_control", "budget_execution", "key_tasks",
	"project_timeliness", "effectiveness", "petitions", "satisfaction",
}

func TestDefaultRubric(t *testing.T) {
	r, err := DefaultRubric()
	if err != nil {
		t.Fatalf("DefaultRubric() error: %v", err)
	}
	if again, _ := DefaultRubric(); again != r {
		t.Error("DefaultRubric() parsed twice; want one cached rubric")
	}
	if r.Title != "部门整体支出绩效评价指标评分表" {
		t.Errorf("Title = %q", r.Title)
	}
	var names []string
	for _, g := range r.Grades {
		names = append(names, g.Name+g.Min.String())
	}
	if got := strings.Join(names, " "); got != "优90 良80 中60 差0" {
		t.Errorf("grades = %s", got)
	}
	var weights []string
	var ids []string
	var check func(ind calc.Indicator)
	check = func(ind calc.Indicator) {
		if strings.TrimSpace(ind.Description) == "" || strings.TrimSpace(ind.Criteria) == "" {
			t.Errorf("%s: empty 指标说明 or 评分标准", ind.ID)
		}
		for _, junk := range []string{"<p>", "</p>", "&gt;", "&lt;", "$", `\geq`, " X1", "关凯", "是都"} {
			if strings.Contains(ind.Description+ind.Criteria, junk) {
				t.Errorf("%s: text contains %q", ind.ID, junk)
			}
		}
		for _, p := range ind.Rule.Parts {
			check(p)
		}
	}
	for _, l1 := range r.Levels {
		weights = append(weights, l1.Name+l1.Weight.String())
		for _, g := range l1.Groups {
			for _, ind := range g.Indicators {
				ids = append(ids, ind.ID)
				check(ind)
			}
		}
	}
	if got := strings.Join(weights, " "); got != "部门决策20 部门管理20 部门绩效60" {
		t.Errorf("level 1 = %s", got)
	}
	if got, want := strings.Join(ids, " "), strings.Join(defaultIDs, " "); got != want {
		t.Errorf("ids = %s\nwant  %s", got, want)
	}
	disclosure := r.Levels[1].Groups[0].Indicators[2]
	if disclosure.ID != "disclosure" || disclosure.Name != "预决算信息公开" || disclosure.Weight.String() != "3" {
		t.Errorf("disclosure = %+v", disclosure)
	}
}

func TestRubricYAML(t *testing.T) {
	b := RubricYAML()
	if !bytes.Equal(b, rubricYAML) {
		t.Fatal("RubricYAML() differs from the embedded file")
	}
	b[0] ^= 0xff // the caller's copy: the embedded rubric is untouched
	if bytes.Equal(b, rubricYAML) {
		t.Error("RubricYAML() returned the embedded slice itself")
	}
}
