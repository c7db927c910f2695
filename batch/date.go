package batch

import (
	"os"
	"strconv"
	"time"
)

// DocumentDate is the one date policy for every document selfeval writes (SPEC §9): the
// time SOURCE_DATE_EPOCH gives (reproducible builds' convention) when it is set, otherwise
// 1 January after year — the year evaluated, or the year a template is for — so the same
// input always gives the same bytes and the wall clock never reaches a document. A year
// outside 1900–9000 (no 年度 read) gives 1 January 2001.
func DocumentDate(year int) time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if sec, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(sec, 0).UTC()
		}
	}
	if year < 1900 || year > 9000 {
		year = 2000
	}
	return time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)
}
