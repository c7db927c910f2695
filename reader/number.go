package reader

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"

	"selfeval/calc"
)

// Units an amount can be stated in. Values are always converted to 万元.
const (
	unitWan  = "万元"
	unitYuan = "元"
)

// maxIntDigits bounds the integer digits of a figure: Excel keeps 15 significant digits, and
// no department's budget needs more (a larger number is a typo or a crafted file).
const maxIntDigits = 15

// cleanText folds full-width forms, removes zero-width characters and trims spaces
// (including no-break and ideographic spaces).
func cleanText(s string) string {
	s = calc.FoldWidth(s)
	s = strings.Map(func(r rune) rune {
		switch r {
		case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: // zero-width space, joiners, BOM
			return -1
		}
		return r
	}, s)
	return strings.TrimFunc(s, unicode.IsSpace)
}

// isDash reports whether r is one of the dash-like characters departments write for "nothing":
// - – — ― − ─ ━ ‐ ‑ ‒ ﹣ (－ is folded to - before).
func isDash(r rune) bool {
	switch r {
	case '-', '‐', '‑', '‒', '–', '—', '―', '−', '─', '━', '﹣', '－':
		return true
	}
	return false
}

// isDashes reports whether s is non-empty and made of dashes (and spaces) only: —, ——, -, ---.
func isDashes(s string) bool {
	seen := false
	for _, r := range s {
		switch {
		case isDash(r):
			seen = true
		case unicode.IsSpace(r):
		default:
			return false
		}
	}
	return seen
}

// parseAmount parses an amount written as text, as departments type it (SPEC §3,
// hostile-inputs row 46): 16535.4, 16,535.40, １６５３５．４, " 16535.40 " (spaces, NBSP),
// ￥1,234.50, 1234.5万元 / 1234.5元 (the unit is dropped here; parseAmountUnit returns it),
// (1,234.50) and −1234 as negatives. Empty text and dashes (—, ——, -, ---, －) are not
// present (the figure counts as 0). Anything that could be read two ways — 1,23,4, 1.234,56,
// 1e5, 0x10, two numbers in one cell — is ErrAmbiguous; other text is ErrNotNumber.
// The sign is returned as written: callers decide whether negatives are allowed.
func parseAmount(s string) (decimal.Decimal, bool, error) {
	d, present, _, err := parseAmountUnit(s)
	return d, present, err
}

// parseAmountUnit is parseAmount that also returns the unit written after the number
// ("万元", "元" or "").
func parseAmountUnit(s string) (d decimal.Decimal, present bool, unit string, err error) {
	s = cleanText(s)
	if s == "" || isDashes(s) {
		return decimal.Zero, false, "", nil
	}
	for _, u := range []string{unitWan, unitYuan} { // 万元 first: it ends in 元
		if rest, ok := strings.CutSuffix(s, u); ok {
			s, unit = strings.TrimFunc(rest, unicode.IsSpace), u
			break
		}
	}
	if s == "" {
		return decimal.Zero, false, unit, ErrNotNumber
	}
	if isDashes(s) {
		return decimal.Zero, false, unit, nil
	}
	d, err = parseSigned(s, true)
	return d, err == nil, unit, err
}

// parseSigned parses a number with an optional sign, accounting brackets and (when currency
// is set) a ￥ sign. s is already cleaned.
func parseSigned(s string, currency bool) (decimal.Decimal, error) {
	neg, cur := false, false
	if len(s) >= 2 && s[0] == '(' && s[len(s)-1] == ')' {
		neg = true
		s = strings.TrimFunc(s[1:len(s)-1], unicode.IsSpace)
	}
	cutCurrency := func() {
		if !currency || cur {
			return
		}
		for _, sym := range []string{"￥", "¥"} {
			if rest, ok := strings.CutPrefix(s, sym); ok {
				s, cur = strings.TrimFunc(rest, unicode.IsSpace), true
				return
			}
		}
	}
	cutCurrency()
	for _, sign := range []string{"-", "−", "﹣", "+"} {
		rest, ok := strings.CutPrefix(s, sign)
		if !ok {
			continue
		}
		if neg { // (-5) or (+5): which sign was meant?
			return decimal.Zero, ErrAmbiguous
		}
		neg = sign != "+"
		s = strings.TrimFunc(rest, unicode.IsSpace)
		break
	}
	cutCurrency()
	d, err := parseUnsigned(s)
	if err != nil {
		return decimal.Zero, err
	}
	if neg {
		d = d.Neg()
	}
	return d, nil
}

var (
	scientific = regexp.MustCompile(`^(?i)(?:[0-9]+\.?[0-9]*|\.[0-9]+)e[+-]?[0-9]+$`)
	hexNumber  = regexp.MustCompile(`^(?i)0x[0-9a-f]+$`)
)

// parseUnsigned parses digits with an optional decimal point and thousands separators in
// groups of three. s is already cleaned and has no sign.
func parseUnsigned(s string) (decimal.Decimal, error) {
	if s == "" {
		return decimal.Zero, ErrNotNumber
	}
	// Leading zeros do not count: the plain form of .5 is 0.5, and whatever is read must
	// read back the same written plainly.
	if len(strings.TrimLeft(s, "0")) > 64 {
		return decimal.Zero, ErrOutOfRange
	}
	digits, spaces, other := false, false, false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits = true
		case r == ',' || r == '.':
		case unicode.IsSpace(r):
			spaces = true
		default:
			other = true
		}
	}
	switch {
	case !digits:
		return decimal.Zero, ErrNotNumber
	case spaces: // "12 34", "1.5 2.5": two numbers, or a separator we do not accept
		return decimal.Zero, ErrAmbiguous
	case other:
		if scientific.MatchString(s) || hexNumber.MatchString(s) {
			return decimal.Zero, ErrAmbiguous
		}
		return decimal.Zero, ErrNotNumber
	}
	intPart, frac, hasPoint := strings.Cut(s, ".")
	if strings.ContainsAny(frac, ".,") { // 1.2.3, 1.234.567, 1.234,56
		return decimal.Zero, ErrAmbiguous
	}
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		if len(groups[0]) < 1 || len(groups[0]) > 3 {
			return decimal.Zero, ErrAmbiguous
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return decimal.Zero, ErrAmbiguous // 1,23,4 or 1234,56 (a decimal comma?)
			}
		}
		intPart = strings.Join(groups, "")
	}
	if intPart == "" && frac == "" {
		return decimal.Zero, ErrNotNumber
	}
	if len(strings.TrimLeft(intPart, "0")) > maxIntDigits {
		return decimal.Zero, ErrOutOfRange
	}
	num := strings.TrimLeft(intPart, "0")
	if num == "" {
		num = "0"
	}
	if hasPoint && frac != "" {
		num += "." + frac
	}
	return decimal.NewFromString(num)
}

// isRawNumber reports whether v has the form excelize returns for a numeric cell read raw
// (Excel writes the shortest decimal that round-trips the double, sometimes with an
// exponent): [+-]digits[.digits][e[+-]d{1,3}]. It is ^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?$
// without a regular expression, which would cost more than the rest of reading the cell.
func isRawNumber(v string) bool {
	i, digits := 0, 0
	skipDigits := func() int {
		n := 0
		for i < len(v) && v[i] >= '0' && v[i] <= '9' {
			i, n = i+1, n+1
		}
		return n
	}
	if i < len(v) && (v[i] == '+' || v[i] == '-') {
		i++
	}
	digits += skipDigits()
	if i < len(v) && v[i] == '.' {
		i++
		digits += skipDigits()
	}
	if digits == 0 {
		return false
	}
	if i < len(v) && (v[i] == 'e' || v[i] == 'E') {
		i++
		if i < len(v) && (v[i] == '+' || v[i] == '-') {
			i++
		}
		if n := skipDigits(); n == 0 || n > 3 {
			return false
		}
	}
	return i == len(v)
}

// parseRaw parses the raw value of a numeric cell (or of a formula's numeric cached value)
// and rounds it to 15 significant digits, as Excel displays it: a cached SUM such as
// 755.7300000000001 reads as 755.73. NaN, infinities, hex and numbers too large for a
// budget are errors.
func parseRaw(v string) (decimal.Decimal, error) {
	v = strings.TrimSpace(v)
	if !isRawNumber(v) {
		return decimal.Zero, ErrNotNumber
	}
	d, err := decimal.NewFromString(v)
	if err != nil {
		return decimal.Zero, ErrNotNumber
	}
	if d.IsZero() {
		return decimal.Zero, nil
	}
	// The most significant digit is at 10^(mag-1).
	mag := int64(d.Exponent()) + int64(d.NumDigits())
	if mag > maxIntDigits {
		return decimal.Zero, ErrOutOfRange
	}
	if mag < -300 { // below any double: a crafted value
		return decimal.Zero, nil
	}
	return d.Round(int32(15 - mag)), nil
}

// parsePercent parses a fraction such as 满意度 or 利用率: 96%, 96.5 %, 0.96 or 96 (a bare
// number above 1 is a percentage). The result is a fraction in [0, 1].
func parsePercent(s string) (decimal.Decimal, bool, error) {
	s = cleanText(s)
	if s == "" || isDashes(s) {
		return decimal.Zero, false, nil
	}
	pct := false
	if rest, ok := strings.CutSuffix(s, "%"); ok {
		s, pct = strings.TrimFunc(rest, unicode.IsSpace), true
	}
	d, err := parseSigned(s, false)
	if err != nil {
		return decimal.Zero, false, err
	}
	return percentFraction(d, pct)
}

// percentFraction turns a percentage or fraction into a fraction in [0, 1]: pct says the
// number was written with %, otherwise a number above 1 is taken as a percentage.
func percentFraction(d decimal.Decimal, pct bool) (decimal.Decimal, bool, error) {
	if d.IsNegative() {
		return decimal.Zero, false, ErrNegative
	}
	if pct || d.GreaterThan(decimal.NewFromInt(1)) {
		d = d.Shift(-2)
	}
	if d.GreaterThan(decimal.NewFromInt(1)) {
		return decimal.Zero, false, ErrOutOfRange
	}
	return d, true, nil
}

// parseCount parses a head count or project count: a whole number ≥ 0, optionally followed
// by 人, 个, 项 or 名.
func parseCount(s string) (decimal.Decimal, bool, error) {
	s = cleanText(s)
	if s == "" || isDashes(s) {
		return decimal.Zero, false, nil
	}
	for _, u := range []string{"人", "个", "项", "名"} {
		if rest, ok := strings.CutSuffix(s, u); ok {
			s = strings.TrimFunc(rest, unicode.IsSpace)
			break
		}
	}
	d, err := parseSigned(s, false)
	if err != nil {
		return decimal.Zero, false, err
	}
	return wholeCount(d)
}

// wholeCount checks that d is a whole number ≥ 0.
func wholeCount(d decimal.Decimal) (decimal.Decimal, bool, error) {
	if d.IsNegative() {
		return decimal.Zero, false, ErrNegative
	}
	if !d.Equal(d.Truncate(0)) {
		return decimal.Zero, false, ErrNotWhole
	}
	return d, true, nil
}

// parseScore parses a hand-entered score: a number ≥ 0, optionally followed by 分.
func parseScore(s string) (decimal.Decimal, bool, error) {
	s = cleanText(s)
	if s == "" || isDashes(s) {
		return decimal.Zero, false, nil
	}
	if rest, ok := strings.CutSuffix(s, "分"); ok {
		s = strings.TrimFunc(rest, unicode.IsSpace)
	}
	d, err := parseSigned(s, false)
	if err != nil {
		return decimal.Zero, false, err
	}
	if d.IsNegative() {
		return decimal.Zero, false, ErrNegative
	}
	return d, true, nil
}

// errorValues are the error values a formula cell can cache.
var errorValues = map[string]bool{
	"#DIV/0!": true, "#REF!": true, "#VALUE!": true, "#N/A": true, "#NAME?": true, "#NUM!": true,
	"#NULL!": true, "#GETTING_DATA": true, "#SPILL!": true, "#CALC!": true, "#FIELD!": true,
	"#BLOCKED!": true, "#UNKNOWN!": true, "#CONNECT!": true, "#BUSY!": true, "#PYTHON!": true,
}

// isErrorValue reports whether s is one of Excel's error values (#DIV/0!, #REF! …).
func isErrorValue(s string) bool {
	s = strings.ToUpper(cleanText(s))
	return errorValues[s]
}
