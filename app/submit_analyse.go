package app

import (
	"github.com/chorus-nhs/chorus/metrics"
	"strings"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/themes"
)

// analyseComments runs the theme engine on every long_text answer: themes,
// sentiment, a redacted copy and risk. Neither the personal data it finds
// nor the phrase that raised a risk flag is kept.
func analyseComments(sv *survey.Survey, answers survey.Answers) []store.Comment {
	fft := 0
	for _, q := range sv.Questions() {
		if a, ok := answers[q.ID].(string); ok && q.Type == survey.TypeFFT {
			fft = survey.FFTScore(a)
			break
		}
	}
	var out []store.Comment
	for _, q := range sv.Questions() {
		text, ok := answers[q.ID].(string)
		if q.Type != survey.TypeLongText || !ok || strings.TrimSpace(text) == "" {
			continue
		}
		start := time.Now()
		a := themes.Default().Analyse(themes.Input{Text: text, PromptKind: q.PromptKind, FFT: fft})
		metrics.ThemeEngine(time.Since(start))
		out = append(out, store.Comment{Question: q.ID, PromptKind: q.PromptKind, Themes: a.Themes, Major: a.Major,
			Sentiment: a.Sentiment, Redacted: a.Redacted, RiskFlag: a.Risk.Flag, RiskKind: a.Risk.Kind,
			RiskReview: a.Risk.Level == themes.RiskReview})
	}
	return out
}
