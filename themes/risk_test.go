package themes

import (
	"bufio"
	"encoding/csv"
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
		{"I want to hurt my partner. I want to hurt my baby.", RiskSafeguardingChild, "I want to hurt my baby"},
		{"My partner hits me. I have been self harming.", RiskSelfHarm, "self harming"},
		{"I want to hurt someone", RiskHarmToOthers, "I want to hurt someone"},
		{"this queue is killing me", "", ""},
		{"I'd kill for a decent night's sleep", "", ""},
		{"dying to know", "", ""},
		{"there was a poster about suicide awareness week", "", ""},
		{"the suicide prevention leaflet", "", ""},
		{"I fell and hurt myself", "", ""},
		{"I don’t want to be here anymore", RiskSuicide, "don’t want to be here anymore"},
		{"I’m not suicidal", "", ""},
		{"MY PARTNER HITS ME", RiskHarmFromOthers, "PARTNER HITS ME"},
		{"", "", ""},
	}
	for _, tt := range tests {
		got := DetectRisk(tt.in)
		// Clean cases must not raise an alert; the learned model may still
		// put one on the review list, where a person reads it.
		if tt.kind == "" && got.Flag || tt.kind != "" && (!got.Flag || got.Kind != tt.kind || got.Phrase != tt.wantPhrase) {
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
		if got.Flag != (got.Level == RiskAlert) || (got.Level != "") != (got.Kind != "") || got.Phrase != "" && !got.Flag ||
			got.Level != "" && got.Level != RiskAlert && got.Level != RiskReview {
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

// riskRealDisclosures are the training comments that disclose risk, found by
// reading every comment that DetectRisk flags and every comment that
// mentions suicide, self-harm, overdose, abuse, violence, dying or harm.
var riskRealDisclosures = map[string]string{
	"NHFT 1027 - Q1": "sent home after an OD",
	"NHFT 1856 - Q1": "no longer had suicidal thoughts",
	"NHFT 1834 - Q2": "life is pointless … keeping me alive",
	"NHFT 49 - Q1":   "my child, who has self harm history, wanted to die",
	"NHFT 476 - Q1":  "I want to end my life every single day",
	"NHFT 1217 - Q1": "still having suicidal thoughts every single day",
	"NHFT 1891 - Q1": "did cut myself … scars on forearm and throat",
	"NHFT 1899 - Q1": "I was suicidal and got left to deal with it alone",
	"NHFT 1645 - Q1": "three situations of violence towards me",
	"NHFT 803 - Q1":  "if I get to the point of ending my life",
	"NHFT 694 - Q2":  "if it wasn't for staff I wouldn't be here now",
	"NHFT 1383 - Q2": "when struggling or harming yourself, staff make sure I am safe",
	"NHFT 455 - Q1":  "the trauma and abuse I have to address",
	"NHFT 1914 - Q1": "a psychiatrist from domestic and childhood abuse",
	"NHFT 1701 - Q1": "a safeguarding complaint: abuse, neglect from tissue viability and district nurse",
	"NHFT 1443 - Q2": "when a patient tried to attack me, staff intervened",
}

// riskRealEitherWay are real comments where a flag is defensible either way.
var riskRealEitherWay = map[string]bool{
	"NHFT 1986 - Q2": true, // "Would drive you to suicide or madness."
}

// TestDetectRiskRealComments checks DetectRisk on the 5,124 real training
// comments: every disclosure is flagged and nothing else is.
func TestDetectRiskRealComments(t *testing.T) {
	f, err := os.Open("testdata/feedback-train.csv")
	if err != nil {
		f, err = os.Open("../../shared/data/feedback-train.csv")
	}
	if err != nil {
		t.Fatalf("training comments: %v", err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	flagged := 0
	for _, rec := range recs[1:] {
		id, got := rec[0], DetectRisk(rec[7])
		_, disclosure := riskRealDisclosures[id]
		switch {
		case got.Flag:
			flagged++
			if !disclosure && !riskRealEitherWay[id] {
				t.Errorf("false alarm on %s: %+v", id, got)
			}
		case disclosure:
			t.Errorf("missed %s (%s)", id, riskRealDisclosures[id])
		}
	}
	t.Logf("flagged %d of %d real comments", flagged, len(recs)-1)
}

// BenchmarkRedactAndRiskCorpus runs Redact and DetectRisk over every real
// training comment; ns/op is per comment.
func BenchmarkRedactAndRiskCorpus(b *testing.B) {
	clean, named := piiRealComments(b)
	comments := append(clean, named...)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		text := comments[i%len(comments)]
		Redact(text)
		DetectRisk(text)
		i++
	}
}
