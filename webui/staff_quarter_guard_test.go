package webui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// confirmed is a workflow form with the unfinished-quarter checkbox ticked.
func confirmed() url.Values { return url.Values{"confirm_unfinished": {"yes"}} }

// TestUnfinishedQuarterGuardPages: on the report of the current quarter
// (fixedNow is 20 November, in Q3 2026/27) the workflow panel warns that
// the quarter ends on 31 December with the responses so far; sending to
// review or publishing without ticking the box changes nothing and shows
// the error; ticked, it goes ahead. A past quarter asks nothing.
func TestUnfinishedQuarterGuardPages(t *testing.T) {
	e := newStaffEnv(t)
	e.respond("ward-a", "service_user", "good", "Staff were kind and listened.", 12)
	base := "/staff/teams/ward-a/reports/" + quarter

	page := e.get(base, bearer...)
	checkHTML(t, page.Body)
	assertContains(t, page.Body, `class="nhsuk-warning-callout" id="unfinished-warning"`,
		"Q3 2026/27 (Oct–Dec 2026) ends on 31 December 2026", "12 so far", `name="confirm_unfinished"`)

	for _, step := range []string{"/review", "/publish"} {
		p := e.post(base+step, url.Values{}, bearer...)
		if want := base + "?confirm=needed#confirm-unfinished"; p.Status != http.StatusSeeOther || p.Header.Get("Location") != want {
			t.Fatalf("%s unconfirmed: got %d to %q, want 303 to %q: %s", step, p.Status, p.Header.Get("Location"), want, p.Body)
		}
		back := e.get(base+"?confirm=needed", bearer...)
		checkHTML(t, back.Body)
		assertContains(t, back.Body, `id="confirm-unfinished-error"`, "Confirm that you want to go ahead before Q3 2026/27")
		if step == "/review" {
			assertContains(t, back.Body, `id="status">Draft</strong>`)
		} else {
			assertContains(t, back.Body, `id="status">In review</strong>`)
		}
		if p := e.post(base+step, confirmed(), bearer...); p.Status != http.StatusSeeOther || !strings.Contains(p.Header.Get("Location"), "?done=") {
			t.Fatalf("%s confirmed: got %d to %q: %s", step, p.Status, p.Header.Get("Location"), p.Body)
		}
	}
	assertContains(t, e.get(base, bearer...).Body, `id="status">Published</strong>`)

	past := "/staff/teams/ward-a/reports/2026-27-Q2"
	assertNotContains(t, e.get(past, bearer...).Body, "unfinished-warning", "confirm_unfinished")
	for _, step := range []string{"/review", "/publish"} {
		if p := e.post(past+step, url.Values{}, bearer...); p.Status != http.StatusSeeOther || !strings.Contains(p.Header.Get("Location"), "?done=") {
			t.Fatalf("past %s: got %d to %q: %s", step, p.Status, p.Header.Get("Location"), p.Body)
		}
	}
}
