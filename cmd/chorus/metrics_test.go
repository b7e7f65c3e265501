package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/metrics/metricstest"
	"github.com/chorus-nhs/chorus/store/storetest"
)

// startMetricsMain runs `chorus serve --demo` on :0 with the metrics
// listener on another :0.
func startMetricsMain(t *testing.T) *Main {
	t.Helper()
	return startServe(t, nil, map[string]string{"CHORUS_METRICS_ADDR": "127.0.0.1:0"})
}

// startServe runs `chorus serve --demo` on :0 with more flags and
// environment, closed when the test ends.
func startServe(t *testing.T, args []string, extraEnv map[string]string) *Main {
	t.Helper()
	env := map[string]string{"CHORUS_ADMIN_TOKEN": "main-test-token-0123456789", "CHORUS_MONGODB_DATABASE": storetest.DatabaseName(),
		"CHORUS_DEMO_HISTORY": "false"} // the demo trust without its history: these tests are about the wiring
	for k, v := range extraEnv {
		env[k] = v
	}
	if uri := storetestURI(); uri != "" {
		env["CHORUS_MONGODB_URI"] = uri
	}
	m := NewMain(io.Discard, io.Discard)
	args = append([]string{"--addr", "127.0.0.1:0", "--data-dir", t.TempDir(), "--demo"}, args...)
	if err := m.ParseFlags(args, func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if err := m.Run(context.Background()); err != nil {
		m.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

func post(t *testing.T, url, body string) int {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func get(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestMetricsScrape runs the real server with CHORUS_METRICS_ADDR, answers
// the demo survey (new, resent, invalid, risk-flagged), and scrapes
// /metrics over HTTP: the series move by what was done, and no label holds
// an address, a path that matched no route, a slug or an answer.
func TestMetricsScrape(t *testing.T) {
	m := startMetricsMain(t)
	if m.MetricsURL() == "" || m.MetricsURL() == m.URL() {
		t.Fatalf("metrics URL %q, public URL %q: want a listener of its own", m.MetricsURL(), m.URL())
	}
	if got := get(t, m.URL()+"/metrics"); got != http.StatusNotFound {
		t.Fatalf("GET /metrics on the public listener = %d, want 404", got)
	}
	scrape := m.MetricsURL() + "/metrics"
	before := metricstest.Scrape(t, scrape)

	const id = "3a4bd7a0-55c5-4b7e-8a55-3f3f0a4a9d01"
	const comment = "Nothing helps. I want to end my life."
	submitURL := m.URL() + "/api/v1/public/surveys/quarterly-feedback/responses"
	ok := fmt.Sprintf(`{"id":%q,"team":"north-cmht","answers":{"role":"service_user","fft":"poor","good":%q}}`, id, comment)
	steps := []struct {
		name string
		do   func() int
		want int
	}{
		{"Accepted", func() int { return post(t, submitURL, ok) }, http.StatusCreated},
		{"Resent", func() int { return post(t, submitURL, ok) }, http.StatusOK},
		{"Invalid", func() int {
			return post(t, submitURL, `{"id":"7f1d3c9e-1111-4c4e-9a53-0b8f4a1c2d77","team":"north-cmht","answers":{"fft":"splendid"}}`)
		}, http.StatusUnprocessableEntity},
		{"Malformed", func() int { return post(t, submitURL, `{"id":`) }, http.StatusBadRequest},
		{"Healthz", func() int { return get(t, m.URL()+"/healthz") }, http.StatusOK},
		{"Unmatched", func() int { return get(t, m.URL()+"/no-such-page-7c1e") }, http.StatusNotFound},
	}
	for _, s := range steps {
		if got := s.do(); got != s.want {
			t.Fatalf("%s = %d, want %d", s.name, got, s.want)
		}
	}
	after := metricstest.Scrape(t, scrape)

	rose := func(name string, labels map[string]string, atLeast float64) {
		t.Helper()
		if got := after.Value(name, labels) - before.Value(name, labels); got < atLeast {
			t.Errorf("%s%v rose by %v, want at least %v", name, labels, got, atLeast)
		}
	}
	submitRoute := "/api/v1/public/surveys/:slug/responses"
	rose("chorus_http_requests_total", map[string]string{"method": "POST", "route": submitRoute, "status": "201"}, 1)
	rose("chorus_http_requests_total", map[string]string{"method": "POST", "route": submitRoute, "status": "422"}, 1)
	rose("chorus_http_requests_total", map[string]string{"method": "GET", "route": "/healthz", "status": "200"}, 1)
	rose("chorus_http_requests_total", map[string]string{"method": "GET", "route": "unmatched", "status": "404"}, 1)
	rose("chorus_http_request_duration_seconds", map[string]string{"method": "POST", "route": submitRoute}, 4)
	rose("chorus_submissions_total", map[string]string{"outcome": "accepted"}, 1)
	rose("chorus_submissions_total", map[string]string{"outcome": "resent"}, 1)
	rose("chorus_submissions_total", map[string]string{"outcome": "rejected"}, 2)
	rose("chorus_theme_engine_seconds", nil, 1)
	rose("chorus_rollup_lag_seconds", nil, 1)
	rose("chorus_alerts_raised_total", nil, 1)
	rose("chorus_store_operation_duration_seconds", map[string]string{"command": "insert", "outcome": "ok"}, 1)
	for _, name := range []string{"chorus_ingest_queue_depth", "chorus_ingest_group_size", "chorus_deliveries_total",
		"chorus_deliveries_failed_final_total", "go_goroutines"} {
		if after[name] == nil {
			t.Errorf("no %s in the scrape", name)
		}
	}
	checkLabelsAnonymous(t, after, m, id, comment)
}

// checkLabelsAnonymous fails if any label value of a chorus_* series holds
// an address, a port, a path no route matched, a slug, an id or an answer.
func checkLabelsAnonymous(t *testing.T, fams metricstest.Families, m *Main, banned ...string) {
	t.Helper()
	banned = append(banned, "127.0.0.1", "localhost", strings.TrimPrefix(m.URL(), "http://"), strings.TrimPrefix(m.MetricsURL(), "http://"),
		"no-such-page", "north-cmht", "quarterly-feedback", "demo", "poor", "service_user")
	for name, fam := range fams {
		if !strings.HasPrefix(name, "chorus_") {
			continue
		}
		for _, s := range fam.GetMetric() {
			for _, l := range s.GetLabel() {
				v := l.GetValue()
				for _, b := range banned {
					if strings.Contains(v, b) {
						t.Errorf("%s label %s=%q holds %q", name, l.GetName(), v, b)
					}
				}
				if l.GetName() == "route" && v != "unmatched" && !strings.HasPrefix(v, "/") {
					t.Errorf("%s route label %q is not a template", name, v)
				}
			}
		}
	}
}

func TestMetricsAddrSetting(t *testing.T) {
	cases := []struct {
		name, addr, want string
	}{
		{"ErrNotHostPort", "9090", "--metrics-addr"},
		{"ErrSameAsAddr", "127.0.0.1:8080", "must differ"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := NewMain(io.Discard, io.Discard)
			err := m.ParseFlags([]string{"--addr", "127.0.0.1:8080", "--metrics-addr", tc.addr}, func(string) string { return "" })
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one naming %s", err, tc.want)
			}
		})
	}
	t.Run("OffByDefault", func(t *testing.T) {
		m := NewMain(io.Discard, io.Discard)
		if err := m.ParseFlags(nil, func(string) string { return "" }); err != nil {
			t.Fatal(err)
		}
		if m.Config.MetricsAddr != "" || m.MetricsURL() != "" {
			t.Fatalf("metrics on by default: %q", m.Config.MetricsAddr)
		}
	})
}
