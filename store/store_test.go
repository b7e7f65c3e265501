package store_test

import (
	"context"
	"testing"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
	"github.com/chorus-nhs/chorus/survey"
)

// seedOrg creates an organisation, a service and two teams.
func seedOrg(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	if err := s.CreateOrganisation(ctx, survey.Organisation{Slug: "trust", Name: "Trust"}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateService(ctx, survey.Service{Slug: "cmht", Organisation: "trust", Name: "CMHT"}); err != nil {
		t.Fatal(err)
	}
	for _, slug := range []string{"north", "south"} {
		if _, err := s.CreateTeam(ctx, survey.Team{Slug: slug, Service: "cmht", Name: slug}); err != nil {
			t.Fatal(err)
		}
	}
}

func testSurvey(slug string) *survey.Survey {
	return &survey.Survey{
		Slug: slug, Title: survey.Label{"en": "Feedback"}, Languages: []string{"en"},
		Teams:    []survey.TeamRef{{Slug: "north", Name: "North"}},
		Keywords: []survey.Keyword{{Keyword: "Blue Bell", Team: "north"}},
		Sections: []survey.Section{{ID: "s", Title: survey.Label{"en": "S"}, Questions: []survey.Question{
			{ID: "fft", Type: survey.TypeFFT, Required: true, Label: survey.Label{"en": "How was it?"}},
		}}},
	}
}

func TestOrganisations(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	seedOrg(t, s)

	t.Run("ErrSlugTaken", func(t *testing.T) {
		err := s.CreateOrganisation(ctx, survey.Organisation{Slug: "trust", Name: "Again"})
		if got, want := survey.ErrorCode(err), survey.ECONFLICT; got != want {
			t.Fatalf("code = %q, want %q", got, want)
		}
		if got, want := survey.ErrorMessage(err), `An organisation with slug "trust" already exists.`; got != want {
			t.Fatalf("message = %q, want %q", got, want)
		}
	})
	t.Run("ErrServiceOrgMissing", func(t *testing.T) {
		err := s.CreateService(ctx, survey.Service{Slug: "x", Organisation: "nope", Name: "X"})
		if got, want := survey.ErrorCode(err), survey.ENOTFOUND; got != want {
			t.Fatalf("code = %q, want %q", got, want)
		}
	})
	t.Run("TeamInheritsOrganisation", func(t *testing.T) {
		tm, err := s.FindTeam(ctx, "north")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := tm.Organisation, "trust"; got != want {
			t.Fatalf("organisation = %q, want %q", got, want)
		}
		teams, err := s.ListTeams(ctx, store.TeamFilter{Service: "cmht"})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(teams), 2; got != want {
			t.Fatalf("teams = %d, want %d", got, want)
		}
	})
}

func TestSurveyVersions(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	seedOrg(t, s)
	if err := s.CreateSurvey(ctx, store.SurveyInfo{Slug: "fb", Organisation: "trust", Title: survey.Label{"en": "Feedback"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LatestPublished(ctx, "fb"); survey.ErrorCode(err) != survey.ENOTFOUND {
		t.Fatalf("unpublished survey: err = %v, want not_found", err)
	}
	sv := testSurvey("fb")
	v, err := s.SaveDraft(ctx, sv)
	if err != nil || v != 1 {
		t.Fatalf("SaveDraft = %d, %v; want 1", v, err)
	}
	sv.Title = survey.Label{"en": "Feedback, edited"}
	if v, err = s.SaveDraft(ctx, sv); err != nil || v != 1 {
		t.Fatalf("second SaveDraft = %d, %v; want the same draft 1", v, err)
	}
	if _, err := s.PublishVersion(ctx, "fb", 1); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrAlreadyPublished", func(t *testing.T) {
		_, err := s.PublishVersion(ctx, "fb", 1)
		if got, want := survey.ErrorCode(err), survey.ECONFLICT; got != want {
			t.Fatalf("code = %q, want %q", got, want)
		}
	})
	t.Run("PublishedIsImmutable", func(t *testing.T) {
		sv.Title = survey.Label{"en": "Version two"}
		v, err := s.SaveDraft(ctx, sv)
		if err != nil || v != 2 {
			t.Fatalf("SaveDraft after publish = %d, %v; want new version 2", v, err)
		}
		pub, err := s.LatestPublished(ctx, "fb")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := pub.Title["en"], "Feedback, edited"; got != want || pub.Version != 1 {
			t.Fatalf("published = v%d %q, want v1 %q", pub.Version, got, want)
		}
		vs, err := s.ListVersions(ctx, "fb")
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) != 2 || vs[0].Status != store.StatusPublished || vs[1].Status != store.StatusDraft {
			t.Fatalf("versions = %+v", vs)
		}
	})
	t.Run("Keyword", func(t *testing.T) {
		slug, team, err := s.FindKeyword(ctx, "BLUE-bell")
		if err != nil {
			t.Fatal(err)
		}
		if slug != "fb" || team != "north" {
			t.Fatalf("keyword → %q/%q, want fb/north", slug, team)
		}
	})
	t.Run("ErrKeywordTaken", func(t *testing.T) {
		if err := s.CreateSurvey(ctx, store.SurveyInfo{Slug: "other", Organisation: "trust", Title: survey.Label{"en": "O"}}); err != nil {
			t.Fatal(err)
		}
		o := testSurvey("other")
		if _, err := s.SaveDraft(ctx, o); err != nil {
			t.Fatal(err)
		}
		_, err := s.PublishVersion(ctx, "other", 1)
		if got, want := survey.ErrorCode(err), survey.ECONFLICT; got != want {
			t.Fatalf("code = %q, want %q", got, want)
		}
		if f := survey.ErrorFields(err); len(f) != 1 || f[0].Field != "keywords[0]" {
			t.Fatalf("fields = %+v, want keywords[0]", f)
		}
		if _, _, st, _ := findVersionStatus(s, "other", 1); st != store.StatusDraft {
			t.Fatalf("refused publish left status %q, want draft", st)
		}
	})
}

func findVersionStatus(s *store.Store, slug string, v int) (*survey.Survey, int, string, error) {
	sv, st, err := s.FindVersion(context.Background(), slug, v)
	return sv, v, st, err
}

func TestInsertResponseIdempotent(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	r := &store.Response{ID: "5D0C1F9E-2F5B-4C4E-9A53-0B8F4A1C2D77", Survey: "fb", Version: 1, Team: "north",
		Quarter: "2026-27-Q3", Date: "2026-11-22", Language: "en", Answers: map[string]any{"fft": "good"}}
	if _, created, err := s.InsertResponse(ctx, r); err != nil || !created {
		t.Fatalf("first insert: created=%v err=%v", created, err)
	}
	again := *r
	again.Answers = map[string]any{"fft": "poor"}
	stored, created, err := s.InsertResponse(ctx, &again)
	if err != nil || created {
		t.Fatalf("second insert: created=%v err=%v, want existing", created, err)
	}
	if got, want := stored.Answers["fft"], "good"; got != want {
		t.Fatalf("stored answer = %v, want the first %v", got, want)
	}
	n, err := s.CountResponses(ctx, store.ResponseFilter{Team: "north"})
	if err != nil || n != 1 {
		t.Fatalf("count = %d, %v; want 1", n, err)
	}
}
