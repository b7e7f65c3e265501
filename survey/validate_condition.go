package survey

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// Holds reports whether the condition is met by the answers. The answer to
// c.Question is compared with Equals, or with each value of In. For a
// multi_choice answer ([]string, []any or any other slice) it holds when any
// selected value matches. Numbers compare numerically whatever their Go type
// (int, float64, json.Number, …); booleans compare as booleans. Because the
// web form posts strings, a string answer also matches a number or boolean
// value it spells ("3" matches 3, "true" matches true). A missing or null
// answer never meets a condition; a nil condition always holds.
func (c *Condition) Holds(answers map[string]any) bool {
	if c == nil {
		return true
	}
	answer, ok := answers[c.Question]
	if !ok || answer == nil {
		return false
	}
	targets := c.In
	if c.Equals != nil {
		targets = []any{c.Equals}
	}
	for _, a := range selected(answer) {
		for _, t := range targets {
			if sameValue(a, t) {
				return true
			}
		}
	}
	return false
}

// selected returns the answer's values: its elements when it is a slice
// (but not a byte string), the answer itself otherwise.
func selected(answer any) []any {
	switch v := answer.(type) {
	case []any:
		return v
	case []string:
		out := make([]any, len(v))
		for i, s := range v {
			out[i] = s
		}
		return out
	}
	rv := reflect.ValueOf(answer)
	if rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array {
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = rv.Index(i).Interface()
		}
		return out
	}
	return []any{answer}
}

// sameValue compares an answer value with a condition value.
func sameValue(a, t any) bool {
	if x, ok := toNumber(a); ok {
		y, ok := toNumber(t)
		return ok && x == y
	}
	if x, ok := a.(bool); ok {
		y, ok := t.(bool)
		return ok && x == y
	}
	s, ok := a.(string)
	if !ok {
		return false
	}
	switch y := t.(type) {
	case string:
		return s == y
	case bool:
		b, err := strconv.ParseBool(strings.TrimSpace(s))
		return err == nil && b == y
	}
	if y, ok := toNumber(t); ok {
		x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		return err == nil && x == y
	}
	return false
}

// toNumber converts any Go number, and json.Number, to a finite float64.
func toNumber(v any) (float64, bool) {
	var f float64
	switch n := v.(type) {
	case float64:
		f = n
	case float32:
		f = float64(n)
	case int:
		f = float64(n)
	case int8:
		f = float64(n)
	case int16:
		f = float64(n)
	case int32:
		f = float64(n)
	case int64:
		f = float64(n)
	case uint:
		f = float64(n)
	case uint8:
		f = float64(n)
	case uint16:
		f = float64(n)
	case uint32:
		f = float64(n)
	case uint64:
		f = float64(n)
	case json.Number:
		x, err := strconv.ParseFloat(string(n), 64)
		if err != nil {
			return 0, false
		}
		f = x
	default:
		return 0, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// Visible returns, for every question id, whether the question is shown
// given the answers so far. A question is hidden when its section's
// condition or its own condition does not hold, and also when the question
// a condition refers to is itself hidden, so chains of conditions resolve
// the way the respondent sees them. Conditions that refer to an unknown or
// later question (a survey that failed CheckSurvey) hide the question.
func (s *Survey) Visible(answers map[string]any) map[string]bool {
	vis := make(map[string]bool)
	for i := range s.Sections {
		sec := &s.Sections[i]
		shown := conditionHolds(sec.VisibleIf, answers, vis)
		for j := range sec.Questions {
			q := &sec.Questions[j]
			vis[q.ID] = shown && conditionHolds(q.VisibleIf, answers, vis)
		}
	}
	return vis
}

// SectionsVisible returns, for every section id, whether the section is
// shown given the answers (its own condition only; a shown section may
// still have every question hidden).
func (s *Survey) SectionsVisible(answers map[string]any) map[string]bool {
	vis := s.Visible(answers)
	out := make(map[string]bool, len(s.Sections))
	for i := range s.Sections {
		sec := &s.Sections[i]
		out[sec.ID] = conditionHolds(sec.VisibleIf, answers, vis)
	}
	return out
}

// conditionHolds is Holds, also requiring the question it refers to to be
// visible (vis holds the questions decided so far).
func conditionHolds(c *Condition, answers map[string]any, vis map[string]bool) bool {
	if c == nil {
		return true
	}
	return vis[c.Question] && c.Holds(answers)
}
