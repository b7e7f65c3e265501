package webui

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// contentSecurityPolicy allows only this site's own files: no inline
// script, no third-party request, no framing. QR images are same-origin.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; " +
	"img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// securityHeaders sets the headers every respondent page and asset carries.
// It never sets a cookie.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		return next(c)
	}
}

// compress gzips responses for clients that accept it. Small bodies are
// left alone since gzip would only add bytes.
func compress() echo.MiddlewareFunc {
	return middleware.GzipWithConfig(middleware.GzipConfig{Level: 6, MinLength: 256})
}

// dropTrailingSlash redirects /s/survey/ to /s/survey, keeping the query.
func dropTrailingSlash(c echo.Context) error {
	u := *c.Request().URL
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	u.Scheme, u.Host = "", ""
	return c.Redirect(http.StatusMovedPermanently, u.String())
}
