package api

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// Login throttling: after FreeLoginFailures wrong passwords in a row an
// account is locked for a minute, doubling with each further failure up to
// an hour. Attempts from one client address are also limited in memory
// (keyed hash, never stored).
const (
	FreeLoginFailures = app.FreeLoginFailures
	loginsPerMinute   = 20 // per client address
)

// lockout is how long an account is locked after failures (app.Lockout).
func lockout(failures int) time.Duration { return app.Lockout(failures) }

// LockedError is returned by Login while an account is locked.
type LockedError struct{ RetryAfter time.Duration }

func (e *LockedError) Error() string { return "account locked for " + e.RetryAfter.String() }

// Unwrap makes the error a rate_limited survey.Error.
func (e *LockedError) Unwrap() error {
	return survey.Errorf(survey.ERATELIMIT, "Too many wrong passwords. Try again in %s.", humanDuration(e.RetryAfter))
}

func humanDuration(d time.Duration) string {
	if m := int(math.Ceil(d.Minutes())); m > 1 {
		return fmt.Sprintf("%d minutes", m)
	}
	return "a minute"
}

var errBadLogin = survey.Errorf(survey.EUNAUTH, "The e-mail address or password is wrong.")

// Login checks an e-mail address and password with throttling, starts a new
// session (setting the cookie) and returns the staff member. It takes as
// long whether or not the account exists. Errors: unauthorized for a wrong
// address or password or a disabled account; *LockedError (rate_limited)
// while locked or when the client sends too many attempts.
func (s *Server) Login(c echo.Context, email, password string) (*Staff, error) {
	if !s.loginLimiter.allow(c.RealIP()) {
		return nil, &LockedError{RetryAfter: time.Minute}
	}
	ctx := c.Request().Context()
	acc, err := s.store.FindAccountByEmail(ctx, email)
	if survey.ErrorCode(err) == survey.ENOTFOUND {
		VerifyPassword(dummyHash(), password)
		return nil, errBadLogin
	} else if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	if now.Before(acc.LockedUntil) {
		VerifyPassword(dummyHash(), password)
		return nil, &LockedError{RetryAfter: acc.LockedUntil.Sub(now)}
	}
	hash := acc.PasswordHash
	if hash == "" || acc.Disabled {
		hash = dummyHash()
	}
	if !VerifyPassword(hash, password) || acc.PasswordHash == "" || acc.Disabled {
		n, until, err := s.store.RecordLoginFailure(ctx, acc.ID, FreeLoginFailures, lockout)
		if err != nil {
			return nil, err
		}
		if n == FreeLoginFailures {
			s.auditAs(c, userStaff(acc), "auth.locked", acc.Email+" until "+until.Format(time.RFC3339), acc.Organisation)
		}
		return nil, errBadLogin
	}
	if acc.FailedLogins > 0 {
		if err := s.store.ResetLoginFailures(ctx, acc.ID); err != nil {
			return nil, err
		}
	}
	p, err := s.startSession(c, acc)
	if err != nil {
		return nil, err
	}
	s.auditAs(c, p, "auth.login", acc.Email, acc.Organisation)
	return p, nil
}

type loginRequest struct {
	Email    string `json:"email" validate:"required,max=254"`
	Password string `json:"password" validate:"required,max=1024"`
}

// userJSON is the API view of an account.
type userJSON struct {
	ID                 string       `json:"id"`
	Email              string       `json:"email"`
	Name               string       `json:"name"`
	Organisation       string       `json:"organisation"`
	Roles              []store.Role `json:"roles"`
	MustChangePassword bool         `json:"must_change_password"`
	Disabled           bool         `json:"disabled"`
	Created            string       `json:"created,omitempty"`
}

func toUserJSON(a *store.Account) userJSON {
	return userJSON{ID: a.ID, Email: a.Email, Name: a.Name, Organisation: a.Organisation, Roles: a.Roles,
		MustChangePassword: a.MustChangePassword, Disabled: a.Disabled, Created: a.Created.Format("2006-01-02")}
}

// meJSON describes the signed-in staff member.
type meJSON struct {
	Kind               string       `json:"kind"`
	ID                 string       `json:"id,omitempty"`
	Email              string       `json:"email,omitempty"`
	Name               string       `json:"name"`
	Organisation       string       `json:"organisation,omitempty"`
	Roles              []store.Role `json:"roles"`
	Scopes             []string     `json:"scopes,omitempty"`
	MustChangePassword bool         `json:"must_change_password"`
	CSRFToken          string       `json:"csrf_token,omitempty"`
}

func toMeJSON(p *Staff) meJSON {
	roles := p.Roles
	if roles == nil {
		roles = []store.Role{}
	}
	return meJSON{Kind: p.Kind, ID: p.ID, Email: p.Email, Name: p.Name, Organisation: p.Organisation, Roles: roles,
		Scopes: p.Scopes, MustChangePassword: p.MustChangePassword, CSRFToken: p.CSRFToken}
}

func (s *Server) handleLogin(c echo.Context) error {
	if err := checkOrigin(c); err != nil {
		return err
	}
	req, err := bind[loginRequest](c)
	if err != nil {
		return err
	}
	p, err := s.Login(c, req.Email, req.Password)
	var le *LockedError
	if errors.As(err, &le) {
		// Written here: the error handler's Retry-After is a fixed minute.
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(le.RetryAfter.Seconds()))))
		_, body := errorBody(err)
		return c.JSON(http.StatusTooManyRequests, body)
	} else if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"user": toMeJSON(p), "csrf_token": p.CSRFToken})
}

func (s *Server) handleMe(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]any{"user": toMeJSON(CurrentStaff(c)), "csrf_token": CurrentStaff(c).CSRFToken})
}

// Logout ends the request's session and clears the cookie. Bearer-token
// requests have no session; for them it does nothing.
func (s *Server) Logout(c echo.Context) error {
	p := CurrentStaff(c)
	if p == nil || p.Session == "" {
		return nil
	}
	if err := s.store.DeleteSession(c.Request().Context(), p.Session); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	s.audit(c, "auth.logout", p.Email, p.Organisation)
	return nil
}

func (s *Server) handleLogout(c echo.Context) error {
	if err := s.Logout(c); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) handleLogoutEverywhere(c echo.Context) error {
	p := CurrentStaff(c)
	if p.Kind != KindUser {
		return c.NoContent(http.StatusNoContent)
	}
	if _, err := s.store.DeleteAccountSessions(c.Request().Context(), p.ID, ""); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	s.audit(c, "auth.logout_everywhere", p.Email, p.Organisation)
	return c.NoContent(http.StatusNoContent)
}

// registerAuthRoutes adds sign-in, sign-out and the current staff member.
func (s *Server) registerAuthRoutes(g *echo.Group, mw ...echo.MiddlewareFunc) {
	g.POST("/auth/login", s.handleLogin, noStore)
	g.GET("/auth/oidc/login", s.handleOIDCLogin, noStore)
	g.GET("/auth/oidc/callback", s.handleOIDCCallback, noStore)
	g.GET("/auth/me", s.handleMe, mw...)
	g.POST("/auth/logout", s.handleLogout, mw...)
	g.POST("/auth/logout-everywhere", s.handleLogoutEverywhere, mw...)
}
