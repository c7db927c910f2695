package submission

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"selfeval/calc"
)

// assetRows are 表1-5's category rows as the seed prints them (SPEC §3: "as in the seed").
var assetRows = []string{
	"合计",
	"（一）土地、房屋及构筑物",
	"其中：1.土地(平方米)",
	"2.房屋(平方米)",
	"办公用房",
	"其中：本单位实际使用办公室用房",
	"业务用房",
	"其他用房",
	"（二）通用设备(个、台、辆等)",
	"其中：1.车辆",
	"2.单价50万(含)以上(不含车辆)",
	"（三）专用设备(个、台等)",
	"其中：单价100万(含)以上",
	"（四）文物和陈列品(个、件等)",
	"其中：文物",
	"（五）图书档案(本、套等)",
	"（六）家具、用具、装具及动植物(个、套等)",
	"其中：家具用具",
}

// Blank category rows of 表1-2: a blank template has blankCategories rows; a rolled-over
// one at least minSpareCategories more than its categories.
const (
	blankCategories    = 10
	minSpareCategories = 3
)

// cellRole says what a value cell of a table is.
type cellRole int

const (
	roleInput cellRole = iota // the department types a figure: unlocked, shaded
	roleTotal                 // a sum of other rows: formula, locked
	roleNone                  // not asked for (e.g. 表1-4 quarters outside 总计): locked, grey
	roleRate                  // 表1-5 利用率: 在用 / 原值, locked
)

// gridRow is one row of a table as it is laid out.
type gridRow struct {
	label      string
	key        string
	memo       bool
	numbering  string
	labelInput bool      // the label itself is typed by the department (表1-2 categories)
	src        *calc.Row // the department's row, nil when it has none
	// sums maps a column to the rows (indices into the table's rows) whose sum this
	// row's cell is; set on total rows only.
	sums map[string][]int
	// skipMemo (表1-2's 总计) adds up the rows in sums whose label does not begin with 其中,
	// with a SUMIF on the labels, so rows the department types in are counted right.
	skipMemo bool
}

func (g *gridRow) value(col string) calc.Value {
	if g.src == nil {
		return calc.Value{}
	}
	return g.src.Values[col]
}

func (g *gridRow) isTotal() bool { return len(g.sums) > 0 }

// role returns the role of the row's cell in column col of table id.
func (g *gridRow) role(id, col string) cellRole {
	if col == calc.ColUseRate {
		return roleRate
	}
	if _, ok := g.sums[col]; ok {
		return roleTotal
	}
	switch id {
	case calc.TableExecution:
		isQuarter := col == calc.ColQ1 || col == calc.ColQ2 || col == calc.ColQ3 || col == calc.ColQ4
		if isQuarter && g.key != calc.RowTotal {
			return roleNone
		}
	case calc.TableAssets:
		if g.key == calc.RowSum && col == calc.ColCount {
			return roleNone // counts of land, devices and furniture do not add up
		}
	}
	return roleInput
}

func gridFromLabel(label string) gridRow {
	key, numbering, memo := calc.NormalizeLabel(label)
	return gridRow{label: label, key: key, numbering: numbering, memo: memo}
}

// layoutRows returns the rows of table t as they are written: the schema's fixed rows (and
// for 表1-5 the seed's categories) with the department's figures, the department's other
// rows after the fixed row they followed, and the total rows' sums.
func layoutRows(spec calc.TableSpec, t *calc.Table) []gridRow {
	var rows []gridRow
	switch spec.ID {
	case calc.TableByFunction:
		rows = functionRows(t)
	case calc.TableAssets:
		rows = mergeRows(assetRows, t.Rows)
	default:
		rows = mergeRows(spec.Rows, t.Rows)
	}
	setSums(spec.ID, rows)
	return rows
}

// mergeRows lays the department's rows over the standard ones: a row whose key matches a
// standard row fills it (the standard label is kept); any other row is placed after the
// row the department had before it.
func mergeRows(standard []string, have []calc.Row) []gridRow {
	rows := make([]gridRow, 0, len(standard)+len(have))
	for _, label := range standard {
		rows = append(rows, gridFromLabel(label))
	}
	used := make([]bool, len(rows))
	last := -1
	for i := range have {
		r := &have[i]
		if r.Label == "" && len(r.Values) == 0 {
			continue
		}
		match := -1
		for j := range rows {
			if !used[j] && rows[j].src == nil && rows[j].key == r.Key && j > last {
				match = j
				break
			}
		}
		if match < 0 { // a key that appears before the last match: search from the top
			for j := range rows {
				if !used[j] && rows[j].src == nil && rows[j].key == r.Key {
					match = j
					break
				}
			}
		}
		if match >= 0 {
			rows[match].src, used[match] = r, true
			last = match
			continue
		}
		g := gridFromLabel(r.Label)
		g.src = r
		at := last + 1
		if n := ordinal(g.numbering); n > 0 && !g.memo {
			// A main row of its own (（七）无形资产, 九、上年结转): before the next main row
			// numbered after it or the next total, else at the end.
			for at < len(rows) {
				o := ordinal(rows[at].numbering)
				if o > n && !rows[at].memo || isTopLevel(&rows[at]) && rows[at].key != calc.RowSum {
					break
				}
				at++
			}
		}
		rows = append(rows[:at], append([]gridRow{g}, rows[at:]...)...)
		used = append(used[:at], append([]bool{true}, used[at:]...)...)
		last = at
	}
	return rows
}

// ordinal returns the number of a Chinese main-level numbering: 3 for "三、" or "(三)", else 0.
func ordinal(numbering string) int {
	s := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(numbering, "("), ")"), "、")
	digits := []rune(s)
	if len(digits) == 0 {
		return 0
	}
	const numerals = "一二三四五六七八九十"
	n := 0
	for _, r := range digits {
		i := strings.IndexRune(numerals, r)
		if i < 0 {
			return 0
		}
		d := utf8.RuneCountInString(numerals[:i]) + 1
		switch {
		case d == 10 && n == 0:
			n = 10
		case d == 10:
			n *= 10
		default:
			n += d
		}
	}
	return n
}

// functionRows lays out 表1-2: the department's categories (labels typed by the
// department), spare blank rows when the table has no figures yet, then 总计.
func functionRows(t *calc.Table) []gridRow {
	var rows []gridRow
	var total *calc.Row
	filled := false
	for i := range t.Rows {
		r := &t.Rows[i]
		if r.Key == calc.RowTotal {
			total = r
			continue
		}
		if r.Label == "" && !hasFigures(r) {
			continue
		}
		g := gridFromLabel(r.Label)
		g.src, g.labelInput = r, true
		rows = append(rows, g)
		filled = filled || hasFigures(r)
	}
	if total != nil && hasFigures(total) {
		filled = true
	}
	if !filled {
		spare := max(minSpareCategories, blankCategories-len(rows))
		for range spare {
			rows = append(rows, gridRow{labelInput: true})
		}
	}
	g := gridFromLabel(calc.RowTotal)
	g.src = total
	return append(rows, g)
}

func hasFigures(r *calc.Row) bool {
	for _, v := range r.Values {
		if v.Present {
			return true
		}
	}
	return false
}

// topLevelAsset matches 表1-5's category numbering (一) … (六) as NormalizeLabel returns it.
var topLevelAsset = regexp.MustCompile(`^\([一二三四五六七八九十]+\)$`)

// setSums marks the total rows of table id and the rows each adds up (SPEC §3's checks:
// top-level rows only, never 其中 rows).
func setSums(id string, rows []gridRow) {
	find := func(key string) int {
		for i := range rows {
			if rows[i].key == key && !rows[i].memo {
				return i
			}
		}
		return -1
	}
	collect := func(keys ...string) []int {
		var out []int
		for _, k := range keys {
			if i := find(k); i >= 0 {
				out = append(out, i)
			}
		}
		return out
	}
	set := func(row int, parts []int, cols ...string) {
		if row < 0 || len(parts) == 0 {
			return
		}
		rows[row].sums = map[string][]int{}
		for _, c := range cols {
			rows[row].sums[c] = parts
		}
	}
	budget := []string{calc.ColInitial, calc.ColAdjusted}
	switch id {
	case calc.TableFunding:
		income := find(calc.RowIncomeTotal)
		set(income, collect(calc.FundingSourceRows...), budget...)
		if income >= 0 {
			set(find(calc.RowTotal), []int{income}, budget...)
		}
	case calc.TableByFunction:
		// The department names the categories, so which rows are 其中 is known only when
		// it types them: the total is a SUMIF over all category rows that skips 其中.
		var parts []int
		for i := range rows {
			if rows[i].labelInput {
				parts = append(parts, i)
			}
		}
		total := find(calc.RowTotal)
		set(total, parts, budget...)
		if total >= 0 && len(parts) > 0 {
			rows[total].skipMemo = true
		}
	case calc.TableByUse:
		basic := find(calc.RowBasic)
		set(basic, collect(calc.RowPersonnel, calc.RowPublic), budget...)
		set(find(calc.RowTotal), collect(calc.RowBasic, calc.RowProject, calc.RowRemitted, calc.RowOperating, calc.RowSubsidiary), budget...)
	case calc.TableExecution:
		set(find(calc.RowTotal), collect(calc.RowPersonnel, calc.RowPublic, calc.RowProject), calc.ColAdjusted, calc.ColActual)
	case calc.TableAssets:
		var parts []int
		for i := range rows {
			if !rows[i].memo && topLevelAsset.MatchString(rows[i].numbering) {
				parts = append(parts, i)
			}
		}
		set(find(calc.RowSum), parts, calc.ColOriginal, calc.ColInUse)
	}
}
