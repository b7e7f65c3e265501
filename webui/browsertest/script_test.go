package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Messages of the page script, as webui's English interface text has them.
const (
	msgOffline = "Your feedback is saved on this phone and will be sent when you are back online."
	msgSent    = "Thank you, your feedback has been sent."
)

// visible reports whether the element with the id is shown.
func visible(t *testing.T, ctx context.Context, id string) bool {
	t.Helper()
	return eval[bool](t, ctx, fmt.Sprintf(`(function () { var el = document.getElementById(%s); return !!el && !el.hidden && el.getClientRects().length > 0; })()`, jsString(id)))
}

// markPage sets a flag on the window that a page load would clear.
func markPage(t *testing.T, ctx context.Context) {
	t.Helper()
	eval[bool](t, ctx, `(window.__chorusSamePage = true)`)
}

// samePage fails if the page was reloaded since markPage.
func samePage(t *testing.T, ctx context.Context, after string) {
	t.Helper()
	if !eval[bool](t, ctx, `window.__chorusSamePage === true`) {
		t.Fatalf("the page reloaded after %s; want the change in place", after)
	}
}

// TestLiveConditions checks that with the script, choosing "carer" shows
// the carer questions at once, without a reload, and choosing "someone who
// uses the service" hides them again and takes them out of the form.
func TestLiveConditions(t *testing.T) {
	a := newApp(t)
	ctx := newTab(t)
	do(t, ctx, "open form", chromedp.Navigate(a.surveyURL("crisis-team")))
	scriptReady(t, ctx)
	markPage(t, ctx)
	if visible(t, ctx, "section-carers") {
		t.Fatalf("carer questions shown before the role is chosen")
	}
	if visible(t, ctx, "refresh-role") {
		t.Errorf(`"Update the questions" is shown although the script applies conditions live`)
	}
	do(t, ctx, "choose carer", chromedp.Click(chromedp.ID("a-role-2")))
	waitFor(t, ctx, "carer questions", `!document.getElementById("section-carers").hidden`)
	samePage(t, ctx, "choosing carer")
	if eval[bool](t, ctx, `document.getElementById("a-carer_involved").disabled`) {
		t.Errorf("carer questions shown but their inputs are disabled")
	}
	do(t, ctx, "choose service user", chromedp.Click(chromedp.ID("a-role")))
	waitFor(t, ctx, "carer questions hidden", `document.getElementById("section-carers").hidden`)
	samePage(t, ctx, "choosing service user")
	if !eval[bool](t, ctx, `document.getElementById("a-carer_involved").disabled`) {
		t.Errorf("hidden carer questions would still be sent (inputs enabled)")
	}
}

// TestDraftStaysInBrowser checks that answers typed are kept in this
// browser across a reload, and that nothing reaches the server until the
// person sends them.
func TestDraftStaysInBrowser(t *testing.T) {
	a := newApp(t)
	ctx := newTab(t)
	url := a.surveyURL("early-intervention")
	do(t, ctx, "open form", chromedp.Navigate(url))
	scriptReady(t, ctx)
	do(t, ctx, "answer",
		chromedp.Click(chromedp.ID("a-fft-4")),
		chromedp.SendKeys(chromedp.ID("a-better"), "Shorter waits"),
	)
	waitFor(t, ctx, "draft saved", `(function () {
  for (var i = 0; i < localStorage.length; i++) {
    var k = localStorage.key(i);
    if (k.indexOf("chorus-draft:") === 0 && localStorage.getItem(k).indexOf("Shorter waits") >= 0) { return true; }
  }
  return false;
})()`)
	do(t, ctx, "reload", chromedp.Navigate(url))
	scriptReady(t, ctx)
	if got := eval[string](t, ctx, `document.getElementById("a-better").value`); got != "Shorter waits" {
		t.Errorf("comment after reload = %q, want the draft restored", got)
	}
	if !checked(t, ctx, "a-fft-4") {
		t.Errorf("FFT answer not restored from the draft")
	}
	if n := a.responses(t); n != 0 {
		t.Errorf("%d responses stored from a draft; the server must see nothing until sent", n)
	}
}

// TestOfflineOutbox sends the survey with the network cut: the person is
// told it is saved on the phone, nothing reaches the server; when the
// network returns it is sent, stored exactly once, and the person is told
// and taken to the thank-you page.
func TestOfflineOutbox(t *testing.T) {
	a := newApp(t)
	ctx := newTab(t)
	do(t, ctx, "open form", chromedp.Navigate(a.surveyURL("north-cmht")))
	scriptReady(t, ctx)
	id := eval[string](t, ctx, `document.querySelector("input[name=response_id]").value`)
	do(t, ctx, "answer",
		chromedp.Click(chromedp.ID("a-role")),
		chromedp.Click(chromedp.ID("a-fft-2")),
		chromedp.SendKeys(chromedp.ID("a-good"), "Kind staff"),
	)
	setOffline(t, ctx, true)
	waitFor(t, ctx, "offline", `navigator.onLine === false`)
	markPage(t, ctx)
	do(t, ctx, "send", chromedp.Click(chromedp.ID("submit-feedback")))
	waitFor(t, ctx, "offline message", fmt.Sprintf(`document.getElementById("chorus-status").textContent.indexOf(%s) >= 0`, jsString(msgOffline)))
	samePage(t, ctx, "sending offline")
	if n := a.responses(t); n != 0 {
		t.Fatalf("%d responses stored while offline", n)
	}
	outbox := eval[string](t, ctx, `localStorage.getItem("chorus-outbox") || ""`)
	if !strings.Contains(outbox, id) {
		t.Fatalf("outbox %q does not hold response %s", outbox, id)
	}
	if eval[string](t, ctx, `document.getElementById("chorus-status").getAttribute("role")`) != "status" {
		t.Errorf("the offline message is not in a status region, so screen readers may not announce it")
	}

	setOffline(t, ctx, false)
	waitFor(t, ctx, "sent message, or the thank-you page after it", fmt.Sprintf(`location.pathname.endsWith("/thanks") || document.getElementById("chorus-status").textContent.indexOf(%s) >= 0`, jsString(msgSent)))
	// Once sent, the person still on the page is taken to the thank-you page.
	pageReady(t, ctx, "/thanks")
	do(t, ctx, "thank-you page", chromedp.WaitVisible(chromedp.ID("thanks-panel")))
	waitFor(t, ctx, "outbox empty", `(localStorage.getItem("chorus-outbox") || "{}") === "{}"`)
	if n := a.responses(t); n != 1 {
		t.Fatalf("%d responses stored after the network returned, want 1", n)
	}
	checkStored(t, a, id, map[string]any{"role": "service_user", "fft": "good", "good": "Kind staff"})
	if !visible(t, ctx, "support") || eval[bool](t, ctx, `document.querySelector("#support.nhsuk-card--care--urgent") !== null`) {
		t.Errorf("want the calm support everyone sees for a comment without risk language")
	}

	// Coming back to the page (another flush) sends nothing again.
	do(t, ctx, "reopen", chromedp.Navigate(a.surveyURL("north-cmht")))
	scriptReady(t, ctx)
	eval[bool](t, ctx, `(window.dispatchEvent(new Event("online")), true)`)
	if n := a.responses(t); n != 1 {
		t.Fatalf("%d responses stored after reopening, want still 1", n)
	}
}

// TestOfflineResend puts the same response in the outbox twice (as two
// tabs or a lost reply could) and checks that the id makes the resend safe.
func TestOfflineResend(t *testing.T) {
	a := newApp(t)
	ctx := newTab(t)
	do(t, ctx, "open form", chromedp.Navigate(a.surveyURL("south-cmht")))
	scriptReady(t, ctx)
	id := eval[string](t, ctx, `document.querySelector("input[name=response_id]").value`)
	do(t, ctx, "answer", chromedp.Click(chromedp.ID("a-role")), chromedp.Click(chromedp.ID("a-fft")))
	do(t, ctx, "send", chromedp.Click(chromedp.ID("submit-feedback")))
	pageReady(t, ctx, "/thanks")
	if n := a.responses(t); n != 1 {
		t.Fatalf("%d responses stored, want 1", n)
	}
	// A stale copy of the same response left in the outbox is sent again
	// when the page next loads; the server must keep one.
	api := "/api/v1/public/surveys/quarterly-feedback/responses"
	eval[bool](t, ctx, fmt.Sprintf(`(localStorage.setItem("chorus-outbox", JSON.stringify({%[1]s: {url: %[2]s, thanks: "/", body: {id: %[1]s, team: "south-cmht", language: "en", answers: {role: "service_user", fft: "very_good"}}}})), true)`, jsString(id), jsString(api)))
	do(t, ctx, "reopen", chromedp.Navigate(a.surveyURL("south-cmht")))
	scriptReady(t, ctx)
	waitFor(t, ctx, "outbox flushed", `(localStorage.getItem("chorus-outbox") || "{}") === "{}"`)
	if n := a.responses(t); n != 1 {
		t.Fatalf("%d responses stored after a resend of the same id, want 1", n)
	}
}

// TestOfflineCrisis sends a comment with risk language while offline: once
// the network returns and the response is stored, the person still on the
// page is shown the support prominently.
func TestOfflineCrisis(t *testing.T) {
	a := newApp(t)
	ctx := newTab(t)
	do(t, ctx, "open form", chromedp.Navigate(a.surveyURL("crisis-team")))
	scriptReady(t, ctx)
	do(t, ctx, "answer",
		chromedp.Click(chromedp.ID("a-role")),
		chromedp.Click(chromedp.ID("a-fft-5")),
		chromedp.SendKeys(chromedp.ID("a-better"), riskComment),
	)
	setOffline(t, ctx, true)
	waitFor(t, ctx, "offline", `navigator.onLine === false`)
	do(t, ctx, "send", chromedp.Click(chromedp.ID("submit-feedback")))
	waitFor(t, ctx, "offline message", fmt.Sprintf(`document.getElementById("chorus-status").textContent.indexOf(%s) >= 0`, jsString(msgOffline)))
	setOffline(t, ctx, false)
	pageReady(t, ctx, "/thanks")
	do(t, ctx, "thank-you page", chromedp.WaitVisible(chromedp.ID("thanks-panel")))
	if n := a.responses(t); n != 1 {
		t.Fatalf("%d responses stored, want 1", n)
	}
	if !visible(t, ctx, "support") || !eval[bool](t, ctx, `document.querySelector("#support.nhsuk-card--care--urgent") !== null`) {
		t.Errorf("no prominent support shown after a risk comment sent from the outbox")
	}
}
