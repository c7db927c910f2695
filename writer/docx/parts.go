package docx

import (
	"strconv"
	"sync"
	"time"
)

// Namespaces and relationship types of the parts written here.
const (
	nsW   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsRel = "http://schemas.openxmlformats.org/package/2006/relationships"

	relOffice   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	xmlDecl     = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	ctMain      = "application/vnd.openxmlformats-officedocument.wordprocessingml."
	ctChart     = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
	partChartFn = "word/charts/chart"
)

// Page geometry of GB/T 9704 in twips (1/1440 inch): A4, margins top 37 mm, bottom 35 mm,
// left 28 mm, right 26 mm — a type area of 156 × 225 mm holding 22 lines of 3号 text at a
// fixed pitch of 578 twips (28.9 pt). A landscape section keeps the same type area turned
// a quarter, as the PDF does: top 28 mm, bottom 26 mm, left 35 mm, right 37 mm.
const (
	pageW        = 11906
	pageH        = 16838
	marginTop    = 2098 // 37 mm
	marginBottom = 1984 // 35 mm
	marginLeft   = 1587 // 28 mm
	marginRight  = 1474 // 26 mm
	linePitch    = 578
	bodyW        = pageW - marginLeft - marginRight // 8845: 156 mm
	bodyH        = pageH - marginTop - marginBottom // 12756: 225 mm
	// footerDist puts the page number's line about 7 mm below the type area (GB/T 9704):
	// 22 mm from the page edge to the bottom of a 四号 line about 6.4 mm high.
	footerDist          = 1247
	landscapeFooterDist = 714 // the same 7 mm below a 26 mm bottom margin
	headerDist          = 851
)

// Font sizes in half-points.
const (
	sizeTitle      = 44 // 二号
	sizeBody       = 32 // 三号
	sizeTable      = 24 // 小四
	sizePageNumber = 28 // 四号
)

// Fonts. East Asian text is set in the fonts GB/T 9704 names; Word and WPS on Windows have
// them, and altName (fontTable.xml) names the font to use where one is missing: 仿宋_GB2312
// is only on older Windows, 仿宋 on every one since Vista. Latin text and figures are in
// Times New Roman.
const (
	fontLatin    = "Times New Roman"
	fontBody     = "仿宋_GB2312"
	fontHeading1 = "黑体"
	fontHeading2 = "楷体_GB2312"
	fontTitle    = "方正小标宋简体"
	fontPageNum  = "宋体"
)

// Style IDs. The heading styles are Word's built-in ones (w:name "heading 1" …), which
// Word and WPS show under their localised names 标题 1 … and use for the navigation pane
// and tables of contents.
const (
	styleNormal   = "Normal"
	styleIndent   = "NormalIndent" // 正文缩进: body paragraphs, two characters indented
	styleTitle    = "Title"
	styleHeading  = "Heading" // + level: Heading1 … Heading4
	styleCaption  = "Caption"
	styleUnit     = "TableUnit"
	styleTable    = "TableText"
	styleFigure   = "Figure"
	styleFooter   = "Footer"
	styleGridTbl  = "TableGrid"
	maxHeadingLvl = 4
)

// The parts that are the same in every report, compressed once.
var staticParts = sync.OnceValues(func() ([]member, error) {
	parts := []struct{ name, xml string }{
		{"_rels/.rels", relsRoot},
		{"word/styles.xml", stylesXML()},
		{"word/settings.xml", settingsXML},
		{"word/fontTable.xml", fontTableXML},
		{"word/footer1.xml", footerXML("right")},
		{"word/footer2.xml", footerXML("left")},
		{"docProps/app.xml", appXML},
	}
	ms := make([]member, len(parts))
	for i, p := range parts {
		m, err := compress(p.name, []byte(p.xml))
		if err != nil {
			return nil, err
		}
		ms[i] = m
	}
	return ms, nil
})

const relsRoot = xmlDecl + `<Relationships xmlns="` + nsRel + `">` +
	`<Relationship Id="rId1" Type="` + relOffice + `officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="` + relOffice + `extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const appXML = xmlDecl + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
	`<Application>selfeval</Application><DocSecurity>0</DocSecurity></Properties>`

// Relationship IDs of word/document.xml; chart n (from 1) is rId(chartRelBase+n).
const (
	ridStyles     = "rId1"
	ridSettings   = "rId2"
	ridFontTable  = "rId3"
	ridFooterOdd  = "rId4"
	ridFooterEven = "rId5"
	chartRelBase  = 10
)

func chartRID(n int) string { return "rId" + strconv.Itoa(chartRelBase+n) }

// contentTypes is [Content_Types].xml for a package with charts chart1 … chartN.
func contentTypes(charts int) []byte {
	b := make([]byte, 0, 1600+charts*120)
	b = append(b, xmlDecl+`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`+
		`<Default Extension="xml" ContentType="application/xml"/>`+
		`<Override PartName="/word/document.xml" ContentType="`+ctMain+`document.main+xml"/>`+
		`<Override PartName="/word/styles.xml" ContentType="`+ctMain+`styles+xml"/>`+
		`<Override PartName="/word/settings.xml" ContentType="`+ctMain+`settings+xml"/>`+
		`<Override PartName="/word/fontTable.xml" ContentType="`+ctMain+`fontTable+xml"/>`+
		`<Override PartName="/word/footer1.xml" ContentType="`+ctMain+`footer+xml"/>`+
		`<Override PartName="/word/footer2.xml" ContentType="`+ctMain+`footer+xml"/>`...)
	for n := 1; n <= charts; n++ {
		b = append(b, `<Override PartName="/`+partChartFn...)
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, `.xml" ContentType="`+ctChart+`"/>`...)
	}
	b = append(b, `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`+
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`+
		`</Types>`...)
	return b
}

// documentRels is word/_rels/document.xml.rels for a document with charts chart1 … chartN.
func documentRels(charts int) []byte {
	b := make([]byte, 0, 900+charts*160)
	b = append(b, xmlDecl+`<Relationships xmlns="`+nsRel+`">`+
		`<Relationship Id="`+ridStyles+`" Type="`+relOffice+`styles" Target="styles.xml"/>`+
		`<Relationship Id="`+ridSettings+`" Type="`+relOffice+`settings" Target="settings.xml"/>`+
		`<Relationship Id="`+ridFontTable+`" Type="`+relOffice+`fontTable" Target="fontTable.xml"/>`+
		`<Relationship Id="`+ridFooterOdd+`" Type="`+relOffice+`footer" Target="footer1.xml"/>`+
		`<Relationship Id="`+ridFooterEven+`" Type="`+relOffice+`footer" Target="footer2.xml"/>`...)
	for n := 1; n <= charts; n++ {
		b = append(b, `<Relationship Id="`...)
		b = append(b, chartRID(n)...)
		b = append(b, `" Type="`+relOffice+`chart" Target="charts/chart`...)
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, `.xml"/>`...)
	}
	return append(b, `</Relationships>`...)
}

// coreXML is docProps/core.xml: title, subject, author and the document date.
func coreXML(title, subject, creator string, date time.Time) []byte {
	d := date.UTC().Format("2006-01-02T15:04:05Z")
	b := make([]byte, 0, 700+len(title)+len(subject)+len(creator))
	b = append(b, xmlDecl+`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`...)
	elem := func(tag, v string) {
		if v == "" {
			return
		}
		b = append(b, "<"+tag+">"...)
		b = appendEscaped(b, v)
		b = append(b, "</"+tag+">"...)
	}
	elem("dc:title", title)
	elem("dc:subject", subject)
	elem("dc:creator", creator)
	b = append(b, `<cp:lastModifiedBy>selfeval</cp:lastModifiedBy>`...)
	b = append(b, `<dcterms:created xsi:type="dcterms:W3CDTF">`+d+`</dcterms:created>`...)
	b = append(b, `<dcterms:modified xsi:type="dcterms:W3CDTF">`+d+`</dcterms:modified>`...)
	return append(b, `</cp:coreProperties>`...)
}

// settingsXML: odd and even pages get their own footers (the page number sits right on
// odd pages, left on even ones); Chinese punctuation is compressed at line starts as Word
// does by default for zh-CN; the compatibility mode is Word 2013's, so Word opens the file
// without the compatibility-mode banner. Elements are in the schema's order.
const settingsXML = xmlDecl + `<w:settings xmlns:w="` + nsW + `">` +
	`<w:zoom w:percent="100"/>` +
	`<w:defaultTabStop w:val="420"/>` +
	`<w:evenAndOddHeaders/>` +
	`<w:characterSpacingControl w:val="compressPunctuation"/>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>` +
	`<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>` +
	`</w:settings>`

// fontTableXML declares the fonts the styles name, each official font with the font that
// stands in for it where it is not installed (w:altName), charset 86 (GB2312).
const fontTableXML = xmlDecl + `<w:fonts xmlns:w="` + nsW + `">` +
	`<w:font w:name="` + fontLatin + `"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
	`<w:font w:name="` + fontBody + `"><w:altName w:val="仿宋"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>` +
	`<w:font w:name="仿宋"><w:altName w:val="FangSong"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>` +
	`<w:font w:name="` + fontHeading1 + `"><w:altName w:val="SimHei"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>` +
	`<w:font w:name="` + fontHeading2 + `"><w:altName w:val="楷体"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>` +
	`<w:font w:name="楷体"><w:altName w:val="KaiTi"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>` +
	`<w:font w:name="` + fontTitle + `"><w:altName w:val="宋体"/><w:charset w:val="86"/><w:family w:val="script"/><w:pitch w:val="variable"/></w:font>` +
	`<w:font w:name="` + fontPageNum + `"><w:altName w:val="SimSun"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>` +
	`</w:fonts>`

// rFonts names the fonts of a run: Latin text in Times New Roman, East Asian in ea.
func rFonts(ea string) string {
	return `<w:rFonts w:ascii="` + fontLatin + `" w:hAnsi="` + fontLatin + `" w:eastAsia="` + ea + `" w:cs="` + fontLatin + `"/>`
}

func sz(halfPoints int) string {
	v := strconv.Itoa(halfPoints)
	return `<w:sz w:val="` + v + `"/><w:szCs w:val="` + v + `"/>`
}

// noGrid is the paragraph spacing of text that keeps off the document grid: single line
// spacing, for tables, the title, figures and footers.
const noGrid = `<w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/>`

// stylesXML is word/styles.xml. Body text is 3号 仿宋_GB2312, justified, at the exact
// pitch of the 22-line grid; kinsoku (避头尾) is on and left to Word's own rules.
func stylesXML() string {
	exact := `<w:spacing w:line="` + strconv.Itoa(linePitch) + `" w:lineRule="exact"/>`
	indent := `<w:ind w:firstLineChars="200" w:firstLine="640"/>`
	s := xmlDecl + `<w:styles xmlns:w="` + nsW + `">` +
		`<w:docDefaults><w:rPrDefault><w:rPr>` + rFonts(fontBody) + `<w:kern w:val="2"/>` + sz(sizeBody) +
		`<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:kinsoku/>` + exact + `<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="` + styleNormal + `"><w:name w:val="Normal"/><w:qFormat/>` +
		`<w:pPr><w:widowControl w:val="0"/><w:kinsoku/>` + exact + `<w:jc w:val="both"/></w:pPr><w:rPr>` + rFonts(fontBody) + sz(sizeBody) + `</w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="` + styleIndent + `"><w:name w:val="Normal Indent"/><w:basedOn w:val="Normal"/><w:qFormat/>` +
		`<w:pPr>` + indent + `</w:pPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="` + styleTitle + `"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
		`<w:pPr><w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:after="` + strconv.Itoa(linePitch) + `" w:line="660" w:lineRule="exact"/><w:jc w:val="center"/><w:outlineLvl w:val="9"/></w:pPr>` +
		`<w:rPr><w:rFonts w:ascii="` + fontTitle + `" w:hAnsi="` + fontTitle + `" w:eastAsia="` + fontTitle + `"/>` + sz(sizeTitle) + `</w:rPr></w:style>`
	headingFonts := [maxHeadingLvl]string{fontHeading1, fontHeading2, fontBody, fontBody}
	for lvl := 1; lvl <= maxHeadingLvl; lvl++ {
		n := strconv.Itoa(lvl)
		s += `<w:style w:type="paragraph" w:styleId="` + styleHeading + n + `"><w:name w:val="heading ` + n + `"/><w:basedOn w:val="Normal"/><w:next w:val="` + styleIndent + `"/><w:uiPriority w:val="9"/><w:qFormat/>` +
			`<w:pPr><w:keepNext/><w:keepLines/>` + indent + `<w:outlineLvl w:val="` + strconv.Itoa(lvl-1) + `"/></w:pPr>` +
			`<w:rPr>` + rFonts(headingFonts[lvl-1]) + `</w:rPr></w:style>`
	}
	s += `<w:style w:type="paragraph" w:styleId="` + styleCaption + `"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="35"/><w:qFormat/>` +
		`<w:pPr><w:keepNext/>` + noGrid + `<w:jc w:val="center"/></w:pPr><w:rPr>` + rFonts(fontHeading1) + sz(sizeTable) + `</w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:customStyle="1" w:styleId="` + styleUnit + `"><w:name w:val="表格单位"/><w:basedOn w:val="Normal"/>` +
		`<w:pPr><w:keepNext/>` + noGrid + `<w:jc w:val="right"/></w:pPr><w:rPr>` + sz(sizeTable) + `</w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:customStyle="1" w:styleId="` + styleTable + `"><w:name w:val="表格文字"/><w:basedOn w:val="Normal"/>` +
		`<w:pPr>` + noGrid + `<w:jc w:val="left"/></w:pPr><w:rPr>` + sz(sizeTable) + `</w:rPr></w:style>` +
		`<w:style w:type="paragraph" w:customStyle="1" w:styleId="` + styleFigure + `"><w:name w:val="图表"/><w:basedOn w:val="Normal"/>` +
		`<w:pPr>` + noGrid + `<w:jc w:val="center"/></w:pPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="` + styleFooter + `"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/>` +
		`<w:pPr>` + noGrid + `</w:pPr><w:rPr><w:rFonts w:ascii="` + fontPageNum + `" w:hAnsi="` + fontPageNum + `" w:eastAsia="` + fontPageNum + `"/>` + sz(sizePageNumber) + `</w:rPr></w:style>` +
		`<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>` +
		`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>` +
		`<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
		`<w:style w:type="table" w:styleId="` + styleGridTbl + `"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="39"/>` +
		`<w:pPr>` + noGrid + `</w:pPr><w:tblPr>` + tblBorders + `</w:tblPr></w:style>` +
		`</w:styles>`
	return s
}

// tblBorders are the single thin lines of every table.
const tblBorders = `<w:tblBorders>` +
	`<w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`<w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`<w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`<w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`</w:tblBorders>`

// footerXML is a footer holding the page number — N — as a PAGE field, aligned to jc with
// one character's space from the edge (GB/T 9704: odd pages right, even pages left).
func footerXML(jc string) string {
	ind := `<w:ind w:right="280" w:rightChars="100"/>`
	if jc == "left" {
		ind = `<w:ind w:left="280" w:leftChars="100"/>`
	}
	return xmlDecl + `<w:ftr xmlns:w="` + nsW + `" xmlns:r="` + nsR + `">` +
		`<w:p><w:pPr><w:pStyle w:val="` + styleFooter + `"/>` + ind + `<w:jc w:val="` + jc + `"/></w:pPr>` +
		`<w:r><w:t xml:space="preserve">— </w:t></w:r>` +
		`<w:r><w:fldChar w:fldCharType="begin"/></w:r>` +
		`<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
		`<w:r><w:fldChar w:fldCharType="separate"/></w:r>` +
		`<w:r><w:t>1</w:t></w:r>` +
		`<w:r><w:fldChar w:fldCharType="end"/></w:r>` +
		`<w:r><w:t xml:space="preserve"> —</w:t></w:r>` +
		`</w:p></w:ftr>`
}
