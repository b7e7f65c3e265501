package api

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// codes maps error codes to HTTP statuses; the one place that does.
var codes = map[string]int{
	survey.EINVALID:     http.StatusBadRequest,
	survey.EUNAUTH:      http.StatusUnauthorized,
	survey.EFORBIDDEN:   http.StatusForbidden,
	survey.ENOTFOUND:    http.StatusNotFound,
	survey.ECONFLICT:    http.StatusConflict,
	survey.ETOOLARGE:    http.StatusRequestEntityTooLarge,
	survey.EUNPROCESS:   http.StatusUnprocessableEntity,
	survey.ERATELIMIT:   http.StatusTooManyRequests,
	survey.EUNAVAILABLE: http.StatusServiceUnavailable,
	survey.EINTERNAL:    http.StatusInternalServerError,
}

// statusCodes maps statuses Echo raises itself back to codes.
var statusCodes = map[int]string{
	http.StatusBadRequest:            survey.EINVALID,
	http.StatusUnauthorized:          survey.EUNAUTH,
	http.StatusForbidden:             survey.EFORBIDDEN,
	http.StatusNotFound:              survey.ENOTFOUND,
	http.StatusMethodNotAllowed:      "method_not_allowed",
	http.StatusConflict:              survey.ECONFLICT,
	http.StatusRequestEntityTooLarge: survey.ETOOLARGE,
	http.StatusUnsupportedMediaType:  "unsupported_media_type",
	http.StatusUnprocessableEntity:   survey.EUNPROCESS,
	http.StatusTooManyRequests:       survey.ERATELIMIT,
	http.StatusServiceUnavailable:    survey.EUNAVAILABLE,
}

// ErrorBody is the JSON shape of every API error (DESIGN.md).
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is the inside of ErrorBody.
type ErrorDetail struct {
	Code    string              `json:"code"`
	Message string              `json:"message"`
	Fields  []survey.FieldError `json:"fields,omitempty"`
}

// ErrorHandler writes every error as DESIGN.md's JSON shape, including
// Echo's own 404 and 405. Internal errors are logged once, here, and the
// client sees only a generic message.
func ErrorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		status, body := errorBody(err)
		if status >= 500 && status != http.StatusServiceUnavailable {
			log.Error("internal error", slog.String("method", c.Request().Method),
				slog.String("route", c.Path()), slog.Any("error", err))
		}
		if status == http.StatusServiceUnavailable {
			log.Warn("store unavailable", slog.String("route", c.Path()), slog.Any("error", err))
			c.Response().Header().Set("Retry-After", "5")
		}
		if status == http.StatusTooManyRequests {
			c.Response().Header().Set("Retry-After", "60")
		}
		if c.Request().Method == http.MethodHead {
			_ = c.NoContent(status)
			return
		}
		_ = c.JSON(status, body)
	}
}

func errorBody(err error) (int, ErrorBody) {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		code, ok := statusCodes[he.Code]
		if !ok {
			code = survey.EINTERNAL
		}
		msg := http.StatusText(he.Code) + "."
		switch he.Code {
		case http.StatusNotFound:
			msg = "There is nothing at this address."
		case http.StatusMethodNotAllowed:
			msg = "This address does not accept that method."
		case http.StatusRequestEntityTooLarge:
			msg = "The request body is too large."
		}
		if he.Code >= 500 {
			msg = "Internal error."
		}
		return he.Code, ErrorBody{ErrorDetail{Code: code, Message: msg}}
	}
	code := survey.ErrorCode(err)
	status, ok := codes[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	return status, ErrorBody{clipEcho(ErrorDetail{Code: code, Message: survey.ErrorMessage(err), Fields: survey.ErrorFields(err)})}
}
