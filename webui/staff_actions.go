package webui

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// ActionForm records a "you said, we did" action against a theme of the
// report. It re-renders with field errors when the use case rejects it.
type ActionForm struct {
	Action      string   // form action
	Themes      []string // themes of the report to choose from
	Theme       string
	Description string
	Owner       string
	Status      string
	Errors      []ErrorLink
	Field       map[string]string // field → message
}

// ActionEdit is a recorded action with a form to change its status.
type ActionEdit struct {
	ID, Action, Theme, Description, Owner, Status, StatusName string
}

// actionStatuses are the statuses an action can have, in order.
var actionStatuses = []string{survey.ActionPlanned, survey.ActionInProgress, survey.ActionDone}

// actionViews reads the team's actions of the quarter for editing.
func (u *UI) actionViews(c echo.Context, team string, q survey.Quarter, base string) ([]ActionEdit, error) {
	as, _, err := u.app.ListActions(c.Request().Context(), currentStaff(c), team, q.Key(), "")
	if err != nil {
		return nil, err
	}
	out := make([]ActionEdit, 0, len(as))
	for _, a := range as {
		out = append(out, ActionEdit{ID: a.ID, Action: base + "/actions/" + url.PathEscape(a.ID), Theme: a.Theme,
			Description: a.Description, Owner: a.Owner, Status: a.Status, StatusName: actionStatusName(a.Status)})
	}
	return out, nil
}

// newActionForm is an empty form offering the report's sub-themes.
func newActionForm(r *survey.Report, base string) *ActionForm {
	f := &ActionForm{Action: base + "/actions", Status: survey.ActionPlanned, Field: map[string]string{}}
	for _, t := range r.Themes {
		if t.Theme != "" {
			f.Themes = append(f.Themes, t.Theme)
		}
	}
	return f
}

// handleCreateAction records an action, then shows the report again
// (POST-redirect-GET), or the form with its errors.
func (u *UI) handleCreateAction(c echo.Context) error {
	q, page, err := workflowPage(c)
	if err != nil {
		return err
	}
	body := map[string]string{"quarter": q.Key(), "theme": c.FormValue("theme"), "description": strings.TrimSpace(c.FormValue("description")),
		"owner": strings.TrimSpace(c.FormValue("owner")), "status": c.FormValue("status")}
	ctx, me := c.Request().Context(), currentStaff(c)
	t, err := u.app.TeamFor(ctx, me, app.PermManageReport, c.Param("slug"))
	if err != nil {
		return err
	}
	_, err = u.app.CreateAction(ctx, me, t, app.ActionInput{Quarter: body["quarter"], Theme: body["theme"],
		Description: body["description"], Owner: body["owner"], Status: body["status"]})
	if code := survey.ErrorCode(err); code == survey.EUNPROCESS || code == survey.EINVALID {
		return u.rerenderActionForm(c, q, body, err)
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, page+"?done=action#actions")
}

// rerenderActionForm shows the report with the action form, its answers
// and the use case's field errors.
func (u *UI) rerenderActionForm(c echo.Context, q survey.Quarter, body map[string]string, err error) error {
	slug := c.Param("slug")
	env, trend, ferr := u.app.ReportWithTrend(c.Request().Context(), currentStaff(c), survey.LevelTeam, slug, q.Key(), "", trendQuarters)
	if ferr != nil {
		return ferr
	}
	form := newActionForm(env.Report, scopeReportPath(survey.LevelTeam, slug, q.Key()))
	form.Theme, form.Description, form.Owner, form.Status = body["theme"], body["description"], body["owner"], body["status"]
	fields := survey.ErrorFields(err)
	if len(fields) == 0 {
		fields = []survey.FieldError{{Field: "description", Message: survey.ErrorMessage(err)}}
	}
	for _, fe := range fields {
		id, msg := "action-"+fe.Field, actionMessage(fe.Field, fe.Message)
		if _, ok := form.Field[fe.Field]; !ok {
			form.Errors = append(form.Errors, ErrorLink{Href: "#" + id, Text: msg})
		}
		form.Field[fe.Field] = msg
	}
	return u.renderReportWith(c, survey.LevelTeam, slug, q, env, trend, form, http.StatusUnprocessableEntity)
}

// handleUpdateAction changes the status of an action.
func (u *UI) handleUpdateAction(c echo.Context) error {
	_, page, err := workflowPage(c)
	if err != nil {
		return err
	}
	status := c.FormValue("status")
	if !validActionStatus(status) {
		return survey.Errorf(survey.EUNPROCESS, "Choose planned, in progress or done.")
	}
	ctx, me := c.Request().Context(), currentStaff(c)
	a, err := u.app.ActionFor(ctx, me, app.PermManageReport, c.Param("id"))
	if err != nil {
		return err
	}
	if _, err := u.app.UpdateAction(ctx, me, a, app.ActionChange{Status: &status}); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, page+"?done=action-status#actions")
}

func validActionStatus(s string) bool {
	for _, a := range actionStatuses {
		if s == a {
			return true
		}
	}
	return false
}
