package surveyjs

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/chorus-nhs/chorus/survey"
)

// likertEnglish are the English labels of a Chorus likert question, 1 to
// 5, as Export writes them into rateValues.
var likertEnglish = []string{"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"}

// rating maps a SurveyJS rating. A scale from 1 to 2…10 is a Chorus
// rating; Export's five labelled values are a likert question; any other
// range of whole numbers is a number question; labelled values that are
// not 1…n become a single choice.
func (im *importer) rating(el element, elem string) (survey.Question, map[string]string, bool) {
	if _, ok := el["rateValues"]; ok {
		return im.rateValues(el, elem)
	}
	lo, hasMin := numberProp(el, "rateMin")
	if !hasMin {
		lo = 1
	}
	hi, hasMax := numberProp(el, "rateMax")
	if n, ok := numberProp(el, "rateCount"); ok && !hasMax {
		hi, hasMax = lo+n-1, true
	}
	if !hasMax {
		hi = 5
	}
	step, hasStep := numberProp(el, "rateStep")
	if hasStep && step != 1 {
		im.warn(elem, "Chorus rating scales go up in ones; the rateStep of %s was ignored.", strconv.FormatFloat(step, 'g', -1, 64))
	}
	if lo == 1 && hi == float64(int(hi)) && hi >= survey.MinRatingScale && hi <= survey.MaxRatingScale {
		return survey.Question{Type: survey.TypeRating, Max: &hi}, nil, true
	}
	im.warn(elem, "Chorus rating scales run from 1 to at most %d; this scale from %s to %s is asked as a whole number instead.",
		survey.MaxRatingScale, strconv.FormatFloat(lo, 'g', -1, 64), strconv.FormatFloat(hi, 'g', -1, 64))
	return survey.Question{Type: survey.TypeNumber, Min: &lo, Max: &hi, Integer: true}, nil, true
}

// rateValues maps a rating with its own list of values.
func (im *importer) rateValues(el element, elem string) (survey.Question, map[string]string, bool) {
	opts, choices := im.choices(el, "rateValues", elem)
	if isLikert(opts) {
		return survey.Question{Type: survey.TypeLikert}, choices, true
	}
	if n := len(opts); n >= survey.MinRatingScale && n <= survey.MaxRatingScale && countsFromOne(opts) {
		hi := float64(n)
		im.warn(elem, "Chorus shows a rating as the numbers 1 to %d; the texts of its rateValues were left out.", n)
		return survey.Question{Type: survey.TypeRating, Max: &hi}, choices, true
	}
	im.warn(elem, "Its rateValues are not the numbers 1 to n, so it is asked as a single choice.")
	return survey.Question{Type: survey.TypeSingleChoice, Options: opts}, choices, true
}

// isLikert reports whether options are 1…5 labelled as Export writes a
// likert question.
func isLikert(opts []survey.Option) bool {
	if len(opts) != len(likertEnglish) || !countsFromOne(opts) {
		return false
	}
	for i, o := range opts {
		if !strings.EqualFold(o.Label["en"], likertEnglish[i]) {
			return false
		}
	}
	return true
}

// countsFromOne reports whether option values are "1", "2", … in order.
func countsFromOne(opts []survey.Option) bool {
	for i, o := range opts {
		if o.Value != strconv.Itoa(i+1) {
			return false
		}
	}
	return true
}

// matrix turns each row of a single-choice matrix into a single-choice
// question whose options are the matrix's columns. Its answers are stored
// under "{matrix}_{row}".
func (im *importer) matrix(el element, elem string, s int, cond *survey.Condition) {
	name := stringProp(el, "name")
	cols, colMap := im.choices(el, "columns", elem)
	rows, err := rawList(el, "rows")
	if err != nil || len(rows) == 0 {
		im.warn(elem, "The matrix has no rows, so it was left out.")
		return
	}
	title := im.text(el, "title", elem)
	if c := im.visibleIf(el, elem); c != nil {
		cond = c
	}
	if boolProp(el, "isRequired") && !boolProp(el, "isAllRowRequired") {
		im.warn(elem, "Chorus cannot require an answer to at least one row; each row is asked as its own optional question.")
	}
	for k, r := range rows {
		value, text, ok := im.choice1(r, elem)
		if !ok {
			im.warn(elem, "Row %d is neither a value nor {value, text}, so it was left out.", k+1)
			continue
		}
		if len(text) == 0 {
			text = survey.Label{"en": value}
		}
		rowElem := elem + "." + value
		q := survey.Question{Type: survey.TypeSingleChoice, Options: append([]survey.Option(nil), cols...),
			Required: boolProp(el, "isAllRowRequired"), Label: text, Hint: title}
		q.ID = im.questionID(name+"_"+value, rowElem)
		if cond != nil {
			q.VisibleIf = cloneCondition(cond)
		}
		im.place(rowElem, name+"."+value, s, q, colMap)
	}
	for _, k := range ignoredQuestionSettings {
		if _, ok := el[k]; ok {
			im.warn(elem, "The SurveyJS setting %q has no Chorus equivalent and was ignored.", k)
		}
	}
}

func cloneCondition(c *survey.Condition) *survey.Condition {
	d := *c
	d.In = append([]any(nil), c.In...)
	return &d
}

// visibleIf reads an element's visibleIf, or warns and returns nil when
// Chorus cannot express it.
func (im *importer) visibleIf(el element, elem string) *survey.Condition {
	expr := stringProp(el, "visibleIf")
	if strings.TrimSpace(expr) == "" {
		return nil
	}
	name, values, list, ok := parseCondition(expr)
	if !ok {
		im.warn(elem, "Its condition %q cannot be expressed in Chorus (only {question} = 'value', {question} = true and {question} anyof ['a', 'b']); it is always shown.", truncate(expr, 80))
		return nil
	}
	target := im.byName[name]
	if target == nil {
		im.warn(elem, "Its condition depends on %q, which is not an earlier question; it is always shown.", truncate(name, 40))
		return nil
	}
	q := &im.res.Survey.Sections[target.section].Questions[target.index]
	converted := make([]any, 0, len(values))
	for _, v := range values {
		c, ok := conditionValue(q, target.choices, v)
		if !ok {
			im.warn(elem, "Its condition compares %q with %s, which is not one of its answers; it is always shown.", truncate(name, 40), truncate(fmt.Sprint(v), 40))
			return nil
		}
		converted = append(converted, c)
	}
	// One value in a list on a multi_choice answer is what Export writes
	// for equals: both hold when any chosen value matches.
	if list && !(q.Type == survey.TypeMultiChoice && len(converted) == 1) {
		return &survey.Condition{Question: q.ID, In: converted}
	}
	return &survey.Condition{Question: q.ID, Equals: converted[0]}
}

// conditionValue converts a value of a SurveyJS condition into the answer
// of the Chorus question it compares.
func conditionValue(q *survey.Question, choices map[string]string, v any) (any, bool) {
	text := fmt.Sprint(v)
	switch q.Type {
	case survey.TypeSingleChoice, survey.TypeMultiChoice, survey.TypeFFT:
		o, ok := choices[text]
		return o, ok
	case survey.TypeLikert:
		if o, ok := choices[text]; ok {
			n, err := strconv.Atoi(o)
			return n, err == nil
		}
	case survey.TypeYesNo:
		b, err := strconv.ParseBool(text)
		return b, err == nil
	case survey.TypeRating, survey.TypeNumber:
		n, err := strconv.ParseFloat(text, 64)
		return n, err == nil
	}
	return nil, false
}

// parseCondition reads the SurveyJS expressions Chorus can express:
// {name} = value, {name} == value and {name} anyof [values], where a
// value is a quoted string, a number, true or false. list reports anyof.
func parseCondition(expr string) (name string, values []any, list bool, ok bool) {
	s := strings.TrimSpace(expr)
	if !strings.HasPrefix(s, "{") {
		return "", nil, false, false
	}
	end := strings.IndexByte(s, '}')
	if end < 2 {
		return "", nil, false, false
	}
	name = strings.TrimSpace(s[1:end])
	rest := strings.TrimSpace(s[end+1:])
	switch {
	case strings.HasPrefix(rest, "=="):
		rest = rest[2:]
	case strings.HasPrefix(rest, "="):
		rest = rest[1:]
	case len(rest) > 5 && strings.EqualFold(rest[:5], "anyof") && !isWordByte(rest[5]):
		list = true
		rest = rest[5:]
	default:
		return "", nil, false, false
	}
	rest = strings.TrimSpace(rest)
	if !list {
		v, tail, ok := scanValue(rest)
		if !ok || strings.TrimSpace(tail) != "" {
			return "", nil, false, false
		}
		return name, []any{v}, false, true
	}
	values, ok = scanList(rest)
	return name, values, true, ok && len(values) > 0
}

// scanList reads ['a', 'b'] and nothing after it.
func scanList(s string) ([]any, bool) {
	if !strings.HasPrefix(s, "[") || !strings.HasSuffix(s, "]") {
		return nil, false
	}
	s = strings.TrimSpace(s[1 : len(s)-1])
	var out []any
	for s != "" {
		v, tail, ok := scanValue(s)
		if !ok {
			return nil, false
		}
		out = append(out, v)
		tail = strings.TrimSpace(tail)
		if tail == "" {
			break
		}
		if tail[0] != ',' {
			return nil, false
		}
		s = strings.TrimSpace(tail[1:])
		if s == "" {
			return nil, false
		}
	}
	return out, true
}

// scanValue reads one quoted string, number, true or false from the start
// of s and returns the rest.
func scanValue(s string) (any, string, bool) {
	if s == "" {
		return nil, "", false
	}
	if q := s[0]; q == '\'' || q == '"' {
		end := strings.IndexByte(s[1:], q)
		if end < 0 {
			return nil, "", false
		}
		return s[1 : end+1], s[end+2:], true
	}
	n := 0
	for n < len(s) && (isWordByte(s[n]) || s[n] == '.' || s[n] == '-') {
		n++
	}
	word := s[:n]
	switch strings.ToLower(word) {
	case "true":
		return true, s[n:], true
	case "false":
		return false, s[n:], true
	}
	if f, err := strconv.ParseFloat(word, 64); err == nil {
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), s[n:], true
	}
	return nil, "", false
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_'
}
