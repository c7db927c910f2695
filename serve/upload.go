package serve

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"selfeval/reader/inspect"
)

// refusal is an uploaded file (or zip entry) that was not taken, with the reason.
type refusal struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// uploader streams a batch's files into its input folder. Every file goes through root,
// so no name, however crafted, lands outside the folder; names are cleaned first so that
// they are also valid on Windows.
type uploader struct {
	root    *os.Root
	lim     Limits
	files   int      // files taken, zip entries included
	inputs  []string // top-level files and folders, in order of arrival
	seen    map[string]bool
	refused []refusal
	tmp     string // folder for zips while they are unpacked (outside root)
}

// errUploadTooLarge means the request body went past MaxUploadBytes.
var errUploadTooLarge = errors.New("upload too large")

// readMultipart takes every part of the request: a "path" field names the file part that
// follows it (the folder-relative name; multipart's own file name loses the folders).
func (u *uploader) readMultipart(mr *multipart.Reader) error {
	pending := ""
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return bodyError(err)
		}
		switch p.FormName() {
		case "path":
			b, err := io.ReadAll(io.LimitReader(p, 4096))
			if err != nil {
				return bodyError(err)
			}
			pending = string(b)
		case "file":
			name := pending
			if name == "" {
				name = rawFileName(p)
			}
			pending = ""
			if err := u.take(name, p); err != nil {
				return err
			}
		}
		p.Close()
	}
}

// bodyError tells a body over the limit from a malformed one.
func bodyError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return errUploadTooLarge
	}
	return err
}

// rawFileName is the part's file name as sent: Part.FileName keeps only the last element.
func rawFileName(p *multipart.Part) string {
	_, params, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
	if err != nil {
		return p.FileName()
	}
	return params["filename"]
}

// take saves one uploaded file, or unpacks it when it is a zip. A file refused for its
// name, size or count is recorded and the upload goes on.
func (u *uploader) take(name string, src io.Reader) error {
	rel, ok := cleanRel(name)
	if !ok {
		u.refuse(name, msgBadName)
		return nil
	}
	if strings.EqualFold(path.Ext(rel), ".zip") {
		return u.takeZip(rel, src)
	}
	if u.files >= u.lim.MaxFiles {
		u.refuse(rel, fmt.Sprintf(msgTooManyFiles, u.lim.MaxFiles))
		return nil
	}
	saved, n, err := u.save(rel, src)
	if err != nil {
		return err
	}
	if n > u.lim.MaxFileBytes {
		u.refuse(rel, fmt.Sprintf(msgFileTooLarge, megabytes(u.lim.MaxFileBytes)))
		return nil
	}
	u.files++
	top, _, nested := strings.Cut(saved, "/")
	if !nested {
		top = saved
	}
	u.addInput(top)
	return nil
}

// takeZip writes the zip to a temporary file, then unpacks it into a folder named after it
// (a.zip → a/), which becomes one input, searched like any folder.
func (u *uploader) takeZip(rel string, src io.Reader) error {
	f, err := os.CreateTemp(u.tmp, "upload-*.zip")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	n, err := io.Copy(f, src)
	if err != nil {
		if bodyError(err) == errUploadTooLarge {
			return errUploadTooLarge
		}
		return err
	}
	dest := strings.TrimSuffix(rel, path.Ext(rel))
	dest = u.unique(dest)
	if err := u.unzip(f, n, rel, dest); err != nil {
		return err
	}
	return nil
}

// unzip unpacks the zip zf (of size bytes) into dest inside root, within the limits: at
// most MaxFiles entries in all, MaxFileBytes per entry, MaxUploadBytes together. An entry
// over a limit, with a bad name or not a regular file is refused by name.
func (u *uploader) unzip(zf *os.File, size int64, zipName, dest string) error {
	// archive/zip allocates one File per central directory header it finds, whatever the end
	// record says; counting the headers' signature first bounds that (as reader/inspect does).
	headers, err := inspect.CountZipEntries(zf, size, u.lim.MaxFiles+1)
	if err != nil {
		return err
	}
	if headers > u.lim.MaxFiles-u.files {
		u.refuse(zipName, fmt.Sprintf(msgZipTooManyFiles, u.lim.MaxFiles))
		return nil
	}
	zr, err := zip.NewReader(zf, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // names are cleaned below
		u.refuse(zipName, msgBadZip)
		return nil
	}
	var inflated int64
	took := false
	for _, e := range zr.File {
		name := entryName(e)
		display := zipName + "/" + name
		if strings.HasSuffix(name, "/") || e.FileInfo().IsDir() {
			continue
		}
		if !e.Mode().IsRegular() {
			u.refuse(display, msgNotRegular)
			continue
		}
		rel, ok := cleanRel(name)
		if !ok {
			u.refuse(display, msgBadName)
			continue
		}
		if e.UncompressedSize64 > uint64(u.lim.MaxFileBytes) {
			u.refuse(display, fmt.Sprintf(msgFileTooLarge, megabytes(u.lim.MaxFileBytes)))
			continue
		}
		if inflated+int64(e.UncompressedSize64) > u.lim.MaxUploadBytes {
			u.refuse(display, fmt.Sprintf(msgZipTooLarge, megabytes(u.lim.MaxUploadBytes)))
			continue
		}
		rc, err := e.Open()
		if err != nil {
			u.refuse(display, msgBadZip)
			continue
		}
		_, n, err := u.save(dest+"/"+rel, rc)
		rc.Close()
		if err != nil {
			// archive/zip reports data that does not match its header (size, checksum)
			// as a read error: the entry is damaged, the upload goes on.
			if errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) || errors.Is(err, zip.ErrAlgorithm) {
				u.refuse(display, msgBadZip)
				continue
			}
			return err
		}
		inflated += n
		if n > u.lim.MaxFileBytes {
			u.refuse(display, fmt.Sprintf(msgFileTooLarge, megabytes(u.lim.MaxFileBytes)))
			continue
		}
		u.files++
		took = true
	}
	if took {
		top, _, _ := strings.Cut(dest, "/")
		u.addInput(top)
	} else if len(zr.File) == 0 {
		u.refuse(zipName, msgEmptyZip)
	}
	return nil
}

// save copies src to rel inside root (a unique name if rel is taken), at most
// MaxFileBytes+1 bytes: n > MaxFileBytes means the file was too large and was removed.
// It returns the name used.
func (u *uploader) save(rel string, src io.Reader) (string, int64, error) {
	rel = u.unique(rel)
	if dir := path.Dir(rel); dir != "." {
		if err := u.root.MkdirAll(dir, 0o755); err != nil {
			return "", 0, err
		}
	}
	f, err := u.root.OpenFile(rel, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", 0, err
	}
	n, err := io.Copy(f, io.LimitReader(src, u.lim.MaxFileBytes+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil || n > u.lim.MaxFileBytes {
		u.root.Remove(rel)
	}
	if err != nil {
		if bodyError(err) == errUploadTooLarge {
			return "", 0, errUploadTooLarge
		}
		return "", 0, err
	}
	u.seen[rel] = true
	return rel, n, nil
}

// unique returns rel, or rel with " (2)", " (3)" … before its extension when a file or
// folder of that name was already taken in this batch.
func (u *uploader) unique(rel string) string {
	taken := func(r string) bool {
		if u.seen[r] {
			return true
		}
		_, err := u.root.Stat(r)
		return err == nil
	}
	if !taken(rel) {
		return rel
	}
	ext := path.Ext(rel)
	base := strings.TrimSuffix(rel, ext)
	for i := 2; ; i++ {
		c := fmt.Sprintf("%s (%d)%s", base, i, ext)
		if !taken(c) {
			return c
		}
	}
}

func (u *uploader) addInput(top string) {
	if !u.seen["\x00"+top] {
		u.seen["\x00"+top] = true
		u.inputs = append(u.inputs, top)
	}
}

func (u *uploader) refuse(name, reason string) {
	u.refused = append(u.refused, refusal{Name: name, Reason: reason})
}

// entryName is a zip entry's name as its author saw it: Windows' own zip tool writes names
// in the ANSI code page (GBK on Chinese Windows) without the UTF-8 flag.
func entryName(e *zip.File) string {
	if e.NonUTF8 || !utf8.ValidString(e.Name) {
		if s, err := simplifiedchinese.GB18030.NewDecoder().String(e.Name); err == nil {
			return s
		}
	}
	return e.Name
}

// cleanRel turns an uploaded name into a relative, slash-separated path that is valid on
// Windows and Linux, or reports that it cannot: dot-dot elements, control characters or
// invalid UTF-8 are refused, not repaired, since no honest upload has them.
func cleanRel(name string) (string, bool) {
	name = strings.ReplaceAll(name, `\`, "/")
	var parts []string
	for _, p := range strings.Split(name, "/") {
		if p == "" || p == "." {
			continue
		}
		if p == ".." || !utf8.ValidString(p) {
			return "", false
		}
		var b strings.Builder
		for _, r := range p {
			switch {
			case unicode.IsControl(r):
				return "", false
			case strings.ContainsRune(`<>:"|?*`, r):
				b.WriteRune('_')
			default:
				b.WriteRune(r)
			}
		}
		p = strings.TrimRight(b.String(), " .") // Windows drops these
		if p == "" || len(p) > 240 {
			return "", false
		}
		if reservedName(p) {
			p = "_" + p
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 || len(parts) > 32 {
		return "", false
	}
	return strings.Join(parts, "/"), true
}

// reservedName reports Windows' device names (CON, NUL, COM1 … with any extension).
func reservedName(p string) bool {
	base, _, _ := strings.Cut(strings.ToUpper(p), ".")
	switch base {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	return len(base) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) && base[3] >= '1' && base[3] <= '9'
}

// megabytes prints a byte limit for users: 64 MB, 1 GB.
func megabytes(n int64) string {
	if n >= 1<<30 && n%(1<<30) == 0 {
		return fmt.Sprintf("%d GB", n>>30)
	}
	return fmt.Sprintf("%d MB", n>>20)
}
