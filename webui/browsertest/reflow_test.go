package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/chorus-nhs/chorus/demo"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// overflowJS measures horizontal overflow: the document's scroll width
// against the window, and the elements whose box sticks out to the right
// (or left) of the window, for the failure message.
const overflowJS = `(function () {
  var doc = document.documentElement;
  var out = {scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, clientWidth: doc.clientWidth, offenders: []};
  var all = document.body.getElementsByTagName("*");
  for (var i = 0; i < all.length && out.offenders.length < 10; i++) {
    var r = all[i].getBoundingClientRect();
    if (r.width === 0 || getComputedStyle(all[i]).position === "fixed") { continue; }
    if (r.right > window.innerWidth + 1 || r.left < -1) {
      var el = all[i];
      out.offenders.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "") +
        " [" + Math.round(r.left) + ", " + Math.round(r.right) + "]");
    }
  }
  var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  var range = document.createRange();
  for (var n = walker.nextNode(); n && out.offenders.length < 10; n = walker.nextNode()) {
    if (!n.textContent.trim()) { continue; }
    var box = n.parentNode.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) { continue; } // visually hidden, clipped
    range.selectNodeContents(n);
    var rects = range.getClientRects();
    for (var j = 0; j < rects.length; j++) {
      if (rects[j].right > window.innerWidth + 1 || rects[j].left < -1) {
        out.offenders.push("text " + JSON.stringify(n.textContent.trim().slice(0, 40)) + " in " + n.parentNode.tagName.toLowerCase() +
          " [" + Math.round(rects[j].left) + ", " + Math.round(rects[j].right) + "]");
        break;
      }
    }
  }
  return JSON.stringify(out);
})()`

type overflow struct {
	ScrollWidth int      `json:"scrollWidth"`
	InnerWidth  int      `json:"innerWidth"`
	ClientWidth int      `json:"clientWidth"`
	Offenders   []string `json:"offenders"`
}

// checkNoHorizontalScroll fails if the page is wider than the window.
func checkNoHorizontalScroll(t *testing.T, ctx context.Context, label string, wantWidth int) {
	t.Helper()
	var o overflow
	if err := json.Unmarshal([]byte(eval[string](t, ctx, overflowJS)), &o); err != nil {
		t.Fatalf("%s: overflow: %v", label, err)
	}
	if wantWidth > 0 && o.InnerWidth != wantWidth {
		t.Fatalf("%s: window is %d CSS px wide, want %d: the emulation did not apply", label, o.InnerWidth, wantWidth)
	}
	if o.ScrollWidth > o.InnerWidth {
		t.Errorf("%s: scrolls horizontally: content %d CSS px wide in a %d px window; sticking out: %v", label, o.ScrollWidth, o.InnerWidth, o.Offenders)
	}
}

// TestReflow opens every respondent page at 320 CSS px wide (WCAG 1.4.10),
// at 200% zoom of a 1280 px window, at 200% zoom of a 640 px phone, and at
// 320 px with the browser's text size doubled (WCAG 1.4.4), and checks that
// no page scrolls sideways, in every state a person can bring it to
// (errors, carer questions, crisis support).
//
// Browser zoom is emulated as the browser does it: the device pixel ratio
// doubles and the CSS viewport halves (1280 px at 200% is 640 CSS px), so
// media queries see the narrower window. CSS zoom on the root element is
// not used, because media queries ignore it and it models no real setting.
func TestReflow(t *testing.T) {
	a := newApp(t)
	a.publishAllTypes(t)
	base := a.URL + "/s/" + demo.SurveySlug
	quarter := "2026-27-Q3"
	pages := []struct {
		name, url string
		then      func(t *testing.T, ctx context.Context)
	}{
		{name: "team choice", url: base},
		{name: "team choice error", url: base + "?choose=1"},
		{name: "form", url: base + "/crisis-team"},
		{name: "form welsh easy read", url: base + "/early-intervention?lang=cy&easy=1"},
		{name: "form kiosk", url: base + "/north-cmht?kiosk=1"},
		{name: "form with errors and carer questions", url: base + "/north-cmht", then: func(t *testing.T, ctx context.Context) {
			do(t, ctx, "carer", chromedp.Click(chromedp.ID("a-role-2")))
			waitFor(t, ctx, "carer questions", `!document.getElementById("section-carers").hidden`)
			do(t, ctx, "send", chromedp.Click(chromedp.ID("submit-feedback")))
			do(t, ctx, "errors", chromedp.WaitVisible(chromedp.CSS(".nhsuk-error-summary")))
		}},
		{name: "thank you with support", url: base + "/thanks?q=" + quarter + "&team=north-cmht"},
		{name: "thank you welsh", url: base + "/thanks?q=" + quarter + "&lang=cy"},
		{name: "all question types", url: a.URL + "/s/" + allTypesSlug + "/ward-b"},
		{name: "all question types arabic", url: a.URL + "/s/" + allTypesSlug + "/ward-b?lang=ar"},
		{name: "privacy", url: a.URL + "/privacy"},
		{name: "you said, we did", url: a.URL + "/you-said-we-did/community-mental-health"},
		{name: "poster", url: base + "/early-intervention/poster"},
		{name: "not found", url: a.URL + "/k/no-such-word"},
	}
	views := []struct {
		name          string
		width, height int64
		scale         float64
		fontSize      int64 // the browser's default text size; 16 is normal
		cssWidth      int
	}{
		{name: "320px", width: 320, height: 640, scale: 1, cssWidth: 320},
		{name: "1280px at 200% zoom", width: 640, height: 512, scale: 2, cssWidth: 640},
		{name: "640px phone at 200% zoom", width: 320, height: 640, scale: 2, cssWidth: 320},
		{name: "320px with text size 200%", width: 320, height: 640, scale: 1, fontSize: 32, cssWidth: 320},
	}
	for _, v := range views {
		t.Run(v.name, func(t *testing.T) {
			ctx := newTab(t)
			do(t, ctx, "viewport", chromedp.EmulateViewport(v.width, v.height, chromedp.EmulateScale(v.scale)))
			if v.fontSize > 0 {
				if _, err := chromedp.Call(ctx, page.SetFontSizes, page.SetFontSizesParams{FontSizes: &page.FontSizes{Standard: v.fontSize}}); err != nil {
					t.Fatalf("font size: %v", err)
				}
			}
			for _, p := range pages {
				do(t, ctx, "open "+p.name, chromedp.Navigate(p.url))
				scriptReady(t, ctx)
				if p.then != nil {
					p.then(t, ctx)
				}
				checkNoHorizontalScroll(t, ctx, fmt.Sprintf("%s at %s", p.name, v.name), v.cssWidth)
			}
			if v.fontSize > 0 {
				// How much the body text grew with the browser's text size.
				t.Logf("body text is %s with the browser's text size at %dpx", eval[string](t, ctx, `getComputedStyle(document.querySelector("main p") || document.body).fontSize`), v.fontSize)
			}
			if _, err := chromedp.Call(ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{}); err != nil {
				t.Logf("clear viewport: %v", err)
			}
		})
	}
}
