package apiseed_test

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/demo"
	"github.com/chorus-nhs/chorus/demo/apiseed"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// today is the fixed day the tests seed as of: mid-November, so the
// current quarter (Q3 2026/27) is half done.
var today = time.Date(2026, time.November, 18, 12, 0, 0, 0, survey.DefaultCalendar().Location)

// small is the history the tests seed: fewer quarters and responses than
// the demo (two past quarters, a fifth of the responses), the same code.
var small = demo.History{PastQuarters: 2, Scale: 0.2}

// seeded is a store seeded with the demo trust and the small history.
type seeded struct {
	st    *store.Store
	clock *demo.Clock
	stats demo.Stats
}

func seedNew(t *testing.T) *seeded {
	t.Helper()
	s := &seeded{clock: &demo.Clock{}}
	s.st = storetest.Open(t, s.clock.Now)
	if err := demo.Seed(context.Background(), s.st); err != nil {
		t.Fatalf("demo.Seed: %v", err)
	}
	s.stats = s.seed(t)
	return s
}

// seed runs the history seed once more on the same store.
func (s *seeded) seed(t *testing.T) demo.Stats {
	t.Helper()
	ctx := context.Background()
	p, err := apiseed.New(ctx, s.st, today, s.clock.Pin, nil)
	if err != nil {
		t.Fatalf("apiseed.New: %v", err)
	}
	stats, err := demo.SeedHistory(ctx, s.st, p, today, small, io.Discard)
	if err != nil {
		t.Fatalf("SeedHistory: %v", err)
	}
	if err := p.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return stats
}

// counts is what the seed leaves behind, to compare runs.
type counts struct {
	Responses, Alerts, Open, Actions, Versions int64
	Reviews                                    map[string]string // team/quarter → status
}

func (s *seeded) counts(t *testing.T) counts {
	t.Helper()
	ctx := context.Background()
	db := s.st.Database()
	n := func(col string, f bson.M) int64 {
		c, err := db.Collection(col).CountDocuments(ctx, f)
		if err != nil {
			t.Fatalf("count %s: %v", col, err)
		}
		return c
	}
	out := counts{Responses: n("responses", bson.M{}), Alerts: n("alerts", bson.M{}), Open: n("alerts", bson.M{"status": store.AlertOpen}),
		Actions: n("actions", bson.M{}), Versions: n("report_versions", bson.M{}), Reviews: map[string]string{}}
	cur, err := db.Collection("report_reviews").Find(ctx, bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	var rs []store.Review
	if err := cur.All(ctx, &rs); err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		out.Reviews[r.Team+"/"+r.Quarter] = r.Status
	}
	return out
}

// rollups reads every rollup of the demo teams for the seeded quarters.
func (s *seeded) rollups(t *testing.T) map[string]survey.Rollup {
	t.Helper()
	teams := make([]string, len(demo.Teams))
	for i, tm := range demo.Teams {
		teams[i] = tm.Slug
	}
	cal := survey.DefaultCalendar()
	var quarters []string
	for _, q := range cal.LastQuarters(cal.QuarterOf(today), small.PastQuarters+1) {
		quarters = append(quarters, q.Key())
	}
	rs, err := s.st.ReadRollupsByQuarter(context.Background(), teams, quarters)
	if err != nil {
		t.Fatalf("ReadRollupsByQuarter: %v", err)
	}
	return rs
}

// TestSeedHistory seeds the small history through the real API and checks
// what a newcomer would find, that the rollups equal a recount from the
// responses, that a second seed of a fresh store stores the same, and
// that seeding again (with or without the completion marker) changes
// nothing.
func TestSeedHistory(t *testing.T) {
	s := seedNew(t)
	ctx := context.Background()
	want := s.counts(t)
	if s.stats.Created != s.stats.Planned || want.Responses != int64(s.stats.Planned) || s.stats.Planned == 0 {
		t.Fatalf("stats %+v, %d responses stored: want every planned response stored once", s.stats, want.Responses)
	}

	t.Run("Workflow", func(t *testing.T) {
		// Two finished quarters, four teams: all published but South's
		// latest, left in review.
		if want.Versions != 7 || len(want.Reviews) != 8 {
			t.Errorf("versions %d, reviews %v: want 7 published of 8 reviews", want.Versions, want.Reviews)
		}
		if got := want.Reviews["south-cmht/2026-27-Q2"]; got != survey.ReportInReview {
			t.Errorf("south-cmht 2026-27-Q2 is %q, want in review", got)
		}
		if want.Actions != 16 {
			t.Errorf("actions = %d, want two per reviewed quarter (16)", want.Actions)
		}
		// Every planned risk comment raised an alert (the risk detector may
		// raise more, for comments it asks a person to check); those of
		// finished quarters are acknowledged, the current quarter's open.
		risks, current := plannedRisks(t)
		alerts := s.st.Database().Collection("alerts")
		currentAlerts, err := alerts.CountDocuments(ctx, bson.M{"quarter": survey.DefaultCalendar().QuarterOf(today).Key()})
		if err != nil {
			t.Fatal(err)
		}
		acknowledged, err := alerts.CountDocuments(ctx, bson.M{"status": store.AlertAcknowledged})
		if err != nil {
			t.Fatal(err)
		}
		if risks == 0 || current == 0 || want.Alerts < int64(risks) || currentAlerts < int64(current) || want.Open < int64(current) ||
			acknowledged != want.Alerts-currentAlerts {
			t.Errorf("alerts = %d (%d open, %d acknowledged, %d in the current quarter); want at least %d, at least %d open in the current quarter, every earlier one acknowledged",
				want.Alerts, want.Open, acknowledged, currentAlerts, risks, current)
		}
		v, err := s.st.FindReportVersion(ctx, "crisis-team", "2026-27-Q2", 0)
		if err != nil {
			t.Fatal(err)
		}
		var rep struct {
			Quotes    []survey.Quote  `json:"quotes"`
			Actions   []survey.Action `json:"actions"`
			Published string          `json:"published"`
		}
		if err := json.Unmarshal([]byte(v.Report), &rep); err != nil {
			t.Fatal(err)
		}
		if len(rep.Quotes) == 0 || len(rep.Actions) != 2 {
			t.Errorf("published crisis-team report: %d quotes, %d actions; want approved quotes and 2 actions", len(rep.Quotes), len(rep.Actions))
		}
		// Published fifteen days after the quarter ended, by the pinned clock.
		if rep.Published != "2026-10-16" {
			t.Errorf("published %q, want 2026-10-16", rep.Published)
		}
	})

	t.Run("RollupsEqualRecount", func(t *testing.T) {
		before := s.rollups(t)
		st, err := s.st.Rebuild(ctx, "")
		if err != nil {
			t.Fatalf("Rebuild: %v", err)
		}
		if st.Responses != int(want.Responses) {
			t.Errorf("rebuild read %d responses, want %d", st.Responses, want.Responses)
		}
		if after := s.rollups(t); !reflect.DeepEqual(before, after) {
			t.Errorf("rollups differ from a recount of the responses:\nincremental %+v\nrecount     %+v", before, after)
		}
	})

	t.Run("Deterministic", func(t *testing.T) {
		other := seedNew(t)
		if got, want := responses(t, other.st), responses(t, s.st); !reflect.DeepEqual(got, want) {
			t.Errorf("a second fresh seed stored different responses (%d vs %d)", len(got), len(want))
		}
		if got := other.counts(t); !reflect.DeepEqual(got, want) {
			t.Errorf("a second fresh seed: %+v, want %+v", got, want)
		}
		if got, want := approved(t, other.st), approved(t, s.st); !reflect.DeepEqual(got, want) || len(want) == 0 {
			t.Errorf("approved quotes differ: %v vs %v", got, want)
		}
	})

	t.Run("Idempotent", func(t *testing.T) {
		if again := s.seed(t); !again.Skipped || again.Created != 0 {
			t.Errorf("second seed: %+v, want skipped", again)
		}
		if got := s.counts(t); !reflect.DeepEqual(got, want) {
			t.Errorf("after a second seed: %+v, want %+v", got, want)
		}
		// Without the marker (an interrupted first run), every response is a
		// resend and every workflow step is already taken.
		if _, err := s.st.Database().Collection("demo").DeleteOne(ctx, bson.M{"_id": "history-v1"}); err != nil {
			t.Fatal(err)
		}
		if again := s.seed(t); again.Skipped || again.Created != 0 || again.Published != 0 || again.Actions != 0 {
			t.Errorf("seed without the marker: %+v, want nothing new", again)
		}
		if got := s.counts(t); !reflect.DeepEqual(got, want) {
			t.Errorf("after a seed without the marker: %+v, want %+v", got, want)
		}
	})
}

// plannedRisks counts the risk comments of the small history, and those
// in the current quarter.
func plannedRisks(t *testing.T) (all, current int) {
	t.Helper()
	sv, err := demo.Survey()
	if err != nil {
		t.Fatal(err)
	}
	for _, qp := range demo.Plan(sv, survey.DefaultCalendar(), today, small) {
		for _, r := range qp.Responses {
			if r.Risk {
				all++
				if qp.Current {
					current++
				}
			}
		}
	}
	return all, current
}

// storedResponse is what a response keeps, for comparing two seeds.
type storedResponse struct {
	ID      string         `bson:"_id"`
	Team    string         `bson:"team"`
	Quarter string         `bson:"quarter"`
	Date    string         `bson:"date"`
	Answers map[string]any `bson:"answers"`
}

func responses(t *testing.T, st *store.Store) []storedResponse {
	t.Helper()
	ctx := context.Background()
	cur, err := st.Database().Collection("responses").Find(ctx, bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	var out []storedResponse
	if err := cur.All(ctx, &out); err != nil {
		t.Fatal(err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func approved(t *testing.T, st *store.Store) []string {
	t.Helper()
	var out []string
	for _, team := range demo.Teams {
		r, err := st.FindReview(context.Background(), team.Slug, "2026-27-Q2")
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range r.Approved() {
			out = append(out, q.ID)
		}
	}
	return out
}

// TestSeedFullTiming seeds the whole demo history and logs how long it
// took; it runs only with CHORUS_DEMO_TIMING=1 (docs/dashboard.md).
func TestSeedFullTiming(t *testing.T) {
	if os.Getenv("CHORUS_DEMO_TIMING") == "" {
		t.Skip("set CHORUS_DEMO_TIMING=1 to time the full demo history")
	}
	clock := &demo.Clock{}
	st := storetest.Open(t, clock.Now)
	ctx := context.Background()
	if err := demo.Seed(ctx, st); err != nil {
		t.Fatal(err)
	}
	p, err := apiseed.New(ctx, st, today, clock.Pin, nil)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	stats, err := demo.SeedHistory(ctx, st, p, today, demo.History{}, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("full history %+v in %.1f s", stats, time.Since(start).Seconds())
}
