package webui

import (
	"net/url"
	"testing"
)

// FuzzParseAnswers posts arbitrary values for every field: parsing must
// never panic, and every question it reports is a question of the survey.
func FuzzParseAnswers(f *testing.F) {
	f.Add("service_user", "good", "4", "yes", "3", "talking", "Leeds\r\nx")
	f.Add("carer", "", "x", "maybe", "1e309", "", "")
	s := testSurvey(f)
	f.Fuzz(func(t *testing.T, role, fft, score, contact, visits, helped, good string) {
		form := url.Values{"a-role": {role}, "a-fft": {fft}, "a-score": {score}, "a-listened": {score},
			"a-contact": {contact}, "a-carer_involved": {contact}, "a-visits": {visits}, "a-helped": {helped, role}, "a-good": {good}}
		got := parseAnswers(s, form)
		for id := range got.Errors {
			if s.Question(id) == nil {
				t.Errorf("error for unknown question %q", id)
			}
		}
		for id := range got.Answers {
			if s.Question(id) == nil {
				t.Errorf("answer for unknown question %q", id)
			}
			if _, bad := got.Errors[id]; bad {
				t.Errorf("question %q has both an answer and an error", id)
			}
		}
	})
}
