// Package themes turns a free-text comment into what service managers and
// safeguarding leads need: framework themes (multi-label), a 5-point
// sentiment, a redacted copy with personal data removed, and risk flags.
//
// The framework is the NHS patient-experience qualitative framework v7
// (framework.json, MIT, (c) 2021 NHS England). Everything here is pure Go
// with no I/O beyond reading the embedded model.
package themes

// Prompt kinds of a long_text question (the schema's prompt_kind).
const (
	PromptWhatGood     = "what_good"
	PromptCouldImprove = "could_improve"
	PromptNonspecific  = "nonspecific"
)

// Risk kinds reported by DetectRisk.
const (
	RiskSelfHarm          = "self_harm"
	RiskSuicide           = "suicide"
	RiskHarmFromOthers    = "harm_from_others"
	RiskHarmToOthers      = "harm_to_others"
	RiskSafeguardingChild = "safeguarding_child"
)

// Input is one comment with what is known about where it came from.
type Input struct {
	Text string
	// PromptKind is the question's prompt_kind, or "" when unknown.
	PromptKind string
	// FFT is the Friends and Family Test answer given in the same response:
	// 1 very good … 5 very poor, or 0 when unknown / don't know.
	FFT int
}

// PIISpan is a piece of personal data found in a text. Start and End are
// offsets in Unicode code points (runes) of the input text, End exclusive.
type PIISpan struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Kind  string `json:"kind"` // name, phone, email, nhs_number, postcode, date_of_birth, address
}

// Risk is the result of checking a comment for risk (safeguarding) language.
type Risk struct {
	Flag bool `json:"flag"`
	// Kind is one of the Risk* constants when Flag is true, else "".
	Kind string `json:"kind"`
	// Phrase is the text that triggered a rule, else "" (the learned model
	// has no single phrase).
	Phrase string `json:"phrase"`
	// Level is RiskAlert when Flag is true, RiskReview when the comment is
	// uncertain and goes to the staff review list without an alert, else "".
	Level string `json:"level"`
	// Score is the learned model's score (higher is more likely a risk).
	Score float64 `json:"score"`
}

// Analysis is everything Chorus derives from one comment.
type Analysis struct {
	Themes    []string  `json:"themes"`    // sub-theme names exactly as in framework.json
	Major     []string  `json:"major"`     // major categories of Themes, framework order
	Sentiment int       `json:"sentiment"` // 1 very positive … 5 very negative
	Redacted  string    `json:"redacted"`
	PII       []PIISpan `json:"pii"`
	Risk      Risk      `json:"risk"`
}
