package survey_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/survey"
)

// decode parses a JSON object the way the API does; with useNumber, numbers
// arrive as json.Number.
func decode(tb testing.TB, src string, useNumber bool) map[string]any {
	tb.Helper()
	d := json.NewDecoder(strings.NewReader(src))
	if useNumber {
		d.UseNumber()
	}
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		tb.Fatalf("decode %s: %v", src, err)
	}
	return m
}

func field(id, msg string) survey.FieldError {
	return survey.FieldError{Field: "answers." + id, Message: msg}
}

const (
	msgChoose   = "Choose one of the options."
	msgRequired = survey.MsgAnswerRequired
	msgHidden   = survey.MsgAnswerHidden
	msgLikert   = "Choose an answer from 1 (strongly disagree) to 5 (strongly agree)."
	msgRating   = "Choose a rating from 1 to 10."
	msgContacts = "Enter a number from 0 to 100."
)

func TestValidateResponse(t *testing.T) {
	s := allTypes(t)
	long := strings.Repeat("é", 2000)
	tests := []struct {
		name    string
		answers string
		want    survey.Answers
		errs    []survey.FieldError
	}{
		// Minimal and full answers.
		{"OK/Minimal", `{"role": "service_user", "fft": "good"}`,
			survey.Answers{"role": "service_user", "fft": "good"}, nil},
		{"OK/EveryType", `{"role": "carer", "fft": "poor", "listened": 4, "safety": 7, "contacts": 3,
			"helped_with": ["other", "medication"], "helped_other": "  benefits form  ",
			"good": "Staff listened.\r\nThey called back.", "improve": "", "poor_why": "Waited weeks.",
			"carer_involved": false, "carer_how": "Ring me."}`,
			survey.Answers{"role": "carer", "fft": "poor", "listened": 4, "safety": 7, "contacts": 3.0,
				"helped_with": []string{"medication", "other"}, "helped_other": "benefits form",
				"good": "Staff listened.\nThey called back.", "poor_why": "Waited weeks.",
				"carer_involved": false, "carer_how": "Ring me."}, nil},
		{"OK/NullOptional", `{"role": "service_user", "fft": "good", "listened": null, "helped_with": [], "good": "   "}`,
			survey.Answers{"role": "service_user", "fft": "good"}, nil},
		{"OK/IntegralFloats", `{"role": "other", "fft": "dont_know", "listened": 5.0, "safety": 1e1, "contacts": 0}`,
			survey.Answers{"role": "other", "fft": "dont_know", "listened": 5, "safety": 10, "contacts": 0.0}, nil},
		{"OK/TextAtLimit", `{"role": "service_user", "fft": "good", "good": "` + long + `"}`,
			survey.Answers{"role": "service_user", "fft": "good", "good": long}, nil},

		// Required questions.
		{"ErrRequiredMissing", `{}`, nil, []survey.FieldError{field("role", msgRequired), field("fft", msgRequired)}},
		{"ErrRequiredNull", `{"role": null, "fft": ""}`, nil, []survey.FieldError{field("role", msgRequired), field("fft", msgRequired)}},
		{"ErrRequiredBlank", `{"role": "  ", "fft": "good"}`, nil, []survey.FieldError{field("role", msgRequired)}},
		{"ErrRequiredInShownSection", `{"role": "carer", "fft": "good"}`, nil, []survey.FieldError{field("carer_involved", msgRequired)}},

		// single_choice
		{"ErrSingleChoiceNotOption", `{"role": "doctor", "fft": "good"}`, nil, []survey.FieldError{field("role", msgChoose)}},
		{"ErrSingleChoiceNumber", `{"role": 1, "fft": "good"}`, nil, []survey.FieldError{field("role", msgChoose)}},
		{"ErrSingleChoiceArray", `{"role": ["carer"], "fft": "good"}`, nil, []survey.FieldError{field("role", msgChoose)}},
		{"ErrSingleChoiceCase", `{"role": "Carer", "fft": "good"}`, nil, []survey.FieldError{field("role", msgChoose)}},

		// fft
		{"ErrFFTNotAnswer", `{"role": "carer", "fft": "excellent", "carer_involved": true}`, nil, []survey.FieldError{field("fft", msgChoose)}},
		{"ErrFFTBool", `{"role": "service_user", "fft": true}`, nil, []survey.FieldError{field("fft", msgChoose)}},

		// likert
		{"ErrLikertZero", `{"role": "service_user", "fft": "good", "listened": 0}`, nil, []survey.FieldError{field("listened", msgLikert)}},
		{"ErrLikertSix", `{"role": "service_user", "fft": "good", "listened": 6}`, nil, []survey.FieldError{field("listened", msgLikert)}},
		{"ErrLikertFraction", `{"role": "service_user", "fft": "good", "listened": 2.5}`, nil, []survey.FieldError{field("listened", msgLikert)}},
		{"ErrLikertString", `{"role": "service_user", "fft": "good", "listened": "3"}`, nil, []survey.FieldError{field("listened", msgLikert)}},

		// rating
		{"ErrRatingOverMax", `{"role": "service_user", "fft": "good", "safety": 11}`, nil, []survey.FieldError{field("safety", msgRating)}},
		{"ErrRatingNegative", `{"role": "service_user", "fft": "good", "safety": -1}`, nil, []survey.FieldError{field("safety", msgRating)}},
		{"ErrRatingObject", `{"role": "service_user", "fft": "good", "safety": {"v": 3}}`, nil, []survey.FieldError{field("safety", msgRating)}},

		// number (min 0, max 100, integer)
		{"ErrNumberAboveMax", `{"role": "service_user", "fft": "good", "contacts": 101}`, nil, []survey.FieldError{field("contacts", msgContacts)}},
		{"ErrNumberBelowMin", `{"role": "service_user", "fft": "good", "contacts": -0.5}`, nil, []survey.FieldError{field("contacts", "Enter a whole number.")}},
		{"ErrNumberNotInteger", `{"role": "service_user", "fft": "good", "contacts": 2.5}`, nil, []survey.FieldError{field("contacts", "Enter a whole number.")}},
		{"ErrNumberString", `{"role": "service_user", "fft": "good", "contacts": "3"}`, nil, []survey.FieldError{field("contacts", "Enter a number.")}},
		{"ErrNumberBool", `{"role": "service_user", "fft": "good", "contacts": true}`, nil, []survey.FieldError{field("contacts", "Enter a number.")}},

		// multi_choice (max_selected 3)
		{"ErrMultiNotArray", `{"role": "service_user", "fft": "good", "helped_with": "housing"}`, nil,
			[]survey.FieldError{field("helped_with", "Choose one or more of the options.")}},
		{"ErrMultiNotOption", `{"role": "service_user", "fft": "good", "helped_with": ["housing", "money"]}`, nil,
			[]survey.FieldError{field("helped_with", "Choose from the options given.")}},
		{"ErrMultiNotString", `{"role": "service_user", "fft": "good", "helped_with": ["housing", 2]}`, nil,
			[]survey.FieldError{field("helped_with", "Choose from the options given.")}},
		{"ErrMultiRepeat", `{"role": "service_user", "fft": "good", "helped_with": ["housing", "housing"]}`, nil,
			[]survey.FieldError{field("helped_with", "Choose each option only once.")}},
		{"ErrMultiTooMany", `{"role": "service_user", "fft": "good", "helped_with": ["housing", "talking", "medication", "other"]}`, nil,
			[]survey.FieldError{field("helped_with", "Choose up to 3 options.")}},
		{"ErrMultiNull", `{"role": "service_user", "fft": "good", "helped_with": [null]}`, nil,
			[]survey.FieldError{field("helped_with", "Choose from the options given.")}},

		// yes_no
		{"ErrYesNoString", `{"role": "carer", "fft": "good", "carer_involved": "yes"}`, nil,
			[]survey.FieldError{field("carer_involved", "Answer yes or no.")}},
		{"ErrYesNoNumber", `{"role": "carer", "fft": "good", "carer_involved": 1}`, nil,
			[]survey.FieldError{field("carer_involved", "Answer yes or no.")}},

		// short_text (max_length 100 on helped_other, default 200 on carer_how) and long_text
		{"ErrShortTextTooLong", `{"role": "carer", "fft": "good", "carer_involved": false, "carer_how": "` + strings.Repeat("a", 201) + `"}`, nil,
			[]survey.FieldError{field("carer_how", "Enter 200 characters or fewer.")}},
		{"ErrShortTextMaxLength", `{"role": "service_user", "fft": "good", "helped_with": ["other"], "helped_other": "` + strings.Repeat("ü", 101) + `"}`, nil,
			[]survey.FieldError{field("helped_other", "Enter 100 characters or fewer.")}},
		{"ErrLongTextTooLong", `{"role": "service_user", "fft": "good", "good": "` + long + `x"}`, nil,
			[]survey.FieldError{field("good", "Enter 2000 characters or fewer.")}},
		{"ErrLongTextDefaultLimit", `{"role": "service_user", "fft": "good", "improve": "` + strings.Repeat("b", 5001) + `"}`, nil,
			[]survey.FieldError{field("improve", "Enter 5000 characters or fewer.")}},
		{"ErrTextNumber", `{"role": "service_user", "fft": "good", "good": 5}`, nil,
			[]survey.FieldError{field("good", "Enter your answer as text.")}},

		// Hidden questions and unknown ids.
		{"ErrHiddenQuestion", `{"role": "service_user", "fft": "good", "helped_with": ["housing"], "helped_other": "x"}`, nil,
			[]survey.FieldError{field("helped_other", msgHidden)}},
		{"ErrHiddenSection", `{"role": "service_user", "fft": "good", "carer_involved": true}`, nil,
			[]survey.FieldError{field("carer_involved", msgHidden)}},
		{"ErrHiddenChain", `{"role": "service_user", "fft": "good", "carer_involved": false, "carer_how": "x"}`, nil,
			[]survey.FieldError{field("carer_involved", msgHidden), field("carer_how", msgHidden)}},
		{"ErrHiddenIn", `{"role": "service_user", "fft": "good", "poor_why": "x"}`, nil,
			[]survey.FieldError{field("poor_why", msgHidden)}},
		{"ErrUnknownQuestion", `{"role": "service_user", "fft": "good", "zeta": 1, "alpha": "x"}`, nil,
			[]survey.FieldError{field("alpha", survey.MsgAnswerUnknown), field("zeta", survey.MsgAnswerUnknown)}},

		// Every error is reported, in survey order, unknown ids last.
		{"ErrAllSorted", `{"zz": 1, "carer_how": "x", "safety": 0, "role": "nurse", "improve": 3}`, nil,
			[]survey.FieldError{field("role", msgChoose), field("fft", msgRequired), field("safety", msgRating),
				field("improve", "Enter your answer as text."), field("zz", survey.MsgAnswerUnknown)}},
	}
	for _, tt := range tests {
		for _, useNumber := range []bool{false, true} {
			name := tt.name
			if useNumber {
				name += "/UseNumber"
			}
			t.Run(name, func(t *testing.T) {
				got, err := survey.ValidateResponse(s, decode(t, tt.answers, useNumber))
				if tt.errs != nil {
					wantFields(t, err, tt.errs...)
					if got != nil {
						t.Errorf("answers = %v, want nil on error", got)
					}
					if msg := survey.ErrorMessage(err); msg != "Some answers are not valid." {
						t.Errorf("message = %q", msg)
					}
					return
				}
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("answers:\n got %#v\nwant %#v", got, tt.want)
				}
			})
		}
	}
}

// When an answer that a condition depends on is itself invalid, the
// dependent question is neither required nor reported as hidden: one
// mistake gives one error.
func TestValidateResponseInvalidControllingAnswer(t *testing.T) {
	s := allTypes(t)
	// "carer" sections need carer_involved; role is invalid so it is unknown
	// whether the carer section shows.
	_, err := survey.ValidateResponse(s, decode(t, `{"role": "carr", "fft": "good", "carer_involved": true}`, false))
	wantFields(t, err, field("role", msgChoose))
	// The dependent answer is still type-checked.
	_, err = survey.ValidateResponse(s, decode(t, `{"role": "carr", "fft": "good", "carer_involved": "yes"}`, false))
	wantFields(t, err, field("role", msgChoose), field("carer_involved", "Answer yes or no."))
}

// Go values that other packages (and the store) pass in are accepted as well
// as JSON-decoded ones.
func TestValidateResponseGoValues(t *testing.T) {
	s := allTypes(t)
	got, err := survey.ValidateResponse(s, map[string]any{
		"role": "carer", "fft": "very_good", "listened": 3, "safety": int64(2), "contacts": int32(5),
		"helped_with": []string{"talking"}, "carer_involved": true,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := survey.Answers{"role": "carer", "fft": "very_good", "listened": 3, "safety": 2, "contacts": 5.0,
		"helped_with": []string{"talking"}, "carer_involved": true}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v\nwant %#v", got, want)
	}
	if got.Role() != "carer" {
		t.Errorf("Role() = %q", got.Role())
	}
}

func TestValidateResponseNilAnswers(t *testing.T) {
	_, err := survey.ValidateResponse(allTypes(t), nil)
	wantFields(t, err, field("role", msgRequired), field("fft", msgRequired))
}

func TestValidateResponseNilSurvey(t *testing.T) {
	_, err := survey.ValidateResponse(nil, map[string]any{})
	if got := survey.ErrorCode(err); got != survey.EINTERNAL {
		t.Errorf("code = %q, want internal", got)
	}
}

func TestValidateResponseHugeNumber(t *testing.T) {
	s := allTypes(t)
	_, err := survey.ValidateResponse(s, decode(t, `{"role": "service_user", "fft": "good", "contacts": 1e400}`, true))
	wantFields(t, err, field("contacts", "Enter a number."))
}

// Numbers without min or max, and with min or max only.
func TestValidateResponseNumberBounds(t *testing.T) {
	lo, hi := 1.5, 9.0
	mk := func(min, max *float64) *survey.Survey {
		return &survey.Survey{Sections: []survey.Section{{ID: "s", Questions: []survey.Question{
			{ID: "n", Type: survey.TypeNumber, Min: min, Max: max}}}}}
	}
	tests := []struct {
		name string
		s    *survey.Survey
		in   any
		msg  string
	}{
		{"OK/Unbounded", mk(nil, nil), -1e9, ""},
		{"OK/Fraction", mk(&lo, &hi), 1.5, ""},
		{"ErrBelowMinOnly", mk(&lo, nil), 1.0, "Enter a number of 1.5 or more."},
		{"ErrAboveMaxOnly", mk(nil, &hi), 9.01, "Enter a number of 9 or less."},
		{"ErrRange", mk(&lo, &hi), 10.0, "Enter a number from 1.5 to 9."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := survey.ValidateResponse(tt.s, map[string]any{"n": tt.in})
			if tt.msg == "" {
				if err != nil || got["n"] != tt.in {
					t.Fatalf("got %v, %v", got, err)
				}
				return
			}
			wantFields(t, err, field("n", tt.msg))
		})
	}
}

func TestValidateResponseMaxSelectedOne(t *testing.T) {
	s := allTypes(t)
	s.Question("helped_with").MaxSelected = 1
	_, err := survey.ValidateResponse(s, decode(t, `{"role": "service_user", "fft": "good", "helped_with": ["housing", "talking"]}`, false))
	wantFields(t, err, field("helped_with", "Choose only one option."))
}

// The error a caller gets back marshals to the DESIGN.md fields shape.
func TestValidateResponseErrorJSON(t *testing.T) {
	_, err := survey.ValidateResponse(allTypes(t), map[string]any{"role": "carer"})
	b, jerr := json.Marshal(survey.ErrorFields(err))
	if jerr != nil {
		t.Fatal(jerr)
	}
	want := `[{"field":"answers.fft","message":"This question needs an answer."},{"field":"answers.carer_involved","message":"This question needs an answer."}]`
	if !bytes.Equal(b, []byte(want)) {
		t.Errorf("got %s\nwant %s", b, want)
	}
}
