package main

import (
	"io"
	"reflect"
	"testing"
)

func TestReorderArgs(t *testing.T) {
	app := newApp(io.Discard, io.Discard)
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"flags_after", []string{"selfeval", "run", "in", "--out", "x", "--json"},
			[]string{"selfeval", "run", "--out", "x", "--json", "--", "in"}},
		{"flags_before", []string{"selfeval", "run", "--out=x", "a", "b"},
			[]string{"selfeval", "run", "--out=x", "--", "a", "b"}},
		{"unknown_flag_stays_flag", []string{"selfeval", "run", "in", "--bogus"},
			[]string{"selfeval", "run", "--bogus", "--", "in"}},
		{"double_dash", []string{"selfeval", "check", "--", "-odd.xlsx"},
			[]string{"selfeval", "check", "--", "-odd.xlsx"}},
		{"repeated_font", []string{"selfeval", "run", "in", "--font", "a.ttf", "--font", "b"},
			[]string{"selfeval", "run", "--font", "a.ttf", "--font", "b", "--", "in"}},
		{"no_command", []string{"selfeval", "--help"}, []string{"selfeval", "--help"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := reorderArgs(app, tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("reorderArgs(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
