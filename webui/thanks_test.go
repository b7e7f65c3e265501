package webui_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// riskText is a comment the theme engine flags as risk language.
const riskText = "I want to end my life and nobody called me back."

// checkThanksLocation checks a redirect to the thank-you page: it carries
// only the quarter, the team, the view and a one-time token, and nothing
// that differs between a flagged and an unflagged response but the token's
// random value.
func checkThanksLocation(t *testing.T, loc, team string) url.Values {
	t.Helper()
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatalf("redirect %q: %v", loc, err)
	}
	if u.Path != "/s/ward-feedback/thanks" {
		t.Errorf("redirect path: got %q, want the thank-you page", u.Path)
	}
	q := u.Query()
	for k := range q {
		switch k {
		case "q", "team", "t", "lang", "easy", "kiosk":
		default:
			t.Errorf("redirect %q carries %q; the address may hold only the quarter, team, view and token", loc, k)
		}
	}
	if q.Get("team") != team {
		t.Errorf("redirect team: got %q, want %q", q.Get("team"), team)
	}
	if !regexp.MustCompile(`^[A-Za-z0-9_-]{22}$`).MatchString(q.Get("t")) {
		t.Errorf("redirect token %q: want 22 random base64url characters", q.Get("t"))
	}
	if strings.Contains(strings.ToLower(loc), "crisis") || strings.Contains(strings.ToLower(loc), "risk") || strings.Contains(loc, "flag") {
		t.Errorf("redirect %q names a flag", loc)
	}
	return q
}

// submitComment posts the form of ward-a with a comment and returns the
// thank-you address it redirects to.
func submitComment(t *testing.T, e *env, comment string, extra url.Values) string {
	t.Helper()
	fresh := e.get("/s/" + testSlug + "/ward-a")
	form := url.Values{
		"response_id": {hiddenValue(t, fresh.Body, "response_id")}, "team": {"ward-a"}, "lang": {"en"},
		"a-role": {"service_user"}, "a-fft": {"poor"}, "a-listened": {"2"}, "a-score": {"3"},
		"a-contact": {"no"}, "a-visits": {"1"}, "a-good": {comment},
	}
	for k, v := range extra {
		form[k] = v
	}
	p := e.post("/s/"+testSlug+"/ward-a", form)
	if p.Status != http.StatusSeeOther {
		t.Fatalf("submit: status %d, want 303\n%s", p.Status, p.Body)
	}
	return p.Header.Get("Location")
}

// TestThanksSupportForEveryone: after a neutral and after a flagged
// comment, the thank-you page shows where to get help now; after a flagged
// one it comes first and stands out. The two addresses have the same shape,
// and opening the address again (from the history) shows the calm version.
func TestThanksSupportForEveryone(t *testing.T) {
	e := newEnv(t)
	numbers := []string{`<a href="tel:111">111</a> and choose option 2`, `<a href="tel:116123">116 123</a>`, `<a href="tel:999">999</a>`}
	for _, tc := range []struct {
		name, comment string
		urgent        bool
	}{
		{"Neutral", "The ward was clean and the food was good.", false},
		{"Flagged", riskText, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			loc := submitComment(t, e, tc.comment, nil)
			checkThanksLocation(t, loc, "ward-a")
			p := e.get(loc)
			assertContains(t, p.Body, append([]string{`id="support"`}, numbers...)...)
			if got := strings.Contains(p.Body, "nhsuk-card--care--urgent"); got != tc.urgent {
				t.Errorf("urgent support: got %v, want %v", got, tc.urgent)
			}
			if tc.urgent && strings.Index(p.Body, `id="support"`) > strings.Index(p.Body, `id="next-steps"`) {
				t.Errorf("prominent support comes after what happens next; want it first")
			}
			if title := between(p.Body, "<title>", "</title>"); title != "Thank you, your feedback has been sent" {
				t.Errorf("title %q differs from everyone's", title)
			}
			again := e.get(loc)
			assertContains(t, again.Body, `id="support"`, "116 123")
			assertNotContains(t, again.Body, "nhsuk-card--care--urgent")
		})
	}
}

// TestThanksHandOver: the page script posts the receipt's quarter and flag
// to the thank-you page, which answers with a redirect to an address with a
// token only.
func TestThanksHandOver(t *testing.T) {
	e := newEnv(t)
	for _, crisis := range []string{"0", "1"} {
		p := e.post("/s/"+testSlug+"/thanks?team=ward-a&lang=cy", url.Values{"q": {"2026-27-Q3"}, "crisis": {crisis}})
		if p.Status != http.StatusSeeOther {
			t.Fatalf("hand-over: status %d, want 303", p.Status)
		}
		q := checkThanksLocation(t, p.Header.Get("Location"), "ward-a")
		if q.Get("lang") != "cy" || q.Get("q") != "2026-27-Q3" {
			t.Errorf("hand-over lost the view or quarter: %v", q)
		}
		page := e.get(p.Header.Get("Location"))
		if got := strings.Contains(page.Body, "nhsuk-card--care--urgent"); got != (crisis == "1") {
			t.Errorf("crisis=%s: urgent support %v", crisis, got)
		}
		assertContains(t, page.Body, "116 123", "Os oes angen help arnoch nawr")
	}
	// An unknown or reused token shows the calm support, never none.
	assertContains(t, e.get("/s/"+testSlug+"/thanks?t=AAAAAAAAAAAAAAAAAAAAAA").Body, `id="support"`, "116 123")
}

// TestSupportEveryView: every language, easy read and kiosk show the
// support on the thank-you page, and the survey page has a short line about
// urgent help.
func TestSupportEveryView(t *testing.T) {
	e := newEnv(t)
	for _, view := range []string{"", "lang=cy", "lang=ar", "easy=1", "kiosk=1", "lang=ar&easy=1&kiosk=1"} {
		thanks := e.get("/s/" + testSlug + "/thanks?team=ward-a&" + view)
		assertContains(t, thanks.Body, `id="support"`, `href="tel:111"`, `href="tel:116123"`, `href="tel:999"`)
		form := e.get("/s/" + testSlug + "/ward-a?" + view)
		assertContains(t, form.Body, `id="urgent-help"`, `href="tel:111"`, `href="tel:116123"`, `href="tel:999"`)
	}
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i+len(from):]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}
