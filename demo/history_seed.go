package demo

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// Pipeline is the application as the demo history uses it: the same use
// cases a respondent and the staff reach through the API, each acting as
// of the given day (its clock reads that day). The demo writes only
// through it, so every response is validated, analysed by the theme
// engine, counted in the rollups and checked for risk exactly as a real
// one. demo/apiseed provides it over today's api.Server.
type Pipeline interface {
	// Submit stores a response; created is false for a resend of a stored
	// id.
	Submit(ctx context.Context, day time.Time, slug string, sub survey.Submission) (created bool, err error)
	// StartReview moves a team's quarterly report to panel review.
	StartReview(ctx context.Context, day time.Time, team, quarter string) error
	// CommentOnReview adds a panel member's comment to a review.
	CommentOnReview(ctx context.Context, day time.Time, team, quarter, text string) error
	// DecideQuote approves or rejects a candidate quote as a panel member.
	DecideQuote(ctx context.Context, day time.Time, team, quarter, quote string, approve bool) error
	// Publish publishes the report under review.
	Publish(ctx context.Context, day time.Time, team, quarter string) error
	// RecordAction records a "you said, we did" action for a team.
	RecordAction(ctx context.Context, day time.Time, team string, a Action) error
	// AcknowledgeAlert records that the safeguarding contact dealt with an
	// alert.
	AcknowledgeAlert(ctx context.Context, day time.Time, id string) error
}

// Action is an action as the demo records it.
type Action struct {
	Quarter, Theme, Description, Owner, Status string
}

// Stats counts what SeedHistory did.
type Stats struct {
	Planned   int  // responses in the plan
	Created   int  // responses stored by this run (0 when already seeded)
	Published int  // reports published by this run
	Actions   int  // actions recorded by this run
	Skipped   bool // the history was complete already
}

// markerCollection keeps the demo's own bookkeeping: one document saying
// that the history is complete, so that a restart does not redo it.
const markerCollection = "demo"

// markerID names the history's marker document; a new version of the
// history would use a new one.
const markerID = "history-v1"

// SeedHistory gives the demo trust a year and a half of feedback as of
// today: the planned responses (Plan) submitted through p, then for every
// finished quarter the report moved to review, quotes decided, actions
// recorded and the report published, and the risk alerts of finished
// quarters acknowledged. It is idempotent: once complete it writes a
// marker and later runs return at once; an interrupted run resumes, as
// resent responses are not stored twice and each workflow step is taken
// only from the state before it. Progress lines go to progress.
func SeedHistory(ctx context.Context, st *store.Store, p Pipeline, today time.Time, h History, progress io.Writer) (Stats, error) {
	var stats Stats
	if seeded, err := HistorySeeded(ctx, st); err != nil || seeded {
		stats.Skipped = seeded
		return stats, err
	}
	sv, err := st.LatestPublished(ctx, SurveySlug)
	if err != nil {
		return stats, err
	}
	org, err := st.FindOrganisation(ctx, Organisation.Slug)
	if err != nil {
		return stats, err
	}
	cal := org.Settings.Calendar()
	plan := Plan(sv, cal, today, h)
	for _, qp := range plan {
		stats.Planned += len(qp.Responses)
	}
	start := time.Now()
	fmt.Fprintf(progress, "Seeding the demo's history: %d responses over %d team quarters...\n", stats.Planned, len(plan))
	w := workflow{st: st, p: p, cal: cal, today: today}
	// Quarter by quarter, as it happened: a quarter's reports are reviewed
	// and published before the next quarter's responses arrive.
	for _, quarter := range byQuarter(plan) {
		n, err := submitAll(ctx, p, quarter)
		stats.Created += n
		if err != nil {
			return stats, err
		}
		for _, qp := range quarter {
			if err := w.quarter(ctx, qp, &stats); err != nil {
				return stats, fmt.Errorf("demo: %s %s: %w", qp.Team, qp.Quarter.Key(), err)
			}
		}
		fmt.Fprintf(progress, "  %s: %d responses, reports and actions done (%.1f s)\n",
			cal.Label(quarter[0].Quarter), responsesIn(quarter), time.Since(start).Seconds())
	}
	if err := w.acknowledgeAlerts(ctx); err != nil {
		return stats, err
	}
	fmt.Fprintf(progress, "  history complete in %.1f s: %d responses, %d reports published, %d actions.\n",
		time.Since(start).Seconds(), stats.Planned, stats.Published, stats.Actions)
	return stats, markHistory(ctx, st, today, stats.Planned)
}

// byQuarter groups the plan by quarter, oldest first.
func byQuarter(plan []QuarterPlan) [][]QuarterPlan {
	var out [][]QuarterPlan
	index := map[string]int{}
	for _, qp := range plan {
		i, ok := index[qp.Quarter.Key()]
		if !ok {
			i = len(out)
			index[qp.Quarter.Key()] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], qp)
	}
	return out
}

func responsesIn(qps []QuarterPlan) int {
	n := 0
	for _, qp := range qps {
		n += len(qp.Responses)
	}
	return n
}

// submitAll submits one quarter's responses from seedWorkers goroutines at
// once, as many phones would: the ingest writer commits what queues as one
// group (one write per rollup document for the whole group), so the more
// that arrive together, the fewer writes. It returns how many responses
// were new.
func submitAll(ctx context.Context, p Pipeline, quarter []QuarterPlan) (int, error) {
	type job struct {
		team, quarter string
		r             Planned
	}
	jobs := make(chan job)
	var (
		mu       sync.Mutex
		created  int
		firstErr error
		wg       sync.WaitGroup
	)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range seedWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				c, err := p.Submit(ctx, j.r.Day, SurveySlug, j.r.Sub)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = fmt.Errorf("demo: submit %s %s: %w", j.team, j.quarter, err)
					cancel()
				}
				if c {
					created++
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for _, qp := range quarter {
		for _, r := range qp.Responses {
			select {
			case jobs <- job{team: qp.Team, quarter: qp.Quarter.Key(), r: r}:
			case <-ctx.Done():
				break feed
			}
		}
	}
	close(jobs)
	wg.Wait()
	return created, firstErr
}

// seedWorkers is how many responses the seed submits at once.
const seedWorkers = 32

// HistorySeeded reports whether the marker of a complete history exists.
func HistorySeeded(ctx context.Context, st *store.Store) (bool, error) {
	n, err := st.Database().Collection(markerCollection).CountDocuments(ctx, bson.M{"_id": markerID})
	if err != nil {
		return false, fmt.Errorf("demo: read the history marker: %w", err)
	}
	return n > 0, nil
}

// markHistory writes the marker: the day the history was seeded as of and
// how many responses it planned (a date, as for responses: nothing more
// precise).
func markHistory(ctx context.Context, st *store.Store, today time.Time, responses int) error {
	_, err := st.Database().Collection(markerCollection).UpdateOne(ctx, bson.M{"_id": markerID},
		bson.M{"$set": bson.M{"seeded_as_of": today.Format("2006-01-02"), "responses": responses}},
		optionsUpsert())
	if err != nil {
		return fmt.Errorf("demo: write the history marker: %w", err)
	}
	return nil
}
