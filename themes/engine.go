package themes

import (
	"bytes"
	"embed"
	"sync"
)

//go:generate go run ./gen -data testdata/feedback-train.csv -out data/default.model

// data holds the default model, trained on testdata/feedback-train.csv by
// `go generate ./themes/`.
//
//go:embed data
var data embed.FS

// Engine analyses comments with one model. It is safe for concurrent use.
type Engine struct {
	model *Model
	pool  sync.Pool
}

// NewEngine returns an engine that uses m.
func NewEngine(m *Model) *Engine {
	e := &Engine{model: m}
	e.pool.New = func() any { return new(scratch) }
	return e
}

// Model returns the engine's model.
func (e *Engine) Model() *Model { return e.model }

var defaultEngine = sync.OnceValue(func() *Engine {
	b, err := data.ReadFile("data/default.model")
	if err != nil {
		panic("themes: the embedded default model is missing; run go generate ./themes/: " + err.Error())
	}
	m, err := ReadModel(bytes.NewReader(b))
	if err != nil {
		panic("themes: the embedded default model is unreadable; run go generate ./themes/: " + err.Error())
	}
	return NewEngine(m)
})

// Default returns the engine with the embedded default model, loading it
// on first use.
func Default() *Engine { return defaultEngine() }

// Analyse returns the themes, sentiment, redacted text, personal data and
// risk of one comment. Themes, Major and PII are never nil.
func (e *Engine) Analyse(in Input) Analysis {
	s := e.pool.Get().(*scratch)
	var labels [numThemes]int
	got, sent := e.model.predict(s, in, labels[:0])
	e.pool.Put(s)
	a := Analysis{Themes: make([]string, len(got)), Major: []string{}, Sentiment: sent}
	for i, l := range got {
		a.Themes[i] = SubThemes[l]
	}
	for _, mj := range majors(got) {
		a.Major = append(a.Major, MajorCategories[mj])
	}
	a.Redacted, a.PII = Redact(in.Text)
	if a.PII == nil {
		a.PII = []PIISpan{}
	}
	a.Risk = DetectRisk(in.Text)
	return a
}

// Predict returns the sub-themes and sentiment of one comment, without
// redaction and risk.
func (e *Engine) Predict(in Input) Prediction {
	s := e.pool.Get().(*scratch)
	labels, sent := e.model.predict(s, in, nil)
	e.pool.Put(s)
	return Prediction{Labels: labels, Sentiment: sent}
}
