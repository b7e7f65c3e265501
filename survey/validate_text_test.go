package survey_test

import (
	"testing"

	"github.com/chorus-nhs/chorus/survey"
)

// TestTextControlCharacters: text answers may hold tabs, and line breaks
// in long text only; NUL and every other control character is refused,
// naming the answer.
func TestTextControlCharacters(t *testing.T) {
	s := allTypes(t)
	for _, tc := range []struct {
		name, field, text, want string
	}{
		{"OKTabLong", "good", "Staff\tlistened.\r\nThanks.", ""},
		{"OKTabShort", "carer_how", "Ring\tme", ""},
		{"ErrNUL", "good", "Staff\x00listened", "Remove the hidden control character (U+0000) from your answer."},
		{"ErrEscape", "good", "Staff\x1b[2J", "Remove the hidden control character (U+001B) from your answer."},
		{"ErrC1", "good", "Staff\u0085listened", "Remove the hidden control character (U+0085) from your answer."},
		{"ErrDEL", "carer_how", "Ring\x7f", "Remove the hidden control character (U+007F) from your answer."},
		{"ErrLineInShort", "carer_how", "Ring\nme", "Write your answer on one line."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			answers := map[string]any{"role": "carer", "fft": "good", "carer_involved": false, tc.field: tc.text}
			_, err := survey.ValidateResponse(s, answers)
			var got string
			for _, fe := range survey.ErrorFields(err) {
				if fe.Field == "answers."+tc.field {
					got = fe.Message
				}
			}
			if got != tc.want || (tc.want == "" && err != nil) {
				t.Errorf("got %q (%v), want %q", got, err, tc.want)
			}
		})
	}
}
