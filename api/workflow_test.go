package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/notify"
	"github.com/chorus-nhs/chorus/notify/notifytest"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// notifiedHarness is the API over HTTP with a real notifier: webhooks go to
// a receiver that verifies signatures, e-mail to an in-process SMTP server.
type notifiedHarness struct {
	*harness
	recv *notifytest.Receiver
	smtp *notifytest.SMTPServer
}

func newNotifiedHarness(t *testing.T) *notifiedHarness {
	t.Helper()
	var n *notify.Notifier
	h := newHarness(t, api.Config{
		OnAlert:   func(ctx context.Context, a store.Alert) { n.Alert(ctx, a) },
		OnPublish: func(ctx context.Context, v *store.ReportVersion) { n.ReportPublished(ctx, v) },
	})
	nh := &notifiedHarness{harness: h, recv: notifytest.NewReceiver(t, ""), smtp: notifytest.StartSMTP(t, "", "")}
	n = notify.New(h.store, notify.Options{PublicURL: "https://chorus.example", BaseDelay: 5 * time.Millisecond,
		Sweep: 20 * time.Millisecond, Now: fixedNow, SMTP: notify.SMTPConfig{Addr: nh.smtp.Addr(), From: "Chorus <chorus@trust.example>"}})
	n.Start()
	t.Cleanup(func() { _ = n.Close(context.Background()) })

	// The team's webhook secret is shown once, in the answer that sets the
	// webhook address.
	status, body := h.staff("PATCH", "/api/v1/teams/crisis-team", map[string]any{"webhook_url": nh.recv.URL() + "/chorus",
		"safeguarding_email": "safeguarding@trust.example", "contact_emails": []string{"manager@trust.example"}})
	secret, _ := body["webhook_secret"].(string)
	if status != http.StatusOK || !strings.HasPrefix(secret, api.WebhookSecretPrefix) {
		t.Fatalf("set webhook: %d %v", status, body)
	}
	nh.recv.SetSecret(secret)
	status, body = h.staff("GET", "/api/v1/teams/crisis-team", nil)
	if _, leaked := body["webhook_secret"]; status != http.StatusOK || leaked {
		t.Fatalf("GET team shows the secret: %d %v", status, body)
	}
	return nh
}

// deliveries waits until the team has want deliveries of the event and
// none is pending.
func (h *notifiedHarness) deliveries(t *testing.T, event string, want int) []store.Delivery {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ds, _, err := h.store.ListDeliveries(context.Background(), store.DeliveryFilter{Team: "crisis-team", Event: event})
		must(t, err)
		settled := len(ds) >= want
		for _, d := range ds {
			settled = settled && d.State != store.DeliveryPending
		}
		if settled {
			return ds
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s deliveries did not settle: %+v", event, ds)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

var comments = []string{
	"Staff listened to me and explained my medication clearly.",
	"The crisis team called back quickly when I needed them.",
	"Waiting times for an appointment were far too long.",
	"Nurse Sarah Jones was kind, call her on 07700 900123.",
	"Reception staff were friendly and the building was clean.",
	"I was involved in planning my care and felt respected.",
	"Appointments kept being cancelled at short notice.",
	"The food on the ward was cold most days.",
	"My care coordinator helped me with housing.",
	"It was hard to get through on the phone.",
	"Groups and activities helped me feel less alone.",
	"Staff were patient with my family.",
}

// submitComments posts one response per comment through the public API.
func (h *notifiedHarness) submitComments(t *testing.T) {
	t.Helper()
	for i, text := range comments {
		answers := map[string]any{"role": "service_user", "fft": "good", "good": text}
		if i%2 == 1 {
			answers["role"], answers["carer_involved"] = "carer", true
		}
		body := map[string]any{"id": fmt.Sprintf("5d0c1f9e-2f5b-4c4e-9a53-%012d", i), "team": "crisis-team", "language": "en",
			"answers": answers}
		if status, out, _ := h.do("POST", "/api/v1/public/surveys/all-types/responses", body); status != http.StatusCreated {
			t.Fatalf("submit %d: %d %v", i, status, out)
		}
	}
}

func quoteTexts(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, q := range list {
		out = append(out, q.(map[string]any)["text"].(string))
	}
	return out
}

// TestWorkflowEndToEnd: responses through the public API, review with
// candidate quotes, one quote approved and one rejected, publication with
// a signed webhook and an e-mail, the published report and the public
// page, then a correction with a reason and both versions readable.
func TestWorkflowEndToEnd(t *testing.T) {
	h := newNotifiedHarness(t)
	h.submitComments(t)
	const r = "/api/v1/teams/crisis-team/reports/2026-27-Q3"

	status, body := h.staff("GET", r, nil)
	if status != http.StatusOK || body["status"] != survey.ReportDraft {
		t.Fatalf("draft: %d %v", status, body)
	}
	status, body = h.staff("GET", r+"/review", nil)
	wantError(t, status, body, http.StatusNotFound, survey.ENOTFOUND)

	t.Run("CommentDrillDown", func(t *testing.T) {
		status, body := h.staff("GET", r+"/comments", nil)
		all, _ := body["comments"].([]any)
		if status != http.StatusOK || body["suppressed"] != false || len(all) != len(comments) {
			t.Fatalf("comments: %d %v", status, body)
		}
		// Twelve comments on many themes: every theme's count is small and
		// hidden, so no listed comment names a theme (tallying them would
		// give the counts back) and a theme's drill-down lists nothing.
		_, rep := h.staff("GET", r, nil)
		shown, hidden := map[string]bool{}, ""
		for _, th := range rep["themes"].([]any) {
			m := th.(map[string]any)
			if m["count"] != nil {
				shown[m["theme"].(string)] = true
			} else {
				hidden = m["theme"].(string)
			}
		}
		for _, c := range all {
			for _, th := range c.(map[string]any)["themes"].([]any) {
				if !shown[th.(string)] {
					t.Errorf("comment %v names theme %v, whose count is hidden", c, th)
				}
			}
		}
		if hidden == "" {
			t.Fatal("no hidden theme in the report")
		}
		status, body = h.staff("GET", r+"/comments?theme="+url.QueryEscape(hidden), nil)
		if some := body["comments"].([]any); status != http.StatusOK || body["suppressed"] != true || len(some) != 0 {
			t.Fatalf("by hidden theme %q: %d %v", hidden, status, body)
		}
		for _, c := range all {
			if text := c.(map[string]any)["redacted"].(string); strings.Contains(text, "07700") {
				t.Fatalf("comment not redacted: %q", text)
			}
		}
	})

	status, body = h.staff("POST", r+"/publish", nil)
	wantError(t, status, body, http.StatusConflict, survey.ECONFLICT) // a draft is not published

	status, body = h.staff("POST", r+"/review", nil)
	if status != http.StatusCreated || body["status"] != survey.ReportInReview || body["quotes_allowed"] != true {
		t.Fatalf("review: %d %v", status, body)
	}
	quotes := body["quotes"].([]any)
	// Every theme count of these twelve comments is hidden, so no candidate
	// names a theme: tallying them would give the counts back.
	for _, q := range quotes {
		if m := q.(map[string]any); len(m["themes"].([]any)) > 0 {
			t.Errorf("candidate %v names a hidden theme", m)
		}
	}
	if len(quotes) != len(comments) {
		t.Fatalf("%d candidate quotes, want %d", len(quotes), len(comments))
	}
	byText := map[string]string{}
	for _, q := range quotes {
		m := q.(map[string]any)
		byText[m["text"].(string)] = m["id"].(string)
		if m["status"] != store.QuotePending {
			t.Fatalf("new candidate %v is not pending", m)
		}
	}
	for text := range byText {
		if strings.Contains(text, "07700") || strings.Contains(text, "Sarah Jones") {
			t.Fatalf("candidate quote is not redacted: %q", text)
		}
	}
	approved, rejected := byText[comments[0]], byText[comments[2]]
	if approved == "" || rejected == "" {
		t.Fatalf("candidates lack the comments: %v", byText)
	}
	t.Run("ErrAlreadyInReview", func(t *testing.T) {
		status, body := h.staff("POST", r+"/review", nil)
		wantError(t, status, body, http.StatusConflict, survey.ECONFLICT)
	})

	for _, step := range []struct{ path, want string }{
		{"/quotes/" + approved + "/approve", store.QuoteApproved},
		{"/quotes/" + rejected + "/reject", store.QuoteRejected},
	} {
		if status, body := h.staff("POST", r+step.path, nil); status != http.StatusOK || body["status"] != step.want {
			t.Fatalf("%s: %d %v", step.path, status, body)
		}
	}
	t.Run("ErrUnknownQuote", func(t *testing.T) {
		status, body := h.staff("POST", r+"/quotes/ffffffffffffffff/approve", nil)
		wantError(t, status, body, http.StatusNotFound, survey.ENOTFOUND)
	})
	if status, body := h.staff("POST", r+"/comments", map[string]any{"text": "Please check the waiting-times quote."}); status != http.StatusCreated || body["author"] != "bootstrap token" {
		t.Fatalf("comment: %d %v", status, body)
	}
	t.Run("ErrEmptyComment", func(t *testing.T) {
		status, body := h.staff("POST", r+"/comments", map[string]any{"text": ""})
		e := wantError(t, status, body, http.StatusUnprocessableEntity, survey.EUNPROCESS)
		if got := fieldNames(e); !slices.Equal(got, []string{"text"}) {
			t.Fatalf("fields = %v", got)
		}
	})
	status, body = h.staff("GET", r, nil)
	if status != http.StatusOK || body["status"] != survey.ReportInReview || !slices.Equal(quoteTexts(body["quotes"]), []string{comments[0]}) {
		t.Fatalf("in review: %d status %v quotes %v", status, body["status"], body["quotes"])
	}

	status, body = h.staff("POST", "/api/v1/teams/crisis-team/actions", map[string]any{"quarter": "2026-27-Q3",
		"theme": "Timeliness of care", "description": "We now offer a call back within one working day.", "owner": "Team manager"})
	if status != http.StatusCreated || body["status"] != survey.ActionPlanned {
		t.Fatalf("action: %d %v", status, body)
	}
	actionID := body["id"].(string)

	t.Run("ErrReasonOnFirstPublication", func(t *testing.T) {
		status, body := h.staff("POST", r+"/publish", map[string]any{"reason": "no"})
		e := wantError(t, status, body, http.StatusUnprocessableEntity, survey.EUNPROCESS)
		if got := fieldNames(e); !slices.Equal(got, []string{"reason"}) {
			t.Fatalf("fields = %v", got)
		}
	})
	status, body = h.staff("POST", r+"/publish", nil)
	if status != http.StatusCreated || body["version"] != float64(1) || body["status"] != survey.ReportPublished {
		t.Fatalf("publish: %d %v", status, body)
	}

	t.Run("Published", func(t *testing.T) {
		status, body := h.staff("GET", r, nil)
		if status != http.StatusOK || body["status"] != survey.ReportPublished || body["version"] != float64(1) {
			t.Fatalf("published: %d %v", status, body)
		}
		if got := quoteTexts(body["quotes"]); !slices.Equal(got, []string{comments[0]}) {
			t.Fatalf("published quotes = %v, want only the approved one", got)
		}
		acts := body["actions"].([]any)
		if len(acts) != 1 || acts[0].(map[string]any)["id"] != actionID {
			t.Fatalf("published actions = %v", acts)
		}
		if resp := body["responses"].(map[string]any); resp["total"] != float64(len(comments)) {
			t.Fatalf("responses = %v", resp)
		}
	})
	t.Run("PublicYouSaidWeDid", func(t *testing.T) {
		status, body, hdr := h.do("GET", "/api/v1/public/services/cmh/you-said-we-did", nil)
		if status != http.StatusOK || hdr.Get("Set-Cookie") != "" {
			t.Fatalf("public: %d %v (Set-Cookie %q)", status, body, hdr.Get("Set-Cookie"))
		}
		var crisis map[string]any
		for _, tm := range body["teams"].([]any) {
			if m := tm.(map[string]any); m["slug"] == "crisis-team" {
				crisis = m
			} else if m["report"] != nil {
				t.Fatalf("team %v has no published report but shows one", m["slug"])
			}
		}
		rep := crisis["report"].(map[string]any)
		if got := quoteTexts(rep["quotes"]); !slices.Equal(got, []string{comments[0]}) {
			t.Fatalf("public quotes = %v: approved present, rejected absent", got)
		}
		if rep["version"] != float64(1) || len(rep["themes"].([]any)) == 0 {
			t.Fatalf("public report = %v", rep)
		}
		acts := crisis["actions"].([]any)
		if len(acts) != 1 || acts[0].(map[string]any)["description"] != "We now offer a call back within one working day." {
			t.Fatalf("public actions = %v", acts)
		}
	})

	// A correction: the approved quote is withdrawn, and publishing again
	// needs a reason.
	if status, body := h.staff("POST", r+"/quotes/"+approved+"/reject", nil); status != http.StatusOK {
		t.Fatalf("withdraw: %d %v", status, body)
	}
	status, body = h.staff("POST", r+"/publish", nil)
	e := wantError(t, status, body, http.StatusUnprocessableEntity, survey.EUNPROCESS)
	if got := fieldNames(e); !slices.Equal(got, []string{"reason"}) {
		t.Fatalf("fields = %v", got)
	}
	const reason = "Quote withdrawn at the panel's request."
	status, body = h.staff("POST", r+"/publish", map[string]any{"reason": reason})
	if status != http.StatusCreated || body["version"] != float64(2) || body["reason"] != reason {
		t.Fatalf("correction: %d %v", status, body)
	}
	t.Run("Versions", func(t *testing.T) {
		status, body := h.staff("GET", r, nil)
		if body["version"] != float64(2) || len(quoteTexts(body["quotes"])) != 0 || body["reason"] != reason {
			t.Fatalf("latest: %d %v", status, body)
		}
		status, body = h.staff("GET", r+"?version=1", nil)
		if status != http.StatusOK || body["version"] != float64(1) || !slices.Equal(quoteTexts(body["quotes"]), []string{comments[0]}) {
			t.Fatalf("version 1: %d %v", status, body)
		}
		status, body = h.staff("GET", r+"?version=3", nil)
		wantError(t, status, body, http.StatusNotFound, survey.ENOTFOUND)
		status, body = h.staff("GET", r+"/versions", nil)
		vs := body["versions"].([]any)
		if status != http.StatusOK || len(vs) != 2 || vs[1].(map[string]any)["reason"] != reason {
			t.Fatalf("versions: %d %v", status, body)
		}
	})

	t.Run("Audited", func(t *testing.T) {
		status, body := h.staff("GET", "/api/v1/organisations/trust/audit", nil)
		var actions []string
		for _, e := range body["entries"].([]any) {
			actions = append(actions, e.(map[string]any)["action"].(string))
		}
		for _, want := range []string{"report.review", "report.quote_approved", "report.quote_rejected", "report.comment", "report.publish", "action.create"} {
			if !slices.Contains(actions, want) {
				t.Errorf("audit log (%d) lacks %s: %v", status, want, actions)
			}
		}
	})
	t.Run("Notifications", func(t *testing.T) {
		ds := h.deliveries(t, notify.EventReportPublished, 4)
		for _, d := range ds {
			if d.State != store.DeliveryDelivered || d.Attempts != 1 {
				t.Fatalf("delivery %+v not delivered at once", d)
			}
		}
		var versions []float64
		for _, c := range h.recv.Calls() {
			if !c.Verified || c.Event != notify.EventReportPublished {
				t.Fatalf("webhook call %+v: signature must verify", c)
			}
			versions = append(versions, c.Body["report"].(map[string]any)["version"].(float64))
		}
		slices.Sort(versions)
		if !slices.Equal(versions, []float64{1, 2}) {
			t.Fatalf("webhooks for versions %v, want 1 and 2", versions)
		}
		msgs := h.smtp.Messages()
		if len(msgs) != 2 || !slices.Equal(msgs[0].To, []string{"manager@trust.example"}) {
			t.Fatalf("e-mails = %+v, want two to the team contact", msgs)
		}
		status, body := h.staff("GET", "/api/v1/teams/crisis-team/deliveries?state=delivered", nil)
		if status != http.StatusOK || body["total"] != float64(4) {
			t.Fatalf("delivery log: %d %v", status, body)
		}
	})
}

// TestQuotesWithheldBelowQuoteMin: with fewer responses than the quote
// minimum, a review has no candidate quotes at all and the drill-down
// lists no comments.
func TestQuotesWithheldBelowQuoteMin(t *testing.T) {
	h := newHarness(t)
	for i := range 4 {
		body := validResponse(fmt.Sprintf("6d0c1f9e-2f5b-4c4e-9a53-%012d", i))
		if status, out, _ := h.do("POST", "/api/v1/public/surveys/all-types/responses", body); status != http.StatusCreated {
			t.Fatalf("submit: %d %v", status, out)
		}
	}
	const r = "/api/v1/teams/crisis-team/reports/2026-27-Q3"
	status, body := h.staff("POST", r+"/review", nil)
	if status != http.StatusCreated || body["quotes_allowed"] != false || len(body["quotes"].([]any)) != 0 {
		t.Fatalf("review: %d %v", status, body)
	}
	status, body = h.staff("GET", r+"/comments", nil)
	if status != http.StatusOK || body["suppressed"] != true || len(body["comments"].([]any)) != 0 {
		t.Fatalf("comments: %d %v", status, body)
	}
	status, body = h.staff("POST", r+"/publish", nil)
	if status != http.StatusCreated || len(body["quotes"].([]any)) != 0 {
		t.Fatalf("publish: %d %v", status, body)
	}
}

// TestRiskAlertNotifiesAndAcknowledges: a risk comment through the public
// API is stored as an alert, sent by signed webhook and by e-mail to the
// safeguarding contact, listed open first, and acknowledged.
func TestRiskAlertNotifiesAndAcknowledges(t *testing.T) {
	h := newNotifiedHarness(t)
	body := map[string]any{"id": "7d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d77", "team": "crisis-team", "language": "en",
		"answers": map[string]any{"role": "service_user", "fft": "poor",
			"improve": "I have been thinking about ending my life, call me on 07700 900123"}}
	if status, out, _ := h.do("POST", "/api/v1/public/surveys/all-types/responses", body); status != http.StatusCreated {
		t.Fatalf("submit: %d %v", status, out)
	}
	status, list := h.staff("GET", "/api/v1/teams/crisis-team/alerts", nil)
	alerts := list["alerts"].([]any)
	if status != http.StatusOK || len(alerts) != 1 {
		t.Fatalf("alerts: %d %v", status, list)
	}
	a := alerts[0].(map[string]any)
	id := a["id"].(string)
	if a["status"] != store.AlertOpen || a["risk_kind"] != "suicide" || strings.Contains(a["redacted"].(string), "07700") {
		t.Fatalf("alert = %v", a)
	}

	ds := h.deliveries(t, notify.EventRiskAlert, 2)
	for _, d := range ds {
		if d.State != store.DeliveryDelivered || d.Ref != id {
			t.Fatalf("delivery = %+v", d)
		}
	}
	calls := h.recv.Calls()
	if len(calls) != 1 || !calls[0].Verified || calls[0].Event != notify.EventRiskAlert {
		t.Fatalf("webhook calls = %+v", calls)
	}
	if got := calls[0].Body["alert"].(map[string]any)["url"]; got != "https://chorus.example/staff/alerts/"+id {
		t.Fatalf("alert link = %v", got)
	}
	msgs := h.smtp.Messages()
	if len(msgs) != 1 || !slices.Equal(msgs[0].To, []string{"safeguarding@trust.example"}) {
		t.Fatalf("e-mails = %+v, want one to the safeguarding contact", msgs)
	}
	if m := notifytest.ParseMail(t, msgs[0].Data); strings.Contains(m.Text, "07700") || !strings.Contains(m.Text, "/staff/alerts/"+id) {
		t.Fatalf("e-mail text = %s", m.Text)
	}

	status, out := h.staff("POST", "/api/v1/alerts/"+id+"/acknowledge", nil)
	if status != http.StatusOK || out["status"] != store.AlertAcknowledged || out["acknowledged_by"] != "bootstrap token" || out["acknowledged_date"] != "2026-11-22" {
		t.Fatalf("acknowledge: %d %v", status, out)
	}
	status, list = h.staff("GET", "/api/v1/alerts?status=open", nil)
	if status != http.StatusOK || len(list["alerts"].([]any)) != 0 {
		t.Fatalf("open alerts after acknowledging: %d %v", status, list)
	}
}

func TestActionsValidation(t *testing.T) {
	h := newHarness(t)
	status, body := h.staff("POST", "/api/v1/teams/crisis-team/actions", map[string]any{"quarter": "2026-27-Q9",
		"theme": "Not a theme", "description": strings.Repeat("x", 1001), "owner": "jo@trust.example", "status": "finished"})
	e := wantError(t, status, body, http.StatusUnprocessableEntity, survey.EUNPROCESS)
	if got := fieldNames(e); !slices.Equal(got, []string{"status"}) {
		t.Fatalf("fields = %v", got)
	}
	status, body = h.staff("POST", "/api/v1/teams/crisis-team/actions", map[string]any{"quarter": "2026-27-Q9",
		"theme": "Not a theme", "description": strings.Repeat("x", 1001), "owner": "jo@trust.example"})
	e = wantError(t, status, body, http.StatusUnprocessableEntity, survey.EUNPROCESS)
	if got, want := fieldNames(e), []string{"quarter", "theme", "description", "owner"}; !slices.Equal(got, want) {
		t.Fatalf("fields = %v, want %v", got, want)
	}
	status, body = h.staff("POST", "/api/v1/teams/crisis-team/actions", map[string]any{"quarter": "2026-27-Q3",
		"theme": "Timeliness of care", "description": "Call back within a day.", "owner": "Team manager"})
	if status != http.StatusCreated {
		t.Fatalf("create: %d %v", status, body)
	}
	id := body["id"].(string)
	status, body = h.staff("PATCH", "/api/v1/actions/"+id, map[string]any{"status": "done"})
	if status != http.StatusOK || body["status"] != "done" || body["description"] != "Call back within a day." {
		t.Fatalf("update: %d %v", status, body)
	}
	status, body = h.staff("GET", "/api/v1/teams/crisis-team/actions", nil)
	if status != http.StatusOK || body["total"] != float64(1) {
		t.Fatalf("list: %d %v", status, body)
	}
	status, body = h.staff("PATCH", "/api/v1/actions/nope", map[string]any{"status": "done"})
	wantError(t, status, body, http.StatusNotFound, survey.ENOTFOUND)
}
