package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/demo"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/chromedp/chromedp"
)

// artifactDir is where browser tests keep screenshots for CI:
// $CHORUS_TEST_ARTIFACTS, or webui/browsertest/artifacts (git-ignored).
func artifactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("CHORUS_TEST_ARTIFACTS")
	if dir == "" {
		dir = "artifacts"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(dir)
	return abs
}

// submitAt posts responses to a team through the real public API as if it
// were the time at (the app under test runs on the real clock).
func (a *app) submitAt(t *testing.T, at time.Time, team string, answers []map[string]any) {
	t.Helper()
	srv := api.New(api.Config{Store: a.Store, Now: func() time.Time { return at }, SubmitRate: 100000})
	e := api.NewEcho(nil)
	srv.Register(e)
	for _, ans := range answers {
		submitN++
		body, _ := json.Marshal(map[string]any{"id": fmt.Sprintf("7e2d3c4b-5a6f-4b70-9c8d-%012d", submitN), "team": team, "answers": ans})
		req := httptest.NewRequest(http.MethodPost, "/api/v1/public/surveys/"+allTypesSlug+"/responses", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code != http.StatusCreated {
			t.Fatalf("submit: %d %s", rec.Code, rec.Body)
		}
	}
}

// glanceAnswers are n responses with comments on several themes.
func glanceAnswers(n int) []map[string]any {
	texts := []string{"The nurses were kind and listened to me.", "Nobody called me back for weeks, the wait was far too long.",
		"The food on the ward was cold most days.", "My care coordinator explained my medication clearly."}
	out := make([]map[string]any, n)
	for i := range out {
		out[i] = map[string]any{"role": "service_user", "fft": []string{"very_good", "good", "poor"}[i%3], "good": texts[i%len(texts)]}
	}
	return out
}

// smallestTextJS is the smallest computed font size, in CSS px, of any
// element inside the team cards (and any chart text on the page) that
// has text of its own.
const smallestTextJS = `(function () {
  var min = 1000, els = document.querySelectorAll(".chorus-glances *, svg text");
  for (var i = 0; i < els.length; i++) {
    var el = els[i], own = false;
    for (var n = el.firstChild; n; n = n.nextSibling) { if (n.nodeType === 3 && n.textContent.trim()) { own = true; } }
    if (!own || el.closest(".nhsuk-u-visually-hidden")) { continue; }
    var r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) { continue; }
    min = Math.min(min, parseFloat(getComputedStyle(el).fontSize));
  }
  return min;
})()`

// TestHomeGlancePhone opens the staff home page at 360 px with a quarter
// of history: team cards with figures, no horizontal page scroll, text at
// least 12 CSS px, axe clean; a screenshot is kept under artifactDir.
func TestHomeGlancePhone(t *testing.T) {
	a := newApp(t)
	a.publishAllTypes(t)
	cal := survey.DefaultCalendar()
	cur := cal.QuarterOf(time.Now())
	start, _ := cal.Bounds(cur.Prev())
	before, _ := cal.Bounds(cur.Prev().Prev())
	poorer := glanceAnswers(30)
	for i := range poorer {
		if i%2 == 0 {
			poorer[i]["fft"] = "very_poor"
		}
	}
	a.submitAt(t, before.AddDate(0, 0, 20), "ward-a", poorer) // the quarter before last: for the change
	a.submitAt(t, start.AddDate(0, 0, 20), "ward-a", glanceAnswers(36))
	a.submitAt(t, time.Now(), "ward-a", glanceAnswers(14))
	// Ward B is large enough to show too: with two teams in a service, a
	// small one hides its sibling as well (the quarter's one disclosure
	// decision), which webui's TestHomeGlanceSuppressed covers.
	a.submitAt(t, start.AddDate(0, 0, 20), "ward-b", glanceAnswers(20))

	const password = "a long and memorable staff password"
	ctx0, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := a.Store.CreateAccount(ctx0, store.Account{Email: "manager@demo.invalid", Name: "Morgan Manager", Organisation: demo.Organisation.Slug,
		Roles: []store.Role{{Role: api.RoleAdministrator}}, PasswordHash: api.HashPassword(password)}); err != nil {
		t.Fatal(err)
	}
	ctx := newTab(t)
	do(t, ctx, "phone viewport", chromedp.EmulateViewport(360, 740))
	do(t, ctx, "sign in", chromedp.Navigate(a.URL+"/staff/login"), chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), "manager@demo.invalid"),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.CSS(`button[type="submit"]`)))
	pageReady(t, ctx, "/staff")
	do(t, ctx, "cards", chromedp.WaitVisible(chromedp.ID("glance-ward-a")))

	card := eval[string](t, ctx, `document.getElementById("glance-ward-a").innerText`)
	for _, want := range []string{"36", "14", "good or very good", "95% interval", "points on the quarter before", "Send for panel review"} {
		if !bytes.Contains([]byte(card), []byte(want)) {
			t.Errorf("ward-a card lacks %q:\n%s", want, card)
		}
	}
	if b := eval[string](t, ctx, `document.getElementById("glance-ward-b").innerText`); !bytes.Contains([]byte(b), []byte("20")) {
		t.Errorf("ward-b card lacks its 20 responses:\n%s", b)
	}
	if w := eval[[]int](t, ctx, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`); w[0] > w[1] {
		t.Errorf("horizontal page scroll at 360 px: scrollWidth %d > clientWidth %d", w[0], w[1])
	}
	if px := eval[float64](t, ctx, smallestTextJS); px < 12 {
		t.Errorf("smallest text on the home page is %.1f CSS px, want at least 12", px)
	}
	runAxe(t, ctx, "staff home at 360 px")

	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	path := filepath.Join(artifactDir(t), "staff-home-360.png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}
