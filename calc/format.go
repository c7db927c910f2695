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
	return groupThousands(d.Round(2).StringFixed(2))
}

// FormatAmountExact shows an amount with thousands separators and at least 2 decimals,
// keeping every significant one: 16535.4 → "16,535.40", 6618.1487 → "6,618.1487". For
// places where a figure must survive being written out and read back, not for display.
func FormatAmountExact(d decimal.Decimal) string {
	places := max(int32(2), -d.Exponent())
	for places > 2 && d.Round(places-1).Equal(d) {
		places--
	}
	return groupThousands(d.StringFixed(places))
}

// groupThousands puts a comma between each three digits of a fixed-point number's integer part.
func groupThousands(fixed string) string {
	neg := strings.HasPrefix(fixed, "-")
	intPart, frac, hasFrac := strings.Cut(strings.TrimPrefix(fixed, "-"), ".")
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
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
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

// FormatCount shows a count (head count, project count, 表1-5 数量) without trailing zeros
// and with thousands separators: 18 → "18", 5301 → "5,301".
func FormatCount(d decimal.Decimal) string {
	return groupThousands(d.String())
}

// InUnit converts an amount held in 万元 (as every Value is) to unit: "元" multiplies by
// 10,000; "万元", or "" for a count, leaves it as it is. For writers that lay a table out
// in 元 (the template's --yuan form).
func InUnit(wan decimal.Decimal, unit string) decimal.Decimal {
	if unit == "元" {
		return wan.Mul(tenThousand)
	}
	return wan
}

var tenThousand = decimal.NewFromInt(10000)

// Sum adds the amounts of values (absent ones count as 0).
func Sum(values []Value) decimal.Decimal {
	sum := decimal.Zero
	for _, v := range values {
		sum = sum.Add(v.Amount)
	}
	return sum
}

// UseRate is 利用率 of one 表1-5 row: 在用 ÷ 原值, and whether it applies (原值 given and
// positive); AssetRate is the same as printed.
func UseRate(original, inUse Value) (decimal.Decimal, bool) {
	if !original.Present || !original.Amount.IsPositive() {
		return decimal.Zero, false
	}
	return inUse.Amount.DivRound(original.Amount, divPlaces), true
}
