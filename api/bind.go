package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

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
	if err := app.Validate(&v); err != nil {
		return nil, err
	}
	return &v, nil
}

// readBody reads the request body with the size limit and checks that it is
// one well-formed JSON value with no hostile keys.
func readBody(c echo.Context) ([]byte, error) {
	r := c.Request()
	if ct := r.Header.Get(echo.HeaderContentType); ct != "" && !strings.HasPrefix(strings.ToLower(ct), echo.MIMEApplicationJSON) {
		return nil, survey.Errorf(survey.EINVALID, "Send the body as JSON (Content-Type: application/json), not %q.", ct)
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

// checkKeys parses body as one JSON value and rejects any object key, at any
// depth, that starts with "$" or contains ".".
func checkKeys(body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return survey.Errorf(survey.EINVALID, "The body must be a single JSON value.")
	}
	return walkKeys(v, "")
}

func walkKeys(v any, path string) error {
	switch t := v.(type) {
	case map[string]any:
		for k, child := range t {
			p := k
			if path != "" {
				p = path + "." + k
			}
			if strings.HasPrefix(k, "$") || strings.Contains(k, ".") {
				return &survey.Error{Code: survey.EINVALID, Message: "Keys may not start with \"$\" or contain \".\".",
					Fields: []survey.FieldError{{Field: p, Message: fmt.Sprintf("The key %q is not allowed.", k)}}}
			}
			if err := walkKeys(child, p); err != nil {
				return err
			}
		}
	case []any:
		for i, child := range t {
			if err := walkKeys(child, path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
	}
	return nil
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
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
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
