package reader

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"selfeval/reader/inspect"
)

// Formulas without a cached value. Workbooks written by scripts (openpyxl, xlsx-populate,
// pandas, excelize) store formulas but no results; Excel computes them on opening. The reader
// computes them instead, in exact decimals, before the tables are looked for, so that a total
// row of =SUM(…) reads as its figures. What is computed: numbers, strings, TRUE/FALSE, cell
// references and ranges on the same or another sheet ($ and shared formulas included),
// + − × ÷ ^ %, unary minus and parentheses, and SUM, MIN, MAX, ABS, ROUND. A formula using
// anything else, referring to a cell it cannot see, or referring to itself, gets an error
// naming the reason; it is reported only if a table reads the cell. Formulas with a cached
// value are never recomputed: the cached value is what the submitter saw.
//
// The work is bounded whatever the file holds: every formula is computed once, recursion is at
// most maxFormulaDepth deep and at most maxFormulaVisits cells are visited over the workbook.
// excelize's CalcCellValue is not used: on crafted files it loops or overflows the stack.

// ErrFormula is the cause of a CellError for a formula without a cached value that could not
// be computed; the error wrapping it says why.
var ErrFormula = errors.New("公式没有保存计算结果，且无法计算")

const (
	maxFormulaDepth  = 256     // formulas depending on formulas
	maxFormulaVisits = 2 << 20 // cells visited over the workbook
	divisionPlaces   = 20      // decimal places kept by ÷ (Excel keeps 15 significant digits)
)

// Reasons a formula is not computed, in messages users read.
const (
	whyFunction  = "不支持函数 %s"
	whySyntax    = "无法识别的公式写法（%s）"
	whyCircular  = "循环引用（%s）"
	whyDeep      = "公式嵌套过深"
	whyTooMuch   = "公式引用的单元格过多"
	whySheet     = "引用的工作表“%s”不存在"
	whyOutside   = "引用的单元格 %s 超出读取范围"
	whyErrorCell = "引用的单元格 %s 是错误值 %s"
	whyValue     = "%s 不是数字"
	whyDivZero   = "除数为 0"
	whyTooLong   = "公式过长"
	whyDepends   = "引用的单元格 %s 的公式无法计算"
	adviceRecalc = "，请在 Excel 中打开、重新计算并保存后再提交"
)

// formulaError is why one formula could not be computed.
type formulaError struct{ why string }

func (e *formulaError) Error() string { return ErrFormula.Error() + "：" + e.why + adviceRecalc }
func (e *formulaError) Unwrap() error { return ErrFormula }

func formulaFail(format string, args ...any) error {
	return &formulaError{why: fmt.Sprintf(format, args...)}
}

// computeFormulas computes every formula without a cached value on sheets, storing the
// result in the cell's value (and type) or the reason it failed in meta.failed.
func computeFormulas(ctx context.Context, sheets []*sheet) error {
	ev := &evaluator{ctx: ctx, byName: map[string]*sheet{}, state: map[cellKey]byte{}}
	for _, sh := range sheets {
		ev.byName[strings.ToLower(sh.name)] = sh
	}
	for _, sh := range sheets {
		if sh.meta == nil {
			continue
		}
		cells := slices.Sorted(maps.Keys(sh.meta.formulas)) // in order: the same result every time
		for _, i := range cells {
			if sh.meta.formulas[i].cached {
				continue
			}
			if _, err := ev.cell(sh, i/sh.stride, i%sh.stride, 0); err != nil && ev.ctxErr != nil {
				return ev.ctxErr
			}
		}
	}
	return nil
}

type cellKey struct {
	sh *sheet
	i  int
}

// evaluator computes formulas; state is 1 while a cell is being computed, 2 once done.
type evaluator struct {
	ctx    context.Context
	ctxErr error
	byName map[string]*sheet
	state  map[cellKey]byte
	visits int
}

// valKind is the kind of a formula value.
type valKind byte

const (
	valEmpty valKind = iota
	valNumber
	valText
	valBool
	valRange
)

// val is a formula value: a number, a text, a boolean, an empty cell or a range.
type val struct {
	kind valKind
	num  decimal.Decimal
	text string
	rng  *cellRange
}

// cellRange is a rectangle of cells on one sheet, 0-based and inclusive; a single cell
// reference is a 1×1 range.
type cellRange struct {
	sh             *sheet
	r0, c0, r1, c1 int
	single         bool
}

// cell returns the value of cell (r, c) of sh, computing its formula first if it has no
// cached value.
func (ev *evaluator) cell(sh *sheet, r, c, depth int) (val, error) {
	if ev.visits++; ev.visits > maxFormulaVisits {
		return val{}, formulaFail(whyTooMuch)
	}
	if ev.visits%4096 == 0 {
		if err := ev.ctx.Err(); err != nil {
			ev.ctxErr = fmt.Errorf("%s：%w", msgCancelled, err)
			return val{}, ev.ctxErr
		}
	}
	if r >= sh.rows || c >= sh.cols {
		if sh.truncated { // the cell may hold something that was not read
			return val{}, formulaFail(whyOutside, sh.name+"!"+ref(r, c))
		}
		return val{}, nil
	}
	i := r*sh.stride + c
	if sh.meta != nil {
		if f, ok := sh.meta.formulas[i]; ok && !f.cached {
			key := cellKey{sh, i}
			switch ev.state[key] {
			case 1:
				return val{}, formulaFail(whyCircular, sh.name+"!"+ref(r, c))
			case 0:
				if depth >= maxFormulaDepth {
					return val{}, formulaFail(whyDeep)
				}
				ev.state[key] = 1
				ev.compute(sh, r, c, f, depth)
				ev.state[key] = 2
			}
			if err := sh.meta.failed[i]; err != nil {
				var fe *formulaError
				if errors.As(err, &fe) && strings.HasPrefix(fe.why, "循环引用") {
					return val{}, err
				}
				return val{}, formulaFail(whyDepends, sh.name+"!"+ref(r, c))
			}
		}
	}
	raw := sh.vals[i]
	typ := typeText
	if sh.meta != nil {
		typ, _ = sh.meta.cell(sh, r, c)
	}
	switch {
	case raw == "":
		return val{}, nil
	case typ == typeNumber:
		d, err := decimal.NewFromString(strings.TrimSpace(raw))
		if err != nil {
			return val{}, formulaFail(whyValue, sh.name+"!"+ref(r, c))
		}
		return val{kind: valNumber, num: d}, nil
	case typ == typeBool:
		return val{kind: valBool, num: boolNum(raw != "0")}, nil
	case typ == typeError:
		return val{}, formulaFail(whyErrorCell, sh.name+"!"+ref(r, c), raw)
	}
	return val{kind: valText, text: raw}, nil
}

// compute computes the formula f of cell (r, c) and stores its result or why it failed.
func (ev *evaluator) compute(sh *sheet, r, c int, f formulaCell, depth int) {
	i := r*sh.stride + c
	setFail := func(err error) {
		if sh.meta.failed == nil {
			sh.meta.failed = map[int]error{}
		}
		sh.meta.failed[i] = err
	}
	if f.tooLong {
		setFail(formulaFail(whyTooLong))
		return
	}
	p := &parser{ev: ev, sh: sh, src: f.text, dr: r - f.row, dc: c - f.col, depth: depth}
	v, err := p.parse()
	if err != nil {
		setFail(err)
		return
	}
	if v.kind == valRange {
		if v, err = p.ev.scalar(v, depth); err != nil {
			setFail(err)
			return
		}
	}
	switch v.kind {
	case valEmpty:
		sh.vals[i], sh.meta.types[i] = "0", typeNumber
	case valNumber:
		sh.vals[i], sh.meta.types[i] = v.num.String(), typeNumber
	case valBool:
		sh.vals[i], sh.meta.types[i] = v.num.String(), typeBool
	case valText:
		sh.vals[i] = v.text
		delete(sh.meta.types, i)
	}
}

func boolNum(b bool) decimal.Decimal {
	if b {
		return decimal.NewFromInt(1)
	}
	return decimal.Zero
}

// scalar is the value of a single-cell range (a reference), or an error for a larger one.
func (ev *evaluator) scalar(v val, depth int) (val, error) {
	if v.kind != valRange {
		return v, nil
	}
	g := v.rng
	if g.r0 != g.r1 || g.c0 != g.c1 {
		return val{}, formulaFail(whySyntax, "区域不能直接参与运算")
	}
	return ev.cell(g.sh, g.r0, g.c0, depth+1)
}

// number is v as a number for arithmetic: empty is 0, TRUE is 1, a text must be a number.
func (ev *evaluator) number(v val, depth int) (decimal.Decimal, error) {
	v, err := ev.scalar(v, depth)
	if err != nil {
		return decimal.Zero, err
	}
	switch v.kind {
	case valNumber, valBool:
		return v.num, nil
	case valText:
		d, err := decimal.NewFromString(strings.TrimSpace(v.text))
		if err != nil || !inspect.ValidNumber(strings.TrimSpace(v.text)) {
			return decimal.Zero, formulaFail(whyValue, "“"+clip(v.text, 20)+"”")
		}
		return d, nil
	}
	return decimal.Zero, nil
}

// parser parses and computes one formula at once (recursive descent, Excel's precedence:
// comparison is not supported; + −; × ÷; ^; %; unary −). dr and dc move relative references
// of a shared formula from the cell it is written at to the cell computed.
type parser struct {
	ev     *evaluator
	sh     *sheet
	src    string
	pos    int
	dr, dc int
	depth  int
}

func (p *parser) parse() (val, error) {
	v, err := p.additive()
	if err != nil {
		return val{}, err
	}
	p.space()
	if p.pos < len(p.src) {
		return val{}, p.syntax()
	}
	return v, nil
}

func (p *parser) syntax() error {
	rest := p.src[p.pos:]
	if rest == "" {
		return formulaFail(whySyntax, "公式不完整")
	}
	if r := []rune(rest); len(r) > 12 {
		rest = string(r[:12]) + "…"
	}
	return formulaFail(whySyntax, rest)
}

func (p *parser) space() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\n' || p.src[p.pos] == '\r' || p.src[p.pos] == '\t') {
		p.pos++
	}
}

func (p *parser) peek() byte {
	p.space()
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

// operands parses the right operand with next and gives both sides as numbers.
func (p *parser) operands(left val, next func() (val, error)) (a, b decimal.Decimal, err error) {
	right, err := next()
	if err != nil {
		return a, b, err
	}
	if a, err = p.ev.number(left, p.depth); err != nil {
		return a, b, err
	}
	b, err = p.ev.number(right, p.depth)
	return a, b, err
}

func (p *parser) additive() (val, error) {
	left, err := p.multiplicative()
	if err != nil {
		return val{}, err
	}
	for {
		op := p.peek()
		if op != '+' && op != '-' {
			return left, nil
		}
		p.pos++
		a, b, err := p.operands(left, p.multiplicative)
		if err != nil {
			return val{}, err
		}
		if op == '+' {
			left = val{kind: valNumber, num: a.Add(b)}
		} else {
			left = val{kind: valNumber, num: a.Sub(b)}
		}
	}
}

func (p *parser) multiplicative() (val, error) {
	left, err := p.power()
	if err != nil {
		return val{}, err
	}
	for {
		op := p.peek()
		if op != '*' && op != '/' {
			return left, nil
		}
		p.pos++
		a, b, err := p.operands(left, p.power)
		if err != nil {
			return val{}, err
		}
		if op == '*' {
			left = val{kind: valNumber, num: a.Mul(b)}
			continue
		}
		if b.IsZero() {
			return val{}, formulaFail(whyDivZero)
		}
		left = val{kind: valNumber, num: a.DivRound(b, divisionPlaces)}
	}
}

func (p *parser) power() (val, error) {
	left, err := p.unary()
	if err != nil {
		return val{}, err
	}
	for p.peek() == '^' {
		p.pos++
		right, err := p.unary()
		if err != nil {
			return val{}, err
		}
		a, err := p.ev.number(left, p.depth)
		if err != nil {
			return val{}, err
		}
		b, err := p.ev.number(right, p.depth)
		if err != nil {
			return val{}, err
		}
		// Whole exponents only, small enough to stay exact and cheap.
		if !b.Equal(b.Truncate(0)) || b.Abs().GreaterThan(decimal.NewFromInt(64)) || (a.IsZero() && b.IsNegative()) {
			return val{}, formulaFail(whySyntax, "乘方")
		}
		n := b.IntPart()
		res := decimal.NewFromInt(1)
		for range abs64(n) {
			res = res.Mul(a)
		}
		if n < 0 {
			res = decimal.NewFromInt(1).DivRound(res, divisionPlaces)
		}
		left = val{kind: valNumber, num: res}
	}
	return left, nil
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

func (p *parser) unary() (val, error) {
	switch p.peek() {
	case '-':
		p.pos++
		v, err := p.unary()
		if err != nil {
			return val{}, err
		}
		d, err := p.ev.number(v, p.depth)
		return val{kind: valNumber, num: d.Neg()}, err
	case '+':
		p.pos++
		return p.unary()
	}
	v, err := p.primary()
	if err != nil {
		return val{}, err
	}
	for p.peek() == '%' {
		p.pos++
		d, err := p.ev.number(v, p.depth)
		if err != nil {
			return val{}, err
		}
		v = val{kind: valNumber, num: d.Shift(-2)}
	}
	return v, nil
}

func (p *parser) primary() (val, error) {
	switch c := p.peek(); {
	case c == '(':
		p.pos++
		v, err := p.additive()
		if err != nil {
			return val{}, err
		}
		if p.peek() != ')' {
			return val{}, p.syntax()
		}
		p.pos++
		return v, nil
	case c == '"':
		return p.stringLit()
	case c >= '0' && c <= '9' || c == '.':
		return p.numberLit()
	case c == '\'' || c == '$' || isNameByte(c):
		return p.nameOrRef()
	}
	return val{}, p.syntax()
}

func (p *parser) stringLit() (val, error) {
	var b strings.Builder
	for p.pos++; p.pos < len(p.src); p.pos++ {
		if p.src[p.pos] == '"' {
			if p.pos+1 < len(p.src) && p.src[p.pos+1] == '"' {
				b.WriteByte('"')
				p.pos++
				continue
			}
			p.pos++
			return val{kind: valText, text: b.String()}, nil
		}
		b.WriteByte(p.src[p.pos])
	}
	return val{}, p.syntax()
}

func (p *parser) numberLit() (val, error) {
	start := p.pos
	digits := func() {
		for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
			p.pos++
		}
	}
	digits()
	if p.pos < len(p.src) && p.src[p.pos] == '.' {
		p.pos++
		digits()
	}
	if p.pos < len(p.src) && (p.src[p.pos] == 'e' || p.src[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.src) && (p.src[p.pos] == '+' || p.src[p.pos] == '-') {
			p.pos++
		}
		digits()
	}
	d, err := decimal.NewFromString(p.src[start:p.pos])
	if err != nil || !inspect.ValidNumber(p.src[start:p.pos]) {
		p.pos = start
		return val{}, p.syntax()
	}
	return val{kind: valNumber, num: d}, nil
}

func isNameByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || c >= 0x80
}

// nameOrRef parses a function call, TRUE/FALSE, or a reference: A1, $A$1, A1:B9, A:A, 1:1
// (whole rows start with a digit and are parsed here only after a sheet name), Sheet!A1,
// 'Sheet name'!A1:B2.
func (p *parser) nameOrRef() (val, error) {
	start := p.pos
	sh := p.sh
	if p.src[p.pos] == '\'' { // 'quoted sheet name'!
		var b strings.Builder
		for p.pos++; ; p.pos++ {
			if p.pos >= len(p.src) {
				return val{}, p.syntax()
			}
			if p.src[p.pos] == '\'' {
				if p.pos+1 < len(p.src) && p.src[p.pos+1] == '\'' {
					b.WriteByte('\'')
					p.pos++
					continue
				}
				break
			}
			b.WriteByte(p.src[p.pos])
		}
		p.pos++
		if p.pos >= len(p.src) || p.src[p.pos] != '!' {
			return val{}, p.syntax()
		}
		p.pos++
		if sh = p.ev.byName[strings.ToLower(b.String())]; sh == nil {
			return val{}, formulaFail(whySheet, b.String())
		}
		return p.rangeRef(sh)
	}
	// A word: a function name, a boolean, an unquoted sheet name or a reference.
	end := p.pos
	for end < len(p.src) && (isNameByte(p.src[end]) || p.src[end] >= '0' && p.src[end] <= '9' || p.src[end] == '.' || p.src[end] == '$') {
		end++
	}
	word := p.src[p.pos:end]
	switch {
	case end < len(p.src) && p.src[end] == '!':
		p.pos = end + 1
		if strings.Contains(word, "[") {
			return val{}, formulaFail(whySyntax, "引用其他工作簿")
		}
		if sh = p.ev.byName[strings.ToLower(word)]; sh == nil {
			return val{}, formulaFail(whySheet, word)
		}
		return p.rangeRef(sh)
	case end < len(p.src) && p.src[end] == '(':
		p.pos = end + 1
		return p.call(strings.ToUpper(word))
	case strings.EqualFold(word, "TRUE"), strings.EqualFold(word, "FALSE"):
		p.pos = end
		return val{kind: valBool, num: boolNum(strings.EqualFold(word, "TRUE"))}, nil
	}
	p.pos = start
	return p.rangeRef(sh)
}

// rangeRef parses a cell, a range of cells, whole columns (A:C) or whole rows (1:3) on sh.
func (p *parser) rangeRef(sh *sheet) (val, error) {
	r0, c0, k0, ok := p.refPart()
	if !ok {
		return val{}, p.syntax()
	}
	r1, c1, k1 := r0, c0, k0
	single := true
	if p.pos < len(p.src) && p.src[p.pos] == ':' {
		p.pos++
		if r1, c1, k1, ok = p.refPart(); !ok {
			return val{}, p.syntax()
		}
		single = false
	}
	if k0 != k1 || (single && k0 != refCell) {
		return val{}, p.syntax()
	}
	switch k0 {
	case refCol: // whole columns: every row
		r0, r1 = 0, 1048575
	case refRow:
		c0, c1 = 0, 16383
	}
	r0, r1 = min(r0, r1), max(r0, r1)
	c0, c1 = min(c0, c1), max(c0, c1)
	if r0 < 0 || c0 < 0 {
		return val{}, formulaFail(whySyntax, "#REF!")
	}
	return val{kind: valRange, rng: &cellRange{sh: sh, r0: r0, c0: c0, r1: r1, c1: c1, single: single}}, nil
}

type refKind byte

const (
	refCell refKind = iota
	refCol
	refRow
)

// refPart parses one end of a reference: [$]col[$]row, [$]col or [$]row, moved by the shared
// formula offset where not absolute.
func (p *parser) refPart() (r, c int, k refKind, ok bool) {
	i := p.pos
	absC := i < len(p.src) && p.src[i] == '$'
	if absC {
		i++
	}
	letters := i
	for i < len(p.src) && (p.src[i]|0x20) >= 'a' && (p.src[i]|0x20) <= 'z' && i-letters < 3 {
		c = c*26 + int(p.src[i]|0x20-'a') + 1
		i++
	}
	hasCol := i > letters
	absR := i < len(p.src) && p.src[i] == '$'
	if absR {
		i++
	}
	digits := i
	for i < len(p.src) && p.src[i] >= '0' && p.src[i] <= '9' && i-digits < 7 {
		r = r*10 + int(p.src[i]-'0')
		i++
	}
	hasRow := i > digits
	if i < len(p.src) && (isNameByte(p.src[i]) || p.src[i] >= '0' && p.src[i] <= '9' || p.src[i] == '(') {
		return 0, 0, 0, false // a longer name: a defined name or a function we do not know
	}
	switch {
	case hasCol && hasRow:
		k = refCell
	case hasCol && !absR:
		k = refCol
	case hasRow && !absC:
		k = refRow
	default:
		return 0, 0, 0, false
	}
	if (hasCol && (c < 1 || c > 16384)) || (hasRow && (r < 1 || r > 1048576)) {
		return 0, 0, 0, false
	}
	r, c = r-1, c-1
	if hasRow && !absR {
		r += p.dr
	}
	if hasCol && !absC {
		c += p.dc
	}
	p.pos = i
	return r, c, k, true
}

// call parses the arguments of function name (after its "(") and computes it.
func (p *parser) call(name string) (val, error) {
	name = strings.TrimPrefix(name, "_XLFN.")
	var args []val
	if p.peek() == ')' {
		p.pos++
	} else {
		for {
			v, err := p.additive()
			if err != nil {
				return val{}, err
			}
			args = append(args, v)
			switch p.peek() {
			case ',':
				p.pos++
				continue
			case ')':
				p.pos++
			default:
				return val{}, p.syntax()
			}
			break
		}
	}
	switch name {
	case "SUM", "MIN", "MAX":
		nums, err := p.numbers(args)
		if err != nil {
			return val{}, err
		}
		res := decimal.Zero
		for j, d := range nums {
			switch {
			case name == "SUM":
				res = res.Add(d)
			case j == 0, name == "MIN" && d.LessThan(res), name == "MAX" && d.GreaterThan(res):
				res = d
			}
		}
		return val{kind: valNumber, num: res}, nil
	case "ABS":
		if len(args) != 1 {
			return val{}, formulaFail(whySyntax, name+" 的参数个数")
		}
		d, err := p.ev.number(args[0], p.depth)
		return val{kind: valNumber, num: d.Abs()}, err
	case "ROUND":
		if len(args) != 2 {
			return val{}, formulaFail(whySyntax, name+" 的参数个数")
		}
		d, err := p.ev.number(args[0], p.depth)
		if err != nil {
			return val{}, err
		}
		n, err := p.ev.number(args[1], p.depth)
		if err != nil {
			return val{}, err
		}
		if n.Abs().GreaterThan(decimal.NewFromInt(30)) {
			return val{}, formulaFail(whySyntax, name+" 的位数")
		}
		return val{kind: valNumber, num: d.Round(int32(n.IntPart()))}, nil // half away from zero, as Excel
	}
	return val{}, formulaFail(whyFunction, name)
}

// numbers are the numbers of the arguments of SUM, MIN and MAX as Excel takes them: in a
// reference or range, numbers only (text, booleans and empty cells are skipped, error values
// are errors); a value written in the formula is converted (text must be a number).
func (p *parser) numbers(args []val) ([]decimal.Decimal, error) {
	var out []decimal.Decimal
	for _, a := range args {
		if a.kind != valRange {
			if a.kind == valEmpty {
				continue
			}
			d, err := p.ev.number(a, p.depth)
			if err != nil {
				return nil, err
			}
			out = append(out, d)
			continue
		}
		g := a.rng
		if g.sh.truncated && (g.r1 >= g.sh.rows || g.c1 >= g.sh.cols) { // cells that were not read
			return nil, formulaFail(whyOutside, g.sh.name+"!"+ref(min(g.r1, g.sh.rows), min(g.c1, g.sh.cols)))
		}
		for r := g.r0; r <= min(g.r1, g.sh.rows-1); r++ {
			for c := g.c0; c <= min(g.c1, g.sh.cols-1); c++ {
				v, err := p.ev.cell(g.sh, r, c, p.depth+1)
				if err != nil {
					return nil, err
				}
				if v.kind == valNumber {
					out = append(out, v.num)
				}
			}
		}
	}
	return out, nil
}
