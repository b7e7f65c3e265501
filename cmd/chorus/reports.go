package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/chorus-nhs/chorus/survey"
)

const reportsUsage = `Usage: chorus reports rebuild [--quarter 2026-27-Q3] [--data-dir DIR]

Recomputes the team × quarter rollups that reports are read from, from the
stored responses: every quarter, or only --quarter. Use it to repair the
rollups if an update at submission failed (the server logs "rollup update
failed"), or to check them: the result equals the incremental counts. With
the embedded store, stop the server first. Reads CHORUS_MONGODB_URI and
CHORUS_MONGODB_DATABASE like chorus serve.
`

// runReports runs `chorus reports rebuild [--quarter Q]` against the store
// that `chorus serve` would use.
func runReports(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "rebuild" {
		if len(args) > 0 && args[0] != "help" && args[0] != "-h" && args[0] != "--help" {
			fmt.Fprintf(stderr, "chorus reports: unknown command %q\n\n", args[0])
		}
		fmt.Fprint(stderr, reportsUsage)
		return errUsage
	}
	fs := flag.NewFlagSet("reports rebuild", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := Config{DataDir: getenv("CHORUS_DATA_DIR"), MongoURI: getenv("CHORUS_MONGODB_URI"), Database: getenv("CHORUS_MONGODB_DATABASE")}
	if cfg.DataDir == "" {
		cfg.DataDir = "./chorus-data"
	}
	if cfg.Database == "" {
		cfg.Database = "chorus"
	}
	fs.StringVar(&cfg.DataDir, "data-dir", cfg.DataDir, "directory of the embedded store")
	quarter := fs.String("quarter", "", "only this quarter, e.g. 2026-27-Q3 (default: every quarter)")
	if err := fs.Parse(args[1:]); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("reports rebuild: unexpected argument %q", fs.Arg(0))
	}
	st, emb, err := openStore(ctx, cfg, slog.New(slog.DiscardHandler), nil)
	if emb != nil {
		defer emb.Close()
	}
	if err != nil {
		return err
	}
	defer st.Close(context.Background())
	start := time.Now()
	stats, err := st.Rebuild(ctx, *quarter)
	if code := survey.ErrorCode(err); code != "" && code != survey.EINTERNAL {
		return fmt.Errorf("reports rebuild: %s", survey.ErrorMessage(err))
	} else if err != nil {
		return fmt.Errorf("reports rebuild: %w", err)
	}
	scope := "every quarter"
	if *quarter != "" {
		scope = "quarter " + *quarter
	}
	fmt.Fprintf(stdout, "Rebuilt %d rollups from %d responses (%s); removed %d with no responses left; took %s.\n",
		stats.Rollups, stats.Responses, scope, stats.Deleted, time.Since(start).Round(time.Millisecond))
	return nil
}
