package inspect

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
)

// Inspect checks the file at path and returns what it learned, or a *Error (use errors.As)
// saying why the file is refused. It reads the zip with archive/zip itself, streaming every
// entry to its end through counting readers, so the checks are on the bytes actually
// inflated, never on the sizes the headers claim. It writes nothing.
func Inspect(path string, lim Limits) (*Report, error) {
	// Stat before opening: opening a FIFO or device for reading may block or never end.
	st, err := os.Stat(path)
	if err != nil {
		return nil, &Error{Code: CodeUnreadable, Message: msgUnreadable, Err: err}
	}
	if !st.Mode().IsRegular() {
		return nil, &Error{Code: CodeUnreadable, Message: msgNotRegular}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{Code: CodeUnreadable, Message: msgUnreadable, Err: err}
	}
	defer f.Close() // read-only: nothing to flush
	st, err = f.Stat()
	if err != nil {
		return nil, &Error{Code: CodeUnreadable, Message: msgUnreadable, Err: err}
	}
	return inspect(context.Background(), f, st.Size(), lim, nil)
}

// InspectBytes is Inspect for a file already in memory.
func InspectBytes(data []byte, lim Limits) (*Report, error) {
	return inspect(context.Background(), bytes.NewReader(data), int64(len(data)), lim, nil)
}

// File inspects the file at path. It returns nil or a *Error (use errors.As).
func File(path string, lim Limits) error {
	_, err := Inspect(path, lim)
	return err
}

// Bytes is File for data already in memory.
func Bytes(data []byte, lim Limits) error {
	_, err := InspectBytes(data, lim)
	return err
}

// inspectWith is InspectBytes keeping the worksheets' contents within g (nil: none) and
// stopping when ctx is done.
func inspectWith(ctx context.Context, data []byte, lim Limits, g *Grid) (*Report, error) {
	return inspect(ctx, bytes.NewReader(data), int64(len(data)), lim, g)
}

// inspect checks, in order: empty, what the first bytes say the file is, then the zip.
// It returns a nil error or a *Error, never another type, or, when ctx is done, an error
// wrapping ctx.Err().
func inspect(ctx context.Context, r io.ReaderAt, size int64, lim Limits, g *Grid) (*Report, error) {
	if size == 0 {
		return nil, &Error{Code: CodeEmpty, Message: msgEmpty}
	}
	lim = lim.WithDefaults()
	head := make([]byte, min(size, sniffLen))
	if n, err := r.ReadAt(head, 0); n < len(head) {
		return nil, &Error{Code: CodeUnreadable, Message: msgUnreadable, Err: err}
	}
	switch k, e := sniff(head); k {
	case kindZip:
	case kindOLE:
		return nil, classifyOLE(r, size)
	default:
		return nil, e
	}
	rep, err := inspectZip(ctx, r, size, &lim, g)
	if err != nil {
		if cerr := ctxError(ctx); cerr != nil {
			return nil, cerr
		}
		return nil, asError(err)
	}
	return rep, nil
}

// asError returns err as a *Error (nil for nil). Every refusal is built as one; anything
// else reaching here is a read error of the underlying file.
func asError(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: CodeUnreadable, Message: msgUnreadable, Err: err}
}
