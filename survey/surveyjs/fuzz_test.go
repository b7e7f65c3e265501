package surveyjs_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/survey/surveyjs"
)

// FuzzImport feeds arbitrary bytes to the SurveyJS importer. Nothing may
// panic; a refusal is invalid with a message; every warning names an
// element; every schema error of the result names a field; and a survey
// that passes the schema check exports and imports again to the same
// questions.
func FuzzImport(f *testing.F) {
	f.Add(readFile(f, "testdata/surveyjs-sample.json"))
	var sv survey.Survey
	if err := json.Unmarshal(readFile(f, "../testdata/all-types.json"), &sv); err != nil {
		f.Fatal(err)
	}
	b, _ := json.Marshal(surveyjs.Export(&sv))
	f.Add(b)
	for _, seed := range []string{`{}`, `{"pages":[{"elements":[{"type":"panel","elements":[{"type":"panel"}]}]}]}`,
		`{"title":{"default":"t","xx-!":"y"},"elements":[{"type":"rating","name":"1","rateValues":[1,{"value":2}]},{"type":"text","name":"n","visibleIf":"{1} anyof [1,"}]}`,
		`{"elements":[{"type":"matrix","name":"m","rows":[1,1],"columns":["a","a"]},{"type":"boolean","name":"b","visibleIf":"{m.1} = 'a'"}]}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := surveyjs.Import(data)
		if err != nil {
			if survey.ErrorCode(err) != survey.EINVALID || survey.ErrorMessage(err) == "" {
				t.Fatalf("refusal %v: want invalid with a message", err)
			}
			return
		}
		for _, w := range res.Warnings {
			if w.Element == "" || w.Message == "" {
				t.Fatalf("warning %+v lacks an element or message", w)
			}
		}
		sv := res.Survey
		sv.Slug, sv.Teams = "fuzz", []survey.TeamRef{{Slug: "team", Name: "Team"}}
		survey.NormaliseSurvey(sv)
		if err := survey.CheckSurvey(sv); err != nil {
			for _, fe := range survey.ErrorFields(res.Explain(err)) {
				if fe.Field == "" || fe.Message == "" {
					t.Fatalf("explained error %+v lacks a field or message", fe)
				}
			}
			return
		}
		b, err := json.Marshal(surveyjs.Export(sv))
		if err != nil {
			t.Fatal(err)
		}
		again, err := surveyjs.Import(b)
		if err != nil {
			t.Fatalf("re-import of an export: %v", err)
		}
		again.Survey.Slug, again.Survey.Teams = sv.Slug, sv.Teams
		survey.NormaliseSurvey(again.Survey)
		if got, want := describe(again.Survey), describe(sv); !slices.Equal(got, want) {
			t.Fatalf("export then import changed the questions:\n got %v\nwant %v", got, want)
		}
	})
}
