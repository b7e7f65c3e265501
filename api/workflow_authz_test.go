package api_test

import (
	"context"
	"testing"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// workflowAuthzRows sets up what the report workflow, action, alert and
// webhook routes act on (a review of crisis-team with one candidate quote,
// an action, an alert) and returns their rows of the allow/deny table.
func workflowAuthzRows(t *testing.T, h *harness) []authzRow {
	t.Helper()
	ctx := context.Background()
	team, err := h.store.FindTeam(ctx, "crisis-team")
	must(t, err)
	// The snapshot is the team's real live report, so that every answer
	// holding it matches the OpenAPI document.
	status, live, _ := h.raw("GET", "/api/v1/teams/crisis-team/reports/2026-27-Q3", nil, "Authorization", "Bearer "+adminToken)
	if status != 200 {
		t.Fatalf("live report: %d %s", status, live)
	}
	_, err = h.store.StartReview(ctx, team, "2026-27-Q3", live,
		[]store.QuoteCandidate{{ID: "0123456789abcdef", Question: "good", Text: "Staff listened.", Themes: []string{}}})
	must(t, err)
	a := &store.Action{Organisation: "trust", Service: "cmh", Team: "crisis-team", Quarter: "2026-27-Q3",
		Theme: "Timeliness of care", Description: "Call back within a day.", Owner: "Team manager", Status: survey.ActionPlanned}
	must(t, h.store.CreateAction(ctx, a))
	al := &store.Alert{Organisation: "trust", Service: "cmh", Team: "crisis-team", Quarter: "2026-27-Q3", Date: "2026-11-22",
		Question: "improve", RiskKind: "self_harm", Redacted: "[redacted]"}
	must(t, h.store.CreateAlert(ctx, al))

	r := "/api/v1/teams/crisis-team/reports/2026-27-Q3"
	q := "/quotes/0123456789abcdef"
	return []authzRow{
		{"POST /api/v1/teams/:team/reports/:quarter/review", r + "/review", nil, "BAM"},
		{"GET /api/v1/teams/:team/reports/:quarter/review", r + "/review", nil, "BAMPV"},
		{"GET /api/v1/teams/:team/reports/:quarter/comments", r + "/comments", nil, "BAMPV"},
		{"POST /api/v1/teams/:team/reports/:quarter/comments", r + "/comments", map[string]any{"text": "Looks right."}, "BAMP"},
		{"POST /api/v1/teams/:team/reports/:quarter/quotes/:quote/approve", r + q + "/approve", nil, "BAMP"},
		{"POST /api/v1/teams/:team/reports/:quarter/quotes/:quote/reject", r + q + "/reject", nil, "BAMP"},
		{"POST /api/v1/teams/:team/reports/:quarter/publish", r + "/publish", nil, "BAM"},
		{"GET /api/v1/teams/:team/reports/:quarter/versions", r + "/versions", nil, "BAMPV"},
		{"POST /api/v1/teams/:team/actions", "/api/v1/teams/crisis-team/actions", map[string]any{"quarter": "2026-27-Q3",
			"theme": "Timeliness of care", "description": "Answer the phone.", "owner": "Team manager"}, "BAM"},
		{"GET /api/v1/teams/:team/actions", "/api/v1/teams/crisis-team/actions", nil, "BAMPV"},
		{"GET /api/v1/actions/:id", "/api/v1/actions/" + a.ID, nil, "BAMPV"},
		{"PATCH /api/v1/actions/:id", "/api/v1/actions/" + a.ID, map[string]any{"status": "in_progress"}, "BAM"},
		{"GET /api/v1/alerts", "", nil, "BAMNO"}, // panel and viewer: no access to alerts, not an empty list,
		{"GET /api/v1/teams/:team/alerts", "/api/v1/teams/crisis-team/alerts", nil, "BAM"},
		{"GET /api/v1/alerts/:id", "/api/v1/alerts/" + al.ID, nil, "BAM"},
		{"POST /api/v1/alerts/:id/acknowledge", "/api/v1/alerts/" + al.ID + "/acknowledge", nil, "BAM"},
		{"POST /api/v1/teams/:team/webhook-secret", "/api/v1/teams/crisis-team/webhook-secret", nil, "BA"},
		{"GET /api/v1/teams/:team/deliveries", "/api/v1/teams/crisis-team/deliveries", nil, "BA"},
	}
}
