// Command chorus is the one binary of Chorus: the server, the demo, the
// theme engine's tools and administration commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // Europe/London must work on scratch images too
)

const usage = `Chorus: co-production feedback for mental-health services.

Usage:
  chorus serve [--addr 127.0.0.1:8080] [--data-dir DIR] [--demo]
  chorus admin create-org|create-service|create-team|create-user|reset-password|issue-token|revoke-token [flags]
  chorus reports rebuild [--quarter 2026-27-Q3] [--data-dir DIR]
  chorus themes train|eval|predict|analyse [flags]
  chorus load (--url http://127.0.0.1:8080 | --serve) [--duration 30s | --requests N] [--concurrency 16] [--json]
  chorus help

Configuration is read from flags and CHORUS_* environment variables; see the
README for the table.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "chorus:", err)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

// run dispatches a command line.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	switch args[0] {
	case "serve":
		m := NewMain(stdout, stderr)
		if err := m.ParseFlags(args[1:], getenv); err != nil {
			return err
		}
		if err := m.Run(ctx); err != nil {
			m.Close()
			return err
		}
		<-ctx.Done()
		return m.Close()
	case "admin":
		return runAdmin(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "reports":
		return runReports(ctx, args[1:], getenv, stdout, stderr)
	case "themes":
		return runThemes(ctx, args[1:], stdin, stdout, stderr)
	case "load":
		return runLoad(ctx, args[1:], getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "chorus: unknown command %q\n\n%s", args[0], usage)
	return errUsage
}
