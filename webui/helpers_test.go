package webui_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/webui"
)

// testSlug is the survey in testdata/survey.json.
const testSlug = "ward-feedback"

// fixedNow is a date in Q3 2026/27 (October–December 2026).
var fixedNow = time.Date(2026, time.November, 20, 14, 30, 0, 0, time.UTC)

// env is a running Chorus: the real API and pages over the real embedded
// store, served by an httptest server.
type env struct {
	t      *testing.T
	URL    string
	Store  *store.Store
	client *http.Client
}

// newEnv starts the API and the pages on a fresh database holding the test
// survey, published.
func newEnv(t *testing.T) *env {
	t.Helper()
	return newEnvRate(t, 1000)
}

// newEnvRate is newEnv with the API's per-client submission limit per minute.
func newEnvRate(t *testing.T, submitRate int) *env {
	t.Helper()
	st := storetest.Open(t, func() time.Time { return fixedNow })
	seed(t, st)
	log := slog.New(slog.DiscardHandler)
	srv := api.New(api.Config{Store: st, Logger: log, Now: func() time.Time { return fixedNow }, SubmitRate: submitRate})
	e := api.NewEcho(log)
	srv.Register(e)
	ui, err := webui.New(srv, webui.Options{Logger: log, PublicURL: "https://feedback.example.nhs.uk", Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatalf("webui.New: %v", err)
	}
	ui.Register(e)
	ts := httptest.NewServer(e)
	t.Cleanup(ts.Close)
	client := &http.Client{
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return &env{t: t, URL: ts.URL, Store: st, client: client}
}

// seed creates the organisation, service and teams and publishes the survey.
func seed(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	must(t, st.CreateOrganisation(ctx, survey.Organisation{Slug: "trust", Name: "Test Trust"}))
	must(t, st.CreateService(ctx, survey.Service{Slug: "adult-mh", Organisation: "trust", Name: "Adult mental health"}))
	for _, team := range []string{"ward-a", "ward-b"} {
		if _, err := st.CreateTeam(ctx, survey.Team{Slug: team, Service: "adult-mh", Organisation: "trust", Name: team}); err != nil {
			t.Fatalf("create team: %v", err)
		}
	}
	sv := loadSurvey(t)
	must(t, st.CreateSurvey(ctx, store.SurveyInfo{Slug: sv.Slug, Organisation: "trust", Title: sv.Title}))
	v, err := st.SaveDraft(ctx, sv)
	must(t, err)
	if _, err := st.PublishVersion(ctx, sv.Slug, v); err != nil {
		t.Fatalf("publish: %v", err)
	}
}

// loadSurvey reads and checks testdata/survey.json.
func loadSurvey(t *testing.T) *survey.Survey {
	t.Helper()
	b, err := os.ReadFile("testdata/survey.json")
	must(t, err)
	var sv survey.Survey
	must(t, json.Unmarshal(b, &sv))
	survey.NormaliseSurvey(&sv)
	if err := survey.CheckSurvey(&sv); err != nil {
		t.Fatalf("test survey fails the schema check: %v", err)
	}
	return &sv
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// page is a fetched response with its body read (and decompressed).
type page struct {
	Status int
	Header http.Header
	Body   string
	Wire   int // bytes on the wire, before decompression
}

// get fetches a path; header pairs are added to the request.
func (e *env) get(path string, header ...string) page {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.URL+path, nil)
	must(e.t, err)
	return e.do(req, header...)
}

// post sends a form to a path.
func (e *env) post(path string, form url.Values, header ...string) page {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.URL+path, strings.NewReader(form.Encode()))
	must(e.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return e.do(req, header...)
}

func (e *env) do(req *http.Request, header ...string) page {
	e.t.Helper()
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := e.client.Do(req)
	must(e.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	must(e.t, err)
	body := raw
	if resp.Header.Get("Content-Encoding") == "gzip" && req.Header.Get("Accept-Encoding") != "" {
		body = gunzip(e.t, raw)
	}
	return page{Status: resp.StatusCode, Header: resp.Header, Body: string(body), Wire: len(raw)}
}

// countResponses counts stored responses of the test survey.
func (e *env) countResponses() int64 {
	e.t.Helper()
	n, err := e.Store.CountResponses(context.Background(), store.ResponseFilter{Survey: testSlug})
	must(e.t, err)
	return n
}

// hiddenValue returns the value of the hidden input with the name.
func hiddenValue(t *testing.T, body, name string) string {
	t.Helper()
	marker := `name="` + name + `" value="`
	i := strings.Index(body, marker)
	if i < 0 {
		t.Fatalf("no hidden input %q in page", name)
	}
	rest := body[i+len(marker):]
	return rest[:strings.IndexByte(rest, '"')]
}

func assertContains(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("page does not contain %q", w)
		}
	}
}

func assertNotContains(t *testing.T, body string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(body, w) {
			t.Errorf("page contains %q", w)
		}
	}
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(b))
	must(t, err)
	out, err := io.ReadAll(r)
	must(t, err)
	return out
}
