package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

//go:embed demo-survey.json
var demoSurveyJSON []byte

// The demo trust: one organisation, two services, four teams.
var (
	demoOrg      = survey.Organisation{Slug: "demo-trust", Name: "Demo NHS Foundation Trust"}
	demoServices = []survey.Service{
		{Slug: "community-mental-health", Organisation: "demo-trust", Name: "Community Mental Health Services"},
		{Slug: "crisis-and-early-help", Organisation: "demo-trust", Name: "Crisis and Early Help Services"},
	}
	demoTeams = []survey.Team{
		{Slug: "north-cmht", Service: "community-mental-health", Name: "North Community Mental Health Team", SafeguardingEmail: "safeguarding-north@demo.invalid"},
		{Slug: "south-cmht", Service: "community-mental-health", Name: "South Community Mental Health Team", SafeguardingEmail: "safeguarding-south@demo.invalid"},
		{Slug: "crisis-team", Service: "crisis-and-early-help", Name: "Crisis Resolution and Home Treatment Team", SafeguardingEmail: "safeguarding-crisis@demo.invalid"},
		{Slug: "early-intervention", Service: "crisis-and-early-help", Name: "Early Intervention in Psychosis Team", SafeguardingEmail: "safeguarding-eip@demo.invalid"},
	}
)

// demoSurvey returns the demo's quarterly survey for a community
// mental-health service.
func demoSurvey() (*survey.Survey, error) {
	var sv survey.Survey
	if err := json.Unmarshal(demoSurveyJSON, &sv); err != nil {
		return nil, err
	}
	survey.NormaliseSurvey(&sv)
	if err := survey.CheckSurvey(&sv); err != nil {
		return nil, err
	}
	return &sv, nil
}

// seedDemo creates the demo trust and publishes its survey. It runs any
// number of times: what exists already is left as it is.
func seedDemo(ctx context.Context, st *store.Store) error {
	ignoreConflict := func(err error) error {
		if survey.ErrorCode(err) == survey.ECONFLICT {
			return nil
		}
		return err
	}
	if err := ignoreConflict(st.CreateOrganisation(ctx, demoOrg)); err != nil {
		return err
	}
	for _, s := range demoServices {
		if err := ignoreConflict(st.CreateService(ctx, s)); err != nil {
			return err
		}
	}
	for _, t := range demoTeams {
		if _, err := st.CreateTeam(ctx, t); ignoreConflict(err) != nil {
			return err
		}
	}
	sv, err := demoSurvey()
	if err != nil {
		return err
	}
	if err := ignoreConflict(st.CreateSurvey(ctx, store.SurveyInfo{Slug: sv.Slug, Organisation: demoOrg.Slug, Title: sv.Title})); err != nil {
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

func printDemoURLs(w io.Writer, base string) {
	fmt.Fprintf(w, "\nChorus demo is ready. Open on a phone or in a browser:\n\n")
	fmt.Fprintf(w, "  Survey (choose a team):   %s/s/quarterly-feedback\n", base)
	for _, t := range demoTeams {
		fmt.Fprintf(w, "  %-26s %s/s/quarterly-feedback/%s\n", t.Name+":", base, t.Slug)
	}
	fmt.Fprintf(w, "  By keyword:               %s/k/sunflower\n", base)
	fmt.Fprintf(w, "  Public API:               %s/api/v1/public/surveys\n\n", base)
}
