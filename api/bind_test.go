package api

import (
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/survey"
)

// TestClipEcho: a long quoted string in any error message is cut to 64
// characters, short ones and the rest of the message are kept.
func TestClipEcho(t *testing.T) {
	long := strings.Repeat("x", 100)
	in := ErrorDetail{Code: "not_found", Message: `No team "` + long + `" and no "short" one.`,
		Fields: []survey.FieldError{{Field: "teams[0].slug", Message: `There is no team "` + long + `\"q" here.`}, {Field: strings.Repeat("f", 300), Message: "x"}}}
	got := clipEcho(in)
	if want := `No team "` + long[:64] + `…" and no "short" one.`; got.Message != want {
		t.Errorf("message = %q, want %q", got.Message, want)
	}
	if want := `There is no team "` + long[:64] + `…" here.`; got.Fields[0].Message != want {
		t.Errorf("field message = %q, want %q", got.Fields[0].Message, want)
	}
	if len(got.Fields[1].Field) > 210 || in.Fields[0].Message == got.Fields[0].Message {
		t.Errorf("field %d bytes, or the input was changed in place", len(got.Fields[1].Field))
	}
}
