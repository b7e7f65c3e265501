// Package app holds the use cases of Chorus, between the adapters (the
// JSON API in package api, the pages in package webui) and the store:
// reports, the report workflow, actions, alerts, co-design, survey
// management, organisations, accounts and tokens. Each staff method takes
// the acting staff member, authorises and audits inside, and returns
// domain values; the adapters choose the JSON or HTML shape.
package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/chorus-nhs/chorus/store"
)

// Config holds what the use cases need.
type Config struct {
	Store  *store.Store
	Logger *slog.Logger
	// Now is the clock. Default: time.Now.
	Now func() time.Time
	// OnPublish, when set, is called once a report version is published,
	// to notify the team; it should only queue deliveries.
	OnPublish func(ctx context.Context, v *store.ReportVersion)
}

// App is the use-case layer.
type App struct {
	store     *store.Store
	log       *slog.Logger
	now       func() time.Time
	onPublish func(ctx context.Context, v *store.ReportVersion)
}

// New returns an App.
func New(cfg Config) *App {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &App{store: cfg.Store, log: cfg.Logger, now: cfg.Now, onPublish: cfg.OnPublish}
}

// Store returns the store, for adapters' reads that are not yet use cases.
func (a *App) Store() *store.Store { return a.store }

// Now returns the App's clock reading.
func (a *App) Now() time.Time { return a.now() }
