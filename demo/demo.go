// Package demo seeds a demonstration trust into a store: one organisation,
// two services, four teams and a published quarterly survey for a
// community mental-health service. `chorus serve --demo` and the browser
// tests use it.
package demo

import (
	"context"
	_ "embed"
	"encoding/json"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

//go:embed survey.json
var surveyJSON []byte

// SurveySlug is the slug of the demo survey.
const SurveySlug = "quarterly-feedback"

// Organisation is the demo trust.
var Organisation = survey.Organisation{Slug: "demo-trust", Name: "Demo NHS Foundation Trust"}

// Services are the demo trust's two services.
var Services = []survey.Service{
	{Slug: "community-mental-health", Organisation: "demo-trust", Name: "Community Mental Health Services"},
	{Slug: "crisis-and-early-help", Organisation: "demo-trust", Name: "Crisis and Early Help Services"},
}

// Teams are the demo trust's four teams, in the order the survey lists them.
var Teams = []survey.Team{
	{Slug: "north-cmht", Service: "community-mental-health", Name: "North Community Mental Health Team", SafeguardingEmail: "safeguarding-north@demo.invalid"},
	{Slug: "south-cmht", Service: "community-mental-health", Name: "South Community Mental Health Team", SafeguardingEmail: "safeguarding-south@demo.invalid"},
	{Slug: "crisis-team", Service: "crisis-and-early-help", Name: "Crisis Resolution and Home Treatment Team", SafeguardingEmail: "safeguarding-crisis@demo.invalid"},
	{Slug: "early-intervention", Service: "crisis-and-early-help", Name: "Early Intervention in Psychosis Team", SafeguardingEmail: "safeguarding-eip@demo.invalid"},
}

// Survey returns a fresh copy of the demo's quarterly survey, normalised and
// checked.
func Survey() (*survey.Survey, error) {
	var sv survey.Survey
	if err := json.Unmarshal(surveyJSON, &sv); err != nil {
		return nil, err
	}
	survey.NormaliseSurvey(&sv)
	if err := survey.CheckSurvey(&sv); err != nil {
		return nil, err
	}
	return &sv, nil
}

// Seed creates the demo trust and publishes its survey. It runs any number
// of times: what exists already is left as it is.
func Seed(ctx context.Context, st *store.Store) error {
	ignoreConflict := func(err error) error {
		if survey.ErrorCode(err) == survey.ECONFLICT {
			return nil
		}
		return err
	}
	if err := ignoreConflict(st.CreateOrganisation(ctx, Organisation)); err != nil {
		return err
	}
	for _, s := range Services {
		if err := ignoreConflict(st.CreateService(ctx, s)); err != nil {
			return err
		}
	}
	for _, t := range Teams {
		if _, err := st.CreateTeam(ctx, t); ignoreConflict(err) != nil {
			return err
		}
	}
	sv, err := Survey()
	if err != nil {
		return err
	}
	if err := ignoreConflict(st.CreateSurvey(ctx, store.SurveyInfo{Slug: sv.Slug, Organisation: Organisation.Slug, Title: sv.Title})); err != nil {
		return err
	}
	if _, err := st.LatestPublished(ctx, sv.Slug); err == nil {
		return nil
	} else if survey.ErrorCode(err) != survey.ENOTFOUND {
		return err
	}
	v, err := st.SaveDraft(ctx, sv)
	if err != nil {
		return err
	}
	_, err = st.PublishVersion(ctx, sv.Slug, v)
	return err
}
