package webui

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// WorkflowView is the review and publication panel of a team report:
// plain HTML forms, each with the session's CSRF token, that run the
// workflow use cases.
type WorkflowView struct {
	Base          string // the report page; forms post below it
	Status        string
	StatusName    string
	CanManage     bool // send to review, publish
	CanReview     bool // approve or reject quotes, comment
	QuotesAllowed bool
	Candidates    []CandidateView
	Comments      []ReviewCommentView
	// NeedsReason is set when a version is already published: publishing
	// again is a correction and needs a reason.
	NeedsReason bool
	Versions    []VersionView
	// ActionForm and Actions let a manager record actions and update them.
	ActionForm *ActionForm
	Actions    []ActionEdit
	Statuses   []StatusChoice
	// Unfinished is set while the quarter has not ended: sending to review
	// or publishing then needs the confirmation checkbox.
	Unfinished   *app.Unfinished
	ConfirmError bool
}

// StatusChoice is one action status for radios and selects.
type StatusChoice struct{ Value, Name string }

// CandidateView is a redacted comment proposed as a quote.
type CandidateView struct {
	ID, Text, Themes, Status, StatusName string
}

// ReviewCommentView is a comment on a review.
type ReviewCommentView struct{ Text, Author, Date string }

// VersionView links one published version.
type VersionView struct {
	Version         int
	URL, Date, Note string
}

// workflowView reads the review of a team's quarter (none while a draft)
// and what the staff member may do with it.
func (u *UI) workflowView(c echo.Context, team string, q survey.Quarter, r *survey.Report) (*WorkflowView, error) {
	ctx, me := c.Request().Context(), currentStaff(c)
	t, err := u.app.TeamFor(ctx, me, app.PermReadOrg, team)
	if err != nil {
		return nil, err
	}
	scope := app.Scope{Organisation: t.Organisation, Service: t.Service, Team: t.Slug}
	base := scopeReportPath(survey.LevelTeam, team, q.Key())
	wf := &WorkflowView{Base: base, Status: survey.ReportDraft, CanManage: me.Can(app.PermManageReport, scope),
		CanReview: me.Can(app.PermReviewReport, scope)}
	for _, s := range actionStatuses {
		wf.Statuses = append(wf.Statuses, StatusChoice{Value: s, Name: actionStatusName(s)})
	}
	if err := u.unfinishedView(c, wf, team, q); err != nil {
		return nil, err
	}
	rs, err := u.app.Review(ctx, me, team, q.Key())
	switch {
	case survey.ErrorCode(err) == survey.ENOTFOUND:
		wf.StatusName = statusName(wf.Status)
		return wf, nil
	case err != nil:
		return nil, err
	}
	rv := rs.Review
	wf.Status, wf.QuotesAllowed, wf.NeedsReason = rv.Status, rs.QuotesAllowed(), rv.PublishedVersion > 0
	wf.StatusName = statusName(wf.Status)
	for _, qc := range rv.Candidates {
		st := rv.Decision(qc.ID)
		wf.Candidates = append(wf.Candidates, CandidateView{ID: qc.ID, Text: qc.Text, Themes: strings.Join(qc.Themes, ", "),
			Status: st, StatusName: quoteStatusName(st)})
	}
	for _, cm := range rv.Comments {
		wf.Comments = append(wf.Comments, ReviewCommentView{Text: cm.Text, Author: cm.Author, Date: dateOnly(cm.Date.Format(time.RFC3339Nano))})
	}
	for _, v := range rs.Versions {
		wf.Versions = append(wf.Versions, VersionView{Version: v.Version, URL: base + "?version=" + itoa(v.Version), Date: v.Published.Format("2006-01-02"), Note: v.Reason})
	}
	return wf, nil
}

func quoteStatusName(s string) string {
	switch s {
	case "approved":
		return "Approved"
	case "rejected":
		return "Rejected"
	}
	return "Waiting for a decision"
}

// dateOnly keeps the date of an RFC 3339 time.
func dateOnly(s string) string {
	if len(s) >= 10 {
		return s[:10]
	}
	return s
}

// workflowPage parses the quarter of the request's team report and
// returns the report page's path.
func workflowPage(c echo.Context) (survey.Quarter, string, error) {
	q, err := survey.ParseQuarter(c.Param("quarter"))
	if err != nil {
		return q, "", survey.Errorf(survey.ENOTFOUND, "No quarter %q.", c.Param("quarter"))
	}
	return q, scopeReportPath(survey.LevelTeam, c.Param("slug"), q.Key()), nil
}

// workflowStep runs a workflow use case on the request's team and quarter
// and redirects back to the report (POST-redirect-GET) with a
// confirmation.
func (u *UI) workflowStep(c echo.Context, done string, step func(ctx context.Context, me *app.Staff, team, quarter string) error) error {
	q, page, err := workflowPage(c)
	if err != nil {
		return err
	}
	if err := step(c.Request().Context(), currentStaff(c), c.Param("slug"), q.Key()); needsConfirmation(err) {
		return confirmRedirect(c, page)
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, page+"?done="+done+"#workflow")
}

func (u *UI) handleStartReview(c echo.Context) error {
	return u.workflowStep(c, "review", func(ctx context.Context, me *app.Staff, team, quarter string) error {
		_, err := u.app.StartReview(ctx, me, team, quarter, formConfirmations(c)...)
		return err
	})
}

func (u *UI) handlePublish(c echo.Context) error {
	reason := strings.TrimSpace(c.FormValue("reason"))
	return u.workflowStep(c, "publish", func(ctx context.Context, me *app.Staff, team, quarter string) error {
		_, err := u.app.Publish(ctx, me, team, quarter, reason, formConfirmations(c)...)
		return err
	})
}

func (u *UI) handleReviewComment(c echo.Context) error {
	text := strings.TrimSpace(c.FormValue("text"))
	if text == "" {
		return survey.Errorf(survey.EUNPROCESS, "Write a comment before you add it.")
	}
	return u.workflowStep(c, "comment", func(ctx context.Context, me *app.Staff, team, quarter string) error {
		_, err := u.app.AddReviewComment(ctx, me, team, quarter, text)
		return err
	})
}

func (u *UI) handleQuoteDecision(c echo.Context) error {
	d := c.Param("decision")
	if d != "approve" && d != "reject" {
		return survey.Errorf(survey.ENOTFOUND, "No such decision.")
	}
	decision := map[string]string{"approve": store.QuoteApproved, "reject": store.QuoteRejected}[d]
	return u.workflowStep(c, d, func(ctx context.Context, me *app.Staff, team, quarter string) error {
		_, err := u.app.DecideQuote(ctx, me, team, quarter, c.Param("quote"), decision)
		return err
	})
}
