package submission

// The Chinese texts a department reads in the workbook. Labels that the reader looks for
// come from calc (calc.Tables, calc.InfoItems, calc.NarrativeKeys); these are the rest.

const (
	unitWan  = "万元"
	unitYuan = "元"

	unitPrefix = "单位："

	sheetInstructions = "填报说明"
	sheetOneSheet     = "预算表"

	headerItem    = "项目" // 基本信息
	headerContent = "内容"

	headerIndicator = "指标" // 评分录入
	headerWeight    = "满分"
	headerScore     = "自评得分"
	headerNote      = "说明"
	headerScoring   = "评分方式"
	headerCriteria  = "评分标准"

	scoringHand     = "手工评分"            // 评分录入: the row is the score
	scoringComputed = "系统计算（可填自评得分供核对）" // 评分录入: the row is a claim the audit checks

	headerSection = "章节" // 文字说明

	headerPeriodEnd = "期末账面数" // 表1-5, spanning 数量 … 利用率
	headerInUse     = "其中：在用" // 表1-5 column 在用 as the seed prints it

	shiftedRemark = "（本表由单位财务部门填写，请勿改动表头和项目名称）"

	dash = "——" // an empty amount in the NumbersAsText variant, as the seed prints it
)

// Hints for 基本信息's items, shown as input prompts, by item.
var infoHints = map[string]string{
	"部门名称":     "部门（单位）全称，与公章一致",
	"年度":       "评价年度，四位数字，如 2021",
	"单位负责人":    "姓名",
	"填报人":      "姓名",
	"联系电话":     "含区号，如 0755-25666321",
	"核定编制人数":   "单位：人，含工勤人员",
	"实际在编人数":   "单位：人，年末实际在编",
	"编外人员人数":   "单位：人，劳务派遣及直接聘用的编外人员",
	"计划完成项目数":  "单位：个，年初计划当年完成的项目",
	"按期完成项目数":  "单位：个，计划项目中按期完成的",
	"未完成重点工作数": "单位：项，年度重点工作任务中未完成的",
	"满意度":      "公众或服务对象满意度，按百分比填写，如 96%",
}

// Data validation prompts: title (≤ 32 characters) and message (≤ 255), input and error.
type prompt struct{ title, msg, errTitle, errMsg string }

func amountPrompt(unit string) prompt {
	return prompt{
		"金额", "请填写金额（单位：" + unit + "），不小于 0 的数字；没有的填 0 或留空。",
		"金额有误", "这里只能填写不小于 0 的数字（单位：" + unit + "），不要填写文字、负数或单位。",
	}
}

var (
	promptCount = prompt{
		"数量", "请填写不小于 0 的整数。",
		"数量有误", "这里只能填写不小于 0 的整数。",
	}
	promptPeople = prompt{
		"人数", "请填写不小于 0 的整数（单位：人）。",
		"人数有误", "这里只能填写不小于 0 的整数（单位：人）。",
	}
	promptNumber = prompt{
		"个数", "请填写不小于 0 的整数。",
		"个数有误", "这里只能填写不小于 0 的整数。",
	}
	promptSatisfaction = prompt{
		"满意度", "请填写 0%–100% 之间的百分比，如 96%。",
		"满意度有误", "满意度应在 0%–100% 之间，请按百分比填写，如 96%。",
	}
	promptYear = prompt{
		"年度", "请填写四位数字的年度，如 2021。",
		"年度有误", "年度应为 2000–2100 之间的四位数字。",
	}
	promptScoreFree = prompt{
		"自评得分", "请填写不小于 0 的得分。",
		"得分有误", "得分应为不小于 0 的数字。",
	}
)

func scorePrompt(weight string) prompt {
	return prompt{
		"自评得分", "满分 " + weight + " 分，请填写 0–" + weight + " 之间的得分。",
		"得分有误", "自评得分应在 0 到 " + weight + " 分之间。",
	}
}

// instructions returns the paragraphs of the 填报说明 sheet. The first is the heading.
func instructions(year, unit string, oneSheet bool) []string {
	where := "表1-1 至 表1-5 各占一张工作表"
	if oneSheet {
		where = "表1-1 至 表1-5 依次排列在“" + sheetOneSheet + "”工作表中"
	}
	return []string{
		year + "年度部门整体支出绩效自评 填报说明",
		"一、本工作簿用于填报部门（单位）" + year + "年度整体支出绩效自评的基础数据，由系统读取后自动计算各项比率、生成评分表和自评报告。请在浅黄色单元格中填写，白色和灰色单元格为项目名称、表头或自动计算的合计，已锁定，不能修改（工作表保护未设密码）。",
		"二、请勿修改工作表名称、表格标题、表头和项目名称，不要插入合并单元格；系统按项目名称读取数据。如确需增加支出功能分类，可在表1-2的空白行中填写，空白行不够时可插入行。",
		"三、金额单位统一为" + unit + "，填写数字即可，不要带单位或文字；没有发生的填 0 或留空。金额可保留两位以上小数，系统按原值计算，显示时保留两位。",
		"四、" + where + "：\n表1-1 部门整体支出预算资金来源与调整情况：按资金来源填写年初预算数和调整预算数，本年收入合计、总计自动计算。\n表1-2 部门整体支出构成与调整情况（按支出功能分类）：按支出功能分类（类级科目）逐行填写，总计自动计算。\n表1-3 部门整体支出构成与调整情况（按支出用途）：填写人员经费、公用经费、项目支出等，基本支出和总计自动计算；“其中：基本建设类项目”不计入总计。\n表1-4 部门整体支出预算执行情况：填写人员经费、公用经费、项目支出的调整预算数和实际支出数，总计自动计算；四个季度的累计支出只需在“总计”行填写，为截至各季度末的累计数，四季度累计支出应等于全年实际支出数；“其中：‘三公’经费”“其中：政府采购”为单列数，不计入总计。\n表1-5 固定资产保有及使用情况表：填写期末账面数量、原值和其中在用的原值；合计按（一）至（六）类自动汇总，利用率自动计算；“其中”行不计入合计。",
		"五、基本信息：填写部门名称、年度、负责人、填报人、联系电话，以及编制人数、在编人数、编外人员人数、计划和按期完成的项目数、未完成的重点工作数和满意度（按百分比填写，如 96%）。",
		"六、评分录入：列出评分表的全部指标及其满分和评分标准。“手工评分”的指标逐项填写自评得分（0 到满分之间），可在“说明”栏简述评分依据；“系统计算”的指标由系统根据表中数据计分，也可填写自评得分，供审核时与计算结果核对（不计入总分）。",
		"七、文字说明：按章节填写报告正文，内容将原样写入自评报告；一个章节可分多段，段与段之间按 Alt+Enter（WPS 同）换行。未填写的章节在报告中标注“（未填写）”。",
		"八、填写完成后请先用“selfeval check”检查，根据提示核对数据（如各表总计是否一致、季度累计支出是否递增等），再报送财政部门。",
	}
}
