package webui

import (
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// NormalizeKeyword folds a keyword typed in an address bar: lower case, with
// spaces (of any kind), hyphens, underscores and plus signs removed, so that
// "Blue Bell", "bluebell" and "BLUE-BELL" are the same keyword. It matches
// store.NormaliseKeyword, which folds the co-designed keywords the same way.
func NormalizeKeyword(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsSpace(r) || r == '-' || r == '_' || r == '+' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// handleKeyword sends /k/{keyword} to the survey page of the keyword's team.
func (u *UI) handleKeyword(c echo.Context) error {
	raw := c.Param("keyword")
	if un, err := url.PathUnescape(raw); err == nil {
		raw = un
	}
	kw := NormalizeKeyword(raw)
	if kw == "" {
		return u.notFound(c, "en")
	}
	slug, team, err := u.app.SurveyByKeyword(c.Request().Context(), kw)
	if err != nil {
		if survey.ErrorCode(err) == survey.ENOTFOUND {
			return u.notFound(c, c.QueryParam("lang"))
		}
		return u.backendError(c, err)
	}
	q := url.Values{}
	for _, k := range []string{"lang", "easy", "kiosk"} {
		if v := c.QueryParam(k); v != "" {
			q.Set(k, v)
		}
	}
	return c.Redirect(http.StatusFound, withQuery(surveyPath(slug, team), q))
}
