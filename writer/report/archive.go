package report

import "strconv"

// ArchiveEntry is one department in the contents of a 合订本.
type ArchiveEntry struct {
	Department string
	Total      string // as calc formatted it: 90.73
	Grade      string
	Page       int // the page its report starts on
}

// ArchiveFront is what the front matter of a 合订本 states.
type ArchiveFront struct {
	Title   string // 2020年度部门整体支出绩效自评报告合订本
	Bureau  string // who binds it; "" for none
	Date    string // 2021年1月1日
	Entries []ArchiveEntry
}

// LayoutArchiveFront lays out the cover (title, count, who and when) and the contents (a
// line per department with its page).
func LayoutArchiveFront(f ArchiveFront) *Document {
	doc := &Document{Title: f.Title, Author: f.Bureau, Subject: f.Title}
	doc.Blocks = append(doc.Blocks,
		&Title{Text: f.Title},
		&Paragraph{Text: "共收录 " + strconv.Itoa(len(f.Entries)) + " 个部门（单位）的自评报告", Align: AlignCenter, NoIndent: true},
	)
	if f.Bureau != "" {
		doc.Blocks = append(doc.Blocks, &Paragraph{Text: f.Bureau, Align: AlignCenter, NoIndent: true})
	}
	if f.Date != "" {
		doc.Blocks = append(doc.Blocks, &Paragraph{Text: f.Date, Align: AlignCenter, NoIndent: true})
	}
	doc.Blocks = append(doc.Blocks, &PageBreak{}, &Heading{Level: 1, Text: "目　录"})
	t := &Table{Size: SizeSmall, Field: "合订本目录", Continued: true, Caption: "各部门自评报告",
		Widths: []float64{10, 62, 14, 10, 14}}
	t.Header = [][]Cell{{{Text: "序号", Align: AlignCenter}, {Text: "部门（单位）", Align: AlignCenter},
		{Text: "总分", Align: AlignCenter}, {Text: "等级", Align: AlignCenter}, {Text: "页码", Align: AlignCenter}}}
	for i, e := range f.Entries {
		t.Rows = append(t.Rows, []Cell{{Text: strconv.Itoa(i + 1), Align: AlignCenter}, {Text: e.Department},
			{Text: e.Total, Align: AlignCenter}, {Text: e.Grade, Align: AlignCenter}, {Text: strconv.Itoa(e.Page), Align: AlignCenter}})
	}
	if len(t.Rows) > 0 {
		doc.Blocks = append(doc.Blocks, t)
	}
	return doc
}
