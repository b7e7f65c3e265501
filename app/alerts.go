package app

import (
	"context"
	"sort"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// MaxAlertsListed is the most alerts one list holds.
const MaxAlertsListed = 500

func alertScope(al *store.Alert) Scope {
	return Scope{Organisation: al.Organisation, Service: al.Service, Team: al.Team}
}

// alertFilter checks the status filter ("", open or acknowledged).
func alertFilter(status string) (store.AlertFilter, error) {
	f := store.AlertFilter{Status: status, Limit: MaxAlertsListed}
	if f.Status != "" && f.Status != store.AlertOpen && f.Status != store.AlertAcknowledged {
		return f, &survey.Error{Code: survey.EINVALID, Message: "Unknown alert status.",
			Fields: []survey.FieldError{{Field: "status", Message: "Must be open or acknowledged."}}}
	}
	return f, nil
}

// visibleAlerts sorts alerts open first, then newest first, and keeps
// those p may see.
func visibleAlerts(p *Staff, as []store.Alert) []store.Alert {
	out := make([]store.Alert, 0, len(as))
	for i := range as {
		if p.Can(PermSafeguarding, alertScope(&as[i])) {
			out = append(out, as[i])
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		oi, oj := out[i].Status == store.AlertOpen, out[j].Status == store.AlertOpen
		if oi != oj {
			return oi
		}
		return out[i].Date > out[j].Date
	})
	return out
}

// ListAlerts lists the alerts of every team p is the safeguarding contact
// for (all of them for the bootstrap token), open ones first; status
// ("open" or "acknowledged") filters.
func (a *App) ListAlerts(ctx context.Context, p *Staff, status string) ([]store.Alert, error) {
	f, err := alertFilter(status)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, Authorize(p, PermSafeguarding, Scope{})
	}
	if p.Kind != KindBootstrap {
		f.Organisation = p.Organisation
	}
	as, _, err := a.store.ListAlerts(ctx, f)
	if err != nil {
		return nil, err
	}
	return visibleAlerts(p, as), nil
}

// ListTeamAlerts is ListAlerts for one team.
func (a *App) ListTeamAlerts(ctx context.Context, p *Staff, team, status string) ([]store.Alert, error) {
	t, err := a.TeamFor(ctx, p, PermSafeguarding, team)
	if err != nil {
		return nil, err
	}
	f, err := alertFilter(status)
	if err != nil {
		return nil, err
	}
	f.Team = t.Slug
	as, _, err := a.store.ListAlerts(ctx, f)
	if err != nil {
		return nil, err
	}
	return visibleAlerts(p, as), nil
}

// Alert returns an alert once p holds PermSafeguarding on its team.
func (a *App) Alert(ctx context.Context, p *Staff, id string) (*store.Alert, error) {
	al, err := a.store.FindAlert(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := Authorize(p, PermSafeguarding, alertScope(al)); err != nil {
		return nil, err
	}
	return al, nil
}

// AcknowledgeAlert records that p, the safeguarding contact, has dealt
// with an alert. Acknowledging again keeps the first acknowledgement.
func (a *App) AcknowledgeAlert(ctx context.Context, p *Staff, id string) (*store.Alert, error) {
	al, err := a.Alert(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if al.Status != store.AlertAcknowledged {
		if err := a.store.AcknowledgeAlert(ctx, al.ID, ActorName(p), a.today(ctx, al.Organisation)); err != nil {
			return nil, err
		}
		a.Audit(ctx, p, "alert.acknowledge", al.ID, al.Organisation)
		if al, err = a.store.FindAlert(ctx, al.ID); err != nil {
			return nil, err
		}
	}
	return al, nil
}

// today is the date now in the organisation's time zone.
func (a *App) today(ctx context.Context, org string) string {
	cal := survey.DefaultCalendar()
	if o, err := a.store.FindOrganisation(ctx, org); err == nil {
		cal = o.Settings.Calendar()
	}
	return survey.DateOf(a.now(), cal.Location)
}
