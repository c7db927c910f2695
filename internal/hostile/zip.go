package hostile

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// Parts of the good workbook that cases edit, and the XML around a replacement worksheet.
const (
	Sheet1 = "xl/worksheets/sheet1.xml" // sheet 表1-1
	SST    = "xl/sharedStrings.xml"

	SheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>`
	SheetTail = `</sheetData></worksheet>`
)

// Good returns a small workbook saved by excelize: sheets 表1-1 and 表1-4 holding shared
// strings, numbers and a formula with its cached value. It passes inspection with no
// findings; it is not a complete submission (the reader refuses it for missing tables).
func Good() []byte { return goodWith(nil) }

// goodWith returns the good workbook with fn applied to it before saving.
func goodWith(fn func(f *excelize.File)) []byte {
	f := excelize.NewFile()
	defer f.Close()
	must(f.SetSheetName("Sheet1", "表1-1"))
	_, err := f.NewSheet("表1-4")
	must(err)
	for cell, v := range map[string]any{
		"A1": "部门名称", "B1": "深圳市罗湖区智慧城市建设中心",
		"A2": "预算数", "B2": 16535.4,
		"A3": "实际支出数", "B3": 12000,
		"A4": "结余", "B4": 4535.4,
	} {
		must(f.SetCellValue("表1-1", cell, v))
	}
	// SetCellFormula keeps the value already in the cell: that is the cached value.
	must(f.SetCellFormula("表1-1", "B4", "B2-B3"))
	must(f.SetCellValue("表1-4", "A1", "项目"))
	must(f.SetCellValue("表1-4", "C9", 1.005))
	if fn != nil {
		fn(f)
	}
	buf, err := f.WriteToBuffer()
	must(err)
	return buf.Bytes()
}

// must panics on err. Every builder here works on constant input, so an error is a bug in
// this package, not something a caller could handle.
func must(err error) {
	if err != nil {
		panic("hostile: " + err.Error())
	}
}

// Part is one zip entry to write. With Raw set, its bytes and header values are written as
// given (to make lying headers and corrupt data); otherwise Data is compressed.
type Part struct {
	Name string
	Data []byte
	Raw  *RawPart
}

// RawPart is an entry written exactly as given.
type RawPart struct {
	Method uint16
	Data   []byte // compressed
	CRC    uint32
	Size   uint64 // uncompressed size to claim
	Flags  uint16
}

// Unzip returns the entries of a zip, in order.
func Unzip(data []byte) []Part {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	must(err)
	var parts []Part
	for _, f := range zr.File {
		rc, err := f.Open()
		must(err)
		b, err := io.ReadAll(rc)
		rc.Close()
		must(err)
		parts = append(parts, Part{Name: f.Name, Data: b})
	}
	return parts
}

// Zip writes parts as a zip, deflating those that are not raw.
func Zip(parts []Part) []byte { return ZipWith(parts, zip.Deflate) }

// ZipWith writes parts as a zip, compressing those that are not raw with method.
func ZipWith(parts []Part, method uint16) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		var w io.Writer
		var err error
		data := p.Data
		if p.Raw != nil {
			w, err = zw.CreateRaw(&zip.FileHeader{Name: p.Name, Method: p.Raw.Method, CRC32: p.Raw.CRC, Flags: p.Raw.Flags,
				CompressedSize64: uint64(len(p.Raw.Data)), UncompressedSize64: p.Raw.Size})
			data = p.Raw.Data
		} else {
			w, err = zw.CreateHeader(&zip.FileHeader{Name: p.Name, Method: method})
		}
		must(err)
		_, err = w.Write(data)
		must(err)
	}
	must(zw.Close())
	return buf.Bytes()
}

// Edit changes the entries of a zip.
type Edit func(parts []Part) []Part

// Edited returns the good workbook with edits applied.
func Edited(edits ...Edit) []byte { return EditedFrom(Good(), edits...) }

// EditedFrom returns the zip base with edits applied.
func EditedFrom(base []byte, edits ...Edit) []byte {
	parts := Unzip(base)
	for _, e := range edits {
		parts = e(parts)
	}
	return Zip(parts)
}

// Set replaces the entry called name, or adds it.
func Set(name, content string) Edit { return SetBytes(name, []byte(content)) }

// SetBytes is Set with content as bytes.
func SetBytes(name string, content []byte) Edit {
	return func(parts []Part) []Part {
		for i := range parts {
			if parts[i].Name == name {
				parts[i] = Part{Name: name, Data: content}
				return parts
			}
		}
		return append(parts, Part{Name: name, Data: content})
	}
}

// Add appends an entry, even when one of that name exists.
func Add(name, content string) Edit {
	return func(parts []Part) []Part {
		return append(parts, Part{Name: name, Data: []byte(content)})
	}
}

// Remove deletes the entry called name.
func Remove(name string) Edit {
	return func(parts []Part) []Part {
		out := parts[:0]
		for _, p := range parts {
			if p.Name != name {
				out = append(out, p)
			}
		}
		return out
	}
}

// Raw rewrites the entry called name with header values and compressed bytes from fn.
func Raw(name string, fn func(content []byte) RawPart) Edit {
	return func(parts []Part) []Part {
		for i := range parts {
			if parts[i].Name == name {
				r := fn(parts[i].Data)
				parts[i].Raw = &r
				return parts
			}
		}
		panic("hostile: no entry " + name)
	}
}

// Honest returns content deflated with true header values, for Raw to adjust.
func Honest(content []byte) RawPart {
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestCompression)
	fw.Write(content)
	fw.Close()
	return RawPart{Method: zip.Deflate, Data: buf.Bytes(), CRC: crc32.ChecksumIEEE(content), Size: uint64(len(content))}
}

// Segment is a run of bytes repeated Times times, for Deflated.
type Segment struct {
	Data  []byte
	Times int
}

// Deflated returns the deflate stream of the segments one after the other, with its CRC and
// size, without deflating (or holding) the whole: each segment is deflated once from an empty
// window and sync-flushed, a byte-aligned run of blocks that is valid anywhere in a stream, then
// repeated. A gigabyte of zeros costs about 1 MB of memory and a CRC pass.
func Deflated(segs ...Segment) RawPart {
	var out, buf bytes.Buffer
	var crc uint32
	var size uint64
	for _, s := range segs {
		buf.Reset()
		fw, _ := flate.NewWriter(&buf, flate.BestCompression)
		fw.Write(s.Data)
		fw.Flush()
		for range s.Times {
			out.Write(buf.Bytes())
			crc = crc32.Update(crc, crc32.IEEETable, s.Data)
		}
		size += uint64(len(s.Data)) * uint64(s.Times)
	}
	buf.Reset()
	fw, _ := flate.NewWriter(&buf, flate.BestCompression)
	fw.Close() // the final, empty block
	out.Write(buf.Bytes())
	return RawPart{Method: zip.Deflate, Data: out.Bytes(), CRC: crc, Size: size}
}

// RepeatedDeflate returns the deflate stream of chunk repeated times times (see Deflated).
func RepeatedDeflate(chunk []byte, times int) RawPart {
	return Deflated(Segment{chunk, times})
}

// Bomb replaces (or adds) entry name with chunk repeated times times.
func Bomb(name string, chunk string, times int) Edit {
	return SetRaw(name, RepeatedDeflate([]byte(chunk), times))
}

// SetRaw replaces (or adds) entry name with r.
func SetRaw(name string, r RawPart) Edit {
	return func(parts []Part) []Part {
		for i := range parts {
			if parts[i].Name == name {
				parts[i] = Part{Name: name, Raw: &r}
				return parts
			}
		}
		return append(parts, Part{Name: name, Raw: &r})
	}
}

// PlainZip is a zip holding the given name/content pairs.
func PlainZip(kv ...string) []byte {
	var parts []Part
	for i := 0; i+1 < len(kv); i += 2 {
		parts = append(parts, Part{Name: kv[i], Data: []byte(kv[i+1])})
	}
	return Zip(parts)
}

// ManyEntries is a zip of n empty entries.
func ManyEntries(n int) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := range n {
		_, err := zw.CreateHeader(&zip.FileHeader{Name: "e" + strconv.Itoa(i), Method: zip.Store})
		must(err)
	}
	must(zw.Close())
	return buf.Bytes()
}

// WithRows is the good workbook with sheet 1 (表1-1) holding rows instead.
func WithRows(rows string) []byte { return Edited(Set(Sheet1, SheetHead+rows+SheetTail)) }

// SSTXML is a shared strings part holding sis.
func SSTXML(sis string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + sis + `</sst>`
}

// WorkbookXML is an xl/workbook.xml listing sheets, each given as its attributes. The good
// workbook's relationships are rId1 (sheet1.xml, 表1-1) and rId4 (sheet2.xml, 表1-4).
func WorkbookXML(sheets ...string) string {
	s := `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`
	for _, a := range sheets {
		s += "<sheet " + a + "/>"
	}
	return s + "</sheets></workbook>"
}

// RelsTo is a _rels/.rels whose officeDocument is target.
func RelsTo(target string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="` + target + `"/></Relationships>`
}

// FarColumnGrid is catalogue case 31: rows each holding cell, a format with two %d verbs
// (the row number twice), e.g. `<c r="XFD%d"><v>1</v></c>`.
func FarColumnGrid(rows int, cell string) []byte {
	var b strings.Builder
	for r := 1; r <= rows; r++ {
		b.WriteString(`<row r="` + strconv.Itoa(r) + `">` + strings.ReplaceAll(cell, "%d", strconv.Itoa(r)) + `</row>`)
	}
	return WithRows(b.String())
}

// Deep returns n nested elements.
func Deep(n int) string {
	return strings.Repeat("<a>", n) + strings.Repeat("</a>", n)
}

// CompoundFile builds a minimal OLE compound file (512-byte sectors: header, one FAT sector,
// one directory sector) whose directory lists the given stream names (at most three).
func CompoundFile(names ...string) []byte {
	le := binary.LittleEndian
	b := make([]byte, 512*3)
	h := b[:512]
	copy(h, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
	le.PutUint16(h[0x18:], 0x3E)   // minor version
	le.PutUint16(h[0x1A:], 3)      // major version: 512-byte sectors
	le.PutUint16(h[0x1C:], 0xFFFE) // byte order
	le.PutUint16(h[0x1E:], 9)      // sector shift
	le.PutUint16(h[0x20:], 6)      // mini sector shift
	le.PutUint32(h[0x2C:], 1)      // FAT sectors
	le.PutUint32(h[0x30:], 1)      // first directory sector
	le.PutUint32(h[0x38:], 4096)   // mini stream cutoff
	le.PutUint32(h[0x3C:], 0xFFFFFFFE)
	le.PutUint32(h[0x44:], 0xFFFFFFFE) // no DIFAT sectors
	for i := range 109 {
		le.PutUint32(h[0x4C+4*i:], 0xFFFFFFFF)
	}
	le.PutUint32(h[0x4C:], 0) // FAT in sector 0
	fat := b[512:1024]
	for i := range 128 {
		le.PutUint32(fat[4*i:], 0xFFFFFFFF)
	}
	le.PutUint32(fat[0:], 0xFFFFFFFD) // sector 0 is the FAT
	le.PutUint32(fat[4:], 0xFFFFFFFE) // sector 1, the directory, ends its chain
	dir := b[1024:]
	entry := func(i int, name string, typ byte) {
		e := dir[128*i : 128*(i+1)]
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			le.PutUint16(e[2*j:], c)
		}
		le.PutUint16(e[0x40:], uint16(2*len(u)+2))
		e[0x42] = typ
		le.PutUint32(e[0x44:], 0xFFFFFFFF) // no siblings
		le.PutUint32(e[0x48:], 0xFFFFFFFF)
		le.PutUint32(e[0x4C:], 0xFFFFFFFF)
		le.PutUint32(e[0x74:], 0xFFFFFFFE) // no data
	}
	entry(0, "Root Entry", 5)
	for i, n := range names {
		entry(i+1, n, 2)
	}
	return b
}
