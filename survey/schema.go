// Package survey is the domain of Chorus: the co-designed form schema,
// schema checks, response validation, quarters, organisations and teams,
// and reports as values. It does no I/O.
package survey

import (
	"encoding/json"
	"strings"
)

// Question types.
const (
	TypeSingleChoice = "single_choice"
	TypeMultiChoice  = "multi_choice"
	TypeLikert       = "likert"
	TypeFFT          = "fft"
	TypeRating       = "rating"
	TypeYesNo        = "yes_no"
	TypeNumber       = "number"
	TypeShortText    = "short_text"
	TypeLongText     = "long_text"
)

// QuestionTypes lists every question type in schema order.
var QuestionTypes = []string{
	TypeSingleChoice, TypeMultiChoice, TypeLikert, TypeFFT, TypeRating,
	TypeYesNo, TypeNumber, TypeShortText, TypeLongText,
}

// Prompt kinds of a long_text question.
const (
	PromptWhatGood     = "what_good"
	PromptCouldImprove = "could_improve"
	PromptNonspecific  = "nonspecific"
)

// FFT answers (NHS Friends and Family Test), in display order.
const (
	FFTVeryGood = "very_good"
	FFTGood     = "good"
	FFTNeither  = "neither"
	FFTPoor     = "poor"
	FFTVeryPoor = "very_poor"
	FFTDontKnow = "dont_know"
)

// FFTAnswers lists the FFT answers in display order.
var FFTAnswers = []string{FFTVeryGood, FFTGood, FFTNeither, FFTPoor, FFTVeryPoor, FFTDontKnow}

// FFTScore maps an FFT answer to the 1 (very good) … 5 (very poor) scale, or
// 0 for don't know or anything else.
func FFTScore(answer string) int {
	for i, a := range FFTAnswers[:5] {
		if a == answer {
			return i + 1
		}
	}
	return 0
}

// Roles of respondents: the answer to the question with id "role".
const (
	RoleQuestionID  = "role"
	RoleServiceUser = "service_user"
	RoleCarer       = "carer"
	RoleOther       = "other"
)

// Limits of the schema.
const (
	MaxShortText   = 200
	MaxLongText    = 5000
	MaxRatingScale = 10
	MinRatingScale = 2
)

// Label is text in several languages: a map from language tag to text. The
// "en" entry is required.
type Label map[string]string

// In returns the label in lang, falling back to English.
func (l Label) In(lang string) string {
	if s, ok := l[lang]; ok && strings.TrimSpace(s) != "" {
		return s
	}
	return l["en"]
}

// Survey is one version of a survey: the wire shape of
// GET /api/v1/public/surveys/{slug} and what the builder saves.
type Survey struct {
	Slug      string    `json:"slug"`
	Version   int       `json:"version"`
	Title     Label     `json:"title"`
	Intro     Label     `json:"intro,omitempty"`
	Languages []string  `json:"languages"`
	Teams     []TeamRef `json:"teams"`
	Keywords  []Keyword `json:"keywords,omitempty"`
	Sections  []Section `json:"sections"`
}

// TeamRef is a team the survey is offered to, as it appears in the schema.
type TeamRef struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// Keyword is a co-designed word that reaches the survey for one team
// (/k/{keyword}). On the wire it is {"keyword": "...", "team": "..."}; a bare
// string is accepted too and means the survey's first team.
type Keyword struct {
	Keyword string `json:"keyword"`
	Team    string `json:"team,omitempty"`
}

// UnmarshalJSON accepts either an object or a bare string.
func (k *Keyword) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*k = Keyword{Keyword: s}
		return nil
	}
	type plain Keyword
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*k = Keyword(p)
	return nil
}

// Section groups questions; it can be shown only under a condition.
type Section struct {
	ID        string     `json:"id"`
	Title     Label      `json:"title"`
	VisibleIf *Condition `json:"visible_if,omitempty"`
	Questions []Question `json:"questions"`
}

// Question is one question of a survey. Which fields apply depends on Type.
type Question struct {
	ID          string     `json:"id"`
	Type        string     `json:"type"`
	Required    bool       `json:"required,omitempty"`
	Label       Label      `json:"label"`
	EasyRead    Label      `json:"easy_read,omitempty"`
	Hint        Label      `json:"hint,omitempty"`
	Options     []Option   `json:"options,omitempty"`
	MaxSelected int        `json:"max_selected,omitempty"`
	Min         *float64   `json:"min,omitempty"`
	Max         *float64   `json:"max,omitempty"`
	Integer     bool       `json:"integer,omitempty"`
	MaxLength   int        `json:"max_length,omitempty"`
	PromptKind  string     `json:"prompt_kind,omitempty"`
	VisibleIf   *Condition `json:"visible_if,omitempty"`
}

// Option is one choice of a single_choice or multi_choice question.
type Option struct {
	Value    string `json:"value"`
	Label    Label  `json:"label"`
	EasyRead Label  `json:"easy_read,omitempty"`
}

// Condition shows a question or section only when an earlier answer equals a
// value, or is one of several values. Exactly one of Equals and In is set.
type Condition struct {
	Question string `json:"question"`
	Equals   any    `json:"equals,omitempty"`
	In       []any  `json:"in,omitempty"`
}

// Questions returns every question of the survey in order.
func (s *Survey) Questions() []*Question {
	var qs []*Question
	for i := range s.Sections {
		for j := range s.Sections[i].Questions {
			qs = append(qs, &s.Sections[i].Questions[j])
		}
	}
	return qs
}

// Question returns the question with the id, or nil.
func (s *Survey) Question(id string) *Question {
	for _, q := range s.Questions() {
		if q.ID == id {
			return q
		}
	}
	return nil
}

// HasTeam reports whether the survey is offered to the team.
func (s *Survey) HasTeam(slug string) bool {
	for _, t := range s.Teams {
		if t.Slug == slug {
			return true
		}
	}
	return false
}

// TeamFor resolves the team of a response: the given slug, or the only team
// when slug is empty and the survey has exactly one. ok is false otherwise.
func (s *Survey) TeamFor(slug string) (string, bool) {
	if slug == "" {
		if len(s.Teams) == 1 {
			return s.Teams[0].Slug, true
		}
		return "", false
	}
	return slug, s.HasTeam(slug)
}

// Option returns the option with the value, or nil.
func (q *Question) Option(value string) *Option {
	for i := range q.Options {
		if q.Options[i].Value == value {
			return &q.Options[i]
		}
	}
	return nil
}
