package survey_test

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"github.com/chorus-nhs/chorus/survey"
)

// mustLoadSurvey reads a survey from a JSON file in testdata.
func mustLoadSurvey(tb testing.TB, name string) *survey.Survey {
	tb.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	var s survey.Survey
	if err := json.Unmarshal(b, &s); err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return &s
}

// allTypes returns a fresh copy of testdata/all-types.json.
func allTypes(tb testing.TB) *survey.Survey {
	tb.Helper()
	return mustLoadSurvey(tb, "all-types.json")
}

// wantFields asserts that err is an unprocessable *survey.Error with exactly
// the given field errors, in order.
func wantFields(tb testing.TB, err error, want ...survey.FieldError) {
	tb.Helper()
	if len(want) == 0 {
		if err != nil {
			tb.Fatalf("err = %v, want nil", err)
		}
		return
	}
	if err == nil {
		tb.Fatalf("err = nil, want fields %v", want)
	}
	if got := survey.ErrorCode(err); got != survey.EUNPROCESS {
		tb.Fatalf("code = %q, want %q (%v)", got, survey.EUNPROCESS, err)
	}
	if got := survey.ErrorFields(err); !reflect.DeepEqual(got, want) {
		tb.Fatalf("fields:\n got %q\nwant %q", got, want)
	}
}

func TestAllTypesFixture(t *testing.T) {
	s := allTypes(t)
	if err := survey.CheckSurvey(s); err != nil {
		t.Fatalf("all-types.json: %v", err)
	}
	seen := map[string]bool{}
	for _, q := range s.Questions() {
		seen[q.Type] = true
	}
	for _, typ := range survey.QuestionTypes {
		if !seen[typ] {
			t.Errorf("all-types.json has no %s question", typ)
		}
	}
}
