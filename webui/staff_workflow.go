package webui

import (
	"net/http"
	"strings"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// WorkflowView is the review and publication panel of a team report:
// plain HTML forms, each with the session's CSRF token, that call the
// workflow API.
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

// reviewJSON is the part of GET …/review the page uses.
type reviewJSON struct {
	Status           string `json:"status"`
	PublishedVersion int    `json:"published_version"`
	QuotesAllowed    bool   `json:"quotes_allowed"`
	Quotes           []struct {
		ID     string   `json:"id"`
		Text   string   `json:"text"`
		Themes []string `json:"themes"`
		Status string   `json:"status"`
	} `json:"quotes"`
	Comments []struct {
		Text   string `json:"text"`
		Author string `json:"author"`
		Date   string `json:"date"`
	} `json:"comments"`
	Versions []struct {
		Version   int    `json:"version"`
		Published string `json:"published"`
		Reason    string `json:"reason"`
	} `json:"versions"`
}

// workflowView reads the review of a team's quarter (none while a draft)
// and what the staff member may do with it.
func (u *UI) workflowView(c echo.Context, team string, q survey.Quarter, r *survey.Report) (*WorkflowView, error) {
	var t survey.Team
	if err := u.callAPI(c, http.MethodGet, apiPath("teams", team), nil, &t); err != nil {
		return nil, err
	}
	me := currentStaff(c)
	scope := app.Scope{Organisation: t.Organisation, Service: t.Service, Team: t.Slug}
	base := scopeReportPath(survey.LevelTeam, team, q.Key())
	wf := &WorkflowView{Base: base, Status: survey.ReportDraft, CanManage: me.Can(app.PermManageReport, scope),
		CanReview: me.Can(app.PermReviewReport, scope)}
	for _, s := range actionStatuses {
		wf.Statuses = append(wf.Statuses, StatusChoice{Value: s, Name: actionStatusName(s)})
	}
	var rv reviewJSON
	err := u.callAPI(c, http.MethodGet, apiPath("teams", team, "reports", q.Key(), "review"), nil, &rv)
	switch {
	case survey.ErrorCode(err) == survey.ENOTFOUND:
		wf.StatusName = statusName(wf.Status)
		return wf, nil
	case err != nil:
		return nil, err
	}
	wf.Status, wf.QuotesAllowed, wf.NeedsReason = rv.Status, rv.QuotesAllowed, rv.PublishedVersion > 0
	wf.StatusName = statusName(wf.Status)
	for _, qc := range rv.Quotes {
		wf.Candidates = append(wf.Candidates, CandidateView{ID: qc.ID, Text: qc.Text, Themes: strings.Join(qc.Themes, ", "),
			Status: qc.Status, StatusName: quoteStatusName(qc.Status)})
	}
	for _, cm := range rv.Comments {
		wf.Comments = append(wf.Comments, ReviewCommentView{Text: cm.Text, Author: cm.Author, Date: dateOnly(cm.Date)})
	}
	for _, v := range rv.Versions {
		wf.Versions = append(wf.Versions, VersionView{Version: v.Version, URL: base + "?version=" + itoa(v.Version), Date: v.Published, Note: v.Reason})
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

// workflowPath is the workflow API path of the request's team and quarter.
func workflowPath(c echo.Context, rest ...string) (string, string, error) {
	q, err := survey.ParseQuarter(c.Param("quarter"))
	if err != nil {
		return "", "", survey.Errorf(survey.ENOTFOUND, "No quarter %q.", c.Param("quarter"))
	}
	page := scopeReportPath(survey.LevelTeam, c.Param("slug"), q.Key())
	return apiPath(append([]string{"teams", c.Param("slug"), "reports", q.Key()}, rest...)...), page, nil
}

// workflowStep posts to the workflow API and redirects back to the report
// (POST-redirect-GET) with a confirmation.
func (u *UI) workflowStep(c echo.Context, body any, done string, rest ...string) error {
	path, page, err := workflowPath(c, rest...)
	if err != nil {
		return err
	}
	if err := u.callAPI(c, http.MethodPost, path, body, nil); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, page+"?done="+done+"#workflow")
}

func (u *UI) handleStartReview(c echo.Context) error {
	return u.workflowStep(c, nil, "review", "review")
}

func (u *UI) handlePublish(c echo.Context) error {
	var body any
	if reason := strings.TrimSpace(c.FormValue("reason")); reason != "" {
		body = map[string]string{"reason": reason}
	}
	return u.workflowStep(c, body, "publish", "publish")
}

func (u *UI) handleReviewComment(c echo.Context) error {
	text := strings.TrimSpace(c.FormValue("text"))
	if text == "" {
		return survey.Errorf(survey.EUNPROCESS, "Write a comment before you add it.")
	}
	return u.workflowStep(c, map[string]string{"text": text}, "comment", "comments")
}

func (u *UI) handleQuoteDecision(c echo.Context) error {
	d := c.Param("decision")
	if d != "approve" && d != "reject" {
		return survey.Errorf(survey.ENOTFOUND, "No such decision.")
	}
	return u.workflowStep(c, nil, d, "quotes", c.Param("quote"), d)
}
