package calc

import (
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// Consistency checks that the submission's tables agree with themselves and with each
// other (SPEC §3). Totals are compared exactly: amounts are decimals, and a submission in
// 元 converts to 万元 without rounding, so any difference is a real one. Only top-level
// rows are added up, never 其中 rows or sub-items. Disagreements are warnings naming every
// cell involved; a missing required row is an error.
func Consistency(d *Department) []Check {
	c := &checker{}
	c.requiredRows(d)
	c.funding(&d.Funding)
	c.byFunction(&d.ByFunction)
	c.byUse(&d.ByUse)
	c.crossTables(d)
	c.execution(&d.Execution)
	c.assets(&d.Assets)
	return c.Checks
}

type checker struct{ Checks }

func tableByID(d *Department, id string) *Table {
	switch id {
	case TableFunding:
		return &d.Funding
	case TableByFunction:
		return &d.ByFunction
	case TableByUse:
		return &d.ByUse
	case TableExecution:
		return &d.Execution
	case TableAssets:
		return &d.Assets
	}
	return nil
}

// requiredRows reports the rows of the table schema (TableSpec.Rows) a submission lacks: a
// missing required row is an error; a missing optional one (TableSpec.Optional, 表1-4's memo
// rows) a warning, the figures counted as 0.
func (c *checker) requiredRows(d *Department) {
	for _, spec := range Tables {
		t := tableByID(d, spec.ID)
		if len(t.Rows) == 0 {
			c.Add(SeverityError, CodeMissingRow, cellsOf(t.Source), "表%s %s 缺失或没有数据行", spec.ID, spec.Title)
			continue
		}
		for _, label := range spec.Rows {
			key, _, _ := NormalizeLabel(label)
			if _, ok := t.Row(key); ok || key == "" {
				continue
			}
			if spec.IsOptional(key) {
				c.Add(SeverityWarning, CodeMissingRow, cellsOf(t.Source), "表%s 缺少%s行，按 0 计", spec.ID, quoted(rowTitle(key)))
			} else {
				c.Add(SeverityError, CodeMissingRow, cellsOf(t.Source), "表%s 缺少%s行", spec.ID, quoted(rowTitle(key)))
			}
		}
	}
}

// quoted puts a label in Chinese quotes unless it carries its own: 总计 → “总计”, but
// “三公”经费 stays as it is (never ““三公”经费”).
func quoted(label string) string {
	if strings.ContainsAny(label, "“”") {
		return label
	}
	return "“" + label + "”"
}

// figure is one amount of a table with its name and cell, for comparison.
type figure struct {
	name  string
	value decimal.Decimal
	cells []CellRef
}

func rowFigure(t *Table, id string, r *Row, col string) figure {
	v := r.Value(col)
	return figure{name: "表" + id + " " + rowLabel(r) + " " + columnTitle(col), value: v.Amount, cells: cellsOf(v.Cell)}
}

// rowLabel is a row as named in messages: its key (without numbering), quotes restored.
func rowLabel(r *Row) string { return rowTitle(r.Key) }

// sumFigure adds the rows' figures in column col.
func sumFigure(name string, rows []*Row, col string) figure {
	f := figure{name: name, value: decimal.Zero}
	for _, r := range rows {
		v := r.Value(col)
		f.value = f.value.Add(v.Amount)
		f.cells = append(f.cells, cellsOf(v.Cell)...)
	}
	return f
}

// equal adds a warning when a ≠ b, naming both figures and every cell behind them.
func (c *checker) equal(code string, a, b figure) {
	if a.value.Equal(b.value) {
		return
	}
	sa, sb := amountPair(a.value, b.value)
	cells := append(append([]CellRef(nil), a.cells...), b.cells...)
	c.Add(SeverityWarning, code, cells, "%s %s ≠ %s %s（相差 %s）",
		a.name, sa, b.name, sb, a.value.Sub(b.value).Abs().String())
}

// amountPair formats two different amounts so that they look different: to 2 places,
// or in full when they round alike.
func amountPair(a, b decimal.Decimal) (string, string) {
	sa, sb := FormatAmount(a), FormatAmount(b)
	if sa == sb {
		return a.String(), b.String()
	}
	return sa, sb
}

// rows returns the table's rows with the given keys that are present, in that order.
func rows(t *Table, keys ...string) []*Row {
	var out []*Row
	for _, k := range keys {
		if r, ok := t.Row(k); ok && !r.Memo {
			out = append(out, r)
		}
	}
	return out
}

// topLevel returns the rows that make up a table's total: not 其中 rows, not the totals
// named in exclude, and, when rows carry numbering, only those numbered at the highest
// level present (（一）… in 表1-5, whose 1. 2. rows and unnumbered rows are sub-items).
func topLevel(t *Table, exclude ...string) []*Row {
	var cand []*Row
	best := -1
	for i := range t.Rows {
		r := &t.Rows[i]
		if r.Memo || slices.Contains(exclude, r.Key) {
			continue
		}
		cand = append(cand, r)
		if r.Numbering != "" {
			if rank := numberingRank(r.Numbering); best < 0 || rank < best {
				best = rank
			}
		}
	}
	if best < 0 {
		return cand
	}
	var out []*Row
	for _, r := range cand {
		if r.Numbering != "" && numberingRank(r.Numbering) == best {
			out = append(out, r)
		}
	}
	return out
}

// numberingRank orders numbering styles from the outermost: 一、 (一) 1. (1).
func numberingRank(n string) int {
	switch {
	case strings.HasPrefix(n, "(") && len(n) > 1 && n[1] >= '0' && n[1] <= '9':
		return 3
	case strings.HasPrefix(n, "("):
		return 1
	case n[0] >= '0' && n[0] <= '9':
		return 2
	}
	return 0
}

var budgetColumns = []string{ColInitial, ColAdjusted}

// funding: 本年收入合计 = 一 … 八 and 总计 = 本年收入合计.
func (c *checker) funding(t *Table) {
	id := TableFunding
	income, okIncome := t.Row(RowIncomeTotal)
	total, okTotal := t.Row(RowTotal)
	sources := rows(t, FundingSourceRows...)
	for _, col := range budgetColumns {
		if okIncome {
			c.equal(CodeTotalMismatch, rowFigure(t, id, income, col), sumFigure("一 … 八 之和", sources, col))
		}
		if okIncome && okTotal {
			c.equal(CodeTotalMismatch, rowFigure(t, id, total, col), rowFigure(t, id, income, col))
		}
	}
}

// byFunction: 总计 = the function categories.
func (c *checker) byFunction(t *Table) {
	total, ok := t.Row(RowTotal)
	if !ok {
		return
	}
	cats := topLevel(t, RowTotal)
	for _, col := range budgetColumns {
		c.equal(CodeTotalMismatch, rowFigure(t, TableByFunction, total, col), sumFigure("各功能分类之和", cats, col))
	}
}

// byUse: 基本支出 = 人员经费 + 公用经费; 总计 = 基本 + 项目 + 上缴上级 + 经营 + 对附属单位.
func (c *checker) byUse(t *Table) {
	id := TableByUse
	basic, okBasic := t.Row(RowBasic)
	total, okTotal := t.Row(RowTotal)
	for _, col := range budgetColumns {
		if okBasic {
			c.equal(CodeTotalMismatch, rowFigure(t, id, basic, col),
				sumFigure("人员经费 + 公用经费", rows(t, RowPersonnel, RowPublic), col))
		}
		if okTotal {
			c.equal(CodeTotalMismatch, rowFigure(t, id, total, col),
				sumFigure("基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助支出",
					rows(t, RowBasic, RowProject, RowRemitted, RowOperating, RowSubsidiary), col))
		}
	}
}

// crossTables: the 总计 of 1-1, 1-2 and 1-3 agree (年初 and 调整) and 1-4's 调整预算数 总计
// equals them.
func (c *checker) crossTables(d *Department) {
	type tot struct {
		id  string
		t   *Table
		row *Row
	}
	var tots []tot
	for _, x := range []struct {
		id string
		t  *Table
	}{{TableFunding, &d.Funding}, {TableByFunction, &d.ByFunction}, {TableByUse, &d.ByUse}} {
		if r, ok := x.t.Row(RowTotal); ok {
			tots = append(tots, tot{x.id, x.t, r})
		}
	}
	if len(tots) == 0 {
		return
	}
	ref := tots[0]
	for _, col := range budgetColumns {
		for _, o := range tots[1:] {
			c.equal(CodeTablesDisagree, rowFigure(o.t, o.id, o.row, col), rowFigure(ref.t, ref.id, ref.row, col))
		}
	}
	if r, ok := d.Execution.Row(RowTotal); ok {
		c.equal(CodeTablesDisagree, rowFigure(&d.Execution, TableExecution, r, ColAdjusted),
			rowFigure(ref.t, ref.id, ref.row, ColAdjusted))
	}
}

var quarterNames = [4]string{"一季度", "二季度", "三季度", "四季度"}

// execution: 人员经费 + 公用经费 + 项目支出 = 总计 (调整 and 实际); cumulative quarterly
// spending never decreases and 四季度 = 实际支出数.
func (c *checker) execution(t *Table) {
	id := TableExecution
	if total, ok := t.Row(RowTotal); ok {
		parts := rows(t, RowPersonnel, RowPublic, RowProject)
		for _, col := range []string{ColAdjusted, ColActual} {
			c.equal(CodeTotalMismatch, rowFigure(t, id, total, col), sumFigure("人员经费 + 公用经费 + 项目支出", parts, col))
		}
	}
	for i := range t.Rows {
		r := &t.Rows[i]
		prev := -1
		for q, col := range QuarterColumns {
			v := r.Value(col)
			if !v.Present {
				continue
			}
			if prev >= 0 {
				p := r.Value(QuarterColumns[prev])
				if v.Amount.LessThan(p.Amount) {
					sp, sv := amountPair(p.Amount, v.Amount)
					c.Add(SeverityWarning, CodeQuarterDecrease, cellsOf(p.Cell, v.Cell),
						"表%s %s %s累计支出 %s 小于%s累计支出 %s：累计支出不应减少",
						id, rowLabel(r), quarterNames[q], sv, quarterNames[prev], sp)
				}
			}
			prev = q
		}
		if q4 := r.Value(ColQ4); q4.Present {
			c.equal(CodeQuarterActual, rowFigure(t, id, r, ColQ4), rowFigure(t, id, r, ColActual))
		}
	}
}

// assets: 合计 = the top-level categories (原值, 在用, and 数量 when 合计 has one);
// 在用 ≤ 原值 on every row.
func (c *checker) assets(t *Table) {
	id := TableAssets
	if sum, ok := t.Row(RowSum); ok {
		cats := topLevel(t, RowSum, RowTotal)
		for _, col := range []string{ColCount, ColOriginal, ColInUse} {
			if col == ColCount && !sum.Value(col).Present {
				continue
			}
			c.equal(CodeTotalMismatch, rowFigure(t, id, sum, col), sumFigure("各类别之和", cats, col))
		}
	}
	for i := range t.Rows {
		r := &t.Rows[i]
		inUse, orig := r.Value(ColInUse), r.Value(ColOriginal)
		if inUse.Amount.GreaterThan(orig.Amount) {
			su, so := amountPair(inUse.Amount, orig.Amount)
			c.Add(SeverityWarning, CodeInUseExceeds, cellsOf(inUse.Cell, orig.Cell),
				"表%s %s 在用 %s 大于原值 %s", id, rowLabel(r), su, so)
		}
	}
}
