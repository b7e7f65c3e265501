package api

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/survey"
)

// FuzzCheckKeys feeds arbitrary bodies to the JSON gate in front of every
// handler: it must never panic, must reject anything that is not one JSON
// value, and must never let a "$" or "." key through at any depth.
func FuzzCheckKeys(f *testing.F) {
	for _, seed := range []string{
		`{"id":"5d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d77","answers":{"fft":"good"}}`,
		`{"answers":{"fft":{"$gt":""}}}`, `{"a.b":1}`, `[{"x":[{"$where":"1"}]}]`,
		`{"a":1} {"b":2}`, `{`, `"\u0024x"`, `{"\u0024x":1}`, `{"ok":"has.dot in value"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		err := checkKeys(body)
		if err != nil {
			if code := survey.ErrorCode(err); code != survey.EINVALID {
				t.Fatalf("code = %q, want invalid", code)
			}
			return
		}
		var v any
		if json.Unmarshal(body, &v) != nil {
			t.Fatalf("accepted a body that is not JSON: %q", body)
		}
		var bad func(any) bool
		bad = func(v any) bool {
			switch x := v.(type) {
			case map[string]any:
				for k, c := range x {
					if strings.HasPrefix(k, "$") || strings.Contains(k, ".") || bad(c) {
						return true
					}
				}
			case []any:
				for _, c := range x {
					if bad(c) {
						return true
					}
				}
			}
			return false
		}
		if bad(v) {
			t.Fatalf("accepted a hostile key: %q", body)
		}
	})
}
