package webui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// maxBuilderForm bounds a posted builder form: every label of a large
// survey in several languages.
const maxBuilderForm = 1 << 20

// doneNotices are what the builder says after a saved action (the ?done=
// of the redirect).
var doneNotices = map[string]string{
	"save":            "Draft saved.",
	"created":         "Survey started. Write its questions, choose its teams, then save the draft.",
	"imported":        "The schema was imported and saved as the draft.",
	"up":              "Moved up. Draft saved.",
	"down":            "Moved down. Draft saved.",
	"delete":          "Deleted. Draft saved.",
	"remove-language": "Language removed. Draft saved.",
	"change-type":     "Question type changed. Draft saved.",
}

// handleBuilder shows the latest version of a survey in the builder (a
// new, unsaved skeleton before the first draft).
func (u *UI) handleBuilder(c echo.Context) error {
	slug := c.Param("slug")
	if err := u.canManage(c, slug); err != nil {
		return err
	}
	info, err := u.fetchSurveyInfo(c, slug)
	if err != nil {
		return err
	}
	sv := &survey.Survey{Slug: slug, Title: info.Title, Languages: []string{"en"},
		Sections: []survey.Section{{ID: "section_1", Title: survey.Label{"en": ""}}}}
	if info.LatestVersion > 0 {
		if sv, err = u.fetchVersion(c, slug, info.LatestVersion); err != nil {
			return err
		}
	}
	teams, err := u.orgTeams(c, info.Organisation)
	if err != nil {
		return err
	}
	p, _ := builderView(sv, nil, c.QueryParam("focus"), teams)
	u.fillBuilder(c, &p, info)
	p.Notice = doneNotices[c.QueryParam("done")]
	p.Unsaved = info.LatestVersion == 0
	return u.renderStaff(c, http.StatusOK, "builder_edit", &p)
}

// handleBuilderPost applies the action of the button pressed to the
// posted survey and saves it (app.SaveDraft). A saved change redirects
// back to the builder, focused on what changed (POST-redirect-GET). A
// survey that cannot be saved yet is shown again as posted: after "Save
// draft" with the error summary, after any other action with a notice.
func (u *UI) handleBuilderPost(c echo.Context) error {
	slug := c.Param("slug")
	if err := u.canManage(c, slug); err != nil {
		return err
	}
	c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, maxBuilderForm)
	form, err := c.FormParams()
	if err != nil {
		return survey.Errorf(survey.ETOOLARGE, "The form is too large to save.")
	}
	info, err := u.fetchSurveyInfo(c, slug)
	if err != nil {
		return err
	}
	sv, fields := parseBuilderForm(form, slug)
	op := parseOp(form.Get("op"))
	res, err := applyOp(sv, op, form.Get("new_language"))
	if err != nil {
		return err
	}
	teams, err := u.orgTeams(c, info.Organisation)
	if err != nil {
		return err
	}
	nameTeams(sv, teams)
	survey.NormaliseSurvey(sv)
	if len(fields) == 0 {
		_, err := u.saveDraft(c, slug, sv)
		switch survey.ErrorCode(err) {
		case "":
			q := url.Values{"done": {op.Verb}}
			if res.Focus != "" {
				q.Set("focus", res.Focus)
			}
			return c.Redirect(http.StatusSeeOther, builderPath(slug, "edit")+"?"+q.Encode()+"#"+fieldID(res.Focus))
		case survey.EUNPROCESS:
			fields = survey.ErrorFields(err)
		case survey.EFORBIDDEN:
			fields = []survey.FieldError{{Field: "teams", Message: survey.ErrorMessage(err)}}
		default:
			return err
		}
	}
	status := http.StatusOK
	shown := fields
	if op.Verb == "save" {
		status, shown = http.StatusUnprocessableEntity, fields
		res.Focus = ""
	} else {
		shown = nil
	}
	p, links := builderView(sv, shown, res.Focus, teams)
	u.fillBuilder(c, &p, info)
	p.Unsaved = true
	if op.Verb == "save" {
		p.Errors = links
		p.Title = "Error: " + p.Title
	} else {
		p.Notice = res.Notice + " Not saved yet: " + strconv.Itoa(len(fields)) + " thing(s) to fill in or fix first. Choose “Save draft” to see them."
	}
	return u.renderStaff(c, status, "builder_edit", &p)
}

// fillBuilder sets the builder page's layout data and links.
func (u *UI) fillBuilder(c echo.Context, p *BuilderPage, info *store.SurveyInfo) {
	title := "Edit “" + firstNonEmpty(info.Title.In("en"), info.Slug) + "”"
	p.StaffPage = staffPage(c, title, "surveys", Crumb{"Surveys", "/staff/surveys"})
	p.Slug = info.Slug
	p.Version = info.LatestVersion
	p.Action = builderPath(info.Slug, "edit")
	p.PreviewURL = builderPath(info.Slug, "preview")
	p.ImportURL = builderPath(info.Slug, "import")
	p.ExportURL = builderPath(info.Slug, "export.json")
	p.VersionsURL = builderPath(info.Slug, "versions")
	p.Published = info.LatestVersion > 0 && info.LatestVersion == info.PublishedVersion
}

// orgTeams lists the teams of an organisation that a survey can be offered
// to.
func (u *UI) orgTeams(c echo.Context, org string) ([]TeamChoice, error) {
	ctx, me := c.Request().Context(), currentStaff(c)
	svs, err := u.app.ListServices(ctx, me, org)
	if err != nil {
		return nil, err
	}
	var out []TeamChoice
	for _, s := range svs {
		ts, err := u.app.ListTeams(ctx, me, s.Slug)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			out = append(out, TeamChoice{Slug: t.Slug, Name: t.Name + " (" + s.Name + ")", TeamName: t.Name})
		}
	}
	return out, nil
}

// nameTeams gives each team of the schema its name.
func nameTeams(sv *survey.Survey, teams []TeamChoice) {
	for i := range sv.Teams {
		for _, t := range teams {
			if t.Slug == sv.Teams[i].Slug {
				sv.Teams[i].Name = t.TeamName
			}
		}
	}
}
