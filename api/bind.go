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
