package survey_test

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/chorus-nhs/chorus/survey"
)

// FuzzCheckSurvey decodes arbitrary bytes as a survey and checks and
// normalises it: nothing may panic, the result must be deterministic, a
// valid survey must stay valid once normalised, and a valid survey must
// validate responses and compute visibility without panicking.
func FuzzCheckSurvey(f *testing.F) {
	for _, name := range []string{"all-types.json", "design-example.json"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"sections":[{"questions":[{"id":"a","type":"rating","max":1e308,"visible_if":{"question":"a","in":[{}]}}]}]}`))
	f.Add([]byte(`{"keywords":["x", {"keyword":"ab"}], "teams":[{}], "languages":["en","en"], "title":{"":""}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var s survey.Survey
		if json.Unmarshal(data, &s) != nil {
			return
		}
		err := survey.CheckSurvey(&s)
		if err != nil {
			if survey.ErrorCode(err) != survey.EUNPROCESS {
				t.Fatalf("code %q", survey.ErrorCode(err))
			}
			for _, fe := range survey.ErrorFields(err) {
				if fe.Message == "" {
					t.Fatalf("field %q has no message", fe.Field)
				}
			}
			if again := survey.CheckSurvey(&s); !reflect.DeepEqual(survey.ErrorFields(again), survey.ErrorFields(err)) {
				t.Fatal("CheckSurvey is not deterministic")
			}
		}
		survey.NormaliseSurvey(&s)
		after := survey.CheckSurvey(&s)
		if err == nil && after != nil {
			t.Fatalf("a valid survey became invalid once normalised: %v", after)
		}
		s.Visible(map[string]any{})
		if err == nil {
			_, _ = survey.ValidateResponse(&s, map[string]any{"role": "carer", "x": []any{1.0}})
		}
	})
}

// FuzzValidateResponse validates arbitrary JSON answers against
// testdata/all-types.json. Nothing may panic; accepted answers must be of
// the normalised Go type of their question, visible, and accepted again
// unchanged; and every required visible question must be answered.
func FuzzValidateResponse(f *testing.F) {
	s := allTypes(f)
	seeds := []string{
		`{"role": "service_user", "fft": "good"}`,
		`{"role": "carer", "fft": "poor", "listened": 4, "safety": 7, "contacts": 3, "helped_with": ["other", "medication"],
		  "helped_other": " x ", "good": "Staff listened.", "poor_why": "Waited.", "carer_involved": false, "carer_how": "Ring me."}`,
		`{"role": "carer", "fft": "good", "carer_involved": "yes"}`,
		`{"role": null, "fft": "", "listened": 2.5, "contacts": 1e400, "zzz": {}}`,
		`{"helped_with": ["housing", "housing"], "safety": -1}`,
		`{"role": "carer", "fft": "good", "good": "a\u0000b\tc\r\nd", "carer_involved": false, "carer_how": "x\u001by"}`,
	}
	for _, seed := range seeds {
		f.Add([]byte(seed), false)
		f.Add([]byte(seed), true)
	}
	types := map[string]string{}
	required := map[string]bool{}
	for _, q := range s.Questions() {
		types[q.ID] = q.Type
		required[q.ID] = q.Required
	}
	f.Fuzz(func(t *testing.T, data []byte, useNumber bool) {
		d := json.NewDecoder(strings.NewReader(string(data)))
		if useNumber {
			d.UseNumber()
		}
		var answers map[string]any
		if d.Decode(&answers) != nil {
			return
		}
		got, err := survey.ValidateResponse(s, answers)
		if err != nil {
			if survey.ErrorCode(err) != survey.EUNPROCESS || len(survey.ErrorFields(err)) == 0 {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		visible := s.Visible(map[string]any(got))
		for id, v := range got {
			if !visible[id] {
				t.Fatalf("answer to hidden question %q accepted", id)
			}
			if !normalisedType(types[id], v) {
				t.Fatalf("answer %q is %T, not the normalised type of %s", id, v, types[id])
			}
			if str, ok := v.(string); ok && hasControl(str, types[id] == survey.TypeLongText) {
				t.Fatalf("answer %q holds a control character: %q", id, str)
			}
		}
		for id, req := range required {
			if _, ok := got[id]; req && visible[id] && !ok {
				t.Fatalf("required question %q accepted unanswered", id)
			}
		}
		again, err := survey.ValidateResponse(s, map[string]any(got))
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Fatalf("normalised answers not accepted unchanged: %v, %v", again, err)
		}
	})
}

// hasControl reports a control character other than a tab, and a line
// break outside long text.
func hasControl(s string, multiline bool) bool {
	for _, r := range s {
		if unicode.IsControl(r) && r != '\t' && !(multiline && r == '\n') {
			return true
		}
	}
	return false
}

// normalisedType reports whether v has the Go type ValidateResponse
// promises for the question type.
func normalisedType(typ string, v any) bool {
	switch typ {
	case survey.TypeMultiChoice:
		l, ok := v.([]string)
		return ok && len(l) > 0
	case survey.TypeLikert, survey.TypeRating:
		_, ok := v.(int)
		return ok
	case survey.TypeNumber:
		_, ok := v.(float64)
		return ok
	case survey.TypeYesNo:
		_, ok := v.(bool)
		return ok
	}
	str, ok := v.(string)
	return ok && str != "" && str == strings.TrimSpace(str)
}

// FuzzParseQuarter checks that a parsed key is what Key writes, and that
// every valid quarter's key parses back to it.
func FuzzParseQuarter(f *testing.F) {
	f.Add("2026-27-Q3", 2026, 3, false)
	f.Add("2026-Q1", 2026, 1, true)
	f.Add("2099-00-Q4", 1999, 4, false)
	f.Add("9999-00-Q1", 9999, 0, true)
	f.Fuzz(func(t *testing.T, key string, year, n int, single bool) {
		if q, err := survey.ParseQuarter(key); err == nil {
			if q.Key() != key || !q.Valid() {
				t.Fatalf("ParseQuarter(%q) = %+v, whose key is %q", key, q, q.Key())
			}
		} else if survey.ErrorCode(err) != survey.EINVALID {
			t.Fatalf("ParseQuarter(%q): code %q", key, survey.ErrorCode(err))
		}
		q := survey.Quarter{Year: year, Q: n, SingleYear: single}
		if !q.Valid() {
			return
		}
		back, err := survey.ParseQuarter(q.Key())
		if err != nil || back != q {
			t.Fatalf("ParseQuarter(%q) = %+v, %v; want %+v", q.Key(), back, err, q)
		}
	})
}
