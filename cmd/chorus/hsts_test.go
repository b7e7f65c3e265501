package main

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/api"
)

// hstsRequests are answers of every kind: API success and error, 404,
// 405, a respondent page, a static asset and a health check.
var hstsRequests = []struct{ method, path, body string }{
	{"GET", "/healthz", ""},
	{"GET", "/api/v1/public/surveys", ""},
	{"GET", "/api/v1/public/surveys/no-such-survey", ""},
	{"POST", "/api/v1/public/surveys/quarterly-feedback/responses", `{"id":`},
	{"DELETE", "/api/v1/public/surveys", ""},
	{"GET", "/no-such-page", ""},
	{"GET", "/s/quarterly-feedback", ""},
	{"GET", "/staff/login", ""},
}

func hstsHeaders(t *testing.T, base string) map[string]string {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	out := map[string]string{}
	for _, r := range hstsRequests {
		req, _ := http.NewRequest(r.method, base+r.path, strings.NewReader(r.body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		out[r.method+" "+r.path+" "+resp.Status] = resp.Header.Get("Strict-Transport-Security")
	}
	return out
}

// TestHSTS: with an https public URL (TLS ends at the proxy) every
// response carries Strict-Transport-Security; with an http one none does.
func TestHSTS(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		m := startServe(t, []string{"--public-url", "https://feedback.example.nhs.uk"}, nil)
		got := hstsHeaders(t, m.URL())
		for _, status := range []string{" 200 OK", " 400 Bad Request", " 404 Not Found", " 405 Method Not Allowed"} {
			if !slices.ContainsFunc(slices.Collect(maps.Keys(got)), func(k string) bool { return strings.HasSuffix(k, status) }) {
				t.Fatalf("no answer%s among %v", status, got)
			}
		}
		for req, got := range got {
			if got != api.HSTSValue {
				t.Errorf("%s: Strict-Transport-Security = %q, want %q", req, got, api.HSTSValue)
			}
		}
	})
	t.Run("NotOverHTTP", func(t *testing.T) {
		m := startServe(t, []string{"--public-url", "http://127.0.0.1:8080"}, nil)
		for req, got := range hstsHeaders(t, m.URL()) {
			if got != "" {
				t.Errorf("%s: Strict-Transport-Security = %q over http, want none", req, got)
			}
		}
	})
}
