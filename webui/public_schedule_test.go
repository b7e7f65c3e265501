package webui_test

import (
	"net/http"
	"net/url"
	"testing"
)

// TestPublicAndThanksAgree: the public "you said, we did" page and the
// thank-you page say the same about what is published and when the next
// results come, worked out from what is actually published: nothing, a
// late quarter (Q1 while Q3 runs), then the current quarter published
// early.
func TestPublicAndThanksAgree(t *testing.T) {
	e := newStaffEnv(t)
	e.respond("ward-a", "service_user", "good", "Staff were kind and listened.", 12)
	thanks := "/s/" + testSlug + "/thanks?q=2026-27-Q3&team=ward-a"
	check := func(name, latest, nextLabel, nextDate, stale string) {
		t.Helper()
		pub, ty := e.get("/you-said-we-did/adult-mh"), e.get(thanks)
		if pub.Status != http.StatusOK || ty.Status != http.StatusOK {
			t.Fatalf("%s: public %d, thank-you %d", name, pub.Status, ty.Status)
		}
		assertContains(t, pub.Body, "We will share the next results after "+nextDate+".")
		assertContains(t, ty.Body, "The themes for "+nextLabel+" will be shared with the team after "+nextDate)
		if latest == "" {
			assertNotContains(t, pub.Body+ty.Body, `id="latest-published"`)
		} else {
			assertContains(t, pub.Body, "The latest results we have shared are for "+latest+".")
			assertContains(t, ty.Body, "The latest results we have shared are for "+latest+".")
		}
		if stale != "" {
			assertNotContains(t, pub.Body+ty.Body, stale)
		}
	}
	check("nothing published", "", "Q3 2026/27 (Oct–Dec 2026)", "31 December 2026", "")

	for _, step := range []string{"/review", "/publish"} {
		if p := e.post("/staff/teams/ward-a/reports/2026-27-Q1"+step, url.Values{}, bearer...); p.Status != http.StatusSeeOther {
			t.Fatalf("Q1 %s: %d %s", step, p.Status, p.Body)
		}
	}
	check("Q1 published late", "Q1 2026/27 (Apr–Jun 2026)", "Q3 2026/27 (Oct–Dec 2026)", "31 December 2026", "")

	for _, step := range []string{"/review", "/publish"} {
		if p := e.post("/staff/teams/ward-a/reports/"+quarter+step, confirmed(), bearer...); p.Status != http.StatusSeeOther {
			t.Fatalf("Q3 %s: %d %s", step, p.Status, p.Body)
		}
	}
	check("Q3 published early", "Q3 2026/27 (Oct–Dec 2026)", "Q4 2026/27 (Jan–Mar 2027)", "31 March 2027", "31 December 2026")
}
