package main

import (
	"math"
	"math/rand/v2"
	"strings"
	"unicode/utf8"

	"github.com/chorus-nhs/chorus/survey"
)

// Free-text comments of the load tool: short, NHS-like, made up. None
// holds risk language; a few hold a name or a phone number so that
// redaction has work to do.
var (
	loadPositive = []string{
		"Staff listened to me and took my worries seriously.",
		"My care coordinator always rang back when she said she would.",
		"The nurse explained my medication clearly and answered all my questions.",
		"I felt respected and never rushed in appointments.",
		"The groups helped me meet people going through the same thing.",
		"Reception staff were friendly and kind when I was anxious.",
		"Having the same worker each week made a real difference.",
		"They helped me sort out my housing and benefits forms.",
		"The crisis plan was written with me, not for me.",
		"My mum was included in planning my care, which meant a lot.",
		"Dr Patel was patient and kind with me.",
		"Sarah from the team was brilliant with my son.",
	}
	loadNegative = []string{
		"Waiting times for a first appointment were far too long.",
		"I was passed between teams and had to repeat my story every time.",
		"Appointments were cancelled at short notice with no explanation.",
		"It was hard to get through on the phone, it rang and rang.",
		"I would like more information about side effects of medication.",
		"The waiting room was noisy and there was nowhere private to talk.",
		"Letters arrived after the appointment they were about.",
		"Nobody told my family what was happening with my care.",
		"Parking at the clinic is impossible and the bus does not go there.",
		"I was told someone would call me on 07700 900123 but nobody did.",
		"Please call my partner John Smith on 0161 496 0000 about the carers group.",
	}
	loadShort = []string{"Housing advice", "Help with benefits", "Peer support", "Art group",
		"Getting back to work", "Sleep", "A walking group", "More evening appointments"}
	// loadRisk is used only with --risk-rate: phrases the risk detector
	// must flag, to exercise alerts under load.
	loadRisk = []string{
		"Some days I think about ending my life and I did not know who to call.",
		"I have been self-harming again and could not get an appointment.",
	}
)

// answerGen makes valid, varied answers for one survey version.
type answerGen struct {
	sv       *survey.Survey
	rng      *rand.Rand
	riskRate float64
}

// answers returns answers to the survey: every required visible question
// answered, most optional ones too, hidden ones never.
func (g *answerGen) answers() map[string]any {
	out := map[string]any{}
	fft := ""
	for i := range g.sv.Sections {
		sec := &g.sv.Sections[i]
		if !sec.VisibleIf.Holds(out) {
			continue
		}
		for j := range sec.Questions {
			q := &sec.Questions[j]
			if !q.VisibleIf.Holds(out) || !g.answerIt(q) {
				continue
			}
			out[q.ID] = g.answer(q, fft)
			if q.Type == survey.TypeFFT && fft == "" {
				fft, _ = out[q.ID].(string)
			}
		}
	}
	return out
}

// answerIt decides whether an optional question is answered: people skip
// comment boxes more often than tick boxes.
func (g *answerGen) answerIt(q *survey.Question) bool {
	switch {
	case q.Required:
		return true
	case q.Type == survey.TypeLongText || q.Type == survey.TypeShortText:
		return g.rng.Float64() < 0.6
	}
	return g.rng.Float64() < 0.85
}

// fftWeights roughly follows published NHS mental-health FFT results.
var fftWeights = []int{50, 30, 6, 5, 4, 5}

func (g *answerGen) answer(q *survey.Question, fft string) any {
	switch q.Type {
	case survey.TypeSingleChoice:
		return q.Options[g.rng.IntN(len(q.Options))].Value
	case survey.TypeMultiChoice:
		return g.multi(q)
	case survey.TypeLikert:
		return 1 + g.rng.IntN(5)
	case survey.TypeRating:
		top := 10
		if q.Max != nil && *q.Max >= survey.MinRatingScale && *q.Max <= survey.MaxRatingScale {
			top = int(*q.Max)
		}
		return 1 + g.rng.IntN(top)
	case survey.TypeFFT:
		return survey.FFTAnswers[g.weighted(fftWeights)]
	case survey.TypeYesNo:
		return g.rng.IntN(4) != 0
	case survey.TypeNumber:
		return g.number(q)
	case survey.TypeShortText:
		return clip(loadShort[g.rng.IntN(len(loadShort))], survey.TextLimit(q))
	}
	return clip(g.comment(q.PromptKind, fft), survey.TextLimit(q))
}

func (g *answerGen) weighted(w []int) int {
	total := 0
	for _, x := range w {
		total += x
	}
	n := g.rng.IntN(total)
	for i, x := range w {
		if n < x {
			return i
		}
		n -= x
	}
	return len(w) - 1
}

func (g *answerGen) multi(q *survey.Question) []string {
	most := len(q.Options)
	if q.MaxSelected > 0 && q.MaxSelected < most {
		most = q.MaxSelected
	}
	n := 1 + g.rng.IntN(most)
	var out []string
	for _, i := range g.rng.Perm(len(q.Options))[:n] {
		out = append(out, q.Options[i].Value)
	}
	return out
}

// number picks a value within the question's range (0–100 when it has
// none), whole when asked, else to one decimal place.
func (g *answerGen) number(q *survey.Question) float64 {
	low, high := 0.0, 100.0
	if q.Min != nil {
		low = *q.Min
		if q.Max == nil {
			high = low + 100
		}
	}
	if q.Max != nil {
		high = *q.Max
		if q.Min == nil {
			low = math.Min(0, high-100)
		}
	}
	if q.Integer {
		lo, hi := math.Ceil(low), math.Floor(high)
		return lo + float64(g.rng.IntN(int(hi-lo)+1))
	}
	v := math.Round((low+g.rng.Float64()*(high-low))*10) / 10
	return math.Max(low, math.Min(high, v))
}

// comment picks one or two sentences suited to the prompt and the FFT
// answer: praise for "what was good", complaints for "what could be
// better", a mix otherwise.
func (g *answerGen) comment(kind, fft string) string {
	if g.riskRate > 0 && g.rng.Float64() < g.riskRate {
		return loadRisk[g.rng.IntN(len(loadRisk))]
	}
	pool := loadPositive
	switch {
	case kind == survey.PromptCouldImprove, kind != survey.PromptWhatGood && survey.FFTScore(fft) >= 4:
		pool = loadNegative
	case kind != survey.PromptWhatGood && g.rng.IntN(2) == 0:
		pool = loadNegative
	}
	s := pool[g.rng.IntN(len(pool))]
	if g.rng.IntN(3) == 0 {
		s += " " + pool[g.rng.IntN(len(pool))]
	}
	return s
}

// clip shortens s to at most n characters.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n]))
}
