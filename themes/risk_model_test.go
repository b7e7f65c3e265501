package themes

import (
	"os"
	"strings"
	"testing"
)

func readRiskFile(t *testing.T, name string) []RiskExample {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := ReadRiskExamples(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return rows
}

// TestRiskCorpus checks the training corpus and its held-out split: large,
// every kind present, and no comment in both.
func TestRiskCorpus(t *testing.T) {
	train := readRiskFile(t, "testdata/risk_train.txt")
	hold := readRiskFile(t, "testdata/risk_holdout.txt")
	if len(train) < 1500 {
		t.Errorf("training corpus has %d comments, want >= 1500", len(train))
	}
	kinds := map[string]int{}
	seen := map[string]bool{}
	for _, r := range train {
		kinds[r.Kind]++
		seen[strings.ToLower(r.Text)] = true
	}
	for _, k := range append([]string{"-"}, riskKindOrder...) {
		if kinds[k] < 50 {
			t.Errorf("training corpus has %d comments of kind %s, want >= 50", kinds[k], k)
		}
	}
	for _, r := range hold {
		if seen[strings.ToLower(r.Text)] {
			t.Errorf("held-out comment also in training: %q", r.Text)
		}
	}
}

// TestRiskHoldout scores the embedded model on the held-out phrasings of
// the corpus (never trained or tuned on) and prints the numbers. The floor
// asserted is far below what it scores, to catch a broken model only.
func TestRiskHoldout(t *testing.T) {
	m := EvaluateRisk(defaultRiskModel(), readRiskFile(t, "testdata/risk_holdout.txt"))
	t.Logf("held-out: %v", m)
	if ratio(m.AnyTP, m.Risky) < 0.8 {
		t.Errorf("alerts+review recall %.3f on held-out phrasings; the model is broken", ratio(m.AnyTP, m.Risky))
	}
}

// TestDetectRiskLevels checks the two layers: a rule match is an alert
// with its phrase; a disclosure no rule covers is caught by the model.
func TestDetectRiskLevels(t *testing.T) {
	if r := DetectRisk("I want to kill myself"); !r.Flag || r.Level != RiskAlert || r.Phrase == "" {
		t.Errorf("rule match: %+v, want an alert with its phrase", r)
	}
	if r := DetectRisk("The parking was fine and the nurse was kind."); r.Level != "" {
		t.Errorf("ordinary comment: %+v, want nothing", r)
	}
	review, alert := defaultRiskModel().Thresholds()
	if !(review < alert) {
		t.Errorf("thresholds review %.3f alert %.3f: want a review band below alerts", review, alert)
	}
}

func FuzzReadRiskExamples(f *testing.F) {
	f.Add("suicide\tI want to die\n-\tnice staff\n# c\n\n")
	f.Add("bogus\tx")
	f.Fuzz(func(t *testing.T, in string) {
		rows, err := ReadRiskExamples(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, r := range rows {
			if r.Kind != "-" && riskRank(r.Kind) == len(riskKindOrder) || strings.TrimSpace(r.Text) == "" {
				t.Fatalf("accepted bad row %+v", r)
			}
		}
	})
}
