package survey_test

import (
	"net/url"
	"reflect"
	"testing"

	"github.com/chorus-nhs/chorus/survey"
)

func TestAnswersFromForm(t *testing.T) {
	s := allTypes(t)
	form := url.Values{
		"id":             {"5d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d77"},
		"team":           {"crisis-team"},
		"role":           {"carer"},
		"fft":            {"good"},
		"listened":       {"4"},
		"safety":         {" 10 "},
		"contacts":       {"three"},
		"helped_with":    {"housing", "", "other"},
		"helped_other":   {""},
		"good":           {"Kind staff"},
		"carer_involved": {"no"},
		"carer_how":      {"Ring me"},
	}
	got := s.AnswersFromForm(form)
	want := map[string]any{
		"role": "carer", "fft": "good", "listened": 4.0, "safety": 10.0, "contacts": "three",
		"helped_with": []any{"housing", "other"}, "good": "Kind staff", "carer_involved": false, "carer_how": "Ring me",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %#v\nwant %#v", got, want)
	}
	_, err := survey.ValidateResponse(s, got)
	wantFields(t, err, field("contacts", "Enter a number."))

	for in, want := range map[string]any{"yes": true, "TRUE": true, "false": false, "maybe": "maybe"} {
		got := s.AnswersFromForm(url.Values{"role": {"carer"}, "carer_involved": {in}})
		if got["carer_involved"] != want {
			t.Errorf("carer_involved %q = %#v, want %#v", in, got["carer_involved"], want)
		}
	}
	if got := s.AnswersFromForm(url.Values{"listened": {"NaN"}}); got["listened"] != "NaN" {
		t.Errorf("NaN = %#v, want the string kept", got["listened"])
	}
}

func TestVisibleAnswers(t *testing.T) {
	s := allTypes(t)
	answers := map[string]any{
		"role": "service_user", "fft": "good", "carer_involved": true, "carer_how": "x",
		"helped_with": []any{"housing"}, "helped_other": "stale", "unknown": 1,
	}
	got := s.VisibleAnswers(answers)
	want := map[string]any{"role": "service_user", "fft": "good", "helped_with": []any{"housing"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if _, err := survey.ValidateResponse(s, got); err != nil {
		t.Fatal(err)
	}
}
