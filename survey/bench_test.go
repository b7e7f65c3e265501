package survey_test

import (
	"testing"

	"github.com/chorus-nhs/chorus/survey"
)

// Response validation runs on every submission.
func BenchmarkValidateResponse(b *testing.B) {
	s := allTypes(b)
	answers := decode(b, `{"role": "carer", "fft": "poor", "listened": 4, "safety": 7, "contacts": 3,
		"helped_with": ["other", "medication"], "helped_other": "benefits form", "good": "Staff listened.",
		"poor_why": "Waited weeks.", "carer_involved": false, "carer_how": "Ring me."}`, false)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := survey.ValidateResponse(s, answers); err != nil {
			b.Fatal(err)
		}
	}
}

// Schema checks run when the builder saves a draft.
func BenchmarkCheckSurvey(b *testing.B) {
	s := allTypes(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := survey.CheckSurvey(s); err != nil {
			b.Fatal(err)
		}
	}
}
