package store_test

import (
	"context"
	"testing"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// TestEmbeddedSurvivesRestart writes through one embedded server, stops it,
// starts another on the same directory and reads the data back.
func TestEmbeddedSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	open := func() (*store.Embedded, *store.Store) {
		e, err := store.StartEmbedded(ctx, dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		s, err := store.Open(ctx, store.Options{URI: e.URI()})
		if err != nil {
			e.Close()
			t.Fatal(err)
		}
		return e, s
	}
	e, s := open()
	if err := s.CreateOrganisation(ctx, survey.Organisation{Slug: "kept", Name: "Kept"}); err != nil {
		t.Fatal(err)
	}
	_ = s.Close(ctx)
	e.Close()

	e, s = open()
	defer e.Close()
	defer s.Close(ctx)
	o, err := s.FindOrganisation(ctx, "kept")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := o.Name, "Kept"; got != want {
		t.Fatalf("name = %q, want %q", got, want)
	}
}
