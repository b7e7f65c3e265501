package api_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

func adminRole() store.Role { return store.Role{Role: api.RoleAdministrator} }

func TestLoginSetsSecureCookie(t *testing.T) {
	h := newHarness(t)
	h.account("ann@trust.example", "trust", adminRole())
	status, body, ck := h.login("Ann@Trust.example", testPassword)
	if status != http.StatusOK || ck == nil {
		t.Fatalf("login: %d %v cookie %v", status, body, ck)
	}
	if !ck.HttpOnly || !ck.Secure || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || len(ck.Value) < 43 {
		t.Fatalf("cookie = %+v, want HttpOnly, Secure, SameSite=Lax, Path=/ and 256 bits", ck)
	}
	if tok, _ := body["csrf_token"].(string); tok == "" {
		t.Fatalf("no csrf_token in %v", body)
	}
	user := body["user"].(map[string]any)
	if user["email"] != "ann@trust.example" || user["organisation"] != "trust" {
		t.Fatalf("user = %v", user)
	}
	t.Run("ErrWrongPassword", func(t *testing.T) {
		status, body, ck := h.login("ann@trust.example", "wrong-password-but-long")
		e := wantError(t, status, body, http.StatusUnauthorized, survey.EUNAUTH)
		status, body2, _ := h.login("nobody@trust.example", "wrong-password-but-long")
		e2 := wantError(t, status, body2, http.StatusUnauthorized, survey.EUNAUTH)
		if e["message"] != e2["message"] || ck != nil {
			t.Fatalf("unknown account answered differently: %v vs %v", e, e2)
		}
	})
	t.Run("ErrCrossSite", func(t *testing.T) {
		status, body, _ := h.login("ann@trust.example", testPassword, "Sec-Fetch-Site", "cross-site")
		wantError(t, status, body, http.StatusForbidden, survey.EFORBIDDEN)
	})
}

// TestSessionFixation: a session ID the browser already has (planted by an
// attacker, or from an earlier login) is never the one signed in, and stops
// working at login.
func TestSessionFixation(t *testing.T) {
	h := newHarness(t)
	a := h.account("ann@trust.example", "trust", adminRole())
	planted := h.session(a, fixedNow().Add(time.Hour))
	status, body, ck := h.login("ann@trust.example", testPassword, "Cookie", api.SessionCookie+"="+planted)
	if status != http.StatusOK || ck == nil {
		t.Fatalf("login: %d %v", status, body)
	}
	if ck.Value == planted {
		t.Fatal("login kept the session ID the browser arrived with")
	}
	st, b, _ := h.do("GET", "/api/v1/auth/me", nil, sessionHeader(planted, "")...)
	wantError(t, st, b, http.StatusUnauthorized, survey.EUNAUTH)
	st, b, _ = h.do("GET", "/api/v1/auth/me", nil, sessionHeader(ck.Value, "")...)
	if st != http.StatusOK || b["user"].(map[string]any)["email"] != "ann@trust.example" {
		t.Fatalf("new session: %d %v", st, b)
	}
	t.Run("StoredHashed", func(t *testing.T) {
		n, err := h.store.Database().Collection("sessions").CountDocuments(t.Context(), map[string]any{"_id": ck.Value})
		must(t, err)
		if n != 0 {
			t.Fatal("the session ID is stored as it is, not hashed")
		}
	})
}

func TestCSRF(t *testing.T) {
	h := newHarness(t)
	a := h.account("ann@trust.example", "trust", adminRole())
	raw := h.session(a, fixedNow().Add(time.Hour))
	token := h.csrf(raw)
	svc := func(slug string) map[string]any { return map[string]any{"slug": slug, "name": "S"} }
	const path = "/api/v1/organisations/trust/services"
	wrong := token[:len(token)-2] + "AA"
	if wrong == token { // about one token in a thousand ends in AA
		wrong = token[:len(token)-2] + "BB"
	}
	for _, tc := range []struct {
		name   string
		header []string
		want   int
	}{
		{"ErrNoToken", sessionHeader(raw, ""), http.StatusForbidden},
		{"ErrWrongToken", sessionHeader(raw, wrong), http.StatusForbidden},
		{"ErrOtherSessionToken", sessionHeader(raw, h.csrf(h.session(a, fixedNow().Add(time.Hour)))), http.StatusForbidden},
		{"ErrCrossOrigin", append(sessionHeader(raw, token), "Origin", "https://evil.example"), http.StatusForbidden},
		{"ErrCrossSite", append(sessionHeader(raw, token), "Sec-Fetch-Site", "cross-site"), http.StatusForbidden},
		{"OK", append(sessionHeader(raw, token), "Sec-Fetch-Site", "same-origin"), http.StatusCreated},
		{"BearerExempt", []string{"Authorization", "Bearer " + adminToken}, http.StatusCreated},
		{"APITokenExempt", []string{"Authorization", "Bearer " + h.token("trust", []string{api.PermAdmin}, false)}, http.StatusCreated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := h.do("POST", path, svc(strings.ToLower(tc.name)), tc.header...)
			if status != tc.want {
				t.Fatalf("status = %d, want %d (%v)", status, tc.want, body)
			}
			if tc.want == http.StatusForbidden {
				wantError(t, status, body, http.StatusForbidden, survey.EFORBIDDEN)
				if _, err := h.store.FindService(t.Context(), strings.ToLower(tc.name)); survey.ErrorCode(err) != survey.ENOTFOUND {
					t.Fatalf("refused request still wrote: %v", err)
				}
			}
		})
	}
	t.Run("FormField", func(t *testing.T) {
		req, _ := http.NewRequest("POST", h.srv.URL+path, strings.NewReader(url.Values{"csrf_token": {token}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Cookie", api.SessionCookie+"="+raw)
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		resp.Body.Close()
		// Past the CSRF check, the JSON API refuses a form body.
		if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("status = %d, want 400 after passing the CSRF check", resp.StatusCode)
		}
	})
	t.Run("SafeMethodsNeedNoToken", func(t *testing.T) {
		if status, body, _ := h.do("GET", path, nil, sessionHeader(raw, "")...); status != http.StatusOK {
			t.Fatalf("GET: %d %v", status, body)
		}
	})
}

func TestLoginThrottling(t *testing.T) {
	h := newHarness(t)
	h.account("ann@trust.example", "trust", adminRole())
	for i := 1; i <= api.FreeLoginFailures; i++ {
		status, body, _ := h.login("ann@trust.example", "wrong-password-number-"+strconv.Itoa(i))
		wantError(t, status, body, http.StatusUnauthorized, survey.EUNAUTH)
	}
	for _, pw := range []string{"wrong-password-number-6", testPassword} {
		status, body, hdr := h.do("POST", "/api/v1/auth/login", map[string]any{"email": "ann@trust.example", "password": pw})
		wantError(t, status, body, http.StatusTooManyRequests, survey.ERATELIMIT)
		if got, want := hdr.Get("Retry-After"), "60"; got != want {
			t.Fatalf("Retry-After = %q, want %q (one minute after the fifth failure)", got, want)
		}
		if sc := hdr.Values("Set-Cookie"); len(sc) > 0 {
			t.Fatalf("locked login set cookies: %v", sc)
		}
	}
	acc, err := h.store.FindAccountByEmail(t.Context(), "ann@trust.example")
	must(t, err)
	if acc.FailedLogins != api.FreeLoginFailures {
		t.Fatalf("failed logins = %d, want %d: attempts while locked must not count", acc.FailedLogins, api.FreeLoginFailures)
	}
}

func TestLoginThrottlingPerClient(t *testing.T) {
	h := newHarness(t, api.Config{LoginRate: 3})
	for i := 1; i <= 4; i++ {
		status, body, _ := h.login("nobody"+strconv.Itoa(i)+"@trust.example", "wrong-password-but-long")
		if i <= 3 {
			wantError(t, status, body, http.StatusUnauthorized, survey.EUNAUTH)
		} else {
			wantError(t, status, body, http.StatusTooManyRequests, survey.ERATELIMIT)
		}
	}
}

func TestLogout(t *testing.T) {
	h := newHarness(t)
	h.account("ann@trust.example", "trust", adminRole())
	_, b1, s1 := h.login("ann@trust.example", testPassword)
	_, _, s2 := h.login("ann@trust.example", testPassword)
	_, _, s3 := h.login("ann@trust.example", testPassword)
	status, body, hdr := h.do("POST", "/api/v1/auth/logout", nil, sessionHeader(s1.Value, b1["csrf_token"].(string))...)
	if status != http.StatusNoContent || !strings.Contains(hdr.Get("Set-Cookie"), "Max-Age=0") {
		t.Fatalf("logout: %d %v %v", status, body, hdr)
	}
	for i, raw := range []string{s1.Value, s2.Value, s3.Value} {
		status, _, _ := h.do("GET", "/api/v1/auth/me", nil, sessionHeader(raw, "")...)
		if want := map[bool]int{true: 401, false: 200}[i == 0]; status != want {
			t.Fatalf("session %d after logout: %d, want %d", i+1, status, want)
		}
	}
	status, _, _ = h.do("POST", "/api/v1/auth/logout-everywhere", nil, sessionHeader(s2.Value, h.csrf(s2.Value))...)
	if status != http.StatusNoContent {
		t.Fatalf("logout-everywhere: %d", status)
	}
	for _, raw := range []string{s2.Value, s3.Value} {
		st, b, _ := h.do("GET", "/api/v1/auth/me", nil, sessionHeader(raw, "")...)
		wantError(t, st, b, http.StatusUnauthorized, survey.EUNAUTH)
	}
}

func TestSessionTimeouts(t *testing.T) {
	h := newHarness(t)
	a := h.account("ann@trust.example", "trust", adminRole())
	idle := h.session(a, fixedNow().Add(time.Hour))
	must(t, h.store.Database().Collection("sessions").FindOneAndUpdate(t.Context(), map[string]any{"account": a.ID},
		map[string]any{"$set": map[string]any{"last_seen": fixedNow().Add(-api.SessionIdle - time.Minute)}}).Err())
	expired := h.session(a, fixedNow())
	for name, raw := range map[string]string{"ErrIdle": idle, "ErrExpired": expired} {
		t.Run(name, func(t *testing.T) {
			st, b, _ := h.do("GET", "/api/v1/auth/me", nil, sessionHeader(raw, "")...)
			wantError(t, st, b, http.StatusUnauthorized, survey.EUNAUTH)
		})
	}
	t.Run("ErrDisabled", func(t *testing.T) {
		raw := h.session(a, fixedNow().Add(time.Hour))
		yes := true
		_, err := h.store.UpdateAccount(t.Context(), a.ID, store.AccountUpdate{Disabled: &yes})
		must(t, err)
		st, b, _ := h.do("GET", "/api/v1/auth/me", nil, sessionHeader(raw, "")...)
		wantError(t, st, b, http.StatusUnauthorized, survey.EUNAUTH)
	})
}

// TestPasswordReset: an administrator resets a password; the user's
// sessions end, and with the temporary password they can only choose a new
// one.
func TestPasswordReset(t *testing.T) {
	h := newHarness(t)
	admin := h.account("admin@trust.example", "trust", adminRole())
	user := h.account("bob@trust.example", "trust", store.Role{Role: api.RoleViewer, Teams: []string{"crisis-team"}})
	old := h.session(user, fixedNow().Add(time.Hour))
	araw := h.session(admin, fixedNow().Add(time.Hour))
	status, body, _ := h.do("POST", "/api/v1/users/"+user.ID+"/password-reset", nil, sessionHeader(araw, h.csrf(araw))...)
	temp, _ := body["temporary_password"].(string)
	if status != http.StatusOK || len(temp) < api.MinPasswordLength {
		t.Fatalf("reset: %d %v", status, body)
	}
	if st, _, _ := h.do("GET", "/api/v1/auth/me", nil, sessionHeader(old, "")...); st != http.StatusUnauthorized {
		t.Fatalf("old session after reset: %d", st)
	}
	status, body, ck := h.login("bob@trust.example", temp)
	if status != http.StatusOK || body["user"].(map[string]any)["must_change_password"] != true {
		t.Fatalf("login with temporary password: %d %v", status, body)
	}
	hdr := sessionHeader(ck.Value, body["csrf_token"].(string))
	st, b, _ := h.do("GET", "/api/v1/teams/crisis-team", nil, hdr...)
	wantError(t, st, b, http.StatusForbidden, survey.EFORBIDDEN)
	st, b, _ = h.do("POST", "/api/v1/users/me/password", map[string]any{"current_password": temp, "new_password": "password123456"}, hdr...)
	if e := wantError(t, st, b, http.StatusUnprocessableEntity, survey.EUNPROCESS); fieldNames(e)[0] != "new_password" {
		t.Fatalf("fields = %v", fieldNames(e))
	}
	st, b, _ = h.do("POST", "/api/v1/users/me/password", map[string]any{"current_password": temp, "new_password": "lantern-orchard-quietly-9"}, hdr...)
	if st != http.StatusNoContent {
		t.Fatalf("change: %d %v", st, b)
	}
	if st, b, _ := h.do("GET", "/api/v1/teams/crisis-team", nil, hdr...); st != http.StatusOK {
		t.Fatalf("after change: %d %v", st, b)
	}
	if st, _, _ := h.login("bob@trust.example", "lantern-orchard-quietly-9"); st != http.StatusOK {
		t.Fatalf("login with new password: %d", st)
	}
}

// TestUsersAPI creates, lists and updates accounts with precise errors.
func TestUsersAPI(t *testing.T) {
	h := newHarness(t)
	status, body := h.staff("POST", "/api/v1/organisations/trust/users", map[string]any{"email": "carol@trust.example", "name": "Carol",
		"roles": []any{map[string]any{"role": "panel", "services": []string{"cmh"}}}})
	if status != http.StatusCreated || body["temporary_password"] == nil || body["user"].(map[string]any)["must_change_password"] != true {
		t.Fatalf("create: %d %v", status, body)
	}
	id := body["user"].(map[string]any)["id"].(string)
	t.Run("ErrRoles", func(t *testing.T) {
		status, body := h.staff("POST", "/api/v1/organisations/trust/users", map[string]any{"email": "dan@trust.example", "name": "Dan",
			"roles": []any{
				map[string]any{"role": "panel", "teams": []string{"crisis-team"}},
				map[string]any{"role": "manager", "teams": []string{"crisis-team", "no-such-team"}},
				map[string]any{"role": "viewer"},
			}})
		e := wantError(t, status, body, http.StatusUnprocessableEntity, survey.EUNPROCESS)
		if got, want := strings.Join(fieldNames(e), " "), "roles[0].teams roles[1].teams[1] roles[2]"; got != want {
			t.Fatalf("fields = %q, want %q", got, want)
		}
		status, body = h.staff("POST", "/api/v1/organisations/trust/users", map[string]any{"email": "dan@trust.example", "name": "Dan",
			"roles": []any{map[string]any{"role": "owner"}}})
		e = wantError(t, status, body, http.StatusUnprocessableEntity, survey.EUNPROCESS)
		if got := fieldNames(e); len(got) != 1 || got[0] != "roles[0].role" {
			t.Fatalf("fields = %v", got)
		}
	})
	t.Run("ErrWeakPassword", func(t *testing.T) {
		status, body := h.staff("POST", "/api/v1/organisations/trust/users", map[string]any{"email": "erin.smith@trust.example", "name": "Erin", "password": "erin.smith-is-great"})
		e := wantError(t, status, body, http.StatusUnprocessableEntity, survey.EUNPROCESS)
		if got := fieldNames(e); len(got) != 1 || got[0] != "password" {
			t.Fatalf("fields = %v", got)
		}
	})
	t.Run("ErrEmailTaken", func(t *testing.T) {
		status, body := h.staff("POST", "/api/v1/organisations/trust/users", map[string]any{"email": "CAROL@trust.example", "name": "Again"})
		wantError(t, status, body, http.StatusConflict, survey.ECONFLICT)
	})
	status, body = h.staff("PATCH", "/api/v1/users/"+id, map[string]any{"disabled": true, "roles": []any{map[string]any{"role": "viewer", "teams": []string{"north-cmht"}}}})
	u := body["user"].(map[string]any)
	if status != http.StatusOK || u["disabled"] != true || u["roles"].([]any)[0].(map[string]any)["role"] != "viewer" {
		t.Fatalf("update: %d %v", status, body)
	}
	status, body = h.staff("GET", "/api/v1/organisations/trust/users", nil)
	if status != http.StatusOK || body["total"] != float64(1) {
		t.Fatalf("list: %d %v", status, body)
	}
	if _, leaked := body["users"].([]any)[0].(map[string]any)["password_hash"]; leaked {
		t.Fatal("list shows the password hash")
	}
}

// TestRespondentRoutesSetNoCookie: a staff member's browser (with a stale
// session cookie) answering a survey gets no cookie back, and staff
// routes clear the stale one.
func TestRespondentRoutesSetNoCookie(t *testing.T) {
	h := newHarness(t)
	a := h.account("ann@trust.example", "trust", adminRole())
	stale := sessionHeader(h.session(a, fixedNow()), "")
	for _, r := range []struct {
		method, path string
		body         any
	}{
		{"GET", "/api/v1/public/surveys", nil},
		{"GET", "/api/v1/public/surveys/all-types", nil},
		{"POST", "/api/v1/public/surveys/all-types/responses", validResponse("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")},
	} {
		status, body, hdr := h.do(r.method, r.path, r.body, stale...)
		if status >= 300 || len(hdr.Values("Set-Cookie")) > 0 {
			t.Fatalf("%s %s: %d %v, cookies %v", r.method, r.path, status, body, hdr.Values("Set-Cookie"))
		}
	}
	status, _, hdr := h.do("GET", "/api/v1/auth/me", nil, stale...)
	if status != http.StatusUnauthorized || !strings.Contains(hdr.Get("Set-Cookie"), "Max-Age=0") {
		t.Fatalf("stale session on a staff route: %d, Set-Cookie %q", status, hdr.Get("Set-Cookie"))
	}
}
