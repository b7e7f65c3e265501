package app

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// Co-design: a draft survey version goes to the co-production panel, whose
// members comment on each question and approve it; publishing needs the
// organisation's number of panel approvals of the exact content.

// Panel is the panel's view of a version: its status, the approvals it has
// and needs, and the notes.
type Panel struct {
	Survey          string
	Version         int
	Status          string
	ApprovalsNeeded int
	Approvals       int
	Notes           []store.PanelNote
}

// Panel returns the panel's view of a version p may read.
func (a *App) Panel(ctx context.Context, p *Staff, slug, version string) (*Panel, error) {
	info, v, err := a.VersionFor(ctx, p, PermReadSurvey, slug, version)
	if err != nil {
		return nil, err
	}
	return a.panelStatus(ctx, info, v)
}

// panelStatus returns the notes and approval count of a version. Returns
// not_found if there is no such version.
func (a *App) panelStatus(ctx context.Context, info *store.SurveyInfo, version int) (*Panel, error) {
	_, status, err := a.store.FindVersion(ctx, info.Slug, version)
	if err != nil {
		return nil, err
	}
	org, err := a.store.FindOrganisation(ctx, info.Organisation)
	if err != nil {
		return nil, err
	}
	n, err := a.store.CountApprovals(ctx, info.Slug, version)
	if err != nil {
		return nil, err
	}
	notes, err := a.store.ListPanelNotes(ctx, info.Slug, version)
	if err != nil {
		return nil, err
	}
	if notes == nil {
		notes = []store.PanelNote{}
	}
	return &Panel{Survey: info.Slug, Version: version, Status: status,
		ApprovalsNeeded: org.Settings.Approvals(), Approvals: n, Notes: notes}, nil
}

// PanelComment is a panel comment on one question ("" for the whole
// survey).
type PanelComment struct {
	Question string `json:"question" validate:"omitempty,max=40"`
	Text     string `json:"text" validate:"required"`
}

// AddPanelComment records p's comment on a version (info and version found
// with VersionFor and PermReviewSurvey). Returns unprocessable for an
// unknown question or an empty or overlong text.
func (a *App) AddPanelComment(ctx context.Context, p *Staff, info *store.SurveyInfo, version int, in PanelComment) (*store.PanelNote, error) {
	if err := Validate(&in); err != nil {
		return nil, err
	}
	sv, _, err := a.store.FindVersion(ctx, info.Slug, version)
	if err != nil {
		return nil, err
	}
	text := strings.TrimSpace(in.Text)
	var fields []survey.FieldError
	if in.Question != "" && sv.Question(in.Question) == nil {
		fields = append(fields, survey.FieldError{Field: "question", Message: fmt.Sprintf("Version %d has no question %q.", version, in.Question)})
	}
	if text == "" || utf8.RuneCountInString(text) > 2000 {
		fields = append(fields, survey.FieldError{Field: "text", Message: "Write a comment of 1 to 2000 characters."})
	}
	if err := survey.FieldErrors("The comment has errors.", fields); err != nil {
		return nil, err
	}
	n, err := a.store.AddPanelNote(ctx, store.PanelNote{Survey: info.Slug, Version: version, Kind: store.NoteComment,
		Question: in.Question, Author: p.ID, Name: staffName(p), Text: text})
	if err != nil {
		return nil, err
	}
	a.Audit(ctx, p, "survey.panel_comment", fmt.Sprintf("%s@%d", info.Slug, version), info.Organisation)
	return n, nil
}

// ApproveForPanel records p's approval of a draft version's present
// content. Only panel members approve: an approval is the voice of people
// with lived experience, not of staff. Returns forbidden for anyone else
// and conflict for a published version.
func (a *App) ApproveForPanel(ctx context.Context, p *Staff, slug, version string) (*Panel, error) {
	info, v, err := a.VersionFor(ctx, p, PermReviewSurvey, slug, version)
	if err != nil {
		return nil, err
	}
	if !p.HasRole(RolePanel) {
		return nil, survey.Errorf(survey.EFORBIDDEN, "Only co-production panel members can approve a survey.")
	}
	if _, err := a.store.AddPanelNote(ctx, store.PanelNote{Survey: info.Slug, Version: v, Kind: store.NoteApproval,
		Author: p.ID, Name: staffName(p)}); err != nil {
		return nil, err
	}
	a.Audit(ctx, p, "survey.panel_approve", fmt.Sprintf("%s@%d", info.Slug, v), info.Organisation)
	return a.panelStatus(ctx, info, v)
}

// requirePanelApprovals refuses to publish a version that has fewer panel
// approvals of its current content than the organisation requires.
func (a *App) requirePanelApprovals(ctx context.Context, info *store.SurveyInfo, version int) error {
	p, err := a.panelStatus(ctx, info, version)
	if err != nil {
		return err
	}
	if p.Status == store.StatusDraft && p.Approvals < p.ApprovalsNeeded {
		return survey.Errorf(survey.ECONFLICT, "Version %d needs %d co-production panel approval(s) before it can be published; it has %d.",
			version, p.ApprovalsNeeded, p.Approvals)
	}
	return nil
}

// VersionDiff lists the changes from one version of a survey (info found
// with VersionFor) to another in plain English. Version 0 stands for an
// empty survey, so the first version's diff lists everything in it.
// Returns not_found for a missing version.
func (a *App) VersionDiff(ctx context.Context, info *store.SurveyInfo, from, to int) ([]survey.VersionChange, error) {
	b, _, err := a.store.FindVersion(ctx, info.Slug, to)
	if err != nil {
		return nil, err
	}
	prev := &survey.Survey{}
	if from > 0 {
		if prev, _, err = a.store.FindVersion(ctx, info.Slug, from); err != nil {
			return nil, err
		}
	}
	changes := survey.Diff(prev, b)
	if changes == nil {
		changes = []survey.VersionChange{}
	}
	return changes, nil
}

func staffName(p *Staff) string {
	if p.Name != "" {
		return p.Name
	}
	return p.Email
}
