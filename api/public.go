package api

import (
	"context"
	"net/http"

	"github.com/chorus-nhs/chorus/metrics"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// publicSurvey is one entry of GET /api/v1/public/surveys.
type publicSurvey struct {
	Slug  string           `json:"slug"`
	Title survey.Label     `json:"title"`
	Teams []survey.TeamRef `json:"teams"`
}

func (s *Server) handleListPublicSurveys(c echo.Context) error {
	ctx := c.Request().Context()
	infos, err := s.store.ListSurveys(ctx, store.SurveyFilter{PublishedOnly: true})
	if err != nil {
		return err
	}
	out := make([]publicSurvey, 0, len(infos))
	for _, info := range infos {
		sv, err := s.store.LatestPublished(ctx, info.Slug)
		if survey.ErrorCode(err) == survey.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		out = append(out, publicSurvey{Slug: sv.Slug, Title: sv.Title, Teams: sv.Teams})
	}
	return c.JSON(http.StatusOK, map[string]any{"surveys": out})
}

func (s *Server) handleGetPublicSurvey(c echo.Context) error {
	sv, err := s.PublishedSurvey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, sv)
}

// submitRequest is the body of POST /api/v1/public/surveys/{slug}/responses.
type submitRequest struct {
	ID       string         `json:"id" validate:"required,uuid"`
	Team     string         `json:"team" validate:"omitempty,max=64"`
	Language string         `json:"language" validate:"omitempty,max=35"`
	Answers  map[string]any `json:"answers" validate:"required"`
}

func (s *Server) handleSubmitResponse(c echo.Context) error {
	if !s.limiter.allow(c.RealIP()) {
		err := survey.Errorf(survey.ERATELIMIT, "Too many responses from this device. Please wait a minute and try again.")
		metrics.Submission(false, err)
		return err
	}
	req, err := bind[submitRequest](c)
	if err != nil {
		metrics.Submission(false, err)
		return err
	}
	rec, created, err := s.Submit(c.Request().Context(), c.Param("slug"), survey.Submission{
		ID: req.ID, Team: req.Team, Language: req.Language, Answers: req.Answers,
	})
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return c.JSON(status, rec)
}

// PublishedSurvey returns the latest published version of a survey (from
// the in-process cache). Returns not_found if there is none.
func (s *Server) PublishedSurvey(ctx context.Context, slug string) (*survey.Survey, error) {
	return s.submissions.PublishedSurvey(ctx, slug)
}

// SurveyByKeyword returns the survey and team that a co-designed keyword
// reaches. Returns not_found if no published survey uses it.
func (s *Server) SurveyByKeyword(ctx context.Context, keyword string) (string, string, error) {
	return s.store.FindKeyword(ctx, keyword)
}

// Submit validates, analyses and stores a response once, through the
// ingest writer (app.Submissions.Submit has the contract).
func (s *Server) Submit(ctx context.Context, slug string, sub survey.Submission) (survey.Receipt, bool, error) {
	return s.submissions.Submit(ctx, slug, sub)
}
