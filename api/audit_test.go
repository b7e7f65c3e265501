package api_test

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// TestAuditLog: staff actions are recorded with who, what, when and where;
// respondent submissions never are.
func TestAuditLog(t *testing.T) {
	h := newHarness(t)
	a := h.account("admin@trust.example", "trust", store.Role{Role: api.RoleAdministrator})
	raw := h.session(a, fixedNow().Add(time.Hour))
	hdr := sessionHeader(raw, h.csrf(raw))
	if st, b, _ := h.do("POST", "/api/v1/organisations/trust/services", map[string]any{"slug": "=cmd", "name": "X"}, hdr...); st != http.StatusUnprocessableEntity {
		t.Fatalf("bad slug: %d %v", st, b)
	}
	if st, b, _ := h.do("PATCH", "/api/v1/teams/crisis-team", map[string]any{"name": "Crisis"}, hdr...); st != http.StatusOK {
		t.Fatalf("team: %d %v", st, b)
	}
	if st, b := h.staff("POST", "/api/v1/organisations/trust/services", map[string]any{"slug": "ed", "name": "ED"}); st != http.StatusCreated {
		t.Fatalf("service: %d %v", st, b)
	}
	before := h.auditCount()
	for _, id := range []string{"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c"} {
		if st, b, _ := h.do("POST", "/api/v1/public/surveys/all-types/responses", validResponse(id)); st != http.StatusCreated {
			t.Fatalf("submit: %d %v", st, b)
		}
	}
	if after := h.auditCount(); after != before {
		t.Fatalf("respondent submissions wrote %d audit entries", after-before)
	}

	status, body, _ := h.do("GET", "/api/v1/organisations/trust/audit?from=2026-11-22&to=2026-11-22", nil, hdr...)
	if status != http.StatusOK || body["total"] != float64(2) {
		t.Fatalf("audit: %d %v", status, body)
	}
	got := map[string]map[string]any{}
	for _, e := range body["entries"].([]any) {
		m := e.(map[string]any)
		got[m["action"].(string)] = m
	}
	if e := got["team.update"]; e == nil || e["actor"] != "admin@trust.example" || e["actor_kind"] != "user" || e["target"] != "crisis-team" || e["time"] != "2026-11-22T14:37:12Z" {
		t.Fatalf("team.update entry = %v", e)
	}
	if e := got["service.create"]; e == nil || e["actor_kind"] != "bootstrap" || e["target"] != "ed" {
		t.Fatalf("service.create entry = %v", e)
	}
	t.Run("DateFilter", func(t *testing.T) {
		status, body, _ := h.do("GET", "/api/v1/organisations/trust/audit?to=2026-11-21", nil, hdr...)
		if status != http.StatusOK || body["total"] != float64(0) {
			t.Fatalf("before the day: %d %v", status, body)
		}
		status, body, _ = h.do("GET", "/api/v1/organisations/trust/audit?from=22-11-2026&limit=9999", nil, hdr...)
		e := wantError(t, status, body, http.StatusBadRequest, survey.EINVALID)
		if got := strings.Join(fieldNames(e), " "); got != "from limit" {
			t.Fatalf("fields = %q", got)
		}
	})
	t.Run("CSVFormulaInjection", func(t *testing.T) {
		if st, b := h.staff("POST", "/api/v1/organisations/trust/tokens", map[string]any{"name": "=HYPERLINK(\"http://evil.example\")",
			"scopes": []string{"read_report"}, "expires_in_days": 1}); st != http.StatusCreated {
			t.Fatalf("token: %d %v", st, b)
		}
		_, raw, _ := h.raw("GET", "/api/v1/organisations/trust/audit.csv", nil, "Authorization", "Bearer "+adminToken)
		rows, err := csv.NewReader(strings.NewReader(string(raw))).ReadAll()
		must(t, err)
		for _, r := range rows {
			if r[5] == "token.create" && !strings.HasPrefix(r[6], "'=HYPERLINK") {
				t.Fatalf("target cell %q would run as a formula", r[6])
			}
		}
	})
	t.Run("CSV", func(t *testing.T) {
		status, raw, hd := h.raw("GET", "/api/v1/organisations/trust/audit.csv", nil, hdr...)
		if status != http.StatusOK || !strings.HasPrefix(hd.Get("Content-Type"), "text/csv") || !strings.Contains(hd.Get("Content-Disposition"), "attachment") {
			t.Fatalf("csv: %d %v", status, hd)
		}
		rows, err := csv.NewReader(strings.NewReader(string(raw))).ReadAll()
		must(t, err)
		if len(rows) < 3 || strings.Join(rows[0], ",") != "time,organisation,actor_kind,actor_id,actor,action,target" {
			t.Fatalf("rows = %v", rows)
		}
	})
	t.Run("NothingAboutRespondents", func(t *testing.T) {
		var docs []bson.M
		cur, err := h.store.Database().Collection("audit").Find(t.Context(), bson.M{})
		must(t, err)
		must(t, cur.All(t.Context(), &docs))
		for _, d := range docs {
			if a := d["action"].(string); strings.HasPrefix(a, "response") || strings.Contains(d["target"].(string), "0190a1b2") {
				t.Fatalf("audit mentions a response: %v", d)
			}
		}
	})
}

func (h *harness) auditCount() int64 {
	h.t.Helper()
	n, err := h.store.Database().Collection("audit").CountDocuments(h.t.Context(), bson.M{})
	must(h.t, err)
	return n
}
