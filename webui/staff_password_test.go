package webui_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/store"
)

// signInWith signs in through the form and returns the session cookie.
func (e *env) signInWith(email, password string) string {
	e.t.Helper()
	tok, ck := e.loginForm()
	p := e.post("/staff/login", url.Values{"csrf_token": {tok}, "email": {email}, "password": {password}}, "Cookie", ck)
	if p.Status != http.StatusSeeOther {
		e.t.Fatalf("sign in: %d %s", p.Status, p.Body)
	}
	for _, c := range p.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, api.SessionCookie+"=") {
			return strings.SplitN(c, ";", 2)[0]
		}
	}
	e.t.Fatal("no session cookie")
	return ""
}

// TestPasswordChangeAfterReset: after an administrator's reset, every staff
// page leads to the change-password form; a weak or mismatched password is
// refused at its field; a good one lets the person carry on.
func TestPasswordChangeAfterReset(t *testing.T) {
	e := newStaffEnv(t)
	const temp = "temporary-pass-7731-kestrel"
	_, err := e.Store.CreateAccount(context.Background(), store.Account{Email: "reset@example.nhs.uk", Name: "Riley Reset",
		Organisation: "trust", Roles: []store.Role{{Role: api.RoleManager, Teams: []string{"ward-a"}}},
		PasswordHash: api.HashPassword(temp), MustChangePassword: true})
	must(t, err)
	session := e.signInWith("reset@example.nhs.uk", temp)

	p := e.get("/staff", "Cookie", session)
	if p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/staff/password" {
		t.Fatalf("home before the change: %d to %q, want 303 to /staff/password", p.Status, p.Header.Get("Location"))
	}
	form := e.get("/staff/password", "Cookie", session)
	assertContains(t, form.Body, "An administrator has reset your password", `autocomplete="new-password"`)
	checkHTML(t, form.Body)
	csrf := hiddenValue(t, form.Body, "csrf_token")

	post := func(current, next, confirm string) page {
		t.Helper()
		return e.post("/staff/password", url.Values{"csrf_token": {csrf}, "current_password": {current},
			"new_password": {next}, "confirm_password": {confirm}}, "Cookie", session)
	}
	bad := post(temp, "password1234", "password1234")
	if bad.Status != http.StatusUnprocessableEntity {
		t.Fatalf("common password: %d", bad.Status)
	}
	assertContains(t, bad.Body, `<a href="#new_password">`, `aria-describedby="new_password-error"`)
	checkHTML(t, bad.Body)
	mismatch := post(temp, "velvet harbour tangerine", "velvet harbour tangerina")
	assertContains(t, mismatch.Body, `<a href="#confirm_password">The two new passwords are not the same</a>`)
	wrong := post("not my password at all", "velvet harbour tangerine", "velvet harbour tangerine")
	assertContains(t, wrong.Body, `<a href="#current_password">`)

	ok := post(temp, "velvet harbour tangerine", "velvet harbour tangerine")
	if ok.Status != http.StatusSeeOther || ok.Header.Get("Location") != "/staff?notice=password-changed" {
		t.Fatalf("change: %d to %q: %s", ok.Status, ok.Header.Get("Location"), ok.Body)
	}
	home := e.get("/staff?notice=password-changed", "Cookie", session)
	if home.Status != http.StatusOK {
		t.Fatalf("home after the change: %d", home.Status)
	}
	assertContains(t, home.Body, "Your password has been changed")
	if p := e.post("/staff/password", url.Values{"current_password": {"x"}}, "Cookie", session); p.Status == http.StatusSeeOther && p.Header.Get("Location") == "/staff?notice=password-changed" {
		t.Fatal("a change without the CSRF token was accepted")
	}
}
