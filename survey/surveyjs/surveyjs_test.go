package surveyjs_test

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/survey/surveyjs"
)

// importFile imports a SurveyJS file and makes it a complete survey, as
// the API does: slug and team from Chorus, defaults filled.
func importFile(t *testing.T, data []byte) (*surveyjs.Result, *survey.Survey) {
	t.Helper()
	res, err := surveyjs.Import(data)
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	sv := res.Survey
	sv.Slug = "imported"
	sv.Teams = []survey.TeamRef{{Slug: "crisis-team", Name: "Crisis team"}}
	survey.NormaliseSurvey(sv)
	return res, sv
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestImportSample(t *testing.T) {
	res, sv := importFile(t, readFile(t, "testdata/surveyjs-sample.json"))
	if err := survey.CheckSurvey(sv); err != nil {
		t.Fatalf("CheckSurvey: %v", res.Explain(err))
	}
	if got, want := sv.Languages, []string{"en", "cy"}; !slices.Equal(got, want) {
		t.Errorf("languages = %v, want %v", got, want)
	}
	if got, want := sv.Title, (survey.Label{"en": "Tell us about our service", "cy": "Dywedwch wrthym am ein gwasanaeth"}); !reflect.DeepEqual(got, want) {
		t.Errorf("title = %v, want %v", got, want)
	}
	want := []string{
		"about/role single_choice required [service_user carer other]",
		"about/age_group single_choice [under_18 18-64 65]",
		"about/involved yes_no if role=carer",
		"care/helped multi_choice [1 2 3] max_selected=2",
		"care/topics multi_choice [sleep food money] if helped in [1 3]",
		"care/overall rating max=10",
		"care/nps number min=0 max=10 integer",
		"care/visits number min=0 max=100 integer",
		"care/where short_text max_length=100 if involved=true",
		"care/good long_text required max_length=5000",
		"care/quality_staff single_choice required [good poor]",
		"care/quality_rooms single_choice required [good poor]",
		"care/carer_support single_choice [yes no] if role in [carer other]",
		"care/carer_more long_text max_length=5000 if quality_staff=poor",
		"care/later yes_no",
	}
	got := describe(sv)
	if !slices.Equal(got, want) {
		t.Errorf("questions:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	for _, w := range []surveyjs.Warning{
		{Element: "survey", Message: `The SurveyJS setting "triggers" has no Chorus equivalent and was ignored.`},
		{Element: "Age Group", Message: `The SurveyJS setting "showOtherItem" has no Chorus equivalent and was ignored.`},
		{Element: "Age Group", Message: `Its answers are stored under the id "age_group" (lower-case letters, digits and underscores, starting with a letter).`},
		{Element: "note", Message: `A SurveyJS "html" element shows content but asks nothing; Chorus has no equivalent, so it was left out.`},
		{Element: "sign", Message: `SurveyJS "signaturepad" questions have no Chorus equivalent, so it was left out.`},
		{Element: "good", Message: `Its maxLength of 9000 is more than Chorus allows here; it is 5000.`},
		{Element: "carer_panel", Message: `Chorus has no panels: the panel's questions were added to the page and its title was left out.`},
		{Element: "later", Message: `Its condition "{overall} > 5 and {role} notempty" cannot be expressed in Chorus (only {question} = 'value', {question} = true and {question} anyof ['a', 'b']); it is always shown.`},
		{Element: "Age Group", Message: `It has no text in cy; the English text is used there.`},
	} {
		if !slices.Contains(res.Warnings, w) {
			t.Errorf("no warning %+v in %+v", w, res.Warnings)
		}
	}
	for _, w := range res.Warnings {
		if w.Element == "" || w.Message == "" || strings.Contains(w.Message, "survey.") {
			t.Errorf("warning %+v: want an element and a plain English message", w)
		}
	}
}

// describe writes each question as one line for comparison.
func describe(sv *survey.Survey) []string {
	var out []string
	for _, sec := range sv.Sections {
		for _, q := range sec.Questions {
			s := sec.ID + "/" + q.ID + " " + q.Type
			if q.Required {
				s += " required"
			}
			if len(q.Options) > 0 {
				vs := make([]string, len(q.Options))
				for i, o := range q.Options {
					vs[i] = o.Value
				}
				s += " [" + strings.Join(vs, " ") + "]"
			}
			if q.MaxSelected > 0 {
				s += fmt.Sprintf(" max_selected=%d", q.MaxSelected)
			}
			if q.Min != nil {
				s += fmt.Sprintf(" min=%v", *q.Min)
			}
			if q.Max != nil {
				s += fmt.Sprintf(" max=%v", *q.Max)
			}
			if q.Integer {
				s += " integer"
			}
			if q.MaxLength > 0 {
				s += fmt.Sprintf(" max_length=%d", q.MaxLength)
			}
			if c := q.VisibleIf; c != nil {
				if len(c.In) > 0 {
					s += fmt.Sprintf(" if %s in %v", c.Question, c.In)
				} else {
					s += fmt.Sprintf(" if %s=%v", c.Question, c.Equals)
				}
			}
			out = append(out, s)
		}
	}
	return out
}

// TestRoundTrip exports the all-types survey and imports it again: every
// question keeps its id, type, options, required flag, condition and
// labels in both languages.
func TestRoundTrip(t *testing.T) {
	var orig survey.Survey
	if err := json.Unmarshal(readFile(t, "../testdata/all-types.json"), &orig); err != nil {
		t.Fatal(err)
	}
	survey.NormaliseSurvey(&orig)
	b, err := json.Marshal(surveyjs.Export(&orig))
	if err != nil {
		t.Fatal(err)
	}
	res, back := importFile(t, b)
	if err := survey.CheckSurvey(back); err != nil {
		t.Fatalf("CheckSurvey: %v", res.Explain(err))
	}
	if got, want := describe(back), describe(&orig); !slices.Equal(got, want) {
		t.Errorf("round trip:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	for i, q := range orig.Questions() {
		r := back.Questions()[i]
		if !reflect.DeepEqual(q.Label, r.Label) || !reflect.DeepEqual(q.Hint, r.Hint) {
			t.Errorf("%s: labels %v %v, want %v %v", q.ID, r.Label, r.Hint, q.Label, q.Hint)
		}
		for k, o := range q.Options {
			if !reflect.DeepEqual(o.Label, r.Options[k].Label) {
				t.Errorf("%s option %s: label %v, want %v", q.ID, o.Value, r.Options[k].Label, o.Label)
			}
		}
	}
	if !reflect.DeepEqual(back.Title, orig.Title) || !reflect.DeepEqual(back.Intro, orig.Intro) {
		t.Errorf("title/intro = %v %v, want %v %v", back.Title, back.Intro, orig.Title, orig.Intro)
	}
}

// TestExportShapes pins what Export writes for the types that SurveyJS
// asks differently from Chorus.
func TestExportShapes(t *testing.T) {
	max := 7.0
	sv := &survey.Survey{Languages: []string{"en"}, Title: survey.Label{"en": "T"}, Sections: []survey.Section{{ID: "s", Title: survey.Label{"en": "S"},
		Questions: []survey.Question{
			{ID: "fft", Type: survey.TypeFFT, Label: survey.Label{"en": "FFT"}, Required: true},
			{ID: "r", Type: survey.TypeRating, Max: &max, Label: survey.Label{"en": "R"}},
			{ID: "yn", Type: survey.TypeYesNo, Label: survey.Label{"en": "Y"}, VisibleIf: &survey.Condition{Question: "fft", In: []any{"good", "very_good"}}},
			{ID: "n", Type: survey.TypeNumber, Label: survey.Label{"en": "N"}, VisibleIf: &survey.Condition{Question: "yn", Equals: true}},
		}}}}
	b, _ := json.Marshal(surveyjs.Export(sv))
	got := string(b)
	for _, want := range []string{
		`{"type":"radiogroup","name":"fft","title":"FFT","isRequired":true,"choices":[{"value":"very_good","text":"Very good"},{"value":"good","text":"Good"},{"value":"neither","text":"Neither good nor poor"},{"value":"poor","text":"Poor"},{"value":"very_poor","text":"Very poor"},{"value":"dont_know","text":"Don't know"}]}`,
		`{"type":"rating","name":"r","title":"R","rateMin":1,"rateMax":7}`,
		`{"type":"boolean","name":"yn","title":"Y","visibleIf":"{fft} anyof ['good', 'very_good']"}`,
		`{"type":"text","name":"n","title":"N","visibleIf":"{yn} = true","inputType":"number"}`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("export lacks %s\nin %s", want, got)
		}
	}
}

func TestImportErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"NotJSON", `{"pages": [`, "The file is not a SurveyJS survey: it must be one JSON object."},
		{"Array", `[{"type":"text"}]`, "The file is not a SurveyJS survey: it must be one JSON object."},
		{"PagesNotList", `{"pages": {"name": "p"}}`, `The SurveyJS "pages" property must be a list.`},
		{"PageNotObject", `{"pages": ["p"]}`, "Page 1 of the SurveyJS survey is not a JSON object."},
		{"ElementNotObject", `{"pages": [{"name": "first", "elements": [3]}]}`, `Element 1 of "first" is not a JSON object.`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := surveyjs.Import([]byte(tc.in))
			if survey.ErrorCode(err) != survey.EINVALID || survey.ErrorMessage(err) != tc.want {
				t.Errorf("err = %v, want invalid %q", err, tc.want)
			}
		})
	}
}

// TestExplain checks that schema errors of an imported survey name the
// SurveyJS element, in plain English.
func TestExplain(t *testing.T) {
	res, sv := importFile(t, []byte(`{"title": "T", "pages": [{"name": "p1", "title": "P", "elements": [
		{"type": "radiogroup", "name": "only_one", "title": "Pick", "choices": ["a"]},
		{"type": "radiogroup", "name": "role", "title": "Who?", "choices": ["me", "you"]}]}]}`))
	err := res.Explain(survey.CheckSurvey(sv))
	want := []survey.FieldError{
		{Field: "only_one", Message: "choices: Give at least two options."},
		{Field: "role", Message: `choice 1 value: The "role" question's options must be service_user, carer or other.`},
		{Field: "role", Message: `choice 2 value: The "role" question's options must be service_user, carer or other.`},
	}
	if got := survey.ErrorFields(err); !reflect.DeepEqual(got, want) {
		t.Errorf("fields = %+v\nwant %+v", got, want)
	}
	if got := survey.ErrorMessage(err); got != "The SurveyJS survey cannot be saved: fix the elements named." {
		t.Errorf("message = %q", got)
	}
}

func TestConditions(t *testing.T) {
	head := `{"title":"T","elements":[{"type":"radiogroup","name":"a","choices":["x","y"]},{"type":"boolean","name":"b"},{"type":"rating","name":"c"},`
	for _, tc := range []struct{ expr, want string }{
		{`{a} = 'x'`, "if a=x"},
		{`{a} == "y"`, "if a=y"},
		{`{a} anyof ['x', "y"]`, "if a in [x y]"},
		{`{a} ANYOF ['x']`, "if a in [x]"},
		{`{b} = true`, "if b=true"},
		{`{b} = false`, "if b=false"},
		{`{c} = 3`, "if c=3"},
		{`{c} anyof [1, 2]`, "if c in [1 2]"},
		{`{a} = 'z'`, ""},
		{`{a} = 'x' or {b} = true`, ""},
		{`{a} != 'x'`, ""},
		{`{a} anyof []`, ""},
		{`{a} anyof ['x',]`, ""},
		{`{missing} = 'x'`, ""},
		{`{d} = 'x'`, ""},
		{`{a}`, ""},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			in := head + `{"type":"text","name":"d","visibleIf":` + mustJSON(tc.expr) + `}]}`
			res, err := surveyjs.Import([]byte(in))
			if err != nil {
				t.Fatal(err)
			}
			got := describe(res.Survey)[3]
			got = strings.TrimSpace(strings.TrimPrefix(got, "page_1/d short_text max_length=200"))
			if got != tc.want {
				t.Errorf("%s → %q, want %q", tc.expr, got, tc.want)
			}
			if tc.want == "" && len(res.Warnings) == 0 {
				t.Errorf("%s: dropped without a warning", tc.expr)
			}
		})
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
