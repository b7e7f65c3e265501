// Command gen trains the default models embedded in package themes. It is
// run by `go generate ./themes/` and needs no other part of Chorus:
//
//	go run ./gen -data testdata/feedback-train.csv -out data/default.model
//	go run ./gen -risk testdata/risk_train.txt,testdata/risk_eval.txt,testdata/risk_ordinary.txt,testdata/feedback-train.csv -out data/risk.model
//
// With -cv, the risk mode also prints 5-fold cross-validated numbers and
// the numbers on testdata/risk_holdout.txt and risk_ordinary_holdout.txt,
// the real comments' numbers and their out-of-fold false alerts, without
// changing the model. -real-false-alerts overrides the cap on real clean
// comments' alerts (RiskTrainOptions.RealFalseAlertRate).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/chorus-nhs/chorus/themes"
)

func main() {
	data := flag.String("data", "testdata/feedback-train.csv", "labelled CSV file")
	out := flag.String("out", "data/default.model", "model file to write")
	risk := flag.String("risk", "", "comma-separated risk corpus files: train the risk model instead")
	cv := flag.Bool("cv", false, "with -risk: print cross-validated and held-out numbers")
	realRate := flag.Float64("real-false-alerts", -1, "with -risk: override RealFalseAlertRate (share of real clean comments that may raise an alert out of fold)")
	flag.Parse()
	var err error
	if *risk != "" {
		err = runRisk(strings.Split(*risk, ","), *out, *cv, *realRate)
	} else {
		err = run(*data, *out)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(data, out string) error {
	f, err := os.Open(data)
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := themes.ReadExamples(f)
	if err != nil {
		return fmt.Errorf("%s: %w", data, err)
	}
	m, err := themes.Train(rows, themes.DefaultTrainOptions(), os.Stderr)
	if err != nil {
		return err
	}
	return writeModel(m, out)
}

// writeModel writes a model next to the target and renames it into place.
func writeModel(m io.WriterTo, out string) error {
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		return err
	}
	// Write next to the target and rename, so a failed run never leaves a
	// truncated model to be embedded.
	tmp := out + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}
