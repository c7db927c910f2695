package inspect

import (
	"encoding/binary"
	"errors"
	"io"
	"strings"
	"unicode/utf16"
)

// An OLE compound file (CFB, [MS-CFB]) is what Excel 97-2003 writes, and also what Office
// wraps an encrypted xlsx in. Its directory names the streams inside: "Workbook" (or "Book"
// for Excel 5) for a legacy workbook, "EncryptionInfo" and "EncryptedPackage" for an encrypted
// one. Reading just the directory is enough to tell them apart; no stream is read.

// classifyOLE returns the refusal for an OLE compound file.
func classifyOLE(r io.ReaderAt, size int64) *Error {
	names, err := oleNames(r, size)
	if err != nil {
		return &Error{Code: CodeOLE, Message: msgOLE, Err: err}
	}
	has := func(n string) bool {
		for _, name := range names {
			if strings.EqualFold(name, n) { // CFB compares names case-insensitively
				return true
			}
		}
		return false
	}
	switch {
	case has("EncryptionInfo"), has("EncryptedPackage"):
		return &Error{Code: CodeEncrypted, Message: msgEncrypted}
	case has("Workbook"), has("Book"):
		return &Error{Code: CodeLegacyXLS, Message: msgLegacyXLS}
	case has("WordDocument"):
		return &Error{Code: CodeLegacyDOC, Message: msgLegacyDOC}
	}
	return &Error{Code: CodeOLE, Message: msgOLE}
}

// CFB special sector numbers.
const (
	cfbMaxRegSect = 0xFFFFFFFA
	cfbEndOfChain = 0xFFFFFFFE
	cfbFreeSect   = 0xFFFFFFFF
)

// maxOLENames bounds the directory entries read, whatever the file claims.
const maxOLENames = 1 << 16

var errOLE = errors.New("malformed compound file")

// cfb reads the sector structure of a compound file through a ReaderAt.
type cfb struct {
	r       io.ReaderAt
	size    int64
	shift   uint
	sectors int64    // sectors the file can hold
	fat     []uint32 // sector numbers of the FAT sectors
}

// oleNames returns the names of the storages and streams in a compound file's directory.
func oleNames(r io.ReaderAt, size int64) ([]string, error) {
	var h [512]byte
	if _, err := r.ReadAt(h[:], 0); err != nil {
		return nil, errOLE
	}
	le := binary.LittleEndian
	shift := uint(le.Uint16(h[0x1E:]))
	if shift != 9 && shift != 12 {
		return nil, errOLE
	}
	// Some writers do not pad the last sector: count a partial one too.
	secSize := int64(1) << shift
	c := &cfb{r: r, size: size, shift: shift, sectors: (size - 1) / secSize}
	if err := c.readFATList(h[:]); err != nil {
		return nil, err
	}
	var names []string
	buf := make([]byte, 1<<shift)
	// A chain longer than the file has sectors is a loop.
	for s, n := le.Uint32(h[0x30:]), int64(0); s != cfbEndOfChain; n++ {
		if n > c.sectors {
			return nil, errOLE
		}
		if err := c.readSector(s, buf); err != nil {
			return nil, err
		}
		for e := 0; e+128 <= len(buf); e += 128 {
			ent := buf[e : e+128]
			typ := ent[0x42]
			if typ != 1 && typ != 2 { // storage or stream; skip unused and the root
				continue
			}
			if len(names) >= maxOLENames {
				return nil, errOLE
			}
			names = append(names, utf16Name(ent[:64], int(le.Uint16(ent[0x40:]))))
		}
		var err error
		if s, err = c.next(s); err != nil {
			return nil, err
		}
	}
	return names, nil
}

// readFATList collects the FAT sector numbers from the header's 109 slots and the DIFAT chain.
func (c *cfb) readFATList(h []byte) error {
	le := binary.LittleEndian
	nFAT := int64(le.Uint32(h[0x2C:]))
	if nFAT > c.sectors {
		return errOLE
	}
	for i := 0; i < 109 && int64(len(c.fat)) < nFAT; i++ {
		c.fat = append(c.fat, le.Uint32(h[0x4C+4*i:]))
	}
	buf := make([]byte, 1<<c.shift)
	per := len(buf)/4 - 1 // the last slot of a DIFAT sector chains to the next one
	for s, n := le.Uint32(h[0x44:]), int64(0); int64(len(c.fat)) < nFAT && s < cfbMaxRegSect; n++ {
		if n > c.sectors {
			return errOLE
		}
		if err := c.readSector(s, buf); err != nil {
			return err
		}
		for i := 0; i < per && int64(len(c.fat)) < nFAT; i++ {
			c.fat = append(c.fat, le.Uint32(buf[4*i:]))
		}
		s = le.Uint32(buf[4*per:])
	}
	return nil
}

func (c *cfb) readSector(s uint32, buf []byte) error {
	if int64(s) >= c.sectors {
		return errOLE
	}
	n, err := c.r.ReadAt(buf, (int64(s)+1)<<c.shift)
	if err != nil && !(errors.Is(err, io.EOF) && n > 0) {
		return errOLE
	}
	clear(buf[n:]) // a partial last sector reads as zeros: unused entries
	return nil
}

// next follows the FAT from sector s.
func (c *cfb) next(s uint32) (uint32, error) {
	per := uint32(1<<c.shift) / 4
	i := s / per
	if int(i) >= len(c.fat) || c.fat[i] >= cfbMaxRegSect || int64(c.fat[i]) >= c.sectors {
		return 0, errOLE
	}
	var b [4]byte
	if _, err := c.r.ReadAt(b[:], (int64(c.fat[i])+1)<<c.shift+int64(s%per)*4); err != nil {
		return 0, errOLE
	}
	n := binary.LittleEndian.Uint32(b[:])
	if n != cfbEndOfChain && n >= cfbMaxRegSect {
		return 0, errOLE
	}
	return n, nil
}

// utf16Name decodes a directory entry's name: n bytes of UTF-16LE including the final NUL.
func utf16Name(b []byte, n int) string {
	if n < 2 || n > len(b) {
		return ""
	}
	u := make([]uint16, (n-2)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u))
}
