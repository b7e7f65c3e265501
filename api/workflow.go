package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

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
	Comments         []store.ReviewComment  `json:"comments"`
	Report           *survey.Report         `json:"report"`
	Versions         []reportVersionSummary `json:"versions,omitempty"`
}

type quoteCandidateJSON struct {
	store.QuoteCandidate
	Status    string     `json:"status"`
	DecidedBy string     `json:"decided_by,omitempty"`
	Decided   *time.Time `json:"decided,omitempty"`
}

type reportVersionSummary struct {
	Version   int    `json:"version"`
	Published string `json:"published"`
	Reason    string `json:"reason,omitempty"`
}

// teamForReport finds the team of the path, parses the quarter and checks
// the permission on the team.
func (s *Server) teamForReport(c echo.Context, perm string) (*survey.Team, survey.Quarter, error) {
	t, err := s.store.FindTeam(c.Request().Context(), c.Param("team"))
	if err != nil {
		return nil, survey.Quarter{}, err
	}
	if err := s.authorize(c, perm, teamScope(t)); err != nil {
		return nil, survey.Quarter{}, err
	}
	q, err := survey.ParseQuarter(c.Param("quarter"))
	if err != nil {
		return nil, survey.Quarter{}, survey.Errorf(survey.ENOTFOUND, "%s", survey.ErrorMessage(err))
	}
	return t, q, nil
}

func (s *Server) handleStartReview(c echo.Context) error {
	t, q, err := s.teamForReport(c, PermManageReport)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	rep, err := s.TeamReport(ctx, t, q, survey.ReportInReview)
	if err != nil {
		return err
	}
	rep.Quotes, rep.Actions = []survey.Quote{}, []survey.Action{}
	candidates := []store.QuoteCandidate{}
	// With fewer responses than the quote minimum there is nothing to
	// approve: no quote may be shown at all.
	if rep.Suppression.Quotes {
		comments, err := s.store.ListComments(ctx, store.CommentFilter{Team: t.Slug, Quarter: q.Key(), NoRisk: true,
			Limit: store.MaxQuoteCandidates})
		if err != nil {
			return err
		}
		for _, cm := range comments {
			candidates = append(candidates, store.QuoteCandidate{ID: cm.ID, Question: cm.Question, PromptKind: cm.PromptKind,
				Text: cm.Redacted, Themes: cm.Themes, Sentiment: cm.Sentiment})
		}
	}
	body, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	r, err := s.store.StartReview(ctx, t, q.Key(), body, candidates)
	if err != nil {
		return err
	}
	s.audit(c, "report.review", t.Slug+"/"+q.Key(), t.Organisation)
	out, err := s.reviewOut(ctx, r)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, out)
}

func (s *Server) handleGetReview(c echo.Context) error {
	t, q, err := s.teamForReport(c, PermReadReport)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	r, err := s.store.FindReview(ctx, t.Slug, q.Key())
	if err != nil {
		return err
	}
	out, err := s.reviewOut(ctx, r)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// reviewOut builds the staff view of a review, with the report as it reads
// in review (approved quotes so far, live actions).
func (s *Server) reviewOut(ctx context.Context, r *store.Review) (*reviewJSON, error) {
	rep, err := s.reviewReport(ctx, r)
	if err != nil {
		return nil, err
	}
	out := &reviewJSON{Team: r.Team, Quarter: r.Quarter, Status: r.Status, Round: r.Round,
		Reviewed: r.Reviewed.Format(time.RFC3339), PublishedVersion: r.PublishedVersion,
		QuotesAllowed: rep.Suppression.Quotes, Quotes: []quoteCandidateJSON{}, Comments: r.Comments, Report: rep}
	if out.Comments == nil {
		out.Comments = []store.ReviewComment{}
	}
	shown := shownThemes(rep)
	for _, cand := range r.Candidates {
		m := maskComment(shown, commentJSON{Themes: cand.Themes, Sentiment: cand.Sentiment})
		cand.Themes, cand.Sentiment = m.Themes, m.Sentiment
		qj := quoteCandidateJSON{QuoteCandidate: cand, Status: r.Decision(cand.ID)}
		if d, ok := r.Decisions[cand.ID]; ok {
			qj.DecidedBy, qj.Decided = d.By, &d.Date
		}
		out.Quotes = append(out.Quotes, qj)
	}
	vs, err := s.store.ListReportVersions(ctx, r.Team, r.Quarter)
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		out.Versions = append(out.Versions, reportVersionSummary{Version: v.Version, Published: v.Published.Format("2006-01-02"), Reason: v.Reason})
	}
	return out, nil
}

// reviewReport is the review snapshot as readers see it while in review:
// the frozen figures with the quotes approved so far (only when the report
// allows quotes at all) and the team's actions for the quarter.
func (s *Server) reviewReport(ctx context.Context, r *store.Review) (*survey.Report, error) {
	rep, err := store.DecodeReport(r.Report)
	if err != nil {
		return nil, err
	}
	rep.Status = survey.ReportInReview
	rep.Quotes = []survey.Quote{}
	if rep.Suppression.Quotes {
		shown := shownThemes(rep)
		for _, q := range r.Approved() {
			themes := maskComment(shown, commentJSON{Themes: q.Themes}).Themes
			rep.Quotes = append(rep.Quotes, survey.Quote{ID: q.ID, Question: q.Question, Text: q.Text, Themes: themes, Status: store.QuoteApproved})
		}
	}
	if rep.Actions, err = s.reportActions(ctx, r.Team, r.Quarter); err != nil {
		return nil, err
	}
	return rep, nil
}

type commentRequest struct {
	Text string `json:"text" validate:"required,max=2000"`
}

func (s *Server) handleReviewComment(c echo.Context) error {
	t, q, err := s.teamForReport(c, PermReviewReport)
	if err != nil {
		return err
	}
	req, err := bind[commentRequest](c)
	if err != nil {
		return err
	}
	cm, err := s.store.AddReviewComment(c.Request().Context(), t.Slug, q.Key(), store.ReviewComment{Text: req.Text, Author: actorName(c)})
	if err != nil {
		return err
	}
	s.audit(c, "report.comment", t.Slug+"/"+q.Key(), t.Organisation)
	return c.JSON(http.StatusCreated, cm)
}

func (s *Server) handleDecideQuote(decision string) echo.HandlerFunc {
	return func(c echo.Context) error {
		t, q, err := s.teamForReport(c, PermReviewReport)
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		r, err := s.store.DecideQuote(ctx, t.Slug, q.Key(), c.Param("quote"), store.QuoteDecision{Decision: decision, By: actorName(c)})
		if err != nil {
			return err
		}
		d := r.Decisions[c.Param("quote")]
		s.audit(c, "report.quote_"+decision, t.Slug+"/"+q.Key()+"/"+c.Param("quote"), t.Organisation)
		return c.JSON(http.StatusOK, map[string]any{"id": c.Param("quote"), "status": d.Decision, "decided": d.Date})
	}
}

type publishRequest struct {
	Reason string `json:"reason" validate:"omitempty,max=1000"`
}

func (s *Server) handlePublish(c echo.Context) error {
	t, q, err := s.teamForReport(c, PermManageReport)
	if err != nil {
		return err
	}
	req := &publishRequest{}
	if c.Request().ContentLength != 0 {
		if req, err = bind[publishRequest](c); err != nil {
			return err
		}
	}
	ctx := c.Request().Context()
	v, err := s.store.PublishReport(ctx, t.Slug, q.Key(), req.Reason, func(r *store.Review, version int, published time.Time) ([]byte, error) {
		rep, err := s.reviewReport(ctx, r)
		if err != nil {
			return nil, err
		}
		rep.Status = survey.ReportPublished
		return json.Marshal(publishedJSON{Report: rep, Version: version, Published: published.Format("2006-01-02"), Reason: req.Reason})
	})
	if err != nil {
		return err
	}
	s.audit(c, "report.publish", v.Ref(), t.Organisation)
	if s.onPublish != nil {
		s.onPublish(context.WithoutCancel(ctx), v)
	}
	var out json.RawMessage = []byte(v.Report)
	return c.JSON(http.StatusCreated, out)
}

// publishedJSON is the stored and served shape of a published version: the
// report value with its version, date and, for corrections, the reason.
type publishedJSON struct {
	*survey.Report
	Version   int    `json:"version"`
	Published string `json:"published"`
	Reason    string `json:"reason,omitempty"`
}

func (s *Server) handleListReportVersions(c echo.Context) error {
	t, q, err := s.teamForReport(c, PermReadReport)
	if err != nil {
		return err
	}
	vs, err := s.store.ListReportVersions(c.Request().Context(), t.Slug, q.Key())
	if err != nil {
		return err
	}
	out := []reportVersionSummary{}
	for _, v := range vs {
		out = append(out, reportVersionSummary{Version: v.Version, Published: v.Published.Format("2006-01-02"), Reason: v.Reason})
	}
	return c.JSON(http.StatusOK, map[string]any{"team": t.Slug, "quarter": q.Key(), "versions": out})
}

// WorkflowReport returns the team's report of the quarter as it stands in
// the workflow, as JSON: the published version (the latest, or the given
// version when version > 0) once published, the review snapshot while in
// review. ok is false while the report is a draft (never moved to review)
// and no version was asked for; the caller then builds the live draft.
// Returns not_found for a version that does not exist.
func (s *Server) WorkflowReport(ctx context.Context, team, quarter string, version int) (body json.RawMessage, ok bool, err error) {
	if version > 0 {
		v, err := s.store.FindReportVersion(ctx, team, quarter, version)
		if err != nil {
			return nil, false, err
		}
		return json.RawMessage(v.Report), true, nil
	}
	r, err := s.store.FindReview(ctx, team, quarter)
	if survey.ErrorCode(err) == survey.ENOTFOUND {
		return nil, false, nil
	} else if err != nil {
		return nil, false, err
	}
	if r.Status == survey.ReportPublished {
		v, err := s.store.FindReportVersion(ctx, team, quarter, 0)
		if err != nil {
			return nil, false, err
		}
		return json.RawMessage(v.Report), true, nil
	}
	rep, err := s.reviewReport(ctx, r)
	if err != nil {
		return nil, false, err
	}
	b, err := json.Marshal(rep)
	return b, err == nil, err
}

// versionQuery parses ?version=N (0 when absent). Returns not_found for
// anything but a whole number from 1.
func versionQuery(c echo.Context) (int, error) {
	raw := c.QueryParam("version")
	if raw == "" {
		return 0, nil
	}
	v, err := strconv.Atoi(raw)
	if err != nil || v < 1 {
		return 0, survey.Errorf(survey.ENOTFOUND, "No version %q: versions are whole numbers from 1.", raw)
	}
	return v, nil
}

// VersionQuery is versionQuery for the report handler and web pages.
func VersionQuery(c echo.Context) (int, error) { return versionQuery(c) }

// MaxCommentsListed is the most redacted comments one answer holds.
const MaxCommentsListed = 1000

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
// optionally of one theme (?theme=), for the drill-down from a theme.
// Risk-flagged comments are left out (they reach the safeguarding contact
// as alerts), and nothing is listed when the team had fewer responses than
// the quote minimum, the same rule that withholds quotes, or when the
// quarter's decision hides the count the list would give (commentsHidden).
func (s *Server) handleListComments(c echo.Context) error {
	t, q, err := s.teamForReport(c, PermReadReport)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	rep, err := s.TeamReport(ctx, t, q, survey.ReportDraft)
	if err != nil {
		return err
	}
	out := []commentJSON{}
	suppressed := commentsHidden(rep, c.QueryParam("theme"))
	if !suppressed {
		cs, err := s.store.ListComments(ctx, store.CommentFilter{Team: t.Slug, Quarter: q.Key(), Theme: c.QueryParam("theme"),
			NoRisk: true, Limit: MaxCommentsListed})
		if err != nil {
			return err
		}
		shown := shownThemes(rep)
		for _, cm := range cs {
			out = append(out, maskComment(shown, commentJSON{ID: cm.ID, Question: cm.Question, Redacted: cm.Redacted, Themes: cm.Themes,
				Major: cm.Major, Sentiment: cm.Sentiment}))
		}
	}
	return c.JSON(http.StatusOK, map[string]any{"team": t.Slug, "quarter": q.Key(), "suppressed": suppressed, "comments": out})
}
