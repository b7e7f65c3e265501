package demo

import (
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/themes"
)

// TestBankRisk runs every comment of the bank through the theme engine:
// each risk comment raises a flag, and no comment holds personal data that
// redaction would remove. The detector is built for recall, so a few other
// comments may be flagged too (logged); more than one in ten would make
// the demo's alerts list misleading.
func TestBankRisk(t *testing.T) {
	kinds := map[string]string{kindGood: survey.PromptWhatGood, kindImprove: survey.PromptCouldImprove,
		kindOther: survey.PromptNonspecific, kindRisk: survey.PromptCouldImprove}
	others, flagged := 0, 0
	for kind, cs := range defaultBank {
		for _, c := range cs {
			a := themes.Default().Analyse(themes.Input{Text: c.Text, PromptKind: kinds[kind], FFT: 3})
			switch {
			case kind == kindRisk && !a.Risk.Flag:
				t.Errorf("%q: no risk flag", c.Text)
			case kind != kindRisk:
				others++
				if a.Risk.Flag {
					flagged++
					t.Logf("flagged although not a risk comment: %q", c.Text)
				}
			}
			if len(a.PII) > 0 {
				t.Errorf("%q: personal data found: %v", c.Text, a.PII)
			}
		}
	}
	if flagged*10 > others {
		t.Errorf("%d of %d comments that are not about risk are flagged: want at most one in ten", flagged, others)
	}
}

// TestBankThemes checks that the bank reaches many themes of the framework,
// so that the demo's reports have something to show in most categories.
func TestBankThemes(t *testing.T) {
	subs, majors := map[string]bool{}, map[string]bool{}
	for kind, cs := range defaultBank {
		for _, c := range cs {
			a := themes.Default().Analyse(themes.Input{Text: c.Text, PromptKind: promptOf(kind)})
			for _, th := range a.Themes {
				subs[th] = true
			}
			for _, m := range a.Major {
				majors[m] = true
			}
		}
	}
	if len(subs) < 20 || len(majors) < 8 {
		t.Errorf("the bank reaches %d sub-themes in %d major categories, want at least 20 in 8: %v", len(subs), len(majors), subs)
	}
}

func promptOf(kind string) string {
	for p, k := range promptKinds {
		if k == kind {
			return p
		}
	}
	return survey.PromptCouldImprove
}

func TestParseBank(t *testing.T) {
	for _, tc := range []struct{ name, src string }{
		{"ErrNoBar", "good pos any text"},
		{"ErrKind", "praise pos any | text"},
		{"ErrTone", "good happy any | text"},
		{"ErrRole", "good pos nurse | text"},
		{"ErrEmpty", "good pos any |  "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := parseBank("# head\n\n" + tc.src); err == nil || !strings.Contains(err.Error(), "line 3") {
				t.Errorf("parseBank(%q) = %v, want an error naming line 3", tc.src, err)
			}
		})
	}
	b, err := parseBank("good pos any | Kind staff.\n# x\nrisk neg user | text")
	if err != nil || len(b[kindGood]) != 1 || len(b[kindRisk]) != 1 || b[kindGood][0].Text != "Kind staff." {
		t.Errorf("parseBank = %v, %v", b, err)
	}
}

// FuzzParseBank: any input either parses into entries with a known kind,
// tone and role and non-empty text, or fails naming a line; it never panics.
func FuzzParseBank(f *testing.F) {
	f.Add(commentsTxt)
	f.Add("good pos any | Kind staff.\n# note\n\nrisk neg user | text")
	f.Add("good pos any text")
	f.Fuzz(func(t *testing.T, src string) {
		b, err := parseBank(src)
		if err != nil {
			if !strings.Contains(err.Error(), "comments.txt line ") {
				t.Fatalf("error %q does not name a line", err)
			}
			return
		}
		for kind, cs := range b {
			for _, c := range cs {
				if c.Kind != kind || !validEntry(c.Kind, c.Tone, c.Role) || strings.TrimSpace(c.Text) == "" {
					t.Fatalf("bad entry %+v", c)
				}
			}
		}
	})
}
