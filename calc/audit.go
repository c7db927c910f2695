package calc

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Finding is one result of the audit (审核, SPEC §5a): a self-score the data contradicts.
// Findings sit beside the scores; they never change them.
type Finding struct {
	Indicator string          // indicator (or part) id: financial_compliance
	Name      string          // its name: 财务合规性
	Code      string          // CodeClaimDiffers or CodeAuditExceeds
	Claimed   decimal.Decimal // the department's score
	Supported decimal.Decimal // the most the data allows (for a claim: the computed score)
	Message   string          // Chinese, naming the figures and cells used
	Cells     []CellRef       // the claim's cell first, then the cells of the figures used
}

// Audit finding codes.
const (
	// CodeClaimDiffers: a claimed score for a computed indicator differs, as printed, from
	// the computed one.
	CodeClaimDiffers = "claim_differs"
	// CodeAuditExceeds: a hand-scored indicator's score exceeds what the rubric's audit
	// rules let the data support.
	CodeAuditExceeds = "audit_exceeds"
)

// CellList returns the cells as "评分录入!C9, 表1-2!C5".
func (f Finding) CellList() string {
	s := make([]string, len(f.Cells))
	for i, r := range f.Cells {
		s[i] = r.String()
	}
	return strings.Join(s, ", ")
}

// audit compares every self-score with what the data supports: claims on computed
// indicators against their computed scores, hand-entered scores against the indicator's
// audit rules. It runs after scoring, over the scores in rubric order.
func (s *scorer) audit(scores []IndicatorScore) []Finding {
	var out []Finding
	var walk func(sc *IndicatorScore)
	walk = func(sc *IndicatorScore) {
		if f, ok := claimFinding(sc); ok {
			out = append(out, f)
		}
		if f, ok := s.auditFinding(sc); ok {
			out = append(out, f)
		}
		for i := range sc.Parts {
			walk(&sc.Parts[i])
		}
	}
	for i := range scores {
		walk(&scores[i])
	}
	return out
}

// claimFinding reports a claimed score that differs, as printed, from the computed one.
func claimFinding(sc *IndicatorScore) (Finding, bool) {
	if sc.Claimed == nil || sc.Indicator == nil {
		return Finding{}, false
	}
	claimed := *sc.Claimed
	if FormatScore(claimed) == FormatScore(sc.Score) {
		return Finding{}, false
	}
	ind := sc.Indicator
	cells := cellsOf(sc.ClaimCell)
	for _, in := range sc.Inputs {
		cells = append(cells, in.Cells...)
	}
	return Finding{
		Indicator: ind.ID, Name: ind.Name, Code: CodeClaimDiffers,
		Claimed: claimed, Supported: sc.Score, Cells: cells,
		Message: fmt.Sprintf("%s：自评得分 %s 分，按数据计算为 %s 分（%s）",
			ind.Name, FormatScore(claimed), FormatScore(sc.Score), sc.Working),
	}, true
}

// auditFinding scores a hand-scored indicator's audit rules (Indicator.Audit): each is a
// criterion of the indicator with its own points and a computed rule. The data supports at
// most the weight less what the criteria lose; a higher hand-entered score is a finding.
func (s *scorer) auditFinding(sc *IndicatorScore) (Finding, bool) {
	ind := sc.Indicator
	if ind == nil || len(ind.Audit) == 0 || sc.Entered == nil {
		return Finding{}, false
	}
	supported := ind.Weight
	var reasons []string
	keep := len(s.Checks) // scoring a criterion must not add checks: the score stands as entered
	defer func() { s.Checks = s.Checks[:keep] }()
	cells := cellsOf(sc.EnteredCell)
	for i := range ind.Audit {
		c := &ind.Audit[i]
		part := s.indicator(c, sc.Level1, sc.Level2)
		supported = supported.Sub(c.Weight.Sub(part.Score))
		for _, in := range part.Inputs {
			cells = append(cells, in.Cells...)
		}
		reasons = append(reasons, fmt.Sprintf("%s（%s 分）：%s", c.Name, points(c.Weight), part.Working))
	}
	supported = clamp(supported, ind.Weight)
	entered := clamp(*sc.Entered, ind.Weight)
	if !entered.Round(2).GreaterThan(supported.Round(2)) {
		return Finding{}, false
	}
	return Finding{
		Indicator: ind.ID, Name: ind.Name, Code: CodeAuditExceeds,
		Claimed: entered, Supported: supported, Cells: cells,
		Message: fmt.Sprintf("%s：自评得分 %s 分，数据支持至多 %s 分。%s",
			ind.Name, FormatScore(entered), FormatScore(supported), strings.Join(reasons, "；")),
	}, true
}
