package batch

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxStemBytes keeps the longest output name (stem + "-评价表.xlsx" + a uniqueness suffix)
// well under the 255-byte file name limit of common file systems.
const maxStemBytes = 180

// windowsReserved are device names Windows refuses as file names, with or without extension.
var windowsReserved = map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true}

func init() {
	for i := 1; i <= 9; i++ {
		windowsReserved["COM"+strconv.Itoa(i)] = true
		windowsReserved["LPT"+strconv.Itoa(i)] = true
	}
}

// Stem returns the file stem <年度>-<部门名称> made safe as a file name on every OS:
// no path separators, no characters Windows forbids, no control characters, no leading
// dots, no reserved device names, at most maxStemBytes bytes. It is never empty.
func Stem(year int, name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r == utf8.RuneError, unicode.IsControl(r), strings.ContainsRune(`<>:"/\|?*`, r):
			b.WriteRune('_')
		case unicode.IsSpace(r):
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	safe := strings.Trim(strings.Join(strings.Fields(b.String()), " "), ". ")
	if safe == "" {
		safe = "未命名部门"
	}
	stem := safe
	if year > 0 {
		stem = fmt.Sprintf("%d-%s", year, safe)
	}
	base, _, _ := strings.Cut(stem, ".")
	if windowsReserved[strings.ToUpper(strings.TrimSpace(base))] {
		stem = "_" + stem
	}
	return truncateBytes(stem, maxStemBytes)
}

// truncateBytes cuts s to at most n bytes without splitting a character.
func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return strings.TrimRight(s[:n], ". ")
}

// stemSet hands out stems unique within a batch, ignoring case (Windows and macOS file
// systems do): the second 2020-财政局 becomes 2020-财政局-2.
type stemSet map[string]bool

func (s stemSet) unique(stem string) string {
	candidate := stem
	for i := 2; s[strings.ToLower(candidate)]; i++ {
		candidate = fmt.Sprintf("%s-%d", stem, i)
	}
	s[strings.ToLower(candidate)] = true
	return candidate
}
