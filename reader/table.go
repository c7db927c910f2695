package reader

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"selfeval/calc"
)

// normTitle is the form titles, unit lines and sheet names are compared in: widths folded,
// spaces removed, every dash (– — － −) written as -. 表 1－4 → 表1-4.
func normTitle(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return -1
		case isDash(r):
			return '-'
		}
		return r
	}, calc.FoldWidth(s))
}

// specTitles are the tables' names from calc.Tables in normTitle form.
var specTitles = func() []string {
	t := make([]string, len(calc.Tables))
	for i, s := range calc.Tables {
		t[i] = normTitle(s.Title)
	}
	return t
}()

// maxTitleRunes bounds the length of a cell taken as a title: a sentence that mentions a
// table in an instructions sheet is not its title.
const maxTitleRunes = 80

// matchTitle returns the index in calc.Tables of the table a cell's text is the title of:
// it contains 表1-x (not 表1-10) or the table's name. A text naming two tables is no title.
func matchTitle(text string) (int, bool) {
	if !strings.Contains(text, "表") && !strings.Contains(text, "情况") {
		return 0, false // cheap test first: every title has one of them
	}
	n := normTitle(text)
	if utf8.RuneCountInString(n) > maxTitleRunes {
		return 0, false
	}
	found := -1
	for i, s := range calc.Tables {
		if containsTableID(n, s.ID) {
			if found >= 0 {
				return 0, false
			}
			found = i
		}
	}
	if found >= 0 {
		return found, true
	}
	for i, t := range specTitles {
		if strings.Contains(n, t) {
			if found >= 0 {
				return 0, false
			}
			found = i
		}
	}
	return found, found >= 0
}

// containsTableID reports whether n contains 表<id> not followed by another digit.
func containsTableID(n, id string) bool {
	key := "表" + id
	for i := 0; ; {
		j := strings.Index(n[i:], key)
		if j < 0 {
			return false
		}
		end := i + j + len(key)
		if end == len(n) || n[end] < '0' || n[end] > '9' {
			return true
		}
		i = end
	}
}

// titleHit is a cell that titles a table.
type titleHit struct {
	spec int // index into calc.Tables
	sh   *sheet
	r, c int // -1, 0 for a sheet named for the table that has no title cell
	text string
}

// findTitles returns the title cells of sh in reading order. A sheet named for a table
// (表1-4) with no title cell of its own gets a hit above its first row.
func findTitles(sh *sheet) []titleHit {
	var hits []titleHit
	for r := 0; r < sh.rows; r++ {
		for c := 0; c < sh.cols; c++ {
			v := sh.at(r, c)
			if v == "" {
				continue
			}
			if i, ok := matchTitle(v); ok {
				hits = append(hits, titleHit{spec: i, sh: sh, r: r, c: c, text: strings.TrimSpace(v)})
			}
		}
	}
	if i, ok := sheetTable(sh.name); ok && !slices.ContainsFunc(hits, func(h titleHit) bool { return h.spec == i }) {
		hits = append([]titleHit{{spec: i, sh: sh, r: -1, text: sh.name}}, hits...)
	}
	return hits
}

// sheetTable returns the table a sheet is named for (表1-4, 表 1－4, or the table's name).
func sheetTable(name string) (int, bool) {
	return matchTitle(name)
}

// column is a value column found in a table's header.
type column struct {
	key  string // calc.Col…
	name string // the header as written
	r, c int    // header cell
	unit string // 万元 or 元 when the header states it: 年初预算数（元）
}

// layout is where a table's parts are on its sheet.
type layout struct {
	hit      titleHit
	hdrLast  int // last header row
	labelCol int
	labelHdr bool     // the label column was found by its header (支出用途 …)
	cols     []column // found value columns, in the spec's order
	dupCols  []string // value columns found more than once
	end      int      // the table's rows end before this row (the next title or the sheet's end)
}

// maxHeaderGap is how many rows below its title a table's header may start.
const maxHeaderGap = 8

var headerUnit = regexp.MustCompile(`\((万元|元)\)$`)

// columnAliases are header texts that name a canonical column in other words.
var columnAliases = map[string]string{
	"调整后预算":   calc.ColAdjusted,
	"全年调整预算":  calc.ColAdjusted,
	"实际支出金额":  calc.ColActual,
	"账面原值":    calc.ColOriginal,
	"在用原值":    calc.ColInUse,
	"固定资产利用率": calc.ColUseRate,
}

// columnForm strips what headers add around a column's name: 第一季度累计支出数 → 一季度累计支出.
func columnForm(s string) string {
	for _, p := range []string{"第", "截至", "截止"} {
		s = strings.TrimPrefix(s, p)
	}
	for _, p := range []string{"金额", "数"} {
		s = strings.TrimSuffix(s, p)
	}
	return s
}

// columnKey returns the canonical column of spec a header cell names, and the unit the
// header states.
func columnKey(spec calc.TableSpec, header string) (key, unit string, ok bool) {
	h, _, _ := normalizeLabel(header)
	return columnKeyNorm(spec, header, h)
}

// columnKeyNorm is columnKey for a header whose NormalizeLabel form h is known.
func columnKeyNorm(spec calc.TableSpec, header, h string) (key, unit string, ok bool) {
	if strings.Contains(header, "元") {
		if m := headerUnit.FindStringSubmatch(normTitle(header)); m != nil {
			unit = m[1]
		}
	}
	if h == "" {
		return "", "", false
	}
	form := columnForm(h)
	for _, k := range spec.Columns {
		if h == k || form == columnForm(k) || columnAliases[form] == k {
			return k, unit, true
		}
	}
	return "", "", false
}

// labelHeaderAliases are headers of a label column besides the spec's own.
var labelHeaderAliases = []string{"项目", "项目名称", "科目名称", "科目", "名称", "类别"}

// isLabelHeader reports whether a header cell, normalised (NormalizeLabel), heads spec's
// label column: 支出用途, 支出功能分类科目, 项目 ….
func isLabelHeader(spec calc.TableSpec, h string) bool {
	if h == "" {
		return false
	}
	return strings.Contains(h, specKeys[spec.ID].labelHeader) || slices.Contains(labelHeaderAliases, h)
}

// tableKeys are the normalised forms of a TableSpec's labels, computed once.
type tableKeys struct {
	labelHeader string
	must        []string // required rows (TableSpec.Rows less Optional); calc warns about a missing optional one
}

var specKeys = func() map[string]tableKeys {
	m := make(map[string]tableKeys, len(calc.Tables))
	for _, spec := range calc.Tables {
		k := tableKeys{}
		k.labelHeader, _, _ = calc.NormalizeLabel(spec.LabelHeader)
		for _, label := range spec.Rows {
			key, _, _ := normalizeLabel(label)
			if !spec.IsOptional(key) {
				k.must = append(k.must, key)
			}
		}
		m[spec.ID] = k
	}
	return m
}()

// locate finds the header of the table titled at hit: the first row below the title that
// names its label column and value columns, spread over one or two rows (表1-5 has 期末账面数
// above 数量 / 原值 / 其中：在用 / 利用率). end bounds the search (the next title).
func locate(hit titleHit, end int) (*layout, bool) {
	sh, spec := hit.sh, calc.Tables[hit.spec]
	for r := hit.r + 1; r < end && r <= hit.r+maxHeaderGap; r++ {
		lay := &layout{hit: hit, hdrLast: r, labelCol: -1, end: end}
		found := map[string]column{}
		scan := func(r int) int {
			n := 0
			for c := 0; c < sh.cols; c++ {
				v := sh.at(r, c) // merges unresolved: a header spanning columns names one
				if strings.TrimSpace(v) == "" {
					continue
				}
				h, _, _ := normalizeLabel(v)
				if k, unit, ok := columnKeyNorm(spec, v, h); ok {
					if prev, dup := found[k]; dup && prev.c != c {
						lay.dupCols = append(lay.dupCols, k)
						continue
					}
					found[k] = column{key: k, name: strings.TrimSpace(v), r: r, c: c, unit: unit}
					n++
				} else if lay.labelCol < 0 && isLabelHeader(spec, h) {
					lay.labelCol = c
				}
			}
			return n
		}
		if scan(r) == 0 && lay.labelCol < 0 {
			continue
		}
		if r+1 < end && scan(r+1) > 0 {
			lay.hdrLast = r + 1
		}
		if len(found) < 2 && (len(found) < 1 || lay.labelCol < 0) {
			continue
		}
		first := sh.cols
		for _, k := range spec.Columns {
			if col, ok := found[k]; ok {
				lay.cols = append(lay.cols, col)
				first = min(first, col.c)
			}
		}
		lay.labelHdr = lay.labelCol >= 0
		if lay.labelCol < 0 { // no label header: the leftmost header cell before the values
			for c := 0; c < first && lay.labelCol < 0; c++ {
				for hr := r; hr <= lay.hdrLast; hr++ {
					if strings.TrimSpace(sh.label(hr, c)) != "" {
						lay.labelCol = c
						break
					}
				}
			}
			if lay.labelCol < 0 && first > 0 {
				lay.labelCol = first - 1
			}
		}
		if lay.labelCol < 0 || lay.labelCol >= first {
			continue
		}
		return lay, true
	}
	return nil, false
}

var unitLine = regexp.MustCompile(`单位:?(万元|元)`)

// unitOf finds the unit line (单位：万元 / 单位：元) from the row above the title down to the
// header. It returns "" when there is none.
func unitOf(lay *layout) (unit string, cell calc.CellRef, err error) {
	sh := lay.hit.sh
	for r := max(lay.hit.r-1, 0); r <= lay.hdrLast; r++ {
		for c := 0; c < sh.cols; c++ {
			v := sh.at(r, c)
			if !strings.Contains(v, "单位") {
				continue
			}
			m := unitLine.FindStringSubmatch(normTitle(v))
			if m == nil {
				continue
			}
			if unit != "" && m[1] != unit {
				return unit, cell, &CellError{Sheet: sh.name, Cell: ref(r, c), Label: "单位", Value: v, Err: ErrUnitMismatch}
			}
			if unit == "" {
				unit, cell = m[1], calc.CellRef{Sheet: sh.name, Cell: ref(r, c)}
			}
		}
	}
	return unit, cell, nil
}

// stopLabel marks the rows below a table that are not part of it: notes and signatures.
var stopLabel = regexp.MustCompile(`^(?:注[:0-9]|注$|备注|说明|填表说明|填报说明)|负责人|填报人|填表人|制表人|审核人|填报日期|填表日期`)

// tableRead is what reading one table found besides its rows.
type tableRead struct {
	blank    []calc.CellRef // empty or dash figures read as 0
	merged   []calc.CellRef // merged value ranges, counted once at their top-left cell
	hidden   []calc.CellRef // figures in hidden rows or columns
	external []calc.CellRef // figures from formulas that refer to other workbooks
	loose    []calc.CellRef // figures in rows without a label, not read
}

// readTable reads the rows of a located table into t, appending problems to w.
func (w *workbook) readTable(lay *layout, t *calc.Table) {
	sh, spec := lay.hit.sh, calc.Tables[lay.hit.spec]
	part := "表" + spec.ID
	t.ID, t.Title = spec.ID, lay.hit.text
	if lay.hit.r >= 0 {
		t.Source = calc.CellRef{Sheet: sh.name, Cell: ref(lay.hit.r, lay.hit.c)}
	} else {
		t.Source = calc.CellRef{Sheet: sh.name}
	}
	for _, k := range lay.dupCols {
		w.fail(&PartError{Part: part, Name: k, Detail: "表头有多列", Err: ErrDuplicate})
	}
	for _, k := range spec.Columns {
		if k == calc.ColUseRate { // 利用率 is derived; the template may leave it out
			continue
		}
		if !slices.ContainsFunc(lay.cols, func(c column) bool { return c.key == k }) {
			w.fail(&PartError{Part: part, Name: k, Err: ErrMissingColumn})
		}
	}

	unit, _, err := unitOf(lay)
	if err != nil {
		w.fail(err)
	}
	t.Unit = unit
	headerUnits := false
	for i, col := range lay.cols {
		t.Columns = append(t.Columns, calc.Column{Key: col.key, Name: col.name, Cell: calc.CellRef{Sheet: sh.name, Cell: ref(col.r, col.c)}})
		switch {
		case col.unit == "":
			lay.cols[i].unit = unit
		case unit != "" && col.unit != unit:
			w.fail(&CellError{Sheet: sh.name, Cell: ref(col.r, col.c), Label: col.key, Value: col.name, Err: ErrUnitMismatch})
		default:
			headerUnits = true
		}
	}
	if unit == "" {
		for i := range lay.cols {
			if lay.cols[i].unit == "" {
				lay.cols[i].unit = unitWan
			}
		}
		t.Unit = unitWan
		if !headerUnits {
			w.checks.Add(calc.SeverityNote, calc.CodeUnitAssumed, []calc.CellRef{t.Source},
				msgUnitAssumed, part)
		} else if yuan := lay.cols[0].unit; yuan == unitYuan {
			t.Unit = unitYuan
		}
	}

	var found tableRead
	colHidden := make([]bool, len(lay.cols))
	if sh.meta != nil {
		for i, col := range lay.cols {
			colHidden[i] = sh.meta.colHidden(col.c)
		}
	}
	blankRows := 0
	r := lay.hdrLast + 1
	for ; r < lay.end; r++ {
		label := strings.TrimSpace(sh.label(r, lay.labelCol))
		valuesEmpty := true
		for _, col := range lay.cols {
			if strings.TrimSpace(sh.at(r, col.c)) != "" {
				valuesEmpty = false
				break
			}
		}
		if label == "" {
			if valuesEmpty {
				if blankRows++; blankRows >= 2 && !fixedRowAhead(sh, lay, r, spec, t) {
					break
				}
				continue
			}
			for _, col := range lay.cols {
				if strings.TrimSpace(sh.at(r, col.c)) != "" {
					found.loose = append(found.loose, calc.CellRef{Sheet: sh.name, Cell: ref(r, col.c)})
				}
			}
			continue
		}
		if stopLabel.MatchString(normTitle(label)) || (blankRows > 0 && valuesEmpty && !fixedRowAhead(sh, lay, r, spec, t)) {
			break
		}
		blankRows = 0
		key, numbering, memo := normalizeLabel(label)
		if valuesEmpty && isLabelHeader(spec, key) { // a repeated header row
			continue
		}
		row := calc.Row{
			Label: label, Key: key, Numbering: numbering, Memo: memo,
			Values: make(map[string]calc.Value, len(lay.cols)),
			Cell:   calc.CellRef{Sheet: sh.name, Cell: ref(r, lay.labelCol)},
		}
		rowHidden := 0 // unknown, visible, hidden: asked once a row has a figure
		// A row left blank altogether (an item the department does not have) is normal and
		// counts as 0 without a note; empty cells beside figures, or in a required row (总计),
		// are noted, once for the table.
		blankFrom, rowFilled := len(found.blank), slices.Contains(specKeys[spec.ID].must, key)
		for i, col := range lay.cols {
			k := kindAmount
			switch col.key {
			case calc.ColCount:
				k = kindQuantity
			case calc.ColUseRate:
				k = kindPercent
			}
			v, facts, err := figure(sh, r, col.c, col.key, k, col.unit)
			if err != nil {
				w.fail(err)
			}
			row.Values[col.key] = v
			switch {
			case facts.covered:
				// A range anchored in a value column spreads one figure over several cells; one
				// anchored elsewhere (a label spread over the row) holds no figure.
				top := sh.anchor[r*sh.stride+col.c]
				cell := calc.CellRef{Sheet: sh.name, Cell: ref(top/sh.stride, top%sh.stride)}
				inValues := slices.ContainsFunc(lay.cols, func(c column) bool { return c.c == top%sh.stride })
				if inValues && top/sh.stride > lay.hdrLast && !slices.Contains(found.merged, cell) {
					found.merged = append(found.merged, cell)
				}
			case facts.blank:
				optional := col.key == calc.ColUseRate ||
					(spec.ID == calc.TableExecution && slices.Contains(calc.QuarterColumns[:], col.key) && key != calc.RowTotal)
				if !optional {
					found.blank = append(found.blank, v.Cell)
				}
			}
			if facts.external {
				found.external = append(found.external, v.Cell)
			}
			if _, ok := sh.mergeAt(r, col.c); ok && v.Present && !slices.Contains(found.merged, v.Cell) {
				found.merged = append(found.merged, v.Cell)
			}
			if v.Present && sh.meta != nil {
				if rowHidden == 0 {
					rowHidden = 1
					if sh.meta.rowHidden(r) {
						rowHidden = 2
					}
				}
				if rowHidden == 2 || colHidden[i] {
					found.hidden = append(found.hidden, v.Cell)
				}
			}
			rowFilled = rowFilled || v.Present
		}
		if !rowFilled {
			found.blank = found.blank[:blankFrom]
		}
		t.Rows = append(t.Rows, row)
	}
	if r >= sh.rows && sh.truncated && sh.rows >= sh.maxRows {
		w.fail(&PartError{Part: part, Detail: "超过 " + strconv.Itoa(sh.maxRows) + " 行的部分未读取", Err: ErrTooLarge})
	}
	w.tableChecks(part, t, spec, found)
}

// tableChecks reports missing rows and what reading the table noticed.
func (w *workbook) tableChecks(part string, t *calc.Table, spec calc.TableSpec, found tableRead) {
	keys := specKeys[spec.ID]
	for _, k := range keys.must {
		rows := rowsWithKey(t, k)
		switch {
		case len(rows) == 0:
			w.fail(&PartError{Part: part, Name: labelFor(spec, k), Err: ErrMissingRow})
		case len(rows) > 1:
			cells := make([]calc.CellRef, len(rows))
			for i, row := range rows {
				cells[i] = row.Cell
			}
			w.fail(&PartError{Part: part, Name: labelFor(spec, k), Detail: refList(cells), Err: ErrDuplicate})
		}
	}
	if spec.ID == calc.TableExecution {
		if total, ok := t.Row(calc.RowTotal); ok {
			for _, q := range calc.QuarterColumns {
				if v, ok := total.Values[q]; ok && !v.Present {
					w.fail(&CellError{Sheet: v.Cell.Sheet, Cell: v.Cell.Cell, Label: "总计 " + q, Err: ErrMissing})
				}
			}
		}
	}
	if len(found.blank) > 0 {
		w.checks.Add(calc.SeverityNote, calc.CodeBlankAsZero, found.blank,
			msgBlankAsZero, part, len(found.blank))
	}
	if len(found.merged) > 0 {
		w.checks.Add(calc.SeverityNote, calc.CodeMergedValue, found.merged,
			msgMergedValue, part)
	}
	if len(found.hidden) > 0 {
		w.checks.Add(calc.SeverityWarning, calc.CodeHiddenCells, found.hidden,
			msgHiddenCells, part)
	}
	if len(found.external) > 0 {
		w.checks.Add(calc.SeverityWarning, calc.CodeExternalLink, found.external,
			msgExternalLink, part)
	}
	if len(found.loose) > 0 {
		w.checks.Add(calc.SeverityWarning, calc.CodeUnlabelledValues, found.loose,
			msgUnlabelledValues, part)
	}
}

// labelFor returns the row label of spec whose key is k, as printed in the template.
func labelFor(spec calc.TableSpec, k string) string {
	for _, label := range spec.Rows {
		if key, _, _ := normalizeLabel(label); key == k {
			return label
		}
	}
	return k
}

// rowsWithKey returns the rows of t whose key is k.
func rowsWithKey(t *calc.Table, k string) []*calc.Row {
	var rows []*calc.Row
	for i := range t.Rows {
		if t.Rows[i].Key == k {
			rows = append(rows, &t.Rows[i])
		}
	}
	return rows
}

// fixedRowAhead reports whether one of the table's fixed rows (such as 总计) that has not
// been read yet still follows row r within the table. A template's unused category rows
// (表1-2 spare rows left empty) must not end the table before its 总计.
func fixedRowAhead(sh *sheet, lay *layout, r int, spec calc.TableSpec, t *calc.Table) bool {
	for next := r + 1; next < lay.end; next++ {
		label := strings.TrimSpace(sh.label(next, lay.labelCol))
		if label == "" {
			continue
		}
		if stopLabel.MatchString(normTitle(label)) {
			return false
		}
		key, _, _ := normalizeLabel(label)
		for _, fixed := range spec.Rows {
			fixedKey, _, _ := normalizeLabel(fixed)
			if _, read := t.Row(fixedKey); key == fixedKey && !read {
				return true
			}
		}
	}
	return false
}
