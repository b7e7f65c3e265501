package webui

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// loginCSRFCookie holds the sign-in form's double-submit token. Before
// sign-in there is no session to bind a token to, so the form carries a
// random value that must match this cookie, which only this site can set
// (SameSite=Strict, HttpOnly, path /staff/login).
const loginCSRFCookie = "chorus_login_csrf"

// LoginPage is the staff sign-in form.
type LoginPage struct {
	StaffPage
	Email  string
	Next   string
	Token  string
	Notice string
	Errors []ErrorLink
	// EmailError and PasswordError are the messages shown at each field.
	EmailError, PasswordError string
}

// loginForm is the posted sign-in form.
type loginForm struct {
	Email, Password, Next, Token string
}

func (u *UI) handleLoginPage(c echo.Context) error {
	p := &LoginPage{StaffPage: StaffPage{Title: "Sign in"}, Next: c.QueryParam("next")}
	if !safeNext(p.Next) {
		p.Next = ""
	}
	switch c.QueryParam("notice") {
	case "signed-out":
		p.Notice = "You have signed out."
	}
	p.Token = u.loginToken(c)
	return u.renderStaff(c, http.StatusOK, "login", p)
}

// loginToken sets a fresh double-submit token and returns it.
func (u *UI) loginToken(c echo.Context) string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	tok := base64.RawURLEncoding.EncodeToString(b)
	c.SetCookie(&http.Cookie{Name: loginCSRFCookie, Value: tok, Path: "/staff/login", HttpOnly: true,
		Secure: c.Scheme() == "https", SameSite: http.SameSiteStrictMode, MaxAge: 3600})
	return tok
}

// handleLogin signs a staff member in and redirects (POST-redirect-GET),
// or shows the form again with an error summary.
func (u *UI) handleLogin(c echo.Context) error {
	f := loginForm{Email: strings.TrimSpace(c.FormValue("email")), Password: c.FormValue("password"),
		Next: c.FormValue("next"), Token: c.FormValue("csrf_token")}
	p := &LoginPage{StaffPage: StaffPage{Title: "Sign in"}, Email: f.Email, Next: f.Next}
	if !safeNext(p.Next) {
		p.Next = ""
	}
	if !u.loginTokenOK(c, f.Token) {
		p.Errors = []ErrorLink{{Href: "#email", Text: "Your sign-in form had expired. Enter your details again."}}
		return u.renderLogin(c, p, http.StatusForbidden)
	}
	if f.Email == "" {
		p.EmailError = "Enter your e-mail address"
	}
	if f.Password == "" {
		p.PasswordError = "Enter your password"
	}
	if p.EmailError != "" || p.PasswordError != "" {
		return u.renderLogin(c, p, http.StatusUnprocessableEntity)
	}
	if _, err := u.dash.staff.Login(c, f.Email, f.Password); err != nil {
		return u.loginFailed(c, p, err)
	}
	c.SetCookie(&http.Cookie{Name: loginCSRFCookie, Value: "", Path: "/staff/login", MaxAge: -1, HttpOnly: true})
	next := "/staff"
	if p.Next != "" {
		next = p.Next
	}
	return c.Redirect(http.StatusSeeOther, next)
}

// loginFailed shows why sign-in failed, without saying whether the
// address has an account.
func (u *UI) loginFailed(c echo.Context, p *LoginPage, err error) error {
	switch survey.ErrorCode(err) {
	case survey.EUNAUTH:
		p.PasswordError = "The e-mail address or password is wrong"
		return u.renderLogin(c, p, http.StatusUnauthorized)
	case survey.ERATELIMIT:
		p.Errors = []ErrorLink{{Href: "#password", Text: "Too many attempts to sign in. Wait a few minutes, then try again."}}
		return u.renderLogin(c, p, http.StatusTooManyRequests)
	}
	return u.staffError(c, err)
}

// renderLogin shows the form again with its errors and a fresh token.
func (u *UI) renderLogin(c echo.Context, p *LoginPage, status int) error {
	if p.EmailError != "" {
		p.Errors = append(p.Errors, ErrorLink{Href: "#email", Text: p.EmailError})
	}
	if p.PasswordError != "" {
		p.Errors = append(p.Errors, ErrorLink{Href: "#password", Text: p.PasswordError})
	}
	p.Title = "Error: Sign in"
	p.Token = u.loginToken(c)
	return u.renderStaff(c, status, "login", p)
}

// loginTokenOK checks the double-submit token and that the browser did not
// send the form from another site.
func (u *UI) loginTokenOK(c echo.Context, tok string) bool {
	switch c.Request().Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return false
	}
	ck, err := c.Cookie(loginCSRFCookie)
	return err == nil && tok != "" && subtle.ConstantTimeCompare([]byte(ck.Value), []byte(tok)) == 1
}

// handleLogout ends the session and returns to the sign-in page.
func (u *UI) handleLogout(c echo.Context) error {
	if err := u.dash.staff.Logout(c); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, loginURL("", "signed-out"))
}
