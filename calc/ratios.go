package calc

import "github.com/shopspring/decimal"

// Ratio keys (SPEC §4 and §6), in the order of RatioKeys.
const (
	RatioExecution        = "execution_rate"              // 预算执行率
	RatioPersonnel        = "personnel_execution_rate"    // 人员经费完成比例
	RatioPublicExpense    = "public_expense_control_rate" // 日常公用经费控制率 (= 公用经费完成比例)
	RatioProject          = "project_execution_rate"      // 项目支出完成比例
	RatioThreePublic      = "three_public_control_rate"   // “三公”经费控制率
	RatioProcurement      = "procurement_execution_rate"  // 政府采购执行率
	RatioAssetUtilization = "fixed_asset_utilization"     // 固定资产利用率
	RatioStaffing         = "staffing_control_rate"       // 财政供养人员控制率
	RatioContractStaff    = "contract_staff_rate"         // 编外人员控制率
	RatioProjectComplete  = "project_completion_rate"     // 项目完成率
	RatioBudgetAdjustment = "budget_adjustment_rate"      // 预算调整率
)

// ratioNames are the Chinese names of the ratios, by key.
var ratioNames = map[string]string{
	RatioExecution:        "预算执行率",
	RatioPersonnel:        "人员经费完成比例",
	RatioPublicExpense:    "日常公用经费控制率",
	RatioProject:          "项目支出完成比例",
	RatioThreePublic:      "“三公”经费控制率",
	RatioProcurement:      "政府采购执行率",
	RatioAssetUtilization: "固定资产利用率",
	RatioStaffing:         "财政供养人员控制率",
	RatioContractStaff:    "编外人员控制率",
	RatioProjectComplete:  "项目完成率",
	RatioBudgetAdjustment: "预算调整率",
}

// Ratios computes the ratios of SPEC §4 in the order of RatioKeys. Each carries its
// numerator and denominator with their source cells; a missing row counts as zero (the
// consistency checks report it), so a ratio over a missing row is not applicable.
func Ratios(d *Department) []Ratio {
	exec := func(row string) (num, den Input) {
		return tableInput(&d.Execution, TableExecution, row, ColActual),
			tableInput(&d.Execution, TableExecution, row, ColAdjusted)
	}
	out := make([]Ratio, 0, len(RatioKeys))
	add := func(key string, num, den Input) {
		out = append(out, Ratio{Key: key, Name: ratioNames[key], Numerator: num, Denominator: den})
	}
	for _, x := range []struct{ key, row string }{
		{RatioExecution, RowTotal},
		{RatioPersonnel, RowPersonnel},
		{RatioPublicExpense, RowPublic},
		{RatioProject, RowProject},
		{RatioThreePublic, RowThreePublic},
		{RatioProcurement, RowProcurement},
	} {
		num, den := exec(x.row)
		add(x.key, num, den)
	}
	add(RatioAssetUtilization,
		tableInput(&d.Assets, TableAssets, RowSum, ColInUse),
		tableInput(&d.Assets, TableAssets, RowSum, ColOriginal))
	add(RatioStaffing,
		infoInput(&d.Info, InfoActualStaff), infoInput(&d.Info, InfoAuthorizedStaff))
	actual, contract := infoInput(&d.Info, InfoActualStaff), infoInput(&d.Info, InfoContractStaff)
	add(RatioContractStaff, contract, Input{
		Name:  "基本信息 " + InfoActualStaff + " + " + InfoContractStaff,
		Value: actual.Value.Add(contract.Value),
		Cells: append(append([]CellRef(nil), actual.Cells...), contract.Cells...),
	})
	add(RatioProjectComplete,
		infoInput(&d.Info, InfoCompletedProjects), infoInput(&d.Info, InfoPlannedProjects))
	add(RatioBudgetAdjustment, budgetAdjustments(d),
		tableInput(&d.ByFunction, TableByFunction, RowTotal, ColInitial))
	return out
}

// budgetAdjustments is the numerator of 预算调整率 (SPEC §4): Σ |调整预算数 − 年初预算数| over
// 表1-2's function categories (top-level rows, as the consistency checks count them) — the
// top-ups, cuts and shifts between function classes accumulated over the year.
func budgetAdjustments(d *Department) Input {
	in := Input{Name: "表1-2 各功能分类 |调整预算数 − 年初预算数| 之和", Value: decimal.Zero}
	for _, r := range topLevel(&d.ByFunction, RowTotal) {
		init, adj := r.Value(ColInitial), r.Value(ColAdjusted)
		in.Value = in.Value.Add(adj.Amount.Sub(init.Amount).Abs())
		in.Cells = append(in.Cells, cellsOf(init.Cell, adj.Cell)...)
	}
	return in
}

// rowTitles are how rows whose key lost its quotes are named in messages.
var rowTitles = map[string]string{RowThreePublic: "“三公”经费"}

// rowTitle is a row key as named in messages: 三公经费 → “三公”经费.
func rowTitle(key string) string {
	if t, ok := rowTitles[key]; ok {
		return t
	}
	return key
}

// columnTitles are how columns are named in messages where the key is not what users read.
var columnTitles = map[string]string{ColInUse: "在用"}

func columnTitle(col string) string {
	if t, ok := columnTitles[col]; ok {
		return t
	}
	return col
}

// cellName names one figure of a table: 表1-4 总计 实际支出数.
func cellName(id, row, col string) string {
	return "表" + id + " " + rowTitle(row) + " " + columnTitle(col)
}

// tableInput is the figure of table id at row key and column col; zero when the row is
// missing. The id is passed rather than read from t so that a table the reader did not
// find is still named.
func tableInput(t *Table, id, row, col string) Input {
	r, _ := t.Row(row)
	v := r.Value(col)
	return Input{Name: cellName(id, row, col), Value: v.Amount, Cells: cellsOf(v.Cell)}
}

// infoInput is the 基本信息 figure with the given label.
func infoInput(b *BasicInfo, label string) Input {
	in := Input{Name: "基本信息 " + label}
	v, ok := b.Figure(label)
	if !ok {
		return in
	}
	in.Value = v.Amount
	c := v.Cell
	if c == (CellRef{}) {
		c = b.Cells[label]
	}
	in.Cells = cellsOf(c)
	return in
}

// cellsOf returns the cells that are set, in order.
func cellsOf(cells ...CellRef) []CellRef {
	var out []CellRef
	for _, c := range cells {
		if c != (CellRef{}) {
			out = append(out, c)
		}
	}
	return out
}
