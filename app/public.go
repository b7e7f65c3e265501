package app

import (
	"context"
	"encoding/json"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// MaxPublicActions is the most actions per team on the public page.
const MaxPublicActions = 50

// YouSaidWeDid is the public "you said, we did" view of a service: per
// team, the themes and approved quotes of its latest published report and
// the actions the team recorded. Everything comes from published
// snapshots (already suppressed) and actions, never from live data.
type YouSaidWeDid struct {
	Service ServiceRef         `json:"service"`
	Teams   []TeamYouSaidWeDid `json:"teams"`
	// Schedule is what the page says about the next results (pages only).
	Schedule *ResultsSchedule `json:"-"`
}

// ServiceRef names a service.
type ServiceRef struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// TeamYouSaidWeDid is one team on the public page. Report is nil until the
// team has a published report.
type TeamYouSaidWeDid struct {
	Slug    string         `json:"slug"`
	Name    string         `json:"name"`
	Report  *PublicReport  `json:"report"`
	Actions []PublicAction `json:"actions"`
}

// PublicReport is the part of a published report shown in public.
type PublicReport struct {
	Quarter   string           `json:"quarter"`
	Label     string           `json:"label"`
	Version   int              `json:"version"`
	Published string           `json:"published"`
	Responses survey.Responses `json:"responses"`
	// FFT is the Friends and Family Test result, suppressed like the rest
	// of the report; absent when the report has no FFT question.
	FFT    *survey.FFTResult    `json:"fft,omitempty"`
	Themes []survey.ThemeResult `json:"themes"`
	Quotes []survey.Quote       `json:"quotes"`
}

// PublicAction is an action as shown in public.
type PublicAction struct {
	Quarter     string `json:"quarter"`
	Theme       string `json:"theme"`
	Description string `json:"description"`
	Owner       string `json:"owner"`
	Status      string `json:"status"`
}

// YouSaidWeDid returns the public "you said, we did" view of a service.
// Returns not_found if there is no such service.
func (a *App) YouSaidWeDid(ctx context.Context, service string) (*YouSaidWeDid, error) {
	if !survey.ValidSlug(service) {
		return nil, survey.Errorf(survey.ENOTFOUND, "No service %q.", service)
	}
	sv, teams, latest, err := a.publishedOfService(ctx, service)
	if err != nil {
		return nil, err
	}
	byTeam := map[string]*store.ReportVersion{}
	for i := range latest {
		byTeam[latest[i].Team] = &latest[i]
	}
	out := &YouSaidWeDid{Service: ServiceRef{Slug: sv.Slug, Name: sv.Name}, Teams: []TeamYouSaidWeDid{}}
	if out.Schedule, err = a.schedule(ctx, sv.Organisation, latest); err != nil {
		return nil, err
	}
	for _, t := range teams {
		tv := TeamYouSaidWeDid{Slug: t.Slug, Name: t.Name, Actions: []PublicAction{}}
		if v := byTeam[t.Slug]; v != nil {
			if tv.Report, err = publicReport(v); err != nil {
				return nil, err
			}
		}
		as, _, err := a.store.ListActions(ctx, store.ActionFilter{Team: t.Slug, Limit: MaxPublicActions})
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			tv.Actions = append(tv.Actions, PublicAction{Quarter: a.Quarter, Theme: a.Theme, Description: a.Description,
				Owner: a.Owner, Status: a.Status})
		}
		out.Teams = append(out.Teams, tv)
	}
	return out, nil
}

func publicReport(v *store.ReportVersion) (*PublicReport, error) {
	var p publishedJSON
	if err := json.Unmarshal([]byte(v.Report), &p); err != nil {
		return nil, err
	}
	r := p.Report
	out := &PublicReport{Quarter: r.Quarter, Label: r.Label, Version: v.Version, Published: v.Published.Format("2006-01-02"),
		Responses: r.Responses, Themes: r.Themes, Quotes: []survey.Quote{}}
	if out.Themes == nil {
		out.Themes = []survey.ThemeResult{}
	}
	if r.FFT.Total != nil {
		out.FFT = &r.FFT
	}
	// The stored report already holds only approved quotes, and none when
	// suppression forbids them; checked again so that no path can show one.
	if r.Suppression.Quotes {
		for _, q := range r.Quotes {
			if q.Status == store.QuoteApproved {
				out.Quotes = append(out.Quotes, q)
			}
		}
	}
	return out, nil
}
