package webui_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// piiComment names a nurse and gives a phone number; neither may reach a
// staff page, a quote or the public page.
const piiComment = "The nurse Sarah Jones was very kind and caring to me, ring her on 07700 900123 to say thanks."

var (
	drillLinkRE   = regexp.MustCompile(`href="(/staff/teams/ward-a/reports/` + quarter + `/themes/[a-z0-9-]+)"`)
	approveFormRE = regexp.MustCompile(`action="(/staff/teams/ward-a/reports/` + quarter + `/quotes/[^"/]+/approve)"`)
)

// TestThemeDrillDownIsRedacted follows every theme link of a report: the
// comments behind it are listed without the name and phone number.
func TestThemeDrillDownIsRedacted(t *testing.T) {
	e := newStaffEnv(t)
	e.respond("ward-a", "service_user", "very_good", piiComment, 12)
	report := e.get("/staff/teams/ward-a/reports/"+quarter, bearer...)
	assertNotContains(t, report.Body, "Sarah Jones", "07700")
	links := drillLinkRE.FindAllStringSubmatch(report.Body, -1)
	if len(links) == 0 {
		t.Fatal("no theme links in the report")
	}
	listed := 0
	for _, l := range links {
		p := e.get(l[1], bearer...)
		if p.Status != http.StatusOK {
			t.Fatalf("%s: status %d", l[1], p.Status)
		}
		checkHTML(t, p.Body)
		assertNotContains(t, p.Body, "Sarah Jones", "07700 900123", "900123")
		listed += strings.Count(p.Body, `class="chorus-comment"`)
	}
	if listed == 0 {
		t.Error("no comment listed under any theme")
	}

	t.Run("HiddenForFewResponses", func(t *testing.T) {
		e.respond("ward-b", "service_user", "good", piiComment, 6)
		p := e.get("/staff/teams/ward-b/reports/"+quarter, bearer...)
		for _, l := range regexp.MustCompile(`href="(/staff/teams/ward-b/reports/`+quarter+`/themes/[a-z0-9-]+)"`).FindAllStringSubmatch(p.Body, -1) {
			d := e.get(l[1], bearer...)
			assertContains(t, d.Body, `id="comments-hidden"`, "fewer than 10 people answered")
			assertNotContains(t, d.Body, `class="chorus-comment"`, "kind and caring")
		}
	})
}

// TestReviewPublishAndPublicPage goes through the workflow with the page
// forms: send to review, approve a quote, publish; then reads the public
// page, which sets no cookie and shows no suppressed number.
func TestReviewPublishAndPublicPage(t *testing.T) {
	e := newStaffEnv(t)
	e.respond("ward-a", "service_user", "very_good", piiComment, 8)
	e.respond("ward-a", "carer", "poor", "Nobody called me back for three weeks, the waiting was far too long.", 5)
	e.respond("ward-b", "service_user", "good", "Lovely garden to sit in and the food was good.", 3)
	base := "/staff/teams/ward-a/reports/" + quarter
	for _, team := range []string{"ward-a", "ward-b"} {
		p := e.post("/staff/teams/"+team+"/reports/"+quarter+"/review", confirmed(), bearer...)
		if p.Status != http.StatusSeeOther || !strings.HasSuffix(p.Header.Get("Location"), "?done=review#workflow") {
			t.Fatalf("review %s: got %d to %q: %s", team, p.Status, p.Header.Get("Location"), p.Body)
		}
	}
	review := e.get(base+"?done=review", bearer...)
	checkHTML(t, review.Body)
	assertContains(t, review.Body, "The report is now in review", "Quotes to approve", `id="status">In review</strong>`)
	assertNotContains(t, review.Body, "Sarah Jones", "07700")
	approve := approveFormRE.FindStringSubmatch(review.Body)
	if approve == nil {
		t.Fatal("no quote to approve")
	}
	if p := e.post(approve[1], url.Values{}, bearer...); p.Status != http.StatusSeeOther {
		t.Fatalf("approve: status %d: %s", p.Status, p.Body)
	}
	for _, team := range []string{"ward-a", "ward-b"} {
		p := e.post("/staff/teams/"+team+"/reports/"+quarter+"/publish", confirmed(), bearer...)
		if p.Status != http.StatusSeeOther {
			t.Fatalf("publish %s: status %d: %s", team, p.Status, p.Body)
		}
	}
	published := e.get(base+"?done=publish", bearer...)
	assertContains(t, published.Body, "The report is published", "Start a correction", `id="status">Published</strong>`,
		"<h2 id=\"quotes\">Quotes</h2>\n<blockquote class=\"chorus-quote\">")
	assertNotContains(t, published.Body, "No approved quotes.")

	if p := e.get("/you-said-we-did/no-such-service"); p.Status != http.StatusNotFound || len(p.Header.Values("Set-Cookie")) > 0 {
		t.Errorf("unknown service: got %d with cookies %q, want 404 without", p.Status, p.Header.Values("Set-Cookie"))
	}
	pub := e.get("/you-said-we-did/adult-mh")
	if pub.Status != http.StatusOK {
		t.Fatalf("public page: status %d", pub.Status)
	}
	if c := pub.Header.Values("Set-Cookie"); len(c) > 0 {
		t.Errorf("public page sets cookies: %q", c)
	}
	checkHTML(t, pub.Body)
	assertContains(t, pub.Body, "You said, we did", "You told us…", "We did…", `id="next-due"`,
		"a small number of people told us about this team")
	assertNotContains(t, pub.Body, "Sarah Jones", "07700", ", 3 people", "suppressed")
	// Ward B's 3 responses are hidden, and so is Ward A's 13 (issue 10):
	// the service's total of 16 would otherwise give Ward B away. The same
	// holds for Ward A's FFT, so no per cent is shown for either team.
	if n := strings.Count(pub.Body, "a small number of people told us about this team"); n != 2 {
		t.Errorf("%d teams shown as a small number, want 2 (Ward A protects Ward B)", n)
	}
	assertNotContains(t, pub.Body, "13 people told us", "62% said")
}

// TestRiskAlerts raises an alert with a risk comment, lists it and
// acknowledges it from the page.
func TestRiskAlerts(t *testing.T) {
	e := newStaffEnv(t)
	e.respond("ward-a", "service_user", "poor", "I have been thinking about ending my life and nobody listens. Call me on 07700 900123.", 1)
	list := e.get("/staff/alerts", bearer...)
	if list.Status != http.StatusOK {
		t.Fatalf("alerts: status %d", list.Status)
	}
	checkHTML(t, list.Body)
	assertContains(t, list.Body, "Suicide", ">Open<")
	link := regexp.MustCompile(`href="(/staff/alerts/[0-9a-f]+)"`).FindStringSubmatch(list.Body)
	if link == nil {
		t.Fatal("no alert link")
	}
	alert := e.get(link[1], bearer...)
	checkHTML(t, alert.Body)
	assertContains(t, alert.Body, "ending my life", "Acknowledge this alert")
	assertNotContains(t, alert.Body, "07700 900123")
	p := e.post(link[1]+"/acknowledge", url.Values{}, bearer...)
	if p.Status != http.StatusSeeOther || p.Header.Get("Location") != link[1]+"?done=1" {
		t.Fatalf("acknowledge: got %d to %q", p.Status, p.Header.Get("Location"))
	}
	done := e.get(link[1]+"?done=1", bearer...)
	assertContains(t, done.Body, "The alert is acknowledged", ">Acknowledged<")
	assertNotContains(t, done.Body, "Acknowledge this alert")
}

// TestRecordActions records an action with the report's form (first with
// an e-mail address as owner, which is refused), updates its status, and
// finds it on the public page.
func TestRecordActions(t *testing.T) {
	e := newStaffEnv(t)
	e.respond("ward-a", "carer", "poor", "Nobody called me back for three weeks, the waiting was far too long.", 12)
	base := "/staff/teams/ward-a/reports/" + quarter
	page := e.get(base, bearer...)
	assertContains(t, page.Body, `action="`+base+`/actions"`, "Record what you will do")
	theme := regexp.MustCompile(`<option value="([^"]+)"`).FindStringSubmatch(page.Body)
	if theme == nil {
		t.Fatal("no theme to choose")
	}
	form := url.Values{"theme": {theme[1]}, "description": {"We will call carers back within 2 working days."}, "owner": {"sam@example.nhs.uk"}, "status": {"planned"}}
	bad := e.post(base+"/actions", form, bearer...)
	if bad.Status != http.StatusUnprocessableEntity {
		t.Fatalf("owner e-mail: got %d, want 422", bad.Status)
	}
	checkHTML(t, bad.Body)
	assertContains(t, bad.Body, "<title>Error: ", `<a href="#action-owner">Name a role or team`, `value="sam@example.nhs.uk"`,
		"We will call carers back within 2 working days.</textarea>")
	// A blank description says what to do, in the NHS pattern.
	blank := url.Values{"theme": {theme[1]}, "description": {" "}, "owner": {"Ward manager"}, "status": {"planned"}}
	if p := e.post(base+"/actions", blank, bearer...); p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("blank description: got %d, want 422", p.Status)
	} else {
		assertContains(t, p.Body, `<a href="#action-description">Enter what you will do</a>`)
		assertNotContains(t, p.Body, "This field is required")
	}
	form.Set("owner", "Ward manager")
	ok := e.post(base+"/actions", form, bearer...)
	if ok.Status != http.StatusSeeOther || ok.Header.Get("Location") != base+"?done=action#actions" {
		t.Fatalf("add action: got %d to %q: %s", ok.Status, ok.Header.Get("Location"), ok.Body)
	}
	after := e.get(base, bearer...)
	upd := regexp.MustCompile(`action="(` + regexp.QuoteMeta(base) + `/actions/[0-9a-f]+)"`).FindStringSubmatch(after.Body)
	if upd == nil {
		t.Fatal("no form to update the action")
	}
	if p := e.post(upd[1], url.Values{"status": {"done"}}, bearer...); p.Status != http.StatusSeeOther {
		t.Fatalf("update: status %d: %s", p.Status, p.Body)
	}
	if p := e.post(upd[1], url.Values{"status": {"finished"}}, bearer...); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("unknown status: got %d, want 422", p.Status)
	}
	if p := e.get("/you-said-we-did/no-such-service"); p.Status != http.StatusNotFound || len(p.Header.Values("Set-Cookie")) > 0 {
		t.Errorf("unknown service: got %d with cookies %q, want 404 without", p.Status, p.Header.Values("Set-Cookie"))
	}
	pub := e.get("/you-said-we-did/adult-mh")
	assertContains(t, pub.Body, "<strong>Done:</strong> We will call carers back within 2 working days.")
}

// TestCorrection publishes, then corrects the report: publishing again
// needs a reason, the new version shows it and the old one stays readable.
func TestCorrection(t *testing.T) {
	e := newStaffEnv(t)
	e.respond("ward-a", "service_user", "good", "Staff were kind and listened.", 11)
	base := "/staff/teams/ward-a/reports/" + quarter
	for _, step := range []string{"/review", "/publish", "/review"} {
		if p := e.post(base+step, confirmed(), bearer...); p.Status != http.StatusSeeOther {
			t.Fatalf("%s: status %d: %s", step, p.Status, p.Body)
		}
	}
	page := e.get(base, bearer...)
	assertContains(t, page.Body, `id="status">In review</strong>`, `<label class="nhsuk-label" for="reason">`, "Publish correction")
	checkHTML(t, page.Body)
	noReason := e.post(base+"/publish", confirmed(), bearer...)
	if noReason.Status != http.StatusUnprocessableEntity && noReason.Status != http.StatusBadRequest && noReason.Status != http.StatusConflict {
		t.Errorf("correction without a reason: got %d, want a refusal", noReason.Status)
	}
	assertContains(t, noReason.Body, "This could not be done")
	if p := e.post(base+"/publish", url.Values{"reason": {"A theme was counted twice."}, "confirm_unfinished": {"yes"}}, bearer...); p.Status != http.StatusSeeOther {
		t.Fatalf("correction: status %d: %s", p.Status, p.Body)
	}
	v2 := e.get(base, bearer...)
	assertContains(t, v2.Body, `id="status">Published</strong>`, "Version 2, published", "Correction: A theme was counted twice.",
		`href="`+base+`?version=1">Version 1</a>`)
	v1 := e.get(base+"?version=1", bearer...)
	if v1.Status != http.StatusOK {
		t.Fatalf("version 1: status %d", v1.Status)
	}
	assertContains(t, v1.Body, "Version 1, published")
	assertNotContains(t, v1.Body, "Correction: A theme")
}
