package themes

import (
	"math"
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
	for _, r := range readRiskFile(t, "testdata/risk_ordinary.txt") {
		seen[strings.ToLower(r.Text)] = true
	}
	for _, r := range append(hold, readRiskFile(t, "testdata/risk_ordinary_holdout.txt")...) {
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

// TestRiskOrdinaryHoldout scores the embedded model on held-out ordinary
// complaints and idioms (never trained or tuned on), lists the ones that
// raise an alert and fails only when many do, to catch a broken model.
func TestRiskOrdinaryHoldout(t *testing.T) {
	rows := readRiskFile(t, "testdata/risk_ordinary_holdout.txt")
	alerts := 0
	for _, r := range rows {
		if got := DetectRisk(r.Text); got.Flag {
			alerts++
			t.Logf("alert on an ordinary comment: %q (score %.3f)", r.Text, got.Score)
		}
	}
	m := EvaluateRisk(defaultRiskModel(), rows)
	t.Logf("held-out ordinary comments: %v", m)
	if len(rows) < 50 || alerts*10 > len(rows) {
		t.Errorf("%d of %d held-out ordinary comments raise an alert; want at most one in ten", alerts, len(rows))
	}
}

// TestRiskRealAlert checks the cap on real clean comments' alerts: at a
// rate of 0.25, one of four real clean comments may score at or above the
// threshold; synthetic and risky rows do not count.
func TestRiskRealAlert(t *testing.T) {
	rows := []RiskExample{{Kind: "-", Real: true}, {Kind: "-", Real: true}, {Kind: "-", Real: true}, {Kind: "-", Real: true},
		{Kind: "-"}, {Kind: "suicide", Real: true}}
	oof := []Risk{{Score: 0.9}, {Score: 0.5}, {Score: 0.1}, {Score: -1}, {Score: 3}, {Score: 2}}
	got := riskRealAlert(rows, oof, 0.25)
	if !(got > 0.5 && got < 0.9) {
		t.Errorf("threshold %v, want just above 0.5", got)
	}
	oof[0] = Risk{Flag: true, Score: 0.9} // a rule alert uses the only allowance
	if got := riskRealAlert(rows, oof, 0.25); !(got > 0.5) {
		t.Errorf("with a rule false alert: threshold %v, want above 0.5", got)
	}
	if got := riskRealAlert(rows, oof, 0); !math.IsInf(float64(got), -1) {
		t.Errorf("rate 0: threshold %v, want -Inf", got)
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
