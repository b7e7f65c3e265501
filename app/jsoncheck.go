package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chorus-nhs/chorus/survey"
)

// Strict JSON input, for every adapter that takes a JSON body (the API's
// bind, the builder's SurveyJS import).

// CheckJSON parses body as one JSON value in valid UTF-8 and rejects any
// object key, at any depth, that appears twice in its object, starts with
// "$" or contains "." (MongoDB operators and paths).
func CheckJSON(body []byte) error {
	if err := checkUTF8(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := walkValue(dec, "", 0); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return survey.Errorf(survey.EINVALID, "The body must be a single JSON value.")
	}
	return nil
}

// maxDepth bounds the nesting of a JSON body.
const maxDepth = 64

// walkValue reads one JSON value from dec, checking the keys of every
// object in it; path names the value in errors ("answers.fft").
func walkValue(dec *json.Decoder, path string, depth int) error {
	tok, err := dec.Token()
	if err != nil {
		return JSONError(err)
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	if depth >= maxDepth {
		return survey.Errorf(survey.EINVALID, "The body is nested more than %d deep.", maxDepth)
	}
	if delim == '[' {
		for i := 0; dec.More(); i++ {
			if err := walkValue(dec, path+"["+strconv.Itoa(i)+"]", depth+1); err != nil {
				return err
			}
		}
	} else if err := walkObject(dec, path, depth); err != nil {
		return err
	}
	if _, err := dec.Token(); err != nil { // the closing ] or }
		return JSONError(err)
	}
	return nil
}

// walkObject reads the members of an object whose { has been read.
func walkObject(dec *json.Decoder, path string, depth int) error {
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return JSONError(err)
		}
		k, _ := tok.(string)
		p := ClipInput(k, 64)
		if path != "" {
			p = path + "." + p
		}
		switch {
		case strings.HasPrefix(k, "$") || strings.Contains(k, "."):
			return keyError(p, "Keys may not start with \"$\" or contain \".\".", "The key %q is not allowed.", k)
		case seen[k]:
			return keyError(p, "A key appears twice in one object.", "The key %q appears more than once.", k)
		}
		seen[k] = true
		if err := walkValue(dec, p, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// keyError is an invalid error naming one key of the body.
func keyError(path, message, detail, key string) error {
	return &survey.Error{Code: survey.EINVALID, Message: message,
		Fields: []survey.FieldError{{Field: path, Message: fmt.Sprintf(detail, ClipInput(key, 64))}}}
}

// checkUTF8 rejects a body that is not valid UTF-8, or whose strings
// escape half of a UTF-16 surrogate pair (\ud800 alone): both would
// otherwise be stored as U+FFFD without a word.
func checkUTF8(body []byte) error {
	if !utf8.Valid(body) {
		at := 0
		for at < len(body) {
			r, n := utf8.DecodeRune(body[at:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			at += n
		}
		return survey.Errorf(survey.EINVALID, "The body is not valid UTF-8 (at byte %d).", at)
	}
	if at := loneSurrogate(body); at >= 0 {
		return survey.Errorf(survey.EINVALID, "The body escapes half a UTF-16 surrogate pair (at byte %d): that is not a character.", at)
	}
	return nil
}

// loneSurrogate returns the offset of a \uXXXX escape, inside a JSON
// string, of a surrogate that is not part of a high-low pair, or -1.
func loneSurrogate(body []byte) int {
	inString, pendingHigh := false, -1
	for i := 0; i < len(body); i++ {
		b := body[i]
		if !inString {
			inString = b == '"'
			continue
		}
		switch {
		case b == '"':
			if pendingHigh >= 0 {
				return pendingHigh
			}
			inString = false
		case b == '\\' && i+1 < len(body) && body[i+1] == 'u' && i+6 <= len(body):
			v, err := strconv.ParseUint(string(body[i+2:i+6]), 16, 16)
			switch {
			case err != nil:
			case v >= 0xD800 && v < 0xDC00:
				if pendingHigh >= 0 {
					return pendingHigh
				}
				pendingHigh = i
			case v >= 0xDC00 && v < 0xE000:
				if pendingHigh < 0 || pendingHigh != i-6 {
					return i
				}
				pendingHigh = -1
			default:
				if pendingHigh >= 0 {
					return pendingHigh
				}
			}
			i += 5
		case b == '\\':
			if pendingHigh >= 0 {
				return pendingHigh
			}
			i++
		default:
			if pendingHigh >= 0 {
				return pendingHigh
			}
		}
	}
	return -1
}

// ClipInput cuts s to at most n bytes on a rune boundary, with "…" when
// cut, so that long input is never echoed whole; invalid UTF-8 and control
// characters are shown as "?".
func ClipInput(s string, n int) string {
	// Invalid bytes and control characters become "?": quoted with %q
	// they would each grow to four characters, past any limit.
	s = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) {
			return '?'
		}
		return r
	}, s)
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// JSONError turns a decoding error into a precise invalid error.
func JSONError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return survey.Errorf(survey.EINVALID, "The body is not valid JSON (at byte %d).", se.Offset)
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			return survey.Errorf(survey.EINVALID, "The body must be a JSON object.")
		}
		return &survey.Error{Code: survey.EINVALID, Message: "A field has the wrong type.",
			Fields: []survey.FieldError{{Field: field, Message: fmt.Sprintf("Must be %s, not %s.", jsonKind(te.Type), te.Value)}}}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return survey.Errorf(survey.EINVALID, "The body is empty or incomplete JSON.")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := ClipInput(strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), 64)
		return &survey.Error{Code: survey.EINVALID, Message: "The body has an unknown field.",
			Fields: []survey.FieldError{{Field: name, Message: "Unknown field."}}}
	}
	return survey.Errorf(survey.EINVALID, "The body is not valid JSON.")
}

func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Float64:
		return "a number"
	case reflect.Slice:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return t.String()
}
