package webui

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// StaffBackend is what the staff dashboard needs beyond Backend: sign-in
// and the staff middleware. The api.Server implements it. Everything else
// the dashboard reads or changes goes through the JSON API (see callAPI).
type StaffBackend interface {
	// RequireStaff authenticates a request (session cookie, API token or
	// bootstrap token), checks the CSRF token of state-changing session
	// requests and makes the staff member available to api.CurrentStaff.
	RequireStaff() echo.MiddlewareFunc
	// Login checks an e-mail address and password with throttling and
	// starts a session (setting the cookie).
	Login(c echo.Context, email, password string) (*api.Staff, error)
	// Logout ends the request's session and clears the cookie.
	Logout(c echo.Context) error
	// ChangePassword changes the signed-in person's password (checking the
	// current one and the password policy) and ends their other sessions.
	ChangePassword(c echo.Context, current, next string) error
}

// registerDashboard adds the staff dashboard, its exports and the public
// "you said, we did" pages. Staff pages need a staff member; public pages
// never set a cookie.
func (u *UI) registerDashboard(e *echo.Echo, mw ...echo.MiddlewareFunc) {
	u.dash.echo = e
	e.GET(YouSaidWeDidPath+":slug", u.handleYouSaidWeDid, mw...)
	sb, ok := u.backend.(StaffBackend)
	if !ok {
		u.log.Warn("webui: backend has no staff sign-in; staff dashboard not served")
		return
	}
	u.dash.staff = sb
	mw = append(mw, staffHeaders)
	e.GET("/staff/login", u.handleLoginPage, mw...)
	e.POST("/staff/login", u.handleLogin, mw...)
	staff := append(mw, u.staffOnly)
	e.POST("/staff/logout", u.handleLogout, staff...)
	e.GET("/staff/password", u.handlePasswordPage, staff...)
	e.POST("/staff/password", u.handlePassword, staff...)
	e.GET("/staff", u.handleHome, staff...)
	u.registerReportRoutes(e, staff)
	u.registerAlertRoutes(e, staff)
	u.registerBuilderRoutes(e, staff)
}

// staffHeaders keeps staff pages out of search engines, and sends the
// referrer within the site only: with "no-referrer" (the respondent pages'
// policy) browsers send "Origin: null" on form posts, which the CSRF
// origin check rightly refuses.
func staffHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Robots-Tag", "noindex, nofollow")
		h.Set("Referrer-Policy", "same-origin")
		return next(c)
	}
}

// staffOnly admits staff members only: without a (valid) session a page
// redirects to the sign-in page, and errors from the handler become pages.
func (u *UI) staffOnly(next echo.HandlerFunc) echo.HandlerFunc {
	inner := u.dash.staff.RequireStaff()(next)
	return func(c echo.Context) error {
		err := inner(c)
		if err == nil || c.Response().Committed {
			return nil
		}
		return u.staffError(c, err)
	}
}

// staffError shows the page for an error: sign in again (401), not allowed
// (403), not found (404), the API's message for bad input, and the generic
// problem page (logged) for anything else.
func (u *UI) staffError(c echo.Context, err error) error {
	code := survey.ErrorCode(err)
	var he *echo.HTTPError
	if errors.As(err, &he) && he.Code == http.StatusNotFound {
		code = survey.ENOTFOUND
	}
	switch code {
	case survey.EUNAUTH:
		next := ""
		if c.Request().Method == http.MethodGet {
			next = c.Request().URL.RequestURI()
		}
		return c.Redirect(http.StatusSeeOther, loginURL(next, ""))
	case survey.EFORBIDDEN:
		if api.MustChangePassword(err) {
			return c.Redirect(http.StatusSeeOther, "/staff/password")
		}
		return u.staffMessage(c, http.StatusForbidden, "You cannot see this page", survey.ErrorMessage(err))
	case survey.ENOTFOUND:
		return u.staffMessage(c, http.StatusNotFound, "Page not found", "Check the address, or go back to your reports.")
	case survey.EINVALID, survey.EUNPROCESS, survey.ECONFLICT, survey.ERATELIMIT:
		return u.staffMessage(c, statusOf(code), "This could not be done", survey.ErrorMessage(err))
	case survey.EUNAVAILABLE:
		c.Response().Header().Set("Retry-After", "30")
		return u.staffMessage(c, http.StatusServiceUnavailable, "Sorry, there is a problem with the service", "Please try again in a minute.")
	}
	return u.fail(c, err)
}

func statusOf(code string) int {
	switch code {
	case survey.EUNPROCESS:
		return http.StatusUnprocessableEntity
	case survey.ECONFLICT:
		return http.StatusConflict
	case survey.ERATELIMIT:
		return http.StatusTooManyRequests
	}
	return http.StatusBadRequest
}

// loginURL is the sign-in page, returning to next (a local path) after.
func loginURL(next, notice string) string {
	q := url.Values{}
	if safeNext(next) {
		q.Set("next", next)
	}
	if notice != "" {
		q.Set("notice", notice)
	}
	return withQuery("/staff/login", q)
}

// safeNext accepts only local staff paths, so that the sign-in page cannot
// be used to send someone to another site.
func safeNext(next string) bool {
	return strings.HasPrefix(next, "/staff") && !strings.HasPrefix(next, "//") && !strings.ContainsAny(next, "\\\r\n")
}

// StaffPage is what the staff layout needs on every page.
type StaffPage struct {
	Title  string
	Staff  *api.Staff // nil on the sign-in page
	CSRF   string
	Nav    string // "home" or "alerts": the current menu entry
	Crumbs []Crumb
	// OpenAlerts counts the open risk alerts the staff member may see, for
	// the menu; AlertAccess says whether they may see alerts at all.
	OpenAlerts  int
	AlertAccess bool
}

// Crumb is one breadcrumb link.
type Crumb struct{ Text, URL string }

// staffPage fills the layout data for the current staff member.
func staffPage(c echo.Context, title, nav string, crumbs ...Crumb) StaffPage {
	p := api.CurrentStaff(c)
	csrf := ""
	if p != nil {
		csrf = p.CSRFToken
	}
	return StaffPage{Title: title, Staff: p, CSRF: csrf, Nav: nav, Crumbs: crumbs}
}

// MessagePage is a staff page with a heading and one paragraph.
type MessagePage struct {
	StaffPage
	Heading, Body string
}

func (u *UI) staffMessage(c echo.Context, status int, heading, body string) error {
	p := &MessagePage{StaffPage: staffPage(c, heading, ""), Heading: heading, Body: body}
	return u.renderStaff(c, status, "message", p)
}

// ErrorLink is one entry of a staff form's error summary, linking to the
// field (Href "#email") that needs fixing.
type ErrorLink struct{ Href, Text string }
