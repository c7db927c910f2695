package inspect

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"
)

// pkg is one zip being inspected: its entries, what has been read of them, and the report.
type pkg struct {
	ctx     context.Context
	grid    *Grid    // nil: keep no contents
	strs    []string // the shared strings, kept with grid
	nMerges int      // merged ranges over all sheets, against MaxMergedRanges
	lim     *Limits
	b       *budget
	zr      *zip.Reader
	parts   map[string]*zip.File // by name as excelize stores it
	done    map[*zip.File]bool   // entries already read
	rep     Report
	finds   findings
	cells   int64 // cells excelize will allocate, against MaxCells
}

// inspectZip inspects a file that starts like a zip.
func inspectZip(ctx context.Context, r io.ReaderAt, size int64, lim *Limits, g *Grid) (*Report, error) {
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
		ctx:   ctx,
		grid:  g,
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
	sstPart := "" // where the workbook's relationships put the shared strings
	if f := p.parts[relsPath]; f != nil {
		rh := &relsHandler{want: func(r relationship) bool { return ids[r.id] || isSSTRel(r) }}
		rh.dupErr = true // two relationships with one Id: which one counts? refuse both
		if err := p.readXML(f, 0, true, rh); err != nil {
			return err
		}
		for _, r := range rh.rels {
			if ids[r.id] {
				targets[r.id] = r
			} else if sstPart == "" && !strings.EqualFold(r.mode, "External") {
				sstPart = sheetPath(wbPath, r.target)
			}
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
	nStrings, err := p.readSharedStrings(sstPart)
	if err != nil {
		return err
	}
	if err := p.readExternalLinks(); err != nil {
		return err
	}
	contents := map[*zip.File]*Content{}
	for i, s := range p.rep.Sheets {
		if err := ctxError(p.ctx); err != nil {
			return err
		}
		f := p.parts[s.Part]
		if p.done[f] { // two sheets on one part, or a sheet pointing at another part
			p.rep.Sheets[i].Content = contents[f]
			continue
		}
		sc := &sheetScanner{ctx: p.ctx, part: s.Part, sheet: s.Name, lim: p.lim, nStrings: nStrings,
			finds: &p.finds, cells: &p.cells, merges: &p.nMerges}
		if p.grid != nil {
			sc.k = newCollector(p.grid, p.strs)
		}
		if err := p.readXML(f, p.lim.maxRun(), true, sc); err != nil {
			return sc.locate(err)
		}
		if sc.k != nil {
			contents[f] = sc.k.c
			p.rep.Sheets[i].Content = sc.k.c
		}
	}
	p.strs = nil
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

// readSharedStrings checks the shared strings table and returns its length; with a grid it
// keeps the strings too. The table is the part the workbook's relationships name (sstPart),
// or else xl/sharedStrings.xml in any case, where Excel puts it.
func (p *pkg) readSharedStrings(sstPart string) (int, error) {
	f := p.parts[sstPart]
	if f == nil {
		for _, zf := range p.zr.File {
			if strings.EqualFold(partName(zf.Name), "xl/sharedStrings.xml") {
				f = zf
				break
			}
		}
	}
	if f == nil {
		return 0, nil
	}
	h := &sstHandler{ctx: p.ctx, part: partName(f.Name), lim: p.lim, keep: p.grid != nil}
	if err := p.readXML(f, p.lim.maxRun(), true, h); err != nil {
		return 0, h.locate(err)
	}
	p.strs = h.strs
	return h.count, nil
}

// isSSTRel reports whether r is the workbook's relationship to its shared strings table.
func isSSTRel(r relationship) bool { return strings.HasSuffix(r.typ, "/sharedStrings") }

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

// readRest reads every entry not read yet to its end, so bombs, bad CRCs and bad deflate
// data are caught wherever they hide. Nothing reads these parts (comments, pictures, styles,
// customXml, document properties …), so their content refuses no file: a customXml part in
// UTF-16, as SharePoint writes them, is as valid as any, and so is a badly formed one. Only a
// DOCTYPE is refused in any XML part, in UTF-8 or UTF-16: other programs that open the file
// may expand its entities (billion laughs, XXE), and no workbook has a reason to carry one.
func (p *pkg) readRest() error {
	for _, f := range p.zr.File {
		if p.done[f] {
			continue
		}
		if err := ctxError(p.ctx); err != nil {
			return err
		}
		p.done[f] = true
		er, err := p.b.open(f)
		if err != nil {
			return err
		}
		lower := strings.ToLower(f.Name)
		if strings.HasSuffix(lower, ".xml") || strings.HasSuffix(lower, ".rels") {
			err = drainNoDoctype(er)
		} else {
			err = er.drain()
		}
		er.Close() // read-only: nothing to flush
		if err != nil {
			return err
		}
	}
	return nil
}

// drainNoDoctype reads an XML part nothing else reads to its end, refusing a DOCTYPE in it.
// The encoding is told by a UTF-16 byte order mark, else UTF-8 (or any ASCII superset).
func drainNoDoctype(er *entryReader) error {
	const doctype = "<!DOCTYPE"
	needle := []byte(doctype)
	buf := make([]byte, 32<<10)
	keep := 0 // bytes carried over from the previous read: a needle may straddle two
	first := true
	for {
		n, err := er.Read(buf[keep:])
		n += keep
		if first && n >= 2 {
			first = false
			switch string(buf[:2]) {
			case "\xff\xfe":
				needle = utf16Bytes(doctype, false)
			case "\xfe\xff":
				needle = utf16Bytes(doctype, true)
			}
		}
		if bytes.Contains(buf[:n], needle) {
			return &Error{Code: CodeDoctype, Part: er.part, Message: msgDoctype}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		keep = min(n, len(needle)-1)
		copy(buf, buf[n-keep:n])
	}
}

// utf16Bytes is ASCII s in UTF-16, big- or little-endian.
func utf16Bytes(s string, bigEndian bool) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		if bigEndian {
			b = append(b, 0, s[i])
		} else {
			b = append(b, s[i], 0)
		}
	}
	return b
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
