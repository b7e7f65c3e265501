package api

import (
	"bytes"
	"encoding/json"
	"mime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chorus-nhs/chorus/survey"
)

// FuzzCheckKeys feeds arbitrary bodies to the JSON gate in front of every
// handler: it must never panic, must reject anything that is not one JSON
// value in valid UTF-8, and must never let a "$" or "." key, a duplicate
// key or a lone UTF-16 surrogate through at any depth.
func FuzzCheckKeys(f *testing.F) {
	for _, seed := range []string{
		`{"id":"5d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d77","answers":{"fft":"good"}}`,
		`{"answers":{"fft":{"$gt":""}}}`, `{"a.b":1}`, `[{"x":[{"$where":"1"}]}]`,
		`{"a":1} {"b":2}`, `{`, `"\u0024x"`, `{"\u0024x":1}`, `{"ok":"has.dot in value"}`,
		`{"id":1,"id":2}`, `{"a":{"b":1,"b":2}}`, `[{"a":1},{"a":1}]`, `{"a":1,"\u0061":2}`,
		"{\"a\":\"\xff\"}", `{"a":"\ud800"}`, `{"a":"\ud83d\ude00"}`, `{"a":"\udc00\ud800"}`, `{"a":"\\ud800"}`,
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
		if !utf8.Valid(body) {
			t.Fatalf("accepted invalid UTF-8: %q", body)
		}
		if hostileKey(v) {
			t.Fatalf("accepted a hostile key: %q", body)
		}
		if keys := keyTokens(body); keys != countKeys(v) {
			t.Fatalf("accepted a duplicate key (%d keys, %d distinct): %q", keys, countKeys(v), body)
		}
		if replaced(v) && !bytes.Contains(body, []byte("\uFFFD")) && !bytes.Contains(bytes.ToLower(body), []byte(`\ufffd`)) {
			t.Fatalf("accepted a body whose text decodes to U+FFFD: %q", body)
		}
	})
}

// hostileKey reports a key starting with "$" or containing "." at any depth.
func hostileKey(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			if strings.HasPrefix(k, "$") || strings.Contains(k, ".") || hostileKey(c) {
				return true
			}
		}
	case []any:
		for _, c := range x {
			if hostileKey(c) {
				return true
			}
		}
	}
	return false
}

// countKeys counts the distinct keys of every object in a decoded value.
func countKeys(v any) int {
	n := 0
	switch x := v.(type) {
	case map[string]any:
		n += len(x)
		for _, c := range x {
			n += countKeys(c)
		}
	case []any:
		for _, c := range x {
			n += countKeys(c)
		}
	}
	return n
}

// keyTokens counts the keys written in a JSON text, repeats included.
func keyTokens(body []byte) int {
	type frame struct{ object, wantKey bool }
	dec := json.NewDecoder(bytes.NewReader(body))
	var stack []frame
	n := 0
	valueDone := func() {
		if len(stack) > 0 && stack[len(stack)-1].object {
			stack[len(stack)-1].wantKey = true
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return n
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{object: true, wantKey: true})
		case json.Delim('['):
			stack = append(stack, frame{})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			valueDone()
		default:
			if top := len(stack) - 1; top >= 0 && stack[top].object && stack[top].wantKey {
				n++
				stack[top].wantKey = false
				continue
			}
			valueDone()
		}
	}
}

// replaced reports whether any decoded string holds U+FFFD.
func replaced(v any) bool {
	switch x := v.(type) {
	case string:
		return strings.ContainsRune(x, utf8.RuneError)
	case map[string]any:
		for k, c := range x {
			if strings.ContainsRune(k, utf8.RuneError) || replaced(c) {
				return true
			}
		}
	case []any:
		for _, c := range x {
			if replaced(c) {
				return true
			}
		}
	}
	return false
}

// FuzzContentType checks the media type gate: only application/json,
// with parameters and at most a UTF-8 charset, or no type at all.
func FuzzContentType(f *testing.F) {
	for _, s := range []string{"", "application/json", "application/json; charset=utf-8", "application/jsonp",
		"APPLICATION/JSON;CHARSET=UTF-8", "application/json; charset=latin1", "text/plain", "application/json;", "application/json x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ct string) {
		err := checkContentType(ct)
		if err == nil && ct != "" {
			mt, params, perr := mime.ParseMediaType(ct)
			if perr != nil || mt != "application/json" {
				t.Fatalf("accepted %q", ct)
			}
			if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
				t.Fatalf("accepted charset %q", cs)
			}
		}
		if err != nil && survey.ErrorCode(err) != survey.EINVALID {
			t.Fatalf("code %q", survey.ErrorCode(err))
		}
		if len(survey.ErrorMessage(err)) > 200 {
			t.Fatalf("message echoes too much: %q", survey.ErrorMessage(err))
		}
	})
}
