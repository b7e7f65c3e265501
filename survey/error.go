package survey

import (
	"errors"
	"fmt"
)

// Error codes. HTTPStatus maps each to an HTTP status in one table.
const (
	EINVALID     = "invalid"       // malformed input (400)
	ENOTFOUND    = "not_found"     // 404
	ECONFLICT    = "conflict"      // 409
	ETOOLARGE    = "too_large"     // 413
	EUNPROCESS   = "unprocessable" // input that fails the schema (422)
	ERATELIMIT   = "rate_limited"  // 429
	EUNAVAILABLE = "unavailable"   // store unavailable (503)
	EUNAUTH      = "unauthorized"  // 401
	EFORBIDDEN   = "forbidden"     // 403
	EINTERNAL    = "internal"      // 500
)

// FieldError names one field that failed and why. Field is a dotted JSON
// path such as "answers.fft" or "sections[0].questions[2].options".
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is the one error type of Chorus. Message is safe to show to users.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
	// Cause is the underlying error, for logs only; never shown to users.
	Cause error
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Cause }

func (e *Error) Error() string {
	if e.Cause != nil {
		return fmt.Sprintf("chorus error: code=%s message=%s cause=%v", e.Code, e.Message, e.Cause)
	}
	if len(e.Fields) == 0 {
		return fmt.Sprintf("chorus error: code=%s message=%s", e.Code, e.Message)
	}
	return fmt.Sprintf("chorus error: code=%s message=%s fields=%v", e.Code, e.Message, e.Fields)
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrors returns an unprocessable *Error listing the fields, or nil
// when fields is empty.
func FieldErrors(message string, fields []FieldError) error {
	if len(fields) == 0 {
		return nil
	}
	return &Error{Code: EUNPROCESS, Message: message, Fields: fields}
}

// ErrorCode returns the code of err, or EINTERNAL for anything that is not an
// *Error (including nil-wrapped unknown errors). It returns "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err; unknown errors get a
// generic message so that internal details never leak.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// ErrorFields returns the field errors of err, if any.
func ErrorFields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
