package themes

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"io"
	"sync"
)

//go:generate go run ./gen -risk testdata/risk_train.txt,testdata/risk_eval.txt,testdata/risk_ordinary.txt,testdata/feedback-train.csv -out data/risk.model

// Risk levels.
const (
	// RiskAlert raises an alert to the team's safeguarding contact at once.
	RiskAlert = "alert"
	// RiskReview puts the comment on the staff review list: the detector is
	// unsure, so a person reads it, but nobody is notified.
	RiskReview = "review"
)

// DetectRisk checks a comment for risk (safeguarding) language: suicidal
// thoughts or plans, self-harm and overdose, harm from others, harm to
// others, and a child at risk, including indirect and third-person
// disclosures and warning signs seen by carers.
//
// Two layers decide. The hand-written rules (risk_rules.go) are a
// high-precision layer: when one matches, the comment is an alert. A linear
// SVM over word and character n-grams, with the rules' result as features,
// trained on testdata/risk_train.txt, testdata/risk_eval.txt, the ordinary
// complaints of testdata/risk_ordinary.txt and the real comments of
// testdata/feedback-train.csv (the embedded data/risk.model), scores every
// comment: above its alert threshold (capped so that at most 0.1% of real
// clean comments raise an alert out of fold) the comment is an alert,
// between the review and alert thresholds it is for review. Flag is true
// for alerts only.
func DetectRisk(text string) Risk {
	return defaultRiskModel().Detect(text)
}

// RiskModel is the learned risk detector. It is safe for concurrent use.
type RiskModel struct {
	file riskModelFile
	voc  vocab
	pool sync.Pool
}

// riskModelFile is what data/risk.model holds (gob).
type riskModelFile struct {
	Version  int
	Features FeatureOptions
	Keys     []uint64
	IDF      []float32
	W        []float32 // risk vs not
	Bias     float32
	KindW    [][]float32 // one-vs-rest among risky comments, riskKindOrder
	KindBias []float32
	Alert    float32 // score at or above which a comment is an alert
	Review   float32 // score at or above which it is for review
}

const riskModelVersion = 1

// riskFeatureOptions featurise a comment for the risk model: word unigrams
// and bigrams and character 3–5-grams, each block L2-normalised, and the
// rules' result in the meta block.
func riskFeatureOptions() FeatureOptions {
	return FeatureOptions{CharMin: 3, CharMax: 5, WordBigrams: true, BlockScale: [numBlocks]float32{1, 1, 0, 0.6}}
}

// riskExtract appends the hashed features of text to s.hashes and returns
// the rules' result.
func riskExtract(s *scratch, o *FeatureOptions, text string) Risk {
	o.extract(s, Input{Text: text})
	rule := detectRiskRules(text)
	if rule.Flag {
		s.hashes = append(s.hashes, tag(mix64(0xb1<<8), blockMeta), tag(mix64(0xb2<<8|uint64(riskRank(rule.Kind))), blockMeta))
	}
	return rule
}

// Detect scores one comment.
func (m *RiskModel) Detect(text string) Risk {
	s := m.pool.Get().(*scratch)
	defer m.pool.Put(s)
	rule := riskExtract(s, &m.file.Features, text)
	m.file.Features.vectorise(s, &m.voc)
	score := riskDot(s.idx, s.val, m.file.W, m.file.Bias)
	r := Risk{Score: float64(score)}
	switch {
	case rule.Flag:
		r.Flag, r.Level, r.Kind, r.Phrase = true, RiskAlert, rule.Kind, rule.Phrase
	case score >= m.file.Alert:
		r.Flag, r.Level, r.Kind = true, RiskAlert, m.kind(s)
	case score >= m.file.Review:
		r.Level, r.Kind = RiskReview, m.kind(s)
	}
	return r
}

// kind returns the most likely kind of a risky comment.
func (m *RiskModel) kind(s *scratch) string {
	best, bestScore := 0, float32(0)
	for k := range m.file.KindW {
		if sc := riskDot(s.idx, s.val, m.file.KindW[k], m.file.KindBias[k]); k == 0 || sc > bestScore {
			best, bestScore = k, sc
		}
	}
	return riskKindOrder[best]
}

func riskDot(idx []int32, val []float32, w []float32, bias float32) float32 {
	s := bias
	for i, k := range idx {
		s += float32(w[k] * val[i])
	}
	return s
}

// WriteTo writes the model in the format ReadRiskModel reads.
func (m *RiskModel) WriteTo(w io.Writer) (int64, error) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&m.file); err != nil {
		return 0, fmt.Errorf("themes: write risk model: %w", err)
	}
	n, err := w.Write(buf.Bytes())
	return int64(n), err
}

// ReadRiskModel reads a model written by WriteTo.
func ReadRiskModel(r io.Reader) (*RiskModel, error) {
	var f riskModelFile
	if err := gob.NewDecoder(r).Decode(&f); err != nil {
		return nil, fmt.Errorf("themes: read risk model: %w", err)
	}
	if f.Version != riskModelVersion || len(f.Keys) != len(f.IDF) || len(f.W) != len(f.Keys) || len(f.KindW) != len(riskKindOrder) {
		return nil, fmt.Errorf("themes: read risk model: unsupported or inconsistent model (version %d)", f.Version)
	}
	return newRiskModel(f), nil
}

func newRiskModel(f riskModelFile) *RiskModel {
	m := &RiskModel{file: f, voc: vocab{keys: f.Keys, idf: f.IDF}}
	m.voc.buildIndex()
	m.pool.New = func() any { return new(scratch) }
	return m
}

// Thresholds returns the review and alert thresholds.
func (m *RiskModel) Thresholds() (review, alert float64) {
	return float64(m.file.Review), float64(m.file.Alert)
}

var defaultRiskModel = sync.OnceValue(func() *RiskModel {
	b, err := data.ReadFile("data/risk.model")
	if err != nil {
		panic("themes: the embedded risk model is missing; run go generate ./themes/: " + err.Error())
	}
	m, err := ReadRiskModel(bytes.NewReader(b))
	if err != nil {
		panic("themes: the embedded risk model is unreadable; run go generate ./themes/: " + err.Error())
	}
	return m
})
