package calc

import "github.com/shopspring/decimal"

// CellRef names the cell a figure or label came from, as users see it in Excel: 表1-4!C9.
type CellRef struct {
	Sheet string // sheet name as in the workbook
	Cell  string // A1-style reference; empty when the whole sheet is meant
}

// String returns the reference as Sheet!Cell, or "" for the zero CellRef.
func (c CellRef) String() string {
	switch {
	case c.Sheet == "" && c.Cell == "":
		return ""
	case c.Cell == "":
		return c.Sheet
	case c.Sheet == "":
		return c.Cell
	}
	return c.Sheet + "!" + c.Cell
}

// Value is one figure read from a submission with the cell it came from.
// Money is held in 万元 whatever unit the submission used.
type Value struct {
	Amount  decimal.Decimal
	Present bool // false when the cell was empty or a dash (—, ---): the figure counts as 0
	Cell    CellRef
}

// Canonical column keys. A Table's Column.Key is one of these (the Chinese name is the key).
const (
	ColInitial  = "年初预算数"
	ColAdjusted = "调整预算数"
	ColActual   = "实际支出数"
	ColQ1       = "一季度累计支出"
	ColQ2       = "二季度累计支出"
	ColQ3       = "三季度累计支出"
	ColQ4       = "四季度累计支出"
	ColCount    = "数量"
	ColOriginal = "原值"
	ColInUse    = "在用"
	ColUseRate  = "利用率"
)

// QuarterColumns are the cumulative quarterly spending columns of 表1-4, in order.
var QuarterColumns = [4]string{ColQ1, ColQ2, ColQ3, ColQ4}

// Canonical row keys: labels as NormalizeLabel returns them.
const (
	RowTotal       = "总计"
	RowIncomeTotal = "本年收入合计"
	RowSum         = "合计" // 表1-5's grand total
	RowBasic       = "基本支出"
	RowPersonnel   = "人员经费"
	RowPublic      = "公用经费"
	RowProject     = "项目支出"
	RowConstruct   = "基本建设类项目"
	RowRemitted    = "上缴上级支出"
	RowOperating   = "经营支出"
	RowSubsidiary  = "对附属单位补助支出"
	RowThreePublic = "三公经费"
	RowProcurement = "政府采购"
)

// FundingSourceRows are 表1-1's income rows 一 … 八, as normalised keys, in order.
var FundingSourceRows = []string{
	"一般公共预算财政拨款收入",
	"政府性基金预算财政拨款收入",
	"国有资本经营预算财政拨款收入",
	"上级补助收入",
	"事业收入",
	"经营收入",
	"附属单位上缴收入",
	"其他收入",
}

// Table IDs.
const (
	TableFunding    = "1-1" // 部门整体支出预算资金来源与调整情况
	TableByFunction = "1-2" // 部门整体支出构成与调整情况（按支出功能分类）
	TableByUse      = "1-3" // 部门整体支出构成与调整情况（按支出用途）
	TableExecution  = "1-4" // 部门整体支出预算执行情况
	TableAssets     = "1-5" // 固定资产保有及使用情况表
)

// Table is one of the submission's tables 1-1 … 1-5, normalised: amounts in 万元,
// columns in canonical order, rows in the order submitted.
type Table struct {
	ID      string   // TableFunding …
	Title   string   // the title as found, e.g. "表1-1 部门整体支出预算资金来源与调整情况"
	Unit    string   // the unit the submission stated ("万元", "元"); Values are always 万元
	Columns []Column // value columns, canonical order
	Rows    []Row
	Source  CellRef // the title cell
}

// Column is one value column of a Table.
type Column struct {
	Key  string  // canonical name, one of the Col… constants
	Name string  // header as written in the submission
	Cell CellRef // header cell
}

// Row is one labelled row of a Table.
type Row struct {
	Label     string           // label as submitted (trimmed)
	Key       string           // NormalizeLabel(Label)
	Numbering string           // the leading numbering NormalizeLabel removed, normalised: "一、" "(一)" "1." "(1)" (half-width) or ""
	Memo      bool             // the label began with 其中: a breakdown, never added into totals
	Values    map[string]Value // by Column.Key
	Cell      CellRef          // the label cell
}

// Row returns the first row whose key is key.
func (t *Table) Row(key string) (*Row, bool) {
	for i := range t.Rows {
		if t.Rows[i].Key == key {
			return &t.Rows[i], true
		}
	}
	return nil, false
}

// Value returns the row's value in column col; the zero Value when the column is absent.
func (r *Row) Value(col string) Value {
	if r == nil {
		return Value{}
	}
	return r.Values[col]
}

// BasicInfo is the sheet 基本信息.
type BasicInfo struct {
	Name     string // 部门名称
	Year     int    // 年度
	Head     string // 单位负责人
	Preparer string // 填报人
	Phone    string // 联系电话

	AuthorizedStaff    Value // 核定编制人数
	ActualStaff        Value // 实际在编人数
	ContractStaff      Value // 编外人员人数
	PlannedProjects    Value // 计划完成项目数
	CompletedProjects  Value // 按期完成项目数
	UnfinishedKeyTasks Value // 未完成重点工作数
	Satisfaction       Value // 满意度, as a fraction (96% → 0.96)

	Cells map[string]CellRef // where each 项目 was found, by its label (部门名称 …)
}

// ManualScore is one row of 评分录入: the department's self-score for a 三级指标 or a part of
// one. For a hand-scored indicator it is the score; for a computed one it is a claim that the
// audit checks (SPEC §3, §5a). Evaluate matches rows to indicators by ScoreEntries.
type ManualScore struct {
	Name  string  // 指标 as submitted
	Key   string  // NormalizeLabel(Name)
	Score Value   // 自评得分
	Note  string  // 说明
	Cell  CellRef // the 指标 cell
}

// NarrativeSection is one row of 文字说明.
type NarrativeSection struct {
	Key  string  // 章节, one of NarrativeKeys
	Text string  // 内容; paragraphs separated by "\n"
	Cell CellRef // the 内容 cell
}

// NarrativeKeys are the 文字说明 section keys, in report order (SPEC §3).
var NarrativeKeys = []string{
	"主要职能", "重点工作任务", "绩效目标编报情况", "财务合规性", "项目管理", "资产管理", "制度建设",
	"履职目标", "履职情况", "效果性", "经验做法", "存在问题", "改进措施", "后续工作计划",
}

// Department is one submission: everything selfeval reads from a department's workbook.
type Department struct {
	Source string // the input path as given

	Info       BasicInfo
	Funding    Table // 表1-1
	ByFunction Table // 表1-2
	ByUse      Table // 表1-3
	Execution  Table // 表1-4
	Assets     Table // 表1-5

	ManualScores []ManualScore
	Narrative    []NarrativeSection

	Checks []Check // notes and warnings found while reading (e.g. a dash read as 0)
}

// Tables returns the five tables in order 1-1 … 1-5.
func (d *Department) Tables() []*Table {
	return []*Table{&d.Funding, &d.ByFunction, &d.ByUse, &d.Execution, &d.Assets}
}

// Section returns the narrative text for key and whether it was filled in.
func (d *Department) Section(key string) (string, bool) {
	for _, s := range d.Narrative {
		if s.Key == key && s.Text != "" {
			return s.Text, true
		}
	}
	return "", false
}

// Manual returns the hand-entered score whose normalised name is key.
func (d *Department) Manual(key string) (ManualScore, bool) {
	for _, m := range d.ManualScores {
		if m.Key == key {
			return m, true
		}
	}
	return ManualScore{}, false
}
