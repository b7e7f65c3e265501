package themes

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// PII kinds reported in PIISpan.Kind; the redacted text shows "[kind]".
const (
	PIIName        = "name"
	PIIPhone       = "phone"
	PIIEmail       = "email"
	PIINHSNumber   = "nhs_number"
	PIIPostcode    = "postcode"
	PIIDateOfBirth = "date_of_birth"
	PIIAddress     = "address"
)

// piiRaw is a span found by a detector, in byte offsets of the text.
type piiRaw struct {
	s, e int
	kind string
}

// piiScratch is reusable memory for one Redact call.
type piiScratch struct {
	toks  []piiToken
	spans []piiRaw
}

var piiScratchPool = sync.Pool{New: func() any { return new(piiScratch) }}

// Redact finds personal data in text and returns the text with each piece
// replaced by its kind in brackets ("[name]", "[phone]"...), and the spans
// found, in Unicode code points of text, sorted and non-overlapping.
//
// It finds people's names, UK phone numbers, e-mail addresses, NHS numbers
// (modulus-11 checked), postcodes, dates of birth and street addresses, and
// leaves alone look-alikes such as "A&E", "111", public helplines, ward
// numbers, team names, drug doses, times and places. The rules are in
// docs/redaction-and-risk.md.
func Redact(text string) (redacted string, spans []PIISpan) {
	sc := piiScratchPool.Get().(*piiScratch)
	defer piiScratchPool.Put(sc)
	raw := piiDetect(sc, text)
	spans = make([]PIISpan, 0, len(raw))
	if len(raw) == 0 {
		return text, spans
	}
	var b strings.Builder
	b.Grow(len(text))
	prev, runes := 0, 0
	for _, r := range raw {
		runes += utf8.RuneCountInString(text[prev:r.s])
		start := runes
		runes += utf8.RuneCountInString(text[r.s:r.e])
		spans = append(spans, PIISpan{Start: start, End: runes, Kind: r.kind})
		b.WriteString(text[prev:r.s])
		b.WriteByte('[')
		b.WriteString(r.kind)
		b.WriteByte(']')
		prev = r.e
	}
	b.WriteString(text[prev:])
	return b.String(), spans
}

// piiDetect runs every detector and returns sorted, non-overlapping spans.
func piiDetect(sc *piiScratch, text string) []piiRaw {
	sc.spans = sc.spans[:0]
	sc.spans = piiFindEmails(sc.spans, text)
	sc.spans = piiFindNumbers(sc.spans, text)
	sc.toks = piiTokenize(sc.toks[:0], text)
	sc.spans = piiFindTokenPII(sc.spans, sc.toks)
	sc.spans = piiFindExtra(sc.spans, sc.toks)
	sc.spans = piiResolve(sc.spans)
	sc.spans = piiFindNames(sc.spans, sc.toks)
	return piiResolve(sc.spans)
}

// piiResolve sorts spans and drops any that overlap an earlier, longer one.
func piiResolve(spans []piiRaw) []piiRaw {
	slices.SortStableFunc(spans, func(a, b piiRaw) int {
		if a.s != b.s {
			return a.s - b.s
		}
		return (b.e - b.s) - (a.e - a.s)
	})
	out := spans[:0]
	for _, sp := range spans {
		if sp.e <= sp.s {
			continue
		}
		if n := len(out); n > 0 && sp.s < out[n-1].e {
			continue
		}
		out = append(out, sp)
	}
	return out
}

// piiCursor answers "does [s, e) overlap a span?" for increasing s over
// sorted, non-overlapping spans, in amortised constant time.
type piiCursor struct {
	spans []piiRaw
	k     int
}

// coveredBefore is covered for a range before the cursor's position, without
// moving it.
func (c *piiCursor) coveredBefore(s, e int) bool {
	for k := c.k; k >= 0; k-- {
		if k < len(c.spans) && c.spans[k].s < e && s < c.spans[k].e {
			return true
		}
		if k < len(c.spans) && c.spans[k].e <= s {
			return false
		}
	}
	return false
}

func (c *piiCursor) covered(s, e int) bool {
	for c.k < len(c.spans) && c.spans[c.k].e <= s {
		c.k++
	}
	return c.k < len(c.spans) && c.spans[c.k].s < e
}
