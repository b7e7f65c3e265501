package survey_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/chorus-nhs/chorus/survey"
)

func TestConditionHolds(t *testing.T) {
	tests := []struct {
		name    string
		cond    survey.Condition
		answers map[string]any
		want    bool
	}{
		{"EqualsString", survey.Condition{Question: "role", Equals: "carer"}, map[string]any{"role": "carer"}, true},
		{"EqualsStringOther", survey.Condition{Question: "role", Equals: "carer"}, map[string]any{"role": "service_user"}, false},
		{"EqualsMissing", survey.Condition{Question: "role", Equals: "carer"}, map[string]any{}, false},
		{"EqualsNil", survey.Condition{Question: "role", Equals: "carer"}, map[string]any{"role": nil}, false},
		{"NilAnswers", survey.Condition{Question: "role", Equals: "carer"}, nil, false},
		{"In", survey.Condition{Question: "fft", In: []any{"poor", "very_poor"}}, map[string]any{"fft": "very_poor"}, true},
		{"InNot", survey.Condition{Question: "fft", In: []any{"poor", "very_poor"}}, map[string]any{"fft": "good"}, false},
		{"BoolFalse", survey.Condition{Question: "ok", Equals: false}, map[string]any{"ok": false}, true},
		{"BoolTrueVsFalse", survey.Condition{Question: "ok", Equals: false}, map[string]any{"ok": true}, false},
		{"BoolVsString", survey.Condition{Question: "ok", Equals: true}, map[string]any{"ok": "true"}, true},
		{"BoolVsNumber", survey.Condition{Question: "ok", Equals: true}, map[string]any{"ok": 1}, false},
		{"IntVsFloat", survey.Condition{Question: "n", Equals: float64(3)}, map[string]any{"n": 3}, true},
		{"JSONNumberVsFloat", survey.Condition{Question: "n", Equals: float64(3)}, map[string]any{"n": json.Number("3.0")}, true},
		{"Int64VsJSONNumber", survey.Condition{Question: "n", In: []any{json.Number("2"), json.Number("4")}}, map[string]any{"n": int64(4)}, true},
		{"FormStringVsNumber", survey.Condition{Question: "n", Equals: float64(4)}, map[string]any{"n": "4"}, true},
		{"NumberVsString", survey.Condition{Question: "n", Equals: "4"}, map[string]any{"n": 4}, false},
		{"NumberDiffers", survey.Condition{Question: "n", Equals: 4}, map[string]any{"n": 4.5}, false},
		{"MultiStrings", survey.Condition{Question: "m", Equals: "other"}, map[string]any{"m": []string{"housing", "other"}}, true},
		{"MultiAny", survey.Condition{Question: "m", In: []any{"other", "talking"}}, map[string]any{"m": []any{"talking"}}, true},
		{"MultiNone", survey.Condition{Question: "m", Equals: "other"}, map[string]any{"m": []any{"housing"}}, false},
		{"MultiEmpty", survey.Condition{Question: "m", Equals: "other"}, map[string]any{"m": []string{}}, false},
		{"NamedSlice", survey.Condition{Question: "m", Equals: "other"}, map[string]any{"m": namedSlice{"other"}}, true},
		{"MapAnswer", survey.Condition{Question: "m", Equals: "other"}, map[string]any{"m": map[string]any{"other": true}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cond.Holds(tt.answers); got != tt.want {
				t.Errorf("Holds = %v, want %v", got, tt.want)
			}
		})
	}
	var nilCond *survey.Condition
	if !nilCond.Holds(nil) {
		t.Error("a nil condition must hold")
	}
}

// namedSlice stands for slice types such as bson.A that a store hands back.
type namedSlice []any

func TestSurveyVisible(t *testing.T) {
	s := allTypes(t)
	all := func(over map[string]bool) map[string]bool {
		m := map[string]bool{}
		for _, q := range s.Questions() {
			m[q.ID] = q.VisibleIf == nil
		}
		m["carer_involved"], m["carer_how"] = false, false
		for k, v := range over {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name    string
		answers map[string]any
		want    map[string]bool
	}{
		{"Nothing", nil, all(nil)},
		{"MultiChoiceCondition", map[string]any{"helped_with": []any{"housing", "other"}}, all(map[string]bool{"helped_other": true})},
		{"InCondition", map[string]any{"fft": "poor"}, all(map[string]bool{"poor_why": true})},
		{"SectionShown", map[string]any{"role": "carer"}, all(map[string]bool{"carer_involved": true})},
		{"ChainShown", map[string]any{"role": "carer", "carer_involved": false}, all(map[string]bool{"carer_involved": true, "carer_how": true})},
		{"ChainSectionHidden", map[string]any{"role": "service_user", "carer_involved": false}, all(nil)},
		{"ChainConditionFalse", map[string]any{"role": "carer", "carer_involved": true}, all(map[string]bool{"carer_involved": true})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.Visible(tt.answers); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
		})
	}
}

// A question whose condition refers to a hidden question is hidden even
// when the hidden question's stale answer would meet the condition.
func TestSurveyVisibleChainedQuestions(t *testing.T) {
	s := &survey.Survey{Sections: []survey.Section{{ID: "s", Questions: []survey.Question{
		{ID: "a", Type: survey.TypeYesNo},
		{ID: "b", Type: survey.TypeYesNo, VisibleIf: &survey.Condition{Question: "a", Equals: true}},
		{ID: "c", Type: survey.TypeYesNo, VisibleIf: &survey.Condition{Question: "b", Equals: true}},
		{ID: "d", Type: survey.TypeYesNo, VisibleIf: &survey.Condition{Question: "later", Equals: true}},
		{ID: "later", Type: survey.TypeYesNo},
	}}}}
	got := s.Visible(map[string]any{"a": false, "b": true, "later": true})
	want := map[string]bool{"a": true, "b": false, "c": false, "d": false, "later": true}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	got = s.Visible(map[string]any{"a": true, "b": true})
	want = map[string]bool{"a": true, "b": true, "c": true, "d": false, "later": true}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestSurveySectionsVisible(t *testing.T) {
	s := allTypes(t)
	want := map[string]bool{"about": true, "your_say": true, "carers": false}
	if got := s.SectionsVisible(map[string]any{"role": "service_user"}); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	want["carers"] = true
	if got := s.SectionsVisible(map[string]any{"role": "carer"}); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
