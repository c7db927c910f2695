// Command selfeval produces departments' 部门整体支出绩效自评 reports from their submitted
// workbooks: see `selfeval --help` and the README.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"
)

func main() {
	tuneGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	app := newApp(os.Stdout, os.Stderr)
	err := app.RunContext(ctx, reorderArgs(app, doubleClickArgs(runtime.GOOS, os.Args)))
	stop()
	if err != nil && err != errSomeFailed {
		fmt.Fprintln(os.Stderr, "错误：", err)
	}
	os.Exit(exitCode(err))
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

// gcMemoryLimit is the heap size above which the collector works harder (issue: peak RSS ≤ 300 MB).
const gcMemoryLimit = 240 << 20
