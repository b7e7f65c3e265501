package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/chorus-nhs/chorus/demo"
	"github.com/chorus-nhs/chorus/demo/apiseed"
	"github.com/chorus-nhs/chorus/store"
)

// seedDemoHistory seeds the demo's year and a half of feedback through the
// real pipeline (demo.SeedHistory over demo/apiseed), with the store's
// clock pinned to each staff step's day. It prints progress to out and
// does nothing once the history is complete.
func seedDemoHistory(ctx context.Context, st *store.Store, clock *demo.Clock, out io.Writer, log *slog.Logger) (err error) {
	if seeded, err := demo.HistorySeeded(ctx, st); err != nil || seeded {
		if seeded {
			fmt.Fprintln(out, "The demo's history was seeded before; nothing to add.")
		}
		return err
	}
	today, err := demoToday(ctx, st)
	if err != nil {
		return err
	}
	var pin func(time.Time)
	if clock != nil {
		pin = clock.Pin
	}
	p, err := apiseed.New(ctx, st, today, pin, log)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, p.Close(context.WithoutCancel(ctx))) }()
	if _, err := demo.SeedHistory(ctx, st, p, today, demo.History{}, out); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	return nil
}
