//go:build !unix

// Package cputime reads the CPU time the process has used, so that benchmarks can report
// CPU per operation: on a shared machine that stays meaningful when wall time does not.
package cputime

import "time"

// Process returns 0: CPU time is not measured on this platform.
func Process() time.Duration { return 0 }
