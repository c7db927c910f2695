package calc

// TableSpec describes one of the submission's tables: how it is titled, what its label
// column is called and which value columns it has (SPEC §3). The reader finds tables by it,
// the template writer lays them out by it, the report writers print them by it.
type TableSpec struct {
	ID          string   // TableFunding …
	Title       string   // 部门整体支出预算资金来源与调整情况
	LabelHeader string   // header of the label column: 支出预算资金来源
	Columns     []string // value columns, Col… keys in order
	Rows        []string // the fixed row labels as printed (empty for free lists such as 表1-2's categories)
	Optional    []string // those of Rows a submission may leave out (counted as 0, with a warning)
}

// IsOptional reports whether the row with normalised key is one of the spec's Optional rows.
func (s TableSpec) IsOptional(key string) bool {
	for _, label := range s.Optional {
		if k, _, _ := NormalizeLabel(label); k == key {
			return true
		}
	}
	return false
}

// Tables is the submission's table schema, 表1-1 … 表1-5.
var Tables = []TableSpec{
	{
		ID: TableFunding, Title: "部门整体支出预算资金来源与调整情况", LabelHeader: "支出预算资金来源",
		Columns: []string{ColInitial, ColAdjusted},
		Rows: []string{
			"一、一般公共预算财政拨款收入", "二、政府性基金预算财政拨款收入", "三、国有资本经营预算财政拨款收入",
			"四、上级补助收入", "五、事业收入", "六、经营收入", "七、附属单位上缴收入", "八、其他收入",
			"本年收入合计", "总计",
		},
	},
	{
		ID: TableByFunction, Title: "部门整体支出构成与调整情况（按支出功能分类）", LabelHeader: "支出功能分类",
		Columns: []string{ColInitial, ColAdjusted},
		Rows:    []string{"总计"},
	},
	{
		ID: TableByUse, Title: "部门整体支出构成与调整情况（按支出用途）", LabelHeader: "支出用途",
		Columns: []string{ColInitial, ColAdjusted},
		Rows: []string{
			"一、基本支出", "人员经费", "公用经费", "二、项目支出", "其中：基本建设类项目",
			"三、上缴上级支出", "四、经营支出", "五、对附属单位补助支出", "总计",
		},
	},
	{
		ID: TableExecution, Title: "部门整体支出预算执行情况", LabelHeader: "支出用途",
		Columns: []string{ColAdjusted, ColActual, ColQ1, ColQ2, ColQ3, ColQ4},
		Rows:    []string{"人员经费", "公用经费", "项目支出", "总计", "其中：“三公”经费", "其中：政府采购"},
		// Memo rows: a department without “三公” or procurement budgets may have none.
		Optional: []string{"其中：“三公”经费", "其中：政府采购"},
	},
	{
		ID: TableAssets, Title: "固定资产保有及使用情况表", LabelHeader: "固定资产类别",
		Columns: []string{ColCount, ColOriginal, ColInUse, ColUseRate},
		Rows:    []string{"合计"},
	},
}

// Spec returns the TableSpec with the given ID.
func Spec(id string) TableSpec {
	for _, t := range Tables {
		if t.ID == id {
			return t
		}
	}
	panic("calc: unknown table " + id)
}

// BasicInfo item labels (基本信息 › 项目), in template order.
const (
	InfoName               = "部门名称"
	InfoYear               = "年度"
	InfoHead               = "单位负责人"
	InfoPreparer           = "填报人"
	InfoPhone              = "联系电话"
	InfoAuthorizedStaff    = "核定编制人数"
	InfoActualStaff        = "实际在编人数"
	InfoContractStaff      = "编外人员人数"
	InfoPlannedProjects    = "计划完成项目数"
	InfoCompletedProjects  = "按期完成项目数"
	InfoUnfinishedKeyTasks = "未完成重点工作数"
	InfoSatisfaction       = "满意度"
)

// InfoItems are the 基本信息 labels in template order.
var InfoItems = []string{
	InfoName, InfoYear, InfoHead, InfoPreparer, InfoPhone, InfoAuthorizedStaff, InfoActualStaff,
	InfoContractStaff, InfoPlannedProjects, InfoCompletedProjects, InfoUnfinishedKeyTasks, InfoSatisfaction,
}

// Sheet names of the submission's non-table parts.
const (
	SheetInfo      = "基本信息"
	SheetManual    = "评分录入"
	SheetNarrative = "文字说明"
)

// Figure returns the 基本信息 figure with the given label, and whether the label is a figure
// (as opposed to a text item such as 部门名称).
func (b *BasicInfo) Figure(label string) (*Value, bool) {
	switch label {
	case InfoAuthorizedStaff:
		return &b.AuthorizedStaff, true
	case InfoActualStaff:
		return &b.ActualStaff, true
	case InfoContractStaff:
		return &b.ContractStaff, true
	case InfoPlannedProjects:
		return &b.PlannedProjects, true
	case InfoCompletedProjects:
		return &b.CompletedProjects, true
	case InfoUnfinishedKeyTasks:
		return &b.UnfinishedKeyTasks, true
	case InfoSatisfaction:
		return &b.Satisfaction, true
	}
	return nil, false
}

// NewTable returns an empty table of this spec: amounts in 万元, the spec's columns.
func (s TableSpec) NewTable() Table {
	t := Table{ID: s.ID, Title: s.Title, Unit: "万元"}
	for _, c := range s.Columns {
		t.Columns = append(t.Columns, Column{Key: c, Name: c})
	}
	return t
}

// NewRow returns a row for label with its key, numbering and memo flag filled in and no values.
func NewRow(label string) Row {
	key, numbering, memo := NormalizeLabel(label)
	return Row{Label: label, Key: key, Numbering: numbering, Memo: memo, Values: map[string]Value{}}
}
