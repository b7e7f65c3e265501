package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/themes"
)

func runThemesT(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = runThemes(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

func TestThemesPredict(t *testing.T) {
	in := "id,service,text,question_kind,fft_score\n" +
		"a,PTS,\"The transport driver was late\nand I missed my appointment\",could_improve,4\n" + // lines 2-3
		"b,111,Did not answer,nonspecific,\n" + // line 4
		"c,111,bad kind,sometimes,1\n" + // line 5
		"d,111,\"Staff were kind, caring and listened\",what_good,1\n" + // line 6
		"e,111,too few fields\n" + // line 7
		"f,111,fine,,6\n" // line 8
	stdout, stderr, err := runThemesT(t, in, "predict")
	if err != nil {
		t.Fatalf("predict: %v\n%s", err, stderr)
	}
	recs, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, stdout)
	}
	if !slices.Equal(recs[0], []string{"id", "labels", "sentiment"}) {
		t.Errorf("header = %q", recs[0])
	}
	var ids []string
	for _, r := range recs[1:] {
		ids = append(ids, r[0])
		for _, l := range strings.Split(r[1], "|") {
			if l != "" && !slices.Contains(themes.SubThemes, l) {
				t.Errorf("row %s: unknown label %q", r[0], l)
			}
		}
		if len(r[2]) != 1 || r[2][0] < '1' || r[2][0] > '5' {
			t.Errorf("row %s: sentiment %q", r[0], r[2])
		}
	}
	if want := []string{"a", "b", "c", "d", "f"}; !slices.Equal(ids, want) {
		t.Errorf("ids = %q, want %q", ids, want)
	}
	if recs[2][1] != "Labelling not possible" {
		t.Errorf("placeholder labels = %q", recs[2][1])
	}
	if !strings.Contains(recs[1][1], "Transport to/ from services") {
		t.Errorf("multi-line row labels = %q, want transport", recs[1][1])
	}
	for _, want := range []string{"line 5", "question_kind", "line 7"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

func TestThemesPredictBadHeader(t *testing.T) {
	_, _, err := runThemesT(t, "name,comment\nx,y\n", "predict")
	if err == nil || !strings.Contains(err.Error(), "id and text") {
		t.Errorf("err = %v, want a header error naming id and text", err)
	}
}

func TestThemesAnalyse(t *testing.T) {
	long := strings.Repeat("The nurse was kind. ", 60000) // about 1.2 MB
	in := `{"id": "r1", "text": "My keyworker was brilliant and always listened", "question_kind": "what_good", "fft_score": 1}` + "\n" +
		`{"id": 42, "text": "Did not answer"}` + "\n" +
		"\n" +
		`{"id": 7, "text": "missing brace"` + "\n" +
		`{"id": 8, "text": "bad kind", "question_kind": "sometimes"}` + "\n" +
		`{"id": {"x": 1}, "text": "bad id"}` + "\n" +
		`{"id": 9}` + "\n" +
		`{"id": 1.5e3, "text": "` + long + `", "fft_score": "2"}` + "\r\n" +
		`{"id": "last", "text": "no newline at the end", "fft_score": null}`
	stdout, stderr, err := runThemesT(t, in, "analyse")
	if err != nil {
		t.Fatalf("analyse: %v\n%s", err, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	var ids []string
	for _, l := range lines {
		var got struct {
			ID        json.RawMessage  `json:"id"`
			Themes    []string         `json:"themes"`
			Major     []string         `json:"major"`
			Sentiment int              `json:"sentiment"`
			Redacted  *string          `json:"redacted"`
			PII       []themes.PIISpan `json:"pii"`
			Risk      *themes.Risk     `json:"risk"`
		}
		if err := json.Unmarshal([]byte(l), &got); err != nil {
			t.Fatalf("bad output line %.100q: %v", l, err)
		}
		ids = append(ids, string(got.ID))
		if got.Themes == nil || got.Major == nil || got.PII == nil || got.Redacted == nil || got.Risk == nil ||
			got.Sentiment < 1 || got.Sentiment > 5 {
			t.Errorf("incomplete output %.200s", l)
		}
	}
	if want := []string{`"r1"`, `42`, `8`, `1.5e3`, `"last"`}; !slices.Equal(ids, want) {
		t.Errorf("ids = %q, want %q", ids, want)
	}
	if !strings.Contains(lines[0], ` & `) || strings.Contains(lines[0], `\u0026`) {
		t.Errorf("first line: %s (want & unescaped in theme names)", lines[0])
	}
	for _, want := range []string{"line 4", "line 5", "question_kind", "line 6", "id", "line 7", "text"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "line 3") {
		t.Errorf("blank line reported as bad:\n%s", stderr)
	}
}

func TestThemesTrainEval(t *testing.T) {
	data := filepath.Join(t.TempDir(), "small.csv")
	src, err := os.ReadFile("../../themes/testdata/feedback-train.csv")
	if err != nil {
		t.Fatal(err)
	}
	// The header and roughly the first 500 rows (cut at a row boundary).
	rows, err := csv.NewReader(bytes.NewReader(src)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.WriteAll(rows[:501])
	if err := os.WriteFile(data, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	model := filepath.Join(t.TempDir(), "m.bin")
	_, stderr, err := runThemesT(t, "", "train", "--data", data, "--out", model)
	if err != nil {
		t.Fatalf("train: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "themes:") {
		t.Errorf("no progress on stderr: %q", stderr)
	}
	stdout, stderr, err := runThemesT(t, "", "eval", "--data", data, "--model", model, "--labels")
	if err != nil {
		t.Fatalf("eval: %v\n%s", err, stderr)
	}
	for _, want := range []string{"micro-F1", "macro-F1", "major", "exact-match", "5-class", "3-class", "comments per second", "Mental Health Act"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("eval output lacks %q:\n%s", want, stdout)
		}
	}
	stdout, stderr, err = runThemesT(t, "", "eval", "--data", data, "--folds", "2")
	if err != nil || !strings.Contains(stdout, "2-fold cross-validation") || !strings.Contains(stdout, "3-class") {
		t.Errorf("eval --folds 2: %v\n%s\n%s", err, stdout, stderr)
	}
	stdout, _, err = runThemesT(t, "id,text\n1,The ambulance came quickly\n", "predict", "--model", model)
	if err != nil || !strings.HasPrefix(stdout, "id,labels,sentiment\n1,") {
		t.Errorf("predict --model: %v, %q", err, stdout)
	}
}

func TestThemesErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "missing command"},
		{[]string{"frobnicate"}, "unknown command"},
		{[]string{"train", "--data", "x.csv"}, "--out"},
		{[]string{"train", "--data", "/nonexistent.csv", "--out", "/tmp/x"}, "--data"},
		{[]string{"eval"}, "--data"},
		{[]string{"eval", "--data", "../../themes/testdata/feedback-train.csv", "--folds", "1"}, "--folds"},
		{[]string{"predict", "--model", "/nonexistent.bin"}, "--model"},
		{[]string{"analyse", "--model", "themes_test.go"}, "--model"},
	}
	for _, tt := range tests {
		_, _, err := runThemesT(t, "", tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("themes %q: err = %v, want it to mention %q", tt.args, err, tt.want)
		}
	}
}

// FuzzParseAnalyseLine checks that no input line panics, and that every
// accepted line has an id that is a JSON string or number.
func FuzzParseAnalyseLine(f *testing.F) {
	f.Add([]byte(`{"id": 1, "text": "hello", "question_kind": "what_good", "fft_score": 2}`))
	f.Add([]byte(`{"id": "x", "text": "", "fft_score": "7"}`))
	f.Add([]byte(`{"id": null, "text": 5}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		id, in, _, err := parseAnalyseLine(line)
		if err != nil {
			return
		}
		var v any
		if json.Unmarshal(id, &v) != nil {
			t.Fatalf("accepted invalid id %q", id)
		}
		switch v.(type) {
		case string, float64:
		default:
			t.Fatalf("accepted id %q of type %T", id, v)
		}
		if in.FFT < 0 || in.FFT > 5 {
			t.Fatalf("accepted fft %d", in.FFT)
		}
	})
}
