package webui

import (
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/chorus-nhs/chorus/survey"
)

// fieldPrefix starts the form field name of every answer, so that question
// ids can never collide with the form's own fields (response_id, team, …).
const fieldPrefix = "a-"

// fieldName returns the form field name, and the id of the first input, of
// a question.
func fieldName(qid string) string { return fieldPrefix + qid }

// answerForm is a posted survey form: the raw values, for re-rendering, and
// the typed answers made from them, as the JSON API would receive them.
type answerForm struct {
	Raw     url.Values
	Answers map[string]any
	// Errors are message keys by question id, found before submitting.
	Errors map[string]string
}

// parseAnswers turns posted form values into typed answers: strings for
// choices and text, []any of strings for multi_choice, float64 for
// likert, rating and number, bool for yes_no. Answers to questions hidden
// by visible_if are dropped, and required visible questions left empty are
// reported, so that nothing the respondent cannot see is ever sent.
func parseAnswers(s *survey.Survey, form url.Values) *answerForm {
	f := &answerForm{Raw: form, Answers: map[string]any{}, Errors: map[string]string{}}
	for _, q := range s.Questions() {
		vals := nonEmpty(form[fieldName(q.ID)])
		if len(vals) == 0 {
			continue
		}
		v, errKey := typedAnswer(q, vals)
		if errKey != "" {
			f.Errors[q.ID] = errKey
			continue
		}
		f.Answers[q.ID] = v
	}
	visible := s.Visible(f.Answers)
	for _, q := range s.Questions() {
		if !visible[q.ID] {
			delete(f.Answers, q.ID)
			delete(f.Errors, q.ID)
			continue
		}
		if _, answered := f.Answers[q.ID]; q.Required && !answered && f.Errors[q.ID] == "" {
			f.Errors[q.ID] = requiredKey(q)
		}
	}
	return f
}

// typedAnswer converts the non-empty values posted for a question. It
// returns a message key when they cannot be an answer of that type.
func typedAnswer(q *survey.Question, vals []string) (any, string) {
	switch q.Type {
	case survey.TypeMultiChoice:
		out := make([]any, len(vals))
		for i, v := range vals {
			out[i] = v
		}
		return out, ""
	case survey.TypeLikert, survey.TypeRating:
		n, err := strconv.Atoi(vals[0])
		if err != nil {
			return nil, "err_choose"
		}
		return float64(n), ""
	case survey.TypeNumber:
		n, err := strconv.ParseFloat(strings.ReplaceAll(vals[0], " ", ""), 64)
		if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
			return nil, "err_number"
		}
		return n, ""
	case survey.TypeYesNo:
		switch vals[0] {
		case "yes":
			return true, ""
		case "no":
			return false, ""
		}
		return nil, "err_choose"
	case survey.TypeShortText, survey.TypeLongText:
		// Browsers send CRLF line breaks; count a line break as one character.
		return survey.NormaliseText(vals[0]), ""
	}
	return vals[0], ""
}

// requiredKey is the message for a required question left unanswered.
func requiredKey(q *survey.Question) string {
	switch q.Type {
	case survey.TypeNumber, survey.TypeShortText, survey.TypeLongText:
		return "err_required"
	}
	return "err_choose"
}

// nonEmpty returns the values that are not blank, trimmed.
func nonEmpty(vals []string) []string {
	var out []string
	for _, v := range vals {
		if t := strings.TrimSpace(v); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// answersFromRaw types the raw values without reporting errors: the
// answers used to decide which questions a re-rendered form shows.
func answersFromRaw(s *survey.Survey, form url.Values) map[string]any {
	return parseAnswers(s, form).Answers
}
