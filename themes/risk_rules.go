package themes

import (
	"strings"
	"sync"
)

// detectRiskRules checks a comment against the hand-written rules: suicidal
// thoughts or plans, self-harm and overdose, harm from others (domestic
// abuse, assault), harm to others, and a child at risk. It is built for
// recall: past disclosures ("I tried to end my life in the spring") and
// third-party disclosures ("my son is self harming") are flagged, while
// idioms ("this queue is killing me") and informational mentions ("a poster
// about suicide awareness week") are not. The lexicon and rules are in
// risk_lexicon.go and docs/redaction-and-risk.md.
//
// When several rules match, the most serious kind wins, in the order
// suicide, self_harm, safeguarding_child, harm_to_others, harm_from_others.
// The rules are the high-precision layer of DetectRisk (risk_model.go) and
// one of its model's features.
func detectRiskRules(text string) Risk {
	rx := riskCompiled()
	sc := piiScratchPool.Get().(*piiScratch)
	defer piiScratchPool.Put(sc)
	sc.toks = piiTokenize(sc.toks[:0], text)
	m := riskMatcher{toks: sc.toks, text: text, bestRank: len(riskKindOrder)}
	for i := range m.toks {
		if m.toks[i].kind == piiPunct {
			continue
		}
		w := m.toks[i].lower
		for _, r := range rx.byWord[w] {
			m.try(r, i)
		}
		if len(w) == 0 || !rx.prefixFirst[w[0]] {
			continue
		}
		for _, r := range rx.byPrefix {
			for _, p := range r.slots[0].prefixes {
				if strings.HasPrefix(w, p) {
					m.try(r, i)
					break
				}
			}
		}
	}
	return m.best
}

// riskMatcher keeps the most serious match found so far in one text.
type riskMatcher struct {
	toks     []piiToken
	text     string
	best     Risk
	bestRank int
}

// try matches rule r at toks[i] and keeps it if it is more serious.
func (m *riskMatcher) try(r *riskRule, i int) {
	best := riskRank(r.kind)
	if r.childObject {
		best = min(best, riskRank(RiskSafeguardingChild))
	}
	if best >= m.bestRank {
		return // cannot beat what was found
	}
	end, ok := r.match(m.toks, i, 0)
	if !ok || r.excluded(m.toks, i, end) {
		return
	}
	kind := r.kind
	if r.childObject && riskChildAfter(m.toks, i, end) {
		kind = RiskSafeguardingChild
	}
	if rank := riskRank(kind); rank < m.bestRank {
		m.best = Risk{Flag: true, Kind: kind, Phrase: m.text[m.toks[i].s:m.toks[end-1].e]}
		m.bestRank = rank
	}
}

// riskKindOrder ranks kinds, most serious first.
var riskKindOrder = []string{RiskSuicide, RiskSelfHarm, RiskSafeguardingChild, RiskHarmToOthers, RiskHarmFromOthers}

func riskRank(kind string) int {
	for i, k := range riskKindOrder {
		if k == kind {
			return i
		}
	}
	return len(riskKindOrder)
}

// riskSlot is one position of a rule: a set of words and word prefixes, or
// a gap of up to gap arbitrary words.
type riskSlot struct {
	words     map[string]bool
	prefixes  []string
	gap       int
	optional  bool
	minNumber int  // "#N": a number of at least N
	any       bool // "_": any word
}

func (s *riskSlot) accepts(t *piiToken) bool {
	w := t.lower
	if s.words[w] || s.any && t.kind != piiPunct {
		return true
	}
	if s.minNumber > 0 && t.kind == piiNum && len(w) <= 3 {
		n := 0
		for k := 0; k < len(w); k++ {
			n = n*10 + int(w[k]-'0')
		}
		return n >= s.minNumber
	}
	for _, p := range s.prefixes {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// riskRule is a phrase pattern of one risk kind with its exclusions.
type riskRule struct {
	kind  string
	slots []riskSlot
	// negatable rules do not fire after "not", "never"... unless the
	// sentence goes on to say it is past ("not suicidal anymore").
	negatable bool
	// info rules do not fire on informational mentions ("suicide awareness").
	info bool
	// notNext are words that, right after the match, make it an idiom.
	notNext map[string]bool
	// notPrev are words that, in the match or up to five words before it in
	// the same sentence, rule it out: "I fell and hurt myself".
	notPrev map[string]bool
	// childObject rules become safeguarding_child when their object is a child.
	childObject bool
}

// match matches slots[k:] against toks[i:] and returns the end token index.
func (r *riskRule) match(toks []piiToken, i, k int) (int, bool) {
	if k == len(r.slots) {
		return i, true
	}
	s := &r.slots[k]
	if s.gap > 0 {
		for g := 0; g <= s.gap; g++ {
			if g > 0 {
				if i+g-1 >= len(toks) || riskBreak(&toks[i+g-1]) {
					break
				}
			}
			if end, ok := r.match(toks, i+g, k+1); ok {
				return end, true
			}
		}
		return 0, false
	}
	if i < len(toks) && (toks[i].kind != piiPunct || s.words[toks[i].text]) && s.accepts(&toks[i]) {
		if end, ok := r.match(toks, i+1, k+1); ok {
			return end, true
		}
	}
	if s.optional {
		return r.match(toks, i, k+1)
	}
	return 0, false
}

// riskBreak reports whether a match may not run forward onto t: a sentence
// end, or the first word of a new sentence or line.
func riskBreak(t *piiToken) bool {
	return t.sent || riskEnd(t)
}

// riskEnd reports whether t ends a sentence.
func riskEnd(t *piiToken) bool {
	return t.kind == piiPunct && strings.ContainsAny(t.text, ".!?;")
}

// riskBefore calls f on up to n tokens before toks[s] in the same sentence,
// nearest first, until f returns true; it reports whether f did.
func riskBefore(toks []piiToken, s, n int, f func(t *piiToken) bool) bool {
	for k := s - 1; k >= 0 && k >= s-n; k-- {
		if riskEnd(&toks[k]) {
			return false
		}
		if f(&toks[k]) {
			return true
		}
		if toks[k].sent {
			return false
		}
	}
	return false
}

// excluded applies a rule's informational, negation and idiom exclusions to
// the match toks[s:e].
func (r *riskRule) excluded(toks []piiToken, s, e int) bool {
	next := ""
	if e < len(toks) {
		next = toks[e].lower
	}
	if r.notNext[next] {
		return true
	}
	if last := r.slots[len(r.slots)-1]; last.any && r.notNext[toks[e-1].lower] {
		return true // "_" object: "hurt my flatmate" but not "hurt my back"
	}
	if len(r.notPrev) > 0 {
		if riskBefore(toks, s, 5, func(t *piiToken) bool { return r.notPrev[t.lower] }) {
			return true
		}
		for k := s; k < e; k++ {
			if r.notPrev[toks[k].lower] {
				return true
			}
		}
	}
	if r.info && riskInformational(toks, s, e) {
		return true
	}
	return r.negatable && riskNegated(toks, s, e)
}

// riskInformational reports whether the match toks[s:e] is a mention of a
// topic rather than a disclosure: "suicide awareness week", "the self-harm
// leaflet", "a talk about suicide".
func riskInformational(toks []piiToken, s, e int) bool {
	if e < len(toks) && riskInfoNext[toks[e].lower] {
		return true
	}
	w := func(k int) string {
		if k >= 0 && k < len(toks) {
			return toks[k].lower
		}
		return ""
	}
	if riskInfoLink[w(s-1)] && (riskInfoNouns[w(s-2)] || riskInfoNouns[w(s-3)] && riskInfoNext[w(s-2)]) {
		return true
	}
	return riskInfoNouns[w(s-1)] && riskInfoLink[w(s-2)] // "on the suicide prevention..."
}

// riskNegated reports whether the match toks[s:e] is negated ("I am not
// suicidal", "never self harmed") and not followed by a sign that it was so
// in the past ("not suicidal anymore", "haven't self harmed for a year").
func riskNegated(toks []piiToken, s, e int) bool {
	// Negation reaches back five words, but not across "but", "and", ",".
	negated := false
	for k := s - 1; k >= 0 && k >= s-5; k-- {
		t := &toks[k]
		if riskEnd(t) || riskScopeBreaks[t.lower] {
			break
		}
		if t.lower == "longer" {
			return false // "no longer suicidal"
		}
		if riskNegations[t.lower] {
			negated = true
		}
		if t.sent {
			break
		}
	}
	pastOrDenied := false
	for k := e; k < len(toks) && k < e+8 && !riskBreak(&toks[k]); k++ {
		w := toks[k].lower
		if k < e+5 && riskPastMarkers[w] {
			return false
		}
		if (w == "said" || w == "answered" || w == "say") && k+1 < len(toks) && toks[k+1].lower == "no" {
			pastOrDenied = true // "asked if I had thoughts of harming myself and I said no"
		}
	}
	return negated || pastOrDenied
}

// riskScopeBreaks end the reach of a negation: "I don't know why but I want to die".
var riskScopeBreaks = piiSet(`but and because so though although yet , – - if when`)

// riskChildAfter reports whether the match toks[s:e] ends with, or is
// followed by, a child: "harming my baby", "hits the kids".
func riskChildAfter(toks []piiToken, s, e int) bool {
	for k := e - 1; k < len(toks) && k <= e+1; k++ {
		if k > s && riskChildren[toks[k].lower] {
			return true
		}
	}
	return false
}

// riskIndex is the compiled rule set, indexed by the first slot's words.
type riskIndex struct {
	byWord   map[string][]*riskRule
	byPrefix []*riskRule
	// prefixFirst marks the first bytes of prefix patterns, to skip most
	// words without trying every prefix.
	prefixFirst [256]bool
}

var (
	riskOnce    sync.Once
	riskIndexed riskIndex
)

func riskCompiled() *riskIndex {
	riskOnce.Do(func() {
		riskIndexed.byWord = map[string][]*riskRule{}
		for _, spec := range riskRuleSpecs {
			r := riskCompile(spec)
			for w := range r.slots[0].words {
				riskIndexed.byWord[w] = append(riskIndexed.byWord[w], r)
			}
			if len(r.slots[0].prefixes) > 0 {
				riskIndexed.byPrefix = append(riskIndexed.byPrefix, r)
			}
			for _, p := range r.slots[0].prefixes {
				riskIndexed.prefixFirst[p[0]] = true
			}
		}
	})
	return &riskIndexed
}

// riskSpec is a rule in source form. Pattern slots are separated by spaces;
// alternatives in a slot by "|"; "word*" matches a prefix; "@name" is a
// word set from riskSets; "_" is any word; "#N" a number of at least N;
// "~N" skips up to N words; a trailing "?" makes a slot optional.
type riskSpec struct {
	kind, pattern string
	flags         string // "n" negatable, "i" informational, "c" child object
	notNext       string
	notPrev       string
}

func riskCompile(spec riskSpec) *riskRule {
	r := &riskRule{
		kind:        spec.kind,
		negatable:   strings.Contains(spec.flags, "n"),
		info:        strings.Contains(spec.flags, "i"),
		childObject: strings.Contains(spec.flags, "c"),
		notNext:     piiSet(spec.notNext),
		notPrev:     piiSet(spec.notPrev),
	}
	for _, f := range strings.Fields(spec.pattern) {
		var s riskSlot
		if f[0] == '~' {
			s.gap = int(f[1] - '0')
			r.slots = append(r.slots, s)
			continue
		}
		if strings.HasSuffix(f, "?") {
			s.optional = true
			f = strings.TrimSuffix(f, "?")
		}
		s.words = map[string]bool{}
		for _, alt := range strings.Split(f, "|") {
			switch {
			case strings.HasPrefix(alt, "@"):
				set, ok := riskSets[alt[1:]]
				if !ok {
					panic("themes: unknown risk word set " + alt)
				}
				for w := range set {
					s.words[w] = true
				}
			case alt == "_":
				s.any = true
			case strings.HasPrefix(alt, "#") && len(alt) > 1:
				n := 0
				for _, c := range alt[1:] {
					n = n*10 + int(c-'0')
				}
				s.minNumber = n
			case strings.HasSuffix(alt, "*"):
				s.prefixes = append(s.prefixes, strings.TrimSuffix(alt, "*"))
			default:
				s.words[alt] = true
			}
		}
		r.slots = append(r.slots, s)
	}
	if len(r.slots) == 0 || r.slots[0].gap > 0 || r.slots[0].optional {
		panic("themes: risk pattern must start with words: " + spec.pattern)
	}
	return r
}
