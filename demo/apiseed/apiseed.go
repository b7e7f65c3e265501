// Package apiseed is the demo history's demo.Pipeline over today's
// application: responses go through app.Submissions (validation, theme
// engine, and the ingest writer's group commit with rollups and alerts)
// and every staff step through the real API routes (authorisation, checks
// and audit included), acting with two short-lived API tokens named for
// the demo's manager and panel member.
//
// This is the one file to repoint as the use cases move out of api into
// app/: each staff method below becomes one app call.
package apiseed

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/demo"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/themes"
)

// Pipeline implements demo.Pipeline with an api.Server whose clock reads
// the day of each call.
type Pipeline struct {
	st  *store.Store
	log *slog.Logger
	// pin, when set, pins the store's clock (demo.Clock.Pin) during a
	// staff step, so that stored dates fall on the step's day.
	pin func(time.Time)
	// mu makes staff steps one at a time: the store's clock is shared.
	mu sync.Mutex

	manager, panel string // bearer secrets
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
		api.PermReadReport, api.PermManageReport, api.PermSafeguarding); err != nil {
		return nil, err
	}
	if p.panel, err = p.issue(ctx, "Demo panel member (history seed)", expires, api.PermReadReport, api.PermReviewReport); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Pipeline) issue(ctx context.Context, name string, expires time.Time, scopes ...string) (string, error) {
	secret, hash := api.NewAPIToken()
	t, err := p.st.CreateToken(ctx, store.APIToken{Hash: hash, Name: name, Organisation: demo.Organisation.Slug,
		Scopes: scopes, CreatedBy: "chorus serve --demo", Expires: expires})
	if err != nil {
		return "", fmt.Errorf("apiseed: issue a token: %w", err)
	}
	p.tokens = append(p.tokens, t.ID)
	return secret, nil
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

// server is an API server whose clock reads day, sharing the ingest writer.
func (p *Pipeline) server(day time.Time) *api.Server {
	return api.New(api.Config{Store: p.st, Logger: p.log, Now: func() time.Time { return day }, Ingest: p.ingest})
}

// Submit stores a response through app.Submissions, dated day.
func (p *Pipeline) Submit(ctx context.Context, day time.Time, slug string, sub survey.Submission) (bool, error) {
	_, created, err := app.NewSubmissions(p.st, p.ingest, func() time.Time { return day }, themes.Default()).Submit(ctx, slug, sub)
	return created, err
}

// StartReview is POST /api/v1/teams/{team}/reports/{quarter}/review.
func (p *Pipeline) StartReview(ctx context.Context, day time.Time, team, quarter string) error {
	return p.call(ctx, day, p.manager, "/teams/"+team+"/reports/"+quarter+"/review", nil)
}

// CommentOnReview is POST …/reports/{quarter}/comments, as the panel.
func (p *Pipeline) CommentOnReview(ctx context.Context, day time.Time, team, quarter, text string) error {
	return p.call(ctx, day, p.panel, "/teams/"+team+"/reports/"+quarter+"/comments", map[string]string{"text": text})
}

// DecideQuote is POST …/quotes/{quote}/approve or /reject, as the panel.
func (p *Pipeline) DecideQuote(ctx context.Context, day time.Time, team, quarter, quote string, approve bool) error {
	verb := "reject"
	if approve {
		verb = "approve"
	}
	return p.call(ctx, day, p.panel, "/teams/"+team+"/reports/"+quarter+"/quotes/"+quote+"/"+verb, nil)
}

// Publish is POST …/reports/{quarter}/publish.
func (p *Pipeline) Publish(ctx context.Context, day time.Time, team, quarter string) error {
	return p.call(ctx, day, p.manager, "/teams/"+team+"/reports/"+quarter+"/publish", nil)
}

// RecordAction is POST /api/v1/teams/{team}/actions.
func (p *Pipeline) RecordAction(ctx context.Context, day time.Time, team string, a demo.Action) error {
	return p.call(ctx, day, p.manager, "/teams/"+team+"/actions", map[string]string{"quarter": a.Quarter, "theme": a.Theme,
		"description": a.Description, "owner": a.Owner, "status": a.Status})
}

// AcknowledgeAlert is POST /api/v1/alerts/{id}/acknowledge.
func (p *Pipeline) AcknowledgeAlert(ctx context.Context, day time.Time, id string) error {
	return p.call(ctx, day, p.manager, "/alerts/"+id+"/acknowledge", nil)
}

// call sends one staff POST through the real router, as of day, and turns
// an error answer into an error naming the route.
func (p *Pipeline) call(ctx context.Context, day time.Time, token, path string, body any) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pin != nil {
		p.pin(day)
		defer p.pin(time.Time{})
	}
	var buf bytes.Buffer
	if body != nil {
		if err := json.NewEncoder(&buf).Encode(body); err != nil {
			return err
		}
	}
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/api/v1"+path, &buf)
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	e := api.NewEcho(p.log)
	p.server(day).Register(e)
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	if rec.Code >= 300 {
		return fmt.Errorf("apiseed: POST %s: %d %s", path, rec.Code, bytes.TrimSpace(rec.Body.Bytes()))
	}
	return nil
}

var _ demo.Pipeline = (*Pipeline)(nil)
