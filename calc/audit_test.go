package calc_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"selfeval/calc"
)

// addEntry appends a 评分录入 row with cells in A (name) and B (score).
func addEntry(d *calc.Department, name, score, note string) {
	key, _, _ := calc.NormalizeLabel(name)
	n := len(d.ManualScores) + 2
	m := calc.ManualScore{Name: name, Key: key, Note: note, Cell: calc.CellRef{Sheet: calc.SheetManual, Cell: fmt.Sprintf("A%d", n)}}
	if score != "" {
		m.Score = calc.Value{Amount: decimal.RequireFromString(score), Present: true, Cell: calc.CellRef{Sheet: calc.SheetManual, Cell: fmt.Sprintf("B%d", n)}}
	}
	d.ManualScores = append(d.ManualScores, m)
}

func findings(e *calc.Evaluation, code string) []calc.Finding {
	var out []calc.Finding
	for _, f := range e.Audit {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

// TestAuditSeedClaimsAsPrinted: the seed with a claim for every computed indicator equal to
// its printed score has no claim finding and one finding on 财务合规性 (3 against 2).
func TestAuditSeedClaimsAsPrinted(t *testing.T) {
	d := seed(t)
	r := defaultRubric(t)
	before := calc.Evaluate(seed(t), r)
	claimed := 0
	for _, e := range calc.ScoreEntries(r) {
		if e.HandScored {
			continue
		}
		var score decimal.Decimal
		for _, sc := range before.Scores {
			if sc.Indicator == e.Indicator {
				score = sc.Score
			}
			for _, p := range sc.Parts {
				if p.Indicator == e.Indicator {
					score = p.Score
				}
			}
		}
		addEntry(d, e.Name, calc.FormatScore(score), "")
		claimed++
	}
	e := calc.Evaluate(d, r)
	if claimed != 9 {
		t.Fatalf("claimed %d computed entries, want 9", claimed)
	}
	if got := e.TotalDisplay(); got != "90.73" {
		t.Errorf("total = %s, want 90.73 (claims never count)", got)
	}
	if got := findings(e, calc.CodeClaimDiffers); len(got) != 0 {
		t.Errorf("claim findings = %+v, want none", got)
	}
	got := findings(e, calc.CodeAuditExceeds)
	if len(got) != 1 {
		t.Fatalf("audit findings = %+v, want one on 财务合规性", got)
	}
	f := got[0]
	if f.Indicator != "financial_compliance" || f.Claimed.String() != "3" || f.Supported.String() != "2" {
		t.Errorf("finding = %s claimed %s supported %s, want financial_compliance 3 / 2", f.Indicator, f.Claimed, f.Supported)
	}
	if !strings.Contains(f.Message, "预算调整率 86.68%") || !strings.Contains(f.CellList(), "表1-2!B4") || !strings.Contains(f.CellList(), "表1-2!C4") {
		t.Errorf("finding message/cells = %q / %s, want 预算调整率 86.68%% with the 表1-2 cells", f.Message, f.CellList())
	}
	for _, c := range e.Checks {
		if c.Code == calc.CodeEntryUnknown || c.Code == calc.CodeEntryDuplicate {
			t.Errorf("unexpected check %s: %s", c.Code, c.Message)
		}
	}
}

// TestAuditFullMarksClaimed: a department claiming full marks everywhere gets one finding per
// computed indicator scored below its weight, each with the computed score as supported.
func TestAuditFullMarksClaimed(t *testing.T) {
	d := seed(t)
	r := defaultRubric(t)
	d.ManualScores = nil
	for _, e := range calc.ScoreEntries(r) {
		addEntry(d, e.Name, e.Indicator.Weight.String(), "满分")
	}
	e := calc.Evaluate(d, r)
	want := map[string]string{} // computed entries below their weight: id → computed score
	var walk func(sc calc.IndicatorScore)
	walk = func(sc calc.IndicatorScore) {
		if sc.Indicator.Rule.Kind != calc.KindManual && sc.Claimed != nil && sc.Score.LessThan(sc.Indicator.Weight) {
			want[sc.Indicator.ID] = sc.Score.String()
		}
		for _, p := range sc.Parts {
			walk(p)
		}
	}
	for _, sc := range e.Scores {
		walk(sc)
	}
	// The seed loses points on 编外人员控制率 (0.5 of 1), 预算执行率 (4.35 of 6) and
	// 项目完成及时性 (5.88 of 6).
	if len(want) != 3 || want["contract_staff_control"] != "0.5" || want["project_timeliness"] != "5.88" || want["budget_execution"] == "" {
		t.Fatalf("computed indicators below weight = %v, want contract_staff_control, budget_execution, project_timeliness", want)
	}
	got := findings(e, calc.CodeClaimDiffers)
	if len(got) != len(want) {
		t.Errorf("claim findings = %d, want %d: %+v", len(got), len(want), got)
	}
	for _, f := range got {
		if w, ok := want[f.Indicator]; !ok || f.Supported.String() != w {
			t.Errorf("finding %s supported %s, want %s", f.Indicator, f.Supported, w)
		}
		if len(f.Cells) == 0 || f.Cells[0].Sheet != calc.SheetManual {
			t.Errorf("finding %s cells = %s, want the claim's cell first", f.Indicator, f.CellList())
		}
	}
	if n := len(findings(e, calc.CodeAuditExceeds)); n != 1 {
		t.Errorf("audit_exceeds findings = %d, want 1 (财务合规性)", n)
	}
	// Hand-scored at full marks: the total rises only by the hand-scored parts, never by claims.
	base := calc.Evaluate(seed(t), r)
	diff := e.Total.Sub(base.Total)
	// seed hand scores below weight: 绩效指标明确性 2/5, 效果性 21/25 → +3 +4.
	if !diff.Equal(decimal.NewFromInt(7)) {
		t.Errorf("total changed by %s, want 7 (hand-scored only)", diff)
	}
	for _, sc := range e.Scores {
		if sc.Indicator.ID == "satisfaction" && sc.Note != "满分" {
			t.Errorf("note on a claim = %q, want 满分", sc.Note)
		}
	}
}

// TestAuditAdjustmentBelowTen: 预算调整率 under 10% leaves 财务合规性's 3 unchallenged.
func TestAuditAdjustmentBelowTen(t *testing.T) {
	d := seed(t)
	// Make every 表1-2 category's 调整预算数 equal its 年初 but one, moved by 5%.
	total, _ := d.ByFunction.Row(calc.RowTotal)
	initTotal := total.Value(calc.ColInitial).Amount
	for i := range d.ByFunction.Rows {
		row := &d.ByFunction.Rows[i]
		if row.Key == calc.RowTotal {
			continue
		}
		v := row.Values[calc.ColAdjusted]
		v.Amount = row.Values[calc.ColInitial].Amount
		row.Values[calc.ColAdjusted] = v
	}
	first := &d.ByFunction.Rows[0]
	v := first.Values[calc.ColAdjusted]
	v.Amount = v.Amount.Add(initTotal.Mul(decimal.RequireFromString("0.05")))
	first.Values[calc.ColAdjusted] = v
	e := calc.Evaluate(d, defaultRubric(t))
	r, _ := e.Ratio(calc.RatioBudgetAdjustment)
	if got := r.Display(); got != "5.00%" {
		t.Fatalf("预算调整率 = %s, want 5.00%%", got)
	}
	if got := findings(e, calc.CodeAuditExceeds); len(got) != 0 {
		t.Errorf("findings = %+v, want none under 10%%", got)
	}
	// At 15% the criterion loses 0.5: supported 2.5.
	v.Amount = v.Amount.Add(initTotal.Mul(decimal.RequireFromString("0.10")))
	first.Values[calc.ColAdjusted] = v
	e = calc.Evaluate(d, defaultRubric(t))
	if got := findings(e, calc.CodeAuditExceeds); len(got) != 1 || got[0].Supported.String() != "2.5" {
		t.Errorf("findings at 15%% = %+v, want one with supported 2.5", got)
	}
}

// TestEntryMatching: 评分录入 rows by 三级指标 name, by part name, unknown and duplicate.
func TestEntryMatching(t *testing.T) {
	r := defaultRubric(t)
	t.Run("indicator_name_is_the_hand_part", func(t *testing.T) {
		d := seed(t)
		for i := range d.ManualScores {
			if d.ManualScores[i].Key == "政府采购政策功能执行和落实" {
				d.ManualScores[i].Name, d.ManualScores[i].Key = "政府采购执行情况", "政府采购执行情况"
			}
		}
		e := calc.Evaluate(d, r)
		if got := e.TotalDisplay(); got != "90.73" {
			t.Errorf("total = %s, want 90.73", got)
		}
		for _, c := range e.Checks {
			if c.Code == calc.CodeManualMissing {
				t.Errorf("unexpected %s: %s", c.Code, c.Message)
			}
		}
	})
	t.Run("unknown_suggests", func(t *testing.T) {
		d := seed(t)
		addEntry(d, "预算编制合里性", "5", "")
		addEntry(d, "完全无关的一行", "1", "")
		e := calc.Evaluate(d, r)
		var unknown []calc.Check
		for _, c := range e.Checks {
			if c.Code == calc.CodeEntryUnknown {
				unknown = append(unknown, c)
			}
		}
		if len(unknown) != 2 {
			t.Fatalf("entry_unknown checks = %+v, want 2", unknown)
		}
		if !strings.Contains(unknown[0].Message, "是否指：预算编制合理性") || unknown[0].CellList() != "评分录入!A15" {
			t.Errorf("typo check = %q at %s, want a suggestion of 预算编制合理性 at 评分录入!A15", unknown[0].Message, unknown[0].CellList())
		}
		if strings.Contains(unknown[1].Message, "是否指") {
			t.Errorf("unrelated row got a suggestion: %q", unknown[1].Message)
		}
		if got := e.TotalDisplay(); got != "90.73" {
			t.Errorf("total = %s, want 90.73", got)
		}
	})
	t.Run("duplicate", func(t *testing.T) {
		d := seed(t)
		addEntry(d, "政府采购执行情况", "0", "")
		e := calc.Evaluate(d, r)
		dup := 0
		for _, c := range e.Checks {
			if c.Code == calc.CodeEntryDuplicate {
				dup++
			}
		}
		if dup != 1 || e.TotalDisplay() != "90.73" {
			t.Errorf("duplicates = %d, total %s; want 1 and the first row kept (90.73)", dup, e.TotalDisplay())
		}
	})
}

func TestRubricNotes(t *testing.T) {
	notes := defaultRubric(t).Notes()
	joined := strings.Join(notes, "\n")
	if !strings.Contains(joined, "target_completeness（绩效目标完整性）：评分标准各项分值之和 8 分超过权重 5 分") {
		t.Errorf("notes = %q, want 绩效目标完整性 8 within 5", joined)
	}
	for _, n := range notes {
		if strings.Contains(n, "financial_compliance") || strings.Contains(n, "disclosure") {
			t.Errorf("note on an indicator whose criteria fit: %s", n)
		}
	}
}
