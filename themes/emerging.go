package themes

import (
	"math"
	"slices"
	"strings"
)

// EmergingOptions tunes EmergingTerms. Zero values take the defaults.
type EmergingOptions struct {
	// Limit is the number of terms returned; default 20.
	Limit int
	// MinCount is the least number of uses, both periods together, for a
	// term to be considered; default 5.
	MinCount int
}

// Defaults for EmergingOptions.
const (
	EmergingDefaultLimit    = 20
	EmergingDefaultMinCount = 5
)

// EmergingTerm is a word or two-word phrase whose use rose from the previous
// period to the current one.
type EmergingTerm struct {
	Term string `json:"term"` // lower case; a bigram is two words joined by a space
	// Z is the z-score of the weighted log-odds ratio (current vs previous).
	Z float64 `json:"z"`
	// LogOdds is the weighted log-odds ratio itself.
	LogOdds       float64 `json:"log_odds"`
	CountCurrent  int     `json:"count_current"`
	CountPrevious int     `json:"count_previous"`
}

// EmergingTerms returns the words and phrases whose use rose most from
// previous to current, by the weighted log-odds ratio with an informative
// Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words", eq. 22):
//
//	δ_w = log((y_cw+α_w)/(n_c+α_0−y_cw−α_w)) − log((y_pw+α_w)/(n_p+α_0−y_pw−α_w))
//	σ²_w ≈ 1/(y_cw+α_w) + 1/(y_pw+α_w),   z_w = δ_w/σ_w
//
// where the prior α_w is the term's count in the two periods pooled, and α_0
// the pooled total. Unigrams and bigrams are scored separately (each against
// its own totals) and ranked together. Comments are redacted first and the
// placeholders dropped, so personal data never becomes a term; stop words,
// numbers longer than four digits and single letters are skipped, and a
// bigram never spans punctuation or contains a stop word.
//
// Terms are returned by z descending (ties by term), only those with z > 0
// and at least MinCount uses; call it with the periods swapped for the terms
// whose use fell.
func EmergingTerms(current, previous []string, opts EmergingOptions) []EmergingTerm {
	if opts.Limit <= 0 {
		opts.Limit = EmergingDefaultLimit
	}
	if opts.MinCount <= 0 {
		opts.MinCount = EmergingDefaultMinCount
	}
	var cur, prev emCounts
	cur.count(current)
	prev.count(previous)
	var out []EmergingTerm
	out = emScore(out, cur.uni, prev.uni, cur.nUni, prev.nUni, opts.MinCount)
	out = emScore(out, cur.bi, prev.bi, cur.nBi, prev.nBi, opts.MinCount)
	slices.SortFunc(out, func(a, b EmergingTerm) int {
		if a.Z != b.Z {
			if a.Z > b.Z {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Term, b.Term)
	})
	if len(out) > opts.Limit {
		out = out[:opts.Limit]
	}
	return out
}

// emCounts are the term counts of one period.
type emCounts struct {
	uni, bi   map[string]int
	nUni, nBi int
}

func (c *emCounts) count(comments []string) {
	c.uni, c.bi = map[string]int{}, map[string]int{}
	var toks []piiToken
	for _, text := range comments {
		if strings.EqualFold(strings.TrimSpace(text), "did not answer") {
			continue // the source's placeholder for an empty answer
		}
		red, _ := Redact(text)
		toks = piiTokenize(toks[:0], red)
		prev := ""
		for i := range toks {
			w := emTerm(toks, i)
			if w == "" {
				prev = ""
				continue
			}
			c.uni[w]++
			c.nUni++
			if prev != "" && !toks[i].sent {
				c.bi[prev+" "+w]++
				c.nBi++
			}
			prev = w
		}
	}
}

// emTerm returns the term toks[i] stands for, or "" when it is not a term
// (punctuation, a stop word, a redaction placeholder, a long number).
func emTerm(toks []piiToken, i int) string {
	t := &toks[i]
	if t.kind == piiPunct {
		return ""
	}
	w := t.lower
	if i > 0 && i+1 < len(toks) && toks[i-1].text == "[" && toks[i+1].text == "]" {
		return "" // "[name]", "[phone]"... from Redact, and "[name redacted]"
	}
	if i > 1 && toks[i-2].text == "[" && w == "redacted" {
		return ""
	}
	if emStopWords[w] || len(w) < 2 || strings.Trim(w, "x") == "" {
		return ""
	}
	if t.kind == piiNum && len(w) > 4 {
		return ""
	}
	return w
}

// emScore appends the terms of one n-gram order with their z-scores.
func emScore(out []EmergingTerm, cur, prev map[string]int, nc, np, minCount int) []EmergingTerm {
	pooled := map[string]int{}
	for w, n := range cur {
		pooled[w] += n
	}
	for w, n := range prev {
		pooled[w] += n
	}
	a0 := float64(nc + np)
	for w, a := range pooled {
		if a < minCount {
			continue
		}
		yc, yp, aw := float64(cur[w]), float64(prev[w]), float64(a)
		restC, restP := float64(nc)+a0-yc-aw, float64(np)+a0-yp-aw
		if restC <= 0 || restP <= 0 {
			continue // the only term of its order: nothing to compare it with
		}
		delta := math.Log((yc+aw)/restC) - math.Log((yp+aw)/restP)
		z := delta / math.Sqrt(1/(yc+aw)+1/(yp+aw))
		if z > 0 {
			out = append(out, EmergingTerm{Term: w, Z: z, LogOdds: delta, CountCurrent: cur[w], CountPrevious: prev[w]})
		}
	}
	return out
}

// emStopWords are English function words and survey filler that carry no theme.
var emStopWords = piiSet(`a about above after again against all am an and any are aren't as at be
	because been before being below between both but by can can't cannot could couldn't did didn't
	do does doesn't doing don't down during each few for from further had hadn't has hasn't have
	haven't having he he'd he'll he's her here here's hers herself him himself his how how's i i'd
	i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't my myself no nor
	not of off on once only or other ought our ours ourselves out over own same shan't she she'd
	she'll she's should shouldn't so some such than that that's the their theirs them themselves
	then there there's these they they'd they'll they're they've this those through to too under
	until up very was wasn't we we'd we'll we're we've were weren't what what's when when's where
	where's which while who who's whom why why's with won't would wouldn't you you'd you'll you're
	you've your yours yourself yourselves im ive dont didnt cant wont isnt wasnt doesnt also just
	get got really would could us will one thing things etc ok okay yes lot lots much many even
	still well always every able go going went been being dont thats theres youre
	nothing anything everything something now like`)
