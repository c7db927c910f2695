package reader

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"selfeval/calc"
)

// This file lays out a calc.Department as the submission workbook of SPEC §3, with the
// layout variants the reader must accept. It stands in for writer/submission until the
// round trip can use the real template writer.

// variant is a layout the reader must read back to the same figures.
type variant struct {
	shared   bool   // every table on one sheet (预算表), starting at B2, one blank row apart
	yuan     bool   // 单位：元, money × 10000
	text     string // numbers as text: "thousands" (16,535.40) or "fullwidth" (１６５３５．４)
	sloppy   bool   // half-width brackets, stray spaces in labels and titles, units in headers
	formulas bool   // 总计 / 合计 / 本年收入合计 rows as formulas with cached values
	uncached bool   // with formulas: no cached values, as openpyxl and excelize write them
	merged   bool   // merged titles, two-column merged labels, a narrative section over two rows
	noUnit   bool   // no 单位 line (read as 万元)
}

// built is a workbook being laid out: the excelize file, where each figure went, and XML
// rewrites to apply to the saved bytes (for what excelize cannot write: cached values of
// numeric formulas, error values, booleans).
type built struct {
	t   testing.TB
	f   *excelize.File
	pos map[string]calc.CellRef // "1-4/总计/实际支出数", "title/1-4", "row/1-4/总计", "info/满意度", "manual/<key>"
	rw  []func(xml string) string
	aux int // rows used on the 计算 sheet (variant uncached)
}

func (b *built) must(err error) {
	b.t.Helper()
	if err != nil {
		b.t.Fatal(err)
	}
}

func (b *built) set(sheet string, r, c int, v any) {
	b.t.Helper()
	b.must(b.f.SetCellValue(sheet, ref(r, c), v))
}

func (b *built) merge(sheet string, r0, c0, r1, c1 int) {
	b.t.Helper()
	b.must(b.f.MergeCell(sheet, ref(r0, c0), ref(r1, c1)))
}

// at returns the position recorded under key, failing the test if there is none.
func (b *built) at(key string) calc.CellRef {
	b.t.Helper()
	p, ok := b.pos[key]
	if !ok {
		b.t.Fatalf("no cell recorded for %q", key)
	}
	return p
}

// setAt writes v into the cell recorded under key.
func (b *built) setAt(key string, v any) {
	b.t.Helper()
	p := b.at(key)
	b.must(b.f.SetCellValue(p.Sheet, p.Cell, v))
}

// cachedFormula makes the cell under key a formula whose cached value is the raw XML value
// v of type t ("" for a number, "e" for an error value, "b" for a boolean); v == "" leaves
// the formula without a cached value.
func (b *built) cachedFormula(key, formula, t, v string) {
	b.t.Helper()
	p := b.at(key)
	b.must(b.f.SetCellValue(p.Sheet, p.Cell, nil))
	b.must(b.f.SetCellFormula(p.Sheet, p.Cell, formula))
	cell := regexp.MustCompile(`<c r="` + p.Cell + `"((?: s="[0-9]+")?)(?: t="str")?><f>` + regexp.QuoteMeta(formula) + `</f>(?:<v></v>)?</c>`)
	b.rw = append(b.rw, func(xml string) string {
		typ := ""
		if t != "" {
			typ = ` t="` + t + `"`
		}
		val := ""
		if v != "" {
			val = "<v>" + v + "</v>"
		}
		return cell.ReplaceAllString(xml, `<c r="`+p.Cell+`"$1`+typ+`><f>`+formula+`</f>`+val+`</c>`)
	})
}

// bytes saves the workbook and applies the XML rewrites to its worksheets.
func (b *built) bytes() []byte {
	b.t.Helper()
	buf, err := b.f.WriteToBuffer()
	b.must(err)
	if len(b.rw) == 0 {
		return buf.Bytes()
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	b.must(err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		b.must(err)
		data, err := io.ReadAll(rc)
		b.must(err)
		b.must(rc.Close())
		if strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			s := string(data)
			for _, fn := range b.rw {
				s = fn(s)
			}
			data = []byte(s)
		}
		w, err := zw.Create(zf.Name)
		b.must(err)
		_, err = w.Write(data)
		b.must(err)
	}
	b.must(zw.Close())
	return out.Bytes()
}

// read reads the built workbook back.
func (b *built) read(opt Options) (*calc.Department, error) {
	b.t.Helper()
	data := b.bytes()
	return Read(bytes.NewReader(data), int64(len(data)), opt)
}

// build lays out d as a submission workbook in layout v.
func build(t testing.TB, d *calc.Department, v variant) *built {
	t.Helper()
	b := &built{t: t, f: excelize.NewFile(), pos: map[string]calc.CellRef{}}
	first := true
	newSheet := func(name string) {
		if first {
			b.must(b.f.SetSheetName("Sheet1", name))
			first = false
			return
		}
		_, err := b.f.NewSheet(name)
		b.must(err)
	}
	row, c0 := 0, 0
	if v.shared {
		newSheet("预算表")
		row, c0 = 1, 1
	}
	for i, tab := range d.Tables() {
		spec := calc.Tables[i]
		sheet := "预算表"
		if !v.shared {
			sheet = "表" + spec.ID
			newSheet(sheet)
			row = 0
		}
		row = b.table(sheet, row, c0, tab, spec, v) + 1
	}
	if v.formulas {
		numeric := regexp.MustCompile(` t="str"><f>`)
		b.rw = append(b.rw, func(xml string) string { return numeric.ReplaceAllString(xml, `><f>`) })
	}
	if v.uncached {
		cached := regexp.MustCompile(`(<f>[^<]*</f>)<v>[^<]*</v>`)
		b.rw = append(b.rw, func(xml string) string { return cached.ReplaceAllString(xml, `$1`) })
	}
	newSheet(calc.SheetInfo)
	b.info(&d.Info, v)
	newSheet(calc.SheetManual)
	b.manual(d.ManualScores, v)
	newSheet(calc.SheetNarrative)
	b.narrative(d.Narrative, v)
	return b
}

// money reports whether a column holds money (converted between 元 and 万元).
func money(col string) bool { return col != calc.ColCount && col != calc.ColUseRate }

// table lays out one table from row r0, column c0 and returns the row after it.
func (b *built) table(sheet string, r0, c0 int, tab *calc.Table, spec calc.TableSpec, v variant) int {
	lw := 1 // label width in columns
	if v.merged {
		lw = 2
	}
	ncols := lw + len(spec.Columns)
	r := r0
	title := "表" + spec.ID + " " + spec.Title
	if v.sloppy {
		title = "表 " + strings.Replace(spec.ID, "-", "－", 1) + "  " + halfWidth(spec.Title)
	}
	b.set(sheet, r, c0, title)
	b.pos["title/"+spec.ID] = calc.CellRef{Sheet: sheet, Cell: ref(r, c0)}
	if v.merged {
		b.merge(sheet, r, c0, r, c0+ncols-1)
	}
	r++
	unit := "万元"
	if v.yuan {
		unit = "元"
	}
	if !v.noUnit {
		uc := c0
		if v.merged {
			uc = c0 + ncols - 1
		}
		b.set(sheet, r, uc, "单位："+unit)
	}
	r++
	header := func(col string) string {
		name := col
		if col == calc.ColInUse {
			name = "其中：在用"
		}
		if v.sloppy && money(col) {
			name += "（" + unit + "）"
		}
		return name
	}
	if spec.ID == calc.TableAssets { // two header rows, as in the seed
		b.set(sheet, r, c0, spec.LabelHeader)
		b.merge(sheet, r, c0, r+1, c0+lw-1)
		b.set(sheet, r, c0+lw, "期末账面数")
		b.merge(sheet, r, c0+lw, r, c0+ncols-1)
		for j, col := range spec.Columns {
			b.set(sheet, r+1, c0+lw+j, header(col))
		}
		r += 2
	} else {
		b.set(sheet, r, c0, spec.LabelHeader)
		if lw > 1 {
			b.merge(sheet, r, c0, r, c0+lw-1)
		}
		for j, col := range spec.Columns {
			b.set(sheet, r, c0+lw+j, header(col))
		}
		r++
	}
	first := r
	for _, row := range tab.Rows {
		label := row.Label
		if v.sloppy {
			label = sloppyLabel(label)
		}
		b.set(sheet, r, c0, label)
		if lw > 1 {
			b.merge(sheet, r, c0, r, c0+lw-1)
		}
		b.pos["row/"+spec.ID+"/"+row.Key] = calc.CellRef{Sheet: sheet, Cell: ref(r, c0)}
		total := row.Key == calc.RowTotal || row.Key == calc.RowSum || row.Key == calc.RowIncomeTotal
		for j, col := range spec.Columns {
			c := c0 + lw + j
			b.pos[spec.ID+"/"+row.Key+"/"+col] = calc.CellRef{Sheet: sheet, Cell: ref(r, c)}
			val, ok := row.Values[col]
			if !ok || !val.Present {
				if ok && spec.ID == calc.TableAssets {
					b.set(sheet, r, c, "——")
				}
				continue
			}
			amount := val.Amount
			if v.yuan && money(col) {
				amount = amount.Shift(4)
			}
			switch {
			case v.uncached && total:
				// The total as a SUM over another sheet (amount − 1, 1), exact in decimals.
				if b.aux == 0 {
					_, err := b.f.NewSheet("计算")
					b.must(err)
				}
				b.aux++
				b.set("计算", b.aux-1, 0, amount.Sub(decimal.NewFromInt(1)).String())
				b.must(b.f.SetCellFormula("计算", ref(b.aux-1, 0), amount.Sub(decimal.NewFromInt(1)).String()+"*1"))
				b.set("计算", b.aux-1, 1, 1)
				b.must(b.f.SetCellFormula(sheet, ref(r, c), fmt.Sprintf("SUM('计算'!A%d:B%d)", b.aux, b.aux)))
			case v.formulas && total && r > first: // a total above its items stays a number (a SUM of itself is circular)
				b.set(sheet, r, c, amount.InexactFloat64())
				b.must(b.f.SetCellFormula(sheet, ref(r, c), fmt.Sprintf("SUM(%s%d:%s%d)", colName(c), first+1, colName(c), max(r, first+1))))
			case v.text == "thousands":
				b.set(sheet, r, c, thousands(amount))
			case v.text == "fullwidth":
				b.set(sheet, r, c, fullWidth(amount.String()))
			default:
				b.set(sheet, r, c, amount.InexactFloat64())
			}
		}
		r++
	}
	return r
}

// info lays out 基本信息 as 项目 / 内容.
func (b *built) info(in *calc.BasicInfo, v variant) {
	const sheet = calc.SheetInfo
	b.set(sheet, 0, 0, "项目")
	b.set(sheet, 0, 1, "内容")
	for i, item := range calc.InfoItems {
		r := i + 1
		label := item
		if v.sloppy {
			label = " " + item + " "
		}
		b.set(sheet, r, 0, label)
		b.pos["info/"+item] = calc.CellRef{Sheet: sheet, Cell: ref(r, 1)}
		var val any
		switch item {
		case calc.InfoName:
			val = in.Name
		case calc.InfoYear:
			val = in.Year
			if v.text != "" {
				val = fmt.Sprintf("%d年", in.Year)
			}
		case calc.InfoHead:
			val = in.Head
		case calc.InfoPreparer:
			val = in.Preparer
		case calc.InfoPhone:
			val = in.Phone
		default:
			fig, _ := in.Figure(item)
			if !fig.Present {
				continue
			}
			val = fig.Amount.InexactFloat64()
			if v.text != "" {
				if item == calc.InfoSatisfaction {
					val = fig.Amount.Shift(2).String() + "%"
				} else {
					val = fig.Amount.String()
				}
			}
		}
		b.set(sheet, r, 1, val)
	}
}

// manual lays out 评分录入.
func (b *built) manual(scores []calc.ManualScore, v variant) {
	const sheet = calc.SheetManual
	b.set(sheet, 0, 0, "指标")
	b.set(sheet, 0, 1, "自评得分")
	b.set(sheet, 0, 2, "说明")
	for i, m := range scores {
		r := i + 1
		b.set(sheet, r, 0, m.Name)
		b.pos["manual/"+m.Key] = calc.CellRef{Sheet: sheet, Cell: ref(r, 1)}
		if m.Score.Present {
			if v.text != "" {
				b.set(sheet, r, 1, m.Score.Amount.String())
			} else {
				b.set(sheet, r, 1, m.Score.Amount.InexactFloat64())
			}
		}
		if m.Note != "" {
			b.set(sheet, r, 2, m.Note)
		}
	}
}

// narrative lays out 文字说明. Sloppy text has CRLF line breaks, indented paragraphs and
// blank lines; merged layout puts a section's paragraphs in two rows under a merged 章节.
func (b *built) narrative(sections []calc.NarrativeSection, v variant) {
	const sheet = calc.SheetNarrative
	b.set(sheet, 0, 0, "章节")
	b.set(sheet, 0, 1, "内容")
	r := 1
	for _, s := range sections {
		paras := strings.Split(s.Text, "\n")
		text := func(ps []string) string {
			if !v.sloppy {
				return strings.Join(ps, "\n")
			}
			return "　　" + strings.Join(ps, "\r\n\r\n　　") + " \r\n"
		}
		b.set(sheet, r, 0, s.Key)
		if v.merged && len(paras) > 1 {
			half := len(paras) / 2
			b.set(sheet, r, 1, text(paras[:half]))
			b.set(sheet, r+1, 1, text(paras[half:]))
			b.merge(sheet, r, 0, r+1, 0)
			r += 2
			continue
		}
		b.set(sheet, r, 1, text(paras))
		r++
	}
}

// thousands writes an amount with thousands separators and at least 2 decimals: 16,535.40.
func thousands(d decimal.Decimal) string {
	s := d.String()
	if d.Exponent() >= -2 {
		s = d.StringFixed(2)
	}
	intPart, frac, _ := strings.Cut(s, ".")
	var out []byte
	for i := range len(intPart) {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, intPart[i])
	}
	return string(out) + "." + frac
}

// fullWidth writes ASCII as full-width forms: 16535.4 → １６５３５．４.
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r <= '~' {
			return r + 0xFEE0
		}
		return r
	}, s)
}

// halfWidth writes full-width brackets and colons as ASCII.
func halfWidth(s string) string {
	return strings.NewReplacer("（", "(", "）", ")", "：", ":").Replace(s)
}

// sloppyLabel is a label as a hurried typist leaves it: half-width brackets, a space in the
// middle, spaces around.
func sloppyLabel(s string) string {
	s = halfWidth(s)
	rs := []rune(s)
	mid := len(rs) / 2
	return " " + string(rs[:mid]) + " " + string(rs[mid:]) + "　"
}
