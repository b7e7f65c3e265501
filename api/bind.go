package api

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"regexp"
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

// checkKeys is app.CheckJSON: one JSON value in valid UTF-8, no key twice
// in an object, none starting with "$" or containing ".".
func checkKeys(body []byte) error { return app.CheckJSON(body) }

// clipInput is app.ClipInput: long input is never echoed whole.
func clipInput(s string, n int) string { return app.ClipInput(s, n) }

// jsonError is app.JSONError: a decoding error as a precise invalid error.
func jsonError(err error) error { return app.JSONError(err) }

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
