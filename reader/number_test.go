package reader

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // "" when not present
		unit     string
	}{
		{"plain", "16535.4", "16535.4", ""},
		{"integer", "16535", "16535", ""},
		{"thousands", "16,535.40", "16535.4", ""},
		{"thousands_millions", "1,234,567.8901", "1234567.8901", ""},
		{"thousands_no_decimals", "1,234", "1234", ""},
		{"full_width", "１６５３５．４", "16535.4", ""},
		{"full_width_comma", "１６，５３５．４０", "16535.4", ""},
		{"spaces", "  16535.40 ", "16535.4", ""},
		{"nbsp", "\u00a016,535.40\u00a0", "16535.4", ""},
		{"ideographic_space", "\u300016535.4\u3000", "16535.4", ""},
		{"zero_width", "\u200b16535.4\ufeff", "16535.4", ""},
		{"tab_newline", "\t16535.4\r\n", "16535.4", ""},
		{"unit_wan", "16,535.40万元", "16535.4", "万元"},
		{"unit_wan_space", "16535.4 万元", "16535.4", "万元"},
		{"unit_yuan", "165354000元", "165354000", "元"},
		{"yen_full", "￥1,234.50", "1234.5", ""},
		{"yen_half", "¥1234.5", "1234.5", ""},
		{"yen_space", "￥ 1,234.50", "1234.5", ""},
		{"accounting_negative", "(1,234.50)", "-1234.5", ""},
		{"accounting_full_width", "（1,234.50）", "-1234.5", ""},
		{"minus_sign", "−1234", "-1234", ""},
		{"hyphen_minus", "-1234", "-1234", ""},
		{"full_width_minus", "－1234", "-1234", ""},
		{"minus_yen", "-￥1,234.50", "-1234.5", ""},
		{"yen_minus", "￥-1,234.50", "-1234.5", ""},
		{"plus", "+12", "12", ""},
		{"leading_point", ".5", "0.5", ""},
		{"trailing_point", "5.", "5", ""},
		{"zero", "0", "0", ""},
		{"zero_decimals", "0.00", "0", ""},
		{"many_decimals", "6618.1487", "6618.1487", ""},
		{"leading_zeros", "007", "7", ""},
		{"empty", "", "", ""},
		{"blank", "   ", "", ""},
		{"em_dash", "—", "", ""},
		{"two_em_dashes", "——", "", ""},
		{"hyphen", "-", "", ""},
		{"three_hyphens", "---", "", ""},
		{"full_width_hyphen", "－", "", ""},
		{"en_dash", "–", "", ""},
		{"minus_alone", "−", "", ""},
		{"box_dash", "─", "", ""},
		{"dashes_spaced", " — — ", "", ""},
		{"dash_with_unit", "—万元", "", "万元"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, present, unit, err := parseAmountUnit(tt.in)
			if err != nil {
				t.Fatalf("parseAmountUnit(%q) error: %v", tt.in, err)
			}
			if present != (tt.want != "") {
				t.Fatalf("parseAmountUnit(%q) present = %v, want %v", tt.in, present, tt.want != "")
			}
			if present && !d.Equal(decimal.RequireFromString(tt.want)) {
				t.Errorf("parseAmountUnit(%q) = %s, want %s", tt.in, d, tt.want)
			}
			if unit != tt.unit {
				t.Errorf("parseAmountUnit(%q) unit = %q, want %q", tt.in, unit, tt.unit)
			}
			if d2, present2, err2 := parseAmount(tt.in); err2 != nil || present2 != present || !d2.Equal(d) {
				t.Errorf("parseAmount(%q) = %s %v %v, want %s %v", tt.in, d2, present2, err2, d, present)
			}
		})
	}
}

func TestParseAmountErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     error
	}{
		{"letters", "abc", ErrNotNumber},
		{"number_letters", "12abc", ErrNotNumber},
		{"bad_grouping", "1,23,4", ErrAmbiguous},
		{"european", "1.234,56", ErrAmbiguous},
		{"decimal_comma", "1234,56", ErrAmbiguous},
		{"dotted_thousands", "1.234.567", ErrAmbiguous},
		{"two_points", "1.2.3", ErrAmbiguous},
		{"leading_comma", ",123", ErrAmbiguous},
		{"trailing_comma", "1,234,", ErrAmbiguous},
		{"scientific", "1e5", ErrAmbiguous},
		{"scientific_upper", "1.5E+3", ErrAmbiguous},
		{"hex", "0x10", ErrAmbiguous},
		{"nan", "NaN", ErrNotNumber},
		{"inf", "Inf", ErrNotNumber},
		{"infinity", "-Infinity", ErrNotNumber},
		{"two_numbers", "12 34", ErrAmbiguous},
		{"two_decimals", "1.5 2.5", ErrAmbiguous},
		{"nbsp_inside", "16\u00a0535.40", ErrAmbiguous},
		{"percent", "5%", ErrNotNumber},
		{"range", "100-200", ErrNotNumber},
		{"slash", "100/200", ErrNotNumber},
		{"double_sign", "--5", ErrNotNumber},
		{"bracket_and_minus", "(-5)", ErrAmbiguous},
		{"only_unit", "万元", ErrNotNumber},
		{"only_yen", "￥", ErrNotNumber},
		{"point", ".", ErrNotNumber},
		{"chinese_numerals", "一千", ErrNotNumber},
		{"too_long", "1234567890123456", ErrOutOfRange},
		{"formula_text", "=SUM(A1:A3)", ErrNotNumber},
		{"error_value", "#DIV/0!", ErrNotNumber},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, present, err := parseAmount(tt.in)
			if !errors.Is(err, tt.want) {
				t.Errorf("parseAmount(%q) = %s, %v, %v; want error %v", tt.in, d, present, err, tt.want)
			}
			if present {
				t.Errorf("parseAmount(%q) present with an error", tt.in)
			}
		})
	}
}

func TestParseRaw(t *testing.T) {
	tests := []struct{ in, want string }{
		{"16535.4", "16535.4"},
		{"6618.1487", "6618.1487"},
		{"755.73000000000002", "755.73"},
		{"0.30000000000000004", "0.3"},
		{"1.0000000000000001E-3", "0.001"},
		{"2.5E+3", "2500"},
		{"-0", "0"},
		{"0", "0"},
		{"-12.5", "-12.5"},
		{"999999999999999", "999999999999999"},
		{"5.", "5"},
		{".5", "0.5"},
		{"+1e-3", "0.001"},
	}
	for _, tt := range tests {
		d, err := parseRaw(tt.in)
		if err != nil || !d.Equal(decimal.RequireFromString(tt.want)) {
			t.Errorf("parseRaw(%q) = %s, %v; want %s", tt.in, d, err, tt.want)
		}
	}
	errs := []struct {
		in   string
		want error
	}{
		{"NaN", ErrNotNumber},
		{"Inf", ErrNotNumber},
		{"1e309", ErrOutOfRange},
		{"1E+15", ErrOutOfRange},
		{"0x10", ErrNotNumber},
		{"1,234", ErrNotNumber},
		{"abc", ErrNotNumber},
		{"", ErrNotNumber},
		{"1e1000", ErrNotNumber},
		{".", ErrNotNumber},
		{"+", ErrNotNumber},
		{"1e", ErrNotNumber},
		{"1e+", ErrNotNumber},
		{"1.2.3", ErrNotNumber},
		{"--1", ErrNotNumber},
	}
	for _, tt := range errs {
		if d, err := parseRaw(tt.in); !errors.Is(err, tt.want) {
			t.Errorf("parseRaw(%q) = %s, %v; want %v", tt.in, d, err, tt.want)
		}
	}
}

func TestParsePercent(t *testing.T) {
	tests := []struct{ in, want string }{
		{"96%", "0.96"},
		{"96.5 %", "0.965"},
		{"９６％", "0.96"},
		{"0.96", "0.96"},
		{"96", "0.96"},
		{"1", "1"},
		{"100%", "1"},
		{"0", "0"},
		{"—", ""},
		{"", ""},
	}
	for _, tt := range tests {
		d, present, err := parsePercent(tt.in)
		if err != nil || present != (tt.want != "") || (present && !d.Equal(decimal.RequireFromString(tt.want))) {
			t.Errorf("parsePercent(%q) = %s %v %v; want %q", tt.in, d, present, err, tt.want)
		}
	}
	errs := []struct {
		in   string
		want error
	}{
		{"120%", ErrOutOfRange},
		{"101", ErrOutOfRange},
		{"-5%", ErrNegative},
		{"九成", ErrNotNumber},
		{"96%%", ErrNotNumber},
	}
	for _, tt := range errs {
		if d, _, err := parsePercent(tt.in); !errors.Is(err, tt.want) {
			t.Errorf("parsePercent(%q) = %s, %v; want %v", tt.in, d, err, tt.want)
		}
	}
}

func TestParseCount(t *testing.T) {
	tests := []struct{ in, want string }{
		{"18", "18"}, {"18人", "18"}, {"1,200", "1200"}, {"１８", "18"}, {"20.0", "20"}, {"0", "0"}, {"—", ""},
	}
	for _, tt := range tests {
		d, present, err := parseCount(tt.in)
		if err != nil || present != (tt.want != "") || (present && !d.Equal(decimal.RequireFromString(tt.want))) {
			t.Errorf("parseCount(%q) = %s %v %v; want %q", tt.in, d, present, err, tt.want)
		}
	}
	errs := []struct {
		in   string
		want error
	}{
		{"18.5", ErrNotWhole}, {"-1", ErrNegative}, {"十八", ErrNotNumber}, {"1e2", ErrAmbiguous},
	}
	for _, tt := range errs {
		if d, _, err := parseCount(tt.in); !errors.Is(err, tt.want) {
			t.Errorf("parseCount(%q) = %s, %v; want %v", tt.in, d, err, tt.want)
		}
	}
}

func TestParseScore(t *testing.T) {
	for in, want := range map[string]string{"5": "5", "4.5分": "4.5", " 21 ": "21", "０．５": "0.5"} {
		d, present, err := parseScore(in)
		if err != nil || !present || !d.Equal(decimal.RequireFromString(want)) {
			t.Errorf("parseScore(%q) = %s %v %v; want %s", in, d, present, err, want)
		}
	}
	if _, _, err := parseScore("-1"); !errors.Is(err, ErrNegative) {
		t.Errorf("parseScore(-1) error = %v, want %v", err, ErrNegative)
	}
}

func TestIsErrorValue(t *testing.T) {
	for _, s := range []string{"#DIV/0!", "#REF!", "#VALUE!", "#N/A", "#NAME?", "#NUM!", "#NULL!", " #div/0! "} {
		if !isErrorValue(s) {
			t.Errorf("isErrorValue(%q) = false", s)
		}
	}
	for _, s := range []string{"#", "#1", "DIV/0", "#DIV/0"} {
		if isErrorValue(s) {
			t.Errorf("isErrorValue(%q) = true", s)
		}
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"16,535.40", "１６５３５．４", "—", "---", "(1,234.50)", "−1234", "￥1,234.50",
		"1,23,4", "1.234,56", "1e5", "0x10", "NaN", "12 34", "16535.4万元", "\u00a016535\u00a0", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// The other parsers share the grammar; they must not panic either.
		parseRaw(s)
		parsePercent(s)
		parseCount(s)
		parseScore(s)
		d, present, unit, err := parseAmountUnit(s)
		if err != nil {
			if present {
				t.Fatalf("parseAmountUnit(%q): present with error %v", s, err)
			}
			return
		}
		if !present {
			if !d.IsZero() {
				t.Fatalf("parseAmountUnit(%q) = %s, not present", s, d)
			}
			return
		}
		// What was read reads back the same, written plainly.
		back, ok, _, err := parseAmountUnit(d.String() + unit)
		if err != nil || !ok || !back.Equal(d) {
			t.Fatalf("parseAmountUnit(%q) = %s; reading %q back = %s %v %v", s, d, d.String()+unit, back, ok, err)
		}
	})
}
