// Package webui serves the respondent pages of Chorus: the survey form
// (server-rendered html/template in NHS.UK frontend style, working with
// JavaScript off), the thank-you page, team QR codes and posters, keyword
// links and the privacy notice. Templates and assets are embedded.
package webui

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// Backend is what the pages need from the HTTP side of Chorus: the
// submission rate limit, the HTTP sessions of staff (StaffBackend) and the
// use cases (App), which the pages call directly (respondents' surveys
// and submissions too: App.Submissions, App.SurveyByKeyword). The
// api.Server implements it.
type Backend interface {
	// AllowSubmit applies the per-client submission rate limit (in memory,
	// on keyed hashes) that the JSON API applies, to a form post.
	AllowSubmit(c echo.Context) bool
	StaffBackend
	// App returns the use cases the pages call.
	App() *app.App
}

// Options configure the pages.
type Options struct {
	// Logger receives internal errors (never request contents). Default: slog.Default().
	Logger *slog.Logger
	// PublicURL is the address respondents use, e.g. https://feedback.example.nhs.uk,
	// printed on posters and encoded in QR codes. Default: taken from the request.
	PublicURL string
	// Now is the clock. Default: time.Now.
	Now func() time.Time
	// Organisation, when set, returns the name of the organisation that
	// runs a survey, shown in the respondent pages' header instead of
	// "Chorus feedback" so that people can see who is asking.
	Organisation func(ctx context.Context, surveySlug string) (string, error)
	// Safety reports organisations whose risk alerts reach no one and
	// failed alert deliveries, for the dashboard; nil for none.
	Safety SafetyFunc
}

// UI renders and serves the respondent pages.
type UI struct {
	backend Backend
	app     *app.App
	log     *slog.Logger
	public  string
	now     func() time.Time
	cal     survey.Calendar
	orgs    orgNames
	pages   map[string]*template.Template
	assets  *assets
	dash    *dashboard // staff dashboard and public pages (staff_*.go)
	cache   surveyCache
	thanks  *thanksTokens // one-time tokens of thank-you pages (thanks_token.go)
	safety  SafetyFunc
}

//go:embed templates/*.html
var templateFS embed.FS

// pageNames lists every page template; each is parsed with layout.html.
var pageNames = []string{"survey", "teams", "thanks", "poster", "privacy", "error"}

// New parses every template and fingerprints the assets. It fails fast on any
// template error so that a broken page never reaches a respondent.
func New(b Backend, opts Options) (*UI, error) {
	if b == nil {
		return nil, fmt.Errorf("webui: nil backend")
	}
	u := &UI{backend: b, app: b.App(), log: opts.Logger, public: strings.TrimRight(opts.PublicURL, "/"), now: opts.Now, cal: survey.DefaultCalendar(),
		orgs: orgNames{lookup: opts.Organisation}}
	if u.log == nil {
		u.log = slog.Default()
	}
	if u.now == nil {
		u.now = time.Now
	}
	u.thanks = newThanksTokens(u.now)
	u.safety = opts.Safety
	var err error
	if u.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if u.pages, err = u.parsePages(); err != nil {
		return nil, err
	}
	if err = u.initDashboard(); err != nil {
		return nil, err
	}
	return u, nil
}

// parsePages parses one template set per page.
func (u *UI) parsePages() (map[string]*template.Template, error) {
	funcs := template.FuncMap{"asset": u.assets.url}
	layout, err := fs.ReadFile(templateFS, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("webui: %w", err)
	}
	pages := make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		body, err := fs.ReadFile(templateFS, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("webui: page %s: %w", name, err)
		}
		t := template.New(name).Funcs(funcs).Option("missingkey=error")
		if _, err := t.New("layout").Parse(string(layout)); err != nil {
			return nil, fmt.Errorf("webui: layout: %w", err)
		}
		if _, err := t.New("page").Parse(string(body)); err != nil {
			return nil, fmt.Errorf("webui: page %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// render executes a page into a buffer and writes it only on success.
func (u *UI) render(c echo.Context, status int, name string, data any) error {
	t, ok := u.pages[name]
	if !ok {
		return u.fail(c, fmt.Errorf("webui: undeclared page %q", name))
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return u.fail(c, fmt.Errorf("webui: render %s: %w", name, err))
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.HTMLBlob(status, buf.Bytes())
}

// fail logs an internal error once and shows a plain error page. It never
// returns the error to Echo, whose handler writes JSON for the API.
func (u *UI) fail(c echo.Context, err error) error {
	u.log.Error("webui: page failed", slog.String("route", c.Path()), slog.Any("error", err))
	if c.Response().Committed {
		return nil
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	const body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sorry, there is a problem with the service</title></head><body><main><h1>Sorry, there is a problem with the service</h1><p>Please try again later.</p></main></body></html>`
	return c.HTMLBlob(http.StatusInternalServerError, []byte(body))
}

// Register adds every page and asset route to e. Pages carry security
// headers, are compressed, and never set a cookie.
func (u *UI) Register(e *echo.Echo) {
	mw := []echo.MiddlewareFunc{securityHeaders, compress()}
	e.GET("/static/:file", u.handleAsset, securityHeaders) // precompressed
	e.GET("/favicon.ico", u.handleFavicon, mw...)
	e.GET("/privacy", u.handlePrivacy, mw...)
	e.GET("/k/:keyword", u.handleKeyword, mw...)
	e.GET("/s/:slug", u.handleSurvey, mw...)
	e.POST("/s/:slug", u.handleSubmit, mw...)
	e.GET("/s/:slug/thanks", u.handleThanks, mw...)
	e.POST("/s/:slug/thanks", u.handleThanksPost, mw...)
	e.GET("/s/:slug/:team", u.handleSurvey, mw...)
	e.POST("/s/:slug/:team", u.handleSubmit, mw...)
	e.GET("/s/:slug/:team/qr.png", u.handleQRPNG, mw...)
	e.GET("/s/:slug/:team/qr.svg", u.handleQRSVG, mw...)
	e.GET("/s/:slug/:team/poster", u.handlePoster, mw...)
	// Addresses typed with a trailing slash still arrive.
	for _, p := range []string{"/k/:keyword/", "/s/:slug/", "/s/:slug/:team/"} {
		e.GET(p, dropTrailingSlash, mw...)
	}
	u.registerDashboard(e, mw...)
}
