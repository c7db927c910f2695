package calc

import "time"

// DocumentDate is the date written into the documents about a year (SPEC §9) when nothing
// else sets one: 1 January after the year evaluated (or the year a template is for), so the
// same input always gives the same bytes and the clock never reaches a document. A year
// outside 1900–9000 (none read) gives 1 January 2001. The command line puts
// SOURCE_DATE_EPOCH in its place when that is set (batch.DocumentDate).
func DocumentDate(year int) time.Time {
	if year < 1900 || year > 9000 {
		year = 2000
	}
	return time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)
}
