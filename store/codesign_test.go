package store_test

import (
	"context"
	"testing"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
	"github.com/chorus-nhs/chorus/survey"
)

func TestPanelApprovalsFollowContent(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	seedOrg(t, s)
	if err := s.CreateSurvey(ctx, store.SurveyInfo{Slug: "fb", Organisation: "trust", Title: survey.Label{"en": "F"}}); err != nil {
		t.Fatal(err)
	}
	sv := testSurvey("fb")
	if _, err := s.SaveDraft(ctx, sv); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		t.Helper()
		n, err := s.CountApprovals(ctx, "fb", 1)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if _, err := s.AddPanelNote(ctx, store.PanelNote{Survey: "fb", Version: 1, Kind: store.NoteComment, Question: "fft", Author: "u1", Name: "Sam", Text: "Plainer words?"}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ { // approving twice counts once
		if _, err := s.AddPanelNote(ctx, store.PanelNote{Survey: "fb", Version: 1, Kind: store.NoteApproval, Author: "u1", Name: "Sam"}); err != nil {
			t.Fatal(err)
		}
	}
	if got := count(); got != 1 {
		t.Fatalf("approvals = %d, want 1", got)
	}
	notes, err := s.ListPanelNotes(ctx, "fb", 1)
	if err != nil || len(notes) != 2 || notes[0].Text != "Plainer words?" {
		t.Fatalf("notes = %+v, %v", notes, err)
	}

	t.Run("EditingDraftVoidsApproval", func(t *testing.T) {
		sv.Title = survey.Label{"en": "Edited after approval"}
		if _, err := s.SaveDraft(ctx, sv); err != nil {
			t.Fatal(err)
		}
		if got := count(); got != 0 {
			t.Fatalf("approvals after an edit = %d, want 0", got)
		}
	})
	t.Run("ErrPublished", func(t *testing.T) {
		if _, err := s.PublishVersion(ctx, "fb", 1); err != nil {
			t.Fatal(err)
		}
		_, err := s.AddPanelNote(ctx, store.PanelNote{Survey: "fb", Version: 1, Kind: store.NoteComment, Author: "u1", Text: "late"})
		if got, want := survey.ErrorCode(err), survey.ECONFLICT; got != want {
			t.Fatalf("code = %q, want %q", got, want)
		}
	})
}
