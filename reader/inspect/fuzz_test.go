package inspect

import (
	"archive/zip"
	"errors"
	"strings"
	"testing"

	"selfeval/internal/hostile"
)

// FuzzBytes checks that no input makes Bytes panic or return anything but nil or a *Error
// with a code and a message.
func FuzzBytes(f *testing.F) {
	good := hostile.Good()
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(hostile.CompoundFile("Workbook"))
	f.Add(hostile.CompoundFile("EncryptionInfo", "EncryptedPackage"))
	f.Add(withRows(`<row r="1"><c r="C1"><v>1</v></c><c r="A1" t="s"><v>-1</v></c></row>`)(f))
	f.Add(withRows(`<row r="1" hidden="1"><c r="A1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="B1"><f>A1</f></c><c r="C1"><v>NaN</v></c></row>`)(f))
	f.Add(withRows(`<row><c><v>1</v></c></row><row r="1048577"/>`)(f))
	f.Add(hostile.Edited(hostile.Set(sst, hostile.SSTXML("<si><t>a</t><rPh><t>b</t></rPh></si><si><r><t>c</t></r></si>"))))
	f.Add(hostile.Edited(hostile.Set("xl/workbook.xml", `<?xml version="1.0"?><!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><workbook/>`)))
	f.Add(hostile.Edited(hostile.Bomb("xl/media/image1.png", strings.Repeat("\x00", 4096), 64)))
	f.Add(hostile.PlainZip("mimetype", "application/vnd.oasis.opendocument.spreadsheet"))
	f.Add([]byte("部门,金额\n"))
	for _, c := range hostile.Cases() { // the catalogue, but for the large bombs
		if len(c.Data) < hostile.Large {
			f.Add(c.Data)
		}
	}
	lim := Limits{MaxEntryBytes: 1 << 20, MaxTotalBytes: 4 << 20, MaxEntries: 100, MaxCells: 100000}
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := InspectBytes(data, lim)
		if err == nil {
			if rep == nil {
				t.Fatal("InspectBytes returned neither a report nor an error")
			}
			for _, fd := range rep.Findings {
				_ = fd.String()
			}
			return
		}
		e, ok := err.(*Error)
		if !ok {
			t.Fatalf("InspectBytes error is %T, want *Error: %v", err, err)
		}
		if e.Code == "" || e.Message == "" {
			t.Fatalf("InspectBytes error without code or message: %#v", e)
		}
		var target *Error
		if !errors.As(err, &target) || err.Error() == "" {
			t.Fatalf("errors.As(%v) failed", err)
		}
	})
}

// fuzzParts are the parts FuzzPart replaces. Fuzzing whole files mostly exercises the zip
// layer (a mutated deflate stream rarely passes its CRC); this reaches the XML checks.
var fuzzParts = []string{sheet1, sst, "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "_rels/.rels", "docProps/app.xml"}

// FuzzPart puts fuzzed XML in one part of a good workbook and checks what FuzzBytes checks,
// plus that every error names its part.
func FuzzPart(f *testing.F) {
	base := hostile.Unzip(hostile.Good())
	for _, p := range base {
		for i, name := range fuzzParts {
			if p.Name == name {
				f.Add(uint8(i), p.Data)
			}
		}
	}
	f.Add(uint8(0), []byte(sheetHead+`<row r="2" hidden="1"><c r="B2" t="e"><v>#REF!</v></c><c r="C2"><f>1</f></c></row><row><c t="s"><v>5</v></c><c t="inlineStr"><is><r><t>a</t></r><rPh><t>b</t></rPh></is></c></row>`+sheetTail))
	f.Add(uint8(0), []byte(sheetHead+`<row r="1"><c r="XFD1" s="1"/></row><row r="1048576"><c r="A1048576"><v>1e308</v></c></row>`+sheetTail))
	f.Add(uint8(1), []byte(hostile.SSTXML(`<si><t xml:space="preserve"> a </t></si><si><r><rPr/><t>b</t></r></si>`)))
	f.Add(uint8(2), []byte(hostile.WorkbookXML(`name="a" sheetId="1" r:id="rId1"`, `name="b" state="veryHidden" sheetId="2" r:id="rId4"`)))
	lim := Limits{MaxEntryBytes: 1 << 20, MaxTotalBytes: 4 << 20, MaxCells: 100000, MaxRows: 2000}
	f.Fuzz(func(t *testing.T, which uint8, content []byte) {
		name := fuzzParts[int(which)%len(fuzzParts)]
		parts := make([]hostile.Part, len(base))
		copy(parts, base)
		data := hostile.ZipWith(hostile.SetBytes(name, content)(parts), zip.Store) // deflating costs more than inspecting
		rep, err := InspectBytes(data, lim)
		if err == nil {
			if rep == nil {
				t.Fatal("InspectBytes returned neither a report nor an error")
			}
			for _, fd := range rep.Findings {
				if fd.String() == "" {
					t.Fatalf("finding without text: %+v", fd)
				}
			}
			return
		}
		e, ok := err.(*Error)
		if !ok {
			t.Fatalf("InspectBytes error is %T, want *Error: %v", err, err)
		}
		if e.Code == "" || e.Message == "" {
			t.Fatalf("InspectBytes error without code or message: %#v", e)
		}
		if e.Part == "" && e.Sheet == "" && e.Code != CodeDuplicateSheet {
			t.Fatalf("error names no part: %#v", e)
		}
	})
}
