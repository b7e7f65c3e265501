package webui

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/survey"
)

// glanceThemes is how many themes a team's card names.
const glanceThemes = 3

// GlanceView is a team's card on the staff home page: figures from the
// same report values as the report pages (suppressed numbers stay hidden),
// the state of last quarter's report and the next step as a link.
type GlanceView struct {
	ID                  string // element id of the card
	LastResponses       string
	NowResponses        string
	FFT, FFTInterval    string // "" when not shown
	FFTChange           string
	Themes              []GlanceTheme
	Alerts              string // "" when the viewer is not the safeguarding contact
	AlertsURL           string
	Status, StatusName  string
	NextLabel, NextURL  string
	LastURL, NowURL     string
	LastLabel, NowLabel string
}

// GlanceTheme is one of a team's largest themes last quarter.
type GlanceTheme struct{ Name, Share string }

// glanceView turns a team's glance into its card.
func glanceView(g *app.TeamGlance, lastLabel, nowLabel string) *GlanceView {
	last := scopeReportPath(survey.LevelTeam, g.Team.Slug, g.Previous.Key())
	v := &GlanceView{ID: "glance-" + g.Team.Slug, LastURL: last, NowURL: scopeReportPath(survey.LevelTeam, g.Team.Slug, g.Current.Key()),
		LastLabel: lastLabel, NowLabel: nowLabel, Status: g.Status, StatusName: statusName(g.Status),
		LastResponses: responsesText(g.Last), NowResponses: responsesText(g.Now)}
	v.FFT, v.FFTInterval, v.FFTChange = fftText(g.Last)
	v.Themes = topThemes(g.Last)
	if g.OpenAlerts != nil {
		v.AlertsURL = "/staff/alerts"
		switch *g.OpenAlerts {
		case 0:
			v.Alerts = "None open"
		case 1:
			v.Alerts = "1 open"
		default:
			v.Alerts = strconv.Itoa(*g.OpenAlerts) + " open"
		}
	}
	v.NextLabel, v.NextURL = nextStepLink(g.Next, last)
	return v
}

// nextStepLink names the next step and links where it is done.
func nextStepLink(step, report string) (string, string) {
	switch step {
	case app.StepSendToReview:
		return "Send for panel review", report + "#workflow"
	case app.StepDecideQuotes:
		return "Choose quotes", report + "#workflow"
	case app.StepPublish:
		return "Publish", report + "#workflow"
	case app.StepRecordActions:
		return "Record what you will do", report + "#actions"
	}
	return "Read the report", report
}

// responsesText is a report's number of responses, never a suppressed
// one.
func responsesText(r *survey.Report) string {
	switch {
	case r == nil || r.Label == "":
		return "Not available"
	case r.Responses.Total != nil:
		return strconv.Itoa(*r.Responses.Total)
	}
	return "Fewer than " + strconv.Itoa(r.Suppression.Threshold)
}

// fftText is the FFT % positive with its 95% interval and change, as far
// as the report shows them.
func fftText(r *survey.Report) (pos, interval, change string) {
	if r == nil || r.FFT.Positive == nil || r.FFT.Positive.Percent == nil {
		return "", "", ""
	}
	c := r.FFT.Positive
	pos = pct(*c.Percent) + " good or very good"
	if c.Low != nil && c.High != nil {
		interval = "95% interval " + pct(*c.Low) + " to " + pct(*c.High)
	}
	if ch := c.Change; ch != nil && ch.Difference != nil {
		d := math.Round(*ch.Difference)
		switch {
		case d > 0:
			change = "Up " + strconv.FormatFloat(d, 'f', 0, 64) + " points"
		case d < 0:
			change = "Down " + strconv.FormatFloat(-d, 'f', 0, 64) + " points"
		default:
			change = "No change"
		}
		if ch.Significant {
			change += " on the quarter before (a real change)"
		} else {
			change += " on the quarter before (could be chance)"
		}
	}
	return pos, interval, change
}

// topThemes is a report's largest sub-themes whose counts are shown.
func topThemes(r *survey.Report) []GlanceTheme {
	if r == nil {
		return nil
	}
	shown := make([]survey.ThemeResult, 0, len(r.Themes))
	for _, t := range r.Themes {
		if t.Cell != nil && t.Count != nil && *t.Count > 0 && t.Theme != "" {
			shown = append(shown, t)
		}
	}
	slices.SortStableFunc(shown, func(a, b survey.ThemeResult) int { return cmp.Compare(*b.Count, *a.Count) })
	var out []GlanceTheme
	for _, t := range shown[:min(len(shown), glanceThemes)] {
		gt := GlanceTheme{Name: t.Theme, Share: strconv.Itoa(*t.Count) + " comments"}
		if t.Share != nil {
			gt.Share = pct(*t.Share) + " of comments"
		}
		out = append(out, gt)
	}
	return out
}

// attachGlances puts each team's card on the home page.
func attachGlances(p *HomePage, gs []app.TeamGlance) {
	bySlug := make(map[string]*app.TeamGlance, len(gs))
	for i := range gs {
		bySlug[gs[i].Team.Slug] = &gs[i]
	}
	for oi := range p.Orgs {
		o := &p.Orgs[oi]
		for si := range o.Services {
			for ti := range o.Services[si].Teams {
				tv := &o.Services[si].Teams[ti]
				if g := bySlug[tv.Slug]; g != nil {
					tv.Glance = glanceView(g, o.Previous.Label, o.Current.Label)
				}
			}
		}
	}
}
