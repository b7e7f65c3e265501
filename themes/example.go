package themes

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Example is one comment read from a CSV file: the input, and when the file
// has them, the coders' labels and sentiment.
type Example struct {
	ID string
	Input
	// Labels are sub-theme indexes into SubThemes, ascending.
	Labels []int
	// Sentiment is 1–5, or 0 when the comment was not labelled for sentiment.
	Sentiment int
}

// RowError is a CSV row that could not be read. Reading can continue after it.
type RowError struct {
	Line int // 1-based line where the row starts
	Err  error
}

func (e *RowError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *RowError) Unwrap() error { return e.Err }

// ExampleReader streams Examples from CSV with a header row. The header must
// have id and text; question_kind, fft_score, sentiment and labels are read
// when present, and other columns are ignored. Memory use does not grow with
// the number of rows.
type ExampleReader struct {
	r                                 *csv.Reader
	id, text, kind, fft, sent, labels int
	width                             int
	inputsOnly                        bool
	warnings                          []error
}

// NewExampleReader reads the header and returns a reader positioned on the
// first row. It fails if the header is missing or lacks id or text.
func NewExampleReader(r io.Reader) (*ExampleReader, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("csv: empty input, want a header with id,text")
	}
	if err != nil {
		return nil, fmt.Errorf("csv header: %w", err)
	}
	er := &ExampleReader{r: cr, id: -1, text: -1, kind: -1, fft: -1, sent: -1, labels: -1, width: len(header)}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		for name, p := range map[string]*int{"id": &er.id, "text": &er.text, "question_kind": &er.kind,
			"prompt_kind": &er.kind, "fft_score": &er.fft, "sentiment": &er.sent, "labels": &er.labels} {
			if h == name && *p < 0 {
				*p = i
			}
		}
	}
	if er.id < 0 || er.text < 0 {
		return nil, errors.New("csv header: want columns id and text")
	}
	return er, nil
}

// NewInputReader is like NewExampleReader but reads only id, text,
// question_kind and fft_score, ignoring any sentiment and labels columns.
// It is lenient where a prediction can still be made: an unknown
// question_kind or fft_score is read as unknown and reported by Warnings.
func NewInputReader(r io.Reader) (*ExampleReader, error) {
	er, err := NewExampleReader(r)
	if er != nil {
		er.inputsOnly = true
	}
	return er, err
}

// Next returns the next row and the line it starts on. At the end it returns
// io.EOF. A row that cannot be parsed gives a *RowError; call Next again to
// continue with the following row.
func (er *ExampleReader) Next() (Example, int, error) {
	rec, err := er.r.Read()
	if err == io.EOF {
		return Example{}, 0, io.EOF
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return Example{}, pe.StartLine, &RowError{Line: pe.StartLine, Err: pe.Err}
		}
		return Example{}, 0, err
	}
	line, _ := er.r.FieldPos(0)
	ex, err := er.parse(rec)
	if err != nil {
		return Example{}, line, &RowError{Line: line, Err: err}
	}
	return ex, line, nil
}

// soft records a bad optional field as a warning when the reader is
// lenient, and otherwise returns it as the row's error.
func (er *ExampleReader) soft(field string, err error) error {
	if er.inputsOnly {
		er.warnings = append(er.warnings, fmt.Errorf("%s: %w; read as unknown", field, err))
		return nil
	}
	return fmt.Errorf("%s: %w", field, err)
}

// Warnings returns the problems the lenient reader worked around in the row
// last returned by Next.
func (er *ExampleReader) Warnings() []error { return er.warnings }

func (er *ExampleReader) parse(rec []string) (Example, error) {
	er.warnings = er.warnings[:0]
	if len(rec) != er.width {
		return Example{}, fmt.Errorf("got %d fields, header has %d", len(rec), er.width)
	}
	var ex Example
	ex.ID = rec[er.id]
	if ex.ID == "" {
		return ex, errors.New("id: empty")
	}
	ex.Text = rec[er.text]
	var err error
	if er.kind >= 0 {
		if ex.PromptKind, err = ParsePromptKind(rec[er.kind]); err != nil {
			if err = er.soft("question_kind", err); err != nil {
				return ex, err
			}
		}
	}
	if er.fft >= 0 {
		if ex.FFT, err = ParseFFT(rec[er.fft]); err != nil {
			if err = er.soft("fft_score", err); err != nil {
				return ex, err
			}
		}
	}
	if er.inputsOnly {
		return ex, nil
	}
	if er.sent >= 0 {
		if ex.Sentiment, err = parseScale(rec[er.sent]); err != nil {
			return ex, fmt.Errorf("sentiment: %w", err)
		}
	}
	if er.labels >= 0 {
		if ex.Labels, err = ParseLabels(rec[er.labels]); err != nil {
			return ex, fmt.Errorf("labels: %w", err)
		}
	}
	return ex, nil
}

// ParsePromptKind accepts "", what_good, could_improve and nonspecific.
func ParsePromptKind(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch s {
	case "", PromptWhatGood, PromptCouldImprove, PromptNonspecific:
		return s, nil
	}
	return "", fmt.Errorf("%q is not one of what_good, could_improve, nonspecific", s)
}

// ParseFFT reads a Friends and Family Test score: 1 very good … 5 very
// poor. Empty, 0, and the source codes 6 (don't know) and 7 mean unknown (0).
func ParseFFT(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 7 {
		return 0, fmt.Errorf("%q is not an integer 1-5 (or empty, 6 or 7 for unknown)", s)
	}
	if n > 5 {
		n = 0
	}
	return n, nil
}

// parseScale reads a 1–5 score; empty means unknown (0).
func parseScale(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 5 {
		return 0, fmt.Errorf("%q is not an integer 1-5", s)
	}
	return n, nil
}

var subThemeIndex = func() map[string]int {
	m := make(map[string]int, len(SubThemes))
	for i, s := range SubThemes {
		m[s] = i
	}
	return m
}()

// ParseLabels reads sub-theme names joined by "|" into ascending indexes.
func ParseLabels(s string) ([]int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var seen [numThemes]bool
	for _, name := range strings.Split(s, "|") {
		i, ok := subThemeIndex[strings.TrimSpace(name)]
		if !ok {
			return nil, fmt.Errorf("unknown sub-theme %q", name)
		}
		seen[i] = true
	}
	var out []int
	for i, ok := range seen {
		if ok {
			out = append(out, i)
		}
	}
	return out, nil
}

// ReadExamples reads a whole labelled CSV file. Unlike the streaming reader
// it stops at the first bad row, so that a model is never trained on part of
// a file.
func ReadExamples(r io.Reader) ([]Example, error) {
	er, err := NewExampleReader(r)
	if err != nil {
		return nil, err
	}
	var out []Example
	for {
		ex, _, err := er.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		ex.Text = strings.Clone(ex.Text)
		ex.ID = strings.Clone(ex.ID)
		out = append(out, ex)
	}
}
