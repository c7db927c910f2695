// Package pdf renders the 部门整体支出绩效自评报告 (a writer/report Document) as a PDF in
// official-document form (GB/T 9704): A4, type area 156 × 225 mm, 22 lines a page, CJK
// fonts embedded as subsets, bookmarks, the score table on landscape pages, charts drawn
// as vector graphics. Render decides how things look, never what they say.
package pdf

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/jung-kurt/gofpdf"

	"selfeval/calc"
	"selfeval/writer/fonts"
	"selfeval/writer/report"
)

// Page geometry of GB/T 9704 in mm: A4, type area 156 × 225 from 37 mm top, 28 mm left.
const (
	pageWidth   = 210.0
	pageHeight  = 297.0
	marginTop   = 37.0
	marginLeft  = 28.0
	linePitch   = BodyHeight / 22 // 22 lines a page
	ptToMM      = 25.4 / 72
	cellPadX    = 1.2
	cellPadY    = 1.0
	tableLineK  = 1.35 // table line pitch / font size
	pageNumGap  = 7.0  // GB/T 9704: the page number's dash sits 7 mm below the type area
	blockGap    = 2.0  // space after a table
	indentChars = 2
)

// BodyWidth and BodyHeight are the type area of GB/T 9704 in mm (portrait).
const (
	BodyWidth  = 156.0
	BodyHeight = 225.0
)

// Font sizes in points.
const (
	sizeTitle      = 22.0 // 二号
	sizeBody       = 16.0 // 三号
	sizeTable      = 12.0 // 小四
	sizeSmall      = 9.0  // 小五: report.SizeSmall
	sizePageNumber = 14.0 // 四号
	sizeChart      = 10.5 // 五号: chart labels
)

// geometry is the page and type area of one orientation, in mm.
type geometry struct {
	landscape     bool
	pageW, pageH  float64
	left, top     float64
	width, height float64 // the type area
	bottom, right float64 // its bottom and right edges
	orientation   string  // P or L, for gofpdf's AddPageFormat
}

func newGeometry(landscape bool) geometry {
	g := geometry{pageW: pageWidth, pageH: pageHeight, left: marginLeft, top: marginTop, width: BodyWidth, height: BodyHeight, orientation: "P"}
	if landscape {
		// The portrait type area turned a quarter: its top margin on the binding side.
		g = geometry{landscape: true, pageW: pageHeight, pageH: pageWidth, left: pageHeight - marginTop - BodyHeight, top: marginLeft,
			width: BodyHeight, height: BodyWidth, orientation: "L"}
	}
	g.bottom, g.right = g.top+g.height, g.left+g.width
	return g
}

// Options control Write and Render. The zero value is the default.
type Options struct {
	// Date is the document's creation and modification date. Zero means 1 January of the
	// year after the report year, 00:00 UTC, so output never depends on the clock; the
	// caller sets it from SOURCE_DATE_EPOCH when that is set.
	Date time.Time
	// Layout is what Write lays the report out with (the wording template, --templates).
	Layout report.Options
	// Shared, when set, is the character set of a whole archive (合订本, see SharedFonts):
	// every face embeds it all, whatever the document draws.
	Shared *SharedFonts
}

// GlyphError is text containing a character none of the fonts can draw.
type GlyphError struct {
	Field string // what users call the text: 部门名称, 文字说明“主要职能” …
	Rune  rune
}

func (e *GlyphError) Error() string {
	return fmt.Sprintf("%s 含有字体中没有的字符“%c”(U+%04X)，请改用常用字或用 --font 指定含该字的字体", e.Field, e.Rune, e.Rune)
}

// Write lays out (report.Layout) and renders the report of an evaluation.
func Write(w io.Writer, e *calc.Evaluation, f *fonts.Set, opt Options) error {
	doc, err := report.Layout(e, opt.Layout)
	if err != nil {
		return err
	}
	if opt.Date.IsZero() && e.Department != nil {
		opt.Date = calc.DocumentDate(e.Department.Info.Year)
	}
	return Render(w, doc, f, opt)
}

// renderer typesets one document.
type renderer struct {
	pdf      *gofpdf.Fpdf
	set      *fonts.Set
	family   map[*fonts.Face]string // gofpdf family of each face used
	key      map[*fonts.Face]string // the family as SetFont looks it up (see setFont)
	used     map[string]map[rune]bool
	width    map[widthKey]func(rune) float64 // see measure
	font     fontState                       // what setFont selected last; zero: unknown
	geom     geometry                        // of the section: the pages to come
	pageGeom geometry                        // of the current page, which the footer reads
	y        float64
}

func newRenderer(set *fonts.Set) *renderer {
	return &renderer{
		geom: newGeometry(false), set: set, family: map[*fonts.Face]string{}, key: map[*fonts.Face]string{},
		used: map[string]map[rune]bool{}, width: map[widthKey]func(rune) float64{},
	}
}

// addFonts gives r.pdf every face the renderer uses, each as the subset of the characters
// it uses there. markUsed also marks those characters used whether or not the document
// draws them: an archive's front matter, whose fonts draw every report (SharedFonts).
func (r *renderer) addFonts(markUsed bool) error {
	faces := r.facesUsed()
	metrics, err := metricsOfAll(faces)
	if err != nil {
		return err
	}
	for i, f := range faces {
		data, cmap, err := f.ForDocument(r.used[r.family[f]])
		if err != nil {
			return err
		}
		glyphs := make(map[int]int, len(cmap))
		for _, e := range cmap {
			glyphs[int(e.Rune)] = int(e.Glyph)
		}
		r.pdf.AddUTF8Subset(r.family[f], "", gofpdf.UTF8Subset{
			BaseFont: r.subsetName(f), Font: data, Glyphs: glyphs, Metrics: metrics[i],
		})
		if markUsed {
			r.pdf.UseRunes(r.family[f], "", sortedRunes(r.used[r.family[f]]))
		}
	}
	return nil
}

// faceMetrics holds each face's gofpdf metrics (metricsOf), parsed once per process.
var faceMetrics sync.Map // *fonts.Face → func() (*gofpdf.UTF8Metrics, error)

// metricsOf returns the metrics gofpdf reads from f: those of the subset of every
// character f has, which every document's subset shares for the characters it keeps.
// They are read from such a subset, not from the font itself, so that gofpdf sees the
// cmap the documents' subsets have: a font's own may differ (a format 4 table whose
// length field has overflowed, which writer/fonts reads past and gofpdf does not).
// Control characters are left out: no document draws them, and gofpdf gives them no
// width in a document's subset.
func metricsOf(f *fonts.Face) (*gofpdf.UTF8Metrics, error) {
	parse, ok := faceMetrics.Load(f)
	if !ok {
		parse, _ = faceMetrics.LoadOrStore(f, sync.OnceValues(func() (*gofpdf.UTF8Metrics, error) {
			all := map[rune]bool{}
			for c := range rune(0xFFFF) {
				if f.Has(c) && !unicode.IsControl(c) {
					all[c] = true
				}
			}
			data, _, err := f.ForDocument(all)
			if err != nil {
				return nil, err
			}
			m, err := gofpdf.ParseUTF8Metrics(data)
			if err != nil {
				return nil, &fonts.FontError{Path: f.Path, Err: err}
			}
			return m, nil
		}))
	}
	return parse.(func() (*gofpdf.UTF8Metrics, error))()
}

// metricsOfAll is metricsOf of every face, parsed at once: the first document waits for
// the slowest face (50 ms for a 17 MB one), not for all of them in turn.
func metricsOfAll(faces []*fonts.Face) ([]*gofpdf.UTF8Metrics, error) {
	ms := make([]*gofpdf.UTF8Metrics, len(faces))
	errs := make([]error, len(faces))
	var wg sync.WaitGroup
	for i, f := range faces {
		wg.Go(func() { ms[i], errs[i] = metricsOf(f) })
	}
	wg.Wait()
	return ms, errors.Join(errs...)
}

type widthKey struct {
	face *fonts.Face
	size float64
}

// Render typesets doc with gofpdf and writes the PDF to w. Every text is checked against
// the fonts first: a character no font has is a *GlyphError naming the field, and nothing
// is written. The same document, fonts and options always give the same bytes.
func Render(w io.Writer, doc *report.Document, set *fonts.Set, opt Options) (err error) {
	defer func() {
		// gofpdf panics on some inputs; a report must fail alone, never take the batch down.
		if p := recover(); p != nil {
			err = fmt.Errorf("生成 PDF 失败：%v", p)
		}
	}()
	if set == nil {
		return fmt.Errorf("%w：%s", fonts.ErrNoFont, fonts.InstallHint)
	}
	r := newRenderer(set)
	opt.Shared.register(r)
	if err := r.check(doc); err != nil {
		return err
	}
	date := opt.Date
	if date.IsZero() {
		date = calc.DocumentDate(0)
	}
	pdf := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: gofpdf.SizeType{Wd: pageWidth, Ht: pageHeight}})
	r.pdf = pdf
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(date.UTC())
	pdf.SetModificationDate(date.UTC())
	pdf.SetMargins(marginLeft, marginTop, pageWidth-marginLeft-BodyWidth)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetTitle(doc.Title, true)
	pdf.SetAuthor(doc.Author, true)
	pdf.SetSubject(doc.Subject, true)
	pdf.SetCreator("selfeval", true)
	pdf.SetProducer("selfeval", true)
	if err := r.addFonts(opt.Shared != nil); err != nil {
		return err
	}
	pdf.SetLineWidth(0.2)
	pdf.SetFooterFunc(r.footer)
	blocks := doc.Blocks
	if len(blocks) > 0 {
		if sec, ok := blocks[0].(*report.Section); ok { // the first page takes its orientation
			r.geom = newGeometry(sec.Orientation == report.Landscape)
			blocks = blocks[1:]
		}
	}
	r.newPage()
	for _, b := range blocks {
		switch x := b.(type) {
		case *report.Title:
			r.title(x)
		case *report.HeaderBlock:
			r.headerBlock(x)
		case *report.Heading:
			r.heading(x)
		case *report.Paragraph:
			r.paragraph(x)
		case *report.Table:
			r.table(x)
		case *report.Chart:
			r.chart(x)
		case *report.Section:
			r.geom = newGeometry(x.Orientation == report.Landscape)
			r.newPage()
		case *report.PageBreak:
			r.newPage()
		}
		if err := pdf.Error(); err != nil {
			return fmt.Errorf("生成 PDF：%w", err)
		}
	}
	data, err := pdf.Bytes()
	if err != nil {
		return fmt.Errorf("生成 PDF：%w", err)
	}
	_, err = w.Write(data)
	return err
}

// pageNumberText is the footer text for checking coverage.
const pageNumberText = "—0123456789 "

// check finds the face of every character — the role's face, else the first face of the
// set that has it — and fails on the first character no face has, before anything is drawn.
func (r *renderer) check(doc *report.Document) error {
	need := func(role fonts.Role, text, field string) error {
		primary := r.set.Face(role)
		for _, c := range text {
			if c == '\n' {
				continue
			}
			f := r.faceFor(primary, c)
			if f == nil {
				if field == "" {
					field = "报告正文"
				}
				return &GlyphError{Field: field, Rune: c}
			}
			r.useRune(f, c)
		}
		return nil
	}
	if err := need(fonts.Body, pageNumberText, "页码"); err != nil {
		return err
	}
	for _, b := range doc.Blocks {
		var err error
		switch x := b.(type) {
		case *report.Title:
			err = need(fonts.Title, x.Text, "报告标题")
		case *report.HeaderBlock:
			for _, l := range x.Lines {
				if err = need(fonts.Body, l.Text, l.Field); err != nil {
					break
				}
			}
		case *report.Heading:
			err = need(headingRole(x.Level), x.Text, "报告模板标题")
		case *report.Paragraph:
			err = need(fonts.Body, x.Text, x.Field)
		case *report.Table:
			if err = need(fonts.Heading1, x.Caption+report.ContinuedMark, x.Field+"标题"); err == nil {
				err = need(fonts.Table, x.Unit, x.Field)
			}
			for _, rows := range [][][]report.Cell{x.Header, x.Rows} {
				for _, row := range rows {
					for _, c := range row {
						if err != nil {
							break
						}
						field := c.Field
						if field == "" {
							field = x.Field
						}
						err = need(fonts.Table, c.Text, field)
					}
				}
			}
		case *report.Chart:
			err = r.checkChart(x, need)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func headingRole(level int) fonts.Role {
	switch level {
	case 1:
		return fonts.Heading1
	case 2:
		return fonts.Heading2
	}
	return fonts.Body
}

// faceFor returns the face that draws c in text set in primary: primary when it has c,
// else the first face of the set that has it, else nil.
func (r *renderer) faceFor(primary *fonts.Face, c rune) *fonts.Face {
	if primary.Has(c) || c == ' ' && !r.hasAny(c) {
		return primary
	}
	for _, f := range r.set.Faces() {
		if f.Has(c) {
			return f
		}
	}
	return nil
}

func (r *renderer) hasAny(c rune) bool {
	for _, f := range r.set.Faces() {
		if f.Has(c) {
			return true
		}
	}
	return false
}

// familyPrefix begins every gofpdf family: the face's name follows (subsetName).
const familyPrefix = "sub"

func (r *renderer) useRune(f *fonts.Face, c rune) {
	fam, ok := r.family[f]
	if !ok {
		// Families are distinct whatever the case: gofpdf looks fonts up in lower case.
		name := f.Name
		for _, other := range r.family {
			if strings.EqualFold(other[len(familyPrefix):], name) {
				name = fmt.Sprintf("%s%d", name, len(r.family))
			}
		}
		fam = familyPrefix + name
		r.family[f] = fam
		r.key[f] = strings.ToLower(fam)
		r.used[fam] = map[rune]bool{}
	}
	r.used[fam][c] = true
}

func (r *renderer) facesUsed() []*fonts.Face {
	var out []*fonts.Face
	for f := range r.family {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return r.family[out[i]] < r.family[out[j]] })
	return out
}

// subsetName is the name of f's subset in the document: "ABCDEF+Name", the PDF
// convention for a subset font. The tag is a hash of the font and the characters used,
// so it is deterministic.
func (r *renderer) subsetName(f *fonts.Face) string {
	fam := r.family[f]
	runes := make([]rune, 0, len(r.used[fam]))
	for c := range r.used[fam] {
		runes = append(runes, c)
	}
	sort.Slice(runes, func(i, j int) bool { return runes[i] < runes[j] })
	h := sha256.Sum256([]byte(f.Name + string(runes)))
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + h[i]%26
	}
	return string(tag) + "+" + fam[len(familyPrefix):]
}

// measure returns the width function of text set in primary at size points: each
// character measured in the face that draws it, cached per document.
func (r *renderer) measure(primary *fonts.Face, size float64) func(rune) float64 {
	k := widthKey{primary, size}
	m := r.width[k]
	if m == nil {
		m = cachedWidths(func(c rune) float64 { return r.measureRune(primary, size, c) })
		r.width[k] = m
	}
	return m
}

// measureRune measures c set in primary at size points, in the face that draws it, as
// gofpdf does, without selecting the face: every SetFont writes a font selection into the
// current page, and measuring used to leave thousands of them in each document.
func (r *renderer) measureRune(primary *fonts.Face, size float64, c rune) float64 {
	f := r.faceFor(primary, c)
	if f == nil {
		f = primary
	}
	return r.pdf.GetFontStringWidth(r.key[f], "", size, string(c))
}

// setFont selects face f at size points, unless it is selected already: SetFont writes a
// selection into the page each time it is called. It is given the family lower-cased, as
// SetFont would make it, so lower-casing copies nothing.
func (r *renderer) setFont(f *fonts.Face, size float64) {
	if r.font == (fontState{f, size}) {
		return
	}
	r.pdf.SetFont(r.key[f], "", size)
	r.font = fontState{f, size}
}

// fontState is a face and a size in points.
type fontState struct {
	face *fonts.Face
	size float64
}

func (r *renderer) textWidth(s string, m func(rune) float64) float64 {
	w := 0.0
	for _, c := range s {
		w += m(c)
	}
	return w
}

// text draws s with its baseline at y from x, each run of characters in the face that
// draws it. tc (mm) justifies a line: it is added after every unit — a CJK character, or a
// Latin word or figure as a whole, never inside it (16,535.40 keeps its spacing).
func (r *renderer) text(primary *fonts.Face, size, x, y float64, s string, tc float64) {
	m := r.measure(primary, size)
	rs := []rune(s)
	curTc := 0.0
	setTc := func(v float64) {
		if v != curTc {
			r.pdf.RawWriteStr(fmt.Sprintf("%.4f Tc", v/ptToMM))
			curTc = v
		}
	}
	for i := 0; i < len(rs); {
		f := r.faceFor(primary, rs[i])
		word := tc > 0 && isWordRune(rs[i])
		j := i + 1
		for j < len(rs) && r.faceFor(primary, rs[j]) == f && (tc == 0 || isWordRune(rs[j]) == word) {
			j++
		}
		run := string(rs[i:j])
		r.setFont(f, size)
		w := r.textWidth(run, m)
		if word {
			setTc(0)
			r.pdf.Text(x, y, run)
			x += w + tc
		} else {
			setTc(tc)
			r.pdf.Text(x, y, run)
			x += w + float64(j-i)*tc
		}
		i = j
	}
	setTc(0)
}

func (r *renderer) newPage() {
	r.pdf.AddPageFormat(r.geom.orientation, gofpdf.SizeType{Wd: pageWidth, Ht: pageHeight})
	// AddPage draws the footer, then selects on the new page the font that was current
	// before it: what setFont last selected may not be what gofpdf has now.
	r.font = fontState{}
	r.y = r.geom.top
	r.pageGeom = r.geom
}

// footer draws the page number — N — 7 mm below the type area: odd pages right, even
// pages left, one character in from the edge (GB/T 9704). gofpdf calls it before it
// starts the next page, so it reads the geometry of the page it closes. The number is the
// last thing on the page, in a content stream of its own: an archive (writer/archive)
// keeps the page's first stream and draws its own number instead.
func (r *renderer) footer() {
	n := r.pdf.PageNo()
	x, y, text := r.pageNumber(n, r.pageGeom)
	r.pdf.SplitContents()
	r.text(r.set.Face(fonts.Body), sizePageNumber, x, y, text, 0)
}

// pageNumber is where page n's number goes on a page of geometry g, in mm, and its text.
func (r *renderer) pageNumber(n int, g geometry) (x, y float64, text string) {
	text = fmt.Sprintf("— %d —", n)
	w := r.textWidth(text, r.measure(r.set.Face(fonts.Body), sizePageNumber))
	em := sizePageNumber * ptToMM
	x = g.right - em - w
	if n%2 == 0 {
		x = g.left + em
	}
	return x, g.bottom + pageNumGap + em*0.8, text
}

// TextRun is text set in one face at one place: what a page number is drawn with.
type TextRun struct {
	Family string  // the face's name, as /BaseFont gives it after the subset tag
	Size   float64 // points
	X, Y   float64 // the baseline's start in points from the page's lower left
	Text   string
}

// PageNumbers returns page numbers as Render draws them with the fonts of set: page n's
// on a portrait or landscape page, one run per face its text needs. The function is for
// one goroutine at a time.
func PageNumbers(set *fonts.Set) (func(n int, landscape bool) []TextRun, error) {
	if set == nil {
		return nil, fmt.Errorf("%w：%s", fonts.ErrNoFont, fonts.InstallHint)
	}
	r := newRenderer(set)
	body := set.Face(fonts.Body)
	for _, c := range pageNumberText {
		if f := r.faceFor(body, c); f != nil {
			r.useRune(f, c)
		}
	}
	r.pdf = gofpdf.New("P", "mm", "A4", "")
	if err := r.addFonts(false); err != nil {
		return nil, err
	}
	if err := r.pdf.Error(); err != nil {
		return nil, err
	}
	return func(n int, landscape bool) []TextRun {
		g := newGeometry(landscape)
		x, y, text := r.pageNumber(n, g)
		m := r.measure(body, sizePageNumber)
		var runs []TextRun
		rs := []rune(text)
		for i := 0; i < len(rs); {
			f := r.faceFor(body, rs[i])
			j := i + 1
			for j < len(rs) && r.faceFor(body, rs[j]) == f {
				j++
			}
			run := string(rs[i:j])
			runs = append(runs, TextRun{Family: f.Name, Size: sizePageNumber, X: x / ptToMM, Y: (g.pageH - y) / ptToMM, Text: run})
			x += r.textWidth(run, m)
			i = j
		}
		return runs
	}, nil
}

// justifyUnits counts the units of a line that justification spaces apart: characters,
// with a Latin word or figure counting as one.
func justifyUnits(l string) int {
	n := 0
	prevWord := false
	for _, c := range l {
		w := isWordRune(c)
		if !w || !prevWord {
			n++
		}
		prevWord = w
	}
	return n
}

// maxSpread is the most justification adds between two units of a line, in em: about a
// twelfth of a character, which the eye does not read as letter-spacing. A line whose
// slack needs more (it ends before a long figure that would not fit) takes this much and
// leaves the rest of its slack at the right edge.
const maxSpread = 0.08

// spread returns what justification adds between the units of line l, avail mm wide: its
// slack — the width it does not fill, trailing spaces counted as slack — shared between
// the gaps between its units, at most maxSpread em each.
func (r *renderer) spread(l string, avail, size float64, m func(rune) float64) float64 {
	l = strings.TrimRight(l, " ")
	n := justifyUnits(l)
	slack := avail - r.textWidth(l, m)
	if n < 2 || slack <= 0 {
		return 0
	}
	return math.Min(slack/float64(n-1), maxSpread*size*ptToMM)
}

// baseline returns the baseline of a line box at top with the given pitch, centring the
// ideographic em box (about 0.88 em above and 0.12 em below the baseline) in the box.
func baseline(top, pitch, sizePt float64) float64 {
	return top + pitch/2 + 0.38*sizePt*ptToMM
}

// lines draws wrapped text line by line, breaking pages as needed. firstIndent is the
// first line's indent in mm. AlignJustify spreads every line but the last towards the
// full width (see spread), as body text in official documents is set.
func (r *renderer) lines(lines []string, size, pitch, firstIndent float64, align report.Align, face *fonts.Face) {
	m := r.measure(face, size)
	for i, l := range lines {
		if r.y+pitch > r.geom.bottom+0.01 {
			r.newPage()
		}
		x, avail := r.geom.left, r.geom.width
		if i == 0 {
			x += firstIndent
			avail -= firstIndent
		}
		tc := 0.0
		switch align {
		case report.AlignJustify:
			if i < len(lines)-1 {
				tc = r.spread(l, avail, size, m)
			}
		case report.AlignCenter:
			x = r.geom.left + (r.geom.width-r.textWidth(strings.TrimRight(l, " "), m))/2
		case report.AlignRight:
			x = r.geom.right - r.textWidth(strings.TrimRight(l, " "), m)
		}
		if l != "" {
			r.text(face, size, x, baseline(r.y, pitch, size), l, tc)
		}
		r.y += pitch
	}
}

func (r *renderer) title(t *report.Title) {
	face := r.set.Face(fonts.Title)
	pitch := sizeTitle * ptToMM * 1.5
	ls := breakLines(t.Text, r.geom.width, r.measure(face, sizeTitle))
	r.lines(ls, sizeTitle, pitch, 0, report.AlignCenter, face)
	r.y += linePitch
}

func (r *renderer) headerBlock(h *report.HeaderBlock) {
	face := r.set.Face(fonts.Body)
	for _, l := range h.Lines {
		r.lines(breakLines(l.Text, r.geom.width, r.measure(face, sizeBody)), sizeBody, linePitch, 0, report.AlignLeft, face)
	}
	r.y += linePitch
}

func (r *renderer) heading(h *report.Heading) {
	face := r.set.Face(headingRole(h.Level))
	indent := indentChars * sizeBody * ptToMM
	ls := breakParagraph(h.Text, r.geom.width-indent, r.geom.width, r.measure(face, sizeBody))
	// Keep the heading with the first line of what follows.
	if r.y+float64(len(ls)+1)*linePitch > r.geom.bottom+0.01 {
		r.newPage()
	}
	if h.Bookmarked() {
		r.setFont(face, sizeBody) // Bookmark encodes its text by the current font
		r.pdf.Bookmark(h.Text, h.Level-1, r.y)
	}
	r.lines(ls, sizeBody, linePitch, indent, report.AlignLeft, face)
}

func (r *renderer) paragraph(p *report.Paragraph) {
	face := r.set.Face(fonts.Body)
	indent := indentChars * sizeBody * ptToMM
	if p.NoIndent || p.Align == report.AlignCenter || p.Align == report.AlignRight {
		indent = 0
	}
	ls := breakParagraph(p.Text, r.geom.width-indent, r.geom.width, r.measure(face, sizeBody))
	r.lines(ls, sizeBody, linePitch, indent, p.Align, face)
}
