package app

import (
	"context"
	"github.com/chorus-nhs/chorus/metrics"
	"strings"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// Submissions is the use case of a respondent submitting a response.
type Submissions struct {
	st     *store.Store
	ingest *Ingest
	now    func() time.Time
}

// NewSubmissions returns the submission use case over a store and its
// ingest writer. now is the clock of quarters and dates.
func NewSubmissions(st *store.Store, ingest *Ingest, now func() time.Time) *Submissions {
	if now == nil {
		now = time.Now
	}
	return &Submissions{st: st, ingest: ingest, now: now}
}

// PublishedSurvey returns the latest published version of a survey, from
// the in-process cache (store.CacheTTL). The survey is shared: do not
// modify it. Returns not_found if there is none.
func (s *Submissions) PublishedSurvey(ctx context.Context, slug string) (*survey.Survey, error) {
	if !survey.ValidSlug(slug) {
		return nil, survey.Errorf(survey.ENOTFOUND, "No published survey %q.", slug)
	}
	return s.st.CachedLatestPublished(ctx, slug)
}

// Submit validates a response against the latest published version of the
// survey, analyses its comments and stores it once through the ingest
// writer, with its rollup and risk alerts. A resend of the same id returns
// the stored receipt with created false and writes nothing, even if the
// survey has changed since. Returns not_found for an unknown survey,
// unprocessable (naming each field) for invalid input, and unavailable
// when the writer's queue is full or the store fails (nothing of this
// response is then counted unless it was stored, and a resend says so).
//
// A new response is not looked up first: the unique _id makes the insert
// itself idempotent. Only an invalid submission looks its id up, in case
// it is a resend of a response stored against an older version.
func (s *Submissions) Submit(ctx context.Context, slug string, sub survey.Submission) (_ survey.Receipt, created bool, err error) {
	defer func() { metrics.Submission(created, err) }()
	sv, err := s.PublishedSurvey(ctx, slug)
	if err != nil {
		return survey.Receipt{}, false, err
	}
	resp, err := s.prepare(ctx, sv, sub)
	if err != nil {
		if prev, ferr := s.st.FindResponse(ctx, sub.ID); ferr == nil {
			return receiptOf(prev), false, nil
		}
		return survey.Receipt{}, false, err
	}
	stored, created, err := s.ingest.Write(ctx, resp)
	if err != nil {
		return survey.Receipt{}, false, err
	}
	return receiptOf(stored), created, nil
}

// prepare checks a submission and builds the document to store: the
// validated answers, team, quarter and date, the analysis of the comments,
// and nothing else.
func (s *Submissions) prepare(ctx context.Context, sv *survey.Survey, sub survey.Submission) (*store.Response, error) {
	team, lang, fields := checkTeamAndLanguage(sv, sub)
	answers, err := survey.ValidateResponse(sv, sub.Answers)
	fields = append(fields, survey.ErrorFields(err)...)
	if err != nil && len(survey.ErrorFields(err)) == 0 {
		return nil, err
	}
	if len(fields) > 0 {
		return nil, survey.FieldErrors("Some answers are not valid.", fields)
	}
	t, err := s.st.CachedTeam(ctx, team)
	if survey.ErrorCode(err) == survey.ENOTFOUND {
		return nil, survey.FieldErrors("Some answers are not valid.", []survey.FieldError{{Field: "team", Message: "This team no longer exists."}})
	} else if err != nil {
		return nil, err
	}
	org, err := s.st.CachedOrganisation(ctx, t.Organisation)
	if err != nil {
		return nil, err
	}
	cal := org.Settings.Calendar()
	now := s.now()
	return &store.Response{
		ID: strings.ToLower(sub.ID), Survey: sv.Slug, Version: sv.Version,
		Organisation: t.Organisation, Service: t.Service, Team: t.Slug,
		Quarter: cal.QuarterOf(now).Key(), Date: survey.DateOf(now, cal.Location),
		Language: lang, Role: answers.Role(), Answers: map[string]any(answers),
		Comments: analyseComments(sv, answers),
	}, nil
}

// checkTeamAndLanguage resolves the team and language of a submission,
// naming the field of each problem.
func checkTeamAndLanguage(sv *survey.Survey, sub survey.Submission) (team, lang string, fields []survey.FieldError) {
	team, ok := sv.TeamFor(sub.Team)
	if !ok {
		msg := "This survey is not offered to that team."
		if sub.Team == "" {
			msg = "Choose the team this feedback is about."
		}
		fields = append(fields, survey.FieldError{Field: "team", Message: msg})
	}
	lang = strings.TrimSpace(sub.Language)
	if lang == "" {
		lang = "en"
	} else if !contains(sv.Languages, lang) {
		fields = append(fields, survey.FieldError{Field: "language", Message: "This survey is not available in that language."})
	}
	return team, lang, fields
}

// receiptOf is the receipt of a stored response; Crisis is set when any
// of its comments was flagged for risk, on a resend too.
func receiptOf(r *store.Response) survey.Receipt {
	rec := survey.Receipt{ID: r.ID, Survey: r.Survey, Version: r.Version, Team: r.Team, Quarter: r.Quarter}
	for _, c := range r.Comments {
		// Support is shown prominently for a comment on the review list too:
		// a false alarm costs the respondent nothing.
		rec.Crisis = rec.Crisis || c.RiskFlag || c.RiskReview
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
