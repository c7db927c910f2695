package main

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"selfeval/batch"
)

// Exit codes (SPEC §2).
const (
	exitOK      = 0 // every department succeeded
	exitFailed  = 1 // at least one department failed; the others were written
	exitUsage   = 2 // usage or configuration error; nothing written
	exitUnknown = 1
	// exitInterrupted is 128 + SIGINT, the shell's code for Ctrl-C; SIGTERM gives 128 + 15.
	exitInterrupted = 130
)

// signalError is the cause of a context cancelled by a signal.
type signalError struct{ sig os.Signal }

func (e signalError) Error() string { return "收到信号 " + e.sig.String() }

// usageError is a usage or configuration problem: nothing was written.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// errSomeFailed means some inputs failed; their errors were already reported.
var errSomeFailed = errors.New("部分文件处理失败")

// exitCode is the process's exit code for the error a command returned; cause is the
// cancellation cause of its context (a signalError when a signal stopped it).
func exitCode(err, cause error) int {
	var u usageError
	var sig signalError
	signalled := errors.As(cause, &sig)
	switch {
	case signalled || errors.Is(err, batch.ErrInterrupted):
		if s, ok := sig.sig.(syscall.Signal); ok {
			return 128 + int(s)
		}
		return exitInterrupted
	case err == nil:
		return exitOK
	case errors.As(err, &u):
		return exitUsage
	case errors.Is(err, errSomeFailed):
		return exitFailed
	}
	return exitUnknown
}
