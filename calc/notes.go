package calc

import (
	"fmt"
	"regexp"

	"github.com/shopspring/decimal"
)

// criteriaPoints finds the points a 评分标准 gives its criteria: （1分）, (1.5分).
var criteriaPoints = regexp.MustCompile(`[（(]\s*([0-9]+(?:\.[0-9]+)?)\s*分\s*[）)]`)

// Notes returns what a reader of the rubric should know although it is valid: indicators
// whose 评分标准 give their criteria more points than the indicator's weight (the seed's
// 绩效目标完整性 says 8 分 within a weight of 5). `selfeval rubric` prints them.
func (r *Rubric) Notes() []string {
	var out []string
	var walk func(ind *Indicator)
	walk = func(ind *Indicator) {
		sum, n := decimal.Zero, 0
		for _, m := range criteriaPoints.FindAllStringSubmatch(ind.Criteria, -1) {
			if p, err := decimal.NewFromString(m[1]); err == nil {
				sum = sum.Add(p)
				n++
			}
		}
		if n > 0 && sum.GreaterThan(ind.Weight) {
			out = append(out, fmt.Sprintf("指标 %s（%s）：评分标准各项分值之和 %s 分超过权重 %s 分，按权重计分",
				ind.ID, ind.Name, sum, ind.Weight))
		}
		for i := range ind.Rule.Parts {
			walk(&ind.Rule.Parts[i])
		}
	}
	for i := range r.Levels {
		for j := range r.Levels[i].Groups {
			for k := range r.Levels[i].Groups[j].Indicators {
				walk(&r.Levels[i].Groups[j].Indicators[k])
			}
		}
	}
	return out
}
