package browsertest

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/demo"
	"github.com/chorus-nhs/chorus/demo/apiseed"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/chromedp/chromedp"
)

// artifactsDir is where the phone tests keep their screenshots, for CI to
// collect (git ignores it).
const artifactsDir = "artifacts"

// chartTextJS measures the rendered size of every visible piece of text in
// the charts (with their tables open): HTML text by its computed font
// size, SVG text by its font size times the SVG's scale on screen.
const chartTextJS = `(function () {
  var out = {count: 0, min: 1000, small: []};
  document.querySelectorAll(".chorus-chart *").forEach(function (el) {
    var own = Array.prototype.some.call(el.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim(); });
    if (!own) { return; }
    var r = el.getBoundingClientRect();
    if (el.getClientRects().length === 0 || r.width <= 1 || r.height <= 1) { return; }
    var size = parseFloat(getComputedStyle(el).fontSize);
    var svg = el.closest("svg");
    if (svg && svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width) {
      size = size * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    }
    out.count++;
    out.min = Math.min(out.min, size);
    if (size < 12 && out.small.length < 10) { out.small.push(el.tagName.toLowerCase() + " " + JSON.stringify(el.textContent.trim().slice(0, 30)) + " " + size.toFixed(1) + "px"); }
  });
  return JSON.stringify(out);
})()`

type chartText struct {
	Count int      `json:"count"`
	Min   float64  `json:"min"`
	Small []string `json:"small"`
}

// TestDashboardPhone opens a team's report of the last finished quarter
// and one of its themes on a 360 px phone, with a demo history seeded
// through the real pipeline: no page scrolls sideways, every chart text is
// at least 12 CSS px as the browser renders it, axe finds nothing, and a
// full-page PNG of each page is kept under artifacts/.
func TestDashboardPhone(t *testing.T) {
	a := newApp(t)
	ctx0, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cal := survey.DefaultCalendar()
	now := time.Now().In(cal.Location)
	today := time.Date(now.Year(), now.Month(), now.Day(), 12, 0, 0, 0, cal.Location)
	p, err := apiseed.New(ctx0, a.Store, today, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.SeedHistory(ctx0, a.Store, p, today, demo.History{PastQuarters: 2, Scale: 0.3}, io.Discard); err != nil {
		t.Fatalf("demo history: %v", err)
	}
	if err := p.Close(ctx0); err != nil {
		t.Fatal(err)
	}
	const email, password = "manager@demo.invalid", "a long and memorable staff password"
	if _, err := a.Store.CreateAccount(ctx0, store.Account{Email: email, Name: "Demo manager", Organisation: demo.Organisation.Slug,
		Roles: []store.Role{{Role: api.RoleAdministrator}}, PasswordHash: api.HashPassword(password)}); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(artifactsDir, 0o755); err != nil {
		t.Fatal(err)
	}

	ctx := newTab(t)
	do(t, ctx, "viewport", chromedp.EmulateViewport(360, 740))
	do(t, ctx, "open sign-in", chromedp.Navigate(a.URL+"/staff/login"), chromedp.WaitVisible(chromedp.ID("email")))
	do(t, ctx, "sign in", chromedp.SendKeys(chromedp.ID("email"), email), chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.CSS(`button[type="submit"]`)))
	pageReady(t, ctx, "/staff")

	last := cal.QuarterOf(today).Prev().Key()
	do(t, ctx, "open report", chromedp.Navigate(a.URL+"/staff/teams/north-cmht/reports/"+last), chromedp.WaitVisible(chromedp.ID("chart-fft")))
	phoneChecks(t, ctx, "team report")
	theme := eval[string](t, ctx, `(document.querySelector('#themes-table a[href*="/themes/"]') || {}).href || ""`)
	if theme == "" {
		t.Fatal("no theme link in the report")
	}
	do(t, ctx, "open theme", chromedp.Navigate(theme), chromedp.WaitVisible(chromedp.CSS("h1")))
	phoneChecks(t, ctx, "theme page")
}

// phoneChecks opens every table alternative, then checks sideways scroll,
// chart text and axe, and keeps a full-page screenshot.
func phoneChecks(t *testing.T, ctx context.Context, label string) {
	t.Helper()
	eval[bool](t, ctx, `(document.querySelectorAll("details").forEach(function (d) { d.open = true; }), true)`)
	checkNoHorizontalScroll(t, ctx, label+" at 360px", 360)
	var ct chartText
	if err := json.Unmarshal([]byte(eval[string](t, ctx, chartTextJS)), &ct); err != nil {
		t.Fatal(err)
	}
	if ct.Count > 0 && ct.Min < 12 {
		t.Errorf("%s: chart text as small as %.1f CSS px at 360 px, want 12 or more: %v", label, ct.Min, ct.Small)
	}
	if label == "team report" && ct.Count < 20 {
		t.Errorf("%s: only %d chart texts measured: are the charts there?", label, ct.Count)
	}
	// No theme name is cut short anywhere on the page.
	if eval[bool](t, ctx, `Array.prototype.some.call(document.querySelectorAll(".chorus-bars__label, #themes-table th"), function (e) { return e.innerText.indexOf("…") >= 0; })`) {
		t.Errorf("%s: text cut with an ellipsis", label)
	}
	runAxe(t, ctx, label+" at 360px")
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("%s: screenshot: %v", label, err)
	}
	name := filepath.Join(artifactsDir, "phone-360-"+strings.ReplaceAll(label, " ", "-")+".png")
	if err := os.WriteFile(name, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(name)
	if ct.Count == 0 {
		t.Logf("%s: screenshot %s (no charts on the page)", label, abs)
		return
	}
	t.Logf("%s: screenshot %s (chart text: %d pieces, smallest %.1f px)", label, abs, ct.Count, ct.Min)
}
