package survey

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"
)

// Messages of response validation that callers may want to match.
const (
	MsgAnswerRequired = "This question needs an answer."
	MsgAnswerHidden   = "This question was not shown, so it cannot be answered."
	MsgAnswerUnknown  = "This question is not in the survey."
)

// ValidateResponse checks answers against the survey version they answer
// and returns them normalised: string for single_choice, fft, short_text and
// long_text (text trimmed, line breaks as "\n"); []string in option order for
// multi_choice; int for likert and rating; float64 for number; bool for
// yes_no. Only answered, visible questions appear in the result.
//
// answers holds values as encoding/json decodes them (string, float64,
// json.Number, bool, []any, map[string]any, nil); Go ints are accepted too.
// A null, an empty or blank string, or an empty array counts as no answer.
//
// On failure it returns an EUNPROCESS *Error listing every problem, one per
// question, with Field "answers.<id>", in survey order (answers to ids that
// are not in the survey come last, sorted by id).
func ValidateResponse(s *Survey, answers map[string]any) (Answers, error) {
	if s == nil {
		return nil, Errorf(EINTERNAL, "No survey to validate the response against.")
	}
	v := validation{out: Answers{}, state: map[string]visibility{}}
	for i := range s.Sections {
		sec := &s.Sections[i]
		secState := v.condition(sec.VisibleIf)
		for j := range sec.Questions {
			q := &sec.Questions[j]
			st := combine(secState, v.condition(q.VisibleIf))
			v.state[q.ID] = st
			v.question(q, st, answers)
		}
	}
	var unknown []string
	for id := range answers {
		if _, ok := v.state[id]; !ok {
			unknown = append(unknown, id)
		}
	}
	sort.Strings(unknown)
	for _, id := range unknown {
		v.fail(truncate(id, 100), MsgAnswerUnknown)
	}
	if err := FieldErrors("Some answers are not valid.", v.errs); err != nil {
		return nil, err
	}
	return v.out, nil
}

// visibility of a question while validating: shown, hidden, or unknown
// because an answer its condition depends on was itself invalid.
type visibility int8

const (
	hidden visibility = iota
	shown
	unknownVisibility
)

// combine joins a section's visibility with a question's own.
func combine(a, b visibility) visibility {
	if a == hidden || b == hidden {
		return hidden
	}
	if a == unknownVisibility || b == unknownVisibility {
		return unknownVisibility
	}
	return shown
}

// validation accumulates normalised answers and errors in survey order.
type validation struct {
	out    Answers
	state  map[string]visibility
	failed map[string]bool
	errs   []FieldError
}

func (v *validation) fail(id, msg string) {
	v.errs = append(v.errs, FieldError{Field: "answers." + id, Message: msg})
	if v.failed == nil {
		v.failed = map[string]bool{}
	}
	v.failed[id] = true
}

// condition decides visibility from the normalised answers so far. Answers
// that failed make their dependants' visibility unknown, so that one
// mistake is not reported again as "not shown" on every later question.
func (v *validation) condition(c *Condition) visibility {
	if c == nil {
		return shown
	}
	switch st := v.state[c.Question]; {
	case st != shown:
		return st
	case v.failed[c.Question]:
		return unknownVisibility
	case c.Holds(v.out):
		return shown
	}
	return hidden
}

// question validates the answer to one question.
func (v *validation) question(q *Question, st visibility, answers map[string]any) {
	raw, ok := answers[q.ID]
	if !ok || isEmptyAnswer(raw) {
		if q.Required && st == shown {
			v.fail(q.ID, MsgAnswerRequired)
		}
		return
	}
	if st == hidden {
		v.fail(q.ID, MsgAnswerHidden)
		return
	}
	val, msg := normaliseAnswer(q, raw)
	if msg != "" {
		v.fail(q.ID, msg)
		return
	}
	if st == shown {
		v.out[q.ID] = val
	}
}

// isEmptyAnswer reports whether raw means "no answer": null, a blank
// string, or an empty array.
func isEmptyAnswer(raw any) bool {
	switch a := raw.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(a) == ""
	case []any:
		return len(a) == 0
	case []string:
		return len(a) == 0
	}
	return false
}

// normaliseAnswer returns the normalised answer, or a message saying what
// is wrong with it.
func normaliseAnswer(q *Question, raw any) (any, string) {
	switch q.Type {
	case TypeSingleChoice:
		return singleChoice(q, raw)
	case TypeMultiChoice:
		return multiChoice(q, raw)
	case TypeLikert:
		return wholeNumber(raw, 5, "Choose an answer from 1 (strongly disagree) to 5 (strongly agree).")
	case TypeRating:
		top := ratingMax(q)
		return wholeNumber(raw, top, fmt.Sprintf("Choose a rating from 1 to %d.", top))
	case TypeFFT:
		s, ok := raw.(string)
		if !ok || !contains(FFTAnswers, s) {
			return nil, "Choose one of the options."
		}
		return s, ""
	case TypeYesNo:
		b, ok := raw.(bool)
		if !ok {
			return nil, "Answer yes or no."
		}
		return b, ""
	case TypeNumber:
		return number(q, raw)
	case TypeShortText, TypeLongText:
		return text(q, raw)
	}
	return nil, "This question cannot be answered."
}

func singleChoice(q *Question, raw any) (any, string) {
	s, ok := raw.(string)
	if !ok || q.Option(s) == nil {
		return nil, "Choose one of the options."
	}
	return s, ""
}

func multiChoice(q *Question, raw any) (any, string) {
	var values []string
	switch a := raw.(type) {
	case []string:
		values = a
	case []any:
		for _, x := range a {
			s, ok := x.(string)
			if !ok {
				return nil, "Choose from the options given."
			}
			values = append(values, s)
		}
	default:
		return nil, "Choose one or more of the options."
	}
	chosen := make(map[string]bool, len(values))
	for _, s := range values {
		if q.Option(s) == nil {
			return nil, "Choose from the options given."
		}
		if chosen[s] {
			return nil, "Choose each option only once."
		}
		chosen[s] = true
	}
	if q.MaxSelected > 0 && len(values) > q.MaxSelected {
		if q.MaxSelected == 1 {
			return nil, "Choose only one option."
		}
		return nil, fmt.Sprintf("Choose up to %d options.", q.MaxSelected)
	}
	out := make([]string, 0, len(values))
	for _, o := range q.Options {
		if chosen[o.Value] {
			out = append(out, o.Value)
		}
	}
	return out, ""
}

// wholeNumber accepts an integer from 1 to top, in any numeric form.
func wholeNumber(raw any, top int, msg string) (any, string) {
	f, ok := toNumber(raw)
	if !ok || f != math.Trunc(f) || f < 1 || f > float64(top) {
		return nil, msg
	}
	return int(f), ""
}

// ratingMax returns the top of a rating scale, clamped to the allowed range
// so that an unchecked survey cannot make validation misbehave.
func ratingMax(q *Question) int {
	if q.Max == nil || *q.Max < MinRatingScale || *q.Max > MaxRatingScale {
		return MaxRatingScale
	}
	return int(*q.Max)
}

func number(q *Question, raw any) (any, string) {
	f, ok := toNumber(raw)
	if !ok {
		return nil, "Enter a number."
	}
	if q.Integer && f != math.Trunc(f) {
		return nil, "Enter a whole number."
	}
	low, high := q.Min != nil && f < *q.Min, q.Max != nil && f > *q.Max
	switch {
	case (low || high) && q.Min != nil && q.Max != nil:
		return nil, fmt.Sprintf("Enter a number from %s to %s.", formatNumber(*q.Min), formatNumber(*q.Max))
	case low:
		return nil, fmt.Sprintf("Enter a number of %s or more.", formatNumber(*q.Min))
	case high:
		return nil, fmt.Sprintf("Enter a number of %s or less.", formatNumber(*q.Max))
	}
	return f, ""
}

// formatNumber writes a number without a needless exponent or trailing zeros.
func formatNumber(f float64) string {
	return strings.TrimSuffix(fmt.Sprintf("%.6g", f), ".0")
}

func text(q *Question, raw any) (any, string) {
	s, ok := raw.(string)
	if !ok {
		return nil, "Enter your answer as text."
	}
	s = NormaliseText(s)
	if msg := controlMessage(s, q.Type == TypeLongText); msg != "" {
		return nil, msg
	}
	limit := TextLimit(q)
	if utf8.RuneCountInString(s) > limit {
		return nil, fmt.Sprintf("Enter %d characters or fewer.", limit)
	}
	return s, ""
}

// NormaliseText trims surrounding white space and writes line breaks as
// "\n", so that a text counts the same as the browser's maxlength counted it.
func NormaliseText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.TrimSpace(s)
}

// TextLimit returns the most characters a text answer may have: the
// question's max_length, or the type's default (200 for short_text, 5000
// for long_text) when it is 0 or beyond the type's limit.
func TextLimit(q *Question) int {
	limit := TextLimitOf(q.Type)
	if q.MaxLength > 0 && q.MaxLength < limit {
		return q.MaxLength
	}
	return limit
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
