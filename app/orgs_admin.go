package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"github.com/chorus-nhs/chorus/survey"
)

// NewOrganisation is an organisation to create.
type NewOrganisation struct {
	Slug     string             `json:"slug" validate:"required,slug"`
	Name     string             `json:"name" validate:"required,max=200"`
	Settings survey.OrgSettings `json:"settings"`
}

// OrganisationChange changes an organisation; nil fields stay.
type OrganisationChange struct {
	Name     *string             `json:"name" validate:"omitempty,min=1,max=200"`
	Settings *survey.OrgSettings `json:"settings"`
}

// NewService is a service to create in an organisation.
type NewService struct {
	Slug string `json:"slug" validate:"required,slug"`
	Name string `json:"name" validate:"required,max=200"`
}

// NewTeam is a team to create in a service.
type NewTeam struct {
	Slug              string   `json:"slug" validate:"required,slug"`
	Name              string   `json:"name" validate:"required,max=200"`
	SafeguardingEmail string   `json:"safeguarding_email" validate:"omitempty,email,max=254"`
	WebhookURL        string   `json:"webhook_url" validate:"omitempty,http_url,max=2000"`
	ContactEmails     []string `json:"contact_emails" validate:"omitempty,max=10,dive,email,max=254"`
}

// TeamChange changes a team; nil fields stay.
type TeamChange struct {
	Name              *string   `json:"name" validate:"omitempty,min=1,max=200"`
	SafeguardingEmail *string   `json:"safeguarding_email" validate:"omitempty,email,max=254"`
	WebhookURL        *string   `json:"webhook_url" validate:"omitempty,http_url,max=2000"`
	ContactEmails     *[]string `json:"contact_emails" validate:"omitempty,max=10,dive,email,max=254"`
}

// WebhookSecretPrefix starts every webhook secret, so that a leaked one is
// easy to recognise.
const WebhookSecretPrefix = "whsec_"

// NewWebhookSecret returns a random 192-bit secret.
func NewWebhookSecret() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return WebhookSecretPrefix + hex.EncodeToString(b)
}

// CreateOrganisation creates an organisation (the bootstrap token only).
func (a *App) CreateOrganisation(ctx context.Context, p *Staff, in NewOrganisation) (*survey.Organisation, error) {
	if err := Authorize(p, PermAdmin, Scope{}); err != nil {
		return nil, err
	}
	if err := Validate(&in); err != nil {
		return nil, err
	}
	if err := survey.CheckOrgSettings(in.Settings); err != nil {
		return nil, err
	}
	o := survey.Organisation{Slug: in.Slug, Name: in.Name, Settings: in.Settings}
	if err := a.store.CreateOrganisation(ctx, o); err != nil {
		return nil, err
	}
	a.Audit(ctx, p, "organisation.create", o.Slug, o.Slug)
	return &o, nil
}

// UpdateOrganisation changes an organisation p administers.
func (a *App) UpdateOrganisation(ctx context.Context, p *Staff, slug string, in OrganisationChange) (*survey.Organisation, error) {
	if err := Authorize(p, PermAdmin, Scope{Organisation: slug}); err != nil {
		return nil, err
	}
	if err := Validate(&in); err != nil {
		return nil, err
	}
	o, err := a.store.FindOrganisation(ctx, slug)
	if err != nil {
		return nil, err
	}
	if in.Name != nil {
		o.Name = *in.Name
	}
	if in.Settings != nil {
		if err := survey.CheckOrgSettings(*in.Settings); err != nil {
			return nil, err
		}
		o.Settings = *in.Settings
	}
	if err := a.store.UpdateOrganisation(ctx, *o); err != nil {
		return nil, err
	}
	a.Audit(ctx, p, "organisation.update", o.Slug, o.Slug)
	return o, nil
}

// CreateService creates a service in an organisation p administers.
func (a *App) CreateService(ctx context.Context, p *Staff, org string, in NewService) (*survey.Service, error) {
	if err := Authorize(p, PermAdmin, Scope{Organisation: org}); err != nil {
		return nil, err
	}
	if err := Validate(&in); err != nil {
		return nil, err
	}
	sv := survey.Service{Slug: in.Slug, Organisation: org, Name: in.Name}
	if err := a.store.CreateService(ctx, sv); err != nil {
		return nil, err
	}
	a.Audit(ctx, p, "service.create", sv.Slug, sv.Organisation)
	return &sv, nil
}

// CreateTeam creates a team in sv (found with ServiceFor and PermAdmin);
// secret is the new webhook's signing secret, shown this once ("" without
// a webhook).
func (a *App) CreateTeam(ctx context.Context, p *Staff, sv *survey.Service, in NewTeam) (t *survey.Team, secret string, err error) {
	if err := Validate(&in); err != nil {
		return nil, "", err
	}
	if survey.ReservedTeamSlug(in.Slug) {
		return nil, "", survey.FieldErrors("Some fields are not valid.", []survey.FieldError{{Field: "slug",
			Message: fmt.Sprintf("The team slug %q is reserved for the survey pages; choose another.", in.Slug)}})
	}
	t, err = a.store.CreateTeam(ctx, survey.Team{
		Slug: in.Slug, Service: sv.Slug, Name: in.Name,
		SafeguardingEmail: in.SafeguardingEmail, WebhookURL: in.WebhookURL, ContactEmails: in.ContactEmails,
	})
	if err != nil {
		return nil, "", err
	}
	a.Audit(ctx, p, "team.create", t.Slug, t.Organisation)
	if t.WebhookURL != "" {
		secret = NewWebhookSecret()
		if err := a.store.SetTeamWebhookSecret(ctx, t.Slug, secret); err != nil {
			return nil, "", err
		}
	}
	return t, secret, nil
}

// UpdateTeam changes t (found with TeamFor and PermAdmin). A new webhook
// address gets a new signing secret, returned this once; removing the
// webhook removes its secret.
func (a *App) UpdateTeam(ctx context.Context, p *Staff, t *survey.Team, in TeamChange) (secret string, err error) {
	if err := Validate(&in); err != nil {
		return "", err
	}
	if in.Name != nil {
		t.Name = *in.Name
	}
	if in.SafeguardingEmail != nil {
		t.SafeguardingEmail = *in.SafeguardingEmail
	}
	if in.ContactEmails != nil {
		t.ContactEmails = *in.ContactEmails
	}
	if in.WebhookURL != nil && *in.WebhookURL != t.WebhookURL {
		t.WebhookURL = *in.WebhookURL
		if t.WebhookURL != "" {
			secret = NewWebhookSecret()
		}
		err = a.store.UpdateTeamWithSecret(ctx, *t, secret)
	} else {
		err = a.store.UpdateTeam(ctx, *t)
	}
	if err != nil {
		return "", err
	}
	a.Audit(ctx, p, "team.update", t.Slug, t.Organisation)
	return secret, nil
}

// RotateWebhookSecret replaces the webhook secret of t (found with TeamFor
// and PermAdmin) and returns the new one, once.
func (a *App) RotateWebhookSecret(ctx context.Context, p *Staff, t *survey.Team) (string, error) {
	if t.WebhookURL == "" {
		return "", survey.FieldErrors("The team has no webhook.", []survey.FieldError{{Field: "webhook_url",
			Message: "Set the team's webhook_url first (PATCH /api/v1/teams/{team})."}})
	}
	secret := NewWebhookSecret()
	if err := a.store.SetTeamWebhookSecret(ctx, t.Slug, secret); err != nil {
		return "", err
	}
	a.Audit(ctx, p, "team.webhook_secret_rotate", t.Slug, t.Organisation)
	return secret, nil
}
