package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// TestReportsRebuild submits responses, loses the rollups, and has
// `chorus reports rebuild` recompute them.
func TestReportsRebuild(t *testing.T) {
	env := map[string]string{"CHORUS_MONGODB_URI": storetest.URI(t), "CHORUS_MONGODB_DATABASE": storetest.DatabaseName()}
	getenv := func(k string) string { return env[k] }
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{URI: env["CHORUS_MONGODB_URI"], Database: env["CHORUS_MONGODB_DATABASE"]})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = st.Database().Drop(ctx); _ = st.Close(ctx) }()
	seedReports(t, st)
	srv := api.New(api.Config{Store: st, Now: func() time.Time { return time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC) }})
	for i := range 12 {
		sub := survey.Submission{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), Team: "north",
			Answers: map[string]any{"fft": survey.FFTAnswers[i%6]}}
		if _, _, err := srv.Submit(ctx, "feedback", sub); err != nil {
			t.Fatal(err)
		}
	}
	before, err := st.ReadRollup(ctx, "north", "2026-27-Q3")
	if err != nil || before.Total != 12 {
		t.Fatalf("rollup before = %+v, %v", before, err)
	}
	if _, err := st.Database().Collection("rollups").DeleteMany(ctx, bson.M{}); err != nil {
		t.Fatal(err)
	}
	reports := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := runReports(ctx, args, getenv, &out, &errOut)
		return out.String() + errOut.String(), err
	}

	t.Run("OK", func(t *testing.T) {
		out, err := reports("rebuild")
		if err != nil || !strings.Contains(out, "Rebuilt 1 rollups from 12 responses (every quarter)") {
			t.Fatalf("out = %q, err = %v", out, err)
		}
		after, err := st.ReadRollup(ctx, "north", "2026-27-Q3")
		if err != nil || !after.Equal(before) {
			t.Fatalf("rollup after = %+v, want %+v (%v)", after, before, err)
		}
	})
	t.Run("Quarter", func(t *testing.T) {
		out, err := reports("rebuild", "--quarter", "2026-27-Q2")
		if err != nil || !strings.Contains(out, "Rebuilt 0 rollups from 0 responses (quarter 2026-27-Q2)") {
			t.Fatalf("out = %q, err = %v", out, err)
		}
	})
	t.Run("ErrBadQuarter", func(t *testing.T) {
		_, err := reports("rebuild", "--quarter", "2026-27-Q5")
		if err == nil || !strings.Contains(err.Error(), `Quarter "2026-27-Q5" is not valid`) || strings.Contains(err.Error(), "code=") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrUsage", func(t *testing.T) {
		out, err := reports("rebuid")
		if !errors.Is(err, errUsage) || !strings.Contains(out, `unknown command "rebuid"`) || !strings.Contains(out, "Usage: chorus reports rebuild") {
			t.Fatalf("out = %q, err = %v", out, err)
		}
		if _, err := reports("rebuild", "extra"); err == nil || !strings.Contains(err.Error(), `unexpected argument "extra"`) {
			t.Fatalf("err = %v", err)
		}
	})
}

func seedReports(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.CreateOrganisation(ctx, survey.Organisation{Slug: "trust", Name: "Trust"}))
	must(st.CreateService(ctx, survey.Service{Slug: "cmh", Organisation: "trust", Name: "CMH"}))
	_, err := st.CreateTeam(ctx, survey.Team{Slug: "north", Service: "cmh", Name: "North"})
	must(err)
	sv := &survey.Survey{Slug: "feedback", Title: survey.Label{"en": "Feedback"}, Languages: []string{"en"},
		Teams: []survey.TeamRef{{Slug: "north", Name: "North"}},
		Sections: []survey.Section{{ID: "s", Title: survey.Label{"en": "S"}, Questions: []survey.Question{
			{ID: "fft", Type: survey.TypeFFT, Required: true, Label: survey.Label{"en": "How was it?"}},
		}}}}
	must(st.CreateSurvey(ctx, store.SurveyInfo{Slug: sv.Slug, Organisation: "trust", Title: sv.Title}))
	v, err := st.SaveDraft(ctx, sv)
	must(err)
	_, err = st.PublishVersion(ctx, sv.Slug, v)
	must(err)
}
