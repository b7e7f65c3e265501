package themes

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestParseLabels(t *testing.T) {
	tests := []struct {
		in      string
		want    []int
		wantErr bool
	}{
		{"", nil, false},
		{"Parking", []int{18}, false},
		{"Staffing levels & responsiveness|Organisation & efficiency", []int{0, 31}, false},
		{"Staff listening, understanding & involving patients", []int{5}, false},
		{"Parking|Parking", []int{18}, false},
		{"Not assigned", nil, true},
		{"Parking|", nil, true},
	}
	for _, tt := range tests {
		got, err := ParseLabels(tt.in)
		if (err != nil) != tt.wantErr || !slices.Equal(got, tt.want) {
			t.Errorf("ParseLabels(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParseFFT(t *testing.T) {
	tests := []struct {
		in      string
		want    int
		wantErr bool
	}{
		{"", 0, false}, {"1", 1, false}, {" 5 ", 5, false}, {"0", 0, false},
		{"6", 0, false}, {"7", 0, false}, {"8", 0, true}, {"-1", 0, true},
		{"good", 0, true}, {"2.5", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseFFT(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseFFT(%q) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParsePromptKind(t *testing.T) {
	for _, ok := range []string{"", "what_good", "could_improve", "nonspecific", " what_good "} {
		if _, err := ParsePromptKind(ok); err != nil {
			t.Errorf("ParsePromptKind(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"good", "What_Good", "other"} {
		if _, err := ParsePromptKind(bad); err == nil {
			t.Errorf("ParsePromptKind(%q) = nil error, want one", bad)
		}
	}
}

func TestExampleReader(t *testing.T) {
	const in = "extra,id,text,question_kind,fft_score,sentiment,labels\n" +
		"x,a,\"Two\nlines, with a comma\",what_good,1,2,Parking\n" + // lines 2-3
		"x,b,fine,,,,\n" + // line 4
		"x,c,bad fft,nonspecific,nine,,\n" + // line 5
		"x,d,too,few\n" + // line 6
		"x,e,\"bare \"quote\",,,,\n" + // line 7
		"x,f,\"quoted \"\"ok\"\"\",could_improve,5,5,\n" // line 8
	r, err := NewExampleReader(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		id   string
		line int
		bad  bool
	}
	var got []row
	var first, last Example
	for {
		ex, line, err := r.Next()
		if err == io.EOF {
			break
		}
		var re *RowError
		if err != nil && !errors.As(err, &re) {
			t.Fatalf("Next: %v", err)
		}
		if err != nil && re.Line != line {
			t.Errorf("RowError.Line = %d, returned line %d", re.Line, line)
		}
		got = append(got, row{ex.ID, line, err != nil})
		if ex.ID == "a" {
			first = ex
		}
		if ex.ID == "f" {
			last = ex
		}
	}
	want := []row{{"a", 2, false}, {"b", 4, false}, {"", 5, true}, {"", 6, true}, {"", 7, true}, {"f", 8, false}}
	if !slices.Equal(got, want) {
		t.Errorf("rows = %v, want %v", got, want)
	}
	if first.Text != "Two\nlines, with a comma" || first.PromptKind != PromptWhatGood || first.FFT != 1 ||
		first.Sentiment != 2 || !slices.Equal(first.Labels, []int{18}) {
		t.Errorf("first row = %+v", first)
	}
	if last.Text != `quoted "ok"` || last.FFT != 5 || last.Sentiment != 5 {
		t.Errorf("last row = %+v", last)
	}
}

func TestExampleReaderHeader(t *testing.T) {
	for _, in := range []string{"", "id,body\n1,x\n", "text\nx\n", "\"id\n"} {
		if _, err := NewExampleReader(strings.NewReader(in)); err == nil {
			t.Errorf("NewExampleReader(%q) = nil error, want one", in)
		}
	}
	r, err := NewInputReader(strings.NewReader("\ufeffID,Text,labels,sentiment,question_kind,fft_score\n" +
		"7,hello,nonsense,9,what_good,2\n8,bye,,,sometimes,9\n"))
	if err != nil {
		t.Fatal(err)
	}
	ex, _, err := r.Next()
	if err != nil || ex.ID != "7" || ex.Text != "hello" || ex.FFT != 2 || len(r.Warnings()) != 0 {
		t.Errorf("Next = %+v, %v, %v; want id 7 and labels/sentiment ignored", ex, err, r.Warnings())
	}
	ex, _, err = r.Next()
	w := r.Warnings()
	if err != nil || ex.ID != "8" || ex.PromptKind != "" || ex.FFT != 0 || len(w) != 2 ||
		!strings.Contains(w[0].Error(), "question_kind") || !strings.Contains(w[1].Error(), "fft_score") {
		t.Errorf("Next = %+v, %v, warnings %v; want unknown kind and FFT with two warnings", ex, err, w)
	}
}

func TestReadExamplesStopsAtBadRow(t *testing.T) {
	_, err := ReadExamples(strings.NewReader("id,text,labels\n1,a,Parking\n2,b,Nope\n"))
	var re *RowError
	if !errors.As(err, &re) || re.Line != 3 || !strings.Contains(err.Error(), "labels") {
		t.Errorf("err = %v, want a labels error on line 3", err)
	}
}

// FuzzExampleReader checks that no input makes the CSV reader panic or
// loop, and that every row it accepts is well formed.
func FuzzExampleReader(f *testing.F) {
	f.Add("id,text,question_kind,fft_score\n1,\"a\nb\",what_good,3\n2,x,,\n")
	f.Add("id,text,labels,sentiment\n1,hi,Parking|Discharge,4\n")
	f.Add("id,text\n\"1,x\n")
	f.Fuzz(func(t *testing.T, in string) {
		r, err := NewExampleReader(strings.NewReader(in))
		if err != nil {
			return
		}
		for i := 0; i < 10000; i++ {
			ex, _, err := r.Next()
			if err == io.EOF {
				return
			}
			var re *RowError
			if err != nil && !errors.As(err, &re) {
				return
			}
			if err != nil {
				continue
			}
			if ex.ID == "" || ex.FFT < 0 || ex.FFT > 5 || ex.Sentiment < 0 || ex.Sentiment > 5 {
				t.Fatalf("accepted bad row %+v", ex)
			}
		}
		t.Fatal("reader did not reach EOF")
	})
}
