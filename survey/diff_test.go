package survey_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/chorus-nhs/chorus/survey"
)

func cloneSurvey(t *testing.T, s *survey.Survey) *survey.Survey {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var c survey.Survey
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return &c
}

func TestDiff(t *testing.T) {
	base := allTypes(t)
	t.Run("Same", func(t *testing.T) {
		if got := survey.Diff(base, cloneSurvey(t, base)); len(got) != 0 {
			t.Fatalf("Diff of equal surveys = %v, want none", got)
		}
	})
	cases := []struct {
		name string
		edit func(s *survey.Survey)
		want []survey.VersionChange
	}{
		{"Wording", func(s *survey.Survey) { s.Sections[0].Questions[1].Label["en"] = "How was it?" },
			[]survey.VersionChange{{Path: "sections[0].questions[1].label.en", Kind: "changed",
				Text: `The wording of the question "fft" in en changed from "Overall, how was your experience of our service?" to "How was it?".`}}},
		{"Required", func(s *survey.Survey) { s.Sections[0].Questions[2].Required = true },
			[]survey.VersionChange{{Path: "sections[0].questions[2].required", Kind: "changed", Text: `The question "listened" is now required.`}}},
		{"RemovedQuestion", func(s *survey.Survey) {
			s.Sections[1].Questions = s.Sections[1].Questions[:2] // drop poor_why
		}, []survey.VersionChange{{Path: "sections[1].questions[2]", Kind: "removed", Text: `The question "` + base.Question("poor_why").Label.In("en") + `" was removed.`}}},
		{"NewOption", func(s *survey.Survey) {
			q := &s.Sections[0].Questions[5]
			q.Options = append(q.Options, survey.Option{Value: "benefits", Label: survey.Label{"en": "Benefits", "cy": "Budd-daliadau"}})
		}, []survey.VersionChange{{Path: "sections[0].questions[5].options", Kind: "added", Text: `The question "helped_with" has a new option "Benefits".`}}},
		{"Condition", func(s *survey.Survey) { s.Sections[2].VisibleIf = nil },
			[]survey.VersionChange{{Path: "sections[2].visible_if", Kind: "changed", Text: `When section "carers" is shown changed: now always shown.`}}},
		{"Team", func(s *survey.Survey) { s.Teams = s.Teams[:1]; s.Keywords = s.Keywords[:1] },
			[]survey.VersionChange{
				{Path: "teams", Kind: "removed", Text: `The team "north-cmht" was removed.`},
				{Path: "keywords", Kind: "removed", Text: `The keyword "river walk → north-cmht" was removed.`},
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := cloneSurvey(t, base)
			tc.edit(b)
			if got := survey.Diff(base, b); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Diff =\n%#v\nwant\n%#v", got, tc.want)
			}
		})
	}
	t.Run("Moved", func(t *testing.T) {
		b := cloneSurvey(t, base)
		qs := b.Sections[0].Questions
		qs[2], qs[3] = qs[3], qs[2]
		got := survey.Diff(base, b)
		if len(got) != 2 || got[0].Text != `The question "safety" moved from sections[0].questions[3] to sections[0].questions[2].` {
			t.Fatalf("Diff = %#v", got)
		}
	})
}
