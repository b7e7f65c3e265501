package api_test

import (
	"context"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

func TestStaffRequiresToken(t *testing.T) {
	h := newHarness(t)
	for _, hdr := range [][]string{nil, {"Authorization", "Bearer wrong-token-wrong-token"}, {"Authorization", adminToken}} {
		status, body, _ := h.do("GET", "/api/v1/organisations", nil, hdr...)
		wantError(t, status, body, http.StatusUnauthorized, survey.EUNAUTH)
	}
}

func TestStaffOrganisations(t *testing.T) {
	h := newHarness(t)
	status, body := h.staff("POST", "/api/v1/organisations", map[string]any{"slug": "other-trust", "name": "Other Trust", "settings": map[string]any{"year_start_month": 1}})
	if status != http.StatusCreated {
		t.Fatalf("create: %d %v", status, body)
	}
	t.Run("ErrSlugTaken", func(t *testing.T) {
		status, body := h.staff("POST", "/api/v1/organisations", map[string]any{"slug": "other-trust", "name": "Again"})
		wantError(t, status, body, http.StatusConflict, survey.ECONFLICT)
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		status, body := h.staff("POST", "/api/v1/organisations", map[string]any{"slug": "Bad Slug", "name": "", "settings": map[string]any{"suppression_threshold": 2}})
		e := wantError(t, status, body, http.StatusUnprocessableEntity, survey.EUNPROCESS)
		if got, want := fieldNames(e), []string{"slug", "name"}; !reflect.DeepEqual(got, want) {
			t.Fatalf("fields = %v, want %v", got, want)
		}
		status, body = h.staff("POST", "/api/v1/organisations", map[string]any{"slug": "ok-slug", "name": "OK", "settings": map[string]any{"suppression_threshold": 2}})
		e = wantError(t, status, body, http.StatusUnprocessableEntity, survey.EUNPROCESS)
		if got, want := fieldNames(e), []string{"settings.suppression_threshold"}; !reflect.DeepEqual(got, want) {
			t.Fatalf("fields = %v, want %v", got, want)
		}
	})
	t.Run("ServicesAndTeams", func(t *testing.T) {
		if status, body := h.staff("POST", "/api/v1/organisations/other-trust/services", map[string]any{"slug": "eating-disorders", "name": "Eating disorders"}); status != http.StatusCreated {
			t.Fatalf("service: %d %v", status, body)
		}
		status, body := h.staff("POST", "/api/v1/services/eating-disorders/teams", map[string]any{"slug": "ed-team", "name": "ED team", "safeguarding_email": "not-an-email"})
		e := wantError(t, status, body, http.StatusUnprocessableEntity, survey.EUNPROCESS)
		if got := fieldNames(e); !reflect.DeepEqual(got, []string{"safeguarding_email"}) {
			t.Fatalf("fields = %v", got)
		}
		if status, body := h.staff("POST", "/api/v1/services/eating-disorders/teams", map[string]any{"slug": "ed-team", "name": "ED team"}); status != http.StatusCreated {
			t.Fatalf("team: %d %v", status, body)
		}
		status, body = h.staff("GET", "/api/v1/teams/ed-team", nil)
		if status != http.StatusOK || body["organisation"] != "other-trust" || body["service"] != "eating-disorders" {
			t.Fatalf("team = %d %v", status, body)
		}
		status, body = h.staff("POST", "/api/v1/services/eating-disorders/teams", map[string]any{"slug": "thanks", "name": "Thanks"})
		e = wantError(t, status, body, http.StatusUnprocessableEntity, survey.EUNPROCESS)
		if got := fieldNames(e); !reflect.DeepEqual(got, []string{"slug"}) {
			t.Fatalf("reserved slug: fields = %v", got)
		}
		status, body = h.staff("POST", "/api/v1/services/nope/teams", map[string]any{"slug": "x", "name": "X"})
		wantError(t, status, body, http.StatusNotFound, survey.ENOTFOUND)
	})
}

func TestStaffSurveyLifecycle(t *testing.T) {
	h := newHarness(t)
	sv := loadSurvey(t)
	sv.Slug = "second"
	sv.Keywords = nil
	if status, body := h.staff("POST", "/api/v1/surveys", map[string]any{"slug": "second", "organisation": "trust", "title": map[string]any{"en": "Second"}}); status != http.StatusCreated {
		t.Fatalf("create: %d %v", status, body)
	}
	t.Run("ErrSchema", func(t *testing.T) {
		bad := *sv
		bad.Sections = append([]survey.Section(nil), sv.Sections...)
		bad.Teams = []survey.TeamRef{{Slug: "no-such-team", Name: "X"}}
		status, body := h.staff("PUT", "/api/v1/surveys/second/draft", bad)
		e := wantError(t, status, body, http.StatusUnprocessableEntity, survey.EUNPROCESS)
		if got := fieldNames(e); !reflect.DeepEqual(got, []string{"teams[0].slug"}) {
			t.Fatalf("fields = %v", got)
		}
	})
	status, body := h.staff("PUT", "/api/v1/surveys/second/draft", sv)
	if status != http.StatusOK || body["version"] != float64(1) || body["status"] != "draft" {
		t.Fatalf("draft: %d %v", status, body)
	}
	// Not public until published.
	st, b, _ := h.do("GET", "/api/v1/public/surveys/second", nil)
	wantError(t, st, b, http.StatusNotFound, survey.ENOTFOUND)

	// Publishing needs a co-production panel approval first.
	status, body = h.staff("POST", "/api/v1/surveys/second/versions/1/publish", nil)
	wantError(t, status, body, http.StatusConflict, survey.ECONFLICT)
	panel := h.account("panel@trust.test", "trust", store.Role{Role: "panel", Services: []string{"cmh"}})
	raw := h.session(panel, fixedNow().Add(time.Hour))
	if st, b, _ := h.do("POST", "/api/v1/surveys/second/versions/1/panel/approve", nil, sessionHeader(raw, h.csrf(raw))...); st != http.StatusOK {
		t.Fatalf("approve: %d %v", st, b)
	}
	if status, body := h.staff("POST", "/api/v1/surveys/second/versions/1/publish", nil); status != http.StatusOK {
		t.Fatalf("publish: %d %v", status, body)
	}
	status, body = h.staff("POST", "/api/v1/surveys/second/versions/1/publish", nil)
	wantError(t, status, body, http.StatusConflict, survey.ECONFLICT)

	st, b, _ = h.do("GET", "/api/v1/public/surveys/second", nil)
	if st != http.StatusOK || b["version"] != float64(1) {
		t.Fatalf("public after publish: %d %v", st, b)
	}
	status, body = h.staff("GET", "/api/v1/surveys/second/versions", nil)
	vs := body["versions"].([]any)
	if status != http.StatusOK || len(vs) != 1 || vs[0].(map[string]any)["status"] != "published" {
		t.Fatalf("versions: %d %v", status, body)
	}
	status, body = h.staff("GET", "/api/v1/surveys/second/versions/9", nil)
	wantError(t, status, body, http.StatusNotFound, survey.ENOTFOUND)
}

func TestHealth(t *testing.T) {
	h := newHarness(t)
	for _, p := range []string{"/healthz", "/readyz"} {
		status, body, _ := h.do("GET", p, nil)
		if status != http.StatusOK || body["status"] != "ok" {
			t.Fatalf("%s = %d %v", p, status, body)
		}
	}
	t.Run("ReadyzStoreDown", func(t *testing.T) {
		must(t, h.store.Close(context.Background()))
		status, body, hdr := h.do("GET", "/readyz", nil)
		wantError(t, status, body, http.StatusServiceUnavailable, survey.EUNAVAILABLE)
		if hdr.Get("Retry-After") == "" {
			t.Fatal("503 without Retry-After")
		}
		status, body, _ = h.do("GET", "/healthz", nil)
		if status != http.StatusOK {
			t.Fatalf("healthz with store down = %d %v", status, body)
		}
	})
}
