package inspect

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
)

// sstHandler checks xl/sharedStrings.xml: how many strings, how long each. Element depths:
// sst 1, si 2, si>t 3, si>r>t and si>rPh>t 4.
type sstHandler struct {
	ctx   context.Context
	keep  bool     // keep the strings in strs
	strs  []string // the strings, with keep
	cur   []byte   // the current string, with keep
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
		if h.count%4096 == 0 && h.ctx != nil {
			if err := ctxError(h.ctx); err != nil {
				return err
			}
		}
		h.inSI, h.units, h.cur = true, 0, h.cur[:0]
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
		if h.keep {
			h.strs = append(h.strs, string(h.cur))
		}
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
	if h.keep {
		h.cur = append(h.cur, b...)
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
