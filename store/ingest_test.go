package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chorus-nhs/chorus/demo"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// seeded opens a store with the demo trust and its published survey.
func seeded(t *testing.T) (*store.Store, int) {
	t.Helper()
	st := storetest.Open(t)
	if err := demo.Seed(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	sv, err := st.LatestPublished(context.Background(), "quarterly-feedback")
	if err != nil {
		t.Fatal(err)
	}
	return st, sv.Version
}

// response is a demo response for a team; risky adds a comment flagged
// for risk.
func response(id, team string, version int, risky bool) *store.Response {
	r := &store.Response{ID: id, Survey: "quarterly-feedback", Version: version, Organisation: "demo-trust",
		Service: "community-mental-health", Team: team, Quarter: "2026-27-Q3", Date: "2026-11-22", Language: "en",
		Role: "carer", Answers: bson.M{"role": "carer", "fft": "good", "good": "Kind staff."},
		Comments: []store.Comment{{Question: "good", Themes: []string{}, Major: []string{}, Sentiment: 2, Redacted: "Kind staff."}}}
	if risky {
		r.Comments[0].RiskFlag, r.Comments[0].RiskKind = true, "self_harm"
	}
	return r
}

func uuid(i int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", i) }

func mustCheck(t *testing.T, st *store.Store) {
	t.Helper()
	bad, err := st.CheckRollups(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Fatalf("rollups differ from a recount: %v", bad)
	}
}

func total(t *testing.T, st *store.Store, team string) int {
	t.Helper()
	r, err := st.ReadRollup(context.Background(), team, "2026-27-Q3")
	if err != nil {
		t.Fatal(err)
	}
	return r.Total
}

func TestCommitGroup(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		st, v := seeded(t)
		g := store.NewGroup([]*store.Response{response(uuid(1), "north-cmht", v, false), response(uuid(2), "south-cmht", v, true)})
		res, err := st.CommitGroup(ctx, g)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Created[0] || !res.Created[1] || len(res.Alerts) != 1 {
			t.Fatalf("created %v, %d alerts; want both created and 1 alert", res.Created, len(res.Alerts))
		}
		if err := st.FinishGroup(ctx, g.ID, res); err != nil {
			t.Fatal(err)
		}
		if got := total(t, st, "north-cmht"); got != 1 {
			t.Fatalf("north total = %d, want 1", got)
		}
		mustCheck(t, st)
	})
	t.Run("Resend", func(t *testing.T) {
		st, v := seeded(t)
		first := response(uuid(1), "north-cmht", v, false)
		if _, err := st.CommitGroup(ctx, store.NewGroup([]*store.Response{first})); err != nil {
			t.Fatal(err)
		}
		again := response(uuid(1), "north-cmht", v, false)
		again.Answers["fft"] = "poor"
		res, err := st.CommitGroup(ctx, store.NewGroup([]*store.Response{again, response(uuid(3), "north-cmht", v, false)}))
		if err != nil {
			t.Fatal(err)
		}
		if res.Created[0] || !res.Created[1] {
			t.Fatalf("created = %v, want [false true]", res.Created)
		}
		if got := res.Stored[0].Answers["fft"]; got != "good" {
			t.Fatalf("resend answered with %v, want the stored first copy", got)
		}
		if got := total(t, st, "north-cmht"); got != 2 {
			t.Fatalf("total = %d, want 2", got)
		}
		mustCheck(t, st)
	})
}

// TestGroupCrashPoints stops a group after each of its steps, as kill -9
// would, then recovers as a restart does: the rollups equal a recount and
// each alert exists once.
func TestGroupCrashPoints(t *testing.T) {
	ctx := context.Background()
	steps := []string{"journal", "insert", "fold", "finish"}
	for stop := range steps {
		t.Run("After_"+steps[stop], func(t *testing.T) {
			st, v := seeded(t)
			// An earlier response, so that the group holds a resend too.
			if _, err := st.CommitGroup(ctx, store.NewGroup([]*store.Response{response(uuid(9), "north-cmht", v, false)})); err != nil {
				t.Fatal(err)
			}
			g := store.NewGroup([]*store.Response{response(uuid(1), "north-cmht", v, true),
				response(uuid(2), "north-cmht", v, false), response(uuid(9), "north-cmht", v, false)})
			must(t, st.BeginGroupForTest(ctx, g))
			if stop >= 1 {
				res, err := st.InsertGroupForTest(ctx, g)
				must(t, err)
				if stop >= 2 {
					must(t, st.FoldForTest(ctx, g, res))
				}
				if stop >= 3 {
					must(t, st.FinishGroup(ctx, g.ID, res))
				}
			}
			// Restart: recover twice, as two restarts in a row would.
			for range 2 {
				if _, _, err := st.RecoverGroups(ctx, true); err != nil {
					t.Fatal(err)
				}
			}
			want := 1
			if stop >= 1 {
				want = 3
			}
			if got := total(t, st, "north-cmht"); got != want {
				t.Fatalf("total = %d, want %d", got, want)
			}
			mustCheck(t, st)
			alerts, n, err := st.ListAlerts(ctx, store.AlertFilter{Team: "north-cmht"})
			must(t, err)
			wantAlerts := int64(0)
			if stop >= 1 {
				wantAlerts = 1 // uuid(1)'s risky comment, once
			}
			if n != wantAlerts {
				t.Fatalf("%d alerts (%v), want %d", n, alerts, wantAlerts)
			}
			left, err := st.Database().Collection("ingest_groups").CountDocuments(ctx, bson.M{})
			must(t, err)
			raw, err := st.Database().Collection("rollups").FindOne(ctx, bson.M{"_id": "north-cmht|2026-27-Q3"}).Raw()
			must(t, err)
			if left != 0 {
				t.Fatalf("%d journals left after recovery", left)
			}
			if _, err := raw.LookupErr("applied", "g"+g.ID); err == nil {
				t.Fatalf("the finished group's mark is still on the rollup: %s", raw)
			}
		})
	}
}

// TestRecoverGroupsLease leaves another process's journal alone while its
// lease runs (several replicas on one MongoDB).
func TestRecoverGroupsLease(t *testing.T) {
	ctx := context.Background()
	st, v := seeded(t)
	g := store.NewGroup([]*store.Response{response(uuid(1), "north-cmht", v, false)})
	must(t, st.BeginGroupForTest(ctx, g))
	if _, n, err := st.RecoverGroups(ctx, false); err != nil || n != 0 {
		t.Fatalf("recovered %d groups (%v) inside their lease, want 0", n, err)
	}
	if _, n, err := st.RecoverGroups(ctx, true); err != nil || n != 1 {
		t.Fatalf("recovered %d groups (%v), want 1", n, err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
