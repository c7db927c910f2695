// Command selfeval produces departments' 部门整体支出绩效自评 reports from their submitted
// workbooks: see `selfeval --help` and the README.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"

	"selfeval/batch"
)

func main() {
	tuneGC()
	ctx, stop := notifyContext()
	app := newApp(os.Stdout, os.Stderr)
	err := app.RunContext(ctx, reorderArgs(app, doubleClickArgs(runtime.GOOS, os.Args)))
	stop()
	if err != nil && err != errSomeFailed && !errors.Is(err, batch.ErrInterrupted) {
		fmt.Fprintln(os.Stderr, "错误：", err)
	}
	os.Exit(exitCode(err, context.Cause(ctx)))
}

// notifyContext returns a context cancelled, with the signal as its cause, on the first
// SIGINT (Ctrl-C) or SIGTERM. The signals go back to their default then, so a second
// Ctrl-C ends the process at once.
func notifyContext() (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-sigs:
			signal.Stop(sigs)
			cancel(signalError{s})
		case <-ctx.Done():
		}
	}()
	return ctx, func() { signal.Stop(sigs); cancel(nil) }
}

// tuneGC trades some memory for CPU. A batch allocates heavily (gofpdf, excelize) while
// its live heap stays small, so collecting less often saves about a tenth of the CPU; the
// soft memory limit keeps the peak bounded whatever the batch size. Settings the user
// made with GOGC or GOMEMLIMIT are left alone.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(gcMemoryLimit)
	}
}

// gcMemoryLimit is the memory of the Go runtime above which the collector works harder:
// peak RSS stays under 250 MB (issues 5 and 12) whatever the batch size. RSS also holds
// the program's own pages (about 15 MB), so at 224 MiB a batch of 5,000 peaked at 241–249
// MB; at 208 MiB it keeps a margin.
const gcMemoryLimit = 208 << 20
