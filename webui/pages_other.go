package webui

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// TeamsPage asks which team the feedback is about.
type TeamsPage struct {
	Page
	SurveyTitle template.HTML
	Action      string
	Teams       []ItemView
	Error       template.HTML
}

// renderTeams shows the team choice, with an error when none was chosen.
func (u *UI) renderTeams(c echo.Context, s *survey.Survey, v view, missing bool) error {
	page := u.basePage(s, v, surveyPath(s.Slug, ""))
	p := &TeamsPage{Page: page, SurveyTitle: text(page.L, false, s.Title, nil), Action: surveyPath(s.Slug, "")}
	p.Title = page.L.S("teams_title") + " – " + plainTitle(s, page.L)
	for i, t := range s.Teams {
		id := "team"
		if i > 0 {
			id = "team-" + itoa(i+1)
		}
		p.Teams = append(p.Teams, ItemView{ID: id, Value: t.Slug, Label: template.HTML(template.HTMLEscapeString(t.Name))})
	}
	status := http.StatusOK
	if missing {
		p.Error = page.L.T("err_choose")
		p.Title = page.L.S("error_prefix") + " " + p.Title
		status = http.StatusUnprocessableEntity
	}
	return u.render(c, status, "teams", p)
}

// ThanksPage thanks the respondent and says what happens next. Everyone
// is shown where to get help now (Support); after a comment that was
// flagged the same support comes first and stands out (Crisis).
type ThanksPage struct {
	Page
	SurveyTitle  template.HTML
	QuarterLabel string
	PublishAfter string
	Support      SupportView
	Crisis       bool
	YouSaidURL   string
	AnotherURL   string
	// ReturnSeconds is how long a kiosk waits before going back to the
	// form: long enough to note a number.
	ReturnSeconds int
}

// SupportView is the "if you need help now" panel.
type SupportView struct {
	L Locale
	// OrgText is the organisation's own wording, one paragraph per line,
	// shown before the national numbers; nil when not set.
	OrgText []string
	Urgent  bool
}

// YouSaidWeDidPath is where the public "you said, we did" page of a
// service lives; the thank-you page links to the respondent's service.
const YouSaidWeDidPath = "/you-said-we-did/"

// CrisisTexter is implemented by backends that know an organisation's own
// crisis-support wording (api.Server does): the text for a team, in the
// language asked for or English, or "" for the default wording.
type CrisisTexter interface {
	CrisisText(ctx context.Context, team, lang string) (string, error)
}

// TeamServicer is implemented by backends that can name the service a team
// belongs to (api.Server does). Without it the thank-you page has no link to
// "you said, we did".
type TeamServicer interface {
	// TeamService returns the service slug of a team; not_found if unknown.
	TeamService(ctx context.Context, team string) (string, error)
}

// handleThanks shows the thank-you page. Its query holds only the quarter,
// the view, the team and a one-time token (thanks_token.go), never
// anything about the person or whether their comment was flagged.
func (u *UI) handleThanks(c echo.Context) error {
	s, err := u.publishedSurvey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return u.backendError(c, err)
	}
	v := readView(c, s)
	team := c.QueryParam("team")
	if !s.HasTeam(team) {
		team = ""
	}
	page := u.basePage(s, v, surveyPath(s.Slug, "")+"/thanks")
	p := &ThanksPage{
		Page: page, SurveyTitle: text(page.L, false, s.Title, nil),
		Crisis:     u.thanks.take(c.QueryParam("t")),
		YouSaidURL: u.youSaidURL(c.Request().Context(), team),
		AnotherURL: withQuery(surveyPath(s.Slug, team), v.query(defaultLang(s))),
	}
	p.Title = page.L.S("thanks_title")
	if q, err := survey.ParseQuarter(c.QueryParam("q")); err == nil {
		_, end := u.cal.Bounds(q)
		p.QuarterLabel = u.cal.Label(q)
		p.PublishAfter = longDate(page.L, end.AddDate(0, 0, -1))
	}
	p.Support = SupportView{L: page.L, OrgText: u.crisisText(c.Request().Context(), team, page.L.Lang), Urgent: p.Crisis}
	if v.Kiosk {
		p.ReturnSeconds = 30
		if p.Crisis {
			p.ReturnSeconds = 60
		}
	}
	return u.render(c, http.StatusOK, "thanks", p)
}

// handleThanksPost takes the page script's hand-over after the JSON API
// stored a response: the quarter and whether the comment was flagged come
// in the body of a POST, never in an address, and the person is sent on
// (303) to the thank-you page with a one-time token, as a plain form post
// is. Anyone may post here; the worst a forged post can do is show support
// prominently.
func (u *UI) handleThanksPost(c echo.Context) error {
	c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, 4<<10)
	if _, err := c.FormParams(); err != nil {
		return u.render(c, http.StatusBadRequest, "error", u.errorPage(newLocale("en"), "problem_title", "bad_form_body"))
	}
	s, err := u.publishedSurvey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return u.backendError(c, err)
	}
	v := readView(c, s)
	team := c.FormValue("team")
	if !s.HasTeam(team) {
		team = ""
	}
	quarter := ""
	if q, err := survey.ParseQuarter(c.FormValue("q")); err == nil {
		quarter = q.String()
	}
	tok := u.thanks.issue(c.FormValue("crisis") == "1")
	return c.Redirect(http.StatusSeeOther, u.thanksURL(s, team, v, quarter, tok))
}

// crisisText returns the organisation's crisis wording for the team as
// paragraphs, or nil for the default wording.
func (u *UI) crisisText(ctx context.Context, team, lang string) []string {
	ct, ok := u.backend.(CrisisTexter)
	if !ok || team == "" {
		return nil
	}
	text, err := ct.CrisisText(ctx, team, lang)
	if err != nil {
		if survey.ErrorCode(err) != survey.ENOTFOUND {
			u.log.Error("webui: crisis text", "code", survey.ErrorCode(err), "error", err)
		}
		return nil
	}
	var paras []string
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			paras = append(paras, line)
		}
	}
	return paras
}

// youSaidURL links the team's service's "you said, we did" page, or is ""
// when the service cannot be found.
func (u *UI) youSaidURL(ctx context.Context, team string) string {
	ts, ok := u.backend.(TeamServicer)
	if !ok || team == "" {
		return ""
	}
	service, err := ts.TeamService(ctx, team)
	if err != nil {
		if survey.ErrorCode(err) != survey.ENOTFOUND {
			u.log.Error("webui: team service", "code", survey.ErrorCode(err), "error", err)
		}
		return ""
	}
	return YouSaidWeDidPath + url.PathEscape(service)
}

var welshMonths = [...]string{"Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"}

// longDate formats a date as "31 December 2026" (Welsh month names in Welsh).
func longDate(l Locale, t time.Time) string {
	if l.Lang == "cy" {
		return itoa(t.Day()) + " " + welshMonths[t.Month()-1] + " " + itoa(t.Year())
	}
	return t.Format("2 January 2006")
}

// ErrorPage is a plain error page in the page's language.
type ErrorPage struct {
	Page
	Heading template.HTML
	Body    template.HTML
}

func (u *UI) errorPage(l Locale, title, body string) *ErrorPage {
	p := &ErrorPage{Page: Page{L: l, Title: l.S(title)}, Heading: l.T(title), Body: l.T(body)}
	return p
}

// notFound renders the 404 page for an unknown survey, team or keyword.
func (u *UI) notFound(c echo.Context, lang string) error {
	l := newLocale(lang)
	if _, ok := messages[lang]; !ok {
		l = newLocale("en")
	}
	return u.render(c, http.StatusNotFound, "error", u.errorPage(l, "not_found_title", "not_found_body"))
}

// backendError renders the page for an error from the backend: 404 for
// not_found, the generic problem page (logged) for anything else.
func (u *UI) backendError(c echo.Context, err error) error {
	if survey.ErrorCode(err) == survey.ENOTFOUND {
		return u.notFound(c, c.QueryParam("lang"))
	}
	u.log.Error("webui: backend failed", "route", c.Path(), "code", survey.ErrorCode(err), "error", err)
	status := http.StatusInternalServerError
	if survey.ErrorCode(err) == survey.EUNAVAILABLE {
		status = http.StatusServiceUnavailable
		c.Response().Header().Set("Retry-After", "30")
	}
	return u.render(c, status, "error", u.errorPage(newLocale("en"), "problem_title", "problem_body"))
}

// PrivacyPage is the privacy notice.
type PrivacyPage struct{ Page }

func (u *UI) handlePrivacy(c echo.Context) error {
	l := newLocale("en")
	return u.render(c, http.StatusOK, "privacy", &PrivacyPage{Page{L: l, Title: l.S("privacy_title")}})
}
