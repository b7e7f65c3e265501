package webui

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// Co-design pages: the version history of a survey with readable diffs,
// and the panel's review of a draft (comments on each question, approval).
// Managers publish from the review page once the panel has approved.

// VersionsPage is the version history of a survey.
type VersionsPage struct {
	StaffPage
	SurveyTitle        string
	EditURL, ExportURL string
	Notice             string
	Versions           []VersionRow
}

// VersionRow is one version in the history.
type VersionRow struct {
	Version                     int
	Status, Saved, Published    string
	Approvals, Needed           int
	ReviewURL, DiffURL, JSONURL string
	Draft                       bool
}

func (u *UI) handleVersions(c echo.Context) error {
	slug := c.Param("slug")
	info, err := u.fetchSurveyInfo(c, slug)
	if err != nil {
		return err
	}
	ctx, me := c.Request().Context(), currentStaff(c)
	vs, err := u.app.ListVersions(ctx, me, slug)
	if err != nil {
		return err
	}
	title := firstNonEmpty(info.Title.In("en"), slug)
	p := &VersionsPage{StaffPage: staffPage(c, "Versions of “"+title+"”", "surveys", Crumb{"Surveys", "/staff/surveys"}),
		SurveyTitle: title, ExportURL: builderPath(slug, "export.json")}
	if u.canManage(c, slug) == nil {
		p.EditURL = builderPath(slug, "edit")
	}
	for i := len(vs) - 1; i >= 0; i-- {
		v := vs[i]
		n := strconv.Itoa(v.Version)
		row := VersionRow{Version: v.Version, Status: v.Status, Saved: v.Saved, Published: v.Published, Draft: v.Status == "draft",
			ReviewURL: builderPath(slug, "versions", n, "review"), DiffURL: builderPath(slug, "versions", n, "diff"),
			JSONURL: builderPath(slug, "export.json") + "?version=" + n}
		if row.Draft {
			pj, err := u.app.Panel(ctx, me, slug, n)
			if err != nil {
				return err
			}
			row.Approvals, row.Needed = pj.Approvals, pj.ApprovalsNeeded
		}
		p.Versions = append(p.Versions, row)
	}
	if c.QueryParam("done") == "published" {
		p.Notice = "Published. Respondents now answer this version."
	}
	return u.renderStaff(c, http.StatusOK, "codesign_versions", p)
}

// DiffPage lists what changed between two versions, in words.
type DiffPage struct {
	StaffPage
	SurveyTitle string
	From, To    int
	Changes     []survey.VersionChange
	Earlier     []int // versions to compare with
}

func (u *UI) handleDiff(c echo.Context) error {
	slug := c.Param("slug")
	info, err := u.fetchSurveyInfo(c, slug)
	if err != nil {
		return err
	}
	to, err := strconv.Atoi(c.Param("version"))
	if err != nil || to < 1 {
		return survey.Errorf(survey.ENOTFOUND, "No such version.")
	}
	from := to - 1
	if f, err := strconv.Atoi(c.QueryParam("from")); err == nil && f >= 0 && f < to {
		from = f
	}
	vinfo, _, err := u.app.VersionFor(c.Request().Context(), currentStaff(c), app.PermReadSurvey, slug, strconv.Itoa(to))
	if err != nil {
		return err
	}
	diffFrom := from
	if diffFrom == 0 {
		diffFrom = to - 1 // as GET …/diff without ?from=
	}
	changes, err := u.app.VersionDiff(c.Request().Context(), vinfo, diffFrom, to)
	if err != nil {
		return err
	}
	title := firstNonEmpty(info.Title.In("en"), slug)
	p := &DiffPage{StaffPage: staffPage(c, "Changes in version "+strconv.Itoa(to), "surveys", Crumb{"Surveys", "/staff/surveys"},
		Crumb{"Versions of “" + title + "”", builderPath(slug, "versions")}), SurveyTitle: title, From: from, To: to, Changes: changes}
	for v := to - 1; v >= 1; v-- {
		p.Earlier = append(p.Earlier, v)
	}
	return u.renderStaff(c, http.StatusOK, "codesign_diff", p)
}

// ReviewPage is a draft as respondents will see it, question by question,
// with the panel's comments and approvals.
type ReviewPage struct {
	StaffPage
	SurveyTitle       string
	Version           int
	Status            string
	Draft             bool
	Base              string // forms post below it
	Notice            string
	Errors            []ErrorLink
	Questions         []ReviewQuestion
	General           []NoteView // comments on the whole survey
	GeneralText       string
	GeneralError      string
	Approvals, Needed int
	Approvers         []string
	CanComment        bool
	CanApprove        bool
	ApprovedByMe      bool
	CanPublish        bool // a manager of the survey
	PublishReady      bool // enough approvals
	DiffURL, EditURL  string
}

// ReviewQuestion is one question with its comments and comment box.
type ReviewQuestion struct {
	ID, Section string
	Number      int
	Shown       template.HTML // the question as the respondent sees it
	Condition   string
	Notes       []NoteView
	Text, Error string
}

// NoteView is one panel comment.
type NoteView struct{ Name, Date, Text string }

func (u *UI) handleReview(c echo.Context) error {
	return u.renderReview(c, http.StatusOK, "", "", "")
}

// renderReview shows the review page; commentFor and text re-show a
// comment that was refused with its error.
func (u *UI) renderReview(c echo.Context, status int, commentFor, text, errMsg string) error {
	slug := c.Param("slug")
	info, err := u.fetchSurveyInfo(c, slug)
	if err != nil {
		return err
	}
	v, err := strconv.Atoi(c.Param("version"))
	if err != nil || v < 1 {
		return survey.Errorf(survey.ENOTFOUND, "No such version.")
	}
	sv, err := u.fetchVersion(c, slug, v)
	if err != nil {
		return err
	}
	me := currentStaff(c)
	pj, err := u.app.Panel(c.Request().Context(), me, slug, strconv.Itoa(v))
	if err != nil {
		return err
	}
	title := firstNonEmpty(sv.Title.In("en"), slug)
	p := &ReviewPage{StaffPage: staffPage(c, "Review version "+strconv.Itoa(v)+" of “"+title+"”", "surveys", Crumb{"Surveys", "/staff/surveys"},
		Crumb{"Versions of “" + title + "”", builderPath(slug, "versions")}),
		SurveyTitle: title, Version: v, Status: pj.Status, Draft: pj.Status == "draft", Base: builderPath(slug, "versions", strconv.Itoa(v)),
		Approvals: pj.Approvals, Needed: pj.ApprovalsNeeded, DiffURL: builderPath(slug, "versions", strconv.Itoa(v), "diff")}
	p.CanComment = p.Draft && me.Can(app.PermReviewSurvey, app.Scope{Organisation: info.Organisation}) || p.Draft && me.HasRole(app.RolePanel)
	p.CanApprove = p.Draft && me.HasRole(app.RolePanel)
	if u.canManage(c, slug) == nil {
		p.CanPublish = p.Draft
		p.EditURL = builderPath(slug, "edit")
	}
	p.PublishReady = pj.Approvals >= pj.ApprovalsNeeded
	byQuestion := map[string][]NoteView{}
	for _, n := range pj.Notes {
		switch n.Kind {
		case "approval":
			p.Approvers = append(p.Approvers, n.Name)
			p.ApprovedByMe = p.ApprovedByMe || n.Author == me.ID
		default:
			byQuestion[n.Question] = append(byQuestion[n.Question], NoteView{Name: n.Name, Date: n.Date, Text: n.Text})
		}
	}
	p.General = byQuestion[""]
	if commentFor == "" && errMsg != "" {
		p.GeneralText, p.GeneralError = text, errMsg
		p.Errors = []ErrorLink{{Href: "#comment-survey", Text: errMsg}}
	}
	shown, err := u.reviewQuestions(sv)
	if err != nil {
		return err
	}
	n := 0
	for _, sec := range sv.Sections {
		for _, q := range sec.Questions {
			rq := ReviewQuestion{ID: q.ID, Section: sec.Title.In("en"), Number: n + 1, Shown: shown[n], Notes: byQuestion[q.ID]}
			if q.VisibleIf != nil {
				rq.Condition = conditionWords(sv, q.VisibleIf)
			}
			if commentFor == q.ID {
				rq.Text, rq.Error = text, errMsg
				p.Errors = []ErrorLink{{Href: "#comment-" + q.ID, Text: errMsg}}
			}
			p.Questions = append(p.Questions, rq)
			n++
		}
	}
	switch c.QueryParam("done") {
	case "comment":
		p.Notice = "Your comment is saved."
	case "approved":
		p.Notice = "You approved this version. Thank you."
	}
	return u.renderStaff(c, status, "codesign_review", p)
}

// reviewQuestions renders each question with the respondent form's own
// template, in English, so the panel sees exactly what respondents see.
func (u *UI) reviewQuestions(sv *survey.Survey) ([]template.HTML, error) {
	l := newLocale("en")
	var out []template.HTML
	for _, q := range sv.Questions() {
		qv := questionView(l, false, q, nil)
		qv.DescribedBy = describedBy(qv)
		var b strings.Builder
		if err := u.pages["survey"].ExecuteTemplate(&b, "question", qv); err != nil {
			return nil, err
		}
		out = append(out, template.HTML(b.String()))
	}
	return out, nil
}

// conditionWords says when a question is shown, with the other question's
// wording and the answers' labels.
func conditionWords(sv *survey.Survey, c *survey.Condition) string {
	q := sv.Question(c.Question)
	if q == nil {
		return describeCond(c)
	}
	names := map[string]string{}
	for _, a := range answersOf(q) {
		names[a.Value] = a.Name
	}
	vals := c.In
	if c.Equals != nil {
		vals = []any{c.Equals}
	}
	words := make([]string, len(vals))
	for i, v := range vals {
		words[i] = "“" + firstNonEmpty(names[conditionToken(v)], conditionToken(v)) + "”"
	}
	return "Only shown when the answer to “" + q.Label.In("en") + "” is " + strings.Join(words, " or ") + "."
}

// handlePanelComment records a comment  and returns to the
// question (POST-redirect-GET), or shows the comment again with its error.
func (u *UI) handlePanelComment(c echo.Context) error {
	slug, v := c.Param("slug"), c.Param("version")
	question, text := c.FormValue("question"), strings.TrimSpace(c.FormValue("text"))
	if text == "" {
		return u.renderReview(c, http.StatusUnprocessableEntity, question, text, "Write your comment")
	}
	ctx, me := c.Request().Context(), currentStaff(c)
	info, n, err := u.app.VersionFor(ctx, me, app.PermReviewSurvey, slug, v)
	if err == nil {
		_, err = u.app.AddPanelComment(ctx, me, info, n, app.PanelComment{Question: question, Text: text})
	}
	if code := survey.ErrorCode(err); code == survey.EUNPROCESS || code == survey.EINVALID {
		msg := survey.ErrorMessage(err)
		if fs := survey.ErrorFields(err); len(fs) > 0 {
			msg = fs[0].Message
		}
		return u.renderReview(c, http.StatusUnprocessableEntity, question, text, msg)
	} else if err != nil {
		return err
	}
	anchor := "#comments-survey"
	if question != "" {
		anchor = "#review-" + question
	}
	return c.Redirect(http.StatusSeeOther, builderPath(slug, "versions", v, "review")+"?done=comment"+anchor)
}

// handleApprove records the panel member's approval .
func (u *UI) handleApprove(c echo.Context) error {
	slug, v := c.Param("slug"), c.Param("version")
	if _, err := u.app.ApproveForPanel(c.Request().Context(), currentStaff(c), slug, v); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, builderPath(slug, "versions", v, "review")+"?done=approved#approval")
}

// handlePublishSurvey publishes a draft, which is refused
// without enough panel approvals.
func (u *UI) handlePublishSurvey(c echo.Context) error {
	slug, v := c.Param("slug"), c.Param("version")
	if _, err := u.app.PublishVersion(c.Request().Context(), currentStaff(c), slug, v); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, builderPath(slug, "versions")+"?done=published")
}
