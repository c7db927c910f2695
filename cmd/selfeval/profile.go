package main

import (
	"os"
	"runtime/pprof"

	"github.com/urfave/cli/v2"
)

// cpuProfileFlag is the hidden --cpuprofile flag of run and summary, for developers
// finding where a batch spends its time.
var cpuProfileFlag = &cli.StringFlag{Name: "cpuprofile", Hidden: true, Usage: "write a CPU profile (for developers)"}

// profiled runs action under a CPU profile when --cpuprofile is given.
func profiled(action cli.ActionFunc) cli.ActionFunc {
	return func(c *cli.Context) error {
		if path := c.String(cpuProfileFlag.Name); path != "" {
			stop, err := startCPUProfile(path)
			if err != nil {
				return usageError{err}
			}
			defer stop()
		}
		return action(c)
	}
}

// startCPUProfile writes a CPU profile to path until the returned stop is called
// (the hidden --cpuprofile flag, for finding where a batch spends its time).
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
