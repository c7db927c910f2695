package calc_test

import (
	"testing"

	"selfeval/calc"
)

func TestConsistencySeedSilent(t *testing.T) {
	for _, c := range calc.Consistency(seed(t)) {
		t.Errorf("seed: unexpected check %s %s %s [%s]", c.Level, c.Code, c.Message, c.CellList())
	}
}

// TestConsistencyYuan: a submission in 元 converted to 万元 is exact, so totals that agree in
// 元 still agree to the last digit.
func TestConsistencyYuan(t *testing.T) {
	d := seed(t)
	tenThousand := dec("10000")
	for _, tb := range d.Tables() {
		for i := range tb.Rows {
			for k, v := range tb.Rows[i].Values {
				yuan := v.Amount.Mul(tenThousand) // as submitted in 元
				v.Amount = yuan.Div(tenThousand)  // as the reader converts it
				tb.Rows[i].Values[k] = v
			}
		}
	}
	for _, c := range calc.Consistency(d) {
		t.Errorf("元 seed: unexpected check %s %s", c.Code, c.Message)
	}
	// A one-元 difference is still caught.
	set(t, &d.ByFunction, "科学技术支出", calc.ColInitial, "16321.3201")
	if got := checksWithCode(calc.Consistency(d), calc.CodeTotalMismatch); len(got) != 1 {
		t.Errorf("one 元 off: %d total_mismatch checks, want 1: %+v", len(got), got)
	}
}

func TestConsistencyChecks(t *testing.T) {
	type cellAt struct{ table, row, col string }
	tests := []struct {
		name  string
		edit  func(t *testing.T, d *calc.Department)
		code  string
		level calc.Severity
		cells []cellAt // every one must be among the check's cells
	}{
		{
			name:  "funding_income_total",
			edit:  func(t *testing.T, d *calc.Department) { set(t, &d.Funding, "事业收入", calc.ColInitial, "0.01") },
			code:  calc.CodeTotalMismatch,
			cells: []cellAt{{"1-1", calc.RowIncomeTotal, calc.ColInitial}, {"1-1", "事业收入", calc.ColInitial}},
		},
		{
			name: "funding_grand_total",
			edit: func(t *testing.T, d *calc.Department) {
				set(t, &d.Funding, calc.RowTotal, calc.ColAdjusted, "16075.10")
			},
			code:  calc.CodeTotalMismatch,
			cells: []cellAt{{"1-1", calc.RowTotal, calc.ColAdjusted}, {"1-1", calc.RowIncomeTotal, calc.ColAdjusted}},
		},
		{
			name: "by_function_total",
			edit: func(t *testing.T, d *calc.Department) {
				set(t, &d.ByFunction, "卫生健康支出", calc.ColAdjusted, "105.13")
			},
			code:  calc.CodeTotalMismatch,
			cells: []cellAt{{"1-2", calc.RowTotal, calc.ColAdjusted}, {"1-2", "卫生健康支出", calc.ColAdjusted}},
		},
		{
			name:  "by_use_basic",
			edit:  func(t *testing.T, d *calc.Department) { set(t, &d.ByUse, calc.RowPublic, calc.ColInitial, "50.29") },
			code:  calc.CodeTotalMismatch,
			cells: []cellAt{{"1-3", calc.RowBasic, calc.ColInitial}, {"1-3", calc.RowPublic, calc.ColInitial}},
		},
		{
			name: "by_use_total",
			edit: func(t *testing.T, d *calc.Department) {
				set(t, &d.ByUse, calc.RowProject, calc.ColAdjusted, "15319.35")
			},
			code:  calc.CodeTotalMismatch,
			cells: []cellAt{{"1-3", calc.RowTotal, calc.ColAdjusted}, {"1-3", calc.RowProject, calc.ColAdjusted}},
		},
		{
			name: "by_use_memo_not_added",
			edit: func(t *testing.T, d *calc.Department) {
				set(t, &d.ByUse, calc.RowConstruct, calc.ColAdjusted, "1")
			},
			code: "", // a 其中 row is never part of a total
		},
		{
			name: "tables_1_2_vs_1_1",
			edit: func(t *testing.T, d *calc.Department) {
				set(t, &d.ByFunction, calc.RowTotal, calc.ColInitial, "16535.41")
			},
			code:  calc.CodeTablesDisagree,
			cells: []cellAt{{"1-2", calc.RowTotal, calc.ColInitial}, {"1-1", calc.RowTotal, calc.ColInitial}},
		},
		{
			name:  "tables_1_3_vs_1_1",
			edit:  func(t *testing.T, d *calc.Department) { set(t, &d.ByUse, calc.RowTotal, calc.ColAdjusted, "16075.00") },
			code:  calc.CodeTablesDisagree,
			cells: []cellAt{{"1-3", calc.RowTotal, calc.ColAdjusted}, {"1-1", calc.RowTotal, calc.ColAdjusted}},
		},
		{
			name: "tables_1_4_vs_1_1",
			edit: func(t *testing.T, d *calc.Department) {
				set(t, &d.Execution, calc.RowTotal, calc.ColAdjusted, "16075.19")
			},
			code:  calc.CodeTablesDisagree,
			cells: []cellAt{{"1-4", calc.RowTotal, calc.ColAdjusted}, {"1-1", calc.RowTotal, calc.ColAdjusted}},
		},
		{
			name: "execution_actual_parts",
			edit: func(t *testing.T, d *calc.Department) {
				set(t, &d.Execution, calc.RowProject, calc.ColActual, "15197.28")
			},
			code:  calc.CodeTotalMismatch,
			cells: []cellAt{{"1-4", calc.RowTotal, calc.ColActual}, {"1-4", calc.RowProject, calc.ColActual}},
		},
		{
			name: "execution_memo_not_added",
			edit: func(t *testing.T, d *calc.Department) {
				set(t, &d.Execution, calc.RowProcurement, calc.ColActual, "1")
			},
			code: "",
		},
		{
			name:  "quarter_decrease",
			edit:  func(t *testing.T, d *calc.Department) { set(t, &d.Execution, calc.RowTotal, calc.ColQ3, "5159.99") },
			code:  calc.CodeQuarterDecrease,
			cells: []cellAt{{"1-4", calc.RowTotal, calc.ColQ2}, {"1-4", calc.RowTotal, calc.ColQ3}},
		},
		{
			name:  "quarter_4_vs_actual",
			edit:  func(t *testing.T, d *calc.Department) { set(t, &d.Execution, calc.RowTotal, calc.ColQ4, "15944.12") },
			code:  calc.CodeQuarterActual,
			cells: []cellAt{{"1-4", calc.RowTotal, calc.ColQ4}, {"1-4", calc.RowTotal, calc.ColActual}},
		},
		{
			name: "assets_total",
			edit: func(t *testing.T, d *calc.Department) {
				set(t, &d.Assets, "家具、用具、装具及动植物(个、套等)", calc.ColOriginal, "75.35")
			},
			code:  calc.CodeTotalMismatch,
			cells: []cellAt{{"1-5", calc.RowSum, calc.ColOriginal}, {"1-5", "家具、用具、装具及动植物(个、套等)", calc.ColOriginal}},
		},
		{
			name: "assets_sub_item_not_added",
			edit: func(t *testing.T, d *calc.Department) {
				// 2.单价50万(含)以上 is a sub-item of （二）: changing it leaves 合计 alone.
				set(t, &d.Assets, "单价50万(含)以上(不含车辆)", calc.ColOriginal, "1900")
				set(t, &d.Assets, "单价50万(含)以上(不含车辆)", calc.ColInUse, "1900")
			},
			code: "",
		},
		{
			name:  "assets_in_use_exceeds",
			edit:  func(t *testing.T, d *calc.Department) { set(t, &d.Assets, "家具用具", calc.ColInUse, "75.35") },
			code:  calc.CodeInUseExceeds,
			cells: []cellAt{{"1-5", "家具用具", calc.ColInUse}, {"1-5", "家具用具", calc.ColOriginal}},
		},
		{
			name: "missing_total",
			edit: func(t *testing.T, d *calc.Department) {
				rows := d.Execution.Rows[:0]
				for _, r := range d.Execution.Rows {
					if r.Key != calc.RowTotal {
						rows = append(rows, r)
					}
				}
				d.Execution.Rows = rows
			},
			code:  calc.CodeMissingRow,
			level: calc.SeverityError,
		},
		{
			name:  "missing_table",
			edit:  func(t *testing.T, d *calc.Department) { d.Assets = calc.Table{} },
			code:  calc.CodeMissingRow,
			level: calc.SeverityError,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := seed(t)
			// Resolve the expected cells before the edit (a deleted row keeps its cell).
			var want []calc.CellRef
			tables := map[string]*calc.Table{}
			for _, tb := range d.Tables() {
				tables[tb.ID] = tb
			}
			for _, c := range tt.cells {
				want = append(want, cell(t, tables[c.table], c.row, c.col))
			}
			tt.edit(t, d)
			checks := calc.Consistency(d)
			if tt.code == "" {
				for _, c := range checks {
					t.Errorf("unexpected check %s %s", c.Code, c.Message)
				}
				return
			}
			got := checksWithCode(checks, tt.code)
			if len(got) == 0 {
				t.Fatalf("no %s check; got %+v", tt.code, checks)
			}
			level := tt.level
			if level == "" {
				level = calc.SeverityWarning
			}
			ok := false
			for _, c := range got {
				if c.Level != level {
					t.Errorf("%s check level = %s, want %s", c.Code, c.Level, level)
				}
				if c.Message == "" {
					t.Errorf("%s check without message", c.Code)
				}
				if hasCells(c, want...) {
					ok = true
				}
			}
			if !ok {
				t.Errorf("no %s check names all of %v; got %+v", tt.code, want, got)
			}
		})
	}
}

// TestConsistencyMessage checks the message carries both figures, readably.
func TestConsistencyMessage(t *testing.T) {
	d := seed(t)
	set(t, &d.ByFunction, calc.RowTotal, calc.ColInitial, "16535.41")
	got := checksWithCode(calc.Consistency(d), calc.CodeTablesDisagree)
	if len(got) != 1 {
		t.Fatalf("checks = %+v", got)
	}
	const want = "表1-2 总计 年初预算数 16,535.41 ≠ 表1-1 总计 年初预算数 16,535.40（相差 0.01）"
	if got[0].Message != want {
		t.Errorf("Message = %q, want %q", got[0].Message, want)
	}
	if got[0].CellList() != "表1-2!B11, 表1-1!B13" {
		t.Errorf("CellList() = %s", got[0].CellList())
	}
}

// TestMissingRows: the rows of the table schema are required, but for 表1-4's optional memo
// rows, whose absence is one warning (counted as 0) with the quotes not doubled.
func TestMissingRows(t *testing.T) {
	d := seed(t)
	var kept []calc.Row
	for _, r := range d.Execution.Rows {
		if r.Key != calc.RowThreePublic {
			kept = append(kept, r)
		}
	}
	d.Execution.Rows = kept
	got := checksWithCode(calc.Consistency(d), calc.CodeMissingRow)
	if len(got) != 1 || got[0].Level != calc.SeverityWarning || got[0].Message != "表1-4 缺少“三公”经费行，按 0 计" {
		t.Fatalf("missing “三公” row: %+v, want one warning 表1-4 缺少“三公”经费行，按 0 计", got)
	}
	d = seed(t)
	d.ByUse.Rows = d.ByUse.Rows[1:] // 一、基本支出 gone
	got = checksWithCode(calc.Consistency(d), calc.CodeMissingRow)
	if len(got) != 1 || got[0].Level != calc.SeverityError || got[0].Message != "表1-3 缺少“基本支出”行" {
		t.Errorf("missing 基本支出 row: %+v, want one error 表1-3 缺少“基本支出”行", got)
	}
}
