package demo_test

import (
	"context"
	"testing"

	"github.com/chorus-nhs/chorus/demo"
	"github.com/chorus-nhs/chorus/store/storetest"
)

// TestSeedTwice seeds the same database twice: one published version, the
// survey offered to the four demo teams, with its keywords.
func TestSeedTwice(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	for i := range 2 {
		if err := demo.Seed(ctx, st); err != nil {
			t.Fatalf("seed %d: %v", i+1, err)
		}
	}
	sv, err := st.LatestPublished(ctx, demo.SurveySlug)
	if err != nil {
		t.Fatalf("LatestPublished: %v", err)
	}
	if sv.Version != 1 {
		t.Errorf("version = %d after seeding twice, want 1", sv.Version)
	}
	if len(sv.Teams) != len(demo.Teams) {
		t.Fatalf("survey teams = %d, want %d", len(sv.Teams), len(demo.Teams))
	}
	for i, team := range demo.Teams {
		if sv.Teams[i].Slug != team.Slug {
			t.Errorf("team %d = %q, want %q", i, sv.Teams[i].Slug, team.Slug)
		}
	}
	if len(sv.Keywords) != 4 {
		t.Errorf("keywords = %d, want 4", len(sv.Keywords))
	}
	// Carer questions show only to carers.
	if vis := sv.Visible(map[string]any{"role": "service_user"}); vis["carer_involved"] {
		t.Errorf("carer_involved visible to a service user")
	}
	if vis := sv.Visible(map[string]any{"role": "carer"}); !vis["carer_involved"] {
		t.Errorf("carer_involved hidden from a carer")
	}
}
