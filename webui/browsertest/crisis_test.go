package browsertest

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// riskComment is a comment the theme engine flags as risk language.
const riskComment = "I want to end my life and nobody called me back."

// neutralComment is a comment it does not flag.
const neutralComment = "The staff were kind and the waiting room was clean."

// thanksTitle is the thank-you page's title for everyone.
const thanksTitle = "Thank you, your feedback has been sent"

// flagWords would give a flag away in an address, title or storage.
var flagWords = regexp.MustCompile(`(?i)crisis|flag|risk|urgent|alert`)

// TestThanksSupport answers the survey with a neutral and with a flagged
// comment, with the page script and without it, and with the script while
// offline and then back online. In every case the thank-you page shows
// where to get help now (prominently, and first, after the flagged one),
// passes axe, and neither its address, nor any history entry, nor any
// title, nor the browser's storage says that the comment was flagged.
// Opening the address again shows the calm version everyone sees.
func TestThanksSupport(t *testing.T) {
	a := newApp(t)
	stored := int64(0)
	for _, mode := range []string{"script", "no script", "offline then online"} {
		for _, flagged := range []bool{false, true} {
			name := mode + ", neutral"
			comment := neutralComment
			if flagged {
				name, comment = mode+", flagged", riskComment
			}
			t.Run(name, func(t *testing.T) {
				ctx := newTab(t)
				if mode == "no script" {
					noScript(t, ctx)
				}
				// Not the demo's "crisis-team": its name would match flagWords.
				do(t, ctx, "open form", chromedp.Navigate(a.surveyURL("north-cmht")))
				if mode != "no script" {
					scriptReady(t, ctx)
				}
				if !visible(t, ctx, "urgent-help") {
					t.Errorf("the survey page has no visible line about urgent help")
				}
				do(t, ctx, "answer",
					chromedp.Click(chromedp.ID("a-role")),
					chromedp.Click(chromedp.ID("a-fft-5")),
					chromedp.SendKeys(chromedp.ID("a-better"), comment),
				)
				if mode == "offline then online" {
					setOffline(t, ctx, true)
					waitFor(t, ctx, "offline", `navigator.onLine === false`)
					do(t, ctx, "send", chromedp.Click(chromedp.ID("submit-feedback")))
					waitFor(t, ctx, "offline message", fmt.Sprintf(`document.getElementById("chorus-status").textContent.indexOf(%s) >= 0`, jsString(msgOffline)))
					checkNoFlagStored(t, ctx)
					setOffline(t, ctx, false)
				} else {
					do(t, ctx, "send", chromedp.Click(chromedp.ID("submit-feedback")))
				}
				pageReady(t, ctx, "/thanks")
				do(t, ctx, "thank-you page", chromedp.WaitVisible(chromedp.ID("thanks-panel")))
				stored++
				if n := a.responses(t); n != stored {
					t.Fatalf("%d responses stored, want %d", n, stored)
				}
				checkSupport(t, ctx, flagged)
				runAxe(t, ctx, "thank you ("+name+")")
				here := eval[string](t, ctx, `location.href`)
				checkNoFlagInBrowser(t, ctx, a)

				// The history entry, opened again, shows the calm version.
				do(t, ctx, "reopen", chromedp.Navigate(here))
				do(t, ctx, "thank-you page again", chromedp.WaitVisible(chromedp.ID("support")))
				checkSupport(t, ctx, false)
			})
		}
	}
}

// checkSupport checks the support panel: shown, with the national numbers
// as phone links a keyboard reaches, prominent and first when flagged.
func checkSupport(t *testing.T, ctx context.Context, flagged bool) {
	t.Helper()
	if !visible(t, ctx, "support") {
		t.Fatalf("no support shown on the thank-you page (%s)", eval[string](t, ctx, `location.pathname`))
	}
	for _, tel := range []string{"tel:111", "tel:116123", "tel:999"} {
		if eval[int](t, ctx, fmt.Sprintf(`document.querySelectorAll('#support a[href=%q]').length`, tel)) == 0 {
			t.Errorf("support lacks a %s link", tel)
		}
	}
	if !strings.Contains(eval[string](t, ctx, `document.getElementById("support").textContent`), "option 2") {
		t.Errorf("support does not say to choose option 2 on 111")
	}
	urgent := eval[bool](t, ctx, `document.getElementById("support").className.indexOf("nhsuk-card--care--urgent") >= 0`)
	if urgent != flagged {
		t.Errorf("prominent support: got %v, want %v", urgent, flagged)
	}
	first := eval[bool](t, ctx, `!!(document.getElementById("support").compareDocumentPosition(document.getElementById("next-steps")) & Node.DOCUMENT_POSITION_FOLLOWING)`)
	if flagged && !first {
		t.Errorf("prominent support comes after what happens next; it must come first")
	}
	if title := eval[string](t, ctx, `document.title`); title != thanksTitle {
		t.Errorf("title %q, want everyone's %q", title, thanksTitle)
	}
}

// checkNoFlagInBrowser checks every history entry's address and title and
// the browser's storage for anything that gives a flag away, and that the
// thank-you address holds only the quarter, team, view and token.
func checkNoFlagInBrowser(t *testing.T, ctx context.Context, a *app) {
	t.Helper()
	hist, err := chromedp.Call(ctx, page.GetNavigationHistory, cdp.Empty{})
	if err != nil {
		t.Fatalf("navigation history: %v", err)
	}
	for _, e := range hist.Entries {
		if flagWords.MatchString(e.URL) || flagWords.MatchString(e.Title) {
			t.Errorf("history entry %q (%q) gives a flag away", a.trimURL(e.URL), e.Title)
		}
		u, err := url.Parse(e.URL)
		if err != nil || !strings.HasSuffix(u.Path, "/thanks") {
			continue
		}
		for k := range u.Query() {
			if k != "q" && k != "team" && k != "t" && k != "lang" && k != "easy" && k != "kiosk" {
				t.Errorf("thank-you address %q carries %q", a.trimURL(e.URL), k)
			}
		}
	}
	checkNoFlagStored(t, ctx)
}

// checkNoFlagStored checks localStorage and sessionStorage.
func checkNoFlagStored(t *testing.T, ctx context.Context) {
	t.Helper()
	all := eval[string](t, ctx, `(function () {
  var out = [];
  [window.localStorage, window.sessionStorage].forEach(function (s) {
    for (var i = 0; i < s.length; i++) { var k = s.key(i); out.push(k + "=" + s.getItem(k)); }
  });
  return out.join("\n");
})()`)
	// The outbox keeps the comment itself until it is sent; what must never
	// be kept is a flag or a receipt.
	cleaned := strings.NewReplacer(riskComment, "").Replace(all)
	if flagWords.MatchString(cleaned) {
		t.Errorf("browser storage gives a flag away:\n%s", all)
	}
}

// TestSentLaterSupport: a response sent from the outbox while the person
// is on another page (not the one that saved it) shows them, at that
// moment, that it has gone and where to get help now; prominently when it
// was flagged. The address does not change.
func TestSentLaterSupport(t *testing.T) {
	a := newApp(t)
	for _, flagged := range []bool{false, true} {
		comment := neutralComment
		if flagged {
			comment = riskComment
		}
		t.Run(fmt.Sprint("flagged=", flagged), func(t *testing.T) {
			ctx := newTab(t)
			do(t, ctx, "open privacy", chromedp.Navigate(a.URL+"/privacy"))
			scriptReady(t, ctx)
			id := fmt.Sprintf("6f1c2a3b-4d5e-4f60-8a7b-%012d", map[bool]int{false: 1, true: 2}[flagged])
			api := "/api/v1/public/surveys/quarterly-feedback/responses"
			eval[bool](t, ctx, fmt.Sprintf(`(localStorage.setItem("chorus-outbox", JSON.stringify({%[1]s: {url: %[2]s, thanks: "/s/quarterly-feedback/thanks?team=north-cmht", body: {id: %[1]s, team: "north-cmht", language: "en", answers: {role: "service_user", fft: "poor", better: %[3]s}}}})), true)`, jsString(id), jsString(api), jsString(comment)))
			do(t, ctx, "reopen privacy", chromedp.Navigate(a.URL+"/privacy"))
			waitFor(t, ctx, "sent support", `!!document.getElementById("support-sent")`)
			if !visible(t, ctx, "support-sent") {
				t.Fatalf("support for feedback sent later is not visible")
			}
			for _, tel := range []string{"tel:111", "tel:116123", "tel:999"} {
				if eval[int](t, ctx, fmt.Sprintf(`document.querySelectorAll('#support-sent a[href=%q]').length`, tel)) == 0 {
					t.Errorf("support sent later lacks a %s link", tel)
				}
			}
			urgent := eval[bool](t, ctx, `document.getElementById("support-sent").className.indexOf("nhsuk-card--care--urgent") >= 0`)
			if urgent != flagged {
				t.Errorf("prominent support: got %v, want %v", urgent, flagged)
			}
			if p := eval[string](t, ctx, `location.pathname + location.search`); p != "/privacy" {
				t.Errorf("address changed to %q", p)
			}
			waitFor(t, ctx, "outbox empty", `(localStorage.getItem("chorus-outbox") || "{}") === "{}"`)
			checkNoFlagInBrowser(t, ctx, a)
			runAxe(t, ctx, fmt.Sprint("sent later, flagged=", flagged))
		})
	}
}
