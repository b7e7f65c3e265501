package webui

import (
	"strings"
	"testing"
)

// TestDecodeSchemaPlainErrors: a JSON value of the wrong kind is named in
// plain English, never by a Go type.
func TestDecodeSchemaPlainErrors(t *testing.T) {
	for _, tc := range []struct{ name, raw, want string }{
		{"ErrTitleText", `{"slug":"s","title":"Tell us"}`,
			`The JSON could not be read: "title" must be texts by language, such as {"en": "Tell us how we are doing"}, not text.`},
		{"ErrVersionText", `{"slug":"s","version":"two"}`, `"version" must be a whole number, not text.`},
		{"ErrLanguagesObject", `{"slug":"s","languages":{"en":true}}`, `"languages" must be a list in square brackets, not an object.`},
		{"ErrRequiredNumber", `{"sections":[{"id":"a","questions":[{"id":"q","required":1}]}]}`, `"sections.questions.required" must be true or false, not a number.`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeSchema(tc.raw)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.want) {
				t.Errorf("error %q, want it to contain %q", msg, tc.want)
			}
			for _, bad := range []string{"survey.", "int", "string", "bool", "[]"} {
				if strings.Contains(strings.TrimPrefix(msg, "invalid: "), bad) {
					t.Errorf("error %q names a Go type (%q)", msg, bad)
				}
			}
		})
	}
}
