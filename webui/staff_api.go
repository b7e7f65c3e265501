package webui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// The staff pages read and change data through the JSON API, in process:
// a page handler sends a request to the same Echo router with the staff
// member's own credentials (session cookie and CSRF token, or bearer
// token). Authorisation, auditing, validation and suppression therefore
// happen in exactly one place, the API, and a page can never show or do
// more than the person could through the API.

// apiRecorder is a minimal http.ResponseWriter that keeps the response.
type apiRecorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *apiRecorder) Header() http.Header { return r.header }
func (r *apiRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}
func (r *apiRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

// callAPI sends method path (with an optional JSON body) to the API as the
// staff member of c and decodes a successful JSON answer into out (when
// not nil). An error answer comes back as a *survey.Error with the API's
// code and message.
func (u *UI) callAPI(c echo.Context, method, path string, body, out any) error {
	if u.dash.echo == nil {
		return fmt.Errorf("webui: staff routes are not registered")
	}
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("webui: %s %s: %w", method, path, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(c.Request().Context(), method, path, rd)
	if err != nil {
		return fmt.Errorf("webui: %s %s: %w", method, path, err)
	}
	orig := c.Request()
	req.Host = orig.Host
	for _, h := range []string{"Cookie", echo.HeaderAuthorization} {
		if v := orig.Header.Get(h); v != "" {
			req.Header.Set(h, v)
		}
	}
	req.Header.Set(echo.HeaderAccept, echo.MIMEApplicationJSON)
	if body != nil {
		req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	}
	if p := currentStaff(c); p != nil && p.CSRFToken != "" && method != http.MethodGet {
		req.Header.Set(csrfHeader, p.CSRFToken)
	}
	rec := &apiRecorder{header: http.Header{}}
	u.dash.echo.ServeHTTP(rec, req)
	return decodeAPI(method, path, rec, out)
}

// callPublicAPI reads a public API route in process, sending nothing of
// the visitor's request: no cookie, no header.
func (u *UI) callPublicAPI(c echo.Context, path string, out any) error {
	req, err := http.NewRequestWithContext(c.Request().Context(), http.MethodGet, path, nil)
	if err != nil {
		return fmt.Errorf("webui: GET %s: %w", path, err)
	}
	req.Host = c.Request().Host
	req.Header.Set(echo.HeaderAccept, echo.MIMEApplicationJSON)
	rec := &apiRecorder{header: http.Header{}}
	u.dash.echo.ServeHTTP(rec, req)
	return decodeAPI(http.MethodGet, path, rec, out)
}

// decodeAPI turns a recorded API answer into out or an error.
func decodeAPI(method, path string, rec *apiRecorder, out any) error {
	if rec.status >= 400 {
		var eb api.ErrorBody
		if err := json.Unmarshal(rec.body.Bytes(), &eb); err != nil || eb.Error.Code == "" {
			return fmt.Errorf("webui: %s %s: status %d", method, path, rec.status)
		}
		e := survey.Errorf(eb.Error.Code, "%s", eb.Error.Message)
		e.Fields = eb.Error.Fields
		return e
	}
	if out == nil || rec.body.Len() == 0 {
		return nil
	}
	if err := json.Unmarshal(rec.body.Bytes(), out); err != nil {
		return fmt.Errorf("webui: %s %s: decode: %w", method, path, err)
	}
	return nil
}

// apiPath joins escaped path segments under /api/v1.
func apiPath(segments ...string) string {
	p := "/api/v1"
	for _, s := range segments {
		p += "/" + url.PathEscape(s)
	}
	return p
}
