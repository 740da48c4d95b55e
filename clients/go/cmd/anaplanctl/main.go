// Command anaplanctl is a command-line client of anaplan-grpc, for the jobs
// operators did with Anaplan Connect: list a model's objects, upload files,
// run imports, exports, actions and processes, watch tasks and fetch dumps.
//
// Usage:
//
//	anaplanctl [global flags] COMMAND [ARGS] [flags]
//
// Exit codes: 0 ok, 1 other error, 2 usage, 3 not found, 4 invalid
// argument, 5 authentication or permission, 6 task failed, 7 unavailable or
// timeout. Run `anaplanctl help` for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
