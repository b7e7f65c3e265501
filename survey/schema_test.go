package survey_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/survey"
)

func TestFFTScore(t *testing.T) {
	for answer, want := range map[string]int{"very_good": 1, "good": 2, "neither": 3, "poor": 4, "very_poor": 5, "dont_know": 0, "": 0, "great": 0} {
		if got := survey.FFTScore(answer); got != want {
			t.Errorf("FFTScore(%q) = %d, want %d", answer, got, want)
		}
	}
}

func TestLabelIn(t *testing.T) {
	l := survey.Label{"en": "About you", "cy": "Amdanoch chi", "pl": "  "}
	for lang, want := range map[string]string{"cy": "Amdanoch chi", "en": "About you", "fr": "About you", "pl": "About you"} {
		if got := l.In(lang); got != want {
			t.Errorf("In(%q) = %q, want %q", lang, got, want)
		}
	}
}

func TestTeamFor(t *testing.T) {
	one := &survey.Survey{Teams: []survey.TeamRef{{Slug: "crisis-team", Name: "Crisis"}}}
	two := allTypes(t)
	tests := []struct {
		s      *survey.Survey
		in     string
		want   string
		wantOK bool
	}{
		{one, "", "crisis-team", true},
		{one, "crisis-team", "crisis-team", true},
		{one, "north-cmht", "north-cmht", false},
		{two, "", "", false},
		{two, "north-cmht", "north-cmht", true},
	}
	for _, tt := range tests {
		got, ok := tt.s.TeamFor(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("TeamFor(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestKeywordJSON(t *testing.T) {
	var ks []survey.Keyword
	if err := json.Unmarshal([]byte(`["calm", {"keyword": "blue door", "team": "crisis-team"}]`), &ks); err != nil {
		t.Fatal(err)
	}
	if len(ks) != 2 || ks[0] != (survey.Keyword{Keyword: "calm"}) || ks[1] != (survey.Keyword{Keyword: "blue door", Team: "crisis-team"}) {
		t.Fatalf("got %v", ks)
	}
	if err := json.Unmarshal([]byte(`[3]`), &ks); err == nil {
		t.Fatal("a number decoded as a keyword")
	}
}

// The schema survives a JSON round trip unchanged: the wire shape is what
// the types say.
func TestSurveyJSONRoundTrip(t *testing.T) {
	s := allTypes(t)
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back survey.Survey
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	b2, _ := json.Marshal(&back)
	if string(b) != string(b2) {
		t.Fatalf("round trip changed the survey:\n%s\n%s", b, b2)
	}
	if err := survey.CheckSurvey(&back); err != nil {
		t.Fatal(err)
	}
	// A false equals must survive omitempty.
	if !strings.Contains(string(b), `"visible_if":{"question":"carer_involved","equals":false}`) {
		t.Errorf("equals false lost: %s", b)
	}
}

func TestErrorHelpers(t *testing.T) {
	cause := errors.New("connection refused")
	tests := []struct {
		err              error
		code, message    string
		fields           int
		wrapsCauseForLog bool
	}{
		{nil, "", "", 0, false},
		{errors.New("boom"), survey.EINTERNAL, "Internal error.", 0, false},
		{survey.Errorf(survey.ENOTFOUND, "No survey %q.", "x"), survey.ENOTFOUND, `No survey "x".`, 0, false},
		{fmt.Errorf("saving: %w", survey.FieldErrors("Bad.", []survey.FieldError{{Field: "slug", Message: "m"}})), survey.EUNPROCESS, "Bad.", 1, false},
		{&survey.Error{Code: survey.EUNAVAILABLE, Message: "Try again.", Cause: cause}, survey.EUNAVAILABLE, "Try again.", 0, true},
	}
	for _, tt := range tests {
		if got := survey.ErrorCode(tt.err); got != tt.code {
			t.Errorf("ErrorCode(%v) = %q, want %q", tt.err, got, tt.code)
		}
		if got := survey.ErrorMessage(tt.err); got != tt.message {
			t.Errorf("ErrorMessage(%v) = %q, want %q", tt.err, got, tt.message)
		}
		if got := len(survey.ErrorFields(tt.err)); got != tt.fields {
			t.Errorf("len(ErrorFields(%v)) = %d, want %d", tt.err, got, tt.fields)
		}
		if got := errors.Is(tt.err, cause); got != tt.wrapsCauseForLog {
			t.Errorf("errors.Is(%v, cause) = %v", tt.err, got)
		}
		if tt.err != nil && tt.err.Error() == "" {
			t.Errorf("empty Error() for %#v", tt.err)
		}
	}
	if survey.FieldErrors("x", nil) != nil {
		t.Error("FieldErrors with no fields must be nil")
	}
}
