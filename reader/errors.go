package reader

import (
	"errors"
	"strings"
)

// Causes of a CellError. Their texts are Chinese because they end up in messages users read
// (SPEC §2); compare with errors.Is, never by text.
var (
	ErrNotNumber     = errors.New("不是数字")
	ErrAmbiguous     = errors.New("格式有歧义，无法确定数值")
	ErrNegative      = errors.New("不能为负数")
	ErrNotWhole      = errors.New("不是整数")
	ErrOutOfRange    = errors.New("超出允许范围")
	ErrUnitMismatch  = errors.New("单位与表格单位不一致")
	ErrErrorValue    = errors.New("是错误值，请在 Excel 中修正公式")
	ErrBoolean       = errors.New("是逻辑值，不是数字")
	ErrMissing       = errors.New("缺少数值")
	ErrUnreadable    = errors.New("无法读取（文件已损坏）")
	ErrDuplicateCell = errors.New("在文件中出现了两次（文件已损坏）")
)

// Causes of a PartError.
var (
	ErrTableNotFound   = errors.New("未找到表格")
	ErrSheetNotFound   = errors.New("未找到工作表")
	ErrMissingRow      = errors.New("缺少行")
	ErrMissingColumn   = errors.New("缺少列")
	ErrMissingHeader   = errors.New("缺少表头")
	ErrDuplicate       = errors.New("重复")
	ErrTooLarge        = errors.New("表格过大")
	ErrSheetUnreadable = errors.New("工作表无法读取")
)

// CellError is a problem with one cell of a submission, modelled on encoding/csv.ParseError.
// It prints as users expect to read it: 表1-4!C9 实际支出数："abc" 不是数字.
type CellError struct {
	Sheet string // sheet name as in the workbook
	Cell  string // A1-style reference
	Label string // what the cell should hold: a column (实际支出数) or item (满意度)
	Value string // the cell's text as read; empty when the cell was empty or the text is beside the point
	Err   error  // the cause: ErrNotNumber, ErrAmbiguous, ErrFormula …
}

// Error returns the message in the form 表1-4!C9 实际支出数："abc" 不是数字.
func (e *CellError) Error() string {
	var b strings.Builder
	b.WriteString(e.Sheet)
	if e.Cell != "" {
		b.WriteByte('!')
		b.WriteString(e.Cell)
	}
	if e.Label != "" {
		b.WriteByte(' ')
		b.WriteString(e.Label)
	}
	b.WriteString("：")
	if e.Value != "" {
		b.WriteByte('"')
		b.WriteString(clip(e.Value, 40))
		b.WriteString(`" `)
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *CellError) Unwrap() error { return e.Err }

// PartError is a problem with a whole part of a submission rather than one cell: a table,
// sheet, header, column or row that is missing, duplicated or too large.
type PartError struct {
	Part   string // 表1-4, 基本信息 …
	Name   string // what was expected: the table title, the row or column label, the sheet name
	Detail string // optional extra information, e.g. where the duplicates are
	Err    error  // ErrTableNotFound, ErrMissingRow …
}

// Error returns the message, e.g. 未找到表1-4（部门整体支出预算执行情况） or 表1-4 缺少“总计”行.
func (e *PartError) Error() string {
	var s string
	switch e.Err {
	case ErrTableNotFound:
		s = "未找到" + e.Part + "（" + e.Name + "）"
	case ErrSheetNotFound:
		s = "未找到工作表“" + e.Name + "”"
	case ErrMissingRow:
		s = e.Part + " 缺少“" + e.Name + "”行"
	case ErrMissingColumn:
		s = e.Part + " 缺少“" + e.Name + "”列"
	case ErrMissingHeader:
		s = e.Part + " 缺少表头（" + e.Name + "）"
	case ErrDuplicate:
		s = e.Part + " 有多个“" + e.Name + "”"
	case ErrTooLarge:
		s = e.Part + " 表格过大"
	case ErrSheetUnreadable:
		s = "工作表“" + e.Name + "”无法读取"
	default:
		s = e.Part
		if e.Name != "" {
			s += " " + e.Name
		}
		if e.Err != nil {
			s += "：" + e.Err.Error()
		}
	}
	if e.Detail != "" {
		s += "：" + e.Detail
	}
	return s
}

// Unwrap returns the cause.
func (e *PartError) Unwrap() error { return e.Err }

// clip shortens s to at most n runes for a message and puts control characters (line
// breaks in a cell) as spaces.
func clip(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos] + "…"
		}
		i++
	}
	return s
}
