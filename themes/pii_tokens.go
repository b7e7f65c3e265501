package themes

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token kinds for PII and risk scanning.
const (
	piiWord  = iota // letters, possibly with inner ' or -
	piiNum          // digits only
	piiAlnum        // letters and digits mixed ("50mg", "NG7", "12a")
	piiPunct        // one other non-space rune
)

// piiToken is a word, number or punctuation mark of a text, with byte offsets.
type piiToken struct {
	s, e  int
	text  string
	lower string
	kind  int
	cap   bool // first rune is upper case
	upper bool // every letter is upper case and there are at least two
	sent  bool // first token of a sentence or line
	space bool // white space before it
}

// piiSentenceEnds are punctuation tokens after which a new sentence starts.
const piiSentenceEnds = ".!?:;([\"“”•*…"

// piiTokenize splits text into tokens. It appends to dst to reuse memory.
func piiTokenize(dst []piiToken, text string) []piiToken {
	sent, space := true, false
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n' || r == '\r':
			sent, space = true, true
			i += n
			continue
		case unicode.IsSpace(r):
			space = true
			i += n
			continue
		}
		t := piiToken{s: i, sent: sent, space: space}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			t.e = piiScanWord(text, i)
		} else {
			t.e = i + n
		}
		t.text = text[t.s:t.e]
		piiClassify(&t, r)
		dst = append(dst, t)
		sent = t.kind == piiPunct && strings.ContainsRune(piiSentenceEnds, r)
		// A dash or bullet at the start of a line keeps the sentence start.
		if t.kind == piiPunct && (r == '-' || r == '–') && t.sent {
			sent = true
		}
		space = false
		i = t.e
	}
	return dst
}

// piiScanWord returns the end of the word starting at i: letters and digits,
// with single inner apostrophes or hyphens between letters.
func piiScanWord(text string, i int) int {
	prevLetter := false
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			prevLetter = unicode.IsLetter(r)
			i += n
			continue
		case (r == '\'' || r == '’' || r == '-') && prevLetter:
			r2, _ := utf8.DecodeRuneInString(text[i+n:])
			if unicode.IsLetter(r2) {
				i += n
				continue
			}
		}
		break
	}
	return i
}

func piiClassify(t *piiToken, first rune) {
	if t.e-t.s == utf8.RuneLen(first) && !unicode.IsLetter(first) && !unicode.IsDigit(first) {
		t.kind = piiPunct
		t.lower = t.text
		return
	}
	letters, digits, uppers := 0, 0, 0
	ascii := true
	for _, r := range t.text {
		switch {
		case r >= utf8.RuneSelf:
			ascii = false
			if unicode.IsLetter(r) {
				letters++
				if unicode.IsUpper(r) {
					uppers++
				}
			}
		case r >= '0' && r <= '9':
			digits++
		case r >= 'A' && r <= 'Z':
			letters++
			uppers++
		case r >= 'a' && r <= 'z':
			letters++
		}
	}
	switch {
	case letters == 0:
		t.kind = piiNum
	case digits == 0:
		t.kind = piiWord
	default:
		t.kind = piiAlnum
	}
	t.cap = unicode.IsUpper(first)
	t.upper = uppers >= 2 && uppers == letters
	t.lower = t.text
	if uppers > 0 {
		t.lower = strings.ToLower(t.text)
	}
	if !ascii && strings.ContainsRune(t.lower, '’') {
		t.lower = strings.ReplaceAll(t.lower, "’", "'") // one apostrophe for look-ups
	}
}
