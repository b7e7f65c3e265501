package webui

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// surveyPath is the page of a survey for a team ("" for the survey's own page).
func surveyPath(slug, team string) string {
	p := "/s/" + url.PathEscape(slug)
	if team != "" {
		p += "/" + url.PathEscape(team)
	}
	return p
}

// defaultLang is the survey's first language: English when declared.
func defaultLang(s *survey.Survey) string {
	if len(s.Languages) == 0 || slices.Contains(s.Languages, "en") {
		return "en"
	}
	return s.Languages[0]
}

// readView reads the view choices from the query (GET) or the posted form.
// An undeclared language falls back to the best match in Accept-Language,
// then to the survey's default. Nothing is stored.
func readView(c echo.Context, s *survey.Survey) view {
	v := view{Easy: c.FormValue("easy") == "1", Kiosk: c.FormValue("kiosk") == "1"}
	langs := s.Languages
	if len(langs) == 0 {
		langs = []string{"en"}
	}
	if l := c.FormValue("lang"); slices.Contains(langs, l) {
		v.Lang = l
		return v
	}
	v.Lang = acceptLanguage(c.Request().Header.Get("Accept-Language"), langs, defaultLang(s))
	return v
}

// acceptLanguage picks the first language of the header, in the order given,
// that the survey declares. Quality values are ignored: browsers list
// languages in preference order.
func acceptLanguage(header string, langs []string, fallback string) string {
	for _, part := range strings.Split(header, ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		for _, l := range langs {
			if tag == l || strings.SplitN(tag, "-", 2)[0] == l {
				return l
			}
		}
	}
	return fallback
}

// basePage fills the layout data for a page of survey s at path.
func (u *UI) basePage(s *survey.Survey, v view, path string) Page {
	p := Page{L: newLocale(v.Lang), Easy: v.Easy, Kiosk: v.Kiosk, HomeURL: withQuery(path, v.query(defaultLang(s))),
		Organisation: u.orgs.of(s.Slug, u.now())}
	if len(s.Languages) > 1 {
		for _, tag := range s.Languages {
			lv := v
			lv.Lang = tag
			p.Languages = append(p.Languages, LangLink{Tag: tag, Name: languageName(tag), URL: withQuery(path, lv.query(defaultLang(s))), Current: tag == v.Lang})
		}
	}
	return p
}

// easyToggle is the link that switches easy-read words on or off, or ""
// when the survey has none.
func easyToggle(s *survey.Survey, v view, path string) string {
	if !hasEasyRead(s) {
		return ""
	}
	v.Easy = !v.Easy
	return withQuery(path, v.query(defaultLang(s)))
}

// plainTitle is the survey title as text for <title>.
func plainTitle(s *survey.Survey, l Locale) string {
	return s.Title.In(l.Lang)
}

// teamName returns the display name of a team of the survey.
func teamName(s *survey.Survey, team string) string {
	for _, t := range s.Teams {
		if t.Slug == team {
			return t.Name
		}
	}
	return ""
}

// thanksURL is the thank-you page. It carries nothing about the person
// and nothing about what they wrote: the quarter, the view, the team (the
// same for everyone who uses the team's link), which finds the service's
// "you said, we did" page and, in kiosk mode, the form to return to, and a
// random one-time token (thanks_token.go) that every response gets alike.
func (u *UI) thanksURL(s *survey.Survey, team string, v view, quarter, token string) string {
	q := v.query(defaultLang(s))
	if quarter != "" {
		q.Set("q", quarter)
	}
	if team != "" {
		q.Set("team", team)
	}
	if token != "" {
		q.Set("t", token)
	}
	return withQuery(surveyPath(s.Slug, "")+"/thanks", q)
}

func itoa(n int) string { return strconv.Itoa(n) }
