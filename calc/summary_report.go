package calc

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// SummaryFigures are the facts the batch's own report (汇总报告, templates/summary.tmpl)
// states, formatted as printed: counts as integers, scores to 2 places (78.07), rates as
// percentages (99.19%). Built from a BatchSummary by Figures; the report's tables and chart
// take their rows from here too, so no writer formats or computes a figure.
type SummaryFigures struct {
	Year       int    // the batch's 年度; 0 when unknown
	YearPrefix string // 2020年度, or "" for a batch of several years

	Inputs     int // inputs found: Evaluated + Failed
	Evaluated  int // departments evaluated
	Failed     int // inputs that failed
	AnyFailed  bool
	AnyFinding bool

	AverageTotal string // mean 总分 of the evaluated departments
	MaxTotal     string
	MaxDept      string // the best department (the first of the ranking)
	MinTotal     string
	MinDept      string

	Grades    []GradeFigure  // one per grade, best first
	Bands     []BandFigure   // the totals' distribution over score bands, lowest first
	BandAxis  ChartAxis      // the count axis of the distribution chart
	Ratios    []RatioFigure  // the key ratios' averages and extremes
	Ranking   []RankFigure   // every evaluated department, best first
	Losses    []LossFigure   // the indicators where departments lost most points (at most TopLosses)
	Findings  []FindingGroup // the audit findings by indicator, most first
	FindingsN int            // findings in all
	// FindingDepts is how many departments have at least one finding.
	FindingDepts int
	Failures     []Failure

	Prior *PriorFigures // nil without --prior
}

// GradeFigure is how many departments earned a grade.
type GradeFigure struct {
	Grade string
	Count int
	Share string // 25.00%
}

// BandFigure is how many totals fall in a score band.
type BandFigure struct {
	Label string  // 60分以下, 60–70分 … 90分及以上
	Count int     //
	Value float64 // Count, for drawing only
}

// ChartAxis is a chart's value axis as calc chose it: 0 … Max in steps of Step.
type ChartAxis struct {
	Max, Step float64
	Unit      string
}

// RatioFigure is one key ratio across the batch.
type RatioFigure struct {
	Name    string
	Count   int // departments where it applies
	Mean    string
	Min     string
	MinDept string
	Max     string
	MaxDept string
}

// RankFigure is one line of the ranking.
type RankFigure struct {
	Rank          int
	Department    string
	Total         string
	Grade         string
	ExecutionRate string
	Findings      int
	PriorTotal    string // last year's 总分; "" when not compared
	Change        string // +10.21 / -4.50 / 0.00; "" when not compared
}

// LossFigure is one indicator where departments lost points.
type LossFigure struct {
	Name        string
	Weight      string
	MeanScore   string
	Lost        string // Σ points lost over the batch
	Count       int    // departments that lost points on it
	Departments string // the departments that lost most, with the points: 甲（2.00 分）、乙（1.50 分）
}

// FindingGroup is the audit findings on one indicator.
type FindingGroup struct {
	Name        string
	Count       int
	Departments string // 甲、乙、丙
}

// PriorFigures compare the batch with last year's.
type PriorFigures struct {
	Year     int
	Matched  int
	New      string // the departments new this year: 甲、乙; "" for none
	NewCount int
	Gone     string // last year's departments not in this batch
	GoneN    int
}

// TopLosses is how many indicators the report names where departments lost points, and
// TopLossDepartments how many departments it names for each.
const (
	TopLosses          = 5
	TopLossDepartments = 5
)

// summaryBands are the lower bounds of the score bands of the distribution chart.
var summaryBands = []int64{0, 60, 70, 80, 90}

// Figures formats the summary for the batch report.
func (s *BatchSummary) Figures() SummaryFigures {
	f := SummaryFigures{
		Year: s.Year, YearPrefix: s.YearPrefix,
		Evaluated: len(s.Departments), Failed: len(s.Failures), Failures: s.Failures,
		FindingsN: len(s.Findings),
	}
	f.Inputs = f.Evaluated + f.Failed
	f.AnyFailed = f.Failed > 0
	f.AnyFinding = f.FindingsN > 0
	if n := len(s.Departments); n > 0 {
		f.AverageTotal = FormatScore(s.Average.Total.Value)
		best, worst := s.Departments[0].Digest, s.Departments[n-1].Digest
		f.MaxTotal, f.MaxDept = FormatScore(best.Total), best.Department
		f.MinTotal, f.MinDept = FormatScore(worst.Total), worst.Department
	}
	for _, g := range s.GradeCounts {
		f.Grades = append(f.Grades, GradeFigure{Grade: g.Grade, Count: g.Count, Share: FormatPercent(g.Share)})
	}
	f.bands(s)
	for _, r := range s.KeyRatios {
		if !r.Applicable {
			f.Ratios = append(f.Ratios, RatioFigure{Name: r.Name, Mean: NotApplicable, Min: NotApplicable, Max: NotApplicable})
			continue
		}
		f.Ratios = append(f.Ratios, RatioFigure{
			Name: r.Name, Count: r.Count, Mean: FormatPercent(r.Mean),
			Min: FormatPercent(r.Min), MinDept: r.MinDept, Max: FormatPercent(r.Max), MaxDept: r.MaxDept,
		})
	}
	for _, r := range s.Departments {
		rf := RankFigure{
			Rank: r.Rank, Department: r.Digest.Department, Total: FormatScore(r.Digest.Total), Grade: r.Digest.Grade,
			ExecutionRate: NotApplicable, Findings: r.Findings,
		}
		if r.ExecutionRate.Valid {
			rf.ExecutionRate = FormatPercent(r.ExecutionRate.Value)
		}
		if p := r.Prior; p != nil {
			rf.PriorTotal = FormatScore(p.Total)
			rf.Change = signed(p.TotalChange)
		}
		f.Ranking = append(f.Ranking, rf)
	}
	for i, l := range s.Losses {
		if i == TopLosses {
			break
		}
		var names []string
		for k, d := range l.Departments {
			if k == TopLossDepartments {
				names[k-1] += "等"
				break
			}
			names = append(names, d.Department+"（"+FormatScore(d.Lost)+" 分）")
		}
		f.Losses = append(f.Losses, LossFigure{
			Name: l.Name, Weight: FormatScore(l.Weight), MeanScore: FormatScore(l.MeanScore), Lost: FormatScore(l.Lost),
			Count: len(l.Departments), Departments: joinNames(names),
		})
	}
	f.findings(s)
	if p := s.Prior; p != nil {
		f.Prior = &PriorFigures{Year: p.Year, Matched: p.Matched, New: joinNames(p.New), NewCount: len(p.New), Gone: joinNames(p.Gone), GoneN: len(p.Gone)}
	}
	return f
}

func (f *SummaryFigures) bands(s *BatchSummary) {
	counts := make([]int, len(summaryBands))
	for _, r := range s.Departments {
		t := r.Digest.Total.Round(2) // as printed, like the grade
		for i := len(summaryBands) - 1; i >= 0; i-- {
			if t.GreaterThanOrEqual(decimal.NewFromInt(summaryBands[i])) || i == 0 {
				counts[i]++
				break
			}
		}
	}
	top := 0
	for i, lo := range summaryBands {
		label := strconv.FormatInt(lo, 10) + "–" + strconv.FormatInt(lo+10, 10) + "分"
		switch {
		case i == 0:
			label = strconv.FormatInt(summaryBands[1], 10) + "分以下"
		case i == len(summaryBands)-1:
			label = strconv.FormatInt(lo, 10) + "分及以上"
		}
		f.Bands = append(f.Bands, BandFigure{Label: label, Count: counts[i], Value: float64(counts[i])})
		top = max(top, counts[i])
	}
	f.BandAxis = countAxis(top)
}

// countAxis is an axis for counts up to top: steps of 1, 2, 5, 10, 20, 50 … so that at most
// ten gridlines are drawn.
func countAxis(top int) ChartAxis {
	for mag := 1; ; mag *= 10 {
		for _, m := range []int{1, 2, 5} {
			if step := m * mag; top <= 10*step {
				axisTop := max((top+step-1)/step*step, step)
				return ChartAxis{Max: float64(axisTop), Step: float64(step), Unit: "个"}
			}
		}
	}
}

func (f *SummaryFigures) findings(s *BatchSummary) {
	byName := map[string]*FindingGroup{}
	var order []string
	depts := map[string]bool{}
	seen := map[string]map[string]bool{}
	names := map[string][]string{} // each group's departments, joined at the end (a batch has thousands)
	for _, fr := range s.Findings {
		name := fr.Finding.Name
		if name == "" {
			name = fr.Finding.Indicator
		}
		g, ok := byName[name]
		if !ok {
			g = &FindingGroup{Name: name}
			byName[name] = g
			order = append(order, name)
			seen[name] = map[string]bool{}
		}
		g.Count++
		if !seen[name][fr.Department] {
			seen[name][fr.Department] = true
			names[name] = append(names[name], fr.Department)
		}
		depts[fr.Department] = true
	}
	for _, n := range order {
		g := byName[n]
		g.Departments = strings.Join(names[n], "、")
		f.Findings = append(f.Findings, *g)
	}
	// Most findings first; ties keep the order of first appearance (汇总 order).
	for i := 1; i < len(f.Findings); i++ {
		for j := i; j > 0 && f.Findings[j].Count > f.Findings[j-1].Count; j-- {
			f.Findings[j], f.Findings[j-1] = f.Findings[j-1], f.Findings[j]
		}
	}
	f.FindingDepts = len(depts)
}

// signed shows a change to 2 places with its sign: +10.21, -4.50, 0.00.
func signed(d decimal.Decimal) string {
	if d.IsPositive() {
		return "+" + FormatScore(d)
	}
	return FormatScore(d)
}

// joinNames lists names with 、.
func joinNames(names []string) string {
	return strings.Join(names, "、")
}
