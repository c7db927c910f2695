package calc

import (
	"cmp"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// Failure is an input of a batch that gave no evaluation, or whose outputs were not all
// written: 汇总 lists it first, with its error.
type Failure struct {
	Source string // the input path as given
	Error  string // why it failed, in Chinese, naming the file and cell where it can
}

// SummaryOptions configure Summarize. The zero value is usable.
type SummaryOptions struct {
	// Rubric names the level and indicator columns and orders the grades. Nil means the
	// first ranked department's levels and indicators, and no grade order.
	Rubric *Rubric
	// Prior are last year's departments (--prior): each department of this batch found
	// there by name is compared with it. Nil means no comparison.
	Prior []Digest
}

// BatchSummary is everything the batch's own outputs print (汇总.xlsx, 汇总报告), computed
// from the departments' digests and the failures. It does not depend on the order of its
// inputs: the same departments give the same summary however the batch was split.
type BatchSummary struct {
	Year       int    // the batch's 年度: common to every department, else the latest
	YearPrefix string // "2020年度" when every department has the same year, else ""
	Levels     []LevelColumn
	Indicators []IndicatorColumn
	Grades     []string // the rubric's grades, best first

	Departments []SummaryRow // ranked, best first; ties by name, then source
	Failures    []Failure    // by source
	Average     SummaryAverage

	GradeCounts []GradeCount  // one per grade of the rubric (then any other grade met), best first
	KeyRatios   []RatioStats  // the ratios' averages and extremes, in the order of RatioKeys
	Losses      []LossSummary // the indicators where departments lost points, most lost first
	Findings    []FindingRow  // every audit finding, departments in 汇总 order
	Prior       *PriorSummary // nil without --prior
}

// LevelColumn is a 一级指标 column of 汇总.
type LevelColumn struct {
	Name   string
	Weight decimal.Decimal
}

// IndicatorColumn is a 三级指标 column of 指标得分.
type IndicatorColumn struct {
	ID     string
	Name   string
	Weight decimal.Decimal
}

// OptionalDecimal is a figure that may be absent (a ratio not applicable, a score the
// department's rubric lacks).
type OptionalDecimal struct {
	Value decimal.Decimal
	Valid bool
}

// SummaryRow is one evaluated department in 汇总.
type SummaryRow struct {
	Rank          int // 排名: 1 for the best; equal printed totals share a rank
	Digest        Digest
	Adjusted      decimal.Decimal // 调整预算数 (表1-4 总计)
	Actual        decimal.Decimal // 实际支出数
	ExecutionRate OptionalDecimal // 预算执行率
	Levels        []OptionalDecimal
	Scores        []OptionalDecimal // by BatchSummary.Indicators
	GradeRank     int               // index of the grade in BatchSummary.Grades; -1 when not among them
	Findings      int               // 审核发现: how many audit findings
	Prior         *PriorComparison  // nil when the department is not in --prior
}

// SummaryAverage is 汇总's 平均 row: the mean over the evaluated departments (a ratio over
// those where it applies).
type SummaryAverage struct {
	Count         int
	Adjusted      OptionalDecimal
	Actual        OptionalDecimal
	ExecutionRate OptionalDecimal
	Levels        []OptionalDecimal
	Total         OptionalDecimal
	Scores        []OptionalDecimal
}

// GradeCount is how many departments earned a grade.
type GradeCount struct {
	Grade string
	Count int
	Share decimal.Decimal // of the evaluated departments, a fraction
}

// RatioStats are a ratio's mean, minimum and maximum over the departments where it applies.
type RatioStats struct {
	Key        string
	Name       string
	Count      int // departments where it applies
	Mean       decimal.Decimal
	Min, Max   decimal.Decimal
	MinDept    string // the department with the minimum (the first in 汇总 order)
	MaxDept    string
	Applicable bool // Count > 0
}

// LossSummary is one indicator's points lost across the batch.
type LossSummary struct {
	ID          string
	Name        string
	Weight      decimal.Decimal
	Lost        decimal.Decimal // Σ (weight − score) over the departments
	Departments []DepartmentLoss
	MeanScore   decimal.Decimal
}

// DepartmentLoss is one department's points lost on an indicator.
type DepartmentLoss struct {
	Department string
	Lost       decimal.Decimal
}

// FindingRow is one audit finding with its department, for 审核清单.
type FindingRow struct {
	Department string
	Year       int
	Finding    FindingDigest
	Excess     decimal.Decimal // claimed − supported
}

// PriorSummary compares the batch with last year's.
type PriorSummary struct {
	Year    int
	Matched int
	New     []string // departments of this batch not in last year's, by name
	Gone    []string // last year's departments not in this batch, by name
}

// PriorComparison is one department beside last year (SPEC §2 --prior).
type PriorComparison struct {
	Year          int
	Total         decimal.Decimal
	Grade         string
	TotalChange   decimal.Decimal // this year's printed total − last year's printed total
	ExecutionRate OptionalDecimal // last year's 预算执行率
	// ExecutionChange is this year's printed 预算执行率 − last year's, in percentage points;
	// invalid unless both apply.
	ExecutionChange OptionalDecimal
	// Sentence is the report's one sentence: 总分较上年提高 10.21 分，预算执行率较上年提高 5.00 个百分点。
	Sentence string
}

// Summarize computes a batch's summary from its departments' digests and its failures.
func Summarize(digests []Digest, failures []Failure, opt SummaryOptions) *BatchSummary {
	rows := make([]SummaryRow, len(digests))
	for i, d := range digests {
		rows[i] = SummaryRow{Digest: d}
	}
	slices.SortStableFunc(rows, func(a, b SummaryRow) int {
		if c := b.Digest.Total.Cmp(a.Digest.Total); c != 0 {
			return c
		}
		return cmp.Or(strings.Compare(a.Digest.Department, b.Digest.Department), strings.Compare(a.Digest.Source, b.Digest.Source))
	})
	fails := slices.Clone(failures)
	slices.SortStableFunc(fails, func(a, b Failure) int {
		return cmp.Or(strings.Compare(a.Source, b.Source), strings.Compare(a.Error, b.Error))
	})
	s := &BatchSummary{Departments: rows, Failures: fails}
	s.columns(opt.Rubric)
	s.year()

	var prior map[string]*Digest
	if opt.Prior != nil {
		prior = priorByName(opt.Prior)
	}
	for i := range s.Departments {
		r := &s.Departments[i]
		d := &r.Digest
		if i > 0 && s.Departments[i-1].Digest.Total.Round(2).Equal(d.Total.Round(2)) {
			r.Rank = s.Departments[i-1].Rank
		} else {
			r.Rank = i + 1
		}
		exec := d.Ratio(RatioExecution)
		r.Adjusted, r.Actual = exec.Denominator, exec.Numerator
		r.ExecutionRate = OptionalDecimal{exec.Value, exec.Applicable}
		r.Levels = make([]OptionalDecimal, len(s.Levels))
		for k, l := range s.Levels {
			for _, ls := range d.Level1 {
				if ls.Name == l.Name {
					r.Levels[k] = OptionalDecimal{ls.Score, true}
				}
			}
		}
		r.Scores = make([]OptionalDecimal, len(s.Indicators))
		for k, ind := range s.Indicators {
			for _, in := range d.Indicators {
				if in.ID == ind.ID {
					r.Scores[k] = OptionalDecimal{in.Score, true}
				}
			}
		}
		r.GradeRank = slices.Index(s.Grades, d.Grade)
		r.Findings = len(d.Audit)
		if p, ok := prior[d.Department]; ok {
			r.Prior = Compare(d, p)
		}
		for _, f := range d.Audit {
			s.Findings = append(s.Findings, FindingRow{Department: d.Department, Year: d.Year, Finding: f, Excess: f.Claimed.Sub(f.Supported)})
		}
	}
	s.average()
	s.grades()
	s.keyRatios()
	s.losses()
	if opt.Prior != nil {
		s.Prior = priorSummary(s, opt.Prior)
	}
	return s
}

// columns takes the level and indicator columns and the grades from the rubric, or from
// the first ranked department.
func (s *BatchSummary) columns(r *Rubric) {
	if r != nil {
		for _, l := range r.Levels {
			s.Levels = append(s.Levels, LevelColumn{Name: l.Name, Weight: l.Weight})
			for _, g := range l.Groups {
				for _, ind := range g.Indicators {
					s.Indicators = append(s.Indicators, IndicatorColumn{ID: ind.ID, Name: ind.Name, Weight: ind.Weight})
				}
			}
		}
		for _, g := range r.Grades {
			s.Grades = append(s.Grades, g.Name)
		}
		return
	}
	if len(s.Departments) == 0 {
		return
	}
	d := s.Departments[0].Digest
	for _, l := range d.Level1 {
		s.Levels = append(s.Levels, LevelColumn{Name: l.Name, Weight: l.Weight})
	}
	for _, in := range d.Indicators {
		s.Indicators = append(s.Indicators, IndicatorColumn{ID: in.ID, Name: in.Name, Weight: in.Weight})
	}
}

// year sets the batch's year: the common year, else the latest, else 0.
func (s *BatchSummary) year() {
	same := true
	for i, r := range s.Departments {
		y := r.Digest.Year
		if i > 0 && y != s.Year {
			same = false
		}
		s.Year = max(s.Year, y)
	}
	if same && s.Year != 0 {
		s.YearPrefix = yearText(s.Year)
	}
}

// yearText is "2020年度".
func yearText(year int) string {
	return decimal.NewFromInt(int64(year)).String() + "年度"
}

// meanPlaces is how many places a mean keeps: far more than any output prints.
const meanPlaces = 10

// mean is the mean of the valid values.
func mean(values []OptionalDecimal) OptionalDecimal {
	sum, n := decimal.Zero, 0
	for _, v := range values {
		if v.Valid {
			sum = sum.Add(v.Value)
			n++
		}
	}
	if n == 0 {
		return OptionalDecimal{}
	}
	return OptionalDecimal{sum.DivRound(decimal.NewFromInt(int64(n)), meanPlaces), true}
}

// column collects one figure of every department.
func (s *BatchSummary) column(f func(r *SummaryRow) OptionalDecimal) []OptionalDecimal {
	out := make([]OptionalDecimal, len(s.Departments))
	for i := range s.Departments {
		out[i] = f(&s.Departments[i])
	}
	return out
}

func (s *BatchSummary) average() {
	a := &s.Average
	a.Count = len(s.Departments)
	a.Adjusted = mean(s.column(func(r *SummaryRow) OptionalDecimal { return OptionalDecimal{r.Adjusted, true} }))
	a.Actual = mean(s.column(func(r *SummaryRow) OptionalDecimal { return OptionalDecimal{r.Actual, true} }))
	a.ExecutionRate = mean(s.column(func(r *SummaryRow) OptionalDecimal { return r.ExecutionRate }))
	a.Total = mean(s.column(func(r *SummaryRow) OptionalDecimal { return OptionalDecimal{r.Digest.Total, true} }))
	for k := range s.Levels {
		a.Levels = append(a.Levels, mean(s.column(func(r *SummaryRow) OptionalDecimal { return r.Levels[k] })))
	}
	for k := range s.Indicators {
		a.Scores = append(a.Scores, mean(s.column(func(r *SummaryRow) OptionalDecimal { return r.Scores[k] })))
	}
}

func (s *BatchSummary) grades() {
	counts := map[string]int{}
	var other []string
	for _, r := range s.Departments {
		g := r.Digest.Grade
		if counts[g] == 0 && !slices.Contains(s.Grades, g) {
			other = append(other, g)
		}
		counts[g]++
	}
	n := decimal.NewFromInt(int64(max(len(s.Departments), 1)))
	for _, g := range append(slices.Clone(s.Grades), other...) {
		c := counts[g]
		s.GradeCounts = append(s.GradeCounts, GradeCount{Grade: g, Count: c, Share: decimal.NewFromInt(int64(c)).DivRound(n, meanPlaces)})
	}
}

// summaryRatioKeys are the ratios the batch report states: RatioKeys, then any other key a
// department's result carries (e.g. a newer selfeval's), in key order.
func (s *BatchSummary) summaryRatioKeys() []string {
	keys := slices.Clone(RatioKeys)
	var extra []string
	for _, r := range s.Departments {
		for k := range r.Digest.Ratios {
			if !slices.Contains(keys, k) && !slices.Contains(extra, k) {
				extra = append(extra, k)
			}
		}
	}
	slices.Sort(extra)
	return append(keys, extra...)
}

func (s *BatchSummary) keyRatios() {
	for _, key := range s.summaryRatioKeys() {
		st := RatioStats{Key: key, Name: ratioNames[key]}
		sum := decimal.Zero
		for _, r := range s.Departments {
			rd, ok := r.Digest.Ratios[key]
			if !ok {
				continue
			}
			if st.Name == "" {
				st.Name = rd.Name
			}
			if !rd.Applicable {
				continue
			}
			if st.Count == 0 || rd.Value.LessThan(st.Min) {
				st.Min, st.MinDept = rd.Value, r.Digest.Department
			}
			if st.Count == 0 || rd.Value.GreaterThan(st.Max) {
				st.Max, st.MaxDept = rd.Value, r.Digest.Department
			}
			sum = sum.Add(rd.Value)
			st.Count++
		}
		if st.Name == "" {
			continue // no department has it
		}
		if st.Count > 0 {
			st.Applicable = true
			st.Mean = sum.DivRound(decimal.NewFromInt(int64(st.Count)), meanPlaces)
		}
		s.KeyRatios = append(s.KeyRatios, st)
	}
}

func (s *BatchSummary) losses() {
	for k, ind := range s.Indicators {
		l := LossSummary{ID: ind.ID, Name: ind.Name, Weight: ind.Weight}
		var scores []OptionalDecimal
		for _, r := range s.Departments {
			sc := r.Scores[k]
			if !sc.Valid {
				continue
			}
			scores = append(scores, sc)
			if lost := ind.Weight.Sub(sc.Value); lost.IsPositive() {
				l.Lost = l.Lost.Add(lost)
				l.Departments = append(l.Departments, DepartmentLoss{Department: r.Digest.Department, Lost: lost})
			}
		}
		if len(l.Departments) == 0 {
			continue
		}
		l.MeanScore = mean(scores).Value
		slices.SortStableFunc(l.Departments, func(a, b DepartmentLoss) int { return b.Lost.Cmp(a.Lost) })
		s.Losses = append(s.Losses, l)
	}
	slices.SortStableFunc(s.Losses, func(a, b LossSummary) int { return b.Lost.Cmp(a.Lost) })
}

// PriorIndex is last year's departments by name (--prior).
type PriorIndex map[string]*Digest

// IndexPrior indexes last year's departments by name; of two with one name, the first by
// source wins. Nil for none.
func IndexPrior(prior []Digest) PriorIndex {
	if prior == nil {
		return nil
	}
	return priorByName(prior)
}

// CompareEvaluation sets e.Prior when last year's batch has the department.
func (ix PriorIndex) CompareEvaluation(e *Evaluation) error {
	if ix == nil || e.Department == nil {
		return nil
	}
	p, ok := ix[e.Department.Info.Name]
	if !ok {
		return nil
	}
	d, err := e.Digest()
	if err != nil {
		return err
	}
	e.Prior = Compare(&d, p)
	return nil
}

// priorByName indexes last year's departments by name; of two with one name, the first
// by source wins.
func priorByName(prior []Digest) map[string]*Digest {
	m := map[string]*Digest{}
	for i := range prior {
		p := &prior[i]
		if q, ok := m[p.Department]; !ok || p.Source < q.Source {
			m[p.Department] = p
		}
	}
	return m
}

func priorSummary(s *BatchSummary, prior []Digest) *PriorSummary {
	ps := &PriorSummary{}
	byName := priorByName(prior)
	now := map[string]bool{}
	for _, r := range s.Departments {
		now[r.Digest.Department] = true
		if r.Prior != nil {
			ps.Matched++
		} else if !slices.Contains(ps.New, r.Digest.Department) {
			ps.New = append(ps.New, r.Digest.Department)
		}
	}
	for name, p := range byName {
		ps.Year = max(ps.Year, p.Year)
		if !now[name] {
			ps.Gone = append(ps.Gone, name)
		}
	}
	slices.Sort(ps.New)
	slices.Sort(ps.Gone)
	return ps
}

// Compare puts a department beside its digest of last year. The changes are differences
// of the printed figures, so a reader can check them against the printed numbers.
func Compare(now, prior *Digest) *PriorComparison {
	c := &PriorComparison{Year: prior.Year, Total: prior.Total, Grade: prior.Grade}
	c.TotalChange = now.Total.Round(2).Sub(prior.Total.Round(2))
	e, pe := now.Ratio(RatioExecution), prior.Ratio(RatioExecution)
	c.ExecutionRate = OptionalDecimal{pe.Value, pe.Applicable}
	if e.Applicable && pe.Applicable {
		c.ExecutionChange = OptionalDecimal{e.Value.Mul(hundred).Round(2).Sub(pe.Value.Mul(hundred).Round(2)), true}
	}
	c.Sentence = "总分" + changeWords(c.TotalChange, "分")
	if c.ExecutionChange.Valid {
		c.Sentence += "，预算执行率" + changeWords(c.ExecutionChange.Value, "个百分点")
	}
	c.Sentence += "。"
	return c
}

// changeWords is "较上年提高 10.21 分", "较上年降低 0.50 个百分点" or "与上年持平".
func changeWords(change decimal.Decimal, unit string) string {
	switch change.Sign() {
	case 1:
		return "较上年提高 " + change.StringFixed(2) + " " + unit
	case -1:
		return "较上年降低 " + change.Neg().StringFixed(2) + " " + unit
	}
	return "与上年持平"
}
