package webui

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// The survey builder and the co-design pages. Like the rest of the staff
// dashboard they read and change surveys through the use cases of package
// app, so that schema checks, team checks, authorisation and the audit log
// are exactly those of PUT /api/v1/surveys/{slug}/draft.

// builderPageNames are the builder and co-design pages, parsed (and
// checked at start-up) with the staff layout like the dashboard's own
// pages (see initDashboard).
var builderPageNames = []string{"builder_list", "builder_new", "builder_edit", "builder_import",
	"codesign_versions", "codesign_review", "codesign_diff"}

//go:embed static/builder.js
var builderJS []byte

// registerBuilderRoutes adds the builder and co-design pages behind the
// staff middleware mw.
func (u *UI) registerBuilderRoutes(e *echo.Echo, mw []echo.MiddlewareFunc) {
	sum := sha256.Sum256(builderJS)
	js := &asset{name: "builder.js", hashed: "builder." + hex.EncodeToString(sum[:6]) + ".js", ctype: "text/javascript; charset=utf-8", body: builderJS}
	if gz, err := gzipBest(builderJS); err == nil {
		js.gz = gz
	}
	u.assets.byName[js.name], u.assets.byHashed[js.hashed] = js, js
	const s = "/staff/surveys/:slug"
	e.GET("/staff/surveys", u.handleSurveyList, mw...)
	e.GET("/staff/surveys/new", u.handleNewSurveyPage, mw...)
	e.POST("/staff/surveys/new", u.handleNewSurvey, mw...)
	e.GET(s+"/edit", u.handleBuilder, slices.Concat(mw, []echo.MiddlewareFunc{framePreview})...)
	e.POST(s+"/edit", u.handleBuilderPost, slices.Concat(mw, []echo.MiddlewareFunc{framePreview})...)
	e.GET(s+"/preview", u.handlePreview, slices.Concat(mw, []echo.MiddlewareFunc{frameable})...)
	e.POST(s+"/preview", u.handlePreviewPost, slices.Concat(mw, []echo.MiddlewareFunc{frameable})...)
	e.POST(s+"/preview/responses", previewSink, securityHeaders, staffHeaders, frameable)
	e.GET(s+"/import", u.handleImportPage, mw...)
	e.POST(s+"/import", u.handleImport, slices.Concat([]echo.MiddlewareFunc{multipartCSRF}, mw)...)
	e.GET(s+"/export.json", u.handleExport, mw...)
	e.GET(s+"/versions", u.handleVersions, mw...)
	e.GET(s+"/versions/:version/review", u.handleReview, mw...)
	e.GET(s+"/versions/:version/diff", u.handleDiff, mw...)
	e.POST(s+"/versions/:version/comments", u.handlePanelComment, mw...)
	e.POST(s+"/versions/:version/approve", u.handleApprove, mw...)
	e.POST(s+"/versions/:version/publish", u.handlePublishSurvey, mw...)
}

// framePreview lets the builder page show its preview in a same-origin
// frame; everything else of the site's policy stays.
func framePreview(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set("Content-Security-Policy", contentSecurityPolicy+"; frame-src 'self'")
		return next(c)
	}
}

// frameable lets the preview be framed by this site's own builder page.
func frameable(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", strings.Replace(contentSecurityPolicy, "frame-ancestors 'none'", "frame-ancestors 'self'", 1))
		h.Set("X-Frame-Options", "SAMEORIGIN")
		return next(c)
	}
}

// maxImportBytes bounds an imported schema (the API takes 64 KiB bodies).
const maxImportBytes = 256 << 10

// multipartCSRF lets a plain HTML file upload (multipart/form-data, which
// the API's CSRF check does not read) carry its csrf_token field: the field
// is moved to the X-CSRF-Token header that the staff middleware checks.
func multipartCSRF(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if strings.HasPrefix(r.Header.Get(echo.HeaderContentType), echo.MIMEMultipartForm) {
			r.Body = http.MaxBytesReader(c.Response(), r.Body, maxImportBytes)
			if err := r.ParseMultipartForm(maxImportBytes); err != nil {
				return survey.Errorf(survey.EINVALID, "The upload could not be read: keep the file under 256 KB.")
			}
			if tok := r.FormValue(csrfField); tok != "" && r.Header.Get(csrfHeader) == "" {
				r.Header.Set(csrfHeader, tok)
			}
		}
		return next(c)
	}
}

// canManage reports whether the staff member may edit and publish the
// survey: nil, forbidden, or not_found for an unknown survey. Pages call
// it before showing a form, so that someone who could not save never sees
// one.
func (u *UI) canManage(c echo.Context, slug string) error {
	_, err := u.app.SurveyFor(c.Request().Context(), currentStaff(c), app.PermManageSurvey, slug)
	return err
}

// fetchSurveyInfo reads a survey record the staff member may read.
func (u *UI) fetchSurveyInfo(c echo.Context, slug string) (*store.SurveyInfo, error) {
	return u.app.SurveyFor(c.Request().Context(), currentStaff(c), app.PermReadSurvey, slug)
}

// fetchVersion reads one version's schema.
func (u *UI) fetchVersion(c echo.Context, slug string, v int) (*survey.Survey, error) {
	sv, _, err := u.app.Version(c.Request().Context(), currentStaff(c), slug, itoa(v))
	return sv, err
}

// SurveyListPage lists the surveys the staff member may read.
type SurveyListPage struct {
	StaffPage
	CanCreate bool
	Surveys   []SurveyRow
	// Awaiting are drafts waiting for the panel, for panel members.
	Awaiting []SurveyRow
	Notice   string
}

// SurveyRow is one survey in the list.
type SurveyRow struct {
	Slug, Title, Status          string
	Latest, Published            int
	EditURL, VersionsURL, Review string
	Approvals, Needed            int
}

func (u *UI) handleSurveyList(c echo.Context) error {
	ctx, me := c.Request().Context(), currentStaff(c)
	list, err := u.app.ListSurveys(ctx, me, "")
	if err != nil {
		return err
	}
	p := &SurveyListPage{StaffPage: staffPage(c, "Surveys", "surveys"),
		CanCreate: me.Can(app.PermManageSurvey, app.Scope{Organisation: me.Organisation})}
	for _, s := range list {
		row := SurveyRow{Slug: s.Slug, Title: s.Title.In("en"), Latest: s.LatestVersion, Published: s.PublishedVersion,
			VersionsURL: builderPath(s.Slug, "versions")}
		row.Status = versionStatusName(s.LatestVersion, s.PublishedVersion)
		if u.canManage(c, s.Slug) == nil {
			row.EditURL = builderPath(s.Slug, "edit")
		}
		if s.LatestVersion > s.PublishedVersion {
			row.Review = builderPath(s.Slug, "versions", itoa(s.LatestVersion), "review")
			if pj, err := u.app.Panel(ctx, me, s.Slug, itoa(s.LatestVersion)); err == nil {
				row.Approvals, row.Needed = pj.Approvals, pj.ApprovalsNeeded
			}
			if me.HasRole(app.RolePanel) {
				p.Awaiting = append(p.Awaiting, row)
			}
		}
		p.Surveys = append(p.Surveys, row)
	}
	if c.QueryParam("done") == "published" {
		p.Notice = "The survey is published."
	}
	return u.renderStaff(c, http.StatusOK, "builder_list", p)
}

// versionStatusName says where a survey is in its life.
func versionStatusName(latest, published int) string {
	switch {
	case latest == 0:
		return "no draft yet"
	case latest > published && published > 0:
		return "published, with a new draft"
	case latest > published:
		return "draft"
	}
	return "published"
}

// builderPath is a page of a survey below /staff/surveys.
func builderPath(slug string, more ...string) string {
	p := "/staff/surveys/" + urlSegment(slug)
	for _, m := range more {
		p += "/" + urlSegment(m)
	}
	return p
}

func urlSegment(s string) string { return url.PathEscape(s) }

// NewSurveyPage is the form that starts a survey: its address and title.
type NewSurveyPage struct {
	StaffPage
	Slug, SurveyTitle     string
	SlugError, TitleError string
	Errors                []ErrorLink
	Organisation          string
	AskOrganisation       bool
}

func (u *UI) handleNewSurveyPage(c echo.Context) error {
	p := &NewSurveyPage{StaffPage: staffPage(c, "Start a survey", "surveys", Crumb{"Surveys", "/staff/surveys"})}
	p.AskOrganisation = currentStaff(c).Organisation == ""
	return u.renderStaff(c, http.StatusOK, "builder_new", p)
}

// handleNewSurvey creates the survey record (app.CreateSurvey), then opens
// the builder (POST-redirect-GET), or shows the form with its errors.
func (u *UI) handleNewSurvey(c echo.Context) error {
	me := currentStaff(c)
	p := &NewSurveyPage{StaffPage: staffPage(c, "Start a survey", "surveys", Crumb{"Surveys", "/staff/surveys"}),
		Slug: strings.TrimSpace(c.FormValue("slug")), SurveyTitle: strings.TrimSpace(c.FormValue("title")),
		Organisation: me.Organisation, AskOrganisation: me.Organisation == ""}
	if p.AskOrganisation {
		p.Organisation = strings.TrimSpace(c.FormValue("organisation"))
	}
	if p.SurveyTitle == "" {
		p.TitleError = "Enter the survey's title"
	}
	switch {
	case p.Slug == "":
		p.SlugError = "Enter the survey's web address"
	case !survey.ValidSlug(p.Slug):
		p.SlugError = "Use lower-case letters, digits and single hyphens, such as carers-feedback"
	}
	if p.TitleError == "" && p.SlugError == "" {
		_, err := u.app.CreateSurvey(c.Request().Context(), me, app.NewSurvey{Slug: p.Slug, Organisation: p.Organisation,
			Title: survey.Label{"en": p.SurveyTitle}})
		switch survey.ErrorCode(err) {
		case "":
			return c.Redirect(http.StatusSeeOther, builderPath(p.Slug, "edit")+"?done=created")
		case survey.ECONFLICT:
			p.SlugError = "A survey already has this web address: choose another"
		case survey.EINVALID, survey.EUNPROCESS, survey.ENOTFOUND:
			p.SlugError = survey.ErrorMessage(err)
		default:
			return err
		}
	}
	if p.SlugError != "" {
		p.Errors = append(p.Errors, ErrorLink{Href: "#slug", Text: p.SlugError})
	}
	if p.TitleError != "" {
		p.Errors = append(p.Errors, ErrorLink{Href: "#title", Text: p.TitleError})
	}
	p.Title = "Error: Start a survey"
	return u.renderStaff(c, http.StatusUnprocessableEntity, "builder_new", p)
}

// maxSchemaBytes is the largest schema saved, as JSON: the API's body
// limit.
const maxSchemaBytes = 64 << 10

// saveDraft saves a schema as the survey's draft, as PUT
// /api/v1/surveys/{slug}/draft does (including its 64 KiB limit).
func (u *UI) saveDraft(c echo.Context, slug string, sv *survey.Survey) (int, error) {
	if b, err := json.Marshal(sv); err != nil {
		return 0, err
	} else if len(b) > maxSchemaBytes {
		return 0, survey.Errorf(survey.ETOOLARGE, "The request body is larger than %d KiB.", maxSchemaBytes>>10)
	}
	ctx, me := c.Request().Context(), currentStaff(c)
	info, err := u.app.SurveyFor(ctx, me, app.PermManageSurvey, slug)
	if err != nil {
		return 0, err
	}
	return u.app.SaveDraft(ctx, me, info, sv)
}
