package webui

import (
	"encoding/json"
	"net/url"
	"os"
	"reflect"
	"testing"

	"github.com/chorus-nhs/chorus/survey"
)

func testSurvey(t testing.TB) *survey.Survey {
	t.Helper()
	b, err := os.ReadFile("testdata/survey.json")
	if err != nil {
		t.Fatal(err)
	}
	var s survey.Survey
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	survey.NormaliseSurvey(&s)
	return &s
}

// TestParseAnswers checks how posted form values become typed answers: the
// same types the JSON API receives.
func TestParseAnswers(t *testing.T) {
	s := testSurvey(t)
	base := url.Values{"a-role": {"service_user"}, "a-fft": {"good"}}
	tests := []struct {
		name       string
		form       url.Values
		wantAnswer map[string]any
		wantErrors map[string]string
	}{
		{"OK", url.Values{"a-listened": {"4"}, "a-score": {"10"}, "a-contact": {"no"}, "a-visits": {" 1 2 "}, "a-helped": {"talking", "", "food"}, "a-town": {"  Leeds "}, "a-good": {"Line one\r\nLine two"}},
			map[string]any{"role": "service_user", "fft": "good", "listened": 4.0, "score": 10.0, "contact": false, "visits": 12.0,
				"helped": []any{"talking", "food"}, "town": "Leeds", "good": "Line one\nLine two"}, map[string]string{}},
		{"BlankIsUnanswered", url.Values{"a-town": {"   "}, "a-visits": {""}},
			map[string]any{"role": "service_user", "fft": "good"}, map[string]string{}},
		{"HiddenAnswersDropped", url.Values{"a-carer_involved": {"yes"}},
			map[string]any{"role": "service_user", "fft": "good"}, map[string]string{}},
		{"ShownRequiredMissing", url.Values{"a-role": {"carer"}},
			map[string]any{"role": "carer", "fft": "good"}, map[string]string{"carer_involved": "err_choose"}},
		{"ErrNumber", url.Values{"a-visits": {"three"}},
			map[string]any{"role": "service_user", "fft": "good"}, map[string]string{"visits": "err_number"}},
		{"ErrChoice", url.Values{"a-contact": {"maybe"}, "a-listened": {"lots"}},
			map[string]any{"role": "service_user", "fft": "good"}, map[string]string{"contact": "err_choose", "listened": "err_choose"}},
		{"ErrRequired", url.Values{"a-role": {""}, "a-fft": {""}},
			map[string]any{}, map[string]string{"role": "err_choose", "fft": "err_choose"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := url.Values{}
			for k, v := range base {
				form[k] = v
			}
			for k, v := range tt.form {
				form[k] = v
			}
			got := parseAnswers(s, form)
			if !reflect.DeepEqual(got.Answers, tt.wantAnswer) {
				t.Errorf("answers: got %#v, want %#v", got.Answers, tt.wantAnswer)
			}
			if !reflect.DeepEqual(got.Errors, tt.wantErrors) {
				t.Errorf("errors: got %v, want %v", got.Errors, tt.wantErrors)
			}
			if len(got.Errors) == 0 {
				if _, err := survey.ValidateResponse(s, got.Answers); err != nil {
					t.Errorf("the survey package rejects the parsed answers: %v", err)
				}
			}
		})
	}
}

func TestNormalizeKeyword(t *testing.T) {
	for in, want := range map[string]string{"Blue Bell": "bluebell", "BLUE-BELL": "bluebell", " blue_bell\t": "bluebell", "blue+bell": "bluebell", "Café Ñ": "caféñ", "": ""} {
		if got := NormalizeKeyword(in); got != want {
			t.Errorf("NormalizeKeyword(%q): got %q, want %q", in, got, want)
		}
	}
}

func TestAcceptLanguage(t *testing.T) {
	langs := []string{"en", "cy", "ar"}
	for header, want := range map[string]string{"": "en", "cy-GB,cy;q=0.9": "cy", "fr-FR, ar;q=0.5, en;q=0.1": "ar", "de": "en", "AR-EG": "ar"} {
		if got := acceptLanguage(header, langs, "en"); got != want {
			t.Errorf("acceptLanguage(%q): got %q, want %q", header, got, want)
		}
	}
}
