// Package surveyjs converts surveys between Chorus's schema and SurveyJS
// JSON (https://surveyjs.io), the de-facto open form schema. Import maps
// what Chorus can ask and lists, per element, what it could not keep;
// Export writes a version as SurveyJS JSON that SurveyJS's own library
// renders. It does no I/O and imports only the survey package.
package surveyjs

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/chorus-nhs/chorus/survey"
)

// Warning names a SurveyJS element (its "name", or "survey" for the survey
// itself) and says in plain English what of it could not be mapped.
type Warning struct {
	Element string `json:"element"`
	Message string `json:"message"`
}

// Result is an imported survey: the Chorus schema without slug or teams
// (the caller fills them in), the warnings, and where each element went,
// so that schema errors can name SurveyJS elements.
type Result struct {
	Survey   *survey.Survey
	Warnings []Warning
	// elements maps a schema path such as "sections[0].questions[2]" to the
	// SurveyJS element it came from.
	elements map[string]string
}

// fieldPathRE splits a schema error path into the section/question part
// and the rest.
var (
	fieldPathRE  = regexp.MustCompile(`^(sections\[\d+\](?:\.questions\[\d+\])?)(.*)$`)
	optionPathRE = regexp.MustCompile(`^options\[(\d+)\]`)
)

// Explain rewrites the field paths of a schema error (from
// survey.CheckSurvey) so that each names the SurveyJS element it came from
// and what of it is wrong. Other errors are returned as they are.
func (r *Result) Explain(err error) error {
	fields := survey.ErrorFields(err)
	if len(fields) == 0 {
		return err
	}
	out := make([]survey.FieldError, len(fields))
	for i, f := range fields {
		out[i] = survey.FieldError{Field: f.Field, Message: f.Message}
		m := fieldPathRE.FindStringSubmatch(f.Field)
		if m == nil {
			if f.Field == "title" || f.Field == "intro" || strings.HasPrefix(f.Field, "title.") || strings.HasPrefix(f.Field, "intro.") || f.Field == "languages" {
				out[i].Field = "survey"
			}
			continue
		}
		if name, ok := r.elements[m[1]]; ok {
			out[i].Field = name
			if what := describePath(m[2]); what != "" {
				out[i].Message = what + ": " + f.Message
			}
		}
	}
	return &survey.Error{Code: survey.ErrorCode(err), Message: "The SurveyJS survey cannot be saved: fix the elements named.", Fields: out}
}

// describePath says in words which part of an element a path suffix such
// as ".options[2].label.cy" names.
func describePath(rest string) string {
	rest = strings.TrimPrefix(rest, ".")
	if rest == "" {
		return ""
	}
	var what string
	if m := optionPathRE.FindStringSubmatch(rest); m != nil {
		var n int
		fmt.Sscan(m[1], &n)
		what = fmt.Sprintf("choice %d", n+1)
		rest = strings.TrimPrefix(strings.TrimPrefix(rest, m[0]), ".")
	}
	words := map[string]string{"label": "title", "title": "title", "hint": "description", "id": "name", "value": "value",
		"visible_if": "visibleIf", "max": "maximum", "min": "minimum", "max_length": "maxLength",
		"max_selected": "maxSelectedChoices", "type": "type", "options": "choices", "questions": "questions"}
	head, lang, _ := strings.Cut(rest, ".")
	if w, ok := words[head]; ok {
		what = strings.TrimSpace(what + " " + w)
	}
	if lang != "" && !strings.ContainsAny(lang, "[.") {
		what += " (" + lang + ")"
	}
	return what
}
