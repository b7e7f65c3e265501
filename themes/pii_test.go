package themes

import (
	"bufio"
	"encoding/csv"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// piiCase is a comment with its personal data marked.
type piiCase struct {
	text  string
	spans []PIISpan
}

// piiParseMarked reads "{kind|text}" marks: "Dr {name|Nguyen} was kind".
func piiParseMarked(tb testing.TB, line string) piiCase {
	tb.Helper()
	var c piiCase
	var b strings.Builder
	runes := 0
	for {
		i := strings.IndexByte(line, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(line[i:], '}')
		bar := strings.IndexByte(line[i:], '|')
		if j < 0 || bar < 0 || bar > j {
			tb.Fatalf("bad mark in %q", line)
		}
		b.WriteString(line[:i])
		runes += utf8.RuneCountInString(line[:i])
		kind, val := line[i+1:i+bar], line[i+bar+1:i+j]
		b.WriteString(val)
		n := utf8.RuneCountInString(val)
		c.spans = append(c.spans, PIISpan{Start: runes, End: runes + n, Kind: kind})
		runes += n
		line = line[i+j+1:]
	}
	b.WriteString(line)
	c.text = b.String()
	return c
}

func piiLoadEval(tb testing.TB) []piiCase {
	tb.Helper()
	f, err := os.Open("testdata/pii_eval.txt")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var cases []piiCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cases = append(cases, piiParseMarked(tb, line))
	}
	return cases
}

// piiRealComments reads the training comments, which are free of personal data
// except for the rows listed in piiRealWithNames, and returns them in two sets.
func piiRealComments(tb testing.TB) (clean, named []string) {
	tb.Helper()
	f, err := os.Open("testdata/feedback-train.csv")
	if err != nil {
		f, err = os.Open("../../shared/data/feedback-train.csv")
	}
	if err != nil {
		tb.Fatalf("training comments: %v", err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}

	for _, rec := range recs[1:] {
		switch {
		case piiRealWithNames[rec[0]]:
			named = append(named, rec[7])
		case rec[7] != "Did not answer":
			clean = append(clean, rec[7])
		}
	}
	return clean, named
}

// piiRealWithNames are training rows that name a member of staff (checked
// by reading every row Redact changes).
var piiRealWithNames = map[string]bool{
	"NHFT 1214 - Q2": true, "NHFT 1567 - Q2": true, "NHFT 758 - Q2": true, "NHFT 1181 - Q2": true,
	"NHFT 1463 - Q2": true, "NEAS 111 1432 - Q3": true, "NHFT 230 - Q2": true, "NHFT 445 - Q2": true,
	"NHFT 646 - Q2": true, "NHFT 592 - Q2": true,
}

// TestRedactEval measures the share of personal-data characters redacted and
// the share of comments without personal data that Redact changes.
func TestRedactEval(t *testing.T) {
	cases := piiLoadEval(t)
	var piiChars, caught, clean, altered int
	for _, c := range cases {
		out, got := Redact(c.text)
		if _, again := Redact(out); len(again) > 0 {
			t.Errorf("redacting %q again found %v", out, again)
		}
		if len(c.spans) == 0 {
			clean++
			if len(got) > 0 {
				altered++
				t.Logf("false positive: %q -> %v", c.text, got)
			}
			continue
		}
		covered := make([]bool, utf8.RuneCountInString(c.text))
		for _, s := range got {
			for k := s.Start; k < s.End; k++ {
				covered[k] = true
			}
		}
		for _, s := range c.spans {
			missed := 0
			for k := s.Start; k < s.End; k++ {
				piiChars++
				if covered[k] {
					caught++
				} else {
					missed++
				}
			}
			if missed > 0 {
				t.Logf("missed %s %q in %q (got %v)", s.Kind, string([]rune(c.text)[s.Start:s.End]), c.text, got)
			}
		}
	}
	real, named := piiRealComments(t)
	for _, text := range named {
		if _, got := Redact(text); len(got) == 0 || got[0].Kind != PIIName {
			t.Errorf("real comment naming staff not redacted: %q", text)
		}
	}
	realAltered := 0
	for _, text := range real {
		if _, got := Redact(text); len(got) > 0 {
			realAltered++
			t.Logf("real false positive: %v in %q", got, text)
		}
	}
	recall := float64(caught) / float64(piiChars)
	fpSynthetic := float64(altered) / float64(clean)
	fpReal := float64(realAltered) / float64(len(real))
	t.Logf("personal-data characters redacted: %d/%d = %.3f", caught, piiChars, recall)
	t.Logf("clean synthetic comments altered: %d/%d = %.3f", altered, clean, fpSynthetic)
	t.Logf("clean real comments altered: %d/%d = %.4f", realAltered, len(real), fpReal)
	if recall < 0.95 {
		t.Errorf("redacted %.3f of personal-data characters, want >= 0.95", recall)
	}
	if fpSynthetic > 0.05 || fpReal > 0.05 {
		t.Errorf("altered %.3f (synthetic) and %.4f (real) of clean comments, want <= 0.05", fpSynthetic, fpReal)
	}
}

func TestRedact(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"My keyworker dave was great", "My keyworker [name] was great"},
		{"Dr Nguyen listened", "Dr [name] listened"},
		{"my daughter Priya was seen", "my daughter [name] was seen"},
		{"Nurse Jackie was kind", "Nurse [name] was kind"},
		{"The staff said Sarah was lovely", "The staff said [name] was lovely"},
		{"Sarah's group was good", "[name]'s group was good"},
		{"Sarah’s group was good", "[name]’s group was good"},
		{"Sister O’Connor was kind", "Sister [name] was kind"},
		{"THE NURSE SARAH WAS GREAT", "THE NURSE [name] WAS GREAT"},
		{"call me on 07700 900123 please", "call me on [phone] please"},
		{"ring +44 115 496 0123", "ring [phone]"},
		{"email a.b@example.co.uk.", "email [email]."},
		{"NHS number 943 476 5919", "NHS number [nhs_number]"},
		{"NHS number 943 476 5918", "NHS number 943 476 5918"}, // bad check digit
		{"postcode NG7 2UH", "postcode [postcode]"},
		{"DOB 12/03/1985", "DOB [date_of_birth]"},
		{"I live at 14 Cedar Road now", "I live at [address] now"},
		{"Flat 3, 22 Mansfield Road", "[address]"},
		{"A&E, 111 and 999", "A&E, 111 and 999"},
		{"Samaritans 116 123", "Samaritans 116 123"},
		{"Ward 7 and the Dr", "Ward 7 and the Dr"},
		{"the Crisis Team and CAMHS", "the Crisis Team and CAMHS"},
		{"sertraline 50mg at 3pm, 10:30 for 2 hours in 2019", "sertraline 50mg at 3pm, 10:30 for 2 hours in 2019"},
		{"Queen's Medical Centre in Nottingham", "Queen's Medical Centre in Nottingham"},
		{"Highbury Hospital was fine", "Highbury Hospital was fine"},
		{"Staff were great. Nothing to add.", "Staff were great. Nothing to add."},
		{"In May and on Monday", "In May and on Monday"},
		{"James Cook Hospital", "James Cook Hospital"},
		{"[name redacted] was kind", "[name redacted] was kind"},
		{"", ""},
	}
	for _, tt := range tests {
		got, spans := Redact(tt.in)
		if got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if spans == nil {
			t.Errorf("Redact(%q) spans are nil, want empty slice", tt.in)
		}
	}
}

func TestRedactSpansInRunes(t *testing.T) {
	in := "Café staff: Zoë said ring Dr Nguyen on 07700 900123 ✓"
	got, spans := Redact(in)
	want := []PIISpan{{Start: 12, End: 15, Kind: PIIName}, {Start: 29, End: 35, Kind: PIIName}, {Start: 39, End: 51, Kind: PIIPhone}}
	if !slices.Equal(spans, want) {
		t.Errorf("spans = %v, want %v (redacted %q)", spans, want, got)
	}
	rs := []rune(in)
	if s := string(rs[39:51]); s != "07700 900123" {
		t.Errorf("span text = %q", s)
	}
}

// piiCheckSpans checks the invariants of Redact's spans.
func piiCheckSpans(t *testing.T, in string, spans []PIISpan) {
	n := utf8.RuneCountInString(in)
	prev := 0
	for _, s := range spans {
		if s.Start < prev || s.End <= s.Start || s.End > n {
			t.Fatalf("Redact(%q): bad span %v after %d (len %d)", in, s, prev, n)
		}
		prev = s.End
	}
}

// TestRedactConcurrent runs Redact and DetectRisk from several goroutines, for
// the race detector: both share pooled scratch memory and lazily built tables.
func TestRedactConcurrent(t *testing.T) {
	want, _ := Redact(piiBenchComment)
	done := make(chan string)
	for range 4 {
		go func() {
			var got string
			for range 50 {
				got, _ = Redact(piiBenchComment)
				DetectRisk(riskBenchComment)
			}
			done <- got
		}()
	}
	for range 4 {
		if got := <-done; got != want {
			t.Errorf("concurrent Redact = %q, want %q", got, want)
		}
	}
}

func FuzzRedact(f *testing.F) {
	for _, s := range []string{"Dr Nguyen 07700 900123", "a@b.co", "NG7 2UH", "DOB 1/2/80",
		"Flat 3, 22 Mansfield Road", "my keyworker dave", "+44 (0)115", "é@é.é", "12 \xff Road",
		"we moved into The Willows", "the Harehills estate", "live on Mill Lane", "b. 03.04.1986", "d/o/b",
		"born on the third of March '86", "in BD3, BD4 and", "Siobhán Ní", "Gaz the", "i saw mehwish", "no. 7"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, spans := Redact(in)
		if spans == nil {
			t.Fatal("nil spans")
		}
		piiCheckSpans(t, in, spans)
		if len(spans) == 0 && out != in {
			t.Fatalf("no spans but text changed: %q -> %q", in, out)
		}
		// Redacting again must not find more than the placeholders' worth.
		out2, _ := Redact(out)
		if len(out2) > len(out)+16*len(spans)+16 {
			t.Fatalf("second pass grew: %q -> %q", out, out2)
		}
	})
}

var piiBenchComment = "I was seen by Dr Nguyen on Ward 7 after waiting 3 hours in A&E. My keyworker dave " +
	"has been brilliant, but CAMHS still have not called my daughter back. Sertraline 50mg helps. Thanks!"

func BenchmarkRedact(b *testing.B) {
	Redact(piiBenchComment)
	b.SetBytes(int64(len(piiBenchComment)))
	b.ReportAllocs()
	for b.Loop() {
		Redact(piiBenchComment)
	}
}
