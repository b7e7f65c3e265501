package survey_test

import (
	"testing"

	"github.com/chorus-nhs/chorus/survey"
)

func TestLanguageName(t *testing.T) {
	for tag, want := range map[string]string{"en": "English", "cy": "Welsh", "pt-BR": "Portuguese (pt-BR)", "xx": "the language xx", "CY": "Welsh"} {
		if got := survey.LanguageName(tag); got != want {
			t.Errorf("LanguageName(%q) = %q, want %q", tag, got, want)
		}
	}
}
