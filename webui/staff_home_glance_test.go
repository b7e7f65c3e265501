package webui_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
)

// glance finds a team's card on the home page.
func glance(t *testing.T, body, team string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<li class="nhsuk-card chorus-glance" id="glance-` + team + `">.*?</li>\n`).FindString(body)
	if m == "" {
		t.Fatalf("no card for %s in %s", team, body)
	}
	return m
}

// TestHomeGlance: the home page has a card per team with last and this
// quarter's responses (TestHomeGlanceSuppressed: a hidden count stays hidden), the FFT with its
// interval, the top themes, the open alerts and the next step, which moves
// with the report's state.
func TestHomeGlance(t *testing.T) {
	e := newStaffEnv(t)
	e.respond("ward-a", "service_user", "good", "Staff were kind and listened to me.", 12)
	e.respond("ward-a", "carer", "poor", "I want to end my life and nobody called me back.", 1)
	e.respond("ward-b", "service_user", "good", "", 12)

	home := e.get("/staff", bearer...)
	if home.Status != http.StatusOK {
		t.Fatalf("home: %d", home.Status)
	}
	checkHTML(t, home.Body)
	// This quarter (Q3) so far is what the cards show for "so far"; last
	// quarter (Q2) is empty.
	a := glance(t, home.Body, "ward-a")
	assertContains(t, a, `Q3 2026/27 (Oct–Dec 2026), so far: <strong class="chorus-glance-now">13</strong>`,
		`Q2 2026/27 (Jul–Sep 2026): <strong class="chorus-glance-last">0</strong>`,
		`<a href="/staff/alerts" class="chorus-glance-alerts">1 open<span`, `>Draft</strong>`,
		`href="/staff/teams/ward-a/reports/2026-27-Q2#workflow" class="chorus-glance-next">Send for panel review`)
	b := glance(t, home.Body, "ward-b")
	assertContains(t, b, `so far: <strong class="chorus-glance-now">12</strong>`, `None open`)

	// Last quarter's report moves on: the card follows its state.
	for _, step := range []string{"/review", "/publish"} {
		if p := e.post("/staff/teams/ward-a/reports/2026-27-Q2"+step, url.Values{}, bearer...); p.Status != http.StatusSeeOther {
			t.Fatalf("Q2 %s: %d %s", step, p.Status, p.Body)
		}
	}
	a = glance(t, e.get("/staff", bearer...).Body, "ward-a")
	assertContains(t, a, `>Published</strong>`, `href="/staff/teams/ward-a/reports/2026-27-Q2#actions" class="chorus-glance-next">Record what you will do`)
}

// TestHomeGlanceSuppressed: a team's small count is hidden on its card, and
// so is its only sibling's (the quarter's one disclosure decision: the
// service total would give it back).
func TestHomeGlanceSuppressed(t *testing.T) {
	e := newStaffEnv(t)
	e.respond("ward-a", "service_user", "good", "Staff were kind and listened to me.", 13)
	e.respond("ward-b", "service_user", "good", "", 3)
	home := e.get("/staff", bearer...)
	if home.Status != http.StatusOK {
		t.Fatalf("home: %d", home.Status)
	}
	for _, team := range []string{"ward-a", "ward-b"} {
		g := glance(t, home.Body, team)
		assertNotContains(t, g, `chorus-glance-now">3<`, `chorus-glance-now">13<`)
	}
}
