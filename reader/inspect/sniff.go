package inspect

import (
	"bytes"
	"fmt"
)

// sniffLen is how much of the head of a file sniffing looks at.
const sniffLen = 4096

// kind is what the first bytes of a file say it is.
type kind int

const (
	kindUnknown kind = iota
	kindZip
	kindOLE
	kindOther // refused outright: sniff returns the *Error
)

var (
	magicZip      = []byte("PK\x03\x04")
	magicZipEmpty = []byte("PK\x05\x06")
	magicZipSpan  = []byte("PK\x07\x08")
	magicOLE      = []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
)

// magic maps a file prefix to the refusal it earns. Order matters only where prefixes overlap.
var magics = []struct {
	prefix string
	code   Code
	msg    string
}{
	{"%PDF-", CodePDF, msgPDF},
	{"\x89PNG\r\n\x1a\n", CodeImage, fmt.Sprintf(msgImage, "PNG")},
	{"\xFF\xD8\xFF", CodeImage, fmt.Sprintf(msgImage, "JPEG")},
	{"GIF87a", CodeImage, fmt.Sprintf(msgImage, "GIF")},
	{"GIF89a", CodeImage, fmt.Sprintf(msgImage, "GIF")},
	{"II*\x00", CodeImage, fmt.Sprintf(msgImage, "TIFF")},
	{"MM\x00*", CodeImage, fmt.Sprintf(msgImage, "TIFF")},
	{"Rar!\x1A\x07", CodeArchive, fmt.Sprintf(msgArchive, "RAR")},
	{"7z\xBC\xAF\x27\x1C", CodeArchive, fmt.Sprintf(msgArchive, "7z")},
	{"\x1F\x8B", CodeArchive, fmt.Sprintf(msgArchive, "gzip")},
	{"BZh", CodeArchive, fmt.Sprintf(msgArchive, "bzip2")},
}

// sniff classifies a file by its first bytes (at most sniffLen of them). For kindOther it
// returns the refusal; zip and OLE files need a closer look by the caller.
func sniff(head []byte) (kind, *Error) {
	switch {
	case bytes.HasPrefix(head, magicZip), bytes.HasPrefix(head, magicZipEmpty),
		bytes.HasPrefix(head, magicZipSpan):
		return kindZip, nil
	case bytes.HasPrefix(head, magicOLE):
		return kindOLE, nil
	}
	for _, m := range magics {
		if bytes.HasPrefix(head, []byte(m.prefix)) {
			return kindOther, &Error{Code: m.code, Message: m.msg}
		}
	}
	// RIFF is a container; only WebP is a picture a user would rename.
	if len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP" {
		return kindOther, &Error{Code: CodeImage, Message: fmt.Sprintf(msgImage, "WebP")}
	}
	// BMP's "BM" is too short to trust alone: also require the reserved header fields be zero.
	if len(head) >= 14 && string(head[:2]) == "BM" && bytes.Equal(head[6:10], []byte{0, 0, 0, 0}) {
		return kindOther, &Error{Code: CodeImage, Message: fmt.Sprintf(msgImage, "BMP")}
	}
	if e := sniffText(head); e != nil {
		return kindOther, e
	}
	return kindUnknown, &Error{Code: CodeNotZip, Message: msgNotZip}
}

// sniffText recognises text files: CSV and plain text (in any encoding: Chinese CSV files
// exported by Excel are GBK, "Unicode text" is UTF-16), HTML and XML. It returns nil for
// binary data.
func sniffText(head []byte) *Error {
	switch {
	case bytes.HasPrefix(head, []byte("\xFF\xFE")), bytes.HasPrefix(head, []byte("\xFE\xFF")):
		// UTF-16 with a byte order mark: Excel's "Unicode text" export, tab separated.
		return &Error{Code: CodeText, Message: msgText}
	case bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")):
		head = head[3:]
	}
	if !looksLikeText(head) {
		return nil
	}
	lower := bytes.ToLower(bytes.TrimLeft(head, " \t\r\n"))
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<table", "<meta", "mime-version:"} {
		if bytes.HasPrefix(lower, []byte(p)) {
			return &Error{Code: CodeHTML, Message: msgHTML}
		}
	}
	if bytes.HasPrefix(lower, []byte("<?xml")) || bytes.HasPrefix(lower, []byte("<")) {
		switch {
		case bytes.Contains(lower, []byte("urn:schemas-microsoft-com:office:spreadsheet")):
			return &Error{Code: CodeXML, Message: msgXMLSpreadsheet}
		case bytes.Contains(lower, []byte("<html")):
			return &Error{Code: CodeHTML, Message: msgHTML}
		case bytes.HasPrefix(lower, []byte("<?xml")):
			return &Error{Code: CodeXML, Message: msgXML}
		}
	}
	return &Error{Code: CodeText, Message: msgText}
}

// looksLikeText reports whether b has no NUL and hardly any other control bytes. It does not
// require UTF-8: GBK and GB18030 text has no bytes below 0x20 but the usual whitespace either.
func looksLikeText(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	var ctrl int
	for _, c := range b {
		switch {
		case c == 0:
			return false
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1A:
			ctrl++
		}
	}
	return ctrl*100 <= len(b) // at most 1%
}
