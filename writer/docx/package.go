package docx

import (
	"io"
	"strconv"
	"time"
)

// properties are the document properties of docProps/core.xml.
type properties struct {
	title, subject, author string
	date                   time.Time
}

// documentXML finishes word/document.xml, last being the setup of its last section.
// The body is done with afterwards.
func documentXML(w *body, last page) []byte {
	w.b = appendSectPr(w.b, last)
	return append(w.b, `</w:body></w:document>`...)
}

// writePackage writes the package of a body: the static parts and the document's own.
func writePackage(out io.Writer, w *body, last page, p properties) error {
	static, err := staticParts()
	if err != nil {
		return err
	}
	members := make([]member, 0, len(static)+4+len(w.charts))
	members = append(members, static...)
	add := func(name string, data []byte) error {
		m, err := compress(name, data)
		members = append(members, m)
		return err
	}
	parts := []struct {
		name string
		data []byte
	}{
		{"[Content_Types].xml", contentTypes(len(w.charts))},
		{"word/_rels/document.xml.rels", documentRels(len(w.charts))},
		{"word/document.xml", documentXML(w, last)},
		{"docProps/core.xml", coreXML(p.title, p.subject, p.author, p.date)},
	}
	for _, part := range parts {
		if err := add(part.name, part.data); err != nil {
			return err
		}
	}
	for i, c := range w.charts {
		if err := add(partChartFn+strconv.Itoa(i+1)+".xml", c); err != nil {
			return err
		}
	}
	return writeZip(out, members)
}
