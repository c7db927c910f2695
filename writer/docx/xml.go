package docx

import "unicode/utf8"

// appendEscaped appends s as XML character data or attribute value: & < > " escaped, and
// what XML 1.0 cannot hold dropped rather than written into a document Word would refuse
// to open — control characters other than tab, LF and CR, U+FFFE, U+FFFF and bytes that
// are not UTF-8 (a workbook's text may hold any of them).
func appendEscaped(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if (r == utf8.RuneError && n == 1) || r == 0xFFFE || r == 0xFFFF {
				b = append(b, s[start:i]...)
				start = i + n
			}
			i += n
			continue
		}
		var esc string
		switch {
		case c == '&':
			esc = "&amp;"
		case c == '<':
			esc = "&lt;"
		case c == '>':
			esc = "&gt;"
		case c == '"':
			esc = "&quot;"
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
		default:
			i++
			continue
		}
		b = append(b, s[start:i]...)
		b = append(b, esc...)
		i++
		start = i
	}
	return append(b, s[start:]...)
}

// appendRuns appends text as the runs of a paragraph: line breaks become <w:br/>, tabs
// <w:tab/>, CR is dropped. rPr is the runs' properties (<w:rPr>…</w:rPr>) or empty.
func appendRuns(b []byte, text, rPr string) []byte {
	if text == "" {
		return b
	}
	b = append(b, "<w:r>"...)
	b = append(b, rPr...)
	start := 0
	flush := func(end int) {
		if end > start {
			b = append(b, `<w:t xml:space="preserve">`...)
			b = appendEscaped(b, text[start:end])
			b = append(b, "</w:t>"...)
		}
	}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			flush(i)
			b = append(b, "<w:br/>"...)
			start = i + 1
		case '\t':
			flush(i)
			b = append(b, "<w:tab/>"...)
			start = i + 1
		case '\r':
			flush(i)
			start = i + 1
		}
	}
	flush(len(text))
	return append(b, "</w:r>"...)
}
