package browsertest

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// riskComment is a comment the theme engine flags as risk language.
const riskComment = "I want to end my life and nobody called me back."

// TestCrisisSupport answers the survey with a comment that suggests the
// person may be at risk, with the page script and without it: the
// thank-you page must show the crisis support panel at once, pass axe, and
// its phone numbers must be reachable by keyboard.
func TestCrisisSupport(t *testing.T) {
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
			do(t, ctx, "open form", chromedp.Navigate(a.surveyURL("crisis-team")))
			if script {
				scriptReady(t, ctx)
			}
			do(t, ctx, "answer",
				chromedp.Click(chromedp.ID("a-role")),
				chromedp.Click(chromedp.ID("a-fft-5")),
				chromedp.SendKeys(chromedp.ID("a-better"), riskComment),
				chromedp.Click(chromedp.ID("submit-feedback")),
			)
			pageReady(t, ctx, "/thanks")
			do(t, ctx, "thank-you page", chromedp.WaitVisible(chromedp.ID("thanks-panel")))
			if n := a.responses(t); n != 1 {
				t.Fatalf("%d responses stored, want 1", n)
			}
			if !visible(t, ctx, "crisis-support") {
				t.Fatalf("no crisis support shown after a comment with risk language (thank-you URL %s)", a.trimURL(eval[string](t, ctx, `location.href`)))
			}
			// Crisis support comes before anything else on the page but the
			// thanks, and its numbers are links a keyboard reaches.
			if !eval[bool](t, ctx, `!!(document.getElementById("crisis-support").compareDocumentPosition(document.getElementById("next-steps")) & Node.DOCUMENT_POSITION_FOLLOWING)`) {
				t.Errorf("crisis support comes after what happens next; it must come first")
			}
			tels := eval[int](t, ctx, `document.querySelectorAll('#crisis-support a[href^="tel:"]').length`)
			if tels == 0 {
				t.Errorf("crisis support has no phone links (tel:)")
			}
			runAxe(t, ctx, "thank you with crisis support ("+name+")")
		})
	}
}
