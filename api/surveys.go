package api

import (
	"net/http"

	"github.com/chorus-nhs/chorus/app"
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

// createSurveyRequest is POST /surveys (app.NewSurvey).
type createSurveyRequest = app.NewSurvey

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
	created, err := s.app.CreateSurvey(c.Request().Context(), CurrentStaff(c), *req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toSurveyInfoJSON(*created))
}

// handleListSurveys lists the surveys the request may read (see
// app.ListSurveys).
func (s *Server) handleListSurveys(c echo.Context) error {
	infos, err := s.app.ListSurveys(c.Request().Context(), CurrentStaff(c), c.QueryParam("organisation"))
	if err != nil {
		return err
	}
	out := make([]surveyInfoJSON, 0, len(infos))
	for _, i := range infos {
		out = append(out, toSurveyInfoJSON(i))
	}
	return c.JSON(http.StatusOK, map[string]any{"surveys": out})
}

// findSurveyFor returns the survey :slug once the request may use perm on
// it.
func (s *Server) findSurveyFor(c echo.Context, perm string) (*store.SurveyInfo, error) {
	return s.app.SurveyFor(c.Request().Context(), CurrentStaff(c), perm, c.Param("slug"))
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
	v, err := s.app.SaveDraft(c.Request().Context(), CurrentStaff(c), info, sv)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"slug": info.Slug, "version": v, "status": store.StatusDraft})
}

func (s *Server) handleListVersions(c echo.Context) error {
	vs, err := s.app.ListVersions(c.Request().Context(), CurrentStaff(c), c.Param("slug"))
	if err != nil {
		return err
	}
	out := make([]versionJSON, 0, len(vs))
	for _, v := range vs {
		out = append(out, versionJSON{Version: v.Version, Status: v.Status, Saved: v.Saved, Published: v.Published})
	}
	return c.JSON(http.StatusOK, map[string]any{"slug": c.Param("slug"), "versions": out})
}

// findVersionFor is findSurveyFor and the :version parameter.
func (s *Server) findVersionFor(c echo.Context, perm string) (*store.SurveyInfo, int, error) {
	return s.app.VersionFor(c.Request().Context(), CurrentStaff(c), perm, c.Param("slug"), c.Param("version"))
}

func (s *Server) handleGetVersion(c echo.Context) error {
	surveyJS, err := formatParam(c)
	if err != nil {
		return err
	}
	sv, status, err := s.app.Version(c.Request().Context(), CurrentStaff(c), c.Param("slug"), c.Param("version"))
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
	sv, err := s.app.PublishVersion(c.Request().Context(), CurrentStaff(c), c.Param("slug"), c.Param("version"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"slug": sv.Slug, "version": sv.Version, "status": store.StatusPublished})
}
