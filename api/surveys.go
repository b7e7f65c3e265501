package api

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/survey/surveyjs"
	"github.com/labstack/echo/v4"
)

func (s *Server) registerSurveyRoutes(g *echo.Group, mw ...echo.MiddlewareFunc) {
	g.POST("/surveys", s.handleCreateSurvey, mw...)
	g.GET("/surveys", s.handleListSurveys, mw...)
	g.GET("/surveys/:slug", s.handleGetSurvey, mw...)
	g.PUT("/surveys/:slug/draft", s.handleSaveDraft, mw...)
	g.GET("/surveys/:slug/versions", s.handleListVersions, mw...)
	g.GET("/surveys/:slug/versions/:version", s.handleGetVersion, mw...)
	g.POST("/surveys/:slug/versions/:version/publish", s.handlePublishVersion, mw...)
}

type createSurveyRequest struct {
	Slug         string       `json:"slug" validate:"required,slug"`
	Organisation string       `json:"organisation" validate:"required,slug"`
	Title        survey.Label `json:"title" validate:"required"`
	// Teams the survey is started for: a manager may start a survey for
	// teams they manage; administrators may leave it empty.
	Teams []string `json:"teams" validate:"omitempty,max=200,dive,slug"`
}

// surveyInfoJSON is the staff view of a survey record.
type surveyInfoJSON struct {
	Slug             string       `json:"slug"`
	Organisation     string       `json:"organisation"`
	Title            survey.Label `json:"title"`
	LatestVersion    int          `json:"latest_version"`
	PublishedVersion int          `json:"published_version"`
	Created          string       `json:"created"`
	Teams            []string     `json:"teams,omitempty"`
}

func toSurveyInfoJSON(i store.SurveyInfo) surveyInfoJSON {
	return surveyInfoJSON{Slug: i.Slug, Organisation: i.Organisation, Title: i.Title,
		LatestVersion: i.LatestVersion, PublishedVersion: i.PublishedVersion, Created: i.Created, Teams: i.Teams}
}

type versionJSON struct {
	Version   int    `json:"version"`
	Status    string `json:"status"`
	Saved     string `json:"saved"`
	Published string `json:"published,omitempty"`
}

func (s *Server) handleCreateSurvey(c echo.Context) error {
	req, err := bind[createSurveyRequest](c)
	if err != nil {
		return err
	}
	if req.Title["en"] == "" {
		return survey.FieldErrors("Some fields are not valid.", []survey.FieldError{{Field: "title.en", Message: "An English title is required."}})
	}
	info := store.SurveyInfo{Slug: req.Slug, Organisation: req.Organisation, Title: req.Title, Teams: req.Teams}
	if err := s.authorize(c, PermReadOrg, Scope{Organisation: req.Organisation}); err != nil {
		return err
	}
	teams, err := s.surveyTeams(c.Request().Context(), &info)
	if err != nil {
		return err
	}
	if !canSurvey(CurrentStaff(c), PermManageSurvey, req.Organisation, teams) {
		return survey.Errorf(survey.EFORBIDDEN, "You may start a survey only for teams you manage: list them in \"teams\".")
	}
	if err := s.store.CreateSurvey(c.Request().Context(), info); err != nil {
		return err
	}
	s.audit(c, "survey.create", req.Slug, req.Organisation)
	created, err := s.store.FindSurvey(c.Request().Context(), req.Slug)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toSurveyInfoJSON(*created))
}

// handleListSurveys lists the surveys the request may read: every survey
// for the bootstrap token (optionally of ?organisation=), otherwise those of
// the staff member's organisation offered to their teams.
func (s *Server) handleListSurveys(c echo.Context) error {
	ctx := c.Request().Context()
	p := CurrentStaff(c)
	org := c.QueryParam("organisation")
	if p.Kind != KindBootstrap {
		if err := s.authorize(c, PermReadOrg, Scope{Organisation: cmp.Or(org, p.Organisation)}); err != nil {
			return err
		}
		org = p.Organisation
	}
	infos, err := s.store.ListSurveys(ctx, store.SurveyFilter{Organisation: org})
	if err != nil {
		return err
	}
	out := make([]surveyInfoJSON, 0, len(infos))
	for _, i := range infos {
		teams, err := s.surveyTeams(ctx, &i)
		if err != nil {
			return err
		}
		if canSurvey(p, PermReadSurvey, i.Organisation, teams) {
			out = append(out, toSurveyInfoJSON(i))
		}
	}
	return c.JSON(http.StatusOK, map[string]any{"surveys": out})
}

// findSurveyFor returns the survey :slug once the request may use perm on
// it.
func (s *Server) findSurveyFor(c echo.Context, perm string) (*store.SurveyInfo, error) {
	info, err := s.store.FindSurvey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return nil, err
	}
	if err := s.authorizeSurvey(c, perm, info); err != nil {
		return nil, err
	}
	return info, nil
}

func (s *Server) handleGetSurvey(c echo.Context) error {
	info, err := s.findSurveyFor(c, PermReadSurvey)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSurveyInfoJSON(*info))
}

// handleSaveDraft checks a schema (wire shape of DESIGN.md, or SurveyJS
// JSON with ?format=surveyjs) and saves it as the survey's draft version.
func (s *Server) handleSaveDraft(c echo.Context) error {
	if surveyJS, err := formatParam(c); err != nil {
		return err
	} else if surveyJS {
		return s.handleSaveDraftSurveyJS(c)
	}
	info, err := s.findSurveyFor(c, PermManageSurvey)
	if err != nil {
		return err
	}
	sv, err := bind[survey.Survey](c)
	if err != nil {
		return err
	}
	v, err := s.saveDraft(c, info, sv)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"slug": sv.Slug, "version": v, "status": store.StatusDraft})
}

// saveDraft checks sv as a draft of the survey :slug, saves it and audits
// the change; it returns the draft's version.
func (s *Server) saveDraft(c echo.Context, info *store.SurveyInfo, sv *survey.Survey) (int, error) {
	ctx := c.Request().Context()
	slug := c.Param("slug")
	if sv.Slug == "" {
		sv.Slug = slug
	} else if sv.Slug != slug {
		return 0, survey.FieldErrors("The survey has errors.", []survey.FieldError{{Field: "slug", Message: fmt.Sprintf("Must be %q, the survey being saved.", slug)}})
	}
	survey.NormaliseSurvey(sv)
	// Teams first: it fills in names left empty, which the schema needs.
	teamErr := s.checkSurveyTeams(ctx, info.Organisation, sv)
	if survey.ErrorCode(teamErr) != survey.EUNPROCESS && teamErr != nil {
		return 0, teamErr
	}
	if err := mergeFieldErrors(survey.CheckSurvey(sv), teamErr); err != nil {
		return 0, err
	}
	// Offering the survey to a team needs the permission on that team too.
	if err := s.authorizeSurvey(c, PermManageSurvey, info, sv.Teams...); err != nil {
		return 0, err
	}
	v, err := s.store.SaveDraft(ctx, sv)
	if err != nil {
		return 0, err
	}
	s.audit(c, "survey.save_draft", fmt.Sprintf("%s@%d", slug, v), info.Organisation)
	return v, nil
}

// checkSurveyTeams requires every team of the schema to be a team of the
// survey's organisation, and fills in its name when left empty.
func (s *Server) checkSurveyTeams(ctx context.Context, org string, sv *survey.Survey) error {
	var fields []survey.FieldError
	for i := range sv.Teams {
		t, err := s.store.FindTeam(ctx, sv.Teams[i].Slug)
		if survey.ErrorCode(err) == survey.ENOTFOUND || (err == nil && t.Organisation != org) {
			fields = append(fields, survey.FieldError{Field: fmt.Sprintf("teams[%d].slug", i),
				Message: fmt.Sprintf("There is no team %q in this organisation.", sv.Teams[i].Slug)})
			continue
		} else if err != nil {
			return err
		}
		if sv.Teams[i].Name == "" {
			sv.Teams[i].Name = t.Name
		}
	}
	return survey.FieldErrors("The survey has errors.", fields)
}

func (s *Server) handleListVersions(c echo.Context) error {
	if _, err := s.findSurveyFor(c, PermReadSurvey); err != nil {
		return err
	}
	vs, err := s.store.ListVersions(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	out := make([]versionJSON, 0, len(vs))
	for _, v := range vs {
		out = append(out, versionJSON{Version: v.Version, Status: v.Status, Saved: v.Saved, Published: v.Published})
	}
	return c.JSON(http.StatusOK, map[string]any{"slug": c.Param("slug"), "versions": out})
}

func versionParam(c echo.Context) (int, error) {
	v, err := strconv.Atoi(c.Param("version"))
	if err != nil || v < 1 {
		return 0, survey.Errorf(survey.ENOTFOUND, "No version %q: versions are whole numbers from 1.", c.Param("version"))
	}
	return v, nil
}

// findVersionFor is findSurveyFor and the :version parameter.
func (s *Server) findVersionFor(c echo.Context, perm string) (*store.SurveyInfo, int, error) {
	info, err := s.findSurveyFor(c, perm)
	if err != nil {
		return nil, 0, err
	}
	v, err := versionParam(c)
	if err != nil {
		return nil, 0, err
	}
	return info, v, nil
}

func (s *Server) handleGetVersion(c echo.Context) error {
	surveyJS, err := formatParam(c)
	if err != nil {
		return err
	}
	_, v, err := s.findVersionFor(c, PermReadSurvey)
	if err != nil {
		return err
	}
	sv, status, err := s.store.FindVersion(c.Request().Context(), c.Param("slug"), v)
	if err != nil {
		return err
	}
	c.Response().Header().Set("X-Chorus-Version-Status", status)
	if surveyJS {
		return c.JSON(http.StatusOK, surveyjs.Export(sv))
	}
	return c.JSON(http.StatusOK, sv)
}

func (s *Server) handlePublishVersion(c echo.Context) error {
	info, v, err := s.findVersionFor(c, PermManageSurvey)
	if err != nil {
		return err
	}
	if err := s.requirePanelApprovals(c.Request().Context(), info, v); err != nil {
		return err
	}
	sv, err := s.store.PublishVersion(c.Request().Context(), c.Param("slug"), v)
	if err != nil {
		return err
	}
	s.audit(c, "survey.publish", fmt.Sprintf("%s@%d", sv.Slug, sv.Version), info.Organisation)
	return c.JSON(http.StatusOK, map[string]any{"slug": sv.Slug, "version": sv.Version, "status": store.StatusPublished})
}

// mergeFieldErrors combines two unprocessable errors into one, each field
// once, in the order given; nil when both are nil.
func mergeFieldErrors(a, b error) error {
	if a == nil || b == nil {
		if a != nil {
			return a
		}
		return b
	}
	fields := survey.ErrorFields(a)
	for _, f := range survey.ErrorFields(b) {
		if !slices.ContainsFunc(fields, func(g survey.FieldError) bool { return g.Field == f.Field }) {
			fields = append(fields, f)
		}
	}
	return &survey.Error{Code: survey.EUNPROCESS, Message: survey.ErrorMessage(a), Fields: fields}
}
