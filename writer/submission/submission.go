// Package submission writes the workbook a department fills in and submits: blank for a
// year, rolled over from last year's, or filled (the example and the test fixtures).
//
// The workbook follows SPEC §3 and §7: a 填报说明 sheet first, then 基本信息, the tables
// 表1-1 … 表1-5, 评分录入 and 文字说明. Labels are locked (sheet protection without a
// password), input cells are unlocked and shaded light yellow and carry data validation
// with Chinese prompts, totals are formulas whose values are written as well so that WPS,
// previews and selfeval's reader see them without recalculating.
package submission

import (
	"fmt"
	"io"
	"time"

	"selfeval/calc"
)

// Layout chooses where the tables go. The reader must find them in every layout, so the
// test and sample workbooks use them all.
type Layout int

const (
	// Standard puts each table on its own sheet 表1-1 … 表1-5, starting at A1.
	Standard Layout = iota
	// OneSheet stacks all five tables on one sheet 预算表, a blank row between them.
	OneSheet
	// Shifted is Standard with every table starting at B3 below a remark line, as
	// hand-made workbooks often are.
	Shifted
)

// String returns the layout's name as used in sample file names.
func (l Layout) String() string {
	switch l {
	case Standard:
		return "standard"
	case OneSheet:
		return "onesheet"
	case Shifted:
		return "shifted"
	}
	return fmt.Sprintf("Layout(%d)", int(l))
}

// Options change how Write lays out the workbook. The zero value is the standard layout
// that `selfeval template` writes.
type Options struct {
	// Year is the 年度 written into 基本信息 when the department has none (d.Info.Year == 0).
	Year int

	// Layout places the tables: Standard (one sheet each), OneSheet or Shifted.
	Layout Layout

	// UnitYuan writes amounts in 元 (×10000) under 单位：元 instead of 万元.
	UnitYuan bool

	// NumbersAsText writes amounts and totals as text such as "16,535.40", and empty
	// amounts as "——", as some departments' own workbooks do. Totals are then plain text,
	// not formulas. Head counts and scores stay numbers.
	NumbersAsText bool

	// MessyLabels writes labels the way people type them: half-width brackets, stray
	// spaces, full-width digits, 表 1-1 with a space. Every label still normalises
	// (calc.NormalizeLabel) to its canonical key.
	MessyLabels bool

	// Rubric, when set, gives the 评分录入 rows (calc.ScoreEntries): every indicator with
	// its 满分, 评分方式 and 评分标准 and a validation 0 … weight, hand-scored rows first,
	// computed ones marked 系统计算（可填自评得分供核对）. When nil, 评分录入 lists only the
	// department's own ManualScores, without weights.
	Rubric *calc.Rubric

	// Date is written as the document's created and modified date. The zero value means
	// January 1 of the workbook's 年度 (never the wall clock), so that the same department
	// always gives the same bytes. cmd passes SOURCE_DATE_EPOCH here when it is set.
	Date time.Time
}

// Write writes d as a submission workbook to w. d may be a blank department (Blank,
// Rollover): its empty figures become empty input cells. The same d and opt always give
// the same bytes.
func Write(w io.Writer, d *calc.Department, opt Options) error {
	if d == nil {
		d = Blank(opt.Year, "")
	}
	b := newBook(d, opt)
	b.writeAll()
	if err := b.wb.Write(w); err != nil {
		return fmt.Errorf("write submission workbook: %w", err)
	}
	return nil
}

// Blank returns an empty department for year: the name (may be empty), the fixed rows of
// calc.Tables with no figures, and every narrative section with no text.
func Blank(year int, dept string) *calc.Department {
	d := &calc.Department{Info: calc.BasicInfo{Name: dept, Year: year}}
	for i, t := range d.Tables() {
		spec := calc.Tables[i]
		*t = spec.NewTable()
		for _, label := range spec.Rows {
			t.Rows = append(t.Rows, calc.NewRow(label))
		}
	}
	for _, k := range calc.NarrativeKeys {
		d.Narrative = append(d.Narrative, calc.NarrativeSection{Key: k})
	}
	return d
}

// Rollover returns next year's blank department from last year's: it keeps the name,
// 单位负责人, 填报人, 联系电话, the function categories of 表1-2, the asset categories of
// 表1-5, the narrative section keys and the names of the hand-entered scores; it clears
// every amount, head count, score and text.
func Rollover(last *calc.Department, year int) *calc.Department {
	d := Blank(year, last.Info.Name)
	d.Info.Head, d.Info.Preparer, d.Info.Phone = last.Info.Head, last.Info.Preparer, last.Info.Phone
	d.ByFunction.Rows = clearedRows(last.ByFunction.Rows, calc.Spec(calc.TableByFunction))
	d.Assets.Rows = clearedRows(last.Assets.Rows, calc.Spec(calc.TableAssets))
	d.Narrative = nil
	seen := map[string]bool{}
	for _, s := range last.Narrative {
		if !seen[s.Key] {
			seen[s.Key] = true
			d.Narrative = append(d.Narrative, calc.NarrativeSection{Key: s.Key})
		}
	}
	for _, k := range calc.NarrativeKeys {
		if !seen[k] {
			d.Narrative = append(d.Narrative, calc.NarrativeSection{Key: k})
		}
	}
	for _, m := range last.ManualScores {
		d.ManualScores = append(d.ManualScores, calc.ManualScore{Name: m.Name, Key: m.Key})
	}
	return d
}

// clearedRows copies rows' labels without their figures, making sure the table's fixed
// rows (总计, 合计) are there.
func clearedRows(rows []calc.Row, spec calc.TableSpec) []calc.Row {
	var out []calc.Row
	have := map[string]bool{}
	for _, r := range rows {
		if r.Label == "" {
			continue
		}
		out = append(out, calc.NewRow(r.Label))
		have[r.Key] = true
	}
	for _, label := range spec.Rows {
		if key, _, _ := calc.NormalizeLabel(label); !have[key] {
			out = append(out, calc.NewRow(label))
		}
	}
	return out
}
