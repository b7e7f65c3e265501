package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/chorus-nhs/chorus/themes"
)

const themesUsage = `usage: chorus themes <command> [flags]

commands:
  train   --data FILE --out MODEL    train a model on a labelled CSV file
  eval    --data FILE [--folds 5]    cross-validate on a labelled CSV file
          --data FILE --model MODEL  score an existing model on a labelled CSV file
          --labels                   also print per-sub-theme precision, recall, F1
  predict [--model MODEL] < in.csv > out.csv
  analyse [--model MODEL] < in.jsonl > out.jsonl
`

// runThemes runs `chorus themes ...`; args are the words after "themes".
func runThemes(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, themesUsage)
		return errors.New("themes: missing command")
	}
	switch args[0] {
	case "train":
		return themesTrain(args[1:], stderr)
	case "eval":
		return themesEval(args[1:], stdout, stderr)
	case "predict":
		return themesPredict(ctx, args[1:], stdin, stdout, stderr)
	case "analyse", "analyze":
		return themesAnalyse(ctx, args[1:], stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, themesUsage)
		return nil
	}
	fmt.Fprint(stderr, themesUsage)
	return fmt.Errorf("themes: unknown command %q", args[0])
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("chorus themes "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func readExamplesFile(path string) ([]themes.Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := themes.ReadExamples(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rows, nil
}

func themesTrain(args []string, stderr io.Writer) error {
	fs := newFlagSet("train", stderr)
	data := fs.String("data", "", "labelled CSV file (id,text,question_kind,fft_score,sentiment,labels)")
	out := fs.String("out", "", "model file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *data == "" || *out == "" {
		return errors.New("themes train: --data and --out are required")
	}
	rows, err := readExamplesFile(*data)
	if err != nil {
		return fmt.Errorf("themes train: --data: %w", err)
	}
	start := time.Now()
	m, err := themes.Train(rows, themes.DefaultTrainOptions(), stderr)
	if err != nil {
		return fmt.Errorf("themes train: %w", err)
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		return err
	}
	if err := writeFileAtomic(*out, buf.Bytes()); err != nil {
		return fmt.Errorf("themes train: --out: %w", err)
	}
	fmt.Fprintf(stderr, "themes train: %d comments in %.2fs, wrote %s (%d bytes)\n",
		len(rows), time.Since(start).Seconds(), *out, buf.Len())
	return nil
}

// writeFileAtomic writes b to a temporary file next to path and renames it,
// so that a failed write never leaves a partial model behind.
func writeFileAtomic(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}

func themesEval(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("eval", stderr)
	data := fs.String("data", "", "labelled CSV file")
	folds := fs.Int("folds", 5, "number of cross-validation folds")
	model := fs.String("model", "", "score this model on --data instead of cross-validating")
	labels := fs.Bool("labels", false, "also print precision, recall and F1 per sub-theme")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *data == "" {
		return errors.New("themes eval: --data is required")
	}
	rows, err := readExamplesFile(*data)
	if err != nil {
		return fmt.Errorf("themes eval: --data: %w", err)
	}
	if *model != "" {
		e, err := loadEngine(*model)
		if err != nil {
			return err
		}
		start := time.Now()
		for _, ex := range rows {
			e.Analyse(ex.Input)
		}
		met := themes.Evaluate(e.Model(), rows)
		met.CommentsPerSecond = float64(len(rows)) / time.Since(start).Seconds()
		fmt.Fprintf(stdout, "model %s on %s (no cross-validation)\n%s", *model, *data, met)
		if *labels {
			fmt.Fprintf(stdout, "\n%s", met.LabelTable())
		}
		return nil
	}
	if *folds < 2 || *folds > len(rows) {
		return fmt.Errorf("themes eval: --folds: %d is not between 2 and %d", *folds, len(rows))
	}
	met, err := themes.CrossValidate(rows, *folds, themes.DefaultTrainOptions(), stderr)
	if err != nil {
		return fmt.Errorf("themes eval: %w", err)
	}
	fmt.Fprintf(stdout, "%d-fold cross-validation on %s\n%s", *folds, *data, met)
	if *labels {
		fmt.Fprintf(stdout, "\n%s", met.LabelTable())
	}
	return nil
}

// loadEngine returns the engine for the model file at path, or the embedded
// default model when path is empty.
func loadEngine(path string) (*themes.Engine, error) {
	if path == "" {
		return themes.Default(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--model: %w", err)
	}
	defer f.Close()
	m, err := themes.ReadModel(f)
	if err != nil {
		return nil, fmt.Errorf("--model: %s: %w", path, err)
	}
	return themes.NewEngine(m), nil
}

func themesPredict(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("predict", stderr)
	model := fs.String("model", "", "model file (default: the embedded model)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	e, err := loadEngine(*model)
	if err != nil {
		return fmt.Errorf("themes predict: %w", err)
	}
	return predictCSV(ctx, e, stdin, stdout, stderr)
}

// predictCSV streams rows from in to out as id,labels,sentiment. Bad rows
// are reported on stderr with their line number and skipped.
func predictCSV(ctx context.Context, e *themes.Engine, in io.Reader, out, stderr io.Writer) error {
	r, err := themes.NewInputReader(bufio.NewReaderSize(in, 64<<10))
	if err != nil {
		return fmt.Errorf("themes predict: %w", err)
	}
	w := csv.NewWriter(out)
	if err := w.Write([]string{"id", "labels", "sentiment"}); err != nil {
		return err
	}
	var names []string
	rec := make([]string, 3)
	rows, bad := 0, 0
	for {
		ex, line, err := r.Next()
		if err == io.EOF {
			break
		}
		for _, w := range r.Warnings() {
			fmt.Fprintf(stderr, "themes predict: line %d: %v\n", line, w)
		}
		var re *themes.RowError
		if errors.As(err, &re) {
			bad++
			fmt.Fprintf(stderr, "themes predict: bad row at line %d: %v\n", re.Line, re.Err)
			continue
		}
		if err != nil {
			w.Flush()
			return fmt.Errorf("themes predict: reading input: %w", err)
		}
		if rows%1024 == 0 && ctx.Err() != nil {
			w.Flush()
			return ctx.Err()
		}
		p := e.Predict(ex.Input)
		names = names[:0]
		for _, l := range p.Labels {
			names = append(names, themes.SubThemes[l])
		}
		rec[0], rec[1], rec[2] = ex.ID, strings.Join(names, "|"), strconv.Itoa(p.Sentiment)
		if err := w.Write(rec); err != nil {
			return err
		}
		rows++
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("themes predict: writing output: %w", err)
	}
	if bad > 0 {
		fmt.Fprintf(stderr, "themes predict: %d rows written, %d bad rows skipped\n", rows, bad)
	}
	return nil
}

func themesAnalyse(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("analyse", stderr)
	model := fs.String("model", "", "model file (default: the embedded model)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	e, err := loadEngine(*model)
	if err != nil {
		return fmt.Errorf("themes analyse: %w", err)
	}
	return analyseJSONL(ctx, e, stdin, stdout, stderr)
}

// maxLine is the longest JSONL line analyse accepts; longer lines are
// reported and skipped without being held in memory.
const maxLine = 16 << 20

// analyseIn is one input line of `chorus themes analyse`.
type analyseIn struct {
	ID           json.RawMessage `json:"id"`
	Text         *string         `json:"text"`
	QuestionKind string          `json:"question_kind"`
	PromptKind   string          `json:"prompt_kind"`
	FFTScore     json.RawMessage `json:"fft_score"`
}

// analyseOut is one output line: the input's id, as given, and the analysis.
type analyseOut struct {
	ID json.RawMessage `json:"id"`
	themes.Analysis
}

// parseAnalyseLine validates one JSONL line and returns its id and input.
// An unknown question_kind or fft_score does not stop the analysis: it is
// read as unknown and returned as a warning.
func parseAnalyseLine(line []byte) (id json.RawMessage, input themes.Input, warnings []error, err error) {
	var in analyseIn
	if err := json.Unmarshal(line, &in); err != nil {
		return nil, input, nil, fmt.Errorf("invalid JSON: %v", err)
	}
	if len(in.ID) == 0 || (in.ID[0] != '"' && in.ID[0] != '-' && (in.ID[0] < '0' || in.ID[0] > '9')) {
		return nil, input, nil, errors.New("id: want a string or a number")
	}
	if in.Text == nil {
		return nil, input, nil, errors.New("text: missing or not a string")
	}
	input.Text = *in.Text
	kind := in.QuestionKind
	if kind == "" {
		kind = in.PromptKind
	}
	if input.PromptKind, err = themes.ParsePromptKind(kind); err != nil {
		warnings = append(warnings, fmt.Errorf("question_kind: %v; read as unknown", err))
	}
	if input.FFT, err = parseFFTJSON(in.FFTScore); err != nil {
		warnings = append(warnings, fmt.Errorf("fft_score: %v; read as unknown", err))
	}
	return in.ID, input, warnings, nil
}

// parseFFTJSON accepts a number, a numeric string or null.
func parseFFTJSON(raw json.RawMessage) (int, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return 0, nil
	}
	s := string(raw)
	if raw[0] == '"' || raw[0] == '{' || raw[0] == '[' || raw[0] == 't' || raw[0] == 'f' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, err
		}
	}
	return themes.ParseFFT(s)
}

// analyseJSONL reads one JSON object per line from in and writes one
// analysis per line to out. Bad lines are reported on stderr with their
// line number and skipped; blank lines are skipped silently.
func analyseJSONL(ctx context.Context, e *themes.Engine, in io.Reader, out, stderr io.Writer) error {
	br := bufio.NewReaderSize(in, 64<<10)
	bw := bufio.NewWriterSize(out, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	var line []byte
	for n := 1; ; n++ {
		var tooLong bool
		var err error
		line, tooLong, err = readLine(br, line[:0])
		if err != nil && err != io.EOF {
			bw.Flush()
			return fmt.Errorf("themes analyse: reading input: %w", err)
		}
		if n%1024 == 0 && ctx.Err() != nil {
			bw.Flush()
			return ctx.Err()
		}
		switch {
		case tooLong:
			fmt.Fprintf(stderr, "themes analyse: bad line %d: longer than %d bytes\n", n, maxLine)
		case len(bytes.TrimSpace(line)) > 0:
			id, input, warnings, perr := parseAnalyseLine(line)
			if perr != nil {
				fmt.Fprintf(stderr, "themes analyse: bad line %d: %v\n", n, perr)
				break
			}
			for _, w := range warnings {
				fmt.Fprintf(stderr, "themes analyse: line %d: %v\n", n, w)
			}
			if werr := enc.Encode(analyseOut{ID: id, Analysis: e.Analyse(input)}); werr != nil {
				return fmt.Errorf("themes analyse: writing output: %w", werr)
			}
		}
		if err == io.EOF {
			break
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("themes analyse: writing output: %w", err)
	}
	return nil
}

// readLine appends the next line (without its line ending) to buf. A line
// longer than maxLine is consumed but not kept, and reported as tooLong.
// At the end of input it returns io.EOF with the last, possibly empty, line.
func readLine(br *bufio.Reader, buf []byte) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(chunk) > maxLine+2 {
				tooLong, buf = true, buf[:0]
			} else {
				buf = append(buf, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		buf = bytes.TrimSuffix(buf, []byte("\n"))
		buf = bytes.TrimSuffix(buf, []byte("\r"))
		return buf, tooLong, err
	}
}
