package webui

import (
	"errors"
	"html/template"
	"net/http"
	"strings"

	"github.com/chorus-nhs/chorus/survey"
	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
)

// maxFormBytes bounds a posted form, like the JSON API's 64 KiB.
const maxFormBytes = 64 << 10

// handleSurvey shows the survey form, or the team choice when the survey is
// offered to several teams and none is chosen.
func (u *UI) handleSurvey(c echo.Context) error {
	s, err := u.publishedSurvey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return u.backendError(c, err)
	}
	v := readView(c, s)
	team := c.Param("team")
	if team == "" {
		if chosen := c.QueryParam("team"); chosen != "" && s.HasTeam(chosen) {
			return c.Redirect(http.StatusSeeOther, withQuery(surveyPath(s.Slug, chosen), v.query(defaultLang(s))))
		} else if chosen != "" || c.QueryParam("choose") == "1" {
			return u.renderTeams(c, s, v, true)
		}
		var ok bool
		if team, ok = s.TeamFor(""); !ok {
			return u.renderTeams(c, s, v, false)
		}
	} else if !s.HasTeam(team) {
		return u.notFound(c, v.Lang)
	}
	st := formState{Survey: s, Team: team, View: v, ResponseID: uuid.NewString()}
	return u.render(c, http.StatusOK, "survey", u.surveyPage(st))
}

// handleSubmit takes a posted form: it re-renders for "Update the
// questions" and for errors, keeping every answer, and redirects to the
// thank-you page once the response is stored (POST-redirect-GET). The
// hidden response id makes a double submit store one response.
func (u *UI) handleSubmit(c echo.Context) error {
	c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, maxFormBytes)
	if _, err := c.FormParams(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return u.render(c, http.StatusRequestEntityTooLarge, "error", u.errorPage(newLocale("en"), "too_large_title", "too_large_body"))
		}
		return u.render(c, http.StatusBadRequest, "error", u.errorPage(newLocale("en"), "problem_title", "bad_form_body"))
	}
	s, err := u.publishedSurvey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return u.backendError(c, err)
	}
	v := readView(c, s)
	team, ok := s.TeamFor(c.Param("team"))
	if !ok {
		if c.Param("team") != "" {
			return u.notFound(c, v.Lang)
		}
		return u.renderTeams(c, s, v, false)
	}
	form, _ := c.FormParams()
	st := formState{Survey: s, Team: team, View: v, ResponseID: responseID(form.Get("response_id")), Raw: form}
	if form.Get("action") == "refresh" {
		return u.render(c, http.StatusOK, "survey", u.surveyPage(st))
	}
	parsed := parseAnswers(s, form)
	if len(parsed.Errors) > 0 {
		return u.renderInvalid(c, st, localErrors(s, newLocale(v.Lang), v.Easy, parsed.Errors))
	}
	if lim, ok := u.backend.(SubmitLimiter); ok && !lim.AllowSubmit(c) {
		st.FormError = newLocale(v.Lang).T("err_rate")
		st.Summary = []SummaryError{{Text: st.FormError}}
		return u.render(c, http.StatusTooManyRequests, "survey", u.surveyPage(st))
	}
	sub := survey.Submission{ID: st.ResponseID, Team: team, Language: v.Lang, Answers: parsed.Answers}
	rec, _, err := u.backend.Submit(c.Request().Context(), s.Slug, sub)
	switch survey.ErrorCode(err) {
	case "":
		return c.Redirect(http.StatusSeeOther, u.thanksURL(s, team, v, rec.Quarter, u.thanks.issue(rec.Crisis)))
	case survey.EUNPROCESS:
		return u.renderInvalid(c, st, fieldErrors(s, newLocale(v.Lang), v.Easy, survey.ErrorFields(err)))
	case survey.ENOTFOUND:
		return u.notFound(c, v.Lang)
	}
	// The store may be briefly unavailable: keep the answers on the page
	// and ask the person to try again, rather than losing them.
	u.log.Error("webui: submit failed", "survey", s.Slug, "code", survey.ErrorCode(err), "error", err)
	st.FormError = newLocale(v.Lang).T("err_unavailable")
	st.Summary = []SummaryError{{Text: st.FormError}}
	return u.render(c, http.StatusServiceUnavailable, "survey", u.surveyPage(st))
}

// SubmitLimiter is implemented by backends that rate-limit submissions per
// client (api.Server does, in memory on keyed hashes); form posts then share
// the JSON API's limit.
type SubmitLimiter interface {
	AllowSubmit(c echo.Context) bool
}

// responseID keeps the posted id when it is a UUID, else makes a new one.
func responseID(posted string) string {
	if id, err := uuid.Parse(posted); err == nil {
		return id.String()
	}
	return uuid.NewString()
}

// questionErrors are inline errors by question id and the summary entries.
type questionErrors struct {
	inline  map[string]template.HTML
	summary []SummaryError
}

// renderInvalid re-renders the form with the error summary and inline errors.
func (u *UI) renderInvalid(c echo.Context, st formState, qe questionErrors) error {
	st.Errors, st.Summary = qe.inline, qe.summary
	return u.render(c, http.StatusUnprocessableEntity, "survey", u.surveyPage(st))
}

// localErrors turns message keys by question id into errors, in form order.
func localErrors(s *survey.Survey, l Locale, easy bool, keys map[string]string) questionErrors {
	qe := questionErrors{inline: map[string]template.HTML{}}
	for _, q := range s.Questions() {
		if key, ok := keys[q.ID]; ok {
			qe.add(l, easy, q, l.T(key))
		}
	}
	return qe
}

// fieldErrors turns the backend's field errors ("answers.fft") into errors.
// Messages from the backend are English.
func fieldErrors(s *survey.Survey, l Locale, easy bool, fields []survey.FieldError) questionErrors {
	qe := questionErrors{inline: map[string]template.HTML{}}
	for _, f := range fields {
		msg := wrapLang(f.Message, l.Lang != "en")
		if q := s.Question(strings.TrimPrefix(f.Field, "answers.")); q != nil && strings.HasPrefix(f.Field, "answers.") {
			qe.add(l, easy, q, msg)
			continue
		}
		qe.summary = append(qe.summary, SummaryError{Text: msg})
	}
	if len(qe.summary) == 0 && len(qe.inline) == 0 {
		qe.summary = append(qe.summary, SummaryError{Text: l.T("err_unavailable")})
	}
	return qe
}

// add records an error for a question: inline, and in the summary with the
// question's words so that the list makes sense on its own.
func (qe *questionErrors) add(l Locale, easy bool, q *survey.Question, msg template.HTML) {
	if _, dup := qe.inline[q.ID]; dup {
		return
	}
	qe.inline[q.ID] = msg
	label := text(l, easy, q.Label, q.EasyRead)
	qe.summary = append(qe.summary, SummaryError{Href: "#" + fieldName(q.ID), Text: msg + ": " + label})
}
