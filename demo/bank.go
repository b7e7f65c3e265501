package demo

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/chorus-nhs/chorus/survey"
)

//go:embed comments.txt
var commentsTxt string

// Kinds of comment in the bank (the first word of a line of comments.txt).
const (
	kindGood    = "good"
	kindImprove = "improve"
	kindOther   = "other"
	kindRisk    = "risk"
)

// Tones of comment in the bank.
const (
	tonePositive = "pos"
	toneNegative = "neg"
	toneMixed    = "mix"
)

// comment is one line of the bank.
type comment struct {
	Kind, Tone, Role, Text string
}

// bank is the parsed comment bank, grouped by kind.
type bank map[string][]comment

// promptKinds maps a long_text prompt kind to the comments it draws from.
var promptKinds = map[string]string{
	survey.PromptWhatGood:     kindGood,
	survey.PromptCouldImprove: kindImprove,
	survey.PromptNonspecific:  kindOther,
}

// parseBank reads the comment bank: "KIND TONE ROLE | text" a line, with
// blank lines and lines starting with # ignored. It names the line of the
// first malformed entry.
func parseBank(src string) (bank, error) {
	b := bank{}
	for i, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		head, text, ok := strings.Cut(line, "|")
		f := strings.Fields(head)
		text = strings.TrimSpace(text)
		if !ok || len(f) != 3 || text == "" || !validEntry(f[0], f[1], f[2]) {
			return nil, fmt.Errorf("comments.txt line %d: want \"KIND TONE ROLE | text\", got %q", i+1, line)
		}
		b[f[0]] = append(b[f[0]], comment{Kind: f[0], Tone: f[1], Role: f[2], Text: text})
	}
	return b, nil
}

func validEntry(kind, tone, role string) bool {
	switch kind {
	case kindGood, kindImprove, kindOther, kindRisk:
	default:
		return false
	}
	switch tone {
	case tonePositive, toneNegative, toneMixed:
	default:
		return false
	}
	return role == "any" || role == "user" || role == "carer"
}

// defaultBank is comments.txt, parsed once; a malformed file fails every
// test of the package at start-up.
var defaultBank = func() bank {
	b, err := parseBank(commentsTxt)
	if err != nil {
		panic(err)
	}
	return b
}()
