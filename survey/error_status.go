package survey

import "net/http"

// statuses maps error codes to HTTP statuses: the one table, used by both
// HTTP adapters (the JSON API and the pages).
var statuses = map[string]int{
	EINVALID:     http.StatusBadRequest,
	EUNAUTH:      http.StatusUnauthorized,
	EFORBIDDEN:   http.StatusForbidden,
	ENOTFOUND:    http.StatusNotFound,
	ECONFLICT:    http.StatusConflict,
	ETOOLARGE:    http.StatusRequestEntityTooLarge,
	EUNPROCESS:   http.StatusUnprocessableEntity,
	ERATELIMIT:   http.StatusTooManyRequests,
	EUNAVAILABLE: http.StatusServiceUnavailable,
	EINTERNAL:    http.StatusInternalServerError,
}

// HTTPStatus returns the HTTP status of an error code, and false for an
// unknown code.
func HTTPStatus(code string) (int, bool) {
	s, ok := statuses[code]
	return s, ok
}
