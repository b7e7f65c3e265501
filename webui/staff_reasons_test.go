package webui_test

import (
	"net/http"
	"net/url"
	"testing"
)

// TestStaffPageSaysWhyThroughTheServer reads the staff report pages and
// the CSV export through the real server: Ward A's figures are hidden to
// protect Ward B's 3 responses, and both say why in plain English.
func TestStaffPageSaysWhyThroughTheServer(t *testing.T) {
	e := newStaffEnv(t)
	e.respond("ward-a", "service_user", "very_good", "Kind staff.", 13)
	e.respond("ward-b", "service_user", "good", "Good food.", 3)
	a := e.get("/staff/teams/ward-a/reports/"+quarter, bearer...)
	checkHTML(t, a.Body)
	assertContains(t, a.Body, `id="hidden-reasons"`, "Hidden so that a smaller group&#39;s numbers cannot be worked out.")
	b := e.get("/staff/teams/ward-b/reports/"+quarter, bearer...)
	assertContains(t, b.Body, `id="below-min-base"`, "Fewer than 10 people responded here this quarter")
	csv := e.get("/staff/teams/ward-a/reports/"+quarter+".csv", bearer...)
	assertContains(t, csv.Body, "Why hidden", "Hidden so that a smaller group's numbers cannot be worked out.")
	svc := e.get("/staff/services/adult-mh/reports/"+quarter, bearer...)
	assertContains(t, svc.Body, `<span class="chorus-stat__value">16</span>`)
}

// TestThemeDrillDownHiddenWithItsCount: where the quarter's decision hides
// a theme's count, its drill-down lists no comment (counting them would
// give the number back) and says why; so does the API's comment list.
func TestThemeDrillDownHiddenWithItsCount(t *testing.T) {
	e := newStaffEnv(t)
	e.respond("ward-a", "service_user", "very_good", "The staff were kind and listened to me.", 12)
	e.respond("ward-a", "carer", "poor", "The food on the ward was cold and there was no choice of meals.", 2)
	e.respond("ward-b", "service_user", "good", "The staff were kind and listened to me.", 12)
	p := e.get("/staff/teams/ward-a/reports/"+quarter+"/themes/food-drink-provision-facilities", bearer...)
	if p.Status != http.StatusOK {
		t.Fatalf("food theme page: status %d", p.Status)
	}
	checkHTML(t, p.Body)
	assertContains(t, p.Body, `id="comments-hidden"`, "The number of comments on this theme is hidden.")
	assertNotContains(t, p.Body, `class="chorus-comment"`, "no choice of meals")
	api := e.get("/api/v1/teams/ward-a/reports/"+quarter+"/comments?theme="+url.QueryEscape("Food & drink provision & facilities"), bearer...)
	assertContains(t, api.Body, `"suppressed":true`, `"comments":[]`)
	// The team's number of comments is hidden too (it protects the carers'
	// 2), so the whole list is withheld; a theme whose count is shown
	// lists its comments.
	all := e.get("/api/v1/teams/ward-a/reports/"+quarter+"/comments", bearer...)
	assertContains(t, all.Body, `"suppressed":true`, `"comments":[]`)
	kind := e.get("/api/v1/teams/ward-a/reports/"+quarter+"/comments?theme="+url.QueryEscape("Staff manner & personal attributes"), bearer...)
	assertContains(t, kind.Body, `"suppressed":false`, "listened to me")
}
