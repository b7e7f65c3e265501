package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// NewSurvey starts a survey record.
type NewSurvey struct {
	Slug         string       `json:"slug" validate:"required,slug"`
	Organisation string       `json:"organisation" validate:"required,slug"`
	Title        survey.Label `json:"title" validate:"required"`
	// Teams the survey is started for: a manager may start a survey for
	// teams they manage; administrators may leave it empty.
	Teams []string `json:"teams" validate:"omitempty,max=200,dive,slug"`
}

// CreateSurvey starts a survey for an organisation (and teams), once p may
// manage surveys there.
func (a *App) CreateSurvey(ctx context.Context, p *Staff, in NewSurvey) (*store.SurveyInfo, error) {
	if err := Validate(&in); err != nil {
		return nil, err
	}
	if in.Title["en"] == "" {
		return nil, survey.FieldErrors("Some fields are not valid.", []survey.FieldError{{Field: "title.en", Message: "An English title is required."}})
	}
	info := store.SurveyInfo{Slug: in.Slug, Organisation: in.Organisation, Title: in.Title, Teams: in.Teams}
	if err := Authorize(p, PermReadOrg, Scope{Organisation: in.Organisation}); err != nil {
		return nil, err
	}
	teams, err := a.SurveyTeams(ctx, &info)
	if err != nil {
		return nil, err
	}
	if !CanSurvey(p, PermManageSurvey, in.Organisation, teams) {
		return nil, survey.Errorf(survey.EFORBIDDEN, "You may start a survey only for teams you manage: list them in \"teams\".")
	}
	if err := a.store.CreateSurvey(ctx, info); err != nil {
		return nil, err
	}
	a.Audit(ctx, p, "survey.create", in.Slug, in.Organisation)
	return a.store.FindSurvey(ctx, in.Slug)
}

// ListSurveys lists the surveys p may read: every survey for the bootstrap
// token (optionally of org), otherwise those of p's organisation offered
// to their teams.
func (a *App) ListSurveys(ctx context.Context, p *Staff, org string) ([]store.SurveyInfo, error) {
	if p == nil {
		return nil, Authorize(p, PermReadOrg, Scope{})
	}
	if p.Kind != KindBootstrap {
		if err := Authorize(p, PermReadOrg, Scope{Organisation: cmp.Or(org, p.Organisation)}); err != nil {
			return nil, err
		}
		org = p.Organisation
	}
	infos, err := a.store.ListSurveys(ctx, store.SurveyFilter{Organisation: org})
	if err != nil {
		return nil, err
	}
	out := make([]store.SurveyInfo, 0, len(infos))
	for _, i := range infos {
		teams, err := a.SurveyTeams(ctx, &i)
		if err != nil {
			return nil, err
		}
		if CanSurvey(p, PermReadSurvey, i.Organisation, teams) {
			out = append(out, i)
		}
	}
	return out, nil
}

// SurveyFor returns a survey record once p may use perm on it.
func (a *App) SurveyFor(ctx context.Context, p *Staff, perm, slug string) (*store.SurveyInfo, error) {
	info, err := a.store.FindSurvey(ctx, slug)
	if err != nil {
		return nil, err
	}
	if err := a.AuthorizeSurvey(ctx, p, perm, info); err != nil {
		return nil, err
	}
	return info, nil
}

// SaveDraft checks a schema and saves it as the draft version of info
// (found with SurveyFor and PermManageSurvey), returning the version.
func (a *App) SaveDraft(ctx context.Context, p *Staff, info *store.SurveyInfo, sv *survey.Survey) (int, error) {
	slug := info.Slug
	if sv.Slug == "" {
		sv.Slug = slug
	} else if sv.Slug != slug {
		return 0, survey.FieldErrors("The survey has errors.", []survey.FieldError{{Field: "slug", Message: fmt.Sprintf("Must be %q, the survey being saved.", slug)}})
	}
	survey.NormaliseSurvey(sv)
	// Teams first: it fills in names left empty, which the schema needs.
	teamErr := a.checkSurveyTeams(ctx, info.Organisation, sv)
	if survey.ErrorCode(teamErr) != survey.EUNPROCESS && teamErr != nil {
		return 0, teamErr
	}
	if err := mergeFieldErrors(survey.CheckSurvey(sv), teamErr); err != nil {
		return 0, err
	}
	// Offering the survey to a team needs the permission on that team too.
	if err := a.AuthorizeSurvey(ctx, p, PermManageSurvey, info, sv.Teams...); err != nil {
		return 0, err
	}
	v, err := a.store.SaveDraft(ctx, sv)
	if err != nil {
		return 0, err
	}
	a.Audit(ctx, p, "survey.save_draft", fmt.Sprintf("%s@%d", slug, v), info.Organisation)
	return v, nil
}

// checkSurveyTeams requires every team of the schema to be a team of the
// survey's organisation, and fills in its name when left empty.
func (a *App) checkSurveyTeams(ctx context.Context, org string, sv *survey.Survey) error {
	var fields []survey.FieldError
	for i := range sv.Teams {
		t, err := a.store.FindTeam(ctx, sv.Teams[i].Slug)
		if survey.ErrorCode(err) == survey.ENOTFOUND || (err == nil && t.Organisation != org) {
			fields = append(fields, survey.FieldError{Field: fmt.Sprintf("teams[%d].slug", i),
				Message: fmt.Sprintf("There is no team %q in this organisation.", sv.Teams[i].Slug)})
			continue
		} else if err != nil {
			return err
		}
		if sv.Teams[i].Name == "" {
			sv.Teams[i].Name = t.Name
		}
	}
	return survey.FieldErrors("The survey has errors.", fields)
}

// ListVersions lists the versions of a survey p may read.
func (a *App) ListVersions(ctx context.Context, p *Staff, slug string) ([]store.VersionInfo, error) {
	if _, err := a.SurveyFor(ctx, p, PermReadSurvey, slug); err != nil {
		return nil, err
	}
	return a.store.ListVersions(ctx, slug)
}

// ParseSurveyVersion parses a survey version number from 1.
func ParseSurveyVersion(raw string) (int, error) {
	v, err := strconv.Atoi(raw)
	if err != nil || v < 1 {
		return 0, survey.Errorf(survey.ENOTFOUND, "No version %q: versions are whole numbers from 1.", raw)
	}
	return v, nil
}

// VersionFor is SurveyFor and the parsed version number.
func (a *App) VersionFor(ctx context.Context, p *Staff, perm, slug, version string) (*store.SurveyInfo, int, error) {
	info, err := a.SurveyFor(ctx, p, perm, slug)
	if err != nil {
		return nil, 0, err
	}
	v, err := ParseSurveyVersion(version)
	if err != nil {
		return nil, 0, err
	}
	return info, v, nil
}

// Version returns one version of a survey p may read, and its status.
func (a *App) Version(ctx context.Context, p *Staff, slug, version string) (*survey.Survey, string, error) {
	_, v, err := a.VersionFor(ctx, p, PermReadSurvey, slug, version)
	if err != nil {
		return nil, "", err
	}
	return a.store.FindVersion(ctx, slug, v)
}

// PublishVersion publishes a version once it has the panel approvals the
// organisation requires.
func (a *App) PublishVersion(ctx context.Context, p *Staff, slug, version string) (*survey.Survey, error) {
	info, v, err := a.VersionFor(ctx, p, PermManageSurvey, slug, version)
	if err != nil {
		return nil, err
	}
	if err := a.requirePanelApprovals(ctx, info, v); err != nil {
		return nil, err
	}
	sv, err := a.store.PublishVersion(ctx, slug, v)
	if err != nil {
		return nil, err
	}
	a.Audit(ctx, p, "survey.publish", fmt.Sprintf("%s@%d", sv.Slug, sv.Version), info.Organisation)
	return sv, nil
}

// mergeFieldErrors combines two unprocessable errors into one, each field
// once, in the order given; nil when both are nil.
func mergeFieldErrors(a, b error) error {
	if a == nil || b == nil {
		if a != nil {
			return a
		}
		return b
	}
	fields := survey.ErrorFields(a)
	for _, f := range survey.ErrorFields(b) {
		if !slices.ContainsFunc(fields, func(g survey.FieldError) bool { return g.Field == f.Field }) {
			fields = append(fields, f)
		}
	}
	return &survey.Error{Code: survey.EUNPROCESS, Message: survey.ErrorMessage(a), Fields: fields}
}
