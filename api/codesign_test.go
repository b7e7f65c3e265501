package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// TestCodesign follows a draft through the co-production panel: a manager
// saves it, publishing is refused without a panel approval, a panel member
// comments on a question and approves, an edit voids the approval, a second
// approval lets the manager publish, and the diff reads in plain English.
func TestCodesign(t *testing.T) {
	h := newHarness(t)
	panel := h.account("panel@trust.test", "trust", store.Role{Role: "panel", Services: []string{"cmh"}})
	manager := h.account("manager@trust.test", "trust", store.Role{Role: "manager", Services: []string{"cmh"}})
	ps := h.session(panel, fixedNow().Add(time.Hour))
	ms := h.session(manager, fixedNow().Add(time.Hour))
	asPanel := sessionHeader(ps, h.csrf(ps))
	asManager := sessionHeader(ms, h.csrf(ms))

	// Version 2 of the published all-types survey: a reworded question.
	sv := loadSurvey(t)
	sv.Sections[0].Questions[1].Label = survey.Label{"en": "How was our service?", "cy": "Sut oedd ein gwasanaeth?"}
	if status, body, _ := h.do("PUT", "/api/v1/surveys/all-types/draft", sv, asManager...); status != http.StatusOK || body["version"] != float64(2) {
		t.Fatalf("draft: %d %v", status, body)
	}
	const base = "/api/v1/surveys/all-types/versions/2"

	status, body, _ := h.do("POST", base+"/publish", nil, asManager...)
	e := wantError(t, status, body, http.StatusConflict, survey.ECONFLICT)
	if msg := e["message"].(string); !strings.Contains(msg, "needs 1 co-production panel approval") {
		t.Fatalf("message = %q", msg)
	}

	t.Run("Comment", func(t *testing.T) {
		status, body, _ := h.do("POST", base+"/panel/comments", map[string]any{"question": "fft", "text": "Clearer, thank you."}, asPanel...)
		if status != http.StatusCreated || body["question"] != "fft" || body["name"] != "panel@trust.test" {
			t.Fatalf("comment: %d %v", status, body)
		}
		status, body, _ = h.do("POST", base+"/panel/comments", map[string]any{"question": "nope", "text": " "}, asPanel...)
		e := wantError(t, status, body, http.StatusUnprocessableEntity, survey.EUNPROCESS)
		if got := fieldNames(e); len(got) != 2 || got[0] != "question" || got[1] != "text" {
			t.Fatalf("fields = %v", got)
		}
	})
	t.Run("ErrManagerCannotApprove", func(t *testing.T) {
		status, body, _ := h.do("POST", base+"/panel/approve", nil, asManager...)
		wantError(t, status, body, http.StatusForbidden, survey.EFORBIDDEN)
	})

	approve := func() {
		t.Helper()
		status, body, _ := h.do("POST", base+"/panel/approve", nil, asPanel...)
		if status != http.StatusOK || body["approvals"] != float64(1) || body["approvals_needed"] != float64(1) {
			t.Fatalf("approve: %d %v", status, body)
		}
	}
	approve()

	// Editing after approval voids it: the panel approved other words.
	sv.Sections[0].Questions[1].Label = survey.Label{"en": "How was it?", "cy": "Sut oedd hi?"}
	if status, body, _ := h.do("PUT", "/api/v1/surveys/all-types/draft", sv, asManager...); status != http.StatusOK {
		t.Fatalf("edit: %d %v", status, body)
	}
	status, body, _ = h.do("GET", base+"/panel", nil, asPanel...)
	if status != http.StatusOK || body["approvals"] != float64(0) || len(body["notes"].([]any)) != 2 {
		t.Fatalf("panel after edit: %d %v", status, body)
	}
	status, body, _ = h.do("POST", base+"/publish", nil, asManager...)
	wantError(t, status, body, http.StatusConflict, survey.ECONFLICT)

	approve()
	if status, body, _ := h.do("POST", base+"/publish", nil, asManager...); status != http.StatusOK {
		t.Fatalf("publish after approval: %d %v", status, body)
	}

	status, body, _ = h.do("GET", base+"/diff", nil, asPanel...)
	changes, _ := body["changes"].([]any)
	if status != http.StatusOK || len(changes) != 2 {
		t.Fatalf("diff: %d %v", status, body)
	}
	if text := changes[1].(map[string]any)["text"].(string); text != `The wording of the question "fft" in en changed from "Overall, how was your experience of our service?" to "How was it?".` {
		t.Fatalf("diff text = %q", text)
	}
}

// TestManagerStartsSurveyForOwnTeams: a manager may start a survey for the
// teams they manage, and only for those.
func TestManagerStartsSurveyForOwnTeams(t *testing.T) {
	h := newHarness(t)
	m := h.account("m@trust.test", "trust", store.Role{Role: "manager", Teams: []string{"north-cmht"}})
	raw := h.session(m, fixedNow().Add(time.Hour))
	as := sessionHeader(raw, h.csrf(raw))
	start := func(slug string, teams ...string) (int, map[string]any) {
		t.Helper()
		status, body, _ := h.do("POST", "/api/v1/surveys", map[string]any{"slug": slug, "organisation": "trust",
			"title": map[string]any{"en": "Ours"}, "teams": teams}, as...)
		return status, body
	}
	status, body := start("not-ours", "crisis-team")
	wantError(t, status, body, http.StatusForbidden, survey.EFORBIDDEN)
	status, body = start("no-teams")
	wantError(t, status, body, http.StatusForbidden, survey.EFORBIDDEN)

	status, body = start("ours", "north-cmht")
	if status != http.StatusCreated {
		t.Fatalf("start: %d %v", status, body)
	}
	sv := loadSurvey(t)
	sv.Slug, sv.Keywords = "ours", nil
	sv.Teams = []survey.TeamRef{{Slug: "north-cmht"}}
	if status, body, _ := h.do("PUT", "/api/v1/surveys/ours/draft", sv, as...); status != http.StatusOK {
		t.Fatalf("first draft: %d %v", status, body)
	}
	sv.Teams = append(sv.Teams, survey.TeamRef{Slug: "crisis-team"})
	status, body, _ = h.do("PUT", "/api/v1/surveys/ours/draft", sv, as...)
	wantError(t, status, body, http.StatusForbidden, survey.EFORBIDDEN)
}
