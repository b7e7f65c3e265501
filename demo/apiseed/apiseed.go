// Package apiseed is the demo history's demo.Pipeline over the use cases:
// responses go through app.Submissions (validation, theme engine, and the
// ingest writer's group commit with rollups and alerts) and every staff
// step through the same app call the API and the pages make
// (authorisation, checks and audit included), acting as two short-lived
// API tokens named for the demo's manager and panel member.
package apiseed

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/demo"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/themes"
)

// Pipeline implements demo.Pipeline with an app.App whose clock reads
// the day of each call.
type Pipeline struct {
	st  *store.Store
	log *slog.Logger
	// pin, when set, pins the store's clock (demo.Clock.Pin) during a
	// staff step, so that stored dates fall on the step's day.
	pin func(time.Time)
	// mu makes staff steps one at a time: the store's clock is shared.
	mu sync.Mutex

	manager, panel *app.Staff
	tokens         []string
	// ingest is the one writer of responses, rollups and alerts while the
	// demo seeds (the server starts its own afterwards).
	ingest *app.Ingest
}

// New issues the two tokens, valid until the day after today. pin may be
// nil (the store then dates reviews and publications by its own clock).
func New(ctx context.Context, st *store.Store, today time.Time, pin func(time.Time), log *slog.Logger) (*Pipeline, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	p := &Pipeline{st: st, log: log, pin: pin, ingest: app.NewIngest(st, app.IngestOptions{Logger: log})}
	if err := p.ingest.Start(ctx); err != nil {
		return nil, fmt.Errorf("apiseed: start the ingest writer: %w", err)
	}
	expires := today.Add(24 * time.Hour).UTC()
	var err error
	if p.manager, err = p.issue(ctx, "Demo service manager (history seed)", expires,
		app.PermReadReport, app.PermManageReport, app.PermSafeguarding); err != nil {
		return nil, err
	}
	if p.panel, err = p.issue(ctx, "Demo panel member (history seed)", expires, app.PermReadReport, app.PermReviewReport); err != nil {
		return nil, err
	}
	return p, nil
}

// issue stores a token (its secret is never used: the seed acts as the
// token's staff member directly) and returns who it makes the bearer.
func (p *Pipeline) issue(ctx context.Context, name string, expires time.Time, scopes ...string) (*app.Staff, error) {
	_, hash := app.NewAPIToken()
	t, err := p.st.CreateToken(ctx, store.APIToken{Hash: hash, Name: name, Organisation: demo.Organisation.Slug,
		Scopes: scopes, CreatedBy: "chorus serve --demo", Expires: expires})
	if err != nil {
		return nil, fmt.Errorf("apiseed: issue a token: %w", err)
	}
	p.tokens = append(p.tokens, t.ID)
	return app.TokenStaff(t), nil
}

// Close drains the ingest writer and revokes the tokens.
func (p *Pipeline) Close(ctx context.Context) error {
	if err := p.ingest.Close(ctx); err != nil {
		return err
	}
	for _, id := range p.tokens {
		if err := p.st.RevokeToken(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// at returns the use cases with a clock that reads day, pinning the
// store's clock to it too; done undoes the pin.
func (p *Pipeline) at(day time.Time) (a *app.App, done func()) {
	p.mu.Lock()
	if p.pin != nil {
		p.pin(day)
	}
	return app.New(app.Config{Store: p.st, Logger: p.log, Now: func() time.Time { return day }}), func() {
		if p.pin != nil {
			p.pin(time.Time{})
		}
		p.mu.Unlock()
	}
}

// Submit stores a response through app.Submissions, dated day.
func (p *Pipeline) Submit(ctx context.Context, day time.Time, slug string, sub survey.Submission) (bool, error) {
	_, created, err := app.NewSubmissions(p.st, p.ingest, func() time.Time { return day }, themes.Default()).Submit(ctx, slug, sub)
	return created, err
}

// StartReview sends a team's quarter to panel review, as the manager.
func (p *Pipeline) StartReview(ctx context.Context, day time.Time, team, quarter string) error {
	a, done := p.at(day)
	defer done()
	_, err := a.StartReview(ctx, p.manager, team, quarter)
	return named("start review", team, quarter, err)
}

// CommentOnReview adds a panel comment to a review, as the panel.
func (p *Pipeline) CommentOnReview(ctx context.Context, day time.Time, team, quarter, text string) error {
	a, done := p.at(day)
	defer done()
	_, err := a.AddReviewComment(ctx, p.panel, team, quarter, text)
	return named("comment on review", team, quarter, err)
}

// DecideQuote approves or rejects a candidate quote, as the panel.
func (p *Pipeline) DecideQuote(ctx context.Context, day time.Time, team, quarter, quote string, approve bool) error {
	decision := store.QuoteRejected
	if approve {
		decision = store.QuoteApproved
	}
	a, done := p.at(day)
	defer done()
	_, err := a.DecideQuote(ctx, p.panel, team, quarter, quote, decision)
	return named("decide quote", team, quarter, err)
}

// Publish publishes a team's quarter, as the manager.
func (p *Pipeline) Publish(ctx context.Context, day time.Time, team, quarter string) error {
	a, done := p.at(day)
	defer done()
	_, err := a.Publish(ctx, p.manager, team, quarter, "")
	return named("publish", team, quarter, err)
}

// RecordAction records a "you said, we did" action, as the manager.
func (p *Pipeline) RecordAction(ctx context.Context, day time.Time, team string, in demo.Action) error {
	a, done := p.at(day)
	defer done()
	t, err := a.TeamFor(ctx, p.manager, app.PermManageReport, team)
	if err == nil {
		_, err = a.CreateAction(ctx, p.manager, t, app.ActionInput{Quarter: in.Quarter, Theme: in.Theme,
			Description: in.Description, Owner: in.Owner, Status: in.Status})
	}
	return named("record action", team, in.Quarter, err)
}

// AcknowledgeAlert acknowledges a risk alert, as the manager.
func (p *Pipeline) AcknowledgeAlert(ctx context.Context, day time.Time, id string) error {
	a, done := p.at(day)
	defer done()
	_, err := a.AcknowledgeAlert(ctx, p.manager, id)
	return named("acknowledge alert", id, "", err)
}

// named says which step failed.
func named(step, what, quarter string, err error) error {
	if err != nil {
		return fmt.Errorf("apiseed: %s %s %s: %w", step, what, quarter, err)
	}
	return nil
}

var _ demo.Pipeline = (*Pipeline)(nil)
