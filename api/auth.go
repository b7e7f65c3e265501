package api

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// Session settings.
const (
	SessionCookie   = "chorus_session"
	SessionLifetime = 12 * time.Hour   // absolute
	SessionIdle     = 30 * time.Minute // without a request
	sessionTouch    = time.Minute      // last-seen resolution
	CSRFHeader      = "X-CSRF-Token"
	CSRFField       = "csrf_token"
	APITokenPrefix  = app.APITokenPrefix
)

// Kinds of staff principal (see package app).
const (
	KindUser      = app.KindUser
	KindToken     = app.KindToken
	KindBootstrap = app.KindBootstrap
)

// Staff is who is making a staff request (app.Staff). Handlers and pages
// get it with CurrentStaff.
type Staff = app.Staff

const staffKey = "chorus.staff"

// CurrentStaff returns the staff member authenticated for this request by
// the staff middleware, or nil.
func CurrentStaff(c echo.Context) *Staff {
	p, _ := c.Get(staffKey).(*Staff)
	return p
}

// setStaff makes p the request's staff member, for CurrentStaff and, in
// the request's context, for app.StaffFrom.
func setStaff(c echo.Context, p *Staff) {
	c.Set(staffKey, p)
	r := c.Request()
	c.SetRequest(r.WithContext(app.WithStaff(r.Context(), p)))
}

// passwordChangeRoutes stay open to a user who must change their password:
// the API's, and the web pages that do the same.
var passwordChangeRoutes = map[string]bool{
	"/api/v1/auth/me": true, "/api/v1/auth/logout": true, "/api/v1/auth/logout-everywhere": true,
	"/api/v1/users/me/password": true, "/staff/password": true, "/staff/logout": true,
}

// requireStaff authenticates a staff request by API token, bootstrap token
// or session cookie (401 otherwise), checks the CSRF token of
// state-changing session requests (403), and makes the staff member
// available to CurrentStaff.
func (s *Server) requireStaff(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		p, err := s.authenticate(c)
		if err != nil {
			if survey.ErrorCode(err) == survey.EUNAUTH && c.Request().Header.Get(echo.HeaderAuthorization) == "" {
				if _, cerr := c.Cookie(SessionCookie); cerr == nil {
					s.clearSessionCookie(c)
				}
			}
			return err
		}
		if p.Session != "" && !safeMethod(c.Request().Method) {
			if err := s.checkCSRF(c, p); err != nil {
				return err
			}
		}
		if p.MustChangePassword && !passwordChangeRoutes[c.Path()] {
			return errMustChangePassword
		}
		setStaff(c, p)
		return next(c)
	}
}

// errMustChangePassword refuses every other route to a user whose password
// an administrator has reset.
var errMustChangePassword = app.ErrMustChangePassword

// MustChangePassword reports whether err refused a request because the user
// must choose a new password first, so pages can send them to that form.
func MustChangePassword(err error) bool { return app.MustChangePassword(err) }

// RequireStaff returns the staff middleware, for pages.
func (s *Server) RequireStaff() echo.MiddlewareFunc { return s.requireStaff }

// StaffFromRequest authenticates the request like the staff middleware
// (without the CSRF check), for pages that would rather redirect to a login
// page than answer 401. It returns unauthorized when nobody is signed in,
// and never sets a cookie.
func (s *Server) StaffFromRequest(c echo.Context) (*Staff, error) {
	if p := CurrentStaff(c); p != nil {
		return p, nil
	}
	return s.authenticate(c)
}

// CSRFToken returns the CSRF token of the request's session, or "" (for
// templates: <input type="hidden" name="csrf_token" value="...">).
func (s *Server) CSRFToken(c echo.Context) string {
	if p := CurrentStaff(c); p != nil {
		return p.CSRFToken
	}
	return ""
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

func unauthorized(c echo.Context) error {
	c.Response().Header().Set("WWW-Authenticate", `Bearer realm="chorus"`)
	return survey.Errorf(survey.EUNAUTH, "Sign in, or send a valid token as \"Authorization: Bearer <token>\".")
}

func (s *Server) authenticate(c echo.Context) (*Staff, error) {
	if h := c.Request().Header.Get(echo.HeaderAuthorization); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		token = strings.TrimSpace(token)
		switch {
		case !ok || token == "":
			return nil, unauthorized(c)
		case s.adminToken != "" && subtle.ConstantTimeCompare([]byte(token), []byte(s.adminToken)) == 1:
			return app.BootstrapStaff(), nil
		case strings.HasPrefix(token, APITokenPrefix):
			return s.tokenStaff(c, token)
		}
		return nil, unauthorized(c)
	}
	if ck, err := c.Cookie(SessionCookie); err == nil && ck.Value != "" {
		return s.sessionStaff(c, ck.Value)
	}
	return nil, unauthorized(c)
}

// hashSecret is the SHA-256 (hex) under which session IDs and API tokens
// are stored (app.HashSecret).
func hashSecret(secret string) string { return app.HashSecret(secret) }

func randomSecret() string { return app.RandomSecret() }

func (s *Server) sessionStaff(c echo.Context, raw string) (*Staff, error) {
	ctx := c.Request().Context()
	id := hashSecret(raw)
	se, err := s.store.FindSession(ctx, id)
	if survey.ErrorCode(err) == survey.ENOTFOUND {
		return nil, unauthorized(c)
	} else if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	if !now.Before(se.Expires) || now.Sub(se.LastSeen) > SessionIdle {
		_ = s.store.DeleteSession(ctx, id)
		return nil, survey.Errorf(survey.EUNAUTH, "Your session has ended. Please sign in again.")
	}
	acc, err := s.store.FindAccount(ctx, se.Account)
	if survey.ErrorCode(err) == survey.ENOTFOUND || (err == nil && acc.Disabled) {
		_ = s.store.DeleteSession(ctx, id)
		return nil, unauthorized(c)
	} else if err != nil {
		return nil, err
	}
	if now.Sub(se.LastSeen) >= sessionTouch {
		if err := s.store.TouchSession(ctx, id, now.Truncate(sessionTouch)); err != nil {
			return nil, err
		}
	}
	p := userStaff(acc)
	p.Session = id
	p.CSRFToken = s.csrfToken(id)
	return p, nil
}

func userStaff(acc *store.Account) *Staff { return app.UserStaff(acc) }

func (s *Server) tokenStaff(c echo.Context, secret string) (*Staff, error) {
	ctx := c.Request().Context()
	t, err := s.store.FindTokenByHash(ctx, hashSecret(secret))
	if survey.ErrorCode(err) == survey.ENOTFOUND {
		return nil, unauthorized(c)
	} else if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	if t.Revoked || !now.Before(t.Expires) {
		return nil, survey.Errorf(survey.EUNAUTH, "This API token has been revoked or has expired.")
	}
	if today := now.Format("2006-01-02"); t.LastUsed != today {
		if err := s.store.TouchToken(ctx, t.ID, today); err != nil {
			return nil, err
		}
	}
	return app.TokenStaff(t), nil
}

// csrfToken is the synchroniser token of a session: an HMAC of its hashed
// ID under the server's session key.
func (s *Server) csrfToken(session string) string {
	m := hmac.New(sha256.New, s.sessionKey)
	m.Write([]byte("csrf\x00" + session))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// checkCSRF requires the session's CSRF token in the X-CSRF-Token header or
// the csrf_token form field, and a same-origin request where the browser
// says where it came from.
func (s *Server) checkCSRF(c echo.Context, p *Staff) error {
	if err := checkOrigin(c); err != nil {
		return err
	}
	got := c.Request().Header.Get(CSRFHeader)
	if got == "" && strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), echo.MIMEApplicationForm) {
		got = c.FormValue(CSRFField)
	}
	if got == "" || !hmac.Equal([]byte(got), []byte(p.CSRFToken)) {
		return survey.Errorf(survey.EFORBIDDEN, "The CSRF token is missing or wrong: send the csrf_token from /api/v1/auth/me as the X-CSRF-Token header.")
	}
	return nil
}

// checkOrigin rejects requests a browser marks as coming from another site
// (Sec-Fetch-Site) or whose Origin is not this host.
func checkOrigin(c echo.Context) error {
	r := c.Request()
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return survey.Errorf(survey.EFORBIDDEN, "Cross-site requests are not accepted.")
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return survey.Errorf(survey.EFORBIDDEN, "Cross-origin requests are not accepted.")
		}
	}
	return nil
}

// startSession creates a session for the account with a new random ID and
// sets the cookie; any session the request arrived with is deleted, so an
// ID planted before login is never signed in (session fixation).
func (s *Server) startSession(c echo.Context, acc *store.Account) (*Staff, error) {
	ctx := c.Request().Context()
	if ck, err := c.Cookie(SessionCookie); err == nil && ck.Value != "" {
		if err := s.store.DeleteSession(ctx, hashSecret(ck.Value)); err != nil {
			return nil, err
		}
	}
	now := s.now().UTC()
	_ = s.store.DeleteExpiredSessions(ctx, now, now.Add(-SessionIdle))
	raw := randomSecret()
	id := hashSecret(raw)
	err := s.store.CreateSession(ctx, store.Session{ID: id, Account: acc.ID, Organisation: acc.Organisation,
		Created: now.Truncate(time.Second), Expires: now.Add(SessionLifetime), LastSeen: now.Truncate(sessionTouch)})
	if err != nil {
		return nil, err
	}
	c.SetCookie(&http.Cookie{Name: SessionCookie, Value: raw, Path: "/", HttpOnly: true, Secure: s.cookieSecure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(SessionLifetime / time.Second)})
	p := userStaff(acc)
	p.Session = id
	p.CSRFToken = s.csrfToken(id)
	return p, nil
}

func (s *Server) clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.cookieSecure,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
}
