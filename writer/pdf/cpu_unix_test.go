//go:build unix

package pdf

import "syscall"

// processCPU returns the CPU time the process has used (user + system), in ns, so that
// benchmarks can report CPU per operation, which a busy machine does not distort.
func processCPU() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
