package inspect

import (
	"errors"
	"strings"
	"testing"

	"selfeval/internal/hostile"
)

// TestCatalogue runs every input-file case of shared/reference/hostile-inputs.md (built by
// internal/hostile) through the gatekeeper with the default limits: each is refused with its
// code, passes with its finding, or passes cleanly, as the case says.
func TestCatalogue(t *testing.T) {
	seen := map[int]bool{}
	for _, c := range hostile.Cases() {
		seen[c.No] = true
		t.Run(c.Name, func(t *testing.T) {
			rep, err := InspectBytes(c.Data, Limits{})
			switch kind, finding := strings.CutPrefix(c.Want, "finding:"); {
			case c.Want == hostile.Accepted || finding:
				if err != nil {
					t.Fatalf("case %d: InspectBytes = %v, want it accepted (%s)", c.No, err, c.Want)
				}
				var got []string
				for _, f := range rep.Findings {
					got = append(got, string(f.Kind))
				}
				if finding && !strings.Contains(" "+strings.Join(got, " ")+" ", " "+kind+" ") {
					t.Errorf("case %d: findings = %v, want %s", c.No, got, kind)
				}
				if !finding && len(got) > 0 {
					t.Errorf("case %d: findings = %v, want none", c.No, got)
				}
			default:
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("case %d: InspectBytes = %v, want *Error %s", c.No, err, c.Want)
				}
				if string(e.Code) != c.Want {
					t.Fatalf("case %d: code = %s (%v), want %s", c.No, e.Code, err, c.Want)
				}
				t.Logf("%d KB: %v", len(c.Data)>>10, err)
			}
		})
	}
	for no := 1; no <= 48; no++ {
		if !seen[no] && no != 33 { // the catalogue has no row 33
			t.Errorf("no case for catalogue row %d", no)
		}
	}
}
