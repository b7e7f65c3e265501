package webui_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/webui"
)

// signIn creates an account with the role and returns its session cookie.
func (e *env) signInAs(email string, role store.Role) string {
	e.t.Helper()
	_, err := e.Store.CreateAccount(context.Background(), store.Account{Email: email, Name: "Someone", Organisation: "trust",
		Roles: []store.Role{role}, PasswordHash: api.HashPassword("correct horse battery staple")})
	must(e.t, err)
	tok, ck := e.loginForm()
	p := e.post("/staff/login", url.Values{"csrf_token": {tok}, "email": {email}, "password": {"correct horse battery staple"}}, "Cookie", ck)
	for _, c := range p.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, api.SessionCookie+"=") {
			return strings.SplitN(c, ";", 2)[0]
		}
	}
	e.t.Fatalf("sign in as %s: %d %s", email, p.Status, p.Body)
	return ""
}

// TestAlertsShowTeamHourAndCount: an alert shows the team's name and the
// hour it was raised in the organisation's zone, and the staff menu and
// dashboard count the open alerts.
func TestAlertsShowTeamHourAndCount(t *testing.T) {
	e := newStaffEnv(t)
	tm, err := e.Store.FindTeam(context.Background(), "ward-a")
	must(t, err)
	tm.Name = "Ward A (Acute)"
	must(t, e.Store.UpdateTeam(context.Background(), *tm))
	e.respond("ward-a", "service_user", "poor", "I have been thinking about ending my life and nobody listens.", 1)
	list := e.get("/staff/alerts", bearer...)
	checkHTML(t, list.Body)
	// fixedNow is in the hour from 14:00 UTC on 20 November: 14:00 in
	// London (GMT).
	assertContains(t, list.Body, "<td>2026-11-20, 14:00 to 15:00</td><td>Ward A (Acute)</td>", `id="open-alert-count">1 open<`)
	home := e.get("/staff", bearer...)
	checkHTML(t, home.Body)
	assertContains(t, home.Body, `id="dash-open-alerts"`, "1 open risk alert</a>", `id="open-alert-count">1 open<`)
}

// TestAlertsNoAccess: staff without the safeguarding permission are told
// they have no access, not that there are no alerts, and see no count.
func TestAlertsNoAccess(t *testing.T) {
	e := newStaffEnv(t)
	e.respond("ward-a", "service_user", "poor", "I have been thinking about ending my life and nobody listens.", 1)
	viewer := e.signInAs("viewer@example.nhs.uk", store.Role{Role: api.RoleViewer, Teams: []string{"ward-a"}})
	p := e.get("/staff/alerts", "Cookie", viewer)
	if p.Status != http.StatusForbidden {
		t.Fatalf("viewer on alerts: status %d, want 403", p.Status)
	}
	assertContains(t, p.Body, "You do not have access to risk alerts")
	assertNotContains(t, p.Body, "There are no alerts", "open-alert-count")
	manager := e.signInAs("manager@example.nhs.uk", store.Role{Role: api.RoleManager, Teams: []string{"ward-b"}})
	// A manager of another team may see alerts, and ward-b has none.
	assertContains(t, e.get("/staff/alerts", "Cookie", manager).Body, "There are no alerts")
}

// TestReviewList: an uncertain comment goes on the review list, not the
// open alerts, and can be marked as read.
func TestReviewList(t *testing.T) {
	e := newStaffEnv(t)
	ctx := context.Background()
	a := &store.Alert{Organisation: "trust", Service: "adult-mh", Team: "ward-a", Quarter: "2026-27-Q3", Date: "2026-11-22",
		Question: "good", RiskKind: "suicide", Redacted: "I can't see the point any more", Status: store.AlertReview}
	must(t, e.Store.CreateAlert(ctx, a))
	open := e.get("/staff/alerts?status=open", bearer...)
	assertNotContains(t, open.Body, "see the point")
	review := e.get("/staff/alerts?status=review", bearer...)
	checkHTML(t, review.Body)
	assertContains(t, review.Body, "Comments to review", "For review")
	one := e.get("/staff/alerts/"+a.ID, bearer...)
	assertContains(t, one.Body, "Mark as read", "see the point")
	if p := e.post("/staff/alerts/"+a.ID+"/acknowledge", url.Values{}, bearer...); p.Status != http.StatusSeeOther {
		t.Fatalf("mark as read: %d", p.Status)
	}
	got, err := e.Store.FindAlert(ctx, a.ID)
	must(t, err)
	if got.Status != store.AlertAcknowledged {
		t.Errorf("status after marking as read = %q", got.Status)
	}
}

// TestDashboardSafetyWarnings: the dashboard warns about an organisation
// whose alerts reach no one and about alert deliveries that failed for
// good, for that organisation's staff only.
func TestDashboardSafetyWarnings(t *testing.T) {
	safety := func(context.Context) (webui.SafetyStatus, error) {
		return webui.SafetyStatus{
			Problems: []webui.SafetyProblem{{Organisation: "trust", Reason: "no SMTP server is configured"}, {Organisation: "other", Reason: "elsewhere"}},
			Failed:   []webui.FailedAlert{{Organisation: "trust", Team: "Ward A", Channel: "webhook", Error: "http_500", Date: "2026-11-20"}},
		}, nil
	}
	e := newStaffEnvWith(t, safety)
	home := e.get("/staff", bearer...)
	checkHTML(t, home.Body)
	assertContains(t, home.Body, `id="safety"`, "Risk alerts for trust reach no one: no SMTP server is configured.",
		`id="failed-alerts"`, "Ward A: webhook failed (http_500) on 2026-11-20")
	manager := e.signInAs("manager@example.nhs.uk", store.Role{Role: api.RoleManager, Teams: []string{"ward-a"}})
	mine := e.get("/staff", "Cookie", manager)
	assertContains(t, mine.Body, "Risk alerts for trust reach no one")
	assertNotContains(t, mine.Body, "elsewhere")
}
