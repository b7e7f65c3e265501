package surveyjs

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/chorus-nhs/chorus/survey"
)

// Survey is a SurveyJS survey as Export writes it.
type Survey struct {
	Title       any    `json:"title,omitempty"`
	Description any    `json:"description,omitempty"`
	Pages       []Page `json:"pages"`
}

// Page is a SurveyJS page: one Chorus section.
type Page struct {
	Name      string    `json:"name"`
	Title     any       `json:"title,omitempty"`
	VisibleIf string    `json:"visibleIf,omitempty"`
	Elements  []Element `json:"elements"`
}

// Element is a SurveyJS question: one Chorus question.
type Element struct {
	Type               string   `json:"type"`
	Name               string   `json:"name"`
	Title              any      `json:"title,omitempty"`
	Description        any      `json:"description,omitempty"`
	IsRequired         bool     `json:"isRequired,omitempty"`
	VisibleIf          string   `json:"visibleIf,omitempty"`
	Choices            []Choice `json:"choices,omitempty"`
	MaxSelectedChoices int      `json:"maxSelectedChoices,omitempty"`
	RateMin            int      `json:"rateMin,omitempty"`
	RateMax            int      `json:"rateMax,omitempty"`
	RateValues         []Choice `json:"rateValues,omitempty"`
	InputType          string   `json:"inputType,omitempty"`
	Min                *float64 `json:"min,omitempty"`
	Max                *float64 `json:"max,omitempty"`
	Step               *float64 `json:"step,omitempty"`
	MaxLength          int      `json:"maxLength,omitempty"`
}

// Choice is a SurveyJS choice: {value, text}.
type Choice struct {
	Value any `json:"value"`
	Text  any `json:"text"`
}

// fftText are the NHS Friends and Family Test answers as the respondent
// pages show them, in English and Welsh, in survey.FFTAnswers order.
var fftText = map[string][]string{
	"en": {"Very good", "Good", "Neither good nor poor", "Poor", "Very poor", "Don't know"},
	"cy": {"Da iawn", "Da", "Ddim yn dda nac yn wael", "Gwael", "Gwael iawn", "Ddim yn gwybod"},
}

// likertText are the likert answers 1 to 5 in English and Welsh.
var likertText = map[string][]string{
	"en": likertEnglish,
	"cy": {"Anghytuno'n gryf", "Anghytuno", "Ddim yn cytuno nac yn anghytuno", "Cytuno", "Cytuno'n gryf"},
}

// Export writes a survey version as SurveyJS JSON: sections as pages, an
// fft question as a radiogroup of the six NHS answers, likert as a rating
// with the five labelled values, visible_if as visibleIf. Texts in one
// language are plain strings; in several, objects by locale with English
// as "default". Teams, keywords, prompt kinds and easy-read texts have no
// SurveyJS equivalent and are left out.
func Export(sv *survey.Survey) Survey {
	x := exporter{langs: sv.Languages, multi: map[string]bool{}}
	for _, q := range sv.Questions() {
		x.multi[q.ID] = q.Type == survey.TypeMultiChoice
	}
	out := Survey{Title: x.text(sv.Title), Description: x.text(sv.Intro), Pages: []Page{}}
	for _, sec := range sv.Sections {
		p := Page{Name: sec.ID, Title: x.text(sec.Title), VisibleIf: x.expression(sec.VisibleIf), Elements: []Element{}}
		for i := range sec.Questions {
			p.Elements = append(p.Elements, x.question(&sec.Questions[i]))
		}
		out.Pages = append(out.Pages, p)
	}
	return out
}

// exporter knows the languages of the survey being written and which of
// its questions are multi_choice.
type exporter struct {
	langs []string
	multi map[string]bool
}

// text writes a label: a plain string when only English is declared,
// otherwise texts by locale with English as "default".
func (x exporter) text(l survey.Label) any {
	if len(l) == 0 {
		return nil
	}
	if len(x.langs) <= 1 {
		return l["en"]
	}
	m := map[string]string{"default": l["en"]}
	for _, lang := range x.langs {
		if t := l[lang]; lang != "en" && t != "" {
			m[lang] = t
		}
	}
	return m
}

// fixed writes one of Chorus's own answer texts in the survey's languages.
func (x exporter) fixed(table map[string][]string, i int) any {
	l := survey.Label{}
	for _, lang := range x.langs {
		if t, ok := table[lang]; ok {
			l[lang] = t[i]
		}
	}
	l["en"] = table["en"][i]
	return x.text(l)
}

func (x exporter) question(q *survey.Question) Element {
	e := Element{Name: q.ID, Title: x.text(q.Label), Description: x.text(q.Hint), IsRequired: q.Required, VisibleIf: x.expression(q.VisibleIf)}
	switch q.Type {
	case survey.TypeSingleChoice, survey.TypeMultiChoice:
		e.Type = "radiogroup"
		if q.Type == survey.TypeMultiChoice {
			e.Type, e.MaxSelectedChoices = "checkbox", q.MaxSelected
		}
		for _, o := range q.Options {
			e.Choices = append(e.Choices, Choice{Value: o.Value, Text: x.text(o.Label)})
		}
	case survey.TypeFFT:
		e.Type = "radiogroup"
		for i, a := range survey.FFTAnswers {
			e.Choices = append(e.Choices, Choice{Value: a, Text: x.fixed(fftText, i)})
		}
	case survey.TypeLikert:
		e.Type = "rating"
		for i := range likertEnglish {
			e.RateValues = append(e.RateValues, Choice{Value: i + 1, Text: x.fixed(likertText, i)})
		}
	case survey.TypeRating:
		e.Type, e.RateMin = "rating", 1
		if q.Max != nil {
			e.RateMax = int(*q.Max)
		}
	case survey.TypeYesNo:
		e.Type = "boolean"
	case survey.TypeNumber:
		e.Type, e.InputType, e.Min, e.Max = "text", "number", q.Min, q.Max
		if q.Integer {
			one := 1.0
			e.Step = &one
		}
	case survey.TypeShortText:
		e.Type, e.MaxLength = "text", q.MaxLength
	default:
		e.Type, e.MaxLength = "comment", q.MaxLength
	}
	return e
}

// expression writes a condition as a SurveyJS expression: {q} = 'v',
// {q} = true, {q} = 3 or {q} anyof ['a', 'b']. A condition on a
// multi_choice answer holds when any chosen value matches, which SurveyJS
// writes as anyof, also for one value.
func (x exporter) expression(c *survey.Condition) string {
	if c == nil {
		return ""
	}
	in := c.In
	if len(in) == 0 && x.multi[c.Question] {
		in = []any{c.Equals}
	}
	if len(in) > 0 {
		vs := make([]string, len(in))
		for i, v := range in {
			vs[i] = literal(v)
		}
		return fmt.Sprintf("{%s} anyof [%s]", c.Question, strings.Join(vs, ", "))
	}
	return fmt.Sprintf("{%s} = %s", c.Question, literal(c.Equals))
}

// literal writes a condition value as a SurveyJS expression literal.
// Option values never contain quotes (the schema allows only letters,
// digits, hyphens and underscores).
func literal(v any) string {
	switch t := v.(type) {
	case bool:
		return strconv.FormatBool(t)
	case float64:
		return strconv.FormatFloat(t, 'g', -1, 64)
	case int:
		return strconv.Itoa(t)
	case json.Number:
		return t.String()
	case string:
		return "'" + strings.ReplaceAll(t, "'", "") + "'"
	}
	return "'" + strings.ReplaceAll(fmt.Sprint(v), "'", "") + "'"
}
