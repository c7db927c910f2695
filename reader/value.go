package reader

import (
	"strings"

	"github.com/shopspring/decimal"

	"selfeval/calc"
)

// kind is what a cell is expected to hold.
type kind int

const (
	kindAmount   kind = iota // money ≥ 0 in the table's unit, converted to 万元
	kindQuantity             // a quantity ≥ 0 with no unit conversion (表1-5 数量: pieces or m²)
	kindCount                // a whole number ≥ 0 (人数, 项目数)
	kindPercent              // a fraction in [0, 1] (满意度, 利用率); 96% and 96 read as 0.96
	kindScore                // a hand-entered score ≥ 0
)

// cellFacts are what reading a figure found besides its value.
type cellFacts struct {
	blank    bool // empty or a dash: the figure counts as 0
	covered  bool // inside a merged range, not at its top-left: counted there
	external bool // a formula referring to another workbook
}

// figure reads the figure in cell (r, c) of sh. label names what the cell should hold for
// messages; unit is the unit amounts are stated in (万元 or 元). Numeric cells and numeric
// cached values of formulas are read raw; text is parsed strictly. A formula without a cached
// value, a cached error value, a boolean and anything not a number are errors.
func figure(sh *sheet, r, c int, label string, k kind, unit string) (calc.Value, cellFacts, error) {
	cell := ref(r, c)
	v := calc.Value{Cell: calc.CellRef{Sheet: sh.name, Cell: cell}}
	var facts cellFacts
	fail := func(val string, err error) (calc.Value, cellFacts, error) {
		return v, facts, &CellError{Sheet: sh.name, Cell: cell, Label: label, Value: val, Err: err}
	}
	if sh.covered(r, c) {
		facts.covered = true
		return v, facts, nil
	}
	raw := sh.at(r, c)
	typ, formula := typeText, "" // grids built in tests hold text
	if sh.meta != nil {
		typ, formula = sh.meta.cell(sh, r, c)
		if err := sh.meta.formulaErr(sh, r, c); err != nil {
			return fail("="+formula, err)
		}
	}
	facts.external = strings.Contains(formula, "[")
	if strings.TrimSpace(raw) == "" {
		facts.blank = true
		return v, facts, nil
	}
	switch typ {
	case typeBool:
		b := "TRUE"
		if strings.TrimSpace(raw) == "0" {
			b = "FALSE"
		}
		return fail(b, ErrBoolean)
	case typeError:
		return fail(raw, ErrErrorValue)
	case typeDate:
		return fail(raw, ErrNotNumber)
	}
	if isErrorValue(raw) {
		return fail(raw, ErrErrorValue)
	}

	var (
		d       decimal.Decimal
		present = true
		written string // the unit written after a text amount
		err     error
	)
	if typ == typeNumber {
		if d, err = parseRaw(raw); err == nil {
			switch k {
			case kindPercent:
				d, present, err = percentFraction(d, false)
			case kindCount:
				d, present, err = wholeCount(d)
			}
		}
	} else {
		switch k {
		case kindAmount:
			d, present, written, err = parseAmountUnit(raw)
		case kindQuantity:
			d, present, err = parseQuantity(raw)
		case kindCount:
			d, present, err = parseCount(raw)
		case kindPercent:
			d, present, err = parsePercent(raw)
		case kindScore:
			d, present, err = parseScore(raw)
		}
	}
	if err != nil {
		return fail(raw, err)
	}
	if !present {
		facts.blank = true
		return v, facts, nil
	}
	if d.IsNegative() {
		return fail(raw, ErrNegative)
	}
	if k == kindAmount {
		if written != "" && written != unit {
			return fail(raw, ErrUnitMismatch)
		}
		if unit == unitYuan {
			d = d.Shift(-4) // 元 → 万元, exact
		}
	}
	v.Amount, v.Present = d, true
	return v, facts, nil
}

// parseQuantity parses a quantity ≥ 0 written as text; no unit, no currency.
func parseQuantity(s string) (decimal.Decimal, bool, error) {
	s = cleanText(s)
	if s == "" || isDashes(s) {
		return decimal.Zero, false, nil
	}
	d, err := parseSigned(s, false)
	return d, err == nil, err
}
