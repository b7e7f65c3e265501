package api

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// audit records a staff action by the request's staff member: action such
// as "survey.publish", target such as "quarterly-feedback@3", and the
// organisation it happened in. Never call it for respondents. A failure to
// write is logged, not returned: the action has already happened.
func (s *Server) audit(c echo.Context, action, target, org string) {
	s.auditAs(c, CurrentStaff(c), action, target, org)
}

func (s *Server) auditAs(c echo.Context, p *Staff, action, target, org string) {
	s.app.Audit(c.Request().Context(), p, action, target, org)
}

func (s *Server) registerAuditRoutes(g *echo.Group, mw ...echo.MiddlewareFunc) {
	g.GET("/organisations/:org/audit", s.handleListAudit, mw...)
	g.GET("/organisations/:org/audit.csv", s.handleExportAudit, mw...)
}

type auditJSON struct {
	Time      string `json:"time"`
	ActorKind string `json:"actor_kind"`
	ActorID   string `json:"actor_id,omitempty"`
	Actor     string `json:"actor"`
	Action    string `json:"action"`
	Target    string `json:"target"`
}

// auditFilter reads ?from=YYYY-MM-DD&to=YYYY-MM-DD (inclusive, UTC days),
// offset and limit (at most max).
func auditFilter(c echo.Context, max int) (store.AuditFilter, error) {
	f := store.AuditFilter{Organisation: c.Param("org"), Limit: max}
	var fields []survey.FieldError
	for _, p := range []struct {
		name string
		dst  *time.Time
		add  int
	}{{"from", &f.From, 0}, {"to", &f.To, 1}} {
		if v := c.QueryParam(p.name); v != "" {
			t, err := time.Parse("2006-01-02", v)
			if err != nil {
				fields = append(fields, survey.FieldError{Field: p.name, Message: "Must be a date such as 2026-11-22."})
				continue
			}
			*p.dst = t.AddDate(0, 0, p.add)
		}
	}
	for _, p := range []struct {
		name string
		dst  *int
		hi   int
	}{{"offset", &f.Offset, 1 << 30}, {"limit", &f.Limit, max}} {
		if v := c.QueryParam(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > p.hi {
				fields = append(fields, survey.FieldError{Field: p.name, Message: "Must be a whole number from 0 to " + strconv.Itoa(p.hi) + "."})
				continue
			}
			*p.dst = n
		}
	}
	if len(fields) > 0 {
		return f, &survey.Error{Code: survey.EINVALID, Message: "Some query parameters are not valid.", Fields: fields}
	}
	return f, nil
}

func (s *Server) handleListAudit(c echo.Context) error {
	p := CurrentStaff(c)
	// Permission first: the query is not checked for someone who may not.
	if err := app.Authorize(p, PermAdmin, Scope{Organisation: c.Param("org")}); err != nil {
		return err
	}
	f, err := auditFilter(c, 500)
	if err != nil {
		return err
	}
	if f.Limit == 0 {
		f.Limit = 100
	}
	entries, total, err := s.app.ListAudit(c.Request().Context(), p, f)
	if err != nil {
		return err
	}
	out := make([]auditJSON, 0, len(entries))
	for _, e := range entries {
		out = append(out, auditJSON{Time: e.Time.UTC().Format(time.RFC3339), ActorKind: e.ActorKind, ActorID: e.ActorID,
			Actor: e.Actor, Action: e.Action, Target: e.Target})
	}
	return c.JSON(http.StatusOK, map[string]any{"entries": out, "total": total, "offset": f.Offset, "limit": f.Limit})
}

// handleExportAudit writes every matching entry as CSV. Cells that a
// spreadsheet would run as a formula are prefixed with an apostrophe.
func (s *Server) handleExportAudit(c echo.Context) error {
	org, p := c.Param("org"), CurrentStaff(c)
	if err := app.Authorize(p, PermAdmin, Scope{Organisation: org}); err != nil {
		return err
	}
	f, err := auditFilter(c, 1000)
	if err != nil {
		return err
	}
	entries, err := s.app.ExportAudit(c.Request().Context(), p, f)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"time", "organisation", "actor_kind", "actor_id", "actor", "action", "target"})
	for _, e := range entries {
		_ = w.Write([]string{e.Time.UTC().Format(time.RFC3339), e.Organisation, e.ActorKind, e.ActorID,
			csvSafe(e.Actor), e.Action, csvSafe(e.Target)})
	}
	w.Flush()
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, `attachment; filename="audit-`+org+`.csv"`)
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

func csvSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
