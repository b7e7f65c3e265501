package webui_test

import (
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
