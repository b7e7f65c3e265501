package webui

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
	qrcode "github.com/skip2/go-qrcode"
)

// teamSurvey loads the survey and checks the team of a QR or poster route.
func (u *UI) teamSurvey(c echo.Context) (*survey.Survey, string, bool, error) {
	s, err := u.publishedSurvey(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return nil, "", false, u.backendError(c, err)
	}
	if !s.HasTeam(c.Param("team")) {
		return nil, "", false, u.notFound(c, "en")
	}
	return s, c.Param("team"), true, nil
}

// publicBase is the address respondents use: Options.PublicURL, or this
// request's scheme and host.
func (u *UI) publicBase(c echo.Context) string {
	if u.public != "" {
		return u.public
	}
	return c.Scheme() + "://" + c.Request().Host
}

// qrCaching lets shared caches keep QR codes only when their link comes
// from configuration, not from the request's Host header.
func (u *UI) qrCaching() string {
	if u.public != "" {
		return "public, max-age=3600"
	}
	return "private, max-age=3600"
}

// teamURL is the full link to a team's survey.
func (u *UI) teamURL(c echo.Context, slug, team string) string {
	return u.publicBase(c) + surveyPath(slug, team)
}

// handleQRPNG serves a team's QR code as a PNG.
func (u *UI) handleQRPNG(c echo.Context) error {
	s, team, ok, err := u.teamSurvey(c)
	if !ok {
		return err
	}
	png, err := qrcode.Encode(u.teamURL(c, s.Slug, team), qrcode.Medium, 512)
	if err != nil {
		return u.fail(c, fmt.Errorf("webui: qr png: %w", err))
	}
	c.Response().Header().Set(echo.HeaderCacheControl, u.qrCaching())
	return c.Blob(http.StatusOK, "image/png", png)
}

// handleQRSVG serves a team's QR code as SVG, which prints sharply at any size.
func (u *UI) handleQRSVG(c echo.Context) error {
	s, team, ok, err := u.teamSurvey(c)
	if !ok {
		return err
	}
	svg, err := qrSVG(u.teamURL(c, s.Slug, team))
	if err != nil {
		return u.fail(c, fmt.Errorf("webui: qr svg: %w", err))
	}
	c.Response().Header().Set(echo.HeaderCacheControl, u.qrCaching())
	return c.Blob(http.StatusOK, "image/svg+xml", []byte(svg))
}

// qrSVG draws a QR code as one SVG path of unit squares, quiet zone included.
func qrSVG(content string) (string, error) {
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return "", err
	}
	bits := q.Bitmap() // includes the quiet zone
	n := len(bits)
	var path strings.Builder
	for y, row := range bits {
		for x, on := range row {
			if on {
				fmt.Fprintf(&path, "M%d %dh1v1h-1z", x, y)
			}
		}
	}
	return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges" role="img" aria-label="QR code for %s">`+
		`<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="%s"/></svg>`,
		n, n, template.HTMLEscapeString(content), n, n, path.String()), nil
}

// PosterPage is a printable poster for a team's survey.
type PosterPage struct {
	Page
	SurveyTitle template.HTML
	TeamName    string
	URL         string
	QRURL       string
	KeywordBase string
	Keywords    []string
}

// handlePoster shows the printable poster: the link, the QR code and the
// team's co-designed keywords in large print.
func (u *UI) handlePoster(c echo.Context) error {
	s, team, ok, err := u.teamSurvey(c)
	if !ok {
		return err
	}
	v := readView(c, s)
	page := u.basePage(s, v, surveyPath(s.Slug, team)+"/poster")
	p := &PosterPage{
		Page: page, SurveyTitle: text(page.L, false, s.Title, nil), TeamName: teamName(s, team),
		URL: u.teamURL(c, s.Slug, team), QRURL: surveyPath(s.Slug, team) + "/qr.svg",
		KeywordBase: strings.TrimPrefix(strings.TrimPrefix(u.publicBase(c), "https://"), "http://"),
		Keywords:    teamKeywords(s, team),
	}
	p.Title = plainTitle(s, page.L) + " – " + p.TeamName
	return u.render(c, http.StatusOK, "poster", p)
}

// teamKeywords returns the keywords that reach the team; a keyword without
// a team belongs to the survey's first team.
func teamKeywords(s *survey.Survey, team string) []string {
	var out []string
	for _, k := range s.Keywords {
		t := k.Team
		if t == "" && len(s.Teams) > 0 {
			t = s.Teams[0].Slug
		}
		if t == team {
			out = append(out, k.Keyword)
		}
	}
	return out
}
