package calc

import (
	"strings"

	"github.com/shopspring/decimal"
)

// NotApplicable is how a ratio with a zero denominator is shown.
const NotApplicable = "—"

var hundred = decimal.NewFromInt(100)

// FormatAmount shows an amount in 万元 rounded half away from zero to 2 places with
// thousands separators: 16535.4 → "16,535.40".
func FormatAmount(d decimal.Decimal) string {
	s := d.Round(2).StringFixed(2)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	b.WriteByte('.')
	b.WriteString(frac)
	return b.String()
}

// FormatPercent shows a fraction as a percentage to 2 places: 0.99185 → "99.19%".
func FormatPercent(fraction decimal.Decimal) string {
	return fraction.Mul(hundred).Round(2).StringFixed(2) + "%"
}

// FormatScore shows a score to 2 places: 90.7341568 → "90.73".
func FormatScore(d decimal.Decimal) string {
	return d.Round(2).StringFixed(2)
}

// FormatCount shows a head count or project count without trailing zeros: 18 → "18".
func FormatCount(d decimal.Decimal) string {
	return d.String()
}
