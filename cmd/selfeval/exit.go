package main

import (
	"errors"
	"fmt"
)

// Exit codes (SPEC §2).
const (
	exitOK      = 0 // every department succeeded
	exitFailed  = 1 // at least one department failed; the others were written
	exitUsage   = 2 // usage or configuration error; nothing written
	exitUnknown = 1
)

// usageError is a usage or configuration problem: nothing was written.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// errSomeFailed means some inputs failed; their errors were already reported.
var errSomeFailed = errors.New("部分文件处理失败")

func exitCode(err error) int {
	var u usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &u):
		return exitUsage
	case errors.Is(err, errSomeFailed):
		return exitFailed
	}
	return exitUnknown
}
