package docx

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"slices"
	"sync"

	"github.com/klauspost/compress/flate"
)

// A docx is an OPC package: a zip of XML parts. The zip is written here rather than with
// archive/zip so that its bytes depend on the parts alone: every member has the same DOS
// time (1980-01-01 00:00), sizes and CRC in the local header (no data descriptors), no
// extra fields, no comment, members sorted by name ([Content_Types].xml sorts first).

// dosDate is 1980-01-01 in MS-DOS date format (year-1980 << 9 | month << 5 | day); the
// time is 00:00:00, zero.
const dosDate = 1<<5 | 1

// member is one compressed part of the package.
type member struct {
	name  string
	crc   uint32
	size  int    // uncompressed
	data  []byte // deflated
	store bool   // data is stored, not deflated (when deflate would not make it smaller)
}

// errTooLarge is a package that would need zip64; a report never comes near it.
var errTooLarge = errors.New("docx: package larger than 4 GB")

var flateWriters = sync.Pool{New: func() any {
	fw, _ := flate.NewWriter(nil, flate.BestSpeed)
	return fw
}}

// compress deflates one part at BestSpeed: a report is written once per department per run,
// so speed matters more than the last percent of size.
func compress(name string, content []byte) (member, error) {
	var buf bytes.Buffer
	buf.Grow(len(content)/4 + 64)
	fw := flateWriters.Get().(*flate.Writer)
	fw.Reset(&buf)
	_, err := fw.Write(content)
	if err == nil {
		err = fw.Close()
	}
	fw.Reset(nil)
	flateWriters.Put(fw)
	if err != nil {
		return member{}, err
	}
	m := member{name: name, crc: crc32.ChecksumIEEE(content), size: len(content), data: buf.Bytes()}
	if len(m.data) >= len(content) {
		m.data, m.store = content, true
	}
	return m, nil
}

// writeZip writes the members, sorted by name, as a zip archive.
func writeZip(w io.Writer, members []member) error {
	members = slices.Clone(members)
	slices.SortFunc(members, func(a, b member) int {
		switch {
		case a.name < b.name:
			return -1
		case a.name > b.name:
			return 1
		}
		return 0
	})
	total := 0
	for _, m := range members {
		total += 30 + 46 + 2*len(m.name) + len(m.data)
	}
	if total+22 > 0xFFFFFFFF || len(members) > 0xFFFF {
		return errTooLarge
	}
	out := make([]byte, 0, total+22)
	offsets := make([]uint32, len(members))
	le := binary.LittleEndian
	for i, m := range members {
		offsets[i] = uint32(len(out))
		out = le.AppendUint32(out, 0x04034b50)
		out = appendCommon(out, m)
		out = append(out, m.name...)
		out = append(out, m.data...)
	}
	cdStart := len(out)
	for i, m := range members {
		out = le.AppendUint32(out, 0x02014b50)
		out = le.AppendUint16(out, 20) // made by: MS-DOS, zip 2.0
		out = appendCommon(out, m)
		out = le.AppendUint16(out, 0) // comment length
		out = le.AppendUint16(out, 0) // disk number
		out = le.AppendUint16(out, 0) // internal attributes
		out = le.AppendUint32(out, 0) // external attributes
		out = le.AppendUint32(out, offsets[i])
		out = append(out, m.name...)
	}
	cdSize := len(out) - cdStart
	out = le.AppendUint32(out, 0x06054b50)
	out = le.AppendUint16(out, 0) // this disk
	out = le.AppendUint16(out, 0) // disk with the central directory
	out = le.AppendUint16(out, uint16(len(members)))
	out = le.AppendUint16(out, uint16(len(members)))
	out = le.AppendUint32(out, uint32(cdSize))
	out = le.AppendUint32(out, uint32(cdStart))
	out = le.AppendUint16(out, 0) // comment length
	_, err := w.Write(out)
	return err
}

// appendCommon appends the fields the local header and the central directory entry share,
// from "version needed" to "extra field length".
func appendCommon(b []byte, m member) []byte {
	le := binary.LittleEndian
	method := uint16(8) // deflate
	if m.store {
		method = 0
	}
	b = le.AppendUint16(b, 20) // version needed: 2.0
	b = le.AppendUint16(b, 0)  // flags: sizes known, ASCII names
	b = le.AppendUint16(b, method)
	b = le.AppendUint16(b, 0) // time 00:00:00
	b = le.AppendUint16(b, dosDate)
	b = le.AppendUint32(b, m.crc)
	b = le.AppendUint32(b, uint32(len(m.data)))
	b = le.AppendUint32(b, uint32(m.size))
	b = le.AppendUint16(b, uint16(len(m.name)))
	b = le.AppendUint16(b, 0) // extra field length
	return b
}
