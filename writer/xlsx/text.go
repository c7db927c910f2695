package xlsx

import "selfeval/calc"

// Sheet names. They are fixed: a department name never becomes a sheet name (it may be
// longer than Excel's 31 characters or hold characters a sheet name cannot).
const (
	SheetScores  = "评分表"
	SheetWorking = "指标计算"
	SheetChecks  = "校验"
	SheetAudit   = "审核"

	SheetSummary         = "汇总"
	SheetIndicatorScores = "指标得分"
	SheetChart           = "总分图"
	SheetFindings        = "审核清单"
)

// tableSheet is the sheet name of a normalised table: 表1-1 … 表1-5.
func tableSheet(id string) string { return "表" + id }

// User-facing text of the workbooks (SPEC §2: everything a user reads is Chinese).
const (
	textDefaultRubricTitle = "部门整体支出绩效评价指标评分表"
	textYearSuffix         = "年度"
	textDepartment         = "部门（单位）名称："
	textEvaluation         = "评价指标"
	textLevel1             = "一级指标"
	textLevel2             = "二级指标"
	textLevel3             = "三级指标"
	textName               = "名称"
	textWeight             = "权重（%）"
	textDescription        = "指标说明"
	textCriteria           = "评分标准"
	textScore              = "得分"
	textClaimed            = "自评得分"
	textNote               = "说明"
	textTotal              = "总分"
	textGradePrefix        = "等级："

	textIndicator  = "指标"
	textRule       = "规则"
	textInput      = "输入项"
	textValue      = "数值"
	textCells      = "来源单元格"
	textWorking    = "计算过程"
	textFullMarks  = "满分"
	textPartPrefix = "其中："
	textRatios     = "主要比率"
	textRatio      = "比率"
	textTerm       = "项"
	textNumerator  = "分子"
	textDenom      = "分母"
	textRatioValue = "比率值"

	textLevel   = "级别"
	textCode    = "代码"
	textMessage = "说明"
	textCell    = "单元格"
	textNone    = "无"
	textNoCheck = "未发现需要说明的问题"

	textUnit      = "单位：万元"
	textSourceRow = "来源行"
	textInUse     = "其中：在用"

	textSummaryTitle         = "部门整体支出绩效自评汇总"
	textDept                 = "部门"
	textYear                 = "年度"
	textAdjusted             = "调整预算数（万元）"
	textActual               = "实际支出数（万元）"
	textRank                 = "排名"
	textAverageRow           = "平均（%d 个部门）"
	textFindings             = "审核发现"
	textPriorTotal           = "上年总分"
	textPriorGrade           = "上年等级"
	textTotalChange          = "变化"
	textPriorExecRate        = "上年预算执行率"
	textExecChange           = "预算执行率变化（百分点）"
	textSupported            = "数据支持"
	textExcess               = "差额"
	textIndicatorScoresTitle = "各部门三级指标得分"
	textFindingsTitle        = "自评得分审核清单"
	textExecRate             = "预算执行率"
	textGrade                = "等级"
	textWarnings             = "警告数"
	textStatus               = "状态"
	textError                = "错误"
	textSource               = "来源文件"
	textSuccess              = "成功"
	textFailed               = "失败"
	textNoResult             = "没有评价结果"
	textChartTitle           = "各部门绩效自评总分"
	textEvalDocTitle         = "部门整体支出绩效自评评价表"
	textSumDocTitle          = "部门整体支出绩效自评汇总表"
	textWorkingTitle         = "指标计算过程"
	textChecksTitle          = "校验结果"
	textAuditTitle           = "审核：自评得分与数据核对"
	textNoFinding            = "自评得分与数据相符，未发现需要核对的问题"
	textKeywordsEval         = "部门整体支出绩效自评"
)

// severityNames are the check levels in words, for 校验.
var severityNames = map[calc.Severity]string{
	calc.SeverityError:   "错误",
	calc.SeverityWarning: "警告",
	calc.SeverityNote:    "提示",
}

// severityRank orders checks: errors first, then warnings, then notes.
var severityRank = map[calc.Severity]int{
	calc.SeverityError:   0,
	calc.SeverityWarning: 1,
	calc.SeverityNote:    2,
}

// columnNames are the printed headers of the normalised tables' columns, where they differ
// from the canonical key.
var columnNames = map[string]string{
	calc.ColInUse: textInUse,
}
