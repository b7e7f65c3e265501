package webui

import (
	"net/http"
	"net/url"

	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// ThemePage lists the redacted comments of one theme of a team's quarter.
type ThemePage struct {
	StaffPage
	Team, Theme, Major, Label string
	Count, Share              string
	ReportURL                 string
	// Hidden is set when the team has too few responses this quarter for
	// any comment to be shown; Reason says why in plain English.
	Hidden   bool
	Reason   string
	Comments []CommentView
}

// CommentView is one redacted comment.
type CommentView struct {
	Text, Sentiment, Themes string
}

// commentsJSON is the API's list of redacted comments.
type commentsJSON struct {
	Comments []struct {
		Text      string   `json:"text"`
		Redacted  string   `json:"redacted"`
		Themes    []string `json:"themes"`
		Sentiment int      `json:"sentiment"`
	} `json:"comments"`
}

// sentimentNames are the theme engine's sentiment scores in words.
var sentimentNames = map[int]string{1: "Very positive", 2: "Positive", 3: "Neutral", 4: "Negative", 5: "Very negative"}

// handleThemeComments shows the redacted comments behind a theme. Nothing
// is shown when the team had fewer responses than the quote minimum.
func (u *UI) handleThemeComments(c echo.Context) error {
	slug := c.Param("slug")
	q, err := survey.ParseQuarter(c.Param("quarter"))
	if err != nil {
		return survey.Errorf(survey.ENOTFOUND, "No quarter %q.", c.Param("quarter"))
	}
	env, err := u.fetchReport(c, survey.LevelTeam, slug, q.Key(), 0)
	if err != nil {
		return err
	}
	r := &env.Report
	var theme *survey.ThemeResult
	for i := range r.Themes {
		if themeSlug(r.Themes[i].Theme) == c.Param("theme") {
			theme = &r.Themes[i]
		}
	}
	if theme == nil {
		return survey.Errorf(survey.ENOTFOUND, "No theme %q in this report.", c.Param("theme"))
	}
	report := scopeReportPath(survey.LevelTeam, slug, q.Key())
	f := figureOf(theme.Cell)
	p := &ThemePage{
		StaffPage: staffPage(c, theme.Theme+": "+r.Scope.Name+", "+r.Label, "home", Crumb{"Your reports", "/staff"}, Crumb{r.Scope.Name + ": " + r.Label, report}),
		Team:      r.Scope.Name, Theme: theme.Theme, Major: theme.Major, Label: r.Label, Count: f.countText(), Share: f.percentText(), ReportURL: report,
	}
	if !r.Suppression.Quotes {
		p.Hidden = true
		p.Reason = "Comments are not shown because fewer than " + itoa(r.Suppression.QuoteMin) + " people answered this quarter. With so few, someone could be recognised from what they wrote."
		return u.renderStaff(c, http.StatusOK, "theme", p)
	}
	if theme.Count == nil {
		p.Hidden = true
		p.Reason = "The number of comments on this theme is hidden. " + survey.ReasonText(theme.Reason) +
			" The comments are not listed either, because counting them would give the number."
		return u.renderStaff(c, http.StatusOK, "theme", p)
	}
	var cj commentsJSON
	path := apiPath("teams", slug, "reports", q.Key(), "comments") + "?theme=" + url.QueryEscape(theme.Theme)
	if err := u.callAPI(c, http.MethodGet, path, nil, &cj); err != nil {
		return err
	}
	for _, cm := range cj.Comments {
		text := cm.Redacted
		if text == "" {
			text = cm.Text
		}
		p.Comments = append(p.Comments, CommentView{Text: text, Sentiment: sentimentNames[cm.Sentiment], Themes: joinOthers(cm.Themes, theme.Theme)})
	}
	return u.renderStaff(c, http.StatusOK, "theme", p)
}

// joinOthers lists the other themes of a comment.
func joinOthers(themes []string, except string) string {
	out := ""
	for _, t := range themes {
		if t == except {
			continue
		}
		if out != "" {
			out += "; "
		}
		out += t
	}
	return out
}
