// Command gen trains the default theme model embedded in package themes.
// It is run by `go generate ./themes/` and needs no other part of Chorus:
//
//	go run ./gen -data testdata/feedback-train.csv -out data/default.model
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/chorus-nhs/chorus/themes"
)

func main() {
	data := flag.String("data", "testdata/feedback-train.csv", "labelled CSV file")
	out := flag.String("out", "data/default.model", "model file to write")
	flag.Parse()
	if err := run(*data, *out); err != nil {
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
