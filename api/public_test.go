package api_test

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

func TestListPublicSurveys(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	// A survey with only a draft must not be listed.
	must(t, h.store.CreateSurvey(ctx, store.SurveyInfo{Slug: "unpublished", Organisation: "trust", Title: survey.Label{"en": "Draft"}}))

	status, body, _ := h.do("GET", "/api/v1/public/surveys", nil)
	if status != http.StatusOK {
		t.Fatalf("status = %d", status)
	}
	list := body["surveys"].([]any)
	if len(list) != 1 {
		t.Fatalf("surveys = %v, want only the published one", list)
	}
	s := list[0].(map[string]any)
	if s["slug"] != "all-types" || s["title"].(map[string]any)["en"] != "Tell us how we are doing" {
		t.Fatalf("survey = %v", s)
	}
	if teams := s["teams"].([]any); len(teams) != 2 || teams[0].(map[string]any)["slug"] != "crisis-team" {
		t.Fatalf("teams = %v", teams)
	}
}

func TestGetPublicSurvey(t *testing.T) {
	h := newHarness(t)
	t.Run("OK", func(t *testing.T) {
		status, body, _ := h.do("GET", "/api/v1/public/surveys/all-types", nil)
		if status != http.StatusOK {
			t.Fatalf("status = %d", status)
		}
		for _, k := range []string{"slug", "version", "title", "languages", "teams", "sections"} {
			if _, ok := body[k]; !ok {
				t.Errorf("wire shape lacks %q", k)
			}
		}
		if body["version"] != float64(1) {
			t.Errorf("version = %v, want 1", body["version"])
		}
		q := body["sections"].([]any)[0].(map[string]any)["questions"].([]any)[0].(map[string]any)
		if q["id"] != "role" || q["type"] != "single_choice" || q["required"] != true {
			t.Errorf("first question = %v", q)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		status, body, _ := h.do("GET", "/api/v1/public/surveys/no-such-survey", nil)
		wantError(t, status, body, http.StatusNotFound, survey.ENOTFOUND)
	})
}

func TestSubmitResponse(t *testing.T) {
	h := newHarness(t)
	const path = "/api/v1/public/surveys/all-types/responses"
	const id = "5d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d77"

	t.Run("Created", func(t *testing.T) {
		status, body, _ := h.do("POST", path, validResponse(id))
		if status != http.StatusCreated {
			t.Fatalf("status = %d, body %v", status, body)
		}
		want := map[string]any{"id": id, "survey": "all-types", "version": float64(1), "team": "crisis-team", "quarter": "2026-27-Q3"}
		if !reflect.DeepEqual(body, want) {
			t.Fatalf("body = %v, want %v", body, want)
		}
	})
	t.Run("SameIDAgain", func(t *testing.T) {
		before := h.count()
		status, body, _ := h.do("POST", path, validResponse(id))
		if status != http.StatusOK {
			t.Fatalf("status = %d, want 200", status)
		}
		want := map[string]any{"id": id, "survey": "all-types", "version": float64(1), "team": "crisis-team", "quarter": "2026-27-Q3"}
		if !reflect.DeepEqual(body, want) {
			t.Fatalf("body = %v, want %v", body, want)
		}
		if got := h.count(); got != before {
			t.Fatalf("responses = %d, want %d (no second document)", got, before)
		}
	})
	t.Run("TeamOmittedNeedsOneTeam", func(t *testing.T) {
		r := validResponse("6d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d77")
		delete(r, "team")
		status, body, _ := h.do("POST", path, r)
		e := wantError(t, status, body, http.StatusUnprocessableEntity, survey.EUNPROCESS)
		if got := fieldNames(e); !reflect.DeepEqual(got, []string{"team"}) {
			t.Fatalf("fields = %v, want [team]", got)
		}
	})

	rejections := []struct {
		name       string
		path       string
		body       any
		status     int
		code       string
		wantFields []string
	}{
		{"InvalidAnswer", path, withAnswers(map[string]any{"role": "carer", "fft": "brilliant", "carer_involved": true}), 422, survey.EUNPROCESS, []string{"answers.fft"}},
		{"MissingRequired", path, withAnswers(map[string]any{"role": "service_user"}), 422, survey.EUNPROCESS, []string{"answers.fft"}},
		{"HiddenQuestionAnswered", path, withAnswers(map[string]any{"role": "service_user", "fft": "good", "carer_involved": true}), 422, survey.EUNPROCESS, []string{"answers.carer_involved"}},
		{"SeveralInvalid", path, withAnswers(map[string]any{"role": "nurse", "fft": 3, "listened": 9}), 422, survey.EUNPROCESS, []string{"answers.role", "answers.fft", "answers.listened"}},
		{"UnknownTeam", path, withTeam("no-such-team"), 422, survey.EUNPROCESS, []string{"team"}},
		{"UnknownLanguage", path, withLanguage("fr"), 422, survey.EUNPROCESS, []string{"language"}},
		{"BadID", path, withID("not-a-uuid"), 422, survey.EUNPROCESS, []string{"id"}},
		{"MissingAnswers", path, `{"id":"7d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d77","team":"crisis-team"}`, 422, survey.EUNPROCESS, []string{"answers"}},
		{"MalformedJSON", path, `{"id": "7d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d77", "answers": {`, 400, survey.EINVALID, nil},
		{"NotAnObject", path, `["a"]`, 400, survey.EINVALID, nil},
		{"TrailingData", path, `{"id":"x"} {"id":"y"}`, 400, survey.EINVALID, nil},
		{"DollarKey", path, withAnswers(map[string]any{"role": "carer", "fft": map[string]any{"$gt": ""}, "carer_involved": true}), 400, survey.EINVALID, []string{"answers.fft.$gt"}},
		{"DollarKeyTopLevel", path, `{"$where":"1","id":"7d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d77"}`, 400, survey.EINVALID, []string{"$where"}},
		{"DottedKey", path, withAnswers(map[string]any{"role": "carer", "fft": "good", "carer_involved": true, "a.b": "x"}), 400, survey.EINVALID, []string{"answers.a.b"}},
		{"DottedKeyInArray", path, withAnswers(map[string]any{"role": "carer", "fft": "good", "carer_involved": true, "helped_with": []any{map[string]any{"x.y": 1}}}), 400, survey.EINVALID, []string{"answers.helped_with[0].x.y"}},
		{"UnknownField", path, `{"id":"7d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d77","ip":"1.2.3.4","answers":{}}`, 400, survey.EINVALID, []string{"ip"}},
		{"TooLarge", path, withAnswers(map[string]any{"role": "carer", "fft": "good", "carer_involved": true, "good": strings.Repeat("x", 70_000)}), 413, survey.ETOOLARGE, nil},
		{"UnknownSurvey", "/api/v1/public/surveys/no-such-survey/responses", validResponse("8d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d77"), 404, survey.ENOTFOUND, nil},
	}
	for _, tc := range rejections {
		t.Run("Err"+tc.name, func(t *testing.T) {
			before := h.count()
			status, body, _ := h.do("POST", tc.path, tc.body)
			e := wantError(t, status, body, tc.status, tc.code)
			if tc.wantFields != nil {
				if got := fieldNames(e); !reflect.DeepEqual(got, tc.wantFields) {
					t.Fatalf("fields = %v, want %v", got, tc.wantFields)
				}
			}
			if got := h.count(); got != before {
				t.Fatalf("responses = %d after a rejected request, want %d", got, before)
			}
		})
	}
}

func withAnswers(a map[string]any) map[string]any {
	r := validResponse("9d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d77")
	r["answers"] = a
	return r
}

func withTeam(team string) map[string]any {
	r := validResponse("9d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d77")
	r["team"] = team
	return r
}

func withLanguage(lang string) map[string]any {
	r := validResponse("9d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d77")
	r["language"] = lang
	return r
}

func withID(id string) map[string]any { return validResponse(id) }

func TestEchoErrorsUseErrorShape(t *testing.T) {
	h := newHarness(t)
	status, body, _ := h.do("GET", "/no/such/route", nil)
	wantError(t, status, body, http.StatusNotFound, survey.ENOTFOUND)
	status, body, _ = h.do("DELETE", "/api/v1/public/surveys/all-types", nil)
	wantError(t, status, body, http.StatusMethodNotAllowed, "method_not_allowed")
}

func TestSubmitRateLimited(t *testing.T) {
	h := newHarnessWithRate(t, 2)
	for i := 0; i < 2; i++ {
		status, _, _ := h.do("POST", "/api/v1/public/surveys/all-types/responses", validResponse(fmt.Sprintf("1d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d7%d", i)))
		if status != http.StatusCreated {
			t.Fatalf("submission %d: status %d", i, status)
		}
	}
	// A forged X-Forwarded-For does not make a new client: no proxy is trusted.
	status, body, hdr := h.do("POST", "/api/v1/public/surveys/all-types/responses", validResponse("1d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d79"),
		"X-Forwarded-For", "198.51.100.9")
	wantError(t, status, body, http.StatusTooManyRequests, survey.ERATELIMIT)
	if hdr.Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}
	if got := h.count(); got != 2 {
		t.Fatalf("responses = %d, want 2", got)
	}
}
