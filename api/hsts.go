package api

import (
	"strings"

	"github.com/labstack/echo/v4"
)

// HSTSValue is the Strict-Transport-Security header Chorus sends when its
// public URL is https: a year, subdomains included. Not preloaded: joining
// the browsers' preload list is a decision for the trust that owns the
// domain.
const HSTSValue = "max-age=31536000; includeSubDomains"

// StrictTransportSecurity returns middleware that sets HSTSValue on every
// response when publicURL is https (behind a TLS-terminating proxy the
// request itself arrives as plain http, so the public URL decides), and
// middleware that does nothing otherwise: over plain http the header would
// be ignored by browsers, and on a development machine it would pin
// localhost to https.
func StrictTransportSecurity(publicURL string) echo.MiddlewareFunc {
	if !strings.HasPrefix(strings.ToLower(publicURL), "https://") {
		return func(next echo.HandlerFunc) echo.HandlerFunc { return next }
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			// Set before the handler runs, so that error responses written
			// later by the error handler carry it too.
			c.Response().Header().Set("Strict-Transport-Security", HSTSValue)
			return next(c)
		}
	}
}
