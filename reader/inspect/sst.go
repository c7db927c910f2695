package inspect

import (
	"encoding/xml"
	"errors"
	"fmt"
)

// sstHandler checks xl/sharedStrings.xml: how many strings, how long each. Element depths:
// sst 1, si 2, si>t 3, si>r>t and si>rPh>t 4.
type sstHandler struct {
	part  string
	lim   *Limits
	count int // <si> seen so far
	inSI  bool
	inT   bool
	inRPh bool
	units int // length of the current string in UTF-16 units
}

func (h *sstHandler) startElement(se xml.StartElement, depth int) error {
	switch {
	case depth == 2 && se.Name.Local == "si":
		if h.count++; h.count > h.lim.MaxSharedStrings {
			return &Error{Code: CodeTooManyStrings, Part: h.part, Message: fmt.Sprintf(msgTooManyStrings, h.lim.MaxSharedStrings)}
		}
		h.inSI, h.units = true, 0
	case depth > 2 && h.inSI && se.Name.Local == "rPh": // phonetic guide: not part of the value
		h.inRPh = true
	case depth > 2 && h.inSI && se.Name.Local == "t":
		h.inT = true
	}
	return nil
}

func (h *sstHandler) endElement(ee xml.EndElement, depth int) error {
	switch {
	case depth == 2 && ee.Name.Local == "si":
		h.inSI = false
	case depth > 2 && ee.Name.Local == "rPh":
		h.inRPh = false
	case depth > 2 && ee.Name.Local == "t":
		h.inT = false
	}
	return nil
}

func (h *sstHandler) charData(b []byte) error {
	if !h.inSI || !h.inT || h.inRPh {
		return nil
	}
	if h.units += utf16Len(b); h.units > h.lim.MaxCellChars {
		return h.tooLong()
	}
	return nil
}

func (h *sstHandler) tooLong() *Error {
	return &Error{Code: CodeCellTooLong, Part: h.part, Message: fmt.Sprintf(msgStringTooLong, h.count, h.lim.MaxCellChars)}
}

// locate calls an over-long run inside a string what it is: an over-long string.
func (h *sstHandler) locate(err error) error {
	var e *Error
	if errors.As(err, &e) && e.Code == CodeLongText && h.inSI {
		return h.tooLong()
	}
	return err
}
