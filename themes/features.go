package themes

import (
	"math"
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// Features are hashed to 64 bits; the low two bits say which block a
// feature belongs to, because each block is weighted and normalised apart.
const (
	blockWord  = 0 // word unigrams and bigrams
	blockChar  = 1 // character 3–5-grams across the normalised text
	blockKind  = 2 // word unigrams conjoined with the prompt kind
	blockMeta  = 3 // prompt kind, FFT score, length: fixed value, no idf
	numBlocks  = 4
	blockMask  = 3
	fnvOffset  = 14695981039346656037
	fnvPrime   = 1099511628211
	seedWord   = 0x9e3779b97f4a7c15
	seedBigram = 0xbf58476d1ce4e5b9
)

// FeatureOptions control how a comment becomes a feature vector. They are
// stored in the model so that prediction featurises exactly like training.
type FeatureOptions struct {
	CharMin, CharMax int                // character n-gram lengths, e.g. 3 and 5
	WordBigrams      bool               // add word bigrams
	KindWords        bool               // add word unigrams conjoined with the prompt kind
	BlockScale       [numBlocks]float32 // weight of each L2-normalised block
}

// DefaultFeatureOptions are the options chosen by cross-validation (see
// docs/themes.md).
func DefaultFeatureOptions() FeatureOptions {
	return FeatureOptions{CharMin: 3, CharMax: 5, WordBigrams: true, KindWords: true,
		BlockScale: [numBlocks]float32{1, 1, 0.5, 0.3}}
}

func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func tag(h uint64, block int) uint64 { return h&^blockMask | uint64(block) }

// normalise lower-cases text, drops apostrophes and turns every run of
// other non-alphanumeric characters into one space, with a space at each
// end. It appends to dst and returns it.
func normalise(dst []byte, text string) []byte {
	dst = append(dst[:0], ' ')
	for _, r := range text {
		switch {
		case r < utf8.RuneSelf:
			c := byte(r)
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
				dst = append(dst, c)
			case c >= 'A' && c <= 'Z':
				dst = append(dst, c+'a'-'A')
			case c == '\'':
			default:
				if dst[len(dst)-1] != ' ' {
					dst = append(dst, ' ')
				}
			}
		case r == '\u2019' || r == '\u2018':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		default:
			if dst[len(dst)-1] != ' ' {
				dst = append(dst, ' ')
			}
		}
	}
	if dst[len(dst)-1] != ' ' {
		dst = append(dst, ' ')
	}
	return dst
}

// scratch holds the buffers used to featurise one comment, so that the hot
// path does not allocate.
type scratch struct {
	norm   []byte
	hashes []uint64
	pos    []int32 // per vocabulary entry: 1 + its place in idx, or 0
	count  []int32
	idx    []int32
	val    []float32
}

var kindSeeds = map[string]uint64{PromptWhatGood: 0x51, PromptCouldImprove: 0x52, PromptNonspecific: 0x53}

// extract appends the hashed features of in to s.hashes (with repeats) and
// returns the normalised text's word count.
func (o *FeatureOptions) extract(s *scratch, in Input) int {
	s.norm = normalise(s.norm, in.Text)
	b := s.norm
	h := s.hashes[:0]
	// Character n-grams.
	for i := 0; i < len(b); i++ {
		x := uint64(fnvOffset)
		for n := 1; n <= o.CharMax && i+n <= len(b); n++ {
			x ^= uint64(b[i+n-1])
			x *= fnvPrime
			if n >= o.CharMin {
				h = append(h, tag(mix64(x+uint64(n)), blockChar))
			}
		}
	}
	// Words.
	kseed, hasKind := kindSeeds[in.PromptKind]
	words := 0
	var prev uint64
	start := 1
	for i := 1; i < len(b); i++ {
		if b[i] != ' ' {
			continue
		}
		if i > start {
			x := uint64(fnvOffset)
			for _, c := range b[start:i] {
				x ^= uint64(c)
				x *= fnvPrime
			}
			w := mix64(x ^ seedWord)
			h = append(h, tag(w, blockWord))
			if o.WordBigrams && words > 0 {
				h = append(h, tag(mix64(prev*31+w^seedBigram), blockWord))
			}
			if o.KindWords && hasKind {
				h = append(h, tag(mix64(w^kseed), blockKind))
			}
			prev = w
			words++
		}
		start = i + 1
	}
	// Meta features: prompt kind, FFT, kind x FFT, length bucket.
	kind := uint64(0)
	if hasKind {
		kind = kseed
	}
	fft := uint64(in.FFT)
	h = append(h,
		tag(mix64(0xa1<<8|kind), blockMeta),
		tag(mix64(0xa2<<8|fft), blockMeta),
		tag(mix64(0xa3<<16|kind<<8|fft), blockMeta),
		tag(mix64(0xa4<<8|uint64(lengthBucket(words))), blockMeta),
		tag(mix64(0xa5<<16|kind<<8|uint64(lengthBucket(words))), blockMeta),
	)
	s.hashes = h
	return words
}

func lengthBucket(words int) int {
	for i, limit := range [...]int{0, 1, 2, 3, 5, 10, 20, 50} {
		if words <= limit {
			return i
		}
	}
	return 8
}

// vocab maps feature hashes to dense indexes with an idf weight each.
type vocab struct {
	keys []uint64 // ascending
	idf  []float32
	// slots is an open-addressing hash table from feature hash to index
	// into keys (-1: empty), probed linearly from the top bits of the
	// (already mixed) hash. The hash is stored in the slot so that a lookup
	// touches one cache line; this is much faster than a Go map here.
	slots []slot
	shift uint
}

type slot struct {
	hash uint64
	k    int32
}

func (v *vocab) buildIndex() {
	size := 16
	for size < 2*len(v.keys) {
		size *= 2
	}
	v.slots = make([]slot, size)
	for i := range v.slots {
		v.slots[i].k = -1
	}
	v.shift = uint(64 - bits.TrailingZeros(uint(size)))
	mask := uint64(size - 1)
	for i, h := range v.keys {
		p := h >> v.shift
		for v.slots[p].k >= 0 {
			p = (p + 1) & mask
		}
		v.slots[p] = slot{h, int32(i)}
	}
}

// lookup returns the index of hash h, or -1 when it is not in the vocabulary.
func (v *vocab) lookup(h uint64) int32 {
	mask := uint64(len(v.slots) - 1)
	for p := h >> v.shift; ; p = (p + 1) & mask {
		s := &v.slots[p]
		if s.k < 0 || s.hash == h {
			return s.k
		}
	}
}

// tfWeight is the sublinear term frequency 1+ln(n).
func tfWeight(n int) float32 {
	if n < len(tfTable) {
		return tfTable[n]
	}
	return 1 + float32(math.Log(float64(n)))
}

var tfTable = func() (t [32]float32) {
	for n := 1; n < len(t); n++ {
		t[n] = 1 + float32(math.Log(float64(n)))
	}
	return t
}()

// vectorise turns s.hashes into a sparse vector in s.idx/s.val: sublinear
// tf times idf, L2-normalised per block and scaled by the block's weight.
// Hashes not in the vocabulary are dropped.
func (o *FeatureOptions) vectorise(s *scratch, v *vocab) {
	// Count each known feature once, in order of first occurrence; pos
	// remembers where a feature went and is cleared again afterwards.
	if len(s.pos) < len(v.keys) {
		s.pos = make([]int32, len(v.keys))
	}
	idx, count := s.idx[:0], s.count[:0]
	for _, h := range s.hashes {
		k := v.lookup(h)
		if k < 0 {
			continue
		}
		if p := s.pos[k]; p > 0 {
			count[p-1]++
			continue
		}
		idx = append(idx, k)
		count = append(count, 1)
		s.pos[k] = int32(len(idx))
	}
	val := s.val[:0]
	var norm [numBlocks]float64
	for i, k := range idx {
		s.pos[k] = 0
		blk := v.keys[k] & blockMask
		x := float32(1)
		if blk != blockMeta {
			x = tfWeight(int(count[i])) * v.idf[k]
			norm[blk] += float64(float64(x) * float64(x))
		}
		val = append(val, x)
	}
	s.count = count
	var scale [numBlocks]float32
	for b := range scale {
		scale[b] = o.BlockScale[b]
		if b != blockMeta && norm[b] > 0 {
			scale[b] = float32(float64(o.BlockScale[b]) / math.Sqrt(norm[b]))
		}
	}
	for i, k := range idx {
		val[i] *= scale[v.keys[k]&blockMask]
	}
	s.idx, s.val = idx, val
}
