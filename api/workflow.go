package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// registerWorkflowRoutes adds the review and publication of team reports:
// draft (live) → in review (immutable snapshot, quote decisions, comments)
// → published (immutable, versioned; corrections need a reason).
func (s *Server) registerWorkflowRoutes(g *echo.Group, mw ...echo.MiddlewareFunc) {
	r := "/teams/:team/reports/:quarter"
	g.POST(r+"/review", s.handleStartReview, mw...)
	g.GET(r+"/review", s.handleGetReview, mw...)
	g.GET(r+"/comments", s.handleListComments, mw...)
	g.POST(r+"/comments", s.handleReviewComment, mw...)
	g.POST(r+"/quotes/:quote/approve", s.handleDecideQuote(store.QuoteApproved), mw...)
	g.POST(r+"/quotes/:quote/reject", s.handleDecideQuote(store.QuoteRejected), mw...)
	g.POST(r+"/publish", s.handlePublish, mw...)
	g.GET(r+"/versions", s.handleListReportVersions, mw...)
}

// reviewJSON is the staff view of a review: its state, the candidate
// quotes with their decisions, and the comments.
type reviewJSON struct {
	Team             string                 `json:"team"`
	Quarter          string                 `json:"quarter"`
	Status           string                 `json:"status"`
	Round            int                    `json:"round"`
	Reviewed         string                 `json:"reviewed"`
	PublishedVersion int                    `json:"published_version"`
	QuotesAllowed    bool                   `json:"quotes_allowed"`
	Quotes           []quoteCandidateJSON   `json:"quotes"`
	Comments         []reviewCommentJSON    `json:"comments"`
	Report           *survey.Report         `json:"report"`
	Versions         []reportVersionSummary `json:"versions,omitempty"`
}

// quoteCandidateJSON is a candidate quote with its decision.
type quoteCandidateJSON struct {
	ID         string     `json:"id"`
	Question   string     `json:"question"`
	PromptKind string     `json:"prompt_kind,omitempty"`
	Text       string     `json:"text"` // redacted
	Themes     []string   `json:"themes"`
	Sentiment  int        `json:"sentiment"`
	Status     string     `json:"status"`
	DecidedBy  string     `json:"decided_by,omitempty"`
	Decided    *time.Time `json:"decided,omitempty"`
}

type reportVersionSummary struct {
	Version   int    `json:"version"`
	Published string `json:"published"`
	Reason    string `json:"reason,omitempty"`
}

func (s *Server) handleStartReview(c echo.Context) error {
	// The team and permission are checked before the body is read.
	if _, err := s.app.TeamFor(c.Request().Context(), CurrentStaff(c), PermManageReport, c.Param("team")); err != nil {
		return err
	}
	req, err := bindReview(c)
	if err != nil {
		return err
	}
	rs, err := s.app.StartReview(c.Request().Context(), CurrentStaff(c), c.Param("team"), c.Param("quarter"),
		confirmations(req.ConfirmUnfinished)...)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, reviewOut(rs))
}

func (s *Server) handleGetReview(c echo.Context) error {
	rs, err := s.app.Review(c.Request().Context(), CurrentStaff(c), c.Param("team"), c.Param("quarter"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, reviewOut(rs))
}

// reviewOut is the staff view of a review, with the report as it reads in
// review (approved quotes so far, live actions).
func reviewOut(rs *app.ReviewState) *reviewJSON {
	r, rep := rs.Review, rs.Report
	out := &reviewJSON{Team: r.Team, Quarter: r.Quarter, Status: r.Status, Round: r.Round,
		Reviewed: r.Reviewed.Format(time.RFC3339), PublishedVersion: r.PublishedVersion,
		QuotesAllowed: rs.QuotesAllowed(), Quotes: []quoteCandidateJSON{}, Report: rep}
	out.Comments = make([]reviewCommentJSON, 0, len(r.Comments))
	for _, cm := range r.Comments {
		out.Comments = append(out.Comments, toReviewCommentJSON(cm))
	}
	for _, cand := range r.Candidates {
		qj := quoteCandidateJSON{ID: cand.ID, Question: cand.Question, PromptKind: cand.PromptKind, Text: cand.Text,
			Themes: cand.Themes, Sentiment: cand.Sentiment, Status: r.Decision(cand.ID)}
		if d, ok := r.Decisions[cand.ID]; ok {
			qj.DecidedBy, qj.Decided = d.By, &d.Date
		}
		out.Quotes = append(out.Quotes, qj)
	}
	for _, v := range rs.Versions {
		out.Versions = append(out.Versions, versionSummary(v))
	}
	return out
}

func versionSummary(v store.ReportVersion) reportVersionSummary {
	return reportVersionSummary{Version: v.Version, Published: v.Published.Format("2006-01-02"), Reason: v.Reason}
}

type commentRequest struct {
	Text string `json:"text" validate:"required,max=2000"`
}

func (s *Server) handleReviewComment(c echo.Context) error {
	// The team and permission are checked before the body is read.
	if _, err := s.app.TeamFor(c.Request().Context(), CurrentStaff(c), PermReviewReport, c.Param("team")); err != nil {
		return err
	}
	if _, err := app.ParseReportQuarter(c.Param("quarter")); err != nil {
		return err
	}
	req, err := bind[commentRequest](c)
	if err != nil {
		return err
	}
	cm, err := s.app.AddReviewComment(c.Request().Context(), CurrentStaff(c), c.Param("team"), c.Param("quarter"), req.Text)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toReviewCommentJSON(*cm))
}

// reviewCommentJSON is a comment on a review.
type reviewCommentJSON struct {
	ID     string    `json:"id"`
	Text   string    `json:"text"`
	Author string    `json:"author,omitempty"`
	Date   time.Time `json:"date"`
}

func toReviewCommentJSON(c survey.ReviewComment) reviewCommentJSON {
	return reviewCommentJSON(c)
}

func (s *Server) handleDecideQuote(decision string) echo.HandlerFunc {
	return func(c echo.Context) error {
		d, err := s.app.DecideQuote(c.Request().Context(), CurrentStaff(c), c.Param("team"), c.Param("quarter"), c.Param("quote"), decision)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string]any{"id": c.Param("quote"), "status": d.Decision, "decided": d.Date})
	}
}

type publishRequest struct {
	Reason string `json:"reason" validate:"omitempty,max=1000"`
	// ConfirmUnfinished confirms publishing a quarter that has not ended.
	ConfirmUnfinished bool `json:"confirm_unfinished"`
}

func (s *Server) handlePublish(c echo.Context) error {
	ctx, p := c.Request().Context(), CurrentStaff(c)
	// The team and permission are checked before the body is read.
	if _, err := s.app.TeamFor(ctx, p, PermManageReport, c.Param("team")); err != nil {
		return err
	}
	if _, err := app.ParseReportQuarter(c.Param("quarter")); err != nil {
		return err
	}
	req := &publishRequest{}
	if c.Request().ContentLength != 0 {
		var err error
		if req, err = bind[publishRequest](c); err != nil {
			return err
		}
	}
	v, err := s.app.Publish(ctx, p, c.Param("team"), c.Param("quarter"), req.Reason, confirmations(req.ConfirmUnfinished)...)
	if err != nil {
		return err
	}
	var out json.RawMessage = []byte(v.Report)
	return c.JSON(http.StatusCreated, out)
}

func (s *Server) handleListReportVersions(c echo.Context) error {
	t, q, vs, err := s.app.ReportVersions(c.Request().Context(), CurrentStaff(c), c.Param("team"), c.Param("quarter"))
	if err != nil {
		return err
	}
	out := []reportVersionSummary{}
	for _, v := range vs {
		out = append(out, versionSummary(v))
	}
	return c.JSON(http.StatusOK, map[string]any{"team": t.Slug, "quarter": q.Key(), "versions": out})
}

// commentJSON is a redacted comment as staff see it in a drill-down.
type commentJSON struct {
	ID        string   `json:"id"`
	Question  string   `json:"question"`
	Redacted  string   `json:"redacted"`
	Themes    []string `json:"themes"`
	Major     []string `json:"major"`
	Sentiment int      `json:"sentiment"`
}

// handleListComments lists the redacted comments of a team's quarter,
// optionally of one theme (?theme=), for the drill-down from a theme (see
// app.ThemeComments).
func (s *Server) handleListComments(c echo.Context) error {
	t, q, cs, suppressed, err := s.app.ThemeComments(c.Request().Context(), CurrentStaff(c), c.Param("team"), c.Param("quarter"), c.QueryParam("theme"))
	if err != nil {
		return err
	}
	out := []commentJSON{}
	for _, cm := range cs {
		out = append(out, commentJSON{ID: cm.ID, Question: cm.Question, Redacted: cm.Redacted, Themes: cm.Themes,
			Major: cm.Major, Sentiment: cm.Sentiment})
	}
	return c.JSON(http.StatusOK, map[string]any{"team": t.Slug, "quarter": q.Key(), "suppressed": suppressed, "comments": out})
}
