package webui

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/chorus-nhs/chorus/survey"
)

// The builder's form is the whole survey: every input is named after the
// JSON path of what it holds ("sections[1].questions[0].label.cy"), so that
// the API's field errors land on the input that needs fixing. Hidden
// "….count" fields give the length of each list.

// builderForm reads a posted builder form back into a survey.
type builderForm struct {
	form  url.Values
	langs []string
	errs  []survey.FieldError
	// conds holds the ticked condition answers by the path of their
	// visible_if, turned into conditions once every question is known.
	conds map[string][]string
}

// parseBuilderForm returns the survey the form describes and the fields
// that could not be read (numbers that are not numbers, conditions across
// several questions). slug is the survey being edited.
func parseBuilderForm(form url.Values, slug string) (*survey.Survey, []survey.FieldError) {
	f := &builderForm{form: form, conds: map[string][]string{}}
	sv := &survey.Survey{Slug: slug}
	for _, l := range form["languages"] {
		if l = strings.TrimSpace(l); l != "" && !slices.Contains(sv.Languages, l) {
			sv.Languages = append(sv.Languages, l)
		}
	}
	if !slices.Contains(sv.Languages, "en") {
		sv.Languages = append([]string{"en"}, sv.Languages...)
	}
	f.langs = sv.Languages
	sv.Title = f.label("title", true)
	sv.Intro = f.label("intro", false)
	for _, t := range form["teams"] {
		sv.Teams = append(sv.Teams, survey.TeamRef{Slug: t})
	}
	for i := range f.count("keywords") {
		p := fmt.Sprintf("keywords[%d]", i)
		sv.Keywords = append(sv.Keywords, survey.Keyword{Keyword: strings.TrimSpace(form.Get(p + ".keyword")), Team: form.Get(p + ".team")})
	}
	for i := range f.count("sections") {
		sv.Sections = append(sv.Sections, f.section(fmt.Sprintf("sections[%d]", i)))
	}
	f.conditions(sv)
	return sv, f.errs
}

// count reads the hidden length of a list, at most a generous bound.
func (f *builderForm) count(path string) int {
	n, err := strconv.Atoi(f.form.Get(path + ".count"))
	if err != nil || n < 0 {
		return 0
	}
	return min(n, survey.MaxQuestions+1)
}

// label reads a label with one input per language. A required label keeps
// every language, empty or not, so that a missing translation is reported
// at its own input; an optional label left empty everywhere is absent.
func (f *builderForm) label(path string, required bool) survey.Label {
	l := survey.Label{}
	filled := false
	for _, lang := range f.langs {
		v := strings.TrimSpace(f.form.Get(path + "." + lang))
		l[lang] = v
		filled = filled || v != ""
	}
	if !filled && !required {
		return nil
	}
	return l
}

func (f *builderForm) section(p string) survey.Section {
	sec := survey.Section{ID: strings.TrimSpace(f.form.Get(p + ".id")), Title: f.label(p+".title", true)}
	sec.VisibleIf = f.condition(p + ".visible_if")
	for j := range f.count(p + ".questions") {
		sec.Questions = append(sec.Questions, f.question(fmt.Sprintf("%s.questions[%d]", p, j)))
	}
	return sec
}

func (f *builderForm) question(p string) survey.Question {
	get := func(name string) string { return strings.TrimSpace(f.form.Get(p + "." + name)) }
	q := survey.Question{ID: get("id"), Type: get("type"), Required: get("required") == "1",
		Label: f.label(p+".label", true), Hint: f.label(p+".hint", false), EasyRead: f.label(p+".easy_read", false)}
	q.VisibleIf = f.condition(p + ".visible_if")
	switch q.Type {
	case survey.TypeSingleChoice, survey.TypeMultiChoice:
		for k := range f.count(p + ".options") {
			o := fmt.Sprintf("%s.options[%d]", p, k)
			q.Options = append(q.Options, survey.Option{Value: strings.TrimSpace(f.form.Get(o + ".value")),
				Label: f.label(o+".label", true), EasyRead: f.label(o+".easy_read", false)})
		}
		if len(q.Options) == 0 {
			q.Options = []survey.Option{{}, {}}
		}
		if q.Type == survey.TypeMultiChoice {
			q.MaxSelected = f.whole(p+".max_selected", 0)
		}
	case survey.TypeRating:
		q.Max = f.number(p + ".max")
		if q.Max == nil {
			five := 5.0
			q.Max = &five
		}
	case survey.TypeNumber:
		q.Min, q.Max, q.Integer = f.number(p+".min"), f.number(p+".max"), get("integer") == "1"
	case survey.TypeShortText, survey.TypeLongText:
		q.MaxLength = f.whole(p+".max_length", 0)
		if q.Type == survey.TypeLongText {
			q.PromptKind = get("prompt_kind")
		}
	}
	return q
}

// number reads an optional number; text that is not one is an error.
func (f *builderForm) number(path string) *float64 {
	s := strings.TrimSpace(f.form.Get(path))
	if s == "" {
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		f.errs = append(f.errs, survey.FieldError{Field: path, Message: "Enter a number, such as 10, or leave it empty."})
		return nil
	}
	return &v
}

// whole reads an optional whole number (def when empty).
func (f *builderForm) whole(path string, def int) int {
	s := strings.TrimSpace(f.form.Get(path))
	if s == "" {
		return def
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		f.errs = append(f.errs, survey.FieldError{Field: path, Message: "Enter a whole number, or leave it empty."})
		return def
	}
	return v
}

// condition reads a visible_if: ticked "question=answer" boxes become a
// condition later (see conditions); a condition the builder cannot show
// (on a number answer, say) travels as JSON until removed.
func (f *builderForm) condition(path string) *survey.Condition {
	if ticked := f.form[path]; len(ticked) > 0 {
		f.conds[path] = ticked
		return &survey.Condition{}
	}
	raw := f.form.Get(path + ".json")
	if raw == "" || f.form.Get(path+".remove") == "1" {
		return nil
	}
	var c survey.Condition
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		return nil
	}
	return &c
}

// conditions turns ticked answers into equals (one) or in (several).
func (f *builderForm) conditions(sv *survey.Survey) {
	set := func(path string, c *survey.Condition) {
		for i := range sv.Sections {
			sp := fmt.Sprintf("sections[%d]", i)
			if sp+".visible_if" == path {
				sv.Sections[i].VisibleIf = c
			}
			for j := range sv.Sections[i].Questions {
				if fmt.Sprintf("%s.questions[%d].visible_if", sp, j) == path {
					sv.Sections[i].Questions[j].VisibleIf = c
				}
			}
		}
	}
	for path, ticked := range f.conds {
		var qid string
		var vals []any
		for _, t := range ticked {
			id, tok, _ := strings.Cut(t, "=")
			if qid != "" && id != qid {
				f.errs = append(f.errs, survey.FieldError{Field: path, Message: "Choose answers to one earlier question only."})
				set(path, nil)
				vals = nil
				break
			}
			qid = id
			vals = append(vals, conditionValue(sv.Question(id), tok))
		}
		switch {
		case len(vals) == 1:
			set(path, &survey.Condition{Question: qid, Equals: vals[0]})
		case len(vals) > 1:
			set(path, &survey.Condition{Question: qid, In: vals})
		}
	}
}

// conditionValue turns a ticked answer into the JSON value it stands for.
func conditionValue(q *survey.Question, tok string) any {
	if q == nil {
		return tok
	}
	switch q.Type {
	case survey.TypeYesNo:
		return tok == "true"
	case survey.TypeLikert, survey.TypeRating:
		if n, err := strconv.ParseFloat(tok, 64); err == nil {
			return n
		}
	}
	return tok
}

// conditionToken spells an answer value as its checkbox value.
func conditionToken(v any) string {
	switch x := v.(type) {
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		return x
	}
	return fmt.Sprint(v)
}
