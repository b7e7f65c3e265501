package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
	"github.com/chorus-nhs/chorus/survey"
)

const adminToken = "test-admin-token-0123456789"

// fixedNow is 22 November 2026, 14:37:12 in London: quarter 2026-27-Q3.
func fixedNow() time.Time { return time.Date(2026, 11, 22, 14, 37, 12, 0, time.UTC) }

type harness struct {
	t     *testing.T
	srv   *httptest.Server
	store *store.Store
}

// newHarness serves the real API over HTTP on a fresh embedded-store
// database with one organisation, service, two teams and the all-types
// survey published.
func newHarness(t *testing.T, cfg ...api.Config) *harness {
	t.Helper()
	st := storetest.Open(t, fixedNow)
	seedHarnessStore(t, st)
	c := api.Config{}
	if len(cfg) > 0 {
		c = cfg[0]
	}
	c.Store, c.Now = st, fixedNow
	if c.AdminToken == "" {
		c.AdminToken = adminToken
	}
	e := api.NewEcho(nil)
	api.New(c).Register(e)
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return &harness{t: t, srv: srv, store: st}
}

// seedHarnessStore creates one organisation, service, two teams and the
// all-types survey, published.
func seedHarnessStore(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	must(t, st.CreateOrganisation(ctx, survey.Organisation{Slug: "trust", Name: "Trust"}))
	must(t, st.CreateService(ctx, survey.Service{Slug: "cmh", Organisation: "trust", Name: "Community mental health"}))
	for _, slug := range []string{"crisis-team", "north-cmht"} {
		_, err := st.CreateTeam(ctx, survey.Team{Slug: slug, Service: "cmh", Name: slug})
		must(t, err)
	}
	sv := loadSurvey(t)
	survey.NormaliseSurvey(sv) // as the API does before saving
	must(t, st.CreateSurvey(ctx, store.SurveyInfo{Slug: sv.Slug, Organisation: "trust", Title: sv.Title}))
	v, err := st.SaveDraft(ctx, sv)
	must(t, err)
	_, err = st.PublishVersion(ctx, sv.Slug, v)
	must(t, err)
}

func loadSurvey(t *testing.T) *survey.Survey {
	t.Helper()
	b, err := os.ReadFile("../survey/testdata/all-types.json")
	must(t, err)
	var sv survey.Survey
	must(t, json.Unmarshal(b, &sv))
	return &sv
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// do sends a request and returns the status and decoded JSON body.
func (h *harness) do(method, path string, body any, header ...string) (int, map[string]any, http.Header) {
	h.t.Helper()
	status, raw, hdr := h.raw(method, path, body, header...)
	var out map[string]any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			h.t.Fatalf("%s %s: body is not JSON: %q", method, path, raw)
		}
	}
	return status, out, hdr
}

func (h *harness) staff(method, path string, body any) (int, map[string]any) {
	h.t.Helper()
	status, out, _ := h.do(method, path, body, "Authorization", "Bearer "+adminToken)
	return status, out
}

func (h *harness) count() int64 {
	h.t.Helper()
	n, err := h.store.CountResponses(context.Background(), store.ResponseFilter{})
	must(h.t, err)
	return n
}

// wantError checks status, the DESIGN.md error shape and its code.
func wantError(t *testing.T, status int, body map[string]any, wantStatus int, wantCode string) map[string]any {
	t.Helper()
	if status != wantStatus {
		t.Fatalf("status = %d, want %d (body %v)", status, wantStatus, body)
	}
	e, ok := body["error"].(map[string]any)
	if !ok {
		t.Fatalf("body %v has no error object", body)
	}
	if got := e["code"]; got != wantCode {
		t.Fatalf("error.code = %v, want %q", got, wantCode)
	}
	if msg, _ := e["message"].(string); msg == "" {
		t.Fatalf("error.message is empty: %v", e)
	}
	return e
}

// fieldNames lists error.fields[].field.
func fieldNames(e map[string]any) []string {
	var out []string
	fs, _ := e["fields"].([]any)
	for _, f := range fs {
		m := f.(map[string]any)
		out = append(out, m["field"].(string))
	}
	return out
}

func validResponse(id string) map[string]any {
	return map[string]any{
		"id": id, "team": "crisis-team", "language": "en",
		"answers": map[string]any{"role": "carer", "fft": "good", "good": "Staff listened.", "carer_involved": true},
	}
}

func newHarnessWithRate(t *testing.T, rate int) *harness {
	return newHarness(t, api.Config{SubmitRate: rate})
}
