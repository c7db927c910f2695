//go:build unix

package reader

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user + system) the process has used so far, so that
// benchmarks can report CPU per operation, which stays meaningful on a busy machine.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
