package inspect

import (
	"encoding/xml"
	"fmt"
	"io"
)

// oracleWalkXML is the reference oracle for walkXML: the encoding/xml-based walker that
// walkXML replaced, kept verbatim (but for its name) so that the differential tests and
// FuzzWalkXMLMatchesOracle can require the hand-written scanner to give exactly its verdicts.
// It is test-only; nothing outside tests may call it.
func oracleWalkXML(part string, r io.Reader, lim *Limits, maxRun int64, requireRoot bool, h xmlHandler) error {
	d := xml.NewDecoder(&textGuard{r: r, part: part, maxRun: maxRun})
	d.Strict = true
	d.CharsetReader = nil // never decode other charsets; such parts are refused
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if requireRoot && roots == 0 {
				return &Error{Code: CodeBadXML, Part: part, Message: msgNoRoot}
			}
			return nil
		}
		if err != nil {
			return xmlError(part, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				roots++
			}
			if depth > lim.MaxXMLDepth {
				return &Error{Code: CodeXMLDepth, Part: part, Message: fmt.Sprintf(msgXMLDepth, lim.MaxXMLDepth)}
			}
			err = h.startElement(t, depth)
		case xml.EndElement:
			err = h.endElement(t, depth)
			depth--
		case xml.CharData:
			err = h.charData(t)
		case xml.Directive:
			return &Error{Code: CodeDoctype, Part: part, Message: msgDoctype}
		}
		if err != nil {
			if e, ok := err.(*Error); ok && e.Part == "" {
				e.Part = part
			}
			return err
		}
	}
}
