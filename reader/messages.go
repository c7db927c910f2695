package reader

// Messages of the checks the reader adds to Department.Checks (Chinese: reviewers read them).
// Each is a fmt format; see the package comment for the codes.
const (
	msgInfoBlank        = "基本信息 有 %d 项未填写"                         // 基本信息 figures left empty
	msgUnknownSection   = "文字说明 有未知的章节“%s”（已保留；应为：%s）"             // 文字说明 sections with unknown names
	msgUnlabelledText   = "文字说明 有内容没有章节名称，未读取"                     // 文字说明 text without a 章节
	msgHiddenSheet      = "工作表“%s”是隐藏的，其中的内容已读取，请核对"               // something was read from a hidden sheet
	msgSheetTruncated   = "工作表“%s”的使用范围 %s 超过 %d 行 × %d 列，超出部分未读取" // a sheet larger than the bounds
	msgSheetMissing     = "未找到工作表“%s”"                             // an optional sheet is missing
	msgUnitAssumed      = "%s 未写明金额单位（“单位：万元”或“单位：元”），按万元读取"       // a table states no unit
	msgBlankAsZero      = "%s 有 %d 个空白或“—”单元格按 0 计"                // empty or dash figures of a table
	msgMergedValue      = "%s 合并单元格中的数值只计一次（计入左上角单元格）"             // figures in merged ranges
	msgHiddenCells      = "%s 隐藏的行或列中有数值，已读取，请核对"                  // figures in hidden rows or columns
	msgExternalLink     = "%s 有引用其他工作簿的公式，使用保存时的计算结果，请核对"          // formulas referring to other workbooks
	msgUnlabelledValues = "%s 有数值所在行没有项目名称，未读取"                    // figures in rows without a label

	msgCancelled = "读取已中止" // the context was cancelled: timeout or interrupt

)
