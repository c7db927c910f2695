package inspect

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
)

// openZip reads the zip directory. It refuses archives with too many entries before
// archive/zip allocates one File per entry.
func openZip(r io.ReaderAt, size int64, lim *Limits) (*zip.Reader, error) {
	// archive/zip reads central directory headers until one fails to parse, whatever the
	// end record says, so a crafted 64 MiB file could make it allocate a million Files.
	// Every header starts with this signature, so counting it bounds them from above.
	n, err := CountZipEntries(r, size, lim.MaxEntries+1)
	if err != nil {
		return nil, &Error{Code: CodeUnreadable, Message: msgUnreadable, Err: err}
	}
	if n > lim.MaxEntries {
		return nil, &Error{Code: CodeTooManyEntries, Message: fmt.Sprintf(msgTooManyEntries, lim.MaxEntries, lim.MaxEntries)}
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // names are checked in indexEntries
		return nil, &Error{Code: CodeDamagedZip, Message: msgDamagedZip, Err: err}
	}
	if len(zr.File) > lim.MaxEntries {
		return nil, &Error{Code: CodeTooManyEntries, Message: fmt.Sprintf(msgTooManyEntries, lim.MaxEntries, lim.MaxEntries)}
	}
	return zr, nil
}

// CountZipEntries counts the central-directory headers in the zip file r of size bytes,
// stopping once it reaches stop: a bound on the entries found before archive/zip reads the
// directory into memory (which trusts the file's own count). The web page's zip uploads are
// checked with it too.
func CountZipEntries(r io.ReaderAt, size int64, stop int) (int, error) {
	return countSignature(r, size, []byte("PK\x01\x02"), stop)
}

// countSignature counts occurrences of sig in r, stopping once it reaches stop.
func countSignature(r io.ReaderAt, size int64, sig []byte, stop int) (int, error) {
	const chunk = 64 << 10
	buf := make([]byte, chunk+len(sig)-1)
	n := 0
	for off := int64(0); off < size; off += chunk {
		// Overlap chunks by len(sig)-1 bytes so a signature across a boundary is seen once.
		m, err := r.ReadAt(buf[:min(int64(len(buf)), size-off)], off)
		if err != nil && !(errors.Is(err, io.EOF) && off+int64(m) == size) {
			return 0, err
		}
		n += bytes.Count(buf[:m], sig)
		if n >= stop {
			break
		}
	}
	return n, nil
}

// indexEntries checks the entry headers (names, duplicates, claimed sizes, flags) and
// returns the entries by name. Names are normalised as excelize does (backslashes become
// slashes), and two names equal after folding case are duplicates: OPC part names are
// case-insensitive and excelize folds the case of some of them.
func indexEntries(zr *zip.Reader, lim *Limits) (map[string]*zip.File, error) {
	parts := make(map[string]*zip.File, len(zr.File))
	folded := make(map[string]bool, len(zr.File))
	var claimed uint64
	for _, f := range zr.File {
		name := partName(f.Name)
		if !validPartName(name) {
			return nil, &Error{Code: CodeBadEntryName, Message: fmt.Sprintf(msgBadEntryName, f.Name)}
		}
		key := strings.ToLower(name)
		if folded[key] {
			return nil, &Error{Code: CodeDuplicateEntry, Part: name, Message: msgDuplicateEntry}
		}
		folded[key] = true
		parts[name] = f
		if f.Flags&0x1 != 0 { // traditional PKWARE or AES encryption of the entry
			return nil, &Error{Code: CodeEncrypted, Part: name, Message: msgEncrypted}
		}
		// A claim above a cap is refused at once: either it is true (too big) or the header
		// lies (corrupt). Claims below the caps prove nothing; the bytes are counted as read.
		claimed += f.UncompressedSize64
		if f.UncompressedSize64 > uint64(lim.MaxEntryBytes) || claimed > uint64(lim.MaxTotalBytes) {
			return nil, &Error{Code: CodeZipBomb, Part: name,
				Message: fmt.Sprintf(msgZipBomb, fmt.Sprintf(bombClaim, f.UncompressedSize64))}
		}
	}
	return parts, nil
}

// validPartName reports whether name can be a part name: not empty, relative, no ".."
// element, no NUL. Nothing here is ever written to disk; a name like "../x" is refused because
// no workbook has one and tools disagree on what it means.
func validPartName(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.ContainsRune(name, 0) {
		return false
	}
	for _, el := range strings.Split(name, "/") {
		if el == ".." {
			return false
		}
	}
	return true
}

// partName is the name excelize stores an entry under.
func partName(name string) string { return strings.ReplaceAll(name, `\`, "/") }

// budget counts the bytes inflated from all entries of one file against the limits.
type budget struct {
	lim      *Limits
	fileSize int64
	total    int64
}

// entryReader reads one entry, counting its inflated bytes. It stops with a *Error as soon as a
// cap is crossed, so a bomb costs at most a cap's worth of inflating, and turns archive/zip's
// and flate's errors (checksum, sizes, bad data) into CodeCorrupt.
type entryReader struct {
	b          *budget
	part       string
	rc         io.ReadCloser
	compressed int64  // bytes the entry may take in the file, for the ratio
	n          int64  // bytes inflated so far
	crc        uint32 // of the bytes inflated so far
	wantCRC    uint32
	err        error // sticky
}

// open opens entry f for counted reading.
func (b *budget) open(f *zip.File) (*entryReader, error) {
	part := partName(f.Name)
	rc, err := f.Open()
	if err != nil {
		return nil, corrupt(part, err)
	}
	// The section archive/zip reads is bounded by the file, whatever the header claims.
	c := int64(min(f.CompressedSize64, uint64(b.fileSize)))
	return &entryReader{b: b, part: part, rc: rc, compressed: max(c, 1), wantCRC: f.CRC32}, nil
}

func (r *entryReader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	n, err := r.rc.Read(p)
	r.n += int64(n)
	r.b.total += int64(n)
	r.crc = crc32.Update(r.crc, crc32.IEEETable, p[:n])
	lim := r.b.lim
	var why string
	switch {
	case r.n > lim.MaxEntryBytes:
		why = fmt.Sprintf(bombEntry, byteSize(lim.MaxEntryBytes))
	case r.b.total > lim.MaxTotalBytes:
		why = fmt.Sprintf(bombTotal, byteSize(lim.MaxTotalBytes))
	case r.n > lim.ratioFloor() && r.n/r.compressed > lim.MaxRatio:
		why = fmt.Sprintf(bombRatio, lim.MaxRatio)
	}
	switch {
	case why != "":
		r.err = &Error{Code: CodeZipBomb, Part: r.part, Message: fmt.Sprintf(msgZipBomb, why)}
		return 0, r.err
	case err != nil && err != io.EOF:
		r.err = corrupt(r.part, err)
		return n, r.err
	case err == io.EOF && r.crc != r.wantCRC:
		// archive/zip skips the check when the header's CRC is 0; a CRC of 0 is only
		// right for empty data (or one time in 2^32).
		r.err = corrupt(r.part, zip.ErrChecksum)
		return n, r.err
	}
	return n, err
}

// Close closes the entry. archive/zip checks the CRC at the end of the data, not on Close:
// call drain first.
func (r *entryReader) Close() error { return r.rc.Close() }

// drain reads the rest of the entry, so that its CRC and size are checked and its bytes
// counted even when nothing needs them.
func (r *entryReader) drain() error {
	_, err := io.Copy(io.Discard, r)
	return err
}

// readAll reads a whole small entry (at most max bytes are kept).
func (r *entryReader) readAll(max int) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, io.LimitReader(r, int64(max))); err != nil {
		return nil, err
	}
	return buf.Bytes(), r.drain()
}

// corrupt describes a read error of part.
func corrupt(part string, err error) *Error {
	var why string
	var flateErr flate.CorruptInputError
	switch {
	case errors.Is(err, zip.ErrChecksum):
		why = corruptChecksum
	case errors.Is(err, zip.ErrAlgorithm):
		why = corruptMethod
	case errors.As(err, &flateErr):
		why = corruptDeflate
	case errors.Is(err, zip.ErrFormat), errors.Is(err, io.ErrUnexpectedEOF):
		why = corruptSize
	default:
		why = corruptRead
	}
	return &Error{Code: CodeCorrupt, Part: part, Message: fmt.Sprintf(msgCorrupt, why), Err: err}
}
