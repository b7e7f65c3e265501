package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
	"github.com/chorus-nhs/chorus/survey"
)

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := survey.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func buildVersion(r *store.Review, _ int, _ time.Time) ([]byte, error) {
	return fmt.Appendf(nil, `{"quarter":%q,"round":%d}`, r.Quarter, r.Round), nil
}

func TestReviewAndPublish(t *testing.T) {
	s := storetest.Open(t)
	seedOrg(t, s)
	ctx := context.Background()
	team, err := s.FindTeam(ctx, "north")
	mustOK(t, err)
	const q = "2026-27-Q3"
	cands := []store.QuoteCandidate{{ID: "aaaa", Question: "good", Text: "Kind staff."}, {ID: "bbbb", Question: "good", Text: "Long wait."}}

	_, err = s.FindReview(ctx, "north", q)
	wantCode(t, err, survey.ENOTFOUND)
	r, err := s.StartReview(ctx, team, q, []byte(`{"quarter":"2026-27-Q3"}`), cands)
	mustOK(t, err)
	if r.Status != survey.ReportInReview || r.Round != 1 || len(r.Candidates) != 2 {
		t.Fatalf("review = %+v", r)
	}
	t.Run("ErrAlreadyInReview", func(t *testing.T) {
		_, err := s.StartReview(ctx, team, q, []byte(`{}`), nil)
		wantCode(t, err, survey.ECONFLICT)
	})
	t.Run("Decisions", func(t *testing.T) {
		_, err := s.DecideQuote(ctx, "north", q, "aaaa", store.QuoteDecision{Decision: store.QuoteApproved, By: "m@trust.example"})
		mustOK(t, err)
		_, err = s.DecideQuote(ctx, "north", q, "cccc", store.QuoteDecision{Decision: store.QuoteApproved})
		wantCode(t, err, survey.ENOTFOUND)
		_, err = s.DecideQuote(ctx, "north", q, "bbbb", store.QuoteDecision{Decision: "maybe"})
		wantCode(t, err, survey.EINVALID)
		_, err = s.DecideQuote(ctx, "south", q, "aaaa", store.QuoteDecision{Decision: store.QuoteApproved})
		wantCode(t, err, survey.ENOTFOUND)
		r, err := s.FindReview(ctx, "north", q)
		mustOK(t, err)
		if r.Decision("aaaa") != store.QuoteApproved || r.Decision("bbbb") != store.QuotePending || len(r.Approved()) != 1 {
			t.Fatalf("decisions = %+v", r.Decisions)
		}
	})
	t.Run("Comments", func(t *testing.T) {
		c, err := s.AddReviewComment(ctx, "north", q, store.ReviewComment{Text: "Fine.", Author: "p@trust.example"})
		mustOK(t, err)
		if c.ID == "" || c.Date.IsZero() {
			t.Fatalf("comment = %+v", c)
		}
		_, err = s.AddReviewComment(ctx, "south", q, store.ReviewComment{Text: "x"})
		wantCode(t, err, survey.ENOTFOUND)
	})

	_, err = s.PublishReport(ctx, "north", q, "first", buildVersion)
	wantCode(t, err, survey.EUNPROCESS)
	v1, err := s.PublishReport(ctx, "north", q, "", buildVersion)
	mustOK(t, err)
	if v1.Version != 1 || v1.Ref() != "north/2026-27-Q3/1" {
		t.Fatalf("v1 = %+v", v1)
	}
	_, err = s.PublishReport(ctx, "north", q, "", buildVersion)
	wantCode(t, err, survey.EUNPROCESS)
	_, err = s.PublishReport(ctx, "south", q, "", buildVersion)
	wantCode(t, err, survey.ECONFLICT) // a draft

	// A new round after publication keeps the decisions on the same
	// comments; a correction makes version 2.
	r, err = s.StartReview(ctx, team, q, []byte(`{"quarter":"2026-27-Q3"}`), cands[:1])
	mustOK(t, err)
	if r.Round != 2 || r.Status != survey.ReportInReview || r.Decision("aaaa") != store.QuoteApproved || len(r.Candidates) != 1 {
		t.Fatalf("round 2 = %+v", r)
	}
	v2, err := s.PublishReport(ctx, "north", q, "Late responses added.", buildVersion)
	mustOK(t, err)
	if v2.Version != 2 || v2.Reason != "Late responses added." || v2.Report != `{"quarter":"2026-27-Q3","round":2}` {
		t.Fatalf("v2 = %+v", v2)
	}
	r, err = s.FindReview(ctx, "north", q)
	mustOK(t, err)
	if r.Status != survey.ReportPublished || r.PublishedVersion != 2 {
		t.Fatalf("after v2: %+v", r)
	}

	t.Run("Versions", func(t *testing.T) {
		for _, c := range []struct{ ask, want int }{{0, 2}, {1, 1}, {2, 2}} {
			v, err := s.FindReportVersion(ctx, "north", q, c.ask)
			mustOK(t, err)
			if v.Version != c.want || v.Report == "" {
				t.Fatalf("FindReportVersion(%d) = %+v", c.ask, v)
			}
		}
		_, err := s.FindReportVersion(ctx, "north", q, 3)
		wantCode(t, err, survey.ENOTFOUND)
		_, err = s.FindReportVersion(ctx, "south", q, 0)
		wantCode(t, err, survey.ENOTFOUND)
		vs, err := s.ListReportVersions(ctx, "north", q)
		mustOK(t, err)
		if len(vs) != 2 || vs[0].Version != 1 || vs[1].Version != 2 || vs[0].Report != "" {
			t.Fatalf("versions = %+v (bodies must be left out)", vs)
		}
		latest, err := s.LatestPublishedReports(ctx, []string{"north", "south"})
		mustOK(t, err)
		if len(latest) != 1 || latest[0].Team != "north" || latest[0].Version != 2 {
			t.Fatalf("latest = %+v", latest)
		}
	})
}

func TestListComments(t *testing.T) {
	s := storetest.Open(t)
	seedOrg(t, s)
	ctx := context.Background()
	for i, cs := range [][]store.Comment{
		{{Question: "good", Redacted: "Kind [NAME].", Themes: []string{"Staff manner & personal attributes"}, Sentiment: 1}},
		{{Question: "good", Redacted: "Long wait.", Themes: []string{"Timeliness of care"}, Sentiment: 5},
			{Question: "improve", Redacted: "I want to hurt myself.", RiskFlag: true, RiskKind: "self_harm", Sentiment: 5}},
		nil,
	} {
		r := &store.Response{ID: "00000000-0000-4000-8000-00000000000" + string(rune('0'+i)), Survey: "s", Version: 1,
			Organisation: "trust", Service: "cmht", Team: "north", Quarter: "2026-27-Q3", Date: "2026-11-22", Language: "en",
			Answers: map[string]any{"good": "raw text with a name"}, Comments: cs}
		_, _, err := s.InsertResponse(ctx, r)
		mustOK(t, err)
	}
	all, err := s.ListComments(ctx, store.CommentFilter{Team: "north", Quarter: "2026-27-Q3"})
	mustOK(t, err)
	if len(all) != 3 {
		t.Fatalf("%d comments, want 3", len(all))
	}
	noRisk, err := s.ListComments(ctx, store.CommentFilter{Team: "north", Quarter: "2026-27-Q3", NoRisk: true})
	mustOK(t, err)
	var texts []string
	for _, c := range noRisk {
		texts = append(texts, c.Redacted)
		if c.ID == "" || len(c.ID) != 16 || c.Themes == nil {
			t.Fatalf("comment = %+v", c)
		}
	}
	slices.Sort(texts)
	if !slices.Equal(texts, []string{"Kind [NAME].", "Long wait."}) {
		t.Fatalf("without risk: %v", texts)
	}
	again, err := s.ListComments(ctx, store.CommentFilter{Team: "north", Quarter: "2026-27-Q3", NoRisk: true})
	mustOK(t, err)
	if again[0].ID != noRisk[0].ID || again[1].ID != noRisk[1].ID {
		t.Fatal("comment ids or order are not stable")
	}
	theme, err := s.ListComments(ctx, store.CommentFilter{Team: "north", Quarter: "2026-27-Q3", Theme: "Timeliness of care"})
	mustOK(t, err)
	if len(theme) != 1 || theme[0].Redacted != "Long wait." {
		t.Fatalf("by theme: %+v", theme)
	}
	page, err := s.ListComments(ctx, store.CommentFilter{Team: "north", Quarter: "2026-27-Q3", Offset: 1, Limit: 1})
	mustOK(t, err)
	if len(page) != 1 || page[0].ID != all[1].ID {
		t.Fatalf("page = %+v", page)
	}
	other, err := s.ListComments(ctx, store.CommentFilter{Team: "south", Quarter: "2026-27-Q3"})
	mustOK(t, err)
	if len(other) != 0 {
		t.Fatalf("south has %d comments", len(other))
	}
}

func TestActions(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	for i, q := range []string{"2026-27-Q2", "2026-27-Q3", "2026-27-Q3"} {
		a := &store.Action{Organisation: "trust", Service: "cmht", Team: []string{"north", "north", "south"}[i], Quarter: q,
			Theme: "Timeliness of care", Description: "Call back.", Owner: "Team manager", Status: survey.ActionPlanned}
		mustOK(t, s.CreateAction(ctx, a))
	}
	list, total, err := s.ListActions(ctx, store.ActionFilter{Team: "north"})
	mustOK(t, err)
	if total != 2 || len(list) != 2 || list[0].Quarter != "2026-27-Q3" {
		t.Fatalf("north = %d %+v (newest quarter first)", total, list)
	}
	done := survey.ActionDone
	a, err := s.UpdateAction(ctx, list[0].ID, store.ActionUpdate{Status: &done})
	mustOK(t, err)
	if a.Status != done || a.Description != "Call back." || a.ReportAction().Status != done {
		t.Fatalf("updated = %+v", a)
	}
	_, err = s.UpdateAction(ctx, "nope", store.ActionUpdate{Status: &done})
	wantCode(t, err, survey.ENOTFOUND)
	_, err = s.FindAction(ctx, "nope")
	wantCode(t, err, survey.ENOTFOUND)
	_, total, err = s.ListActions(ctx, store.ActionFilter{Service: "cmht", Quarter: "2026-27-Q3"})
	mustOK(t, err)
	if total != 2 {
		t.Fatalf("service quarter total = %d, want 2", total)
	}
}

func TestDeliveries(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	d := &store.Delivery{Channel: store.ChannelWebhook, Event: "risk_alert", Team: "north", Ref: "alert-1"}
	mustOK(t, s.CreateDelivery(ctx, d, now))

	claimed, err := s.ClaimDelivery(ctx, d.ID, now, time.Minute)
	mustOK(t, err)
	if claimed.State != store.DeliveryPending || claimed.Attempts != 0 {
		t.Fatalf("claimed = %+v", claimed)
	}
	_, err = s.ClaimDelivery(ctx, d.ID, now.Add(time.Second), time.Minute)
	wantCode(t, err, survey.ENOTFOUND) // leased

	next := now.Add(2 * time.Second)
	mustOK(t, s.RecordAttempt(ctx, d.ID, store.DeliveryAttempt{Status: 503, Error: "http_status", Next: next}, now))
	due, _, err := s.ListDeliveries(ctx, store.DeliveryFilter{Due: now.Add(time.Second)})
	mustOK(t, err)
	if len(due) != 0 {
		t.Fatalf("due before its next attempt: %+v", due)
	}
	_, err = s.ClaimDelivery(ctx, d.ID, now.Add(time.Second), time.Minute)
	wantCode(t, err, survey.ENOTFOUND) // not yet due
	due, _, err = s.ListDeliveries(ctx, store.DeliveryFilter{Due: next})
	mustOK(t, err)
	if len(due) != 1 || due[0].Attempts != 1 || due[0].LastStatus != 503 {
		t.Fatalf("due = %+v", due)
	}
	_, err = s.ClaimDelivery(ctx, d.ID, next, time.Minute)
	mustOK(t, err)
	mustOK(t, s.RecordAttempt(ctx, d.ID, store.DeliveryAttempt{Error: "shutdown", Next: next, Uncounted: true}, next))
	_, err = s.ClaimDelivery(ctx, d.ID, next, time.Minute)
	mustOK(t, err)
	mustOK(t, s.RecordAttempt(ctx, d.ID, store.DeliveryAttempt{Status: 200}, next))
	got, err := s.FindDelivery(ctx, d.ID)
	mustOK(t, err)
	if !got.Delivered() || got.Attempts != 2 || got.LastStatus != 200 || got.LastError != "" {
		t.Fatalf("delivered = %+v, want 2 counted attempts", got)
	}
	_, err = s.ClaimDelivery(ctx, d.ID, next.Add(time.Hour), time.Minute)
	wantCode(t, err, survey.ENOTFOUND) // delivered
	wantCode(t, s.RecordAttempt(ctx, "nope", store.DeliveryAttempt{}, now), survey.ENOTFOUND)
	list, total, err := s.ListDeliveries(ctx, store.DeliveryFilter{Team: "north", Event: "risk_alert"})
	mustOK(t, err)
	if total != 1 || len(list) != 1 {
		t.Fatalf("list = %d %+v", total, list)
	}
}

// Two people publishing at the same moment make one version, never two
// version 1s or a lost update.
func TestPublishConcurrently(t *testing.T) {
	s := storetest.Open(t)
	seedOrg(t, s)
	ctx := context.Background()
	team, err := s.FindTeam(ctx, "north")
	mustOK(t, err)
	_, err = s.StartReview(ctx, team, "2026-27-Q3", []byte(`{}`), nil)
	mustOK(t, err)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			_, err := s.PublishReport(ctx, "north", "2026-27-Q3", "", buildVersion)
			errs <- err
		}()
	}
	ok := 0
	for range 4 {
		switch err := <-errs; survey.ErrorCode(err) {
		case "":
			ok++
		case survey.ECONFLICT, survey.EUNPROCESS:
		default:
			t.Fatalf("unexpected error %v", err)
		}
	}
	vs, err := s.ListReportVersions(ctx, "north", "2026-27-Q3")
	mustOK(t, err)
	if ok != 1 || len(vs) != 1 || vs[0].Version != 1 {
		t.Fatalf("%d publications succeeded, versions %+v; want exactly version 1", ok, vs)
	}
}
