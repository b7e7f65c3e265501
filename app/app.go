package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/themes"
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
	// Ingest is the store's running ingest writer, through which
	// submissions are stored. Nil: App.Submissions is nil (no submitting).
	Ingest *Ingest
	// Themes is the theme engine that analyses submitted comments.
	// Default: themes.Default(), loaded by New.
	Themes *themes.Engine
}

// App is the use-case layer.
type App struct {
	store     *store.Store
	log       *slog.Logger
	now       func() time.Time
	onPublish func(ctx context.Context, v *store.ReportVersion)
	// disclosure makes every report of a quarter from its one decision.
	disclosure *Disclosure
	// submissions is the respondents' use case (nil without an Ingest).
	submissions *Submissions
}

// New returns an App.
func New(cfg Config) *App {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	a := &App{store: cfg.Store, log: cfg.Logger, now: cfg.Now, onPublish: cfg.OnPublish,
		disclosure: NewDisclosure(cfg.Store)}
	if cfg.Ingest != nil {
		a.submissions = NewSubmissions(cfg.Store, cfg.Ingest, cfg.Now, cfg.Themes)
	}
	return a
}

// Store returns the store, for adapters' reads that are not yet use cases.
func (a *App) Store() *store.Store { return a.store }

// Now returns the App's clock reading.
func (a *App) Now() time.Time { return a.now() }

// Disclosure returns the quarter decisions the reports are taken from.
func (a *App) Disclosure() *Disclosure { return a.disclosure }

// Submissions returns the respondents' submission use case (nil when the
// App was made without an ingest writer).
func (a *App) Submissions() *Submissions { return a.submissions }
