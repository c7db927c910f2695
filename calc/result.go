package calc

import (
	"bytes"
	"encoding/json"

	"github.com/shopspring/decimal"
)

// Result is the machine-readable form of an Evaluation (SPEC §6): what <stem>.json and each
// `run --json` line hold. Numbers are JSON numbers written from the exact decimals, never
// through float64: scores and the total at full precision, ratio values to 10 places.
type Result struct {
	Department   string                 `json:"department"`
	Year         int                    `json:"year"`
	Source       string                 `json:"source"`
	Total        json.Number            `json:"total"`
	TotalDisplay string                 `json:"total_display"` // 2 places: "90.73"
	Grade        string                 `json:"grade"`
	Warnings     int                    `json:"warnings"` // checks of level warning or error
	Level1       []Level1Result         `json:"level1"`
	Ratios       map[string]RatioResult `json:"ratios"` // by ratio key; marshalled in key order
	Indicators   []IndicatorResult      `json:"indicators"`
	Checks       []CheckResult          `json:"checks"`
	Audit        []FindingResult        `json:"audit"` // self-scores the data contradicts (SPEC §5a)
}

// FindingResult is one audit Finding: Claimed is the department's score, Supported the most
// the data allows.
type FindingResult struct {
	Indicator string      `json:"indicator"`
	Name      string      `json:"name"`
	Code      string      `json:"code"`
	Claimed   json.Number `json:"claimed"`
	Supported json.Number `json:"supported"`
	Message   string      `json:"message"`
	Cells     []string    `json:"cells"`
}

// Level1Result is the score of one 一级指标.
type Level1Result struct {
	Name         string      `json:"name"`
	Weight       json.Number `json:"weight"`
	Score        json.Number `json:"score"`
	ScoreDisplay string      `json:"score_display"`
}

// RatioResult is one ratio of SPEC §4. Value is null when the ratio is not applicable.
type RatioResult struct {
	Name        string       `json:"name"`
	Value       *json.Number `json:"value"`
	Display     string       `json:"display"` // "99.19%" or "—"
	Numerator   InputResult  `json:"numerator"`
	Denominator InputResult  `json:"denominator"`
}

// InputResult is one figure with the cells it came from ("表1-4!C9").
type InputResult struct {
	Name  string      `json:"name"`
	Value json.Number `json:"value"`
	Cells []string    `json:"cells"`
}

// IndicatorResult is the score of one 三级指标, or of one part of a sum.
type IndicatorResult struct {
	ID           string            `json:"id"`
	Name         string            `json:"name"`
	Weight       json.Number       `json:"weight"`
	Score        json.Number       `json:"score"`
	ScoreDisplay string            `json:"score_display"`
	Kind         string            `json:"kind"`
	Level1       string            `json:"level1"`
	Level2       string            `json:"level2"`
	Working      string            `json:"working"`
	Inputs       []InputResult     `json:"inputs"`
	Parts        []IndicatorResult `json:"parts,omitempty"`
	Claimed      *json.Number      `json:"claimed,omitempty"` // the department's own score for a computed indicator (评分录入)
	Note         string            `json:"note,omitempty"`    // 评分录入 说明
}

// CheckResult is one Check; Cell is the first of Cells, or "".
type CheckResult struct {
	Level   string   `json:"level"`
	Code    string   `json:"code"`
	Message string   `json:"message"`
	Cell    string   `json:"cell"`
	Cells   []string `json:"cells"`
}

// ratioValuePlaces is how many places a ratio's value keeps in the result.
const ratioValuePlaces = 10

// Result returns the evaluation in the shape of SPEC §6's result JSON.
func (e *Evaluation) Result() Result {
	d := e.Department
	res := Result{
		Department:   d.Info.Name,
		Year:         d.Info.Year,
		Source:       d.Source,
		Total:        number(e.Total),
		TotalDisplay: e.TotalDisplay(),
		Grade:        e.Grade,
		Warnings:     e.Warnings(),
		Level1:       []Level1Result{},
		Ratios:       map[string]RatioResult{},
		Indicators:   []IndicatorResult{},
		Checks:       []CheckResult{},
		Audit:        []FindingResult{},
	}
	if e.Rubric != nil {
		for i, s := range e.Level1Scores() {
			l := e.Rubric.Levels[i]
			res.Level1 = append(res.Level1, Level1Result{
				Name: l.Name, Weight: number(l.Weight), Score: number(s), ScoreDisplay: FormatScore(s),
			})
		}
	}
	for _, r := range e.Ratios {
		rr := RatioResult{
			Name:        r.Name,
			Display:     r.Display(),
			Numerator:   inputResult(r.Numerator),
			Denominator: inputResult(r.Denominator),
		}
		if r.Applicable() {
			v := number(r.Value().Round(ratioValuePlaces))
			rr.Value = &v
		}
		res.Ratios[r.Key] = rr
	}
	for _, s := range e.Scores {
		res.Indicators = append(res.Indicators, indicatorResult(s))
	}
	for _, c := range e.Checks {
		cr := CheckResult{Level: string(c.Level), Code: c.Code, Message: c.Message, Cells: cellStrings(c.Cells)}
		if len(cr.Cells) > 0 {
			cr.Cell = cr.Cells[0]
		}
		res.Checks = append(res.Checks, cr)
	}
	for _, f := range e.Audit {
		res.Audit = append(res.Audit, FindingResult{
			Indicator: f.Indicator, Name: f.Name, Code: f.Code,
			Claimed: number(f.Claimed), Supported: number(f.Supported),
			Message: f.Message, Cells: cellStrings(f.Cells),
		})
	}
	return res
}

func indicatorResult(s IndicatorScore) IndicatorResult {
	ir := IndicatorResult{
		Score:        number(s.Score),
		ScoreDisplay: FormatScore(s.Score),
		Level1:       s.Level1,
		Level2:       s.Level2,
		Working:      s.Working,
		Inputs:       []InputResult{},
	}
	if ind := s.Indicator; ind != nil {
		ir.ID, ir.Name, ir.Weight, ir.Kind = ind.ID, ind.Name, number(ind.Weight), ind.Rule.Kind
	} else {
		ir.Weight = number(decimal.Zero)
	}
	for _, in := range s.Inputs {
		ir.Inputs = append(ir.Inputs, inputResult(in))
	}
	for _, p := range s.Parts {
		ir.Parts = append(ir.Parts, indicatorResult(p))
	}
	if s.Claimed != nil {
		c := number(*s.Claimed)
		ir.Claimed = &c
	}
	ir.Note = s.Note
	return ir
}

func inputResult(in Input) InputResult {
	return InputResult{Name: in.Name, Value: number(in.Value), Cells: cellStrings(in.Cells)}
}

func cellStrings(cells []CellRef) []string {
	out := make([]string, 0, len(cells))
	for _, c := range cells {
		out = append(out, c.String())
	}
	return out
}

// number writes a decimal as a JSON number, exactly: decimal's String never uses an
// exponent and drops trailing zeros ("90.7341568", "5", "-0.5").
func number(d decimal.Decimal) json.Number { return json.Number(d.String()) }

// JSON returns the result as JSON ending in a newline, without HTML escaping so that
// messages such as "87.07% < 90%" stay readable: indented by two spaces for <stem>.json, or
// on one line for `run --json`.
func (r Result) JSON(indent bool) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
