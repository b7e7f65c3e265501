package api_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// clock is a settable clock for the server, so that submissions can fall
// in different quarters.
type clock struct{ t atomic.Int64 }

func (c *clock) set(t time.Time)  { c.t.Store(t.UnixNano()) }
func (c *clock) now() time.Time   { return time.Unix(0, c.t.Load()) }
func newClock(t time.Time) *clock { c := &clock{}; c.set(t); return c }

// reportHarness is newHarness with a settable clock and an alert hook.
func reportHarness(t *testing.T) (*harness, *clock, *alertLog) {
	t.Helper()
	clk := newClock(fixedNow())
	alerts := &alertLog{}
	h := newHarness(t, api.Config{OnAlert: alerts.add})
	// Rebuild the server on the same store with the settable clock.
	e := api.NewEcho(nil)
	api.New(api.Config{Store: h.store, AdminToken: adminToken, Now: clk.now, OnAlert: alerts.add, SubmitRate: 100000}).Register(e)
	h.srv.Config.Handler = e
	return h, clk, alerts
}

type alertLog struct {
	mu sync.Mutex
	as []store.Alert
}

func (l *alertLog) add(_ context.Context, a store.Alert) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.as = append(l.as, a)
}

func (l *alertLog) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.as)
}

var commentPool = []string{
	"Staff were kind and listened to me",
	"The waiting time was far too long",
	"The food on the ward was cold",
	"My nurse Sarah Jones explained my medication clearly",
	"Parking was impossible",
	"Nobody called me back when I rang the team",
	"They involved my family in planning my care",
	"",
}

// randomResponse is a valid response to the all-types survey.
func randomResponse(rng *rand.Rand, team string) map[string]any {
	role := []string{"service_user", "service_user", "carer", "other"}[rng.IntN(4)]
	fft := survey.FFTAnswers[rng.IntN(6)]
	a := map[string]any{"role": role, "fft": fft}
	if rng.IntN(3) > 0 {
		a["listened"] = 1 + rng.IntN(5)
	}
	if rng.IntN(2) == 0 {
		a["safety"] = 1 + rng.IntN(10)
	}
	if rng.IntN(3) == 0 {
		a["contacts"] = rng.IntN(20)
	}
	if rng.IntN(2) == 0 {
		var picks []string
		for _, v := range []string{"medication", "housing", "talking"} {
			if rng.IntN(2) == 0 {
				picks = append(picks, v)
			}
		}
		if len(picks) > 0 {
			a["helped_with"] = picks
		}
	}
	if c := commentPool[rng.IntN(len(commentPool))]; c != "" {
		a["good"] = c
	}
	if rng.IntN(3) == 0 {
		a["improve"] = commentPool[rng.IntN(len(commentPool)-1)]
	}
	if role == "carer" {
		a["carer_involved"] = rng.IntN(2) == 0
	}
	return map[string]any{"id": uuid(rng), "team": team, "language": "en", "answers": a}
}

func uuid(rng *rand.Rand) string {
	return fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", rng.Uint32(), rng.Uint32()&0xffff, rng.Uint32()&0xfff, rng.Uint32()&0xfff, rng.Uint64()&0xffffffffffff)
}

// rawRollups reads every rollup document as stored.
func rawRollups(t *testing.T, st *store.Store) map[string]survey.Rollup {
	t.Helper()
	ctx := context.Background()
	cur, err := st.Database().Collection("rollups").Find(ctx, bson.M{})
	must(t, err)
	var docs []struct {
		Team    string `bson:"team"`
		Quarter string `bson:"quarter"`
	}
	must(t, cur.All(ctx, &docs))
	out := map[string]survey.Rollup{}
	for _, d := range docs {
		r, err := st.ReadRollup(ctx, d.Team, d.Quarter)
		must(t, err)
		out[d.Team+"|"+d.Quarter] = r
	}
	return out
}

// TestRebuildEqualsIncremental submits a few hundred varied responses
// through the API across two teams and three quarters (with resends),
// then rebuilds the rollups from the responses and compares them exactly.
func TestRebuildEqualsIncremental(t *testing.T) {
	h, clk, _ := reportHarness(t)
	rng := rand.New(rand.NewPCG(7, 11))
	const path = "/api/v1/public/surveys/all-types/responses"
	created := 0
	var sent []map[string]any
	quarters := []time.Time{
		time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC),  // 2026-27-Q1
		time.Date(2026, 8, 1, 9, 0, 0, 0, time.UTC),    // 2026-27-Q2
		time.Date(2026, 11, 22, 14, 0, 0, 0, time.UTC), // 2026-27-Q3
	}
	for i := range 300 {
		clk.set(quarters[i%3])
		team := []string{"crisis-team", "north-cmht"}[rng.IntN(2)]
		body := randomResponse(rng, team)
		if i%25 == 0 && len(sent) > 0 {
			body = sent[rng.IntN(len(sent))] // a resend: counted once
		}
		status, out, _ := h.do("POST", path, body)
		switch status {
		case http.StatusCreated:
			created++
			sent = append(sent, body)
		case http.StatusOK:
		default:
			t.Fatalf("submission %d: status %d: %v", i, status, out)
		}
	}
	incremental := rawRollups(t, h.store)
	total := 0
	for _, r := range incremental {
		total += r.Total
	}
	if total != created || len(incremental) != 6 {
		t.Fatalf("rollups count %d responses in %d documents, want %d in 6", total, len(incremental), created)
	}
	// A stale rollup with no responses behind it is removed by a rebuild.
	_, err := h.store.Database().Collection("rollups").InsertOne(context.Background(),
		bson.M{"_id": "crisis-team|2025-26-Q4", "team": "crisis-team", "quarter": "2025-26-Q4", "total": 3})
	must(t, err)

	stats, err := h.store.Rebuild(context.Background(), "")
	must(t, err)
	if stats.Responses != created || stats.Rollups != 6 || stats.Deleted != 1 {
		t.Errorf("rebuild stats = %+v, want %d responses, 6 rollups, 1 deleted", stats, created)
	}
	rebuilt := rawRollups(t, h.store)
	if !reflect.DeepEqual(rebuilt, incremental) {
		for k := range incremental {
			if !reflect.DeepEqual(rebuilt[k], incremental[k]) {
				t.Errorf("%s differs:\nincremental %+v\nrebuilt     %+v", k, incremental[k], rebuilt[k])
			}
		}
		t.Fatalf("rebuilt rollups differ from the incremental ones (%d vs %d documents)", len(rebuilt), len(incremental))
	}
	// One quarter only leaves the others alone.
	stats, err = h.store.Rebuild(context.Background(), "2026-27-Q2")
	must(t, err)
	if stats.Rollups != 2 || !reflect.DeepEqual(rawRollups(t, h.store), incremental) {
		t.Errorf("rebuild of one quarter: %+v", stats)
	}
	if _, err := h.store.Rebuild(context.Background(), "2026-Q9"); survey.ErrorCode(err) != survey.EINVALID {
		t.Errorf("rebuild of a bad quarter: err = %v, want invalid", err)
	}
	// Themes were counted: the comment pool names staff, waiting and food.
	q3 := incremental["crisis-team|2026-27-Q3"]
	if q3.Comments == 0 || len(q3.ThemeSentiment) == 0 || len(q3.RoleTheme) == 0 {
		t.Errorf("no comments or themes counted: %+v", q3)
	}
}

func TestReportEndpoints(t *testing.T) {
	h, _, _ := reportHarness(t)
	rng := rand.New(rand.NewPCG(3, 4))
	for range 14 {
		body := randomResponse(rng, "crisis-team")
		body["answers"].(map[string]any)["fft"] = "very_good"
		if status, out, _ := h.do("POST", "/api/v1/public/surveys/all-types/responses", body); status != http.StatusCreated {
			t.Fatalf("status %d: %v", status, out)
		}
	}
	for range 6 {
		body := randomResponse(rng, "north-cmht")
		body["answers"].(map[string]any)["fft"] = "poor"
		if status, out, _ := h.do("POST", "/api/v1/public/surveys/all-types/responses", body); status != http.StatusCreated {
			t.Fatalf("status %d: %v", status, out)
		}
	}
	t.Run("MinBase", func(t *testing.T) {
		// By default (min_base 10) north-cmht's 6 responses show no figure,
		// and crisis-team's total is hidden too: else the service total
		// minus crisis-team would give north-cmht away.
		_, rep := h.staff("GET", "/api/v1/teams/north-cmht/reports/2026-27-Q3", nil)
		sup := rep["suppression"].(map[string]any)
		res := rep["responses"].(map[string]any)
		if sup["below_min_base"] != true || sup["min_base"] != float64(10) || res["total"] != nil || res["reason"] != survey.ReasonBelowMinBase {
			t.Errorf("north-cmht below the minimum base: responses %v, suppression %v", res, sup)
		}
		_, rep = h.staff("GET", "/api/v1/teams/crisis-team/reports/2026-27-Q3", nil)
		res = rep["responses"].(map[string]any)
		if res["total"] != nil || res["reason"] != survey.ReasonProtectsOther {
			t.Errorf("crisis-team responses %v, want hidden to protect north-cmht", res)
		}
		_, svc := h.staff("GET", "/api/v1/services/cmh/reports/2026-27-Q3", nil)
		if svc["responses"].(map[string]any)["total"] != float64(20) {
			t.Errorf("service total = %v, want 20", svc["responses"])
		}
		// The rest of this test reads the teams with a minimum base of 5.
		status, out := h.staff("PATCH", "/api/v1/organisations/trust", map[string]any{"settings": map[string]any{"min_base": 5}})
		if status != http.StatusOK {
			t.Fatalf("set min_base: %d %v", status, out)
		}
	})
	t.Run("Team", func(t *testing.T) {
		status, rep := h.staff("GET", "/api/v1/teams/crisis-team/reports/2026-27-Q3", nil)
		if status != http.StatusOK {
			t.Fatalf("status = %d: %v", status, rep)
		}
		if rep["quarter"] != "2026-27-Q3" || rep["status"] != "draft" || rep["label"] != "Q3 2026/27 (Oct–Dec 2026)" {
			t.Errorf("quarter/status/label = %v/%v/%v", rep["quarter"], rep["status"], rep["label"])
		}
		res := rep["responses"].(map[string]any)
		if res["total"] != float64(14) || res["by_role"] == nil {
			t.Errorf("responses = %v", res)
		}
		pos := rep["fft"].(map[string]any)["positive"].(map[string]any)
		if pos["count"] != float64(14) || pos["percent"] != float64(100) || pos["low"] == nil || pos["high"] != float64(100) {
			t.Errorf("fft.positive = %v", pos)
		}
		if _, ok := rep["themes"].([]any); !ok {
			t.Errorf("themes = %v", rep["themes"])
		}
		scope := rep["scope"].(map[string]any)
		if scope["level"] != "team" || scope["slug"] != "crisis-team" {
			t.Errorf("scope = %v", scope)
		}
		qs := rep["questions"].([]any)
		if len(qs) != 12 || qs[0].(map[string]any)["id"] != "role" {
			t.Errorf("questions: %d, first %v", len(qs), qs[0])
		}
	})
	t.Run("ServiceSumsTeams", func(t *testing.T) {
		status, rep := h.staff("GET", "/api/v1/services/cmh/reports/2026-27-Q3", nil)
		if status != http.StatusOK {
			t.Fatalf("status = %d: %v", status, rep)
		}
		if rep["responses"].(map[string]any)["total"] != float64(20) {
			t.Errorf("service total = %v, want 20", rep["responses"])
		}
		neg := rep["fft"].(map[string]any)["negative"].(map[string]any)
		if neg["count"] != float64(6) || neg["percent"] != float64(30) {
			t.Errorf("service fft.negative = %v", neg)
		}
		status, rep = h.staff("GET", "/api/v1/organisations/trust/reports/2026-27-Q3", nil)
		if status != http.StatusOK || rep["responses"].(map[string]any)["total"] != float64(20) || rep["scope"].(map[string]any)["level"] != "organisation" {
			t.Errorf("organisation report: %d %v", status, rep["responses"])
		}
	})
	t.Run("SmallTeamSuppressed", func(t *testing.T) {
		// north-cmht has 6 responses: counts of 5 or more are shown, no
		// percentage at all (fewer than 10).
		_, rep := h.staff("GET", "/api/v1/teams/north-cmht/reports/2026-27-Q3", nil)
		neg := rep["fft"].(map[string]any)["negative"].(map[string]any)
		if neg["count"] != float64(6) || neg["percent"] != nil || rep["suppression"].(map[string]any)["percentages"] != false {
			t.Errorf("fft.negative = %v, suppression %v", neg, rep["suppression"])
		}
	})
	t.Run("EmptyQuarter", func(t *testing.T) {
		status, rep := h.staff("GET", "/api/v1/teams/crisis-team/reports/2025-26-Q1", nil)
		if status != http.StatusOK || rep["responses"].(map[string]any)["total"] != float64(0) {
			t.Errorf("empty quarter: %d %v", status, rep["responses"])
		}
	})
	t.Run("ErrBadQuarter", func(t *testing.T) {
		status, body := h.staff("GET", "/api/v1/teams/crisis-team/reports/2026-Q5", nil)
		e := wantError(t, status, body, http.StatusNotFound, survey.ENOTFOUND)
		if msg := e["message"].(string); !strings.Contains(msg, "2026-Q5") || !strings.Contains(msg, "Q1, Q2, Q3 or Q4") {
			t.Errorf("message = %q", msg)
		}
		// A January-start key for an April-start organisation.
		status, body = h.staff("GET", "/api/v1/teams/crisis-team/reports/2026-Q3", nil)
		e = wantError(t, status, body, http.StatusNotFound, survey.ENOTFOUND)
		if msg := e["message"].(string); !strings.Contains(msg, "2026-27-Q3") {
			t.Errorf("message = %q, want a hint such as 2026-27-Q3", msg)
		}
	})
	t.Run("ErrUnknownTeam", func(t *testing.T) {
		for _, p := range []string{"/api/v1/teams/no-team/reports/2026-27-Q3", "/api/v1/services/no-svc/reports/2026-27-Q3",
			"/api/v1/organisations/no-org/reports/2026-27-Q3"} {
			status, body := h.staff("GET", p, nil)
			wantError(t, status, body, http.StatusNotFound, survey.ENOTFOUND)
		}
	})
	t.Run("ErrNoCredentials", func(t *testing.T) {
		status, body, _ := h.do("GET", "/api/v1/teams/crisis-team/reports/2026-27-Q3", nil)
		wantError(t, status, body, http.StatusUnauthorized, survey.EUNAUTH)
	})
}

// TestRiskCommentRaisesAlert: a risk-flagged comment creates an alert at
// once (redacted, nothing identifying the respondent), calls the hook,
// and sets Receipt.Crisis; a resend raises nothing and counts nothing.
func TestRiskCommentRaisesAlert(t *testing.T) {
	h, clk, alerts := reportHarness(t)
	srv := api.New(api.Config{Store: h.store, Now: clk.now, OnAlert: alerts.add})
	ctx := context.Background()
	const id = "0b9e7c1e-8f1a-4d6b-9c2d-3e4f5a6b7c8d"
	sub := survey.Submission{ID: id, Team: "crisis-team", Language: "en", Answers: map[string]any{
		"role": "service_user", "fft": "poor",
		"improve": "I have been thinking about ending my life, call me on 07700 900123",
	}}
	rec, created, err := srv.Submit(ctx, "all-types", sub)
	must(t, err)
	if !created || !rec.Crisis {
		t.Fatalf("receipt = %+v, created %v; want created with Crisis", rec, created)
	}
	list, n, err := h.store.ListAlerts(ctx, store.AlertFilter{Team: "crisis-team"})
	must(t, err)
	if n != 1 || len(list) != 1 || alerts.len() != 1 {
		t.Fatalf("alerts stored %d, hook called %d times; want 1 and 1", n, alerts.len())
	}
	a := list[0]
	if a.RiskKind != "suicide" || a.Question != "improve" || a.Status != store.AlertOpen || a.Date != "2026-11-22" || a.Quarter != "2026-27-Q3" {
		t.Errorf("alert = %+v", a)
	}
	if strings.Contains(a.Redacted, "07700") || !strings.Contains(a.Redacted, "[phone]") {
		t.Errorf("alert text is not redacted: %q", a.Redacted)
	}
	if strings.Contains(a.ID, store.ResponseKey(id)[:12]) {
		t.Errorf("alert id %q is derived from the response", a.ID)
	}
	raw := bson.M{}
	must(t, h.store.Database().Collection("alerts").FindOne(ctx, bson.M{}).Decode(&raw))
	for k := range raw {
		if !map[string]bool{"_id": true, "organisation": true, "service": true, "team": true, "quarter": true, "date": true,
			"question": true, "risk_kind": true, "redacted": true, "status": true, "raised": true, "escalated": true}[k] {
			t.Errorf("alert document holds %q", k)
		}
	}
	// The alert keeps the hour it was raised, for escalation, and no finer time.
	if r, ok := raw["raised"].(bson.DateTime); !ok || r.Time().UTC().Truncate(time.Hour) != r.Time().UTC() {
		t.Errorf("alert raised = %v, want a time truncated to the hour", raw["raised"])
	}
	stored, err := h.store.FindResponse(ctx, id)
	must(t, err)
	if len(stored.Comments) != 1 || !stored.Comments[0].RiskFlag || stored.Comments[0].RiskKind != "suicide" ||
		strings.Contains(stored.Comments[0].Redacted, "07700") {
		t.Errorf("stored comments = %+v", stored.Comments)
	}

	// The resend: same receipt with Crisis, no new alert, no new count.
	rec, created, err = srv.Submit(ctx, "all-types", sub)
	must(t, err)
	r, err := h.store.ReadRollup(ctx, "crisis-team", "2026-27-Q3")
	must(t, err)
	_, n, err = h.store.ListAlerts(ctx, store.AlertFilter{Team: "crisis-team"})
	must(t, err)
	if created || !rec.Crisis || n != 1 || alerts.len() != 1 || r.Total != 1 || r.Comments != 1 {
		t.Errorf("resend: created %v crisis %v alerts %d/%d rollup total %d comments %d", created, rec.Crisis, n, alerts.len(), r.Total, r.Comments)
	}
	// A comment without risk raises nothing.
	sub.ID, sub.Answers["improve"] = "1b9e7c1e-8f1a-4d6b-9c2d-3e4f5a6b7c8d", "The waiting time was far too long"
	rec, _, err = srv.Submit(ctx, "all-types", sub)
	must(t, err)
	if rec.Crisis || alerts.len() != 1 {
		t.Errorf("a plain comment: crisis %v, alerts %d", rec.Crisis, alerts.len())
	}
	must(t, h.store.AcknowledgeAlert(ctx, a.ID, "safeguarding lead", "2026-11-23"))
	if list, _, _ := h.store.ListAlerts(ctx, store.AlertFilter{Team: "crisis-team", Status: store.AlertOpen}); len(list) != 0 {
		t.Errorf("open alerts after acknowledging: %v", list)
	}
	if err := h.store.AcknowledgeAlert(ctx, "nope", "x", "2026-11-23"); survey.ErrorCode(err) != survey.ENOTFOUND {
		t.Errorf("acknowledge unknown: %v", err)
	}
}
