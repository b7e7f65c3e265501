package webui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// trendQuarters is how many quarters the trend chart covers.
const trendQuarters = 8

// ReportPage is the dashboard page of a team, service or organisation
// report.
type ReportPage struct {
	StaffPage
	R         *ReportView
	Level     string // team, service or organisation
	Heading   string
	CSVURL    string
	XLSXURL   string
	PrevURL   string
	PrevLabel string
	NextURL   string
	NextLabel string
	Version   int
	Published string
	Reason    string
	Done      string // confirmation after a workflow step
	Workflow  *WorkflowView
	PublicURL string
}

func (u *UI) registerReportRoutes(e *echo.Echo, mw []echo.MiddlewareFunc) {
	for _, level := range []string{survey.LevelTeam, survey.LevelService, survey.LevelOrganisation} {
		e.GET("/staff/"+scopePaths[level]+"/:slug/reports/:quarter", u.handleReport(level), mw...)
	}
	t := "/staff/teams/:slug/reports/:quarter"
	e.POST(t+"/review", u.handleStartReview, mw...)
	e.POST(t+"/publish", u.handlePublish, mw...)
	e.POST(t+"/comments", u.handleReviewComment, mw...)
	e.POST(t+"/quotes/:quote/:decision", u.handleQuoteDecision, mw...)
	e.POST(t+"/actions", u.handleCreateAction, mw...)
	e.POST(t+"/actions/:id", u.handleUpdateAction, mw...)
	e.GET(t+"/themes/:theme", u.handleThemeComments, mw...)
}

// reportFormat splits "2026-27-Q3.csv" into the quarter and the format
// ("html", "csv" or "xlsx").
func reportFormat(param string) (quarter, format string) {
	for _, ext := range []string{"csv", "xlsx"} {
		if q, ok := strings.CutSuffix(param, "."+ext); ok {
			return q, ext
		}
	}
	return param, "html"
}

// versionParam is the ?version= of a report page as the use cases take it.
func versionParam(version int) string {
	if version > 0 {
		return strconv.Itoa(version)
	}
	return ""
}

// handleReport shows a report, or exports it as CSV or XLSX.
func (u *UI) handleReport(level string) echo.HandlerFunc {
	return func(c echo.Context) error {
		slug := c.Param("slug")
		key, format := reportFormat(c.Param("quarter"))
		q, err := survey.ParseQuarter(key)
		if err != nil {
			return survey.Errorf(survey.ENOTFOUND, "No quarter %q.", key)
		}
		version := 0
		if raw := c.QueryParam("version"); raw != "" {
			if version, err = strconv.Atoi(raw); err != nil || version < 1 {
				return survey.Errorf(survey.ENOTFOUND, "No version %q.", raw)
			}
		}
		ctx, me := c.Request().Context(), currentStaff(c)
		if format != "html" {
			ed, err := u.app.Report(ctx, me, level, slug, q.Key(), versionParam(version))
			if err != nil {
				return err
			}
			if format == "csv" {
				return u.exportCSV(c, slug, ed.Report)
			}
			return u.exportXLSX(c, slug, ed.Report)
		}
		ed, trend, err := u.app.ReportWithTrend(ctx, me, level, slug, q.Key(), versionParam(version), trendQuarters)
		if err != nil {
			return err
		}
		return u.renderReportWith(c, level, slug, q, ed, trend, nil, http.StatusOK)
	}
}

// renderReportWith builds and shows the report page with its trend (the
// reports of the quarters before, oldest first); form, when not nil, is
// the action form to show again with its errors.
func (u *UI) renderReportWith(c echo.Context, level, slug string, q survey.Quarter, env *app.Edition, trend []*survey.Report, form *ActionForm, status int) error {
	r := env.Report
	base := scopeReportPath(level, slug, q.Key())
	var drill func(string) string
	if level == survey.LevelTeam {
		drill = func(theme string) string { return base + "/themes/" + themeSlug(theme) }
	}
	name := r.Scope.Name
	if name == "" {
		name = slug
	}
	p := &ReportPage{
		StaffPage: staffPage(c, name+": "+r.Label, "home", Crumb{"Your reports", "/staff"}),
		R:         buildReportView(r, trend, drill), Level: level, Heading: name,
		CSVURL: base + ".csv", XLSXURL: base + ".xlsx",
		PrevURL: scopeReportPath(level, slug, q.Prev().Key()), PrevLabel: shortLabel(q.Prev()),
		Version: env.Version, Published: env.Published, Reason: env.Reason, Done: doneText(c.QueryParam("done")),
	}
	cal := u.cal
	if q.SingleYear {
		cal, _ = survey.NewCalendar(1, "") // the organisation's year starts in January
	}
	if next := q.Next(); !cal.QuarterOf(u.now()).Before(next) {
		p.NextURL, p.NextLabel = scopeReportPath(level, slug, next.Key()), shortLabel(next)
	}
	if level == survey.LevelService {
		p.PublicURL = YouSaidWeDidPath + slug
	}
	if level == survey.LevelTeam {
		wf, err := u.workflowView(c, slug, q, r)
		if err != nil {
			return err
		}
		if wf.CanManage {
			if form == nil {
				form = newActionForm(r, base)
			}
			wf.ActionForm = form
			if wf.Actions, err = u.actionViews(c, slug, q, base); err != nil {
				return err
			}
		}
		if form != nil && len(form.Errors) > 0 {
			p.Title = "Error: " + p.Title
		}
		p.Workflow = wf
		if r.Status == survey.ReportDraft && wf.Status != survey.ReportDraft {
			p.R.Status, p.R.StatusName = wf.Status, wf.StatusName
		}
	}
	return u.renderStaff(c, status, "report", p)
}

// doneText confirms a workflow step after its redirect.
func doneText(done string) string {
	switch done {
	case "review":
		return "The report is now in review. Panel members and managers can comment and approve quotes."
	case "publish":
		return "The report is published. The team has been told, and the public page shows its themes."
	case "comment":
		return "Your comment has been added."
	case "approve":
		return "The quote is approved."
	case "reject":
		return "The quote is rejected: it will not be published."
	case "action":
		return "The action is recorded. It shows in the report and on the public page."
	case "action-status":
		return "The action's status is updated."
	}
	return ""
}

// themeSlug is the URL form of a theme name, e.g. "Staff manner &
// personal attributes" → "staff-manner-personal-attributes".
func themeSlug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}
