package batch

import (
	"os"
	"strconv"
	"time"

	"selfeval/calc"
)

// DocumentDate is the date every document of a run carries (SPEC §9): the time
// SOURCE_DATE_EPOCH gives (reproducible builds' convention) when it is set, otherwise
// calc.DocumentDate(year), the one policy the writers also fall back on.
func DocumentDate(year int) time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if sec, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(sec, 0).UTC()
		}
	}
	return calc.DocumentDate(year)
}
