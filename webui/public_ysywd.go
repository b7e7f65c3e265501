package webui

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// publicThemes is how many themes per team the public page names.
const publicThemes = 5

// PublicPage is the public "you said, we did" page of a service: per team,
// what people told us (the latest published themes) and what the team is
// doing about it. It is written for a reading age of about 9 to 11.
type PublicPage struct {
	Page
	Service string
	Teams   []PublicTeam
	// NextDue is the date after which the next results will be shared;
	// Latest names the newest published quarter ("" when none).
	NextDue, Latest string
}

// PublicTeam is one team on the public page.
type PublicTeam struct {
	Name, ID  string
	Label     string // the quarter of the latest published report; "" if none
	People    string // how many people answered, in words
	Themes    []PublicTheme
	Quotes    []string
	Actions   []PublicActionView
	Published string
	// Positive is the per cent who said very good or good, only when shown.
	Positive string
}

// PublicTheme is one theme in plain words.
type PublicTheme struct{ Name, HowMany, Tone string }

// PublicActionView is one action in plain words.
type PublicActionView struct{ Theme, Description, Status string }

// handleYouSaidWeDid shows the public page of a service. It reads only
// published reports (the public view of app.YouSaidWeDid) and sets no
// cookie.
func (u *UI) handleYouSaidWeDid(c echo.Context) error {
	ys, err := u.app.YouSaidWeDid(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return u.backendError(c, err)
	}
	l := newLocale("en")
	p := &PublicPage{Page: Page{L: l, Title: "You said, we did: " + ys.Service.Name, HomeURL: YouSaidWeDidPath + ys.Service.Slug}, Service: ys.Service.Name}
	// What is due next comes from what is published (app.ResultsSchedule),
	// as on the thank-you page.
	p.NextDue, p.Latest = longDate(l, ys.Schedule.NextEnds), ys.Schedule.LatestLabel
	for i, t := range ys.Teams {
		p.Teams = append(p.Teams, publicTeam(t, i))
	}
	return u.renderPublic(c, "ysywd", p)
}

func publicTeam(t app.TeamYouSaidWeDid, i int) PublicTeam {
	pt := PublicTeam{Name: t.Name, ID: "team-" + strconv.Itoa(i+1)}
	if r := t.Report; r != nil {
		pt.Label, pt.Published = r.Label, r.Published
		pt.People = peopleWords(r.Responses)
		pt.Themes = publicThemeList(r.Themes)
		if r.FFT != nil && r.FFT.Positive != nil && r.FFT.Positive.Percent != nil {
			pt.Positive = pct(*r.FFT.Positive.Percent)
		}
		for _, q := range r.Quotes {
			pt.Quotes = append(pt.Quotes, q.Text)
		}
	}
	for _, a := range t.Actions {
		pt.Actions = append(pt.Actions, PublicActionView{Theme: plainTheme(a.Theme), Description: a.Description, Status: publicStatus(a.Status)})
	}
	return pt
}

// peopleWords says how many people answered, never a suppressed number.
func peopleWords(r survey.Responses) string {
	switch {
	case r.Total != nil && *r.Total == 1:
		return "1 person"
	case r.Total != nil:
		return strconv.Itoa(*r.Total) + " people"
	}
	return "a small number of people"
}

// publicThemeList is the largest themes whose counts are shown; a theme
// whose count is suppressed is left out, so that nothing hints at it.
func publicThemeList(themes []survey.ThemeResult) []PublicTheme {
	shown := make([]survey.ThemeResult, 0, len(themes))
	for _, t := range themes {
		if t.Cell != nil && t.Count != nil && *t.Count > 0 && t.Theme != "" {
			shown = append(shown, t)
		}
	}
	slices.SortStableFunc(shown, func(a, b survey.ThemeResult) int { return cmp.Compare(*b.Count, *a.Count) })
	var out []PublicTheme
	for _, t := range shown[:min(len(shown), publicThemes)] {
		out = append(out, PublicTheme{Name: plainTheme(t.Theme), HowMany: howMany(t), Tone: tone(t)})
	}
	return out
}

// howMany puts a theme's share of comments in words: "about 3 in every 10
// comments"; without a share, the count.
func howMany(t survey.ThemeResult) string {
	if t.Share != nil {
		n := int(math.Round(*t.Share / 10))
		if n >= 1 {
			return "about " + strconv.Itoa(n) + " in every 10 comments"
		}
		return "fewer than 1 in every 10 comments"
	}
	if *t.Count == 1 {
		return "1 comment"
	}
	return strconv.Itoa(*t.Count) + " comments"
}

// tone says whether a theme's comments were mostly good or mostly about
// things to improve, when both counts are shown.
func tone(t survey.ThemeResult) string {
	pos, neg := t.Sentiment[survey.SentimentPositive], t.Sentiment[survey.SentimentNegative]
	if pos == nil || neg == nil || pos.Count == nil || neg.Count == nil {
		return ""
	}
	switch {
	case *pos.Count > 2**neg.Count:
		return "Most of these comments were good."
	case *neg.Count > 2**pos.Count:
		return "Most of these comments were about things to make better."
	}
	return "Some of these comments were good and some were about things to make better."
}

// publicStatus is an action's status in plain words.
func publicStatus(s string) string {
	switch s {
	case survey.ActionDone:
		return "Done"
	case survey.ActionInProgress:
		return "We are doing this now"
	}
	return "We plan to do this"
}
