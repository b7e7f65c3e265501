package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"strings"

	"github.com/chorus-nhs/chorus/themes"
)

// runRisk trains the risk model on the corpus files and writes it to out;
// with cv it prints cross-validated and held-out numbers instead.
func runRisk(files []string, out string, cv bool, realRate float64) error {
	var rows []themes.RiskExample
	for _, name := range files {
		if strings.HasSuffix(name, ".csv") {
			r, err := readFeedbackAsRisk(name)
			if err != nil {
				return err
			}
			rows = append(rows, r...)
			continue
		}
		r, err := readRisk(name)
		if err != nil {
			return err
		}
		rows = append(rows, r...)
	}
	opts := themes.DefaultRiskTrainOptions()
	if realRate >= 0 {
		opts.RealFalseAlertRate = realRate
	}
	if cv {
		got, err := themes.CrossValidateRiskRows(rows, 5, opts)
		if err != nil {
			return err
		}
		printCV(rows, got)
		model, err := themes.TrainRisk(rows, opts)
		if err != nil {
			return err
		}
		for _, name := range riskHoldouts {
			hold, err := readRisk(name)
			if err != nil {
				return err
			}
			fmt.Printf("held out (%s, %d comments): %v\n", name, len(hold), themes.EvaluateRisk(model, hold))
		}
		review, alert := model.Thresholds()
		fmt.Printf("thresholds: review %.3f, alert %.3f\n", review, alert)
		return nil
	}
	m, err := themes.TrainRisk(rows, opts)
	if err != nil {
		return err
	}
	return writeModel(m, out)
}

// riskHoldouts are never trained on: the corpus's held-out phrasings and
// held-out ordinary complaints.
var riskHoldouts = []string{"testdata/risk_holdout.txt", "testdata/risk_ordinary_holdout.txt"}

// printCV prints the cross-validated numbers on every row and on the real
// comments alone, and lists the real clean comments that raised an alert.
func printCV(rows []themes.RiskExample, got []themes.Risk) {
	var all, real themes.RiskMetrics
	var falseAlerts []string
	for i, r := range rows {
		all.Add(r, got[i])
		if !r.Real {
			continue
		}
		real.Add(r, got[i])
		if got[i].Flag && !r.Risky() {
			falseAlerts = append(falseAlerts, fmt.Sprintf("  %.3f %q", got[i].Score, r.Text))
		}
	}
	fmt.Printf("5-fold cross-validation on %d training comments: %v\n", len(rows), all)
	fmt.Printf("  of which the %d real comments: %v\n", real.Risky+real.Clean, real)
	fmt.Printf("  real clean comments that raised an alert out of fold:\n%s\n", strings.Join(falseAlerts, "\n"))
}

func readRisk(name string) ([]themes.RiskExample, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := themes.ReadRiskExamples(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return rows, nil
}

// realDisclosures are the comments of testdata/feedback-train.csv that
// disclose a risk, found by reading every comment the rules or an early
// model flagged (themes/risk_test.go keeps the same list). Every other real
// comment is a clean example: real feedback is what the detector meets.
var realDisclosures = map[string]string{
	"NHFT 1027 - Q1": "self_harm", "NHFT 1856 - Q1": "suicide", "NHFT 1834 - Q2": "suicide",
	"NHFT 49 - Q1": "suicide", "NHFT 476 - Q1": "suicide", "NHFT 1217 - Q1": "suicide",
	"NHFT 1891 - Q1": "self_harm", "NHFT 1899 - Q1": "suicide", "NHFT 1645 - Q1": "harm_from_others",
	"NHFT 803 - Q1": "suicide", "NHFT 694 - Q2": "suicide", "NHFT 1383 - Q2": "self_harm",
	"NHFT 455 - Q1": "harm_from_others", "NHFT 1914 - Q1": "harm_from_others",
	"NHFT 1701 - Q1": "harm_from_others", "NHFT 1443 - Q2": "harm_from_others",
}

// realEitherWay are left out of training: a flag is defensible either way.
var realEitherWay = map[string]bool{"NHFT 1986 - Q2": true}

// readFeedbackAsRisk reads the theme training CSV (id first, text eighth)
// as risk examples.
func readFeedbackAsRisk(name string) ([]themes.RiskExample, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var out []themes.RiskExample
	for _, rec := range recs[1:] {
		if len(rec) < 8 || realEitherWay[rec[0]] || strings.TrimSpace(rec[7]) == "" {
			continue
		}
		kind := realDisclosures[rec[0]]
		if kind == "" {
			kind = "-"
		}
		out = append(out, themes.RiskExample{Kind: kind, Text: rec[7], Real: true})
	}
	return out, nil
}
