package api_test

import (
	"context"
	"net/http"
	"os"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// TestSurveyJSDraft saves a SurveyJS file as a draft over the real router
// and store, and reads it back in both shapes.
func TestSurveyJSDraft(t *testing.T) {
	h := newHarness(t)
	sample, err := os.ReadFile("../survey/surveyjs/testdata/surveyjs-sample.json")
	must(t, err)
	if status, body := h.staff("POST", "/api/v1/surveys", map[string]any{"slug": "sjs", "organisation": "trust",
		"title": map[string]any{"en": "Imported"}, "teams": []string{"crisis-team"}}); status != http.StatusCreated {
		t.Fatalf("create: %d %v", status, body)
	}
	const put = "/api/v1/surveys/sjs/draft?format=surveyjs"

	t.Run("ErrNotSurveyJS", func(t *testing.T) {
		status, body := h.staff("PUT", put, `[{"type": "text"}]`)
		wantError(t, status, body, http.StatusBadRequest, survey.EINVALID)
	})
	t.Run("ErrSchema", func(t *testing.T) {
		status, body := h.staff("PUT", put, `{"title": "T", "pages": [{"name": "p", "elements": [
			{"type": "radiogroup", "name": "only_one", "title": "Pick one", "choices": ["a"]}]}]}`)
		e := wantError(t, status, body, http.StatusUnprocessableEntity, survey.EUNPROCESS)
		want := []any{map[string]any{"field": "only_one", "message": "choices: Give at least two options."}}
		if !reflect.DeepEqual(e["fields"], want) {
			t.Fatalf("fields = %v, want %v", e["fields"], want)
		}
		if vs, err := h.store.ListVersions(context.Background(), "sjs"); err != nil || len(vs) != 0 {
			t.Fatalf("a refused import saved versions %v (%v)", vs, err)
		}
	})
	t.Run("ErrFormat", func(t *testing.T) {
		status, body := h.staff("PUT", "/api/v1/surveys/sjs/draft?format=xlsform", sample)
		e := wantError(t, status, body, http.StatusBadRequest, survey.EINVALID)
		if got := fieldNames(e); !slices.Equal(got, []string{"format"}) {
			t.Fatalf("fields = %v", got)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		panel := h.account("panel@trust.test", "trust", store.Role{Role: "panel", Services: []string{"cmh"}})
		raw := h.session(panel, fixedNow().Add(time.Hour))
		status, body, _ := h.do("PUT", put, sample, sessionHeader(raw, h.csrf(raw))...)
		wantError(t, status, body, http.StatusForbidden, survey.EFORBIDDEN)
		status, body, _ = h.do("PUT", put, sample, sessionHeader(raw, "")...)
		wantError(t, status, body, http.StatusForbidden, survey.EFORBIDDEN)
	})

	t.Run("OK", func(t *testing.T) {
		status, body := h.staff("PUT", put, sample)
		if status != http.StatusOK || body["version"] != float64(1) || body["status"] != "draft" || body["slug"] != "sjs" {
			t.Fatalf("PUT surveyjs: %d %v", status, body)
		}
		warnings, _ := body["warnings"].([]any)
		for _, want := range []map[string]any{
			{"element": "sign", "message": `SurveyJS "signaturepad" questions have no Chorus equivalent, so it was left out.`},
			{"element": "survey", "message": `The SurveyJS setting "triggers" has no Chorus equivalent and was ignored.`},
		} {
			if !slices.ContainsFunc(warnings, func(w any) bool { return reflect.DeepEqual(w, want) }) {
				t.Errorf("no warning %v in %v", want, warnings)
			}
		}
		sv, status2, err := h.store.FindVersion(context.Background(), "sjs", 1)
		must(t, err)
		if status2 != store.StatusDraft || len(sv.Questions()) != 15 || sv.Question("quality_staff") == nil ||
			!reflect.DeepEqual(sv.Teams, []survey.TeamRef{{Slug: "crisis-team", Name: "crisis-team"}}) {
			t.Fatalf("saved %s with %d questions, teams %v", status2, len(sv.Questions()), sv.Teams)
		}
	})

	t.Run("Export", func(t *testing.T) {
		status, body := h.staff("GET", "/api/v1/surveys/all-types/versions/1?format=surveyjs", nil)
		if status != http.StatusOK {
			t.Fatalf("GET surveyjs: %d %v", status, body)
		}
		var fft, poorWhy map[string]any
		for _, p := range body["pages"].([]any) {
			for _, e := range p.(map[string]any)["elements"].([]any) {
				switch el := e.(map[string]any); el["name"] {
				case "fft":
					fft = el
				case "poor_why":
					poorWhy = el
				}
			}
		}
		if fft["type"] != "radiogroup" || len(fft["choices"].([]any)) != 6 {
			t.Errorf("fft = %v, want a radiogroup of the six NHS answers", fft)
		}
		if poorWhy["visibleIf"] != "{fft} anyof ['poor', 'very_poor']" {
			t.Errorf("poor_why visibleIf = %v", poorWhy["visibleIf"])
		}
		status, body = h.staff("GET", "/api/v1/surveys/all-types/versions/1?format=odk", nil)
		wantError(t, status, body, http.StatusBadRequest, survey.EINVALID)
	})
}
