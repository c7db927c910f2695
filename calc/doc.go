// Package calc holds the domain of selfeval — a department's submitted tables, the rubric,
// and the evaluation computed from them — and the pure computation between them.
// It imports no xlsx, PDF or file-system code: everything else depends on it.
//
// Glossary (中文 → identifier):
//
//	部门整体支出绩效自评     Evaluation
//	部门 / 单位             Department
//	基本信息                BasicInfo
//	表1-1 预算资金来源与调整   Department.Funding      (TableFunding)
//	表1-2 按支出功能分类      Department.ByFunction   (TableByFunction)
//	表1-3 按支出用途          Department.ByUse        (TableByUse)
//	表1-4 预算执行情况        Department.Execution    (TableExecution)
//	表1-5 固定资产保有及使用   Department.Assets       (TableAssets)
//	评分录入                 Department.ManualScores (ManualScore)
//	文字说明                 Department.Narrative    (NarrativeSection)
//	年初预算数 / 调整预算数     ColInitial / ColAdjusted
//	实际支出数               ColActual
//	一…四季度累计支出         ColQ1 … ColQ4
//	数量 / 原值 / 其中：在用    ColCount / ColOriginal / ColInUse
//	预算执行率               execution_rate
//	公用经费控制率            public_expense_control (indicator)
//	日常公用经费控制率         public_expense_control_rate
//	“三公”经费控制率          three_public_control_rate
//	政府采购执行率            procurement_execution_rate
//	固定资产利用率            fixed_asset_utilization
//	财政供养人员控制率         staffing_control_rate
//	编外人员控制率            contract_staff_rate
//	项目完成率               project_completion_rate
//	评分表 / 指标             Rubric / Indicator
//	一级 / 二级 / 三级指标     Level1 / Level2 / Indicator
//	权重                    Weight
//	指标说明 / 评分标准        Description / Criteria
//	得分                    Score
//	等级 优/良/中/差          Grade
//	校验 / 警告              Check / LevelWarning
package calc
