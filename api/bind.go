package api

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chorus-nhs/chorus/survey"
	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo/v4"
)

var validate = newValidator()

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	_ = v.RegisterValidation("slug", func(fl validator.FieldLevel) bool {
		return survey.ValidSlug(fl.Field().String())
	})
	return v
}

// bind reads a JSON body of at most MaxBodyBytes into a T and validates it.
// Oversized bodies are too_large; malformed JSON, keys that start with "$"
// or contain "." (MongoDB operators and paths) and unknown fields are
// invalid; struct validation failures are unprocessable with each field
// named by its JSON path.
func bind[T any](c echo.Context) (*T, error) {
	body, err := readBody(c)
	if err != nil {
		return nil, err
	}
	var v T
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return nil, jsonError(err)
	}
	if err := validate.Struct(&v); err != nil {
		return nil, validationError(err)
	}
	return &v, nil
}

// readBody reads the request body with the size limit and checks that it is
// one well-formed JSON value in UTF-8, with no duplicate or hostile keys.
func readBody(c echo.Context) ([]byte, error) {
	r := c.Request()
	if err := checkContentType(r.Header.Get(echo.HeaderContentType)); err != nil {
		return nil, err
	}
	if r.ContentLength > MaxBodyBytes {
		return nil, survey.Errorf(survey.ETOOLARGE, "The request body is larger than %d KiB.", MaxBodyBytes>>10)
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Response(), r.Body, MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, survey.Errorf(survey.ETOOLARGE, "The request body is larger than %d KiB.", MaxBodyBytes>>10)
		}
		return nil, survey.Errorf(survey.EINVALID, "The request body could not be read.")
	}
	if err := checkKeys(body); err != nil {
		return nil, err
	}
	return body, nil
}

// checkContentType accepts a body sent as application/json, with optional
// parameters (a charset must be UTF-8), or with no Content-Type at all.
// Anything else, application/jsonp or text/plain included, is invalid.
func checkContentType(ct string) error {
	if ct == "" {
		return nil
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != echo.MIMEApplicationJSON {
		return survey.Errorf(survey.EINVALID, "Send the body as JSON (Content-Type: application/json), not %q.", clipInput(ct, 60))
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return survey.Errorf(survey.EINVALID, "Send the body in UTF-8 (charset=utf-8), not %q.", clipInput(cs, 30))
	}
	return nil
}

// checkKeys parses body as one JSON value in valid UTF-8 and rejects any
// object key, at any depth, that appears twice in its object, starts with
// "$" or contains "." (MongoDB operators and paths).
func checkKeys(body []byte) error {
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
		return jsonError(err)
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
		return jsonError(err)
	}
	return nil
}

// walkObject reads the members of an object whose { has been read.
func walkObject(dec *json.Decoder, path string, depth int) error {
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return jsonError(err)
		}
		k, _ := tok.(string)
		p := clipInput(k, 64)
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
		Fields: []survey.FieldError{{Field: path, Message: fmt.Sprintf(detail, clipInput(key, 64))}}}
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

// clipInput cuts s to at most n bytes on a rune boundary, with "…" when
// cut, so that long input is never echoed whole.
func clipInput(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// jsonError turns a decoding error into a precise invalid error.
func jsonError(err error) error {
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
		name := clipInput(strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), 64)
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

// validationError maps validator errors to field errors named by JSON path.
func validationError(err error) error {
	var ve validator.ValidationErrors
	if !errors.As(err, &ve) {
		return survey.Errorf(survey.EINVALID, "The body could not be checked.")
	}
	fields := make([]survey.FieldError, 0, len(ve))
	for _, fe := range ve {
		_, path, _ := strings.Cut(fe.Namespace(), ".") // drop the struct name
		fields = append(fields, survey.FieldError{Field: path, Message: tagMessage(fe)})
	}
	return &survey.Error{Code: survey.EUNPROCESS, Message: "Some fields are not valid.", Fields: fields}
}

func tagMessage(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "This field is required."
	case "uuid", "uuid4":
		return "Must be a UUID such as 5d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d77."
	case "slug":
		return "Must be lower-case letters, digits and single hyphens (at most 64)."
	case "max":
		return fmt.Sprintf("Must be at most %s long.", fe.Param())
	case "min":
		return fmt.Sprintf("Must be at least %s long.", fe.Param())
	case "email":
		return "Must be an e-mail address."
	case "url", "http_url":
		return "Must be an http(s) address."
	case "bcp47_language_tag":
		return "Must be a language tag such as en or cy."
	case "oneof":
		return "Must be one of: " + fe.Param() + "."
	}
	return fmt.Sprintf("Failed the %q check.", fe.Tag())
}

// Longest path parameters: a slug (organisation, service, team, survey)
// has at most 64 characters; ids, versions and quarter keys are shorter
// than maxParam.
const (
	maxSlugParam = 64
	maxParam     = 80
)

// limitParams answers not_found, without echoing the value, for a path
// parameter longer than any name Chorus makes, so that error messages
// never repeat long input whole.
func limitParams(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		values := c.ParamValues()
		for i, name := range c.ParamNames() {
			if i >= len(values) {
				break
			}
			limit := maxParam
			if _, slug := pathSlugs[name]; slug {
				limit = maxSlugParam
			}
			if len(values[i]) > limit {
				return survey.Errorf(survey.ENOTFOUND, "No %s has so long a name: they have at most %d characters.", cmp.Or(pathSlugs[name], "such item"), limit)
			}
		}
		return next(c)
	}
}

// pathSlugs names the slug path parameters in messages.
var pathSlugs = map[string]string{"org": "organisation", "service": "service", "team": "team", "slug": "survey"}

// quotedRE matches a quoted string (as %q writes it) of more than 64
// characters inside a message.
var quotedRE = regexp.MustCompile(`"((?:[^"\\]|\\.){64})(?:[^"\\]|\\.)+"`)

// clipEcho shortens every long quoted string in an error message and long
// field paths, so that no answer repeats long input whole, whichever
// handler or store method wrote the message.
func clipEcho(e ErrorDetail) ErrorDetail {
	e.Message = quotedRE.ReplaceAllString(e.Message, `"$1…"`)
	if len(e.Fields) == 0 {
		return e
	}
	fields := make([]survey.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		fields[i] = survey.FieldError{Field: clipInput(f.Field, 200), Message: quotedRE.ReplaceAllString(f.Message, `"$1…"`)}
	}
	e.Fields = fields
	return e
}
