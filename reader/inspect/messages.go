package inspect

import "fmt"

// The Chinese text users read. Kept together so wording can be reviewed (and one day moved to
// templates/) in one place. Every message ends with what to do where there is something to do.
const (
	adviceResave = "请用 Excel 打开并另存为 .xlsx 后重新提交"
	adviceSubmit = "请提交用 Excel 保存的 .xlsx 工作簿"

	msgEmpty      = "文件为空"
	msgUnreadable = "无法读取文件"
	msgNotRegular = "不是普通文件，无法读取"
	msgTooLarge   = "文件过大（%s），超过上限 %s"

	msgText           = "这是 CSV 或纯文本文件，不是 Excel 工作簿；" + adviceResave
	msgHTML           = "这是网页（HTML）文件，不是 Excel 工作簿；" + adviceResave
	msgXML            = "这是 XML 文件，不是 .xlsx 工作簿；" + adviceResave
	msgXMLSpreadsheet = "这是 Excel 2003 XML 表格，不是 .xlsx 工作簿；" + adviceResave
	msgPDF            = "这是 PDF 文件，不是 Excel 工作簿；" + adviceSubmit
	msgImage          = "这是图片文件（%s），不是 Excel 工作簿；" + adviceSubmit
	msgArchive        = "这是 %s 压缩包，不是 Excel 工作簿；请解压后提交其中的 .xlsx 文件"
	msgLegacyXLS      = "这是旧版 Excel 97-2003 (.xls) 文件，请在 Excel 中另存为 .xlsx 后重新提交"
	msgLegacyDOC      = "这是 Word 97-2003 (.doc) 文档，不是 Excel 工作簿；" + adviceSubmit
	msgEncrypted      = "文件已加密，请去除密码后重新提交"
	msgOLE            = "这是旧版 Office 文件或已损坏的 Office 文件，不是 .xlsx 工作簿；" + adviceResave
	msgNotZip         = "无法识别的文件格式，不是 .xlsx 工作簿；" + adviceSubmit
	msgDamagedZip     = "不是完整的 xlsx 文件（压缩包已损坏），可能下载或复制不完整；请重新保存或重新获取文件后提交"
	msgODS            = "是压缩包，但不是 Excel 工作簿：这是 OpenDocument 表格 (.ods)；请在 Excel 或 WPS 中另存为 .xlsx 后重新提交"
	msgDOCX           = "是压缩包，但不是 Excel 工作簿：这是 Word 文档 (.docx)；" + adviceSubmit
	msgPPTX           = "是压缩包，但不是 Excel 工作簿：这是 PowerPoint 演示文稿 (.pptx)；" + adviceSubmit
	msgODF            = "是压缩包，但不是 Excel 工作簿：这是 OpenDocument 文档；" + adviceSubmit
	msgXLSB           = "这是 Excel 二进制工作簿 (.xlsb)，请在 Excel 中另存为 .xlsx 后重新提交"
	msgNotWorkbook    = "是压缩包，但不是 Excel 工作簿（缺少 xl/workbook.xml）；" + adviceSubmit

	msgTooManyEntries = "压缩包内的部件过多（%d 个以上，上限 %d），不是正常的 Excel 工作簿"
	msgTooManySheets  = "工作表过多（%d 个以上，上限 %d），不是正常的 Excel 工作簿"
	msgDuplicateEntry = "压缩包内有重名的部件，不同程序读出的内容可能不同，已拒绝；" + adviceResave
	msgBadEntryName   = "压缩包内有非法的部件名 %q，已拒绝"
	msgZipBomb        = "解压后内容异常庞大（%s），疑似“压缩炸弹”，已拒绝处理"
	bombEntry         = "单个部件超过 %s"
	bombTotal         = "合计超过 %s"
	bombRatio         = "压缩比超过 %d 倍"
	bombClaim         = "声称解压后有 %d 字节"
	msgCorrupt        = "文件已损坏（%s）；请用 Excel 打开并重新保存，或重新获取文件后提交"
	corruptChecksum   = "校验和不符"
	corruptSize       = "数据长度与记录不符"
	corruptDeflate    = "压缩数据损坏"
	corruptMethod     = "使用了不支持的压缩方式"
	corruptRead       = "读取失败"
	corruptDupRel     = "关系编号 %q 重复"
	msgMissingPart    = "文件已损坏：缺少该部件；" + adviceResave
	msgMissingSheet   = "文件已损坏：找不到该工作表的数据（%s）；" + adviceResave
	msgUnlinkedSheet  = "文件已损坏：找不到该工作表的数据；" + adviceResave

	msgDoctype        = "含有 DOCTYPE 声明，可能是恶意构造的文件，已拒绝；" + adviceResave
	msgXMLDepth       = "XML 嵌套超过 %d 层，已拒绝"
	msgBadUTF8        = "含有无效的字符（不是 UTF-8 编码），" + adviceResave
	msgControlChar    = "含有不允许的控制字符 %U，" + adviceResave
	msgBadXML         = "XML 格式错误（%v），" + adviceResave
	msgNoRoot         = "XML 内容为空，" + adviceResave
	msgLongText       = "含有超长的连续文本（超过 %d 字节），已拒绝"
	msgDuplicateSheet = "名称与另一个工作表重复（名称不区分大小写），请改名后重新提交"

	msgTooManyStrings = "共享字符串超过 %d 个，已拒绝"
	msgStringTooLong  = "第 %d 个共享字符串超过 %d 个字符（Excel 单元格上限为 32767）"
	msgCellTooLong    = "单元格内容超过 %d 个字符（Excel 单元格上限为 32767）"
	msgRowRange       = "行号 %q 无效（应在 1 到 1048576 之间），" + adviceResave
	msgTooManyRows    = "第 %d 行有数据，超过允许的最大行数 %d；请删除多余的行后重新提交"
	msgColumnRange    = "单元格引用 %q 超出 Excel 的最大列 XFD，" + adviceResave
	msgTooManyColumns = "%s 列有数据，超过允许的最大列数 %d（%s 列）；请删除多余的列后重新提交"
	msgGridTooLarge   = "表格范围过大（超过 %d 个单元格），多为格式或空白单元格延伸到很远的行列所致；请删除多余的空白行列后重新提交"
	msgRowOrder       = "第 %d 行重复或排列顺序颠倒，读取时数据会错位；" + adviceResave
	msgCellOrder      = "单元格重复或排列顺序颠倒，读取时数据会错位；" + adviceResave
	msgBadCellRef     = "单元格引用 %q 无效，" + adviceResave
	msgCellOffRow     = "单元格引用 %q 不在它所在的第 %d 行，读取时数据会错位；" + adviceResave
	msgBadCellType    = "单元格类型 %q 无效，" + adviceResave
	msgBadStringIndex = "引用的共享字符串编号 %q 不存在（共 %d 个），" + adviceResave
	msgBadNumber      = "数值 %q 无效（不是有限的十进制数），" + adviceResave
	msgTooManyMerges  = "合并单元格超过 %d 处，不是正常的填报表；请取消多余的合并单元格（或删除无关的工作表）后重新提交"
	msgCancelled      = "读取已中止"
)

// Findings: things the reader turns into warnings.
const (
	findHiddenSheet        = "工作表「%s」是隐藏的"
	findHiddenRow          = "%s第 %d 行是隐藏行，但有数据"
	findExternalLink       = "工作簿引用了外部文件 %q，相关单元格使用保存时的数值"
	findExternalLinkNoName = "工作簿引用了外部文件，相关单元格使用保存时的数值"
	findNoCachedValue      = "%s!%s 的公式没有保存计算结果；请在 Excel 中打开、重新计算并保存后再提交"
	findErrorValue         = "%s!%s 是错误值 %s"
	findMore               = "（另有 %d 处）"
)

// byteSize formats n as Chinese readers expect, e.g. "64 MB".
func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}
