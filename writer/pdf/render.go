package pdf

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"

	"selfeval/calc"
	"selfeval/writer/fonts"
)

// Page geometry of GB/T 9704 in mm: A4, type area 156 × 225 from 37 mm top, 28 mm left.
const (
	pageWidth   = 210.0
	pageHeight  = 297.0
	marginTop   = 37.0
	marginLeft  = 28.0
	bodyBottom  = marginTop + BodyHeight
	bodyRight   = marginLeft + BodyWidth
	linePitch   = BodyHeight / 22 // 22 lines a page
	ptToMM      = 25.4 / 72
	cellPadX    = 1.2
	cellPadY    = 1.0
	tableLineK  = 1.35 // table line pitch / font size
	pageNumGap  = 7.0  // GB/T 9704: the page number's dash sits 7 mm below the type area
	blockGap    = 2.0  // space after a table
	indentChars = 2
)

// GlyphError is text containing a character none of the fonts can draw.
type GlyphError struct {
	Field string // what users call the text: 部门名称, 文字说明“主要职能” …
	Rune  rune
}

func (e *GlyphError) Error() string {
	return fmt.Sprintf("%s 含有字体中没有的字符“%c”(U+%04X)，请改用常用字或用 --font 指定含该字的字体", e.Field, e.Rune, e.Rune)
}

// Write lays out and renders the report of an evaluation.
func Write(w io.Writer, e *calc.Evaluation, f *fonts.Set, opt Options) error {
	doc, err := Layout(e, opt)
	if err != nil {
		return err
	}
	if opt.OnWarning != nil {
		for _, w := range doc.Warnings {
			opt.OnWarning(w)
		}
	}
	if opt.Date.IsZero() && e.Department != nil && e.Department.Info.Year > 0 {
		opt.Date = time.Date(e.Department.Info.Year+1, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return Render(w, doc, f, opt)
}

// renderer typesets one document.
type renderer struct {
	pdf    *gofpdf.Fpdf
	set    *fonts.Set
	family map[*fonts.Face]string // gofpdf family of each face used
	key    map[*fonts.Face]string // the family as SetFont looks it up (see setFont)
	used   map[string]map[rune]bool
	width  map[widthKey]func(rune) float64 // see measure
	font   fontState                       // what setFont selected last; zero: unknown
	y      float64
}

type widthKey struct {
	face *fonts.Face
	size float64
}

// Render typesets doc with gofpdf and writes the PDF to w. Every text is checked against
// the fonts first: a character no font has is a *GlyphError naming the field, and nothing
// is written. The same document, fonts and options always give the same bytes.
func Render(w io.Writer, doc *Document, set *fonts.Set, opt Options) (err error) {
	defer func() {
		// gofpdf panics on some inputs; a report must fail alone, never take the batch down.
		if p := recover(); p != nil {
			err = fmt.Errorf("生成 PDF 失败：%v", p)
		}
	}()
	if set == nil {
		return fmt.Errorf("%w：%s", fonts.ErrNoFont, fonts.InstallHint)
	}
	r := &renderer{
		set: set, family: map[*fonts.Face]string{}, key: map[*fonts.Face]string{},
		used: map[string]map[rune]bool{}, width: map[widthKey]func(rune) float64{},
	}
	if err := r.check(doc); err != nil {
		return err
	}
	date := opt.Date
	if date.IsZero() {
		date = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	pdf := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: gofpdf.SizeType{Wd: pageWidth, Ht: pageHeight}})
	r.pdf = pdf
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(date.UTC())
	pdf.SetModificationDate(date.UTC())
	pdf.SetMargins(marginLeft, marginTop, pageWidth-bodyRight)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetTitle(doc.Title, true)
	pdf.SetAuthor(doc.Author, true)
	pdf.SetSubject(doc.Subject, true)
	pdf.SetCreator("selfeval", true)
	pdf.SetProducer("selfeval", true)
	for _, f := range r.facesUsed() {
		data, err := f.ForDocument(r.used[r.family[f]])
		if err != nil {
			return err
		}
		pdf.AddUTF8FontFromBytes(r.family[f], "", data)
	}
	pdf.SetLineWidth(0.2)
	pdf.SetFooterFunc(r.footer)
	r.newPage()
	for _, b := range doc.Blocks {
		switch x := b.(type) {
		case *Title:
			r.title(x)
		case *HeaderBlock:
			r.headerBlock(x)
		case *Heading:
			r.heading(x)
		case *Paragraph:
			r.paragraph(x)
		case *Table:
			r.table(x)
		case PageBreak, *PageBreak:
			r.newPage()
		}
		if err := pdf.Error(); err != nil {
			return fmt.Errorf("生成 PDF：%w", err)
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return fmt.Errorf("生成 PDF：%w", err)
	}
	out := r.tagSubsets(buf.Bytes())
	_, err = w.Write(out)
	return err
}

// pageNumberText is the footer text for checking coverage.
const pageNumberText = "—0123456789 "

// check finds the face of every character — the role's face, else the first face of the
// set that has it — and fails on the first character no face has, before anything is drawn.
func (r *renderer) check(doc *Document) error {
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
		case *Title:
			err = need(fonts.Title, x.Text, "报告标题")
		case *HeaderBlock:
			for _, l := range x.Lines {
				if err = need(fonts.Body, l.Text, l.Field); err != nil {
					break
				}
			}
		case *Heading:
			err = need(headingRole(x.Level), x.Text, "报告模板标题")
		case *Paragraph:
			err = need(fonts.Body, x.Text, x.Field)
		case *Table:
			if err = need(fonts.Heading1, x.Caption, x.Field+"标题"); err == nil {
				err = need(fonts.Table, x.Unit, x.Field)
			}
			for _, rows := range [][][]Cell{x.Header, x.Rows} {
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

func (r *renderer) useRune(f *fonts.Face, c rune) {
	fam, ok := r.family[f]
	if !ok {
		// gofpdf names the font "utf8" + lower(family); tagSubsets rewrites that to
		// TAG+Name, the same length, so the family is three characters longer than Name.
		name := f.Name
		for _, other := range r.family {
			if strings.EqualFold(other[3:], name) {
				name = fmt.Sprintf("%s%d", name, len(r.family))
			}
		}
		fam = "sub" + name
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

// tagSubsets renames each embedded font from gofpdf's "utf8name" to "ABCDEF+Name", the
// PDF convention for a subset font (same length, so no offset changes). The tag is a
// hash of the font and the characters used, so it is deterministic.
func (r *renderer) tagSubsets(pdf []byte) []byte {
	for f, fam := range r.family {
		old := []byte("/utf8" + strings.ToLower(fam))
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
		repl := []byte("/" + string(tag) + "+" + fam[3:])
		for i := 0; ; {
			j := bytes.Index(pdf[i:], old)
			if j < 0 {
				break
			}
			at := i + j
			end := at + len(old)
			if end < len(pdf) && strings.IndexByte(" \n\r/>[", pdf[end]) >= 0 {
				copy(pdf[at:], repl)
			}
			i = end
		}
	}
	return pdf
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
	r.pdf.AddPage()
	// AddPage draws the footer, then selects on the new page the font that was current
	// before it: what setFont last selected may not be what gofpdf has now.
	r.font = fontState{}
	r.y = marginTop
}

// footer draws the page number — N — 7 mm below the type area: odd pages right, even
// pages left, one character in from the edge (GB/T 9704).
func (r *renderer) footer() {
	n := r.pdf.PageNo()
	text := fmt.Sprintf("— %d —", n)
	body := r.set.Face(fonts.Body)
	w := r.textWidth(text, r.measure(body, sizePageNumber))
	em := sizePageNumber * ptToMM
	x := bodyRight - em - w
	if n%2 == 0 {
		x = marginLeft + em
	}
	r.text(body, sizePageNumber, x, bodyBottom+pageNumGap+em*0.8, text, 0)
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

// baseline returns the baseline of a line box at top with the given pitch, centring the
// ideographic em box (about 0.88 em above and 0.12 em below the baseline) in the box.
func baseline(top, pitch, sizePt float64) float64 {
	return top + pitch/2 + 0.38*sizePt*ptToMM
}

// lines draws wrapped text line by line, breaking pages as needed. firstIndent is the
// first line's indent in mm; center centres the lines; justify spreads every line but
// the last to the full width, as body text in official documents is set.
func (r *renderer) lines(lines []string, size, pitch, firstIndent float64, center, justify bool, face *fonts.Face) {
	m := r.measure(face, size)
	for i, l := range lines {
		tc := 0.0
		if justify && i < len(lines)-1 {
			avail := BodyWidth
			if i == 0 {
				avail -= firstIndent
			}
			n := justifyUnits(l)
			slack := avail - r.textWidth(l, m)
			// Spread only a small slack; a line cut short by a long figure stays ragged.
			if n > 1 && slack > 0 && slack/float64(n-1) < 0.25*size*ptToMM {
				tc = slack / float64(n-1)
			}
		}
		if r.y+pitch > bodyBottom+0.01 {
			r.newPage()
		}
		x := marginLeft
		if i == 0 {
			x += firstIndent
		}
		if center {
			x = marginLeft + (BodyWidth-r.textWidth(l, m))/2
		}
		if l != "" {
			r.text(face, size, x, baseline(r.y, pitch, size), l, tc)
		}
		r.y += pitch
	}
}

func (r *renderer) title(t *Title) {
	face := r.set.Face(fonts.Title)
	pitch := sizeTitle * ptToMM * 1.5
	ls := breakLines(t.Text, BodyWidth, r.measure(face, sizeTitle))
	r.lines(ls, sizeTitle, pitch, 0, true, false, face)
	r.y += linePitch
}

func (r *renderer) headerBlock(h *HeaderBlock) {
	face := r.set.Face(fonts.Body)
	for _, l := range h.Lines {
		r.lines(breakLines(l.Text, BodyWidth, r.measure(face, sizeBody)), sizeBody, linePitch, 0, false, false, face)
	}
	r.y += linePitch
}

func (r *renderer) heading(h *Heading) {
	face := r.set.Face(headingRole(h.Level))
	indent := indentChars * sizeBody * ptToMM
	ls := breakParagraph(h.Text, BodyWidth-indent, BodyWidth, r.measure(face, sizeBody))
	// Keep the heading with the first line of what follows.
	if r.y+float64(len(ls)+1)*linePitch > bodyBottom+0.01 {
		r.newPage()
	}
	if h.Level <= 2 {
		r.setFont(face, sizeBody) // Bookmark encodes its text by the current font
		r.pdf.Bookmark(h.Text, h.Level-1, r.y)
	}
	r.lines(ls, sizeBody, linePitch, indent, false, false, face)
}

func (r *renderer) paragraph(p *Paragraph) {
	face := r.set.Face(fonts.Body)
	indent := indentChars * sizeBody * ptToMM
	ls := breakParagraph(p.Text, BodyWidth-indent, BodyWidth, r.measure(face, sizeBody))
	r.lines(ls, sizeBody, linePitch, indent, false, true, face)
}
