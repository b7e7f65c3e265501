package api

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/chorus-nhs/chorus/metrics"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/themes"
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

// PublishedSurvey returns the latest published version of a survey. Returns
// not_found if there is none.
func (s *Server) PublishedSurvey(ctx context.Context, slug string) (*survey.Survey, error) {
	if !survey.ValidSlug(slug) {
		return nil, survey.Errorf(survey.ENOTFOUND, "No published survey %q.", slug)
	}
	return s.store.LatestPublished(ctx, slug)
}

// SurveyByKeyword returns the survey and team that a co-designed keyword
// reaches. Returns not_found if no published survey uses it.
func (s *Server) SurveyByKeyword(ctx context.Context, keyword string) (string, string, error) {
	return s.store.FindKeyword(ctx, keyword)
}

// Submit validates a response against the latest published version of the
// survey and stores it once. A resend of the same id returns the stored
// receipt with created false and writes nothing, even if the survey has
// changed since. Returns not_found for an unknown survey and
// unprocessable, naming each field, for invalid input.
//
// A new response is not looked up first: the unique key makes the insert
// itself idempotent, and on the embedded store a lookup of a missing id
// reads the whole responses table, which would make every submission
// slower as responses accumulate. Only a resend (a duplicate key) or an
// invalid submission looks the id up.
func (s *Server) Submit(ctx context.Context, slug string, sub survey.Submission) (_ survey.Receipt, created bool, err error) {
	defer func() { metrics.Submission(created, err) }()
	sv, err := s.PublishedSurvey(ctx, slug)
	if err != nil {
		return survey.Receipt{}, false, err
	}
	resp, err := s.prepareResponse(ctx, sv, sub)
	if err != nil {
		if prev, ferr := s.store.FindResponse(ctx, sub.ID); ferr == nil {
			return receiptOf(prev), false, nil
		}
		return survey.Receipt{}, false, err
	}
	stored, created, err := s.store.InsertResponse(ctx, resp)
	if err != nil {
		return survey.Receipt{}, false, err
	}
	if created {
		// The response is saved: what follows must not be cut short by the
		// client going away, and must not fail the submission.
		s.afterInsert(context.WithoutCancel(ctx), stored, sv)
	}
	return receiptOf(stored), created, nil
}

// afterInsert counts a newly stored response in its rollup and raises an
// alert for each risk-flagged comment. It runs once per response (never
// for a resend), so nothing is counted twice. A failure is logged without
// any response content and does not fail the submission: the response is
// saved, and `chorus reports rebuild` recomputes the rollups from the
// responses.
func (s *Server) afterInsert(ctx context.Context, r *store.Response, sv *survey.Survey) {
	start := time.Now() // the response was stored just before
	if err := s.store.ApplyResponse(ctx, r, sv); err != nil {
		s.log.Error("rollup update failed; the response is saved, run `chorus reports rebuild` to repair",
			slog.String("team", r.Team), slog.String("quarter", r.Quarter), slog.String("code", survey.ErrorCode(err)))
	} else {
		metrics.RollupLag(time.Since(start))
	}
	for _, c := range r.Comments {
		if !c.RiskFlag {
			continue
		}
		a := store.Alert{Organisation: r.Organisation, Service: r.Service, Team: r.Team, Quarter: r.Quarter,
			Date: r.Date, Question: c.Question, RiskKind: c.RiskKind, Redacted: c.Redacted}
		if err := s.store.CreateAlert(ctx, &a); err != nil {
			s.log.Error("risk alert not stored", slog.String("team", r.Team), slog.String("code", survey.ErrorCode(err)))
			continue
		}
		if s.onAlert != nil {
			s.onAlert(ctx, a)
		}
	}
}

// analyseComments runs the theme engine on every long_text answer: themes,
// sentiment, a redacted copy and risk. Neither the personal data it finds
// nor the phrase that raised a risk flag is kept.
func analyseComments(sv *survey.Survey, answers survey.Answers) []store.Comment {
	fft := 0
	for _, q := range sv.Questions() {
		if a, ok := answers[q.ID].(string); ok && q.Type == survey.TypeFFT {
			fft = survey.FFTScore(a)
			break
		}
	}
	var out []store.Comment
	for _, q := range sv.Questions() {
		text, ok := answers[q.ID].(string)
		if q.Type != survey.TypeLongText || !ok || strings.TrimSpace(text) == "" {
			continue
		}
		start := time.Now()
		a := themes.Default().Analyse(themes.Input{Text: text, PromptKind: q.PromptKind, FFT: fft})
		metrics.ThemeEngine(time.Since(start))
		out = append(out, store.Comment{Question: q.ID, PromptKind: q.PromptKind, Themes: a.Themes, Major: a.Major,
			Sentiment: a.Sentiment, Redacted: a.Redacted, RiskFlag: a.Risk.Flag, RiskKind: a.Risk.Kind})
	}
	return out
}

// prepareResponse checks a submission and builds the document to store: the
// validated answers, team, quarter and date, and nothing else.
func (s *Server) prepareResponse(ctx context.Context, sv *survey.Survey, sub survey.Submission) (*store.Response, error) {
	var fields []survey.FieldError
	team, ok := sv.TeamFor(sub.Team)
	if !ok {
		msg := "This survey is not offered to that team."
		if sub.Team == "" {
			msg = "Choose the team this feedback is about."
		}
		fields = append(fields, survey.FieldError{Field: "team", Message: msg})
	}
	lang := strings.TrimSpace(sub.Language)
	if lang == "" {
		lang = "en"
	} else if !contains(sv.Languages, lang) {
		fields = append(fields, survey.FieldError{Field: "language", Message: "This survey is not available in that language."})
	}
	answers, err := survey.ValidateResponse(sv, sub.Answers)
	fields = append(fields, survey.ErrorFields(err)...)
	if err != nil && len(survey.ErrorFields(err)) == 0 {
		return nil, err
	}
	if len(fields) > 0 {
		return nil, survey.FieldErrors("Some answers are not valid.", fields)
	}
	t, err := s.store.FindTeam(ctx, team)
	if survey.ErrorCode(err) == survey.ENOTFOUND {
		return nil, survey.FieldErrors("Some answers are not valid.", []survey.FieldError{{Field: "team", Message: "This team no longer exists."}})
	} else if err != nil {
		return nil, err
	}
	org, err := s.store.FindOrganisation(ctx, t.Organisation)
	if err != nil {
		return nil, err
	}
	cal := calendarOf(org)
	now := s.now()
	return &store.Response{
		ID: strings.ToLower(sub.ID), Survey: sv.Slug, Version: sv.Version,
		Organisation: t.Organisation, Service: t.Service, Team: t.Slug,
		Quarter: cal.QuarterOf(now).Key(), Date: survey.DateOf(now, cal.Location),
		Language: lang, Role: answers.Role(), Answers: map[string]any(answers),
		Comments: analyseComments(sv, answers),
	}, nil
}

// receiptOf is the receipt of a stored response; Crisis is set when any
// of its comments was flagged for risk, on a resend too.
func receiptOf(r *store.Response) survey.Receipt {
	rec := survey.Receipt{ID: r.ID, Survey: r.Survey, Version: r.Version, Team: r.Team, Quarter: r.Quarter}
	for _, c := range r.Comments {
		rec.Crisis = rec.Crisis || c.RiskFlag
	}
	return rec
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
