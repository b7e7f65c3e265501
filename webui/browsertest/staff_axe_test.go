package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/demo"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/chromedp/chromedp"
)

// TestStaffAxe signs in through the staff form in a real browser and runs
// axe-core on the dashboard: the sign-in page (blank and with errors), the
// home page, a team report with every table alternative open, a service
// report, a theme's comments, the risk alerts and the public "you said, we
// did" page with published themes.
func TestStaffAxe(t *testing.T) {
	a := newApp(t)
	a.publishAllTypes(t)
	for i := 0; i < 14; i++ {
		answers := map[string]any{"role": "service_user", "fft": "very_good", "good": "The nurses were kind and listened to me."}
		if i%3 == 0 {
			answers = map[string]any{"role": "carer", "fft": "poor", "carer_involved": false, "good": "Nobody called me back for weeks, the wait was far too long."}
		}
		a.submit(t, "ward-a", answers)
	}
	// A risk comment: an open alert, counted in the menu and on the home page.
	a.submit(t, "ward-a", map[string]any{"role": "service_user", "fft": "very_poor", "good": "I want to end my life and nobody calls back."})
	const password = "a long and memorable staff password"
	ctx0, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := a.Store.CreateAlert(ctx0, &store.Alert{Organisation: demo.Organisation.Slug, Service: "wards", Team: "ward-a", Quarter: "2026-27-Q3",
		Date: "2026-11-20", Question: "good", RiskKind: "suicide", Redacted: "I can't see the point any more", Status: store.AlertReview}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Store.CreateAccount(ctx0, store.Account{Email: "admin@demo.invalid", Name: "Alex Admin", Organisation: demo.Organisation.Slug,
		Roles: []store.Role{{Role: api.RoleAdministrator}}, PasswordHash: api.HashPassword(password)}); err != nil {
		t.Fatal(err)
	}
	quarter := survey.DefaultCalendar().QuarterOf(time.Now()).Key()
	report := a.URL + "/staff/teams/ward-a/reports/" + quarter

	ctx := newTab(t)
	do(t, ctx, "open sign-in", chromedp.Navigate(a.URL+"/staff/login"), chromedp.WaitVisible(chromedp.ID("email")))
	runAxe(t, ctx, "sign in")
	do(t, ctx, "submit blank", chromedp.Click(chromedp.CSS(`button[type="submit"]`)))
	do(t, ctx, "wait for errors", chromedp.WaitVisible(chromedp.CSS(".nhsuk-error-summary")))
	runAxe(t, ctx, "sign in with errors")
	do(t, ctx, "sign in",
		chromedp.SendKeys(chromedp.ID("email"), "admin@demo.invalid"),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.CSS(`button[type="submit"]`)))
	pageReady(t, ctx, "/staff")
	do(t, ctx, "safeguarding panel", chromedp.WaitVisible(chromedp.ID("dash-open-alerts")), chromedp.WaitVisible(chromedp.ID("open-alert-count")))
	runAxe(t, ctx, "staff home")

	do(t, ctx, "open report", chromedp.Navigate(report), chromedp.WaitVisible(chromedp.ID("chart-fft")))
	eval[bool](t, ctx, `(document.querySelectorAll("details").forEach(function (d) { d.open = true; }), true)`)
	runAxe(t, ctx, "team report, tables open")
	clickAndLoad(t, ctx, "send to review", chromedp.CSS(`form[action$="/review"] button`))
	do(t, ctx, "wait for review", chromedp.WaitVisible(chromedp.ID("done")))
	runAxe(t, ctx, "team report in review")
	theme := eval[string](t, ctx, `(document.querySelector('a[href*="/themes/"]') || {}).href || ""`)
	if theme == "" {
		t.Fatal("no theme link in the report")
	}
	// The page before publication has #done too: wait for the new page.
	clickAndLoad(t, ctx, "publish", chromedp.CSS(`form[action$="/publish"] button`))
	do(t, ctx, "wait for publication", chromedp.WaitVisible(chromedp.ID("done")))

	for _, p := range []struct{ name, url, ready string }{
		{"theme comments", theme, "#comments"},
		{"service report", a.URL + "/staff/services/wards/reports/" + quarter, "#chart-roles"},
		{"risk alerts", a.URL + "/staff/alerts", "#alerts"},
		{"review list", a.URL + "/staff/alerts?status=review", "#alerts"},
		{"you said, we did with themes", a.URL + "/you-said-we-did/wards", "#next-due"},
		{"change password", a.URL + "/staff/password", "#new_password"},
	} {
		do(t, ctx, "open "+p.name, chromedp.Navigate(p.url), chromedp.WaitVisible(chromedp.CSS(p.ready)))
		runAxe(t, ctx, p.name)
	}
}

// submit posts one response to the webui test survey through the public API.
func (a *app) submit(t *testing.T, team string, answers map[string]any) {
	t.Helper()
	submitN++
	body, _ := json.Marshal(map[string]any{"id": fmt.Sprintf("7e2d3c4b-5a6f-4b70-9c8d-%012d", submitN), "team": team, "answers": answers})
	resp, err := http.Post(a.URL+"/api/v1/public/surveys/"+allTypesSlug+"/responses", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("submit: status %d", resp.StatusCode)
	}
}

var submitN int
