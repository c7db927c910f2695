package inspect

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"io"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// Fixtures are built here, in code, so a reader of a test can see what is in its file: a
// good workbook saved by excelize, then its zip entries edited to make each hostile case.

// goodWorkbook returns a workbook saved by excelize: two sheets holding shared strings,
// numbers and a formula with its cached value.
func goodWorkbook(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
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
	buf, err := f.WriteToBuffer()
	must(err)
	return buf.Bytes()
}

// part is one zip entry to write. With raw set, its bytes and header values are written as
// given (to make lying headers and corrupt data); otherwise data is deflated.
type part struct {
	name string
	data []byte
	raw  *rawPart
}

type rawPart struct {
	method uint16
	data   []byte // compressed
	crc    uint32
	size   uint64 // uncompressed size to claim
	flags  uint16
}

// unzipParts returns the entries of a zip, in order.
func unzipParts(t testing.TB, data []byte) []part {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var parts []part
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, part{name: f.Name, data: b})
	}
	return parts
}

// zipParts writes parts as a zip, deflating those that are not raw.
func zipParts(t testing.TB, parts []part) []byte {
	t.Helper()
	return zipPartsWith(t, parts, zip.Deflate)
}

// zipPartsWith writes parts as a zip, compressing those that are not raw with method.
func zipPartsWith(t testing.TB, parts []part, method uint16) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		var w io.Writer
		var err error
		data := p.data
		if p.raw != nil {
			w, err = zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: p.raw.method, CRC32: p.raw.crc, Flags: p.raw.flags,
				CompressedSize64: uint64(len(p.raw.data)), UncompressedSize64: p.raw.size})
			data = p.raw.data
		} else {
			w, err = zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: method})
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// edit changes the entries of a zip.
type edit func(t testing.TB, parts []part) []part

// edited returns the good workbook with edits applied.
func edited(t testing.TB, edits ...edit) []byte {
	t.Helper()
	parts := unzipParts(t, goodWorkbook(t))
	for _, e := range edits {
		parts = e(t, parts)
	}
	return zipParts(t, parts)
}

// set replaces the entry called name, or adds it.
func set(name, content string) edit {
	return setBytes(name, []byte(content))
}

func setBytes(name string, content []byte) edit {
	return func(t testing.TB, parts []part) []part {
		for i := range parts {
			if parts[i].name == name {
				parts[i] = part{name: name, data: content}
				return parts
			}
		}
		return append(parts, part{name: name, data: content})
	}
}

// add appends an entry, even when one of that name exists.
func add(name, content string) edit {
	return func(t testing.TB, parts []part) []part {
		return append(parts, part{name: name, data: []byte(content)})
	}
}

// remove deletes the entry called name.
func remove(name string) edit {
	return func(t testing.TB, parts []part) []part {
		out := parts[:0]
		for _, p := range parts {
			if p.name != name {
				out = append(out, p)
			}
		}
		return out
	}
}

// raw rewrites the entry called name with header values and compressed bytes from fn.
func raw(name string, fn func(content []byte) rawPart) edit {
	return func(t testing.TB, parts []part) []part {
		for i := range parts {
			if parts[i].name == name {
				r := fn(parts[i].data)
				parts[i].raw = &r
				return parts
			}
		}
		t.Fatalf("no entry %s", name)
		return nil
	}
}

// honest returns content deflated with true header values, for raw to adjust.
func honest(content []byte) rawPart {
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestCompression)
	fw.Write(content)
	fw.Close()
	return rawPart{method: zip.Deflate, data: buf.Bytes(), crc: crc32.ChecksumIEEE(content), size: uint64(len(content))}
}

// Worksheet XML around rows, as a replacement for a sheet part.
const (
	sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>`
	sheetTail = `</sheetData></worksheet>`
	sheet1    = "xl/worksheets/sheet1.xml"
	sst       = "xl/sharedStrings.xml"
)

// withRows is the good workbook with sheet 1 (表1-1) holding rows instead.
func withRows(rows string) func(testing.TB) []byte {
	return func(t testing.TB) []byte { return edited(t, set(sheet1, sheetHead+rows+sheetTail)) }
}

// sstXML is a shared strings part holding sis.
func sstXML(sis string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + sis + `</sst>`
}

// repeatedDeflate returns the deflate stream of chunk repeated times times, with its CRC and
// size, without deflating times×len(chunk) bytes: a chunk deflated from an empty window and
// sync-flushed is a byte-aligned run of blocks that is valid anywhere in a stream.
func repeatedDeflate(chunk []byte, times int) rawPart {
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestCompression)
	fw.Write(chunk)
	fw.Flush()
	seg := bytes.Clone(buf.Bytes())
	buf.Reset()
	fw.Close() // the final, empty block
	data := append(bytes.Repeat(seg, times), buf.Bytes()...)
	var crc uint32
	for range times {
		crc = crc32.Update(crc, crc32.IEEETable, chunk)
	}
	return rawPart{method: zip.Deflate, data: data, crc: crc, size: uint64(len(chunk)) * uint64(times)}
}

// bomb replaces (or adds) entry name with chunk repeated times times.
func bomb(name string, chunk string, times int) edit {
	return func(t testing.TB, parts []part) []part {
		r := repeatedDeflate([]byte(chunk), times)
		for i := range parts {
			if parts[i].name == name {
				parts[i].raw = &r
				return parts
			}
		}
		return append(parts, part{name: name, raw: &r})
	}
}

// plainZip is a zip holding the given name/content pairs.
func plainZip(t testing.TB, kv ...string) []byte {
	var parts []part
	for i := 0; i+1 < len(kv); i += 2 {
		parts = append(parts, part{name: kv[i], data: []byte(kv[i+1])})
	}
	return zipParts(t, parts)
}

// compoundFile builds a minimal OLE compound file (512-byte sectors: header, one FAT sector,
// one directory sector) whose directory lists the given stream names (at most three).
func compoundFile(names ...string) []byte {
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

// deep returns n nested elements.
func deep(n int) string {
	return strings.Repeat("<a>", n) + strings.Repeat("</a>", n)
}
