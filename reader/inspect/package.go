package inspect

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"
)

// pkg is one zip being inspected: its entries, what has been read of them, and the report.
type pkg struct {
	lim   *Limits
	b     *budget
	zr    *zip.Reader
	parts map[string]*zip.File // by name as excelize stores it
	done  map[*zip.File]bool   // entries already read
	rep   Report
	finds findings
	cells int64 // cells excelize will allocate, against MaxCells
}

// inspectZip inspects a file that starts like a zip.
func inspectZip(r io.ReaderAt, size int64, lim *Limits) (*Report, error) {
	if size > lim.MaxFileBytes {
		return nil, &Error{Code: CodeTooLarge, Message: fmt.Sprintf(msgTooLarge, byteSize(size), byteSize(lim.MaxFileBytes))}
	}
	zr, err := openZip(r, size, lim)
	if err != nil {
		return nil, err
	}
	parts, err := indexEntries(zr, lim)
	if err != nil {
		return nil, err
	}
	p := &pkg{
		lim:   lim,
		b:     &budget{lim: lim, fileSize: size},
		zr:    zr,
		parts: parts,
		done:  make(map[*zip.File]bool, len(zr.File)),
	}
	if err := p.inspect(); err != nil {
		return nil, err
	}
	p.rep.Findings = p.finds.list
	return &p.rep, nil
}

// inspect reads the parts in the order their checks need (workbook, its relationships,
// shared strings, then the sheets), then every remaining entry, each exactly once and to
// its end.
func (p *pkg) inspect() error {
	wbPath, err := p.findWorkbook()
	if err != nil {
		return err
	}
	wb := &workbookHandler{lim: p.lim}
	if err := p.readXML(p.parts[wbPath], 0, true, wb); err != nil {
		return err
	}
	ids := make(map[string]bool, len(wb.sheets))
	for _, s := range wb.sheets {
		ids[s.rid] = true
	}
	relsPath := relsPathFor(wbPath)
	targets := map[string]relationship{}
	if f := p.parts[relsPath]; f != nil {
		rh := &relsHandler{want: func(r relationship) bool { return ids[r.id] }}
		rh.dupErr = true // excelize would take the last of two, this the first: refuse both
		if err := p.readXML(f, 0, true, rh); err != nil {
			return err
		}
		for _, r := range rh.rels {
			targets[r.id] = r
		}
	}
	for _, s := range wb.sheets {
		rel, ok := targets[s.rid]
		if !ok {
			return &Error{Code: CodeMissingPart, Part: relsPath, Sheet: s.name, Message: msgUnlinkedSheet}
		}
		part := sheetPath(wbPath, rel.target)
		if strings.EqualFold(rel.mode, "External") || p.parts[part] == nil {
			return &Error{Code: CodeMissingPart, Part: part, Sheet: s.name, Message: fmt.Sprintf(msgMissingSheet, part)}
		}
		p.rep.Sheets = append(p.rep.Sheets, Sheet{Name: s.name, Part: part, State: s.state})
	}
	for _, s := range p.rep.Sheets {
		if s.Hidden() {
			p.finds.add(Finding{Kind: FindingHiddenSheet, Sheet: s.Name, Part: s.Part, Value: s.State})
		}
	}
	nStrings, err := p.readSharedStrings()
	if err != nil {
		return err
	}
	if err := p.readExternalLinks(); err != nil {
		return err
	}
	for _, s := range p.rep.Sheets {
		f := p.parts[s.Part]
		if p.done[f] { // two sheets on one part, or a sheet pointing at another part
			continue
		}
		sc := &sheetScanner{part: s.Part, sheet: s.Name, lim: p.lim, nStrings: nStrings, finds: &p.finds, cells: &p.cells}
		if err := p.readXML(f, p.lim.maxRun(), true, sc); err != nil {
			return sc.locate(err)
		}
	}
	return p.readRest()
}

// findWorkbook returns the workbook part, found as excelize finds it: the officeDocument
// relationship of _rels/.rels. When there is none, it says what the zip is instead.
func (p *pkg) findWorkbook() (string, error) {
	var target string
	if f := p.parts["_rels/.rels"]; f != nil {
		var rh *relsHandler
		rh = &relsHandler{want: func(r relationship) bool { // the first, as excelize takes
			return len(rh.rels) == 0 && strings.HasSuffix(r.typ, "/relationships/officeDocument")
		}}
		if err := p.readXML(f, 0, true, rh); err != nil {
			return "", err
		}
		if len(rh.rels) > 0 {
			target = strings.TrimPrefix(rh.rels[0].target, "/") // as excelize does, no more
		}
	}
	if e := p.identify(target); e != nil {
		return "", e
	}
	switch {
	case target != "" && p.parts[target] != nil:
		return target, nil
	case target != "":
		return "", &Error{Code: CodeMissingPart, Part: target, Message: msgMissingPart}
	case p.parts["xl/workbook.xml"] != nil:
		// A workbook nothing points to: excelize would open it as a workbook without sheets.
		return "", &Error{Code: CodeMissingPart, Part: "_rels/.rels", Message: msgMissingPart}
	}
	return "", &Error{Code: CodeNotWorkbook, Message: msgNotWorkbook}
}

// identify recognises the zips people mistake for xlsx workbooks, by the target of their
// officeDocument relationship or, when there is none, by their entries. It returns nil for
// anything else.
func (p *pkg) identify(target string) *Error {
	t := strings.ToLower(target)
	has := func(name string) bool { return target == "" && p.parts[name] != nil }
	switch {
	case strings.HasPrefix(t, "word/"), has("word/document.xml"):
		return &Error{Code: CodeDOCX, Message: msgDOCX}
	case strings.HasPrefix(t, "ppt/"), has("ppt/presentation.xml"):
		return &Error{Code: CodePPTX, Message: msgPPTX}
	case strings.HasSuffix(t, ".bin"), has("xl/workbook.bin"):
		return &Error{Code: CodeXLSB, Message: msgXLSB}
	case has("mimetype"): // OpenDocument: the first entry names the format
		f := p.parts["mimetype"]
		p.done[f] = true
		er, err := p.b.open(f)
		if err != nil {
			return asError(err)
		}
		defer er.Close() // read-only: nothing to flush
		mime, err := er.readAll(256)
		if err != nil {
			return asError(err)
		}
		if strings.Contains(string(mime), "opendocument.spreadsheet") {
			return &Error{Code: CodeODS, Message: msgODS}
		}
		return &Error{Code: CodeNotWorkbook, Message: msgODF}
	}
	return nil
}

// readSharedStrings checks the shared strings table and returns its length. excelize reads
// it from xl/sharedStrings.xml (in any case) whatever the relationships say; so does this.
func (p *pkg) readSharedStrings() (int, error) {
	for _, f := range p.zr.File {
		if strings.EqualFold(partName(f.Name), "xl/sharedStrings.xml") {
			h := &sstHandler{part: partName(f.Name), lim: p.lim}
			if err := p.readXML(f, p.lim.maxRun(), true, h); err != nil {
				return 0, h.locate(err)
			}
			return h.count, nil
		}
	}
	return 0, nil
}

// readExternalLinks reports each external link part with the file it points to.
func (p *pkg) readExternalLinks() error {
	for _, f := range p.zr.File {
		name := partName(f.Name)
		lower := strings.ToLower(name)
		if !strings.HasPrefix(lower, "xl/externallinks/") || !strings.HasSuffix(lower, ".xml") || strings.Contains(lower, "/_rels/") {
			continue
		}
		if err := p.readXML(f, 0, true, plainXML{}); err != nil {
			return err
		}
		var target string
		if rf := p.parts[relsPathFor(name)]; rf != nil {
			var rh *relsHandler
			rh = &relsHandler{want: func(r relationship) bool { return len(rh.rels) == 0 && r.target != "" }}
			if err := p.readXML(rf, 0, true, rh); err != nil {
				return err
			}
			if len(rh.rels) > 0 {
				target = rh.rels[0].target
			}
		}
		p.finds.add(Finding{Kind: FindingExternalLink, Part: name, Value: target})
	}
	return nil
}

// readRest reads every entry not read yet: XML parts get walkXML's checks, all of them are
// read to the end so bombs, bad CRCs and bad deflate data are caught wherever they hide.
func (p *pkg) readRest() error {
	for _, f := range p.zr.File {
		if p.done[f] {
			continue
		}
		lower := strings.ToLower(f.Name)
		if strings.HasSuffix(lower, ".xml") || strings.HasSuffix(lower, ".rels") {
			if err := p.readXML(f, 0, false, plainXML{}); err != nil {
				return err
			}
			continue
		}
		p.done[f] = true
		er, err := p.b.open(f)
		if err != nil {
			return err
		}
		err = er.drain()
		er.Close() // read-only: nothing to flush
		if err != nil {
			return err
		}
	}
	return nil
}

// readXML walks one XML entry with h and reads it to its end.
func (p *pkg) readXML(f *zip.File, maxRun int64, requireRoot bool, h xmlHandler) error {
	p.done[f] = true
	er, err := p.b.open(f)
	if err != nil {
		return err
	}
	defer er.Close() // read-only: nothing to flush
	if err := walkXML(er.part, er, p.lim, maxRun, requireRoot, h); err != nil {
		// Damage to an entry often shows first as bad XML. If the rest of the entry
		// fails its CRC, report the damage: it is the cause, and re-saving will not help.
		if e := asError(err); e.Code != CodeCorrupt && e.Code != CodeZipBomb {
			if de := asError(er.drain()); de != nil && de.Code == CodeCorrupt {
				return de
			}
		}
		return err
	}
	return er.drain()
}

// relsPathFor is the relationships part of part, e.g. xl/_rels/workbook.xml.rels.
func relsPathFor(part string) string {
	dir, base := path.Split(part)
	return dir + "_rels/" + base + ".rels"
}

// sheetPath resolves a relationship target of the workbook to a part name as excelize does:
// relative to the workbook's folder, or from the root when it starts with '/'.
func sheetPath(wbPath, target string) string {
	t := strings.ReplaceAll(target, `\`, "/")
	if !strings.HasPrefix(t, "/") {
		t = path.Dir(wbPath) + "/" + t
	}
	return strings.TrimPrefix(path.Clean(t), "/")
}

// relationship is one <Relationship> of a .rels part.
type relationship struct {
	id, typ, target, mode string
}

// relsHandler collects the relationships want accepts. Keeping only those bounds memory
// whatever the part holds. With dupErr, two kept relationships with one Id are refused.
type relsHandler struct {
	want   func(relationship) bool
	dupErr bool
	rels   []relationship
	seen   map[string]bool
}

func (h *relsHandler) startElement(se xml.StartElement, depth int) error {
	if depth != 2 || se.Name.Local != "Relationship" {
		return nil
	}
	var r relationship
	for _, a := range se.Attr {
		switch a.Name.Local {
		case "Id":
			r.id = a.Value
		case "Type":
			r.typ = a.Value
		case "Target":
			r.target = a.Value
		case "TargetMode":
			r.mode = a.Value
		}
	}
	if !h.want(r) {
		return nil
	}
	if h.dupErr {
		if h.seen[r.id] {
			return &Error{Code: CodeCorrupt, Message: fmt.Sprintf(msgCorrupt, fmt.Sprintf(corruptDupRel, r.id))}
		}
		if h.seen == nil {
			h.seen = make(map[string]bool)
		}
		h.seen[r.id] = true
	}
	h.rels = append(h.rels, r)
	return nil
}

func (h *relsHandler) endElement(xml.EndElement, int) error { return nil }
func (h *relsHandler) charData([]byte) error                { return nil }

// sheetEntry is one <sheet> of xl/workbook.xml.
type sheetEntry struct {
	name, state, rid string
}

// workbookHandler collects the sheets of xl/workbook.xml.
type workbookHandler struct {
	lim      *Limits
	inSheets bool
	sheets   []sheetEntry
	names    map[string]bool // folded, to find duplicates
}

func (h *workbookHandler) startElement(se xml.StartElement, depth int) error {
	if depth == 2 {
		h.inSheets = se.Name.Local == "sheets"
	}
	if depth != 3 || !h.inSheets || se.Name.Local != "sheet" {
		return nil
	}
	var s sheetEntry
	for _, a := range se.Attr {
		switch {
		case a.Name.Local == "name" && a.Name.Space == "":
			s.name = a.Value
		case a.Name.Local == "state" && a.Name.Space == "":
			s.state = a.Value
		case a.Name.Local == "id" && a.Name.Space != "": // r:id, transitional or strict namespace
			s.rid = a.Value
		}
	}
	if h.names == nil {
		h.names = make(map[string]bool)
	}
	// Excel compares sheet names without regard to case; excelize keys them exactly and a
	// second sheet of the same name would hide the first.
	key := strings.ToLower(s.name)
	if h.names[key] {
		return &Error{Code: CodeDuplicateSheet, Sheet: s.name, Message: msgDuplicateSheet}
	}
	h.names[key] = true
	// Each sheet needs its own part, so there cannot be more sheets than entries.
	if len(h.sheets) >= h.lim.MaxEntries {
		return &Error{Code: CodeTooManyEntries, Message: fmt.Sprintf(msgTooManySheets, h.lim.MaxEntries, h.lim.MaxEntries)}
	}
	h.sheets = append(h.sheets, s)
	return nil
}

func (h *workbookHandler) endElement(ee xml.EndElement, depth int) error {
	if depth == 2 {
		h.inSheets = false
	}
	return nil
}
func (h *workbookHandler) charData([]byte) error { return nil }
