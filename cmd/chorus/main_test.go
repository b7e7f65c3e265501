package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
)

// startMain runs `chorus serve --demo` on :0 with its data in dir. With
// CHORUS_TEST_MONGODB_URI set, it uses that server instead of the embedded
// one (and a fresh database).
func startMain(t *testing.T, dir, database string) *Main {
	t.Helper()
	m, _ := startMainOutput(t, dir, database)
	return m
}

// startMainOutput is startMain that also returns what serve printed.
// The demo's history (demo/apiseed's tests cover it) is left out here, to
// keep these tests of the wiring fast.
func startMainOutput(t *testing.T, dir, database string) (*Main, string) {
	t.Helper()
	m, out := startMainWith(t, dir, database, "--demo")
	if !strings.Contains(out, "/s/quarterly-feedback") {
		t.Fatalf("demo did not print its URLs: %q", out)
	}
	return m, out
}

// startMainWith runs `chorus serve` with the given extra flags.
func startMainWith(t *testing.T, dir, database string, flags ...string) (*Main, string) {
	t.Helper()
	var out bytes.Buffer
	m := NewMain(&out, io.Discard)
	env := map[string]string{"CHORUS_ADMIN_TOKEN": "main-test-token-0123456789", "CHORUS_MONGODB_DATABASE": database,
		"CHORUS_DEMO_HISTORY": "false"}
	if uri := storetestURI(); uri != "" {
		env["CHORUS_MONGODB_URI"] = uri
	}
	if err := m.ParseFlags(append([]string{"--addr", "127.0.0.1:0", "--data-dir", dir}, flags...), func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if err := m.Run(context.Background()); err != nil {
		m.Close()
		t.Fatal(err)
	}
	return m, out.String()
}

func submit(t *testing.T, base, id string) int {
	t.Helper()
	body := fmt.Sprintf(`{"id":%q,"team":"north-cmht","answers":{"role":"service_user","fft":"very_good","good":"Kind staff."}}`, id)
	resp, err := http.Post(base+"/api/v1/public/surveys/quarterly-feedback/responses", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	return resp.StatusCode
}

// TestServeDemoSurvivesRestart seeds the demo, answers the survey, restarts
// on the same data directory (seeding again must change nothing) and finds
// the response still there.
func TestServeDemoSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	db := storetest.DatabaseName()
	const id = "0f7cfc43-8a0b-4bd0-b1a4-6d2f3f8f2a10"

	m, out := startMainOutput(t, dir, db)
	// The demo's staff accounts are printed with their passwords, and the
	// manager can sign in with what was printed.
	pw := demoPassword(t, out)
	if got := signInAsDemoManager(t, m, pw); got != http.StatusOK {
		t.Fatalf("demo manager login = %d, want 200", got)
	}
	if got := submit(t, m.URL(), id); got != http.StatusCreated {
		t.Fatalf("submit = %d, want 201", got)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}

	m, out = startMainOutput(t, dir, db)
	defer m.Close()
	// Every start prints the same details, which still work.
	if again := demoPassword(t, out); again != pw {
		t.Fatalf("a second --demo printed password %q, want the first one %q", again, pw)
	}
	if !strings.Contains(out, "These are demo accounts") {
		t.Errorf("no line saying these are demo accounts: %s", out)
	}
	if got := signInAsDemoManager(t, m, pw); got != http.StatusOK {
		t.Fatalf("demo manager login after restart = %d, want 200", got)
	}
	if got := submit(t, m.URL(), id); got != http.StatusOK {
		t.Fatalf("resubmit after restart = %d, want 200 (the response was kept)", got)
	}
	n, err := m.store.CountResponses(context.Background(), store.ResponseFilter{Survey: "quarterly-feedback"})
	if err != nil || n != 1 {
		t.Fatalf("responses after restart = %d, %v; want 1", n, err)
	}
	vs, err := m.store.ListVersions(context.Background(), "quarterly-feedback")
	if err != nil || len(vs) != 1 {
		t.Fatalf("versions after a second --demo = %v, %v; want exactly one", vs, err)
	}
	resp, err := http.Get(m.URL() + "/api/v1/public/surveys")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list struct {
		Surveys []struct{ Slug string } `json:"surveys"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil || len(list.Surveys) != 1 {
		t.Fatalf("public surveys = %+v, %v", list, err)
	}
}

// demoPassword finds the demo manager's password in serve's output.
func demoPassword(t *testing.T, out string) string {
	t.Helper()
	pw := regexp.MustCompile(`manager@demo\.invalid\s+password: (\S+)`).FindStringSubmatch(out)
	if pw == nil {
		t.Fatalf("no manager password printed: %s", out)
	}
	return pw[1]
}

// signInAsDemoManager signs in as the demo manager and returns the status.
func signInAsDemoManager(t *testing.T, m *Main, password string) int {
	t.Helper()
	login := fmt.Sprintf(`{"email":"manager@demo.invalid","password":%q}`, password)
	resp, err := http.Post(m.URL()+"/api/v1/auth/login", "application/json", strings.NewReader(login))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestDemoAccountsOnlyWithDemo: the demo accounts stop working when the
// same data is served without --demo, and work again with it.
func TestDemoAccountsOnlyWithDemo(t *testing.T) {
	dir, db := t.TempDir(), storetest.DatabaseName()
	m, out := startMainOutput(t, dir, db)
	pw := demoPassword(t, out)
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}

	m, out = startMainWith(t, dir, db)
	if strings.Contains(out, "password: ") {
		t.Errorf("serve without --demo printed demo details: %s", out)
	}
	if got := signInAsDemoManager(t, m, pw); got != http.StatusUnauthorized {
		t.Errorf("demo login without --demo = %d, want 401", got)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}

	m, _ = startMainOutput(t, dir, db)
	defer m.Close()
	if got := signInAsDemoManager(t, m, pw); got != http.StatusOK {
		t.Errorf("demo login with --demo again = %d, want 200", got)
	}
}

// TestGracefulShutdownFinishesInFlight starts a submission, begins shutting
// down while its body is still arriving, and expects the submission to be
// answered and stored.
func TestGracefulShutdownFinishesInFlight(t *testing.T) {
	m := startMain(t, t.TempDir(), storetest.DatabaseName())
	body := `{"id":"1f7cfc43-8a0b-4bd0-b1a4-6d2f3f8f2a10","team":"north-cmht","answers":{"role":"carer","fft":"good"}}`
	conn, err := net.Dial("tcp", strings.TrimPrefix(m.URL(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v1/public/surveys/quarterly-feedback/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(body))
	fmt.Fprint(conn, body[:20])
	// Requests whose headers the server has not read yet are not in flight;
	// give it a moment to start the handler, which then waits for the body.
	time.Sleep(150 * time.Millisecond)

	closed := make(chan error, 1)
	go func() { closed <- m.Close() }()
	time.Sleep(200 * time.Millisecond) // let Shutdown begin while the request is in flight
	select {
	case err := <-closed:
		t.Fatalf("Close returned before the in-flight request finished: %v", err)
	default:
	}
	fmt.Fprint(conn, body[20:])
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("in-flight submission = %d, want 201", resp.StatusCode)
	}
	resp.Body.Close()
	conn.Close()
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
}

func TestParseFlagsValidates(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"BadAddr", []string{"--addr", "nonsense"}, nil, "--addr"},
		{"BadURI", nil, map[string]string{"CHORUS_MONGODB_URI": "postgres://x"}, "CHORUS_MONGODB_URI"},
		{"ShortToken", nil, map[string]string{"CHORUS_ADMIN_TOKEN": "short"}, "CHORUS_ADMIN_TOKEN"},
		{"BadLogFormat", nil, map[string]string{"CHORUS_LOG_FORMAT": "xml"}, "CHORUS_LOG_FORMAT"},
		{"BadProxies", nil, map[string]string{"CHORUS_TRUSTED_PROXIES": "10.0.0.0/8, ingress"}, "CHORUS_TRUSTED_PROXIES"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := NewMain(io.Discard, io.Discard)
			err := m.ParseFlags(tc.args, func(k string) string { return tc.env[k] })
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one naming %s", err, tc.want)
			}
		})
	}
	t.Run("SecretsMasked", func(t *testing.T) {
		m := NewMain(io.Discard, io.Discard)
		env := map[string]string{"CHORUS_ADMIN_TOKEN": "a-very-secret-token-123", "CHORUS_MONGODB_URI": "mongodb://user:pw@db/"}
		if err := m.ParseFlags(nil, func(k string) string { return env[k] }); err != nil {
			t.Fatal(err)
		}
		s := m.Config.String()
		if strings.Contains(s, "secret") || strings.Contains(s, "pw@") {
			t.Fatalf("config dump leaks a secret: %s", s)
		}
	})
}
