package themes

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
)

const (
	numThemes    = 32
	numSentiment = 5
	numOut       = numThemes + numSentiment
	modelMagic   = "CHORUS-THEMES\x00"
	modelVersion = 2
)

var labellingNotPossible = func() int {
	for i, s := range SubThemes {
		if s == "Labelling not possible" {
			return i
		}
	}
	panic("themes: framework lacks Labelling not possible")
}()

// Model is a trained theme and sentiment model: one linear scorer per
// sub-theme (one-vs-rest, with its own threshold) and one per sentiment
// class (the highest score wins). It is safe for concurrent use.
type Model struct {
	features FeatureOptions
	vocab
	// w holds numOut weights per feature, feature-major, so that scoring a
	// comment reads one contiguous run per feature it contains.
	w         []float32
	bias      [numOut]float32
	threshold [numThemes]float32
	scale     [numOut]float32 // quantisation step of each output's weights
	// stacked models rescore with a second stage: out[j] = stackBias[j] +
	// sum over k of stack[j][k]*first[k].
	stacked   bool
	stack     [numOut][numOut]float32
	stackBias [numOut]float32
	// fallback makes the best sub-theme fire when none passes its threshold
	// but the best one misses it by at most fallback; 0 turns this off.
	fallback float32
}

// Prediction is the model's output for one comment.
type Prediction struct {
	Labels    []int // sub-theme indexes, ascending
	Sentiment int   // 1–5
}

// isPlaceholder reports whether text is the survey tools' "no answer"
// placeholder (or empty), which the coders always label
// "Labelling not possible".
func isPlaceholder(norm []byte) bool {
	switch string(norm) {
	case " ", " did not answer ", " not answered ", " no answer given ":
		return true
	}
	return false
}

// Parking has a single example in the training file, too few to learn, but
// its vocabulary is unambiguous; a keyword rule adds it.
var parkingWords = [][]byte{[]byte(" parking "), []byte(" car park"), []byte(" carpark")}

var parking = slices.Index(SubThemes, "Parking")

// applyKeywordRules adds the sub-themes that keyword rules find in the
// normalised text to dst[n0:], keeping that part ascending.
func applyKeywordRules(norm []byte, dst []int, n0 int) []int {
	for _, w := range parkingWords {
		if bytes.Contains(norm, w) {
			if i, found := slices.BinarySearch(dst[n0:], parking); !found {
				dst = slices.Insert(dst, n0+i, parking)
			}
			break
		}
	}
	return dst
}

// scores fills out with the raw scores of the comment featurised in s.
func (m *Model) scores(s *scratch, out *[numOut]float32) {
	*out = m.bias
	idx, val := s.idx, s.val[:len(s.idx)]
	// Two features per pass halves the loads and stores of out.
	i := 0
	for ; i+1 < len(idx); i += 2 {
		v1, v2 := val[i], val[i+1]
		r1 := (*[numOut]float32)(m.w[int(idx[i])*numOut:])
		r2 := (*[numOut]float32)(m.w[int(idx[i+1])*numOut:])
		for j := range out {
			out[j] += v1*r1[j] + v2*r2[j]
		}
	}
	if i < len(idx) {
		v := val[i]
		row := (*[numOut]float32)(m.w[int(idx[i])*numOut:])
		for j := range out {
			out[j] += v * row[j]
		}
	}
}

// predict analyses one comment using the buffers in s. Labels are appended
// to dst.
func (m *Model) predict(s *scratch, in Input, dst []int) ([]int, int) {
	m.features.extract(s, in)
	if isPlaceholder(s.norm) {
		return append(dst, labellingNotPossible), 3
	}
	m.features.vectorise(s, &m.vocab)
	var sc [numOut]float32
	m.scores(s, &sc)
	if m.stacked {
		m.applyStack(&sc)
	}
	best, bestMargin := -1, float32(math.Inf(-1))
	n0 := len(dst)
	for j := 0; j < numThemes; j++ {
		margin := sc[j] - m.threshold[j]
		if margin >= 0 {
			dst = append(dst, j)
		}
		if margin > bestMargin {
			best, bestMargin = j, margin
		}
	}
	if len(dst) == n0 && m.fallback > 0 && bestMargin >= -m.fallback {
		dst = append(dst, best)
	}
	dst = applyKeywordRules(s.norm, dst, n0)
	sent := 0
	for c := 1; c < numSentiment; c++ {
		if sc[numThemes+c] > sc[numThemes+sent] {
			sent = c
		}
	}
	return dst, sent + 1
}

// applyStack replaces first-stage scores with second-stage ones.
func (m *Model) applyStack(sc *[numOut]float32) {
	first := *sc
	for j := range sc {
		s := m.stackBias[j]
		for k, a := range m.stack[j] {
			s += float32(a * first[k]) // no FMA: thresholds are tuned on these
		}
		sc[j] = s
	}
}

// Predict returns the sub-themes and sentiment of one comment.
func (m *Model) Predict(in Input) Prediction {
	var s scratch
	labels, sent := m.predict(&s, in, nil)
	return Prediction{Labels: labels, Sentiment: sent}
}

// WriteTo writes the model in its binary form. The same model always gives
// the same bytes. Weights are stored as int16 with one scale per output.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	var buf bytes.Buffer
	le := binary.LittleEndian
	put := func(v any) { _ = binary.Write(&buf, le, v) }
	buf.WriteString(modelMagic)
	put(uint32(modelVersion))
	f := m.features
	put([]int32{int32(f.CharMin), int32(f.CharMax), b2i(f.WordBigrams), b2i(f.KindWords)})
	put(m.fallback)
	put(b2i(m.stacked))
	for j := range m.stack {
		put(m.stack[j][:])
	}
	put(m.stackBias[:])
	put(f.BlockScale[:])
	put(m.bias[:])
	put(m.threshold[:])
	put(uint32(len(m.keys)))
	put(m.keys)
	put(m.idf)
	put(m.scale[:])
	q := make([]int16, len(m.w))
	for i, x := range m.w {
		q[i] = int16(math.Round(float64(x / m.scale[i%numOut])))
	}
	put(q)
	n, err := w.Write(buf.Bytes())
	return int64(n), err
}

func b2i(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

// ReadModel reads a model written by WriteTo.
func ReadModel(r io.Reader) (*Model, error) {
	br := bufio.NewReader(r)
	magic := make([]byte, len(modelMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != modelMagic {
		return nil, errors.New("themes: not a theme model file")
	}
	le := binary.LittleEndian
	var err error
	get := func(v any) {
		if err == nil {
			err = binary.Read(br, le, v)
		}
	}
	var version uint32
	get(&version)
	if err == nil && version != modelVersion {
		return nil, fmt.Errorf("themes: model version %d, want %d", version, modelVersion)
	}
	var flags [4]int32
	get(flags[:])
	m := &Model{}
	m.features.CharMin, m.features.CharMax = int(flags[0]), int(flags[1])
	m.features.WordBigrams, m.features.KindWords = flags[2] == 1, flags[3] == 1
	get(&m.fallback)
	var stacked int32
	get(&stacked)
	m.stacked = stacked == 1
	for j := range m.stack {
		get(m.stack[j][:])
	}
	get(m.stackBias[:])
	get(m.features.BlockScale[:])
	get(m.bias[:])
	get(m.threshold[:])
	var n uint32
	get(&n)
	if err != nil {
		return nil, fmt.Errorf("themes: reading model: %w", err)
	}
	if n > 1<<24 || m.features.CharMax > 16 || m.features.CharMin < 1 {
		return nil, errors.New("themes: model header out of range")
	}
	m.keys = make([]uint64, n)
	m.idf = make([]float32, n)
	get(m.keys)
	get(m.idf)
	get(m.scale[:])
	q := make([]int16, int(n)*numOut)
	get(q)
	if err != nil {
		return nil, fmt.Errorf("themes: reading model: %w", err)
	}
	m.w = make([]float32, len(q))
	for i, x := range q {
		m.w[i] = float32(x) * m.scale[i%numOut]
	}
	for i := 1; i < len(m.keys); i++ {
		if m.keys[i] <= m.keys[i-1] {
			return nil, errors.New("themes: model keys not sorted")
		}
	}
	m.buildIndex()
	return m, nil
}

// quantise rounds the weights to the int16 grid WriteTo stores, so that a
// freshly trained model predicts exactly like one read back from disk.
func (m *Model) quantise() {
	for j := range m.scale {
		m.scale[j] = 0
	}
	for k := range m.keys {
		for j := 0; j < numOut; j++ {
			m.scale[j] = max(m.scale[j], float32(math.Abs(float64(m.w[k*numOut+j]))))
		}
	}
	for j := range m.scale {
		m.scale[j] /= 32767
		if m.scale[j] == 0 {
			m.scale[j] = 1
		}
	}
	for i, x := range m.w {
		m.w[i] = float32(math.Round(float64(x/m.scale[i%numOut]))) * m.scale[i%numOut]
	}
}
