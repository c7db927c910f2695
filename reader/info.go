package reader

import (
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"selfeval/calc"
)

// headerCol is one column a part sheet's header row may name.
type headerCol struct {
	names    []string // accepted header texts, as NormalizeLabel returns them
	required bool
}

// maxPartHeaderRow is how far down a part sheet's header row may be.
const maxPartHeaderRow = 10

// findHeader returns the first row (within the first few) that names every required column,
// and the column of each (-1 for an optional column not named).
func findHeader(sh *sheet, want []headerCol) (row int, cols []int, ok bool) {
	for r := 0; r < sh.rows && r < maxPartHeaderRow; r++ {
		cols = make([]int, len(want))
		for i := range cols {
			cols[i] = -1
		}
		ok = true
		for i, h := range want {
			for c := 0; c < sh.cols; c++ {
				if k, _, _ := normalizeLabel(sh.at(r, c)); k != "" && slices.Contains(h.names, k) && !slices.Contains(cols, c) {
					cols[i] = c
					break
				}
			}
			if cols[i] < 0 && h.required {
				ok = false
			}
		}
		if ok {
			return r, cols, true
		}
	}
	return 0, nil, false
}

// infoAliases are 基本信息 labels that name an item in other words.
var infoAliases = map[string]string{
	"单位名称":     calc.InfoName,
	"部门(单位)名称": calc.InfoName,
	"部门单位名称":   calc.InfoName,
	"预算年度":     calc.InfoYear,
	"评价年度":     calc.InfoYear,
	"年份":       calc.InfoYear,
	"负责人":      calc.InfoHead,
	"编外人数":     calc.InfoContractStaff,
	"编制人数":     calc.InfoAuthorizedStaff,
	"在编人数":     calc.InfoActualStaff,
}

// infoKey returns the 基本信息 item a label names.
func infoKey(label string) (string, bool) {
	k, _, _ := normalizeLabel(label)
	if slices.Contains(calc.InfoItems, k) {
		return k, true
	}
	a, ok := infoAliases[k]
	return a, ok
}

// readInfo reads the sheet 基本信息: two columns 项目 / 内容 under a header, or label/value
// pairs without one.
func (w *workbook) readInfo(info *calc.BasicInfo) {
	sh := w.partSheet(calc.SheetInfo, true)
	if sh == nil {
		return
	}
	type place struct{ r, label, value int }
	places := map[string]place{}
	hdr, cols, header := findHeader(sh, []headerCol{
		{names: []string{"项目", "项目名称", "名称"}, required: true},
		{names: []string{"内容", "填报内容", "数值", "填报值"}, required: true},
	})
	start := 0
	if header {
		start = hdr + 1
	}
	for r := start; r < sh.rows; r++ {
		lc, vc := -1, -1
		if header {
			lc, vc = cols[0], cols[1]
		} else { // the first filled cell is the label, the next filled one its value
			for c := 0; c < sh.cols; c++ {
				if strings.TrimSpace(sh.at(r, c)) != "" {
					lc = c
					break
				}
			}
			if lc < 0 {
				continue
			}
			vc = lc + 1
			for vc < sh.cols && sh.covered(r, vc) {
				vc++
			}
			for c := vc; c < sh.cols; c++ {
				if strings.TrimSpace(sh.at(r, c)) != "" {
					vc = c
					break
				}
			}
		}
		key, ok := infoKey(sh.label(r, lc))
		if !ok {
			continue
		}
		if prev, dup := places[key]; dup {
			w.fail(&PartError{Part: calc.SheetInfo, Name: key,
				Detail: refList([]calc.CellRef{{Sheet: sh.name, Cell: ref(prev.r, prev.label)}, {Sheet: sh.name, Cell: ref(r, lc)}}),
				Err:    ErrDuplicate})
			continue
		}
		places[key] = place{r, lc, vc}
	}

	info.Cells = map[string]calc.CellRef{}
	var blank []calc.CellRef
	for _, item := range calc.InfoItems {
		p, ok := places[item]
		if !ok {
			switch item {
			case calc.InfoName, calc.InfoYear:
				w.fail(&PartError{Part: calc.SheetInfo, Name: item, Err: ErrMissingRow})
			}
			continue
		}
		cell := calc.CellRef{Sheet: sh.name, Cell: ref(p.r, p.value)}
		info.Cells[item] = cell
		if fig, isFigure := info.Figure(item); isFigure {
			k := kindCount
			if item == calc.InfoSatisfaction {
				k = kindPercent
			}
			v, facts, err := figure(sh, p.r, p.value, item, k, "")
			if err != nil {
				w.fail(err)
			}
			if facts.blank {
				blank = append(blank, cell)
			}
			*fig = v
			continue
		}
		text, err := textItem(sh, p.r, p.value, item)
		if err != nil {
			w.fail(err)
			continue
		}
		switch item {
		case calc.InfoName:
			if text == "" {
				w.fail(&CellError{Sheet: sh.name, Cell: cell.Cell, Label: item, Err: ErrMissing})
			}
			info.Name = text
		case calc.InfoYear:
			info.Year, err = parseYear(sh, p.r, p.value, text)
			if err != nil {
				w.fail(err)
			}
		case calc.InfoHead:
			info.Head = text
		case calc.InfoPreparer:
			info.Preparer = text
		case calc.InfoPhone:
			info.Phone = text
		}
	}
	if len(blank) > 0 {
		w.checks.Add(calc.SeverityNote, calc.CodeBlankAsZero, blank,
			msgInfoBlank, len(blank))
	}
}

// textItem reads a text cell (merged ranges resolved) trimmed; a formula without a cached
// value is an error.
func textItem(sh *sheet, r, c int, label string) (string, error) {
	text := strings.TrimSpace(sh.label(r, c))
	if text == "" && sh.meta != nil && !sh.covered(r, c) {
		if err := sh.meta.formulaErr(sh, r, c); err != nil {
			_, formula := sh.meta.cell(sh, r, c)
			return "", &CellError{Sheet: sh.name, Cell: ref(r, c), Label: label, Value: "=" + formula, Err: err}
		}
	}
	return text, nil
}

// parseYear reads 年度: 2020, 2020年, 2020 年度, ２０２０.
func parseYear(sh *sheet, r, c int, text string) (int, error) {
	fail := func(err error) (int, error) {
		return 0, &CellError{Sheet: sh.name, Cell: ref(r, c), Label: calc.InfoYear, Value: text, Err: err}
	}
	if text == "" {
		return fail(ErrMissing)
	}
	var (
		d   decimal.Decimal
		err error
	)
	typ := typeText
	if sh.meta != nil {
		typ, _ = sh.meta.cell(sh, r, c)
	}
	if typ == typeNumber {
		d, err = parseRaw(text)
	} else {
		s := cleanText(text)
		for _, suffix := range []string{"年度", "年"} {
			if rest, ok := strings.CutSuffix(s, suffix); ok {
				s = strings.TrimSpace(rest)
				break
			}
		}
		d, err = parseUnsigned(s)
	}
	if err != nil {
		return fail(err)
	}
	if !d.Equal(d.Truncate(0)) {
		return fail(ErrNotWhole)
	}
	if d.LessThan(decimal.NewFromInt(1900)) || d.GreaterThan(decimal.NewFromInt(2999)) {
		return fail(ErrOutOfRange)
	}
	return int(d.IntPart()), nil
}

// readManual reads the sheet 评分录入: one ManualScore per row with an indicator name.
func (w *workbook) readManual() []calc.ManualScore {
	sh := w.partSheet(calc.SheetManual, true)
	if sh == nil {
		return nil
	}
	hdr, cols, ok := findHeader(sh, []headerCol{
		{names: []string{"指标", "三级指标", "指标名称", "评分指标"}, required: true},
		{names: []string{"自评得分", "得分", "自评分", "评分"}, required: true},
		{names: []string{"说明", "备注", "得分说明", "评分说明", "扣分说明"}},
	})
	if !ok {
		w.fail(&PartError{Part: calc.SheetManual, Name: "指标、自评得分", Err: ErrMissingHeader})
		return nil
	}
	nameCol, scoreCol, noteCol := cols[0], cols[1], cols[2]
	var (
		scores []calc.ManualScore
		seen   = map[string]calc.CellRef{}
	)
	for r := hdr + 1; r < sh.rows; r++ {
		name := strings.TrimSpace(sh.label(r, nameCol))
		if name == "" {
			continue
		}
		if stopLabel.MatchString(normTitle(name)) {
			break
		}
		key, _, _ := normalizeLabel(name)
		nameCell := calc.CellRef{Sheet: sh.name, Cell: ref(r, nameCol)}
		if prev, dup := seen[key]; dup {
			w.fail(&PartError{Part: calc.SheetManual, Name: name, Detail: refList([]calc.CellRef{prev, nameCell}), Err: ErrDuplicate})
			continue
		}
		seen[key] = nameCell
		v, _, err := figure(sh, r, scoreCol, name, kindScore, "")
		if err != nil {
			w.fail(err)
		}
		m := calc.ManualScore{Name: name, Key: key, Score: v, Cell: nameCell}
		if noteCol >= 0 {
			m.Note = strings.TrimSpace(sh.label(r, noteCol))
		}
		scores = append(scores, m)
	}
	// A blank score is not a problem here: a computed indicator's row is an optional claim;
	// calc warns about a hand-scored indicator left blank (manual_missing).
	return scores
}

// readNarrative reads the sheet 文字说明: one section per 章节; a section spread over several
// rows (the same 章节, or rows with an empty 章节 below it) is joined.
func (w *workbook) readNarrative() []calc.NarrativeSection {
	sh := w.partSheet(calc.SheetNarrative, false)
	if sh == nil {
		return nil
	}
	hdr, cols, ok := findHeader(sh, []headerCol{
		{names: []string{"章节", "部分", "标题", "项目"}, required: true},
		{names: []string{"内容", "正文", "文字说明", "说明"}, required: true},
	})
	if !ok {
		w.fail(&PartError{Part: calc.SheetNarrative, Name: "章节、内容", Err: ErrMissingHeader})
		return nil
	}
	keyCol, textCol := cols[0], cols[1]
	var (
		sections []calc.NarrativeSection
		unknown  []calc.CellRef
		names    []string
		loose    []calc.CellRef
		last     = -1
	)
	for r := hdr + 1; r < sh.rows; r++ {
		label := strings.TrimSpace(sh.label(r, keyCol))
		text := paragraphs(sh.at(r, textCol)) // merges unresolved: merged text counts once
		textCell := calc.CellRef{Sheet: sh.name, Cell: ref(r, textCol)}
		if label == "" {
			switch {
			case text == "":
			case last >= 0:
				sections[last].Text = joinText(sections[last].Text, text)
			default:
				loose = append(loose, textCell)
			}
			continue
		}
		key, _, _ := normalizeLabel(label)
		if i := slices.IndexFunc(sections, func(s calc.NarrativeSection) bool { return s.Key == key }); i >= 0 {
			sections[i].Text = joinText(sections[i].Text, text)
			last = i
			continue
		}
		if !slices.Contains(calc.NarrativeKeys, key) {
			unknown = append(unknown, calc.CellRef{Sheet: sh.name, Cell: ref(r, keyCol)})
			names = append(names, label)
		}
		sections = append(sections, calc.NarrativeSection{Key: key, Text: text, Cell: textCell})
		last = len(sections) - 1
	}
	if len(unknown) > 0 {
		w.checks.Add(calc.SeverityWarning, calc.CodeUnknownSection, unknown,
			msgUnknownSection, strings.Join(names, "”“"), strings.Join(calc.NarrativeKeys, "、"))
	}
	if len(loose) > 0 {
		w.checks.Add(calc.SeverityWarning, calc.CodeUnlabelledText, loose,
			msgUnlabelledText)
	}
	return sections
}

// paragraphs normalises a narrative cell: line breaks as \n, each paragraph trimmed
// (including the full-width indentation Chinese text often carries), empty lines dropped.
func paragraphs(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func joinText(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "\n" + b
}
