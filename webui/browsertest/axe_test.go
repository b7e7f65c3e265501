package browsertest

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/demo"
	"github.com/chromedp/chromedp"
)

// axeSource is axe-core from npm (see testdata/README.md), MPL-2.0.
//
//go:embed testdata/axe.min.js
var axeSource string

// axeTags are the rule sets run on every page: WCAG 2.0, 2.1 and 2.2 at
// levels A and AA, and Deque's best practices (landmarks, headings).
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"}

// axeViolation is one failed rule with the elements that fail it.
type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  []any  `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// axeResult is what runAxe reads back from the page.
type axeResult struct {
	Version    string         `json:"version"`
	Passes     int            `json:"passes"`
	Incomplete []axeViolation `json:"incomplete"`
	Violations []axeViolation `json:"violations"`
}

// runAxe injects axe-core into the page in its current state and fails the
// test on any violation, naming the rule, its impact, the elements and the
// help page. It also fails if axe checked nothing.
func runAxe(t *testing.T, ctx context.Context, label string) {
	t.Helper()
	if !eval[bool](t, ctx, `typeof window.axe === "object"`) {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
			t.Fatalf("%s: inject axe-core: %v", label, err)
		}
	}
	tags, _ := json.Marshal(axeTags)
	expr := `(function () {
  function brief(v) {
    return {id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map(function (n) { return {target: n.target, html: n.html, summary: n.failureSummary}; })};
  }
  return axe.run(document, {runOnly: {type: "tag", values: ` + string(tags) + `}, resultTypes: ["violations", "incomplete"]}).then(function (r) {
  return JSON.stringify({
    version: r.testEngine.version,
    passes: r.passes.length,
    incomplete: r.incomplete.map(brief),
    violations: r.violations.map(brief)
  });
});
})()`
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: axe.run: %v", label, err)
	}
	var res axeResult
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		t.Fatalf("%s: axe result: %v", label, err)
	}
	if res.Passes == 0 {
		t.Fatalf("%s: axe %s passed no rule at all: the page is empty or axe did not run", label, res.Version)
	}
	for _, v := range res.Incomplete {
		if v.ID == "color-contrast" {
			v = decideContrast(t, ctx, label, v)
			if len(v.Nodes) == 0 {
				continue
			}
		}
		t.Logf("%s", v.describe(label+": axe could not decide, check by hand:"))
	}
	for _, v := range res.Violations {
		t.Error(v.describe(label + ": axe violation:"))
	}
}

// describe formats a rule result with its elements for the test log.
func (v axeViolation) describe(prefix string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s [%s] %s\n    %s", prefix, v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n    target %v\n      %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n      "))
	}
	return b.String()
}

// TestAxe runs axe-core on every respondent page, in the states a person
// can reach: with and without JavaScript, with errors, with the carer
// questions shown, in Welsh, in easy read, in kiosk mode, the thank-you
// page with its support (the prominent version is checked by
// TestThanksSupport after a real flagged comment), the privacy notice, the poster,
// keyword links and the not-found page.
func TestAxe(t *testing.T) {
	a := newApp(t)
	base := a.URL + "/s/" + demo.SurveySlug
	quarter := "2026-27-Q3"

	type page struct {
		name     string
		url      string
		noScript bool
		// then brings the page into the state to check, after it loaded.
		then func(t *testing.T, ctx context.Context)
		// ready is a selector that must be visible before axe runs.
		ready string
	}
	pages := []page{
		{name: "team choice", url: base, ready: "#continue"},
		{name: "team choice with error", url: base + "?choose=1", ready: ".nhsuk-error-summary"},
		{name: "keyword sunflower", url: a.URL + "/k/Sun%20Flower", ready: "#survey-form"},
		{name: "keyword not found", url: a.URL + "/k/no-such-word", ready: "h1"},
		{name: "unknown survey", url: a.URL + "/s/no-such-survey", ready: "h1"},
		{name: "unknown team", url: base + "/no-such-team", ready: "h1"},
		{name: "welsh", url: base + "/north-cmht?lang=cy", ready: "#survey-form"},
		{name: "easy read", url: base + "/north-cmht?easy=1", ready: "#survey-form"},
		{name: "welsh easy read", url: base + "/north-cmht?lang=cy&easy=1", ready: "#survey-form"},
		{name: "kiosk", url: base + "/north-cmht?kiosk=1", ready: "#survey-form"},
		{name: "thank you", url: base + "/thanks?q=" + quarter, ready: "#thanks-panel"},
		{name: "thank you welsh support", url: base + "/thanks?q=" + quarter + "&lang=cy", ready: "#support"},
		{name: "thank you kiosk", url: base + "/thanks?q=" + quarter + "&kiosk=1", ready: "#thanks-panel"},
		{name: "privacy", url: a.URL + "/privacy", ready: "h1"},
		{name: "you said, we did", url: a.URL + "/you-said-we-did/community-mental-health", ready: "h1"},
		{name: "poster", url: base + "/north-cmht/poster", ready: "#poster-url"},
		{name: "poster no js", url: base + "/north-cmht/poster", ready: "#poster-url", noScript: true},
		{name: "form no js", url: base + "/north-cmht", ready: "#survey-form", noScript: true},
		{
			name: "form errors no js", url: base + "/north-cmht", noScript: true, ready: ".nhsuk-error-summary",
			then: func(t *testing.T, ctx context.Context) {
				// Enter on the submit button posts the empty form.
				do(t, ctx, "submit", chromedp.Focus(chromedp.ID("submit-feedback")))
				key(t, ctx, "\r")
			},
		},
		{
			name: "carer questions no js", url: base + "/north-cmht", noScript: true, ready: "#section-carers",
			then: func(t *testing.T, ctx context.Context) {
				do(t, ctx, "choose carer", chromedp.Click(chromedp.ID("a-role-2")))
				do(t, ctx, "update the questions", chromedp.Click(chromedp.ID("refresh-role")))
			},
		},
		{
			name: "form errors js", url: base + "/north-cmht", ready: ".nhsuk-error-summary",
			then: func(t *testing.T, ctx context.Context) {
				do(t, ctx, "submit", chromedp.Click(chromedp.ID("submit-feedback")))
			},
		},
		{
			name: "carer questions js", url: base + "/south-cmht", ready: "#section-carers",
			then: func(t *testing.T, ctx context.Context) {
				do(t, ctx, "choose carer", chromedp.Click(chromedp.ID("a-role-2")))
			},
		},
	}
	// Every question type, in English and in Arabic (right to left), blank
	// and with the errors of a blank submission.
	a.publishAllTypes(t)
	allTypes := a.URL + "/s/" + allTypesSlug + "/ward-a"
	submitEmpty := func(t *testing.T, ctx context.Context) {
		do(t, ctx, "submit", chromedp.Focus(chromedp.ID("submit-feedback")))
		key(t, ctx, "\r")
	}
	pages = append(pages,
		page{name: "all question types", url: allTypes, ready: "#survey-form"},
		page{name: "all question types arabic", url: allTypes + "?lang=ar", ready: "#survey-form"},
		page{name: "all question types errors js", url: allTypes, ready: ".nhsuk-error-summary", then: submitEmpty},
		page{name: "all question types errors no js", url: allTypes, ready: ".nhsuk-error-summary", then: submitEmpty, noScript: true},
		page{name: "all question types arabic errors", url: allTypes + "?lang=ar", ready: ".nhsuk-error-summary", then: submitEmpty},
	)
	for _, team := range demo.Teams {
		pages = append(pages, page{name: "form " + team.Slug, url: base + "/" + team.Slug, ready: "#survey-form"})
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			ctx := newTab(t)
			if p.noScript {
				noScript(t, ctx)
			}
			do(t, ctx, "open "+a.trimURL(p.url), chromedp.Navigate(p.url))
			if p.then != nil {
				p.then(t, ctx)
			}
			do(t, ctx, "wait for "+p.ready, chromedp.WaitVisible(chromedp.CSS(p.ready)))
			waitFor(t, ctx, "load", `document.readyState === "complete"`)
			if p.noScript && eval[bool](t, ctx, `document.body.className.indexOf("nhsuk-frontend-supported") >= 0`) {
				t.Fatalf("the page script ran although it was blocked")
			}
			runAxe(t, ctx, p.name)
		})
	}
}

// contrastJS measures the contrast of an element's text against the first
// opaque background behind it, ignoring pseudo-elements (the radio and
// checkbox circles of nhsuk-frontend, which make axe give up). It returns
// the ratio and whether the text is large (WCAG 1.4.3: 24px, or 18.66px
// bold), or a reason it cannot decide (a background image, transparency).
const contrastJS = `(function (sel) {
  var el = document.querySelector(sel);
  if (!el) { return {why: "no element"}; }
  function rgba(c) {
    var m = /^rgba?\(([^)]+)\)$/.exec(c);
    if (!m) { return null; }
    var p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  }
  function lum(c) {
    function ch(v) { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
  }
  var style = getComputedStyle(el);
  var fg = rgba(style.color);
  if (!fg || fg.a < 1) { return {why: "text colour " + style.color}; }
  var bg = null;
  for (var n = el; n && n.nodeType === 1; n = n.parentElement) {
    var s = getComputedStyle(n);
    if (s.backgroundImage !== "none") { return {why: "background image on " + n.tagName}; }
    var c = rgba(s.backgroundColor);
    if (!c) { return {why: "background " + s.backgroundColor}; }
    if (c.a === 0) { continue; }
    if (c.a < 1) { return {why: "translucent background on " + n.tagName}; }
    bg = c;
    break;
  }
  bg = bg || {r: 255, g: 255, b: 255, a: 1};
  var l1 = lum(fg), l2 = lum(bg);
  var size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
  return {ratio: (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05), large: size >= 24 || (bold && size >= 18.66),
    fg: style.color, bg: "rgb(" + bg.r + ", " + bg.g + ", " + bg.b + ")"};
})`

// contrast is what contrastJS returns.
type contrast struct {
	Ratio float64 `json:"ratio"`
	Large bool    `json:"large"`
	FG    string  `json:"fg"`
	BG    string  `json:"bg"`
	Why   string  `json:"why"`
}

// decideContrast measures the elements axe left undecided for colour
// contrast. Text below 4.5:1 (3:1 if large) fails the test; elements it
// cannot measure either stay in the returned result, to be logged.
func decideContrast(t *testing.T, ctx context.Context, label string, v axeViolation) axeViolation {
	t.Helper()
	undecided := v
	undecided.Nodes = nil
	for _, n := range v.Nodes {
		sel, ok := n.Target[len(n.Target)-1].(string)
		if len(n.Target) != 1 || !ok {
			undecided.Nodes = append(undecided.Nodes, n)
			continue
		}
		var c contrast
		raw := eval[string](t, ctx, "JSON.stringify("+contrastJS+"("+jsString(sel)+"))")
		if err := json.Unmarshal([]byte(raw), &c); err != nil {
			t.Fatalf("%s: contrast of %s: %v", label, sel, err)
		}
		if c.Why != "" {
			undecided.Nodes = append(undecided.Nodes, n)
			continue
		}
		min := 4.5
		if c.Large {
			min = 3
		}
		if c.Ratio < min {
			t.Errorf("%s: colour contrast of %s is %.2f:1 (%s on %s), below %.1f:1 (WCAG 1.4.3)", label, sel, c.Ratio, c.FG, c.BG, min)
		}
	}
	return undecided
}
