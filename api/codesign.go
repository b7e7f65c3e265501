package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/chorus-nhs/chorus/app"
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
	Survey          string          `json:"survey"`
	Version         int             `json:"version"`
	Status          string          `json:"status"`
	ApprovalsNeeded int             `json:"approvals_needed"`
	Approvals       int             `json:"approvals"`
	Notes           []panelNoteJSON `json:"notes"`
}

// panelNoteJSON is a panel member's comment or approval.
type panelNoteJSON struct {
	ID       string    `json:"id"`
	Survey   string    `json:"survey"`
	Version  int       `json:"version"`
	Kind     string    `json:"kind"` // "comment" or "approval"
	Question string    `json:"question,omitempty"`
	Author   string    `json:"author"` // account id
	Name     string    `json:"name"`   // display name
	Text     string    `json:"text,omitempty"`
	Date     string    `json:"date"`
	Created  time.Time `json:"created"`
}

func toPanelNoteJSON(n *survey.PanelNote) panelNoteJSON {
	return panelNoteJSON{ID: n.ID, Survey: n.Survey, Version: n.Version, Kind: n.Kind, Question: n.Question,
		Author: n.Author, Name: n.Name, Text: n.Text, Date: n.Date, Created: n.Created}
}

func toPanelJSON(p *app.Panel) *panelJSON {
	out := &panelJSON{Survey: p.Survey, Version: p.Version, Status: p.Status, ApprovalsNeeded: p.ApprovalsNeeded,
		Approvals: p.Approvals, Notes: make([]panelNoteJSON, 0, len(p.Notes))}
	for i := range p.Notes {
		out.Notes = append(out.Notes, toPanelNoteJSON(&p.Notes[i]))
	}
	return out
}

func (s *Server) handleGetPanel(c echo.Context) error {
	p, err := s.app.Panel(c.Request().Context(), CurrentStaff(c), c.Param("slug"), c.Param("version"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toPanelJSON(p))
}

// panelCommentRequest is POST …/panel/comments (app.PanelComment).
type panelCommentRequest = app.PanelComment

func (s *Server) handlePanelComment(c echo.Context) error {
	info, v, err := s.findVersionFor(c, PermReviewSurvey)
	if err != nil {
		return err
	}
	req, err := bind[panelCommentRequest](c)
	if err != nil {
		return err
	}
	n, err := s.app.AddPanelComment(c.Request().Context(), CurrentStaff(c), info, v, *req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toPanelNoteJSON(n))
}

func (s *Server) handlePanelApprove(c echo.Context) error {
	p, err := s.app.ApproveForPanel(c.Request().Context(), CurrentStaff(c), c.Param("slug"), c.Param("version"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toPanelJSON(p))
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
	changes, err := s.app.VersionDiff(c.Request().Context(), info, from, to)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"survey": info.Slug, "from": from, "to": to, "changes": changes})
}
