//go:build unix

// Package cputime reads the CPU time the process has used, so that benchmarks can report
// CPU per operation: on a shared machine that stays meaningful when wall time does not.
package cputime

import (
	"syscall"
	"time"
)

// Process returns the user + system CPU time the process has used so far.
func Process() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
