package demo

import (
	"math/rand/v2"

	"github.com/chorus-nhs/chorus/survey"
)

// mood is how one made-up respondent felt about the care: it steers every
// answer, so that the Friends and Family Test, the agreement questions and
// the comments tell the same story.
type mood int

const (
	moodPositive mood = iota
	moodNeutral
	moodNegative
)

// answersFor draws one respondent's answers to every question the survey
// shows them, in order, honouring visible_if. positive is the chance of a
// positive experience, carers the chance that the respondent is a carer.
// A risk comment, when given, is the respondent's "could be better" answer.
func answersFor(sv *survey.Survey, rng *rand.Rand, positive, carers float64, risk *comment) map[string]any {
	role := "service_user"
	if rng.Float64() < carers {
		role = "carer"
	}
	if risk != nil && risk.Role != "any" {
		role = roleOf(risk.Role)
	}
	m := moodPositive
	switch u := rng.Float64(); {
	case risk != nil || u >= positive+(1-positive)*0.4:
		m = moodNegative
	case u >= positive:
		m = moodNeutral
	}
	answers := map[string]any{}
	for _, q := range sv.Questions() {
		if !sv.Visible(answers)[q.ID] {
			continue
		}
		if q.ID == "role" {
			answers[q.ID] = role
			continue
		}
		if a, ok := answerOf(q, rng, m, role, risk); ok {
			answers[q.ID] = a
		}
	}
	return answers
}

func roleOf(bankRole string) string {
	if bankRole == "carer" {
		return "carer"
	}
	return "service_user"
}

// answerOf draws the answer to one question, or reports that the
// respondent left it blank.
func answerOf(q *survey.Question, rng *rand.Rand, m mood, role string, risk *comment) (any, bool) {
	if !q.Required && q.Type != survey.TypeLongText && rng.Float64() < 0.08 {
		return nil, false
	}
	switch q.Type {
	case survey.TypeFFT:
		return fftFor(rng, m), true
	case survey.TypeLikert:
		return scaleFor(rng, m, 5), true
	case survey.TypeRating:
		return scaleFor(rng, m, ratingMax(q)), true
	case survey.TypeYesNo:
		return rng.Float64() < [...]float64{0.9, 0.7, 0.4}[m], true
	case survey.TypeSingleChoice:
		return optionFor(q, rng, m), len(q.Options) > 0
	case survey.TypeMultiChoice:
		return optionsFor(q, rng, m), len(q.Options) > 0
	case survey.TypeLongText:
		return commentFor(q, rng, m, role, risk)
	}
	return nil, false // number and short text: left blank in the demo
}

// fftFor draws a Friends and Family Test answer for a mood.
func fftFor(rng *rand.Rand, m mood) string {
	choices := [...][]string{
		{survey.FFTVeryGood, survey.FFTVeryGood, survey.FFTGood},
		{survey.FFTNeither, survey.FFTNeither, survey.FFTDontKnow},
		{survey.FFTPoor, survey.FFTVeryPoor},
	}[m]
	return choices[rng.IntN(len(choices))]
}

// scaleFor draws 1…top, high for a positive mood and low for a negative one.
func scaleFor(rng *rand.Rand, m mood, top int) int {
	mid := (top + 1) / 2
	switch m {
	case moodPositive:
		return top - rng.IntN(max(1, top-mid))
	case moodNeutral:
		return max(1, mid-1+rng.IntN(3))
	}
	return 1 + rng.IntN(max(1, mid-1))
}

// optionFor picks an option: earlier options are more likely in a good
// mood (the demo's choices run from yes to not sure).
func optionFor(q *survey.Question, rng *rand.Rand, m mood) string {
	n := len(q.Options)
	i := rng.IntN(n)
	if m == moodPositive && rng.Float64() < 0.6 {
		i = 0
	}
	return q.Options[i].Value
}

// optionsFor picks one or two options, or only the last one (such as
// "None of these") now and then, more often in a bad mood.
func optionsFor(q *survey.Question, rng *rand.Rand, m mood) []any {
	n := len(q.Options)
	if n == 1 || rng.Float64() < [...]float64{0.05, 0.2, 0.45}[m] {
		return []any{q.Options[n-1].Value}
	}
	i := rng.IntN(n - 1)
	out := []any{q.Options[i].Value}
	if j := rng.IntN(n - 1); j != i && rng.Float64() < 0.5 && (q.MaxSelected == 0 || q.MaxSelected > 1) {
		if j < i {
			out = []any{q.Options[j].Value, q.Options[i].Value}
		} else {
			out = append(out, q.Options[j].Value)
		}
	}
	return out
}

// commentFor draws a comment from the bank for a free-text question, or
// nothing: the chance of writing and the tone follow the mood.
func commentFor(q *survey.Question, rng *rand.Rand, m mood, role string, risk *comment) (any, bool) {
	kind := promptKinds[q.PromptKind]
	if risk != nil && kind == kindImprove {
		return risk.Text, true
	}
	writes := map[string][3]float64{kindGood: {0.6, 0.35, 0.25}, kindImprove: {0.35, 0.5, 0.75}, kindOther: {0.15, 0.15, 0.25}}[kind]
	if rng.Float64() >= writes[m] {
		return nil, false
	}
	tone := toneFor(kind, rng, m)
	var pick []comment
	for _, c := range defaultBank[kind] {
		if c.Tone == tone && (c.Role == "any" || roleOf(c.Role) == role) {
			pick = append(pick, c)
		}
	}
	if len(pick) == 0 {
		return nil, false
	}
	return pick[rng.IntN(len(pick))].Text, true
}

// toneFor chooses the tone of a comment for a mood: praise is positive
// when things went well and mixed otherwise; suggestions are mostly "keep
// going" when things went well and complaints when they did not.
func toneFor(kind string, rng *rand.Rand, m mood) string {
	u := rng.Float64()
	switch {
	case kind == kindGood && m == moodPositive:
		return pick3(u, 0.85, tonePositive, toneMixed, toneMixed)
	case kind == kindGood:
		return toneMixed
	case m == moodPositive:
		return pick3(u, 0.45, tonePositive, toneMixed, toneNegative)
	case m == moodNeutral:
		return pick3(u, 0.5, toneMixed, toneNegative, toneNegative)
	}
	return pick3(u, 0.8, toneNegative, toneMixed, toneMixed)
}

// pick3 returns a when u < p, else b or c by the second half of the rest.
func pick3(u, p float64, a, b, c string) string {
	switch {
	case u < p:
		return a
	case u < p+(1-p)/2:
		return b
	}
	return c
}

// ratingMax is the top of a rating question's scale (5 when unset).
func ratingMax(q *survey.Question) int {
	if q.Max == nil || *q.Max < 2 {
		return 5
	}
	return int(*q.Max)
}
