package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// focusInSummaryJS is true when the error summary or something inside it
// (its heading) has focus.
const focusInSummaryJS = `(function () {
  var s = document.querySelector(".nhsuk-error-summary");
  return !!s && (document.activeElement === s || s.contains(document.activeElement));
})()`

// waitWithin waits until expr is truthy, for at most d, and reports whether
// it became so. The bound only stops a wait for something that is not
// going to happen; it is not a measure of speed.
func waitWithin(ctx context.Context, d time.Duration, expr string) bool {
	for {
		_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(d)))
		if err != nil && ctx.Err() == nil && navigatedAway(err) {
			continue
		}
		return err == nil
	}
}

// TestErrorSummary sends the demo survey empty, with the page script and
// without it, on a phone-sized screen, and checks the NHS error summary: it
// is announced (role alert), takes focus, starts the page title with
// "Error:", lists each missing answer with a link to its field, and
// following a link by keyboard moves focus to that field with its question
// on screen.
func TestErrorSummary(t *testing.T) {
	for _, script := range []bool{true, false} {
		name := "with script"
		if !script {
			name = "without script"
		}
		t.Run(name, func(t *testing.T) {
			a := newApp(t)
			ctx := newTab(t)
			if !script {
				noScript(t, ctx)
			}
			// A small phone, where a jump to a field most easily hides its
			// question.
			do(t, ctx, "phone viewport", chromedp.EmulateViewport(360, 640, chromedp.EmulateScale(2)))
			do(t, ctx, "open form", chromedp.Navigate(a.surveyURL("north-cmht")))
			if script {
				scriptReady(t, ctx)
			}
			do(t, ctx, "focus the button", chromedp.Focus(chromedp.ID("submit-feedback")))
			key(t, ctx, kb.Enter)
			do(t, ctx, "error summary", chromedp.WaitVisible(chromedp.CSS(".nhsuk-error-summary")))
			waitFor(t, ctx, "load", `document.readyState === "complete"`)
			if n := a.responses(t); n != 0 {
				t.Fatalf("%d responses stored from an empty form", n)
			}

			if !eval[bool](t, ctx, `!!document.querySelector(".nhsuk-error-summary[role=alert], .nhsuk-error-summary [role=alert]")`) {
				t.Errorf("the error summary has no role=alert, so it is not announced")
			}
			if !waitWithin(ctx, 10*time.Second, focusInSummaryJS) {
				t.Errorf("the error summary did not receive focus; focus is on %s", focused(t, ctx))
			}
			if title := eval[string](t, ctx, `document.title`); !strings.HasPrefix(title, "Error: ") {
				t.Errorf("page title %q does not start with \"Error: \"", title)
			}

			var links []string
			if err := json.Unmarshal([]byte(eval[string](t, ctx, `JSON.stringify(Array.prototype.map.call(document.querySelectorAll(".nhsuk-error-summary a"), function (a) { return a.getAttribute("href"); }))`)), &links); err != nil {
				t.Fatalf("summary links: %v", err)
			}
			if want := []string{"#a-role", "#a-fft"}; !slices.Equal(links, want) {
				t.Fatalf("summary links %v, want %v (the required questions, in form order)", links, want)
			}
			for i, href := range links {
				id := strings.TrimPrefix(href, "#")
				// The field exists, is a visible form control, and names its
				// inline error in aria-describedby.
				check := eval[string](t, ctx, fmt.Sprintf(`(function () {
  var el = document.getElementById(%s);
  if (!el) { return "no element"; }
  if (!/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)) { return "not a form field: " + el.tagName; }
  if (!el.getClientRects().length) { return "not visible"; }
  var group = el.closest(".nhsuk-form-group");
  var msg = group && group.querySelector(".nhsuk-error-message");
  if (!msg || !msg.id) { return "no inline error message with an id"; }
  var described = el.closest("fieldset") || el;
  if ((" " + (described.getAttribute("aria-describedby") || "") + " ").indexOf(" " + msg.id + " ") < 0) { return "error message not in aria-describedby"; }
  return "";
})()`, jsString(id)))
				if check != "" {
					t.Errorf("summary link %s: %s", href, check)
					continue
				}
				// Follow the link with the keyboard: from the summary, Tab to
				// the link and press Enter.
				eval[bool](t, ctx, `(document.querySelector(".nhsuk-error-summary").focus(), true)`)
				for range i + 1 {
					key(t, ctx, kb.Tab)
				}
				if got := eval[string](t, ctx, `document.activeElement.getAttribute("href") || ""`); got != href {
					t.Fatalf("Tab from the summary reached %q (%s), want the link %s", got, focused(t, ctx), href)
				}
				key(t, ctx, kb.Enter)
				if !waitWithin(ctx, 10*time.Second, fmt.Sprintf(`document.activeElement && document.activeElement.id === %s`, jsString(id))) {
					t.Errorf("following %s left focus on %s, want #%s", href, focused(t, ctx), id)
					continue
				}
				// The question's words must be on screen, not scrolled off
				// above the field.
				onScreen := eval[bool](t, ctx, fmt.Sprintf(`(function () {
  var el = document.getElementById(%s);
  var q = el.closest("fieldset") ? el.closest("fieldset").querySelector("legend") : document.querySelector("label[for='" + el.id + "']");
  var r = q.getBoundingClientRect();
  return r.top >= 0 && r.bottom <= innerHeight;
})()`, jsString(id)))
				if !onScreen {
					t.Errorf("after following %s the question's legend or label is off screen", href)
				}
			}
		})
	}
}
