package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/demo"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/themes"
)

// loadSurveys are the surveys the answer generator is checked on: the demo
// and the every-question-type test survey.
func loadSurveys(t *testing.T) map[string]*survey.Survey {
	t.Helper()
	d, err := demo.Survey()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("../../survey/testdata/all-types.json")
	if err != nil {
		t.Fatal(err)
	}
	var all survey.Survey
	if err := json.Unmarshal(b, &all); err != nil {
		t.Fatal(err)
	}
	survey.NormaliseSurvey(&all)
	if err := survey.CheckSurvey(&all); err != nil {
		t.Fatal(err)
	}
	return map[string]*survey.Survey{"demo": d, "all-types": &all}
}

// TestLoadAnswersValid generates answers with many seeds: every set must
// pass validation (after a JSON round trip, as the server sees it), and
// across the seeds every question, including each conditional one, must
// have been answered.
func TestLoadAnswersValid(t *testing.T) {
	for name, sv := range loadSurveys(t) {
		t.Run(name, func(t *testing.T) {
			answered := map[string]int{}
			for seed := range uint64(400) {
				g := answerGen{sv: sv, rng: rand.New(rand.NewPCG(seed, 7)), riskRate: 0.1}
				a := g.answers()
				if _, err := survey.ValidateResponse(sv, a); err != nil {
					t.Fatalf("seed %d: %v (fields %v) for %v", seed, err, survey.ErrorFields(err), a)
				}
				b, _ := json.Marshal(a)
				var wire map[string]any
				if err := json.Unmarshal(b, &wire); err != nil {
					t.Fatal(err)
				}
				if _, err := survey.ValidateResponse(sv, wire); err != nil {
					t.Fatalf("seed %d after JSON: %v (fields %v) for %s", seed, err, survey.ErrorFields(err), b)
				}
				for id := range a {
					answered[id]++
				}
			}
			for _, q := range sv.Questions() {
				if answered[q.ID] == 0 {
					t.Errorf("question %s (%s) never answered in 400 seeds", q.ID, q.Type)
				}
			}
		})
	}
}

// TestLoadComments checks the built-in comments: none carries risk
// language, the risk phrases do, and some hold personal data to redact.
func TestLoadComments(t *testing.T) {
	var withPII int
	for _, list := range [][]string{loadPositive, loadNegative, loadShort} {
		for _, s := range list {
			if r := themes.DetectRisk(s); r.Flag {
				t.Errorf("comment %q has risk language (%s)", s, r.Kind)
			}
			if red, _ := themes.Redact(s); red != s {
				withPII++
			}
		}
	}
	if withPII < 3 {
		t.Errorf("comments with personal data = %d, want at least 3 to exercise redaction", withPII)
	}
	for _, s := range loadRisk {
		if !themes.DetectRisk(s).Flag {
			t.Errorf("risk comment %q is not flagged", s)
		}
	}
}

// startLoadTarget runs `chorus serve --demo` with the submission limit
// lifted, as a measurement would.
func startLoadTarget(t *testing.T) *Main {
	t.Helper()
	m := NewMain(io.Discard, io.Discard)
	env := map[string]string{"CHORUS_ADMIN_TOKEN": "load-test-token-0123456789", "CHORUS_MONGODB_DATABASE": storetest.DatabaseName(),
		"CHORUS_SUBMIT_RATE": "100000", "CHORUS_LOG_LEVEL": "error", "CHORUS_MONGODB_URI": storetestURI(),
		"CHORUS_DEMO_HISTORY": "false"}
	if err := m.ParseFlags([]string{"--addr", "127.0.0.1:0", "--data-dir", t.TempDir(), "--demo"}, func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if err := m.Run(context.Background()); err != nil {
		m.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

func runLoadT(t *testing.T, env map[string]string, args ...string) (*Summary, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), append([]string{"load"}, args...), func(k string) string { return env[k] }, nil, &out, &errOut)
	if err != nil {
		return nil, errOut.String(), err
	}
	var s Summary
	if jerr := json.Unmarshal(out.Bytes(), &s); jerr != nil {
		t.Fatalf("summary is not JSON: %v\n%s", jerr, out.String())
	}
	return &s, errOut.String(), nil
}

// TestLoadRun drives a served demo with 50 requests and finds every
// created response in the store; resends create nothing.
func TestLoadRun(t *testing.T) {
	m := startLoadTarget(t)
	s, stderr, err := runLoadT(t, nil, "--url", m.URL(), "--requests", "50", "--concurrency", "4", "--seed", "3",
		"--token", "load-test-token-0123456789", "--mix", "submit=80,survey=10,report=10", "--resend-rate", "0.2", "--json")
	if err != nil {
		t.Fatalf("load: %v\n%s", err, stderr)
	}
	if s.Requests != 50 || s.Unexpected != 0 || s.Errors != 0 {
		t.Fatalf("requests %d, unexpected %d, errors %d; want 50, 0, 0: %+v", s.Requests, s.Unexpected, s.Errors, s.Kinds)
	}
	created := s.Kinds[kindSubmit].Statuses["201"]
	n, err := m.store.CountResponses(context.Background(), store.ResponseFilter{Survey: demo.SurveySlug})
	if err != nil {
		t.Fatal(err)
	}
	if created == 0 || uint64(n) != created {
		t.Fatalf("stored responses = %d, created (201) = %d; want equal and above 0", n, created)
	}
	for _, kind := range []string{kindSubmit, kindSurvey, kindReport} {
		k := s.Kinds[kind]
		if k.Requests == 0 || k.P50MS <= 0 || k.MaxMS < k.P99MS || k.P99MS < k.P50MS {
			t.Errorf("%s: %+v, want requests and ordered latencies", kind, k)
		}
	}

	t.Run("Interrupted", func(t *testing.T) {
		// Stopped by a signal (a cancelled context): the summary of what
		// was done is still printed, and the run fails.
		ctx, cancel := context.WithCancel(context.Background())
		var out bytes.Buffer
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, []string{"load", "--url", m.URL(), "--duration", "10m", "--concurrency", "2", "--json"},
				func(string) string { return "" }, nil, &out, io.Discard)
		}()
		for n := int64(0); n == 0; {
			time.Sleep(20 * time.Millisecond)
			var err error
			if n, err = m.store.CountResponses(context.Background(), store.ResponseFilter{Survey: demo.SurveySlug}); err != nil {
				t.Fatal(err)
			}
			n -= int64(created)
		}
		cancel()
		err := <-done
		var got Summary
		if jerr := json.Unmarshal(out.Bytes(), &got); jerr != nil || got.Requests == 0 || got.Errors != 0 {
			t.Fatalf("summary %+v, %v; want requests and no transport errors counted for the cancelled ones", got, jerr)
		}
		if err == nil || !strings.Contains(err.Error(), "load: interrupted after") {
			t.Fatalf("err = %v, want interrupted", err)
		}
	})
}

// TestLoadServe runs the one-command measurement: an in-process server
// with the demo, a lifted limit and its own embedded store.
func TestLoadServe(t *testing.T) {
	// CHORUS_MONGODB_URI is ignored: --serve never seeds a real database.
	env := map[string]string{"CHORUS_MONGODB_URI": "mongodb://127.0.0.1:1/"}
	s, stderr, err := runLoadT(t, env, "--serve", "--requests", "30", "--concurrency", "3", "--json")
	if err != nil {
		t.Fatalf("load --serve: %v\n%s", err, stderr)
	}
	if s.Kinds[kindSubmit].Statuses["201"] == 0 || s.Kinds[kindReport].Requests == 0 || s.Unexpected != 0 {
		t.Fatalf("kinds %+v: want created submissions, report reads and nothing unexpected", s.Kinds)
	}
	if s.Server == nil || s.Server.RSSAfterKiB == 0 {
		t.Errorf("server memory = %+v, want RSS", s.Server)
	}
}

// TestLoadRateLimited loads a server with the production limit: the run
// fails on 429 and says how to lift the limit for a measurement.
func TestLoadRateLimited(t *testing.T) {
	m := startMain(t, t.TempDir(), storetest.DatabaseName())
	defer m.Close()
	_, _, err := runLoadT(t, nil, "--url", m.URL(), "--requests", "40", "--concurrency", "2", "--mix", "submit=1")
	if err == nil || !strings.Contains(err.Error(), "submit 429×") || !strings.Contains(err.Error(), "CHORUS_SUBMIT_RATE") {
		t.Fatalf("err = %v, want 429s named with the CHORUS_SUBMIT_RATE hint", err)
	}
}

func TestLoadFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"ErrNoTarget", nil, "load: --url is required (or --serve to start a server)"},
		{"ErrBoth", []string{"--url", "http://x", "--serve"}, "load: --url and --serve cannot be used together"},
		{"ErrURL", []string{"--url", "127.0.0.1:8080"}, `load: --url "127.0.0.1:8080": want an http(s) URL such as http://127.0.0.1:8080`},
		{"ErrDurationAndRequests", []string{"--url", "http://x", "--duration", "5s", "--requests", "9"}, "load: --duration and --requests cannot be used together"},
		{"ErrRequests", []string{"--url", "http://x", "--requests", "-1"}, "load: --requests -1: want 1 or more"},
		{"ErrConcurrency", []string{"--url", "http://x", "--concurrency", "0"}, "load: --concurrency 0: want 1 to 1024"},
		{"ErrResendRate", []string{"--url", "http://x", "--resend-rate", "0.9"}, "load: --resend-rate 0.9: want 0 to 0.5"},
		{"ErrRiskRate", []string{"--url", "http://x", "--risk-rate", "2"}, "load: --risk-rate 2: want 0 to 1"},
		{"ErrSurvey", []string{"--url", "http://x", "--survey", "Bad Slug"}, `load: --survey "Bad Slug" is not a survey slug`},
		{"ErrReportNoToken", []string{"--url", "http://x", "--mix", "submit=1,report=1"}, "load: --mix asks for report reads, which need --token (the bootstrap admin token)"},
		{"ErrDataDir", []string{"--url", "http://x", "--data-dir", "/tmp/x"}, "load: --data-dir is only for --serve"},
		{"ErrPIDServe", []string{"--serve", "--pid", "1"}, "load: --pid 1: want the process id of a separate server (not with --serve)"},
		{"ErrArg", []string{"--url", "http://x", "extra"}, `load: unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseLoadFlags(tt.args, func(string) string { return "" }, io.Discard)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
	for _, bad := range []struct{ mix, want string }{
		{"submit=90,post=5", `unknown kind "post": want submit, survey or report`},
		{"submit=x", `weight of submit "x": want a whole number from 0`},
		{"submit", `"submit": want kind=weight, e.g. submit=90,survey=5,report=5`},
		{"submit=0,survey=0", "the weights add up to 0"},
		{"submit=1,submit=2", "submit given twice"},
		{"resend=1", `unknown kind "resend": want submit, survey or report`},
	} {
		var errOut bytes.Buffer
		_, err := parseLoadFlags([]string{"--url", "http://x", "--mix", bad.mix}, func(string) string { return "" }, &errOut)
		if err != errUsage || !strings.Contains(errOut.String(), `invalid value "`+bad.mix+`" for flag -mix: `+bad.want) {
			t.Errorf("--mix %s: err %v, output %q; want %q", bad.mix, err, errOut.String(), bad.want)
		}
	}
}

// TestLoadDefaults checks the defaults: 30 seconds, the current quarter,
// and no report reads without a token (said on stderr).
func TestLoadDefaults(t *testing.T) {
	var errOut bytes.Buffer
	o, err := parseLoadFlags([]string{"--url", "http://127.0.0.1:8080/"}, func(string) string { return "" }, &errOut)
	if err != nil {
		t.Fatal(err)
	}
	if o.Duration != 30*time.Second || o.URL != "http://127.0.0.1:8080" || o.Concurrency != 16 || o.Mix.String() != "submit=90,survey=5" {
		t.Errorf("options = %+v", o)
	}
	if _, err := survey.ParseQuarter(o.Quarter); err != nil {
		t.Errorf("quarter %q: %v", o.Quarter, err)
	}
	if !strings.Contains(errOut.String(), "no --token, so no report reads") {
		t.Errorf("stderr = %q, want the note on report reads", errOut.String())
	}
	o, err = parseLoadFlags([]string{"--url", "http://x"}, func(k string) string { return map[string]string{"CHORUS_ADMIN_TOKEN": "tok"}[k] }, io.Discard)
	if err != nil || o.Token != "tok" || o.Mix.String() != "submit=90,survey=5,report=5" {
		t.Errorf("with CHORUS_ADMIN_TOKEN: %+v, %v", o, err)
	}
}

// TestSubmitRateSetting: CHORUS_SUBMIT_RATE is checked, and unset keeps
// the API's production default (0 here).
func TestSubmitRateSetting(t *testing.T) {
	for _, tt := range []struct{ val, want string }{
		{"abc", `CHORUS_SUBMIT_RATE "abc": want a whole number of submissions per minute, 1 or more`},
		{"0", `CHORUS_SUBMIT_RATE "0": want a whole number of submissions per minute, 1 or more`},
	} {
		m := NewMain(io.Discard, io.Discard)
		err := m.ParseFlags(nil, func(k string) string { return map[string]string{"CHORUS_SUBMIT_RATE": tt.val}[k] })
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: err = %v, want %q", tt.val, err, tt.want)
		}
	}
	m := NewMain(io.Discard, io.Discard)
	if err := m.ParseFlags(nil, func(string) string { return "" }); err != nil || m.Config.SubmitRate != 0 {
		t.Errorf("unset: rate %d, %v; want 0 (the API's default of 30)", m.Config.SubmitRate, err)
	}
	m = NewMain(io.Discard, io.Discard)
	if err := m.ParseFlags(nil, func(k string) string { return map[string]string{"CHORUS_SUBMIT_RATE": "600"}[k] }); err != nil || m.Config.SubmitRate != 600 {
		t.Errorf("600: rate %d, %v", m.Config.SubmitRate, err)
	}
}

// TestHistogram checks percentiles against known latencies: within one
// bucket (4.4 %) and never above the largest seen.
func TestHistogram(t *testing.T) {
	var h histogram
	for i := 1; i <= 1000; i++ {
		h.add(time.Duration(i) * time.Millisecond)
	}
	for _, tt := range []struct {
		q    float64
		want time.Duration
	}{{0.5, 500 * time.Millisecond}, {0.9, 900 * time.Millisecond}, {0.99, 990 * time.Millisecond}, {1, time.Second}} {
		got := h.quantile(tt.q)
		if got < tt.want || float64(got) > float64(tt.want)*1.045 {
			t.Errorf("quantile(%g) = %s, want %s to +4.5%%", tt.q, got, tt.want)
		}
	}
	if h.max != time.Second || h.n != 1000 {
		t.Errorf("max %s n %d", h.max, h.n)
	}
	var empty histogram
	if empty.quantile(0.5) != 0 {
		t.Error("empty histogram quantile is not 0")
	}
	h.add(time.Hour) // beyond the last bucket: counted, max exact
	if h.quantile(1) != time.Hour {
		t.Errorf("quantile(1) after an hour = %s", h.quantile(1))
	}
}
