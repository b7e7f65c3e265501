package app

import (
	"context"
	"slices"
	"strings"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/themes"
)

// MaxActionDescription is the longest description of an action, in
// characters.
const MaxActionDescription = 1000

// ActionInput is a new "you said, we did" action of a team.
type ActionInput struct {
	Quarter, Theme, Description, Owner string
	Status                             string // "" means planned
}

// ActionChange changes an action; nil fields stay as they are.
type ActionChange struct {
	Quarter, Theme, Description, Owner, Status *string
}

// CheckAction checks the fields of an action that the validator cannot:
// a real quarter, a framework sub-theme, a plain description of at most
// MaxActionDescription characters and an owner that is a role or team
// name rather than a person's e-mail address. Nil fields are not checked.
func CheckAction(quarter, theme, description, owner *string) error {
	var fields []survey.FieldError
	if quarter != nil {
		if _, err := survey.ParseQuarter(*quarter); err != nil {
			fields = append(fields, survey.FieldError{Field: "quarter", Message: survey.ErrorMessage(err)})
		}
	}
	if theme != nil && !slices.Contains(themes.SubThemes, *theme) {
		fields = append(fields, survey.FieldError{Field: "theme", Message: "Must be a sub-theme of the framework, such as \"Timeliness of care\"."})
	}
	if description != nil {
		d := strings.TrimSpace(*description)
		switch n := len([]rune(d)); {
		case n == 0:
			fields = append(fields, survey.FieldError{Field: "description", Message: "This field is required."})
		case n > MaxActionDescription:
			fields = append(fields, survey.FieldError{Field: "description", Message: "Must be at most 1000 characters long."})
		}
	}
	if owner != nil {
		o := strings.TrimSpace(*owner)
		if o == "" {
			fields = append(fields, survey.FieldError{Field: "owner", Message: "This field is required."})
		} else if strings.Contains(o, "@") {
			fields = append(fields, survey.FieldError{Field: "owner", Message: "Name a role or team (such as \"Ward manager\"), not a person's e-mail address: the action is shown in public."})
		}
	}
	return survey.FieldErrors("Some fields are not valid.", fields)
}

// CreateAction records an action of t (found with TeamFor and
// PermManageReport).
func (a *App) CreateAction(ctx context.Context, p *Staff, t *survey.Team, in ActionInput) (*store.Action, error) {
	if err := Authorize(p, PermManageReport, TeamScope(t)); err != nil {
		return nil, err
	}
	if err := CheckAction(&in.Quarter, &in.Theme, &in.Description, &in.Owner); err != nil {
		return nil, err
	}
	if in.Status == "" {
		in.Status = survey.ActionPlanned
	}
	act := &store.Action{Organisation: t.Organisation, Service: t.Service, Team: t.Slug, Quarter: in.Quarter,
		Theme: in.Theme, Description: strings.TrimSpace(in.Description), Owner: strings.TrimSpace(in.Owner), Status: in.Status}
	if err := a.store.CreateAction(ctx, act); err != nil {
		return nil, err
	}
	a.Audit(ctx, p, "action.create", act.ID, act.Organisation)
	return act, nil
}

// ListActions lists a team's actions, optionally of one quarter and
// status.
func (a *App) ListActions(ctx context.Context, p *Staff, team, quarter, status string) ([]store.Action, int64, error) {
	t, err := a.TeamFor(ctx, p, PermReadReport, team)
	if err != nil {
		return nil, 0, err
	}
	return a.store.ListActions(ctx, store.ActionFilter{Team: t.Slug, Quarter: quarter, Status: status})
}

// ActionFor finds an action and checks p's permission on its team.
func (a *App) ActionFor(ctx context.Context, p *Staff, perm, id string) (*store.Action, error) {
	act, err := a.store.FindAction(ctx, id)
	if err != nil {
		return nil, err
	}
	sc := Scope{Organisation: act.Organisation, Service: act.Service, Team: act.Team}
	if err := Authorize(p, perm, sc); err != nil {
		return nil, err
	}
	return act, nil
}

// UpdateAction changes act (found with ActionFor and PermManageReport).
func (a *App) UpdateAction(ctx context.Context, p *Staff, act *store.Action, ch ActionChange) (*store.Action, error) {
	if err := CheckAction(ch.Quarter, ch.Theme, ch.Description, ch.Owner); err != nil {
		return nil, err
	}
	u := store.ActionUpdate{Quarter: ch.Quarter, Theme: ch.Theme, Status: ch.Status}
	if ch.Description != nil {
		d := strings.TrimSpace(*ch.Description)
		u.Description = &d
	}
	if ch.Owner != nil {
		o := strings.TrimSpace(*ch.Owner)
		u.Owner = &o
	}
	act, err := a.store.UpdateAction(ctx, act.ID, u)
	if err != nil {
		return nil, err
	}
	a.Audit(ctx, p, "action.update", act.ID, act.Organisation)
	return act, nil
}

// reportActions returns a team's actions for a quarter as reports show
// them.
func (a *App) reportActions(ctx context.Context, team, quarter string) ([]survey.Action, error) {
	as, _, err := a.store.ListActions(ctx, store.ActionFilter{Team: team, Quarter: quarter})
	if err != nil {
		return nil, err
	}
	out := make([]survey.Action, 0, len(as))
	for i := range as {
		out = append(out, as[i].ReportAction())
	}
	return out, nil
}
