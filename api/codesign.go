package api

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// Co-design: a draft survey version goes to the co-production panel, whose
// members comment on each question and approve it; publishing needs the
// organisation's number of panel approvals of the exact content.

func (s *Server) registerCodesignRoutes(g *echo.Group, mw ...echo.MiddlewareFunc) {
	g.GET("/surveys/:slug/versions/:version/panel", s.handleGetPanel, mw...)
	g.POST("/surveys/:slug/versions/:version/panel/comments", s.handlePanelComment, mw...)
	g.POST("/surveys/:slug/versions/:version/panel/approve", s.handlePanelApprove, mw...)
	g.GET("/surveys/:slug/versions/:version/diff", s.handleVersionDiff, mw...)
}

// panelJSON is the panel's view of a draft version.
type panelJSON struct {
	Survey          string            `json:"survey"`
	Version         int               `json:"version"`
	Status          string            `json:"status"`
	ApprovalsNeeded int               `json:"approvals_needed"`
	Approvals       int               `json:"approvals"`
	Notes           []store.PanelNote `json:"notes"`
}

// PanelStatus returns the notes and approval count of a version. Returns
// not_found if there is no such version.
func (s *Server) PanelStatus(ctx context.Context, info *store.SurveyInfo, version int) (*panelJSON, error) {
	_, status, err := s.store.FindVersion(ctx, info.Slug, version)
	if err != nil {
		return nil, err
	}
	org, err := s.store.FindOrganisation(ctx, info.Organisation)
	if err != nil {
		return nil, err
	}
	n, err := s.store.CountApprovals(ctx, info.Slug, version)
	if err != nil {
		return nil, err
	}
	notes, err := s.store.ListPanelNotes(ctx, info.Slug, version)
	if err != nil {
		return nil, err
	}
	if notes == nil {
		notes = []store.PanelNote{}
	}
	return &panelJSON{Survey: info.Slug, Version: version, Status: status,
		ApprovalsNeeded: org.Settings.Approvals(), Approvals: n, Notes: notes}, nil
}

func (s *Server) handleGetPanel(c echo.Context) error {
	info, v, err := s.findVersionFor(c, PermReadSurvey)
	if err != nil {
		return err
	}
	p, err := s.PanelStatus(c.Request().Context(), info, v)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

type panelCommentRequest struct {
	Question string `json:"question" validate:"omitempty,max=40"`
	Text     string `json:"text" validate:"required"`
}

// AddPanelComment records a panel comment on a draft version, on one
// question or on the whole survey. Returns unprocessable for an unknown
// question or an empty or overlong text.
func (s *Server) AddPanelComment(c echo.Context, info *store.SurveyInfo, version int, question, text string) (*store.PanelNote, error) {
	ctx := c.Request().Context()
	sv, _, err := s.store.FindVersion(ctx, info.Slug, version)
	if err != nil {
		return nil, err
	}
	text = strings.TrimSpace(text)
	var fields []survey.FieldError
	if question != "" && sv.Question(question) == nil {
		fields = append(fields, survey.FieldError{Field: "question", Message: fmt.Sprintf("Version %d has no question %q.", version, question)})
	}
	if text == "" || utf8.RuneCountInString(text) > 2000 {
		fields = append(fields, survey.FieldError{Field: "text", Message: "Write a comment of 1 to 2000 characters."})
	}
	if err := survey.FieldErrors("The comment has errors.", fields); err != nil {
		return nil, err
	}
	p := CurrentStaff(c)
	n, err := s.store.AddPanelNote(ctx, store.PanelNote{Survey: info.Slug, Version: version, Kind: store.NoteComment,
		Question: question, Author: p.ID, Name: staffName(p), Text: text})
	if err != nil {
		return nil, err
	}
	s.audit(c, "survey.panel_comment", fmt.Sprintf("%s@%d", info.Slug, version), info.Organisation)
	return n, nil
}

func (s *Server) handlePanelComment(c echo.Context) error {
	info, v, err := s.findVersionFor(c, PermReviewSurvey)
	if err != nil {
		return err
	}
	req, err := bind[panelCommentRequest](c)
	if err != nil {
		return err
	}
	n, err := s.AddPanelComment(c, info, v, req.Question, req.Text)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, n)
}

// ApproveForPanel records the current panel member's approval of a draft
// version's present content. Only panel members approve: an approval is the
// voice of people with lived experience, not of staff. Returns forbidden for
// anyone else and conflict for a published version.
func (s *Server) ApproveForPanel(c echo.Context, info *store.SurveyInfo, version int) (*panelJSON, error) {
	p := CurrentStaff(c)
	if !p.HasRole(RolePanel) {
		return nil, survey.Errorf(survey.EFORBIDDEN, "Only co-production panel members can approve a survey.")
	}
	ctx := c.Request().Context()
	if _, err := s.store.AddPanelNote(ctx, store.PanelNote{Survey: info.Slug, Version: version, Kind: store.NoteApproval,
		Author: p.ID, Name: staffName(p)}); err != nil {
		return nil, err
	}
	s.audit(c, "survey.panel_approve", fmt.Sprintf("%s@%d", info.Slug, version), info.Organisation)
	return s.PanelStatus(ctx, info, version)
}

func (s *Server) handlePanelApprove(c echo.Context) error {
	info, v, err := s.findVersionFor(c, PermReviewSurvey)
	if err != nil {
		return err
	}
	p, err := s.ApproveForPanel(c, info, v)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

// requirePanelApprovals refuses to publish a version that has fewer panel
// approvals of its current content than the organisation requires.
func (s *Server) requirePanelApprovals(ctx context.Context, info *store.SurveyInfo, version int) error {
	p, err := s.PanelStatus(ctx, info, version)
	if err != nil {
		return err
	}
	if p.Status == store.StatusDraft && p.Approvals < p.ApprovalsNeeded {
		return survey.Errorf(survey.ECONFLICT, "Version %d needs %d co-production panel approval(s) before it can be published; it has %d.",
			version, p.ApprovalsNeeded, p.Approvals)
	}
	return nil
}

func (s *Server) handleVersionDiff(c echo.Context) error {
	info, to, err := s.findVersionFor(c, PermReadSurvey)
	if err != nil {
		return err
	}
	from := to - 1
	if q := c.QueryParam("from"); q != "" {
		if from, err = strconv.Atoi(q); err != nil || from < 1 {
			return &survey.Error{Code: survey.EINVALID, Message: "The query has errors.",
				Fields: []survey.FieldError{{Field: "from", Message: "Must be a version number from 1."}}}
		}
	}
	changes, err := s.VersionDiff(c.Request().Context(), info.Slug, from, to)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"survey": info.Slug, "from": from, "to": to, "changes": changes})
}

// VersionDiff lists the changes from one version to another in plain
// English. Version 0 stands for an empty survey, so the first version's
// diff lists everything in it. Returns not_found for a missing version.
func (s *Server) VersionDiff(ctx context.Context, slug string, from, to int) ([]survey.VersionChange, error) {
	b, _, err := s.store.FindVersion(ctx, slug, to)
	if err != nil {
		return nil, err
	}
	a := &survey.Survey{}
	if from > 0 {
		if a, _, err = s.store.FindVersion(ctx, slug, from); err != nil {
			return nil, err
		}
	}
	changes := survey.Diff(a, b)
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
