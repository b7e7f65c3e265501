package themes

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

type riskCase struct {
	kind, text string // kind "-" when not a risk
}

func riskLoadEval(tb testing.TB) []riskCase {
	tb.Helper()
	f, err := os.Open("testdata/risk_eval.txt")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var cases []riskCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kind, text, ok := strings.Cut(line, "\t")
		if !ok {
			tb.Fatalf("bad line %q", line)
		}
		cases = append(cases, riskCase{kind, text})
	}
	return cases
}

// TestDetectRiskEval measures recall and precision of the flag on the
// labelled set, and how often the kind is right.
func TestDetectRiskEval(t *testing.T) {
	cases := riskLoadEval(t)
	var tp, fp, fn, kindOK int
	for _, c := range cases {
		got := DetectRisk(c.text)
		switch {
		case c.kind != "-" && got.Flag:
			tp++
			if got.Kind == c.kind {
				kindOK++
			} else {
				t.Logf("kind %s, want %s: %q (%q)", got.Kind, c.kind, c.text, got.Phrase)
			}
		case c.kind != "-":
			fn++
			t.Logf("missed %s: %q", c.kind, c.text)
		case got.Flag:
			fp++
			t.Logf("false alarm %s on %q (%q)", got.Kind, c.text, got.Phrase)
		}
	}
	recall := float64(tp) / float64(tp+fn)
	precision := float64(tp) / float64(tp+fp)
	t.Logf("cases %d: recall %.3f (%d/%d), precision %.3f (%d/%d), kind right %d/%d",
		len(cases), recall, tp, tp+fn, precision, tp, tp+fp, kindOK, tp)
	if len(cases) < 150 {
		t.Errorf("evaluation set has %d cases, want >= 150", len(cases))
	}
	if recall < 0.95 || precision < 0.80 {
		t.Errorf("recall %.3f precision %.3f, want >= 0.95 and >= 0.80", recall, precision)
	}
}

func TestDetectRisk(t *testing.T) {
	tests := []struct {
		in         string
		kind       string // "" when not flagged
		wantPhrase string
	}{
		{"I don't want to be here anymore", RiskSuicide, "don't want to be here anymore"},
		{"Everyone would be better off without me.", RiskSuicide, "better off without"},
		{"honestly i could kms", RiskSuicide, "kms"},
		{"I tried to end my life in the spring", RiskSuicide, "tried to end my"},
		{"staff helped me when I was suicidal", RiskSuicide, "suicidal"},
		{"I am not suicidal", "", ""},
		{"I'm not suicidal anymore", RiskSuicide, "suicidal"},
		{"my son is self harming", RiskSelfHarm, "self harming"},
		{"i od'd last week", RiskSelfHarm, "od'd"},
		{"My partner hits me", RiskHarmFromOthers, "partner hits me"},
		{"I have thoughts of harming my baby", RiskSafeguardingChild, "thoughts of harming my baby"},
		{"I want to hurt someone", RiskHarmToOthers, "I want to hurt someone"},
		{"this queue is killing me", "", ""},
		{"I'd kill for a decent night's sleep", "", ""},
		{"dying to know", "", ""},
		{"there was a poster about suicide awareness week", "", ""},
		{"the suicide prevention leaflet", "", ""},
		{"I fell and hurt myself", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		got := DetectRisk(tt.in)
		if got.Flag != (tt.kind != "") || got.Kind != tt.kind || got.Phrase != tt.wantPhrase {
			t.Errorf("DetectRisk(%q) = %+v, want kind %q phrase %q", tt.in, got, tt.kind, tt.wantPhrase)
		}
	}
}

// TestDetectRiskPhraseIsText checks that the phrase is the text as written.
func TestDetectRiskPhraseIsText(t *testing.T) {
	in := "Honestly I Just Want To  DIE, nobody rings"
	got := DetectRisk(in)
	if got.Phrase != "Want To  DIE" || !strings.Contains(in, got.Phrase) {
		t.Errorf("phrase = %q", got.Phrase)
	}
}

func TestRiskLexiconCompiles(t *testing.T) {
	rx := riskCompiled()
	if len(rx.byWord) == 0 || len(rx.byPrefix) == 0 {
		t.Fatalf("empty index: %d words, %d prefix rules", len(rx.byWord), len(rx.byPrefix))
	}
	for _, spec := range riskRuleSpecs {
		if riskRank(spec.kind) == len(riskKindOrder) {
			t.Errorf("rule %q has unknown kind %q", spec.pattern, spec.kind)
		}
	}
}

func FuzzDetectRisk(f *testing.F) {
	for _, s := range []string{"I want to kill myself", "self harm", "kms", "my partner hits me",
		"suicide awareness", "\xff\xfe", "I don't want to be here any", "thoughts of harming my"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := DetectRisk(in)
		if got.Flag != (got.Kind != "") || got.Flag != (got.Phrase != "") {
			t.Fatalf("inconsistent %+v", got)
		}
		if got.Flag && !strings.Contains(in, got.Phrase) {
			t.Fatalf("phrase %q not in text", got.Phrase)
		}
	})
}

var riskBenchComment = "I was seen on the ward after waiting 3 hours in A&E. The nurse was kind but I still " +
	"feel like nobody listens and the crisis line never answers when I ring at night. Thanks."

func BenchmarkDetectRisk(b *testing.B) {
	DetectRisk(riskBenchComment)
	b.SetBytes(int64(len(riskBenchComment)))
	b.ReportAllocs()
	for b.Loop() {
		DetectRisk(riskBenchComment)
	}
}
