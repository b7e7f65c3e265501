package app

import (
	"context"
	"slices"
	"sort"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// MaxAlertsListed is the most alerts one list holds.
const MaxAlertsListed = 500

func alertScope(al *store.Alert) Scope {
	return Scope{Organisation: al.Organisation, Service: al.Service, Team: al.Team}
}

// alertFilter checks the status filter ("", open, acknowledged or
// review).
func alertFilter(status string) (store.AlertFilter, error) {
	f := store.AlertFilter{Status: status, Limit: MaxAlertsListed}
	if f.Status != "" && f.Status != store.AlertOpen && f.Status != store.AlertAcknowledged && f.Status != store.AlertReview {
		return f, &survey.Error{Code: survey.EINVALID, Message: "Unknown alert status.",
			Fields: []survey.FieldError{{Field: "status", Message: "Must be open, acknowledged or review."}}}
	}
	return f, nil
}

// DescribedAlert is a stored alert with what staff read alongside it: the
// team's display name and the hour it was raised in the organisation's
// zone ("14:00"; "" for older alerts).
type DescribedAlert struct {
	store.Alert
	TeamName string
	Hour     string
}

// DescribeAlerts adds team names and the hour in each organisation's
// zone.
func (a *App) DescribeAlerts(ctx context.Context, as []store.Alert) []DescribedAlert {
	names := map[string]string{}
	zones := map[string]*time.Location{}
	out := make([]DescribedAlert, len(as))
	for i := range as {
		d := DescribedAlert{Alert: as[i]}
		if _, ok := names[d.Team]; !ok {
			names[d.Team] = d.Team
			if t, err := a.store.FindTeam(ctx, d.Team); err == nil {
				names[d.Team] = t.Name
			}
		}
		d.TeamName = names[d.Team]
		if r := d.Raised; !r.IsZero() {
			if _, ok := zones[d.Organisation]; !ok {
				zones[d.Organisation] = survey.DefaultCalendar().Location
				if o, err := a.store.FindOrganisation(ctx, d.Organisation); err == nil {
					zones[d.Organisation] = o.Settings.Calendar().Location
				}
			}
			d.Hour = r.In(zones[d.Organisation]).Format("15:04")
		}
		out[i] = d
	}
	return out
}

// canAnywhere reports whether p holds the permission on some part of
// their organisation.
func (p *Staff) canAnywhere(perm string) bool {
	if p == nil {
		return false
	}
	if p.Kind == KindBootstrap {
		return true
	}
	for _, g := range p.grants {
		if slices.Contains(g.perms, perm) {
			return true
		}
	}
	return false
}

// errNoAlertAccess is what staff without the safeguarding permission get
// for the alert list: they have no access, which is not "no alerts".
func errNoAlertAccess() error {
	return survey.Errorf(survey.EFORBIDDEN, "You do not have access to risk alerts. Ask an administrator if you are a safeguarding contact.")
}

// OpenAlertCount counts the open alerts p may see, for the staff menu and
// dashboard; ok is false when p has no access to alerts.
func (a *App) OpenAlertCount(ctx context.Context, p *Staff) (n int, ok bool, err error) {
	if !p.canAnywhere(PermSafeguarding) {
		return 0, false, nil
	}
	f := store.AlertFilter{Status: store.AlertOpen, Limit: MaxAlertsListed}
	if p.Kind != KindBootstrap {
		f.Organisation = p.Organisation
	}
	as, _, err := a.store.ListAlerts(ctx, f)
	if err != nil {
		return 0, true, err
	}
	return len(visibleAlerts(p, as)), true, nil
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
// for (all of them for the bootstrap token), open ones first, described;
// status ("open", "acknowledged" or "review") filters. Staff with the
// safeguarding permission nowhere are refused (forbidden), not given an
// empty list.
func (a *App) ListAlerts(ctx context.Context, p *Staff, status string) ([]DescribedAlert, error) {
	f, err := alertFilter(status)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, Authorize(p, PermSafeguarding, Scope{})
	}
	if !p.canAnywhere(PermSafeguarding) {
		return nil, errNoAlertAccess()
	}
	if p.Kind != KindBootstrap {
		f.Organisation = p.Organisation
	}
	as, _, err := a.store.ListAlerts(ctx, f)
	if err != nil {
		return nil, err
	}
	return a.DescribeAlerts(ctx, visibleAlerts(p, as)), nil
}

// ListTeamAlerts is ListAlerts for one team.
func (a *App) ListTeamAlerts(ctx context.Context, p *Staff, team, status string) ([]DescribedAlert, error) {
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
	return a.DescribeAlerts(ctx, visibleAlerts(p, as)), nil
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
// with an alert (a review item is acknowledged as read). Acknowledging
// again keeps the first acknowledgement.
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
