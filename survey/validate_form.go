package survey

import (
	"strconv"
	"strings"
)

// AnswersFromForm turns the values of a plain HTML form post (url.Values)
// into answers in the shape ValidateResponse takes, by question type:
// numbers are parsed, "true"/"yes" and "false"/"no" become booleans, and a
// multi_choice question takes every value given. A value that does not
// parse is kept as the string, so that validation reports it. Form fields
// that are not question ids (the response id, the team) are left out, and
// so are empty fields.
func (s *Survey) AnswersFromForm(form map[string][]string) map[string]any {
	answers := make(map[string]any)
	for _, q := range s.Questions() {
		values := nonEmpty(form[q.ID])
		if len(values) == 0 {
			continue
		}
		if q.Type == TypeMultiChoice {
			list := make([]any, len(values))
			for i, v := range values {
				list[i] = v
			}
			answers[q.ID] = list
			continue
		}
		answers[q.ID] = formValue(q.Type, values[0])
	}
	return answers
}

// nonEmpty drops blank values, such as the empty value a form sends for an
// unselected <select>.
func nonEmpty(values []string) []string {
	var out []string
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			out = append(out, v)
		}
	}
	return out
}

// formValue converts one form value for a question type.
func formValue(typ, v string) any {
	switch typ {
	case TypeLikert, TypeRating, TypeNumber:
		if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
			if _, ok := toNumber(f); ok {
				return f
			}
		}
	case TypeYesNo:
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "true", "yes":
			return true
		case "false", "no":
			return false
		}
	}
	return v
}

// VisibleAnswers returns the answers to questions that are shown given
// those answers, dropping answers to hidden questions and to ids that are
// not in the survey. A page without JavaScript uses it before validating,
// so that an answer left behind when the respondent changed an earlier
// answer (a carer question, after choosing "someone who uses the service")
// is dropped instead of rejected.
func (s *Survey) VisibleAnswers(answers map[string]any) map[string]any {
	visible := s.Visible(answers)
	out := make(map[string]any, len(answers))
	for id, v := range answers {
		if visible[id] {
			out[id] = v
		}
	}
	return out
}
