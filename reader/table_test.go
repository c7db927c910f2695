package reader

import (
	"strings"
	"testing"

	"selfeval/calc"
)

// gridSheet builds a sheet from text: rows separated by \n, cells by \t. No merges, no
// cell types (everything is text).
func gridSheet(name, text string) *sheet {
	lines := strings.Split(text, "\n")
	s := &sheet{name: name, maxRows: DefaultMaxRows}
	for _, l := range lines {
		s.cols = max(s.cols, len(strings.Split(l, "\t")))
	}
	s.rows, s.stride = len(lines), s.cols
	s.vals = make([]string, s.rows*s.cols)
	for r, l := range lines {
		for c, v := range strings.Split(l, "\t") {
			s.vals[r*s.stride+c] = v
		}
	}
	return s
}

func TestMatchTitle(t *testing.T) {
	tests := []struct {
		in   string
		want string // table ID, "" for none
	}{
		{"表1-1 部门整体支出预算资金来源与调整情况", "1-1"},
		{"表 1－4", "1-4"},
		{"表1—3", "1-3"},
		{"附表1–2：", "1-2"},
		{"部门整体支出预算执行情况", "1-4"},
		{"2020年部门整体支出构成与调整情况（按支出用途）", "1-3"},
		{"部门整体支出构成与调整情况(按支出功能分类)", "1-2"},
		{"固定资产保有及使用情况表", "1-5"},
		{"表1-10 其他", ""},
		{"表1-2、表1-3", ""},
		{"部门整体支出构成与调整情况", ""},
		{"请按表1-4的格式填写，" + strings.Repeat("并注意核对各季度的累计支出数，", 6), ""},
		{"", ""},
	}
	for _, tt := range tests {
		i, ok := matchTitle(tt.in)
		got := ""
		if ok {
			got = calc.Tables[i].ID
		}
		if got != tt.want {
			t.Errorf("matchTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestColumnKey(t *testing.T) {
	spec4, spec5 := calc.Spec(calc.TableExecution), calc.Spec(calc.TableAssets)
	tests := []struct {
		spec      calc.TableSpec
		in        string
		key, unit string
	}{
		{spec4, "调整预算数", calc.ColAdjusted, ""},
		{spec4, "调整预算数（万元）", calc.ColAdjusted, "万元"},
		{spec4, " 实际支出数 (元) ", calc.ColActual, "元"},
		{spec4, "实际支出", calc.ColActual, ""},
		{spec4, "第一季度累计支出数", calc.ColQ1, ""},
		{spec4, "调整后预算数", calc.ColAdjusted, ""},
		{spec4, "支出用途", "", ""},
		{spec4, "年初预算数", "", ""},
		{spec5, "其中：在用", calc.ColInUse, ""},
		{spec5, "原值", calc.ColOriginal, ""},
		{spec5, "利用率（%）", calc.ColUseRate, ""},
		{spec5, "期末账面数", "", ""},
	}
	for _, tt := range tests {
		key, unit, ok := columnKey(tt.spec, tt.in)
		if key != tt.key || unit != tt.unit || ok != (tt.key != "") {
			t.Errorf("columnKey(表%s, %q) = %q %q %v, want %q %q", tt.spec.ID, tt.in, key, unit, ok, tt.key, tt.unit)
		}
	}
}

// TestTableGrid reads a table laid out with the oddities a grid can carry: a 序号 column,
// a header two rows below the title, a unit line after the title text, a note under the
// table and a blank row inside it.
func TestTableGrid(t *testing.T) {
	sh := gridSheet("Sheet1", strings.Join([]string{
		"\t表 1-2 部门整体支出构成与调整情况（按支出功能分类）",
		"\t\t\t单位：元",
		"",
		"序号\t支出功能分类科目\t年初预算数\t调整预算数",
		"1\t科学技术支出\t163,213,200\t89,244,400",
		"",
		"2\t社会保障和就业支出\t642,700\t642,700",
		"\t总计\t163,855,900\t89,887,100",
		"注：本表按支出功能分类填列",
		"\t单位负责人：乐知",
	}, "\n"))
	hits := findTitles(sh)
	if len(hits) != 1 || hits[0].spec != 1 {
		t.Fatalf("findTitles = %+v, want one hit for 表1-2", hits)
	}
	lay, ok := locate(hits[0], sh.rows)
	if !ok {
		t.Fatal("locate: no header")
	}
	if lay.labelCol != 1 || lay.hdrLast != 3 {
		t.Errorf("label column, header row = %d %d, want 1 3", lay.labelCol, lay.hdrLast)
	}
	w := &workbook{used: map[*sheet]bool{}}
	var tab calc.Table
	w.readTable(lay, &tab)
	if len(w.errs) > 0 {
		t.Fatalf("readTable errors: %v", w.errs)
	}
	if tab.Unit != "元" {
		t.Errorf("unit = %q, want 元", tab.Unit)
	}
	var got []string
	for _, r := range tab.Rows {
		got = append(got, r.Key+"="+r.Value(calc.ColInitial).Amount.String()+"/"+r.Value(calc.ColAdjusted).Amount.String())
	}
	want := []string{"科学技术支出=16321.32/8924.44", "社会保障和就业支出=64.27/64.27", "总计=16385.59/8988.71"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("rows = %v, want %v", got, want)
	}
}

// FuzzNormalizeLabelTableFind runs table location and reading over arbitrary grids: it must
// never panic, and whatever it reads must carry a cell for every value.
func FuzzNormalizeLabelTableFind(f *testing.F) {
	f.Add("表1-4 部门整体支出预算执行情况\n单位：万元\n支出用途\t调整预算数\t实际支出数\t一季度累计支出\t二季度累计支出\t三季度累计支出\t四季度累计支出\n人员经费\t705.45\t703.06\n总计\t1\t2\t3\t4\t5\t6")
	f.Add("表1-5\n\n固定资产类别\t期末账面数\n\t数量\t原值\t其中：在用\n合计\t——\t6887.01\t6887.01")
	f.Add("表 1－1\n支出预算资金来源\t年初预算数（元）\t调整预算数（万元）\n一、一般公共预算财政拨款收入\t1,23,4\t—\n\n\n总计")
	f.Add("表1-3\t表1-2\n表1-3\n表1-3\n年初预算数\t年初预算数\t调整预算数")
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 4000 {
			return
		}
		sh := gridSheet("表1-4", text)
		if sh.rows*sh.cols > 10000 {
			return
		}
		w := &workbook{used: map[*sheet]bool{}}
		hits := findTitles(sh)
		for _, h := range hits {
			lay, ok := locate(h, nextTitleRow(hits, h))
			if !ok {
				continue
			}
			var tab calc.Table
			w.readTable(lay, &tab)
			for _, r := range tab.Rows {
				for k, v := range r.Values {
					if v.Cell.Cell == "" {
						t.Fatalf("表%s %s %s has no cell", tab.ID, r.Key, k)
					}
				}
			}
		}
		for _, e := range w.errs {
			_ = e.Error()
		}
	})
}
