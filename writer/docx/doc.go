// Package docx writes the 部门整体支出绩效自评报告 as a Word document (.docx) in
// official-document form (GB/T 9704), from the same document model as the PDF.
//
// No well-kept Go library writes WordprocessingML (the maintained ones are immature, AGPL
// or commercial), and the report needs only a small part of it, so the package writes the
// XML itself: a fixed set of styles (Word's built-in heading styles, so the navigation
// pane and a table of contents work), paragraphs, bordered tables with merged cells and
// repeated header rows, section breaks for landscape pages, page-number fields in the
// footers and native charts. Parts are written with append-based byte buffers, not
// encoding/xml, and the parts every report shares are compressed once; the zip is written
// here too, so the same document always has the same bytes.
package docx
