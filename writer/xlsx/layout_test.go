package xlsx

import "testing"

func TestWrappedLines(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float64
		want  int
	}{
		{"empty", "", 10, 1},
		{"ascii_fits", "12345678", 10, 1},
		{"ascii_wraps", "123456789", 10, 2},
		{"cjk_fits", "一二三四", 10, 1},        // 4 × 1.82 = 7.3 ≤ 8.5
		{"cjk_wraps", "一二三四五", 10, 2},      // 9.1 > 8.5
		{"paragraphs", "一二\n三四\n五", 10, 3}, // every line break starts a line
		{"long", "部门（单位）预算的合理性，即是否符合本部门职责", 14, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := wrappedLines(tt.text, tt.width); got != tt.want {
				t.Errorf("wrappedLines(%q, %v) = %d, want %d", tt.text, tt.width, got, tt.want)
			}
		})
	}
}

func TestRowHeight(t *testing.T) {
	tests := []struct {
		lines int
		want  float64
	}{
		{1, minRowHeight},
		{3, 3*lineHeight + cellPadding},
		{1000, maxRowHeight},
	}
	for _, tt := range tests {
		if got := rowHeight(tt.lines); got != tt.want {
			t.Errorf("rowHeight(%d) = %v, want %v", tt.lines, got, tt.want)
		}
	}
}

func TestHeightsFitSpan(t *testing.T) {
	hs := heights{}
	hs.need(1, 30)
	// Five lines over rows 1–2: 5 × 13.5 + 4 = 71.5 points; row 1 has 30, row 2 the rest.
	hs.fit(1, 2, "1\n2\n3\n4\n5", 20)
	if got := hs[1] + hs[2]; got != rowHeight(5) {
		t.Errorf("rows 1–2 = %v + %v, want %v together", hs[1], hs[2], rowHeight(5))
	}
}
