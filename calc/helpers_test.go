package calc_test

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"selfeval/calc"
	"selfeval/fixture"
	"selfeval/templates"
)

// seed returns the seed department with a cell on every figure, as a reader would give it:
// table rows from row 4 on, label in A, values from B in the table's column order;
// 基本信息 values in B; 评分录入 scores in B.
func seed(t testing.TB) *calc.Department {
	t.Helper()
	return withCells(fixture.Seed())
}

func withCells(d *calc.Department) *calc.Department {
	for _, tb := range d.Tables() {
		sheet := "表" + tb.ID
		tb.Source = calc.CellRef{Sheet: sheet, Cell: "A1"}
		for i := range tb.Rows {
			r := &tb.Rows[i]
			n := i + 4
			r.Cell = calc.CellRef{Sheet: sheet, Cell: fmt.Sprintf("A%d", n)}
			for j, col := range tb.Columns {
				v := r.Values[col.Key]
				v.Cell = calc.CellRef{Sheet: sheet, Cell: fmt.Sprintf("%c%d", 'B'+j, n)}
				r.Values[col.Key] = v
			}
		}
	}
	for i, label := range calc.InfoItems {
		if v, ok := d.Info.Figure(label); ok {
			v.Cell = calc.CellRef{Sheet: calc.SheetInfo, Cell: fmt.Sprintf("B%d", i+2)}
		}
	}
	for i := range d.ManualScores {
		d.ManualScores[i].Score.Cell = calc.CellRef{Sheet: calc.SheetManual, Cell: fmt.Sprintf("B%d", i+2)}
	}
	return d
}

// cell returns the CellRef of a table figure, failing the test when the row is missing.
func cell(t *testing.T, tb *calc.Table, row, col string) calc.CellRef {
	t.Helper()
	r, ok := tb.Row(row)
	if !ok {
		t.Fatalf("表%s has no row %s", tb.ID, row)
	}
	return r.Value(col).Cell
}

// set changes a table figure, keeping its cell.
func set(t *testing.T, tb *calc.Table, row, col, amount string) {
	t.Helper()
	r, ok := tb.Row(row)
	if !ok {
		t.Fatalf("表%s has no row %s", tb.ID, row)
	}
	v := r.Values[col]
	v.Amount, v.Present = dec(amount), true
	r.Values[col] = v
}

// setInfo changes a 基本信息 figure.
func setInfo(t *testing.T, d *calc.Department, label, amount string) {
	t.Helper()
	v, ok := d.Info.Figure(label)
	if !ok {
		t.Fatalf("no 基本信息 figure %s", label)
	}
	v.Amount, v.Present = dec(amount), true
}

// setManual changes a 评分录入 score.
func setManual(t *testing.T, d *calc.Department, name, amount string) calc.CellRef {
	t.Helper()
	key, _, _ := calc.NormalizeLabel(name)
	for i := range d.ManualScores {
		if d.ManualScores[i].Key == key {
			d.ManualScores[i].Score.Amount = dec(amount)
			return d.ManualScores[i].Score.Cell
		}
	}
	t.Fatalf("no 评分录入 row %s", name)
	return calc.CellRef{}
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func defaultRubric(t testing.TB) *calc.Rubric {
	t.Helper()
	r, err := templates.DefaultRubric()
	if err != nil {
		t.Fatalf("DefaultRubric() error: %v", err)
	}
	return r
}

// scoreOf returns the score of the indicator (or part) with the given id.
func scoreOf(t *testing.T, e *calc.Evaluation, id string) calc.IndicatorScore {
	t.Helper()
	var find func(ss []calc.IndicatorScore) (calc.IndicatorScore, bool)
	find = func(ss []calc.IndicatorScore) (calc.IndicatorScore, bool) {
		for _, s := range ss {
			if s.Indicator.ID == id {
				return s, true
			}
			if p, ok := find(s.Parts); ok {
				return p, true
			}
		}
		return calc.IndicatorScore{}, false
	}
	s, ok := find(e.Scores)
	if !ok {
		t.Fatalf("no score for indicator %s", id)
	}
	return s
}

// checksWithCode returns the checks with the given code.
func checksWithCode(checks []calc.Check, code string) []calc.Check {
	var out []calc.Check
	for _, c := range checks {
		if c.Code == code {
			out = append(out, c)
		}
	}
	return out
}

// hasCells reports whether the check points at every one of cells.
func hasCells(c calc.Check, cells ...calc.CellRef) bool {
	for _, want := range cells {
		found := false
		for _, got := range c.Cells {
			if got == want {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}
