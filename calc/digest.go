package calc

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
)

// Digest is what the batch outputs (汇总, 汇总报告, 合订本's contents) need of one evaluated
// department, decoded from its result JSON (<stem>.json, SPEC §6). The batch outputs are
// built from digests, never from evaluations, so that `selfeval summary` — which has only
// earlier runs' --out folders — gives the same bytes as the run that wrote them. A digest
// holds a few KB, whatever the size of the department's workbook.
type Digest struct {
	Source     string // the input path, as the result JSON records it
	Stem       string // the department's file stem in its --out folder
	Department string // 部门名称
	Year       int
	Total      decimal.Decimal
	Grade      string
	Warnings   int
	Level1     []LevelScore
	Ratios     map[string]RatioDigest // by ratio key
	Indicators []IndicatorDigest      // the 三级指标, in rubric order
	Audit      []FindingDigest        // the audit's findings (SPEC §5a)
}

// LevelScore is the score of one 一级指标.
type LevelScore struct {
	Name   string
	Weight decimal.Decimal
	Score  decimal.Decimal
}

// RatioDigest is one ratio: its value (when applicable) and its two terms.
type RatioDigest struct {
	Name        string
	Applicable  bool
	Value       decimal.Decimal // zero when not applicable
	Numerator   decimal.Decimal
	Denominator decimal.Decimal
}

// IndicatorDigest is one 三级指标's score.
type IndicatorDigest struct {
	ID     string
	Name   string
	Level1 string
	Level2 string
	Weight decimal.Decimal
	Score  decimal.Decimal
}

// FindingDigest is one audit finding: a self-score the data does not support.
type FindingDigest struct {
	Indicator string // indicator id
	Name      string // the indicator's name, from the department's indicators
	Code      string
	Claimed   decimal.Decimal
	Supported decimal.Decimal
	Message   string
	Cells     []string
}

// digestJSON mirrors the keys of the result JSON that a digest reads. It is decoded from
// the file, not from Result, so that a digest reads every result JSON SPEC §6 describes.
type digestJSON struct {
	Department string      `json:"department"`
	Year       int         `json:"year"`
	Source     string      `json:"source"`
	Total      json.Number `json:"total"`
	Grade      string      `json:"grade"`
	Warnings   int         `json:"warnings"`
	Level1     []struct {
		Name   string      `json:"name"`
		Weight json.Number `json:"weight"`
		Score  json.Number `json:"score"`
	} `json:"level1"`
	Ratios map[string]struct {
		Name        string                      `json:"name"`
		Value       *json.Number                `json:"value"`
		Numerator   struct{ Value json.Number } `json:"numerator"`
		Denominator struct{ Value json.Number } `json:"denominator"`
	} `json:"ratios"`
	Indicators []struct {
		ID     string      `json:"id"`
		Name   string      `json:"name"`
		Weight json.Number `json:"weight"`
		Score  json.Number `json:"score"`
		Level1 string      `json:"level1"`
		Level2 string      `json:"level2"`
	} `json:"indicators"`
	Audit []FindingResult `json:"audit"`
}

// ErrDigest is wrapped by every error of DecodeDigest: the data is not a result JSON.
var ErrDigest = errors.New("不是 selfeval 的结果 JSON")

// DecodeDigest decodes a department's result JSON; stem is its file stem. Every number is
// read as an exact decimal.
func DecodeDigest(data []byte, stem string) (Digest, error) {
	var j digestJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return Digest{}, fmt.Errorf("%w：%v", ErrDigest, err)
	}
	if j.Department == "" {
		return Digest{}, fmt.Errorf("%w：缺少 department", ErrDigest)
	}
	var errs []error
	num := func(field string, n json.Number) decimal.Decimal {
		if n == "" {
			return decimal.Zero
		}
		d, err := decimal.NewFromString(string(n))
		if err != nil {
			errs = append(errs, fmt.Errorf("%w：%s 的值 %q 不是数字", ErrDigest, field, n))
		}
		return d
	}
	d := Digest{
		Source: j.Source, Stem: stem, Department: j.Department, Year: j.Year,
		Total: num("total", j.Total), Grade: j.Grade, Warnings: j.Warnings,
		Ratios: map[string]RatioDigest{},
	}
	for _, l := range j.Level1 {
		d.Level1 = append(d.Level1, LevelScore{Name: l.Name, Weight: num("level1.weight", l.Weight), Score: num("level1.score", l.Score)})
	}
	for key, r := range j.Ratios {
		rd := RatioDigest{Name: r.Name, Numerator: num(key, r.Numerator.Value), Denominator: num(key, r.Denominator.Value)}
		if r.Value != nil {
			rd.Applicable, rd.Value = true, num(key, *r.Value)
		}
		d.Ratios[key] = rd
	}
	names := map[string]string{}
	for _, in := range j.Indicators {
		d.Indicators = append(d.Indicators, IndicatorDigest{
			ID: in.ID, Name: in.Name, Level1: in.Level1, Level2: in.Level2,
			Weight: num(in.ID, in.Weight), Score: num(in.ID, in.Score),
		})
		names[in.ID] = in.Name
	}
	for _, f := range j.Audit {
		d.Audit = append(d.Audit, FindingDigest{
			Indicator: f.Indicator, Name: cmp.Or(f.Name, names[f.Indicator]), Code: f.Code,
			Claimed: num("audit.claimed", f.Claimed), Supported: num("audit.supported", f.Supported),
			Message: f.Message, Cells: f.Cells,
		})
	}
	if err := errors.Join(errs...); err != nil {
		return Digest{}, err
	}
	return d, nil
}

// Ratio returns the digest's ratio with the given key; a ratio the JSON lacks is not
// applicable.
func (d *Digest) Ratio(key string) RatioDigest {
	return d.Ratios[key]
}

// TotalDisplay is the total as printed: 90.73.
func (d *Digest) TotalDisplay() string { return FormatScore(d.Total) }

// Digest returns the evaluation's digest as a batch reads it back from <stem>.json: through
// its result JSON, so that a figure compared now is the figure the batch outputs compare.
func (e *Evaluation) Digest() (Digest, error) {
	data, err := e.Result().JSON(false)
	if err != nil {
		return Digest{}, err
	}
	return DecodeDigest(data, "")
}
