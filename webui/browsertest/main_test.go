package browsertest

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/demo"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/webui"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// One browser serves every test of the binary; each test opens its own tab.
var (
	browserOnce sync.Once
	browserCtx  context.Context
	browserErr  error
	browserStop = func() {}
)

// errNoBrowser means no Chromium executable was found.
var errNoBrowser = errors.New("no chromium executable found (install Debian's chromium, or set CHORUS_CHROMIUM)")

func TestMain(m *testing.M) {
	code := m.Run()
	browserStop()
	os.Exit(code)
}

// chromiumPath finds the browser: CHORUS_CHROMIUM, else the usual names.
func chromiumPath() string {
	if p := os.Getenv("CHORUS_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// startBrowser launches headless Chromium with a fresh profile. The machine's
// network is closed, so everything that would call out is switched off.
func startBrowser() (context.Context, func(), error) {
	path := chromiumPath()
	if path == "" {
		return nil, nil, errNoBrowser
	}
	dir, err := os.MkdirTemp("", "chorus-chromium-")
	if err != nil {
		return nil, nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1280, 1024),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("lang", "en-GB"),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	stop := func() {
		cancelCtx()
		cancelAlloc()
		_ = os.RemoveAll(dir)
	}
	if err := chromedp.Do(ctx); err != nil { // starts the browser, with no timeout
		stop()
		return nil, nil, fmt.Errorf("start %s: %w", path, err)
	}
	return ctx, stop, nil
}

// tabTimeout bounds each test's tab generously: these tests wait for
// conditions, never for fixed times, so the bound only stops a hang.
const tabTimeout = 60 * time.Second

// newTab opens a new tab in the shared browser, closed when the test ends.
// Focus is emulated so that the page behaves as if its window had focus
// (headless windows otherwise do not, and focus events would not fire).
func newTab(t *testing.T) context.Context {
	t.Helper()
	browserOnce.Do(func() {
		var stop func()
		browserCtx, stop, browserErr = startBrowser()
		if stop != nil {
			browserStop = stop
		}
	})
	if browserErr != nil {
		if errors.Is(browserErr, errNoBrowser) && os.Getenv("CHORUS_REQUIRE_BROWSER") != "1" {
			t.Skipf("browser tests skipped: %v", browserErr)
		}
		t.Fatalf("browser: %v", browserErr)
	}
	tab, cancelTab := chromedp.NewContext(browserCtx)
	if err := chromedp.Do(tab); err != nil { // opens the tab, tied to tab's life only
		cancelTab()
		t.Fatalf("open tab: %v", err)
	}
	ctx, cancel := context.WithTimeout(tab, tabTimeout)
	t.Cleanup(func() {
		cancel()
		cancelTab()
	})
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatalf("focus emulation: %v", err)
	}
	return ctx
}

// app is Chorus as `chorus serve --demo` wires it: the API and the pages on
// one Echo over the real embedded store, seeded with the demo trust.
type app struct {
	URL   string
	Store *store.Store
}

// newApp starts the app on a fresh database.
func newApp(t *testing.T) *app {
	t.Helper()
	st := storetest.Open(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := demo.Seed(ctx, st); err != nil {
		t.Fatalf("demo.Seed: %v", err)
	}
	log := slog.New(slog.DiscardHandler)
	srv := api.New(api.Config{Store: st, Logger: log, Now: time.Now, SubmitRate: 1000})
	e := api.NewEcho(log)
	srv.Register(e)
	ui, err := webui.New(srv, webui.Options{Logger: log})
	if err != nil {
		t.Fatalf("webui.New: %v", err)
	}
	ui.Register(e)
	ts := httptest.NewServer(e)
	t.Cleanup(ts.Close)
	return &app{URL: ts.URL, Store: st}
}

// allTypesSlug is webui's test survey (../testdata/survey.json): every
// question type, in English, Welsh and Arabic (right to left).
const allTypesSlug = "ward-feedback"

// publishAllTypes publishes webui's test survey next to the demo, for teams
// ward-a and ward-b of a new service of the demo trust. Its keywords are
// left out: one of them folds to the demo's "bluebell".
func (a *app) publishAllTypes(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := os.ReadFile("../testdata/survey.json")
	if err != nil {
		t.Fatalf("webui test survey: %v", err)
	}
	var sv survey.Survey
	if err := json.Unmarshal(b, &sv); err != nil {
		t.Fatalf("webui test survey: %v", err)
	}
	sv.Keywords = nil
	survey.NormaliseSurvey(&sv)
	if err := survey.CheckSurvey(&sv); err != nil {
		t.Fatalf("webui test survey: %v", err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("publish the webui test survey: %v", err)
		}
	}
	must(a.Store.CreateService(ctx, survey.Service{Slug: "wards", Organisation: demo.Organisation.Slug, Name: "Wards"}))
	for _, team := range sv.Teams {
		_, err := a.Store.CreateTeam(ctx, survey.Team{Slug: team.Slug, Service: "wards", Organisation: demo.Organisation.Slug, Name: team.Name})
		must(err)
	}
	must(a.Store.CreateSurvey(ctx, store.SurveyInfo{Slug: sv.Slug, Organisation: demo.Organisation.Slug, Title: sv.Title}))
	v, err := a.Store.SaveDraft(ctx, &sv)
	must(err)
	_, err = a.Store.PublishVersion(ctx, sv.Slug, v)
	must(err)
}

// responses counts the stored responses to the demo survey.
func (a *app) responses(t *testing.T) int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	n, err := a.Store.CountResponses(ctx, store.ResponseFilter{Survey: demo.SurveySlug})
	if err != nil {
		t.Fatalf("count responses: %v", err)
	}
	return n
}

// surveyURL is the form of one demo team.
func (a *app) surveyURL(team string) string {
	return a.URL + "/s/" + demo.SurveySlug + "/" + team
}

// do runs actions in the tab, failing the test on error.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression in the page and decodes its value.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %.80q: %v", expr, err)
	}
	return v
}

// waitFor waits until a JavaScript expression is truthy, across page loads:
// a poll that a navigation interrupts starts again on the new page. Only
// the tab's deadline bounds the wait.
func waitFor(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	for {
		_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(0)))
		if err == nil {
			return
		}
		if ctx.Err() == nil && navigatedAway(err) {
			continue
		}
		t.Fatalf("waiting for %s (%s): %v", what, expr, err)
	}
}

// navigatedAway reports whether an evaluation failed because the page it
// ran in went away (a navigation), so that it can be tried again.
func navigatedAway(err error) bool {
	msg := err.Error()
	for _, s := range []string{"navigated or closed", "Execution context was destroyed", "Cannot find context", "context with specified id"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// clickAndLoad clicks the element and waits for the page load it causes, so
// that nothing meant for the next page runs against the old one.
func clickAndLoad(t *testing.T, ctx context.Context, what string, sel chromedp.CSS) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(sel))); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// pageReady waits until the document at a path has loaded completely.
func pageReady(t *testing.T, ctx context.Context, pathSuffix string) {
	t.Helper()
	waitFor(t, ctx, "page "+pathSuffix,
		fmt.Sprintf(`document.readyState === "complete" && location.pathname.endsWith(%q)`, pathSuffix))
}

// noScript blocks the page script, as on a phone where it failed to load or
// JavaScript is off, for the rest of the tab's life. Page scripts are
// blocked at the network, so the tests' own evaluations still run.
func noScript(t *testing.T, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("network.Enable: %v", err)
	}
	_, err := chromedp.Call(ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{
		URLPatterns: []*network.BlockPattern{{URLPattern: "*://*:*/static/*.js", Block: true}},
	})
	if err != nil {
		t.Fatalf("block scripts: %v", err)
	}
}

// setOffline cuts or restores the tab's network, as airplane mode would:
// requests fail and navigator.onLine follows.
func setOffline(t *testing.T, ctx context.Context, offline bool) {
	t.Helper()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("network.Enable: %v", err)
	}
	// Network.emulateNetworkConditions is deprecated in favour of
	// emulateNetworkConditionsByRule, but Debian's Chromium 148 refuses the
	// by-rule parameters cdproto sends ("Invalid parameters"), and it still
	// takes the older command; cdproto no longer has it, so it is sent raw.
	emulate := cdp.Command[map[string]any, struct{}]{Method: "Network.emulateNetworkConditions"}
	params := map[string]any{"offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
	if _, err := chromedp.Call(ctx, emulate, params); err != nil {
		t.Fatalf("network conditions: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		t.Fatalf("network state: %v", err)
	}
}

// key presses keys (kb constants or text) on whatever has focus, as a
// physical keyboard sends them: a raw key down, the character if the key
// types one, and a key up. (chromedp.KeyEvent sends a cooked keyDown and a
// char, which makes two keypress events: Enter on a link that moves focus to
// a field would then also submit the form, which no real keyboard does.)
func key(t *testing.T, ctx context.Context, keys string) {
	t.Helper()
	for _, r := range keys {
		for _, ev := range kb.Encode(r) {
			p := *ev
			if p.Type == input.DispatchKeyEventTypeKeyDown {
				p.Type = input.DispatchKeyEventTypeRawKeyDown
			}
			if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, p); err != nil {
				t.Fatalf("key %q: %v", r, err)
			}
		}
	}
}

// focused describes document.activeElement: its id, else its name, else
// its tag and text.
const focusedJS = `(function () {
  var el = document.activeElement;
  if (!el || el === document.body) { return "(body)"; }
  if (el.id) { return "#" + el.id; }
  if (el.name) { return "[name=" + el.name + "]"; }
  return el.tagName.toLowerCase() + ":" + (el.textContent || "").trim().slice(0, 40);
})()`

func focused(t *testing.T, ctx context.Context) string {
	t.Helper()
	return eval[string](t, ctx, focusedJS)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// trimURL shortens a URL of the app for messages.
func (a *app) trimURL(u string) string { return strings.TrimPrefix(u, a.URL) }
