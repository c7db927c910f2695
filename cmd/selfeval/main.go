// Command selfeval produces departments' 部门整体支出绩效自评 reports from their submitted
// workbooks: see `selfeval --help` and the README.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	app := newApp(os.Stdout, os.Stderr)
	err := app.RunContext(ctx, reorderArgs(app, os.Args))
	stop()
	if err != nil && err != errSomeFailed {
		fmt.Fprintln(os.Stderr, "错误：", err)
	}
	os.Exit(exitCode(err))
}
