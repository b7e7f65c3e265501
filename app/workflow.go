package app

import (
	"context"
	"encoding/json"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// The report workflow of a team and quarter: draft (live) → in review
// (immutable snapshot, quote decisions, comments) → published (immutable,
// versioned; corrections need a reason).

// ReviewState is a review as staff see it: the workflow record, the report
// as it reads in review (approved quotes so far, live actions) and the
// published versions so far.
type ReviewState struct {
	Review   *store.Review
	Report   *survey.Report
	Versions []store.ReportVersion
}

// QuotesAllowed reports whether the report has enough responses for quotes.
func (r *ReviewState) QuotesAllowed() bool { return r.Report.Suppression.Quotes }

// teamForReport finds a team, checks p's permission on it and parses the
// quarter.
func (a *App) teamForReport(ctx context.Context, p *Staff, perm, team, quarter string) (*survey.Team, survey.Quarter, error) {
	t, err := a.TeamFor(ctx, p, perm, team)
	if err != nil {
		return nil, survey.Quarter{}, err
	}
	q, err := ParseReportQuarter(quarter)
	if err != nil {
		return nil, survey.Quarter{}, err
	}
	return t, q, nil
}

// StartReview freezes the team's report of the quarter for review with its
// candidate quotes (none when the report has too few responses for any
// quote). A quarter that has not ended needs ConfirmUnfinished (conflict
// otherwise).
func (a *App) StartReview(ctx context.Context, p *Staff, team, quarter string, confirm ...Confirmation) (*ReviewState, error) {
	t, q, err := a.teamForReport(ctx, p, PermManageReport, team, quarter)
	if err != nil {
		return nil, err
	}
	if err := a.guardUnfinished(ctx, t, q, "", confirm); err != nil {
		return nil, err
	}
	rep, err := a.BuildTeamReport(ctx, t, q, survey.ReportInReview)
	if err != nil {
		return nil, err
	}
	rep.Quotes, rep.Actions = []survey.Quote{}, []survey.Action{}
	candidates := []store.QuoteCandidate{}
	// With fewer responses than the quote minimum there is nothing to
	// approve: no quote may be shown at all.
	if rep.Suppression.Quotes {
		comments, err := a.store.ListComments(ctx, store.CommentFilter{Team: t.Slug, Quarter: q.Key(), NoRisk: true,
			Limit: store.MaxQuoteCandidates})
		if err != nil {
			return nil, err
		}
		for _, cm := range comments {
			candidates = append(candidates, store.QuoteCandidate{ID: cm.ID, Question: cm.Question, PromptKind: cm.PromptKind,
				Text: cm.Redacted, Themes: cm.Themes, Sentiment: cm.Sentiment})
		}
	}
	body, err := json.Marshal(rep)
	if err != nil {
		return nil, err
	}
	r, err := a.store.StartReview(ctx, t, q.Key(), body, candidates)
	if err != nil {
		return nil, err
	}
	a.Audit(ctx, p, "report.review", t.Slug+"/"+q.Key(), t.Organisation)
	return a.reviewState(ctx, r)
}

// Review returns the review of the team's quarter; not_found while the
// report is a draft.
func (a *App) Review(ctx context.Context, p *Staff, team, quarter string) (*ReviewState, error) {
	t, q, err := a.teamForReport(ctx, p, PermReadReport, team, quarter)
	if err != nil {
		return nil, err
	}
	r, err := a.store.FindReview(ctx, t.Slug, q.Key())
	if err != nil {
		return nil, err
	}
	return a.reviewState(ctx, r)
}

func (a *App) reviewState(ctx context.Context, r *store.Review) (*ReviewState, error) {
	rep, err := a.reviewReport(ctx, r)
	if err != nil {
		return nil, err
	}
	vs, err := a.store.ListReportVersions(ctx, r.Team, r.Quarter)
	if err != nil {
		return nil, err
	}
	return &ReviewState{Review: maskCandidates(r, rep), Report: rep, Versions: vs}, nil
}

// maskCandidates returns r with its candidate quotes naming only the
// themes (and sentiments) whose counts the report shows (maskComment).
func maskCandidates(r *store.Review, rep *survey.Report) *store.Review {
	shown := shownThemes(rep)
	masked := *r
	masked.Candidates = make([]store.QuoteCandidate, len(r.Candidates))
	for i, cand := range r.Candidates {
		m := maskComment(shown, commentMark{Themes: cand.Themes, Sentiment: cand.Sentiment})
		cand.Themes, cand.Sentiment = m.Themes, m.Sentiment
		masked.Candidates[i] = cand
	}
	return &masked
}

// reviewReport is the review snapshot as readers see it while in review:
// the frozen figures with the quotes approved so far (only when the report
// allows quotes at all) and the team's actions for the quarter.
func (a *App) reviewReport(ctx context.Context, r *store.Review) (*survey.Report, error) {
	rep, err := store.DecodeReport(r.Report)
	if err != nil {
		return nil, err
	}
	rep.Status = survey.ReportInReview
	rep.Quotes = []survey.Quote{}
	if rep.Suppression.Quotes {
		shown := shownThemes(rep)
		for _, q := range r.Approved() {
			themes := maskComment(shown, commentMark{Themes: q.Themes}).Themes
			rep.Quotes = append(rep.Quotes, survey.Quote{ID: q.ID, Question: q.Question, Text: q.Text, Themes: themes, Status: store.QuoteApproved})
		}
	}
	if rep.Actions, err = a.reportActions(ctx, r.Team, r.Quarter); err != nil {
		return nil, err
	}
	return rep, nil
}

// ActorName is how p is named in review comments and decisions.
func ActorName(p *Staff) string {
	switch {
	case p == nil:
		return ""
	case p.Kind == KindUser:
		return p.Email
	case p.Kind == KindBootstrap:
		return "bootstrap token"
	}
	return p.Name
}

// AddReviewComment adds p's comment to the review of the team's quarter.
func (a *App) AddReviewComment(ctx context.Context, p *Staff, team, quarter, text string) (*store.ReviewComment, error) {
	t, q, err := a.teamForReport(ctx, p, PermReviewReport, team, quarter)
	if err != nil {
		return nil, err
	}
	cm, err := a.store.AddReviewComment(ctx, t.Slug, q.Key(), store.ReviewComment{Text: text, Author: ActorName(p)})
	if err != nil {
		return nil, err
	}
	a.Audit(ctx, p, "report.comment", t.Slug+"/"+q.Key(), t.Organisation)
	return cm, nil
}

// DecideQuote records p's decision (store.QuoteApproved or
// store.QuoteRejected) on a candidate quote.
func (a *App) DecideQuote(ctx context.Context, p *Staff, team, quarter, quote, decision string) (store.QuoteDecision, error) {
	t, q, err := a.teamForReport(ctx, p, PermReviewReport, team, quarter)
	if err != nil {
		return store.QuoteDecision{}, err
	}
	r, err := a.store.DecideQuote(ctx, t.Slug, q.Key(), quote, store.QuoteDecision{Decision: decision, By: ActorName(p)})
	if err != nil {
		return store.QuoteDecision{}, err
	}
	a.Audit(ctx, p, "report.quote_"+decision, t.Slug+"/"+q.Key()+"/"+quote, t.Organisation)
	return r.Decisions[quote], nil
}

// publishedJSON is the stored shape of a published version: the report
// value with its version, date and, for corrections, the reason.
type publishedJSON struct {
	*survey.Report
	Version   int    `json:"version"`
	Published string `json:"published"`
	Reason    string `json:"reason,omitempty"`
}

// Publish publishes the review of the team's quarter as a new version
// (a correction needs a reason) and tells the team. A quarter that has not
// ended needs ConfirmUnfinished (conflict otherwise).
func (a *App) Publish(ctx context.Context, p *Staff, team, quarter, reason string, confirm ...Confirmation) (*store.ReportVersion, error) {
	t, q, err := a.teamForReport(ctx, p, PermManageReport, team, quarter)
	if err != nil {
		return nil, err
	}
	if err := a.guardUnfinished(ctx, t, q, survey.ReportInReview, confirm); err != nil {
		return nil, err
	}
	v, err := a.store.PublishReport(ctx, t.Slug, q.Key(), reason, func(r *store.Review, version int, published time.Time) ([]byte, error) {
		rep, err := a.reviewReport(ctx, r)
		if err != nil {
			return nil, err
		}
		rep.Status = survey.ReportPublished
		return json.Marshal(publishedJSON{Report: rep, Version: version, Published: published.Format("2006-01-02"), Reason: reason})
	})
	if err != nil {
		return nil, err
	}
	a.Audit(ctx, p, "report.publish", v.Ref(), t.Organisation)
	if a.onPublish != nil {
		a.onPublish(context.WithoutCancel(ctx), v)
	}
	return v, nil
}

// ReportVersions lists the published versions of the team's quarter.
func (a *App) ReportVersions(ctx context.Context, p *Staff, team, quarter string) (*survey.Team, survey.Quarter, []store.ReportVersion, error) {
	t, q, err := a.teamForReport(ctx, p, PermReadReport, team, quarter)
	if err != nil {
		return nil, survey.Quarter{}, nil, err
	}
	vs, err := a.store.ListReportVersions(ctx, t.Slug, q.Key())
	return t, q, vs, err
}

// workflowEdition returns the team's report of the quarter as it stands in
// the workflow: the published version (the latest, or the given version
// when version > 0) once published, the review snapshot while in review.
// ok is false while the report is a draft (never moved to review) and no
// version was asked for; the caller then builds the live draft. Returns
// not_found for a version that does not exist.
func (a *App) workflowEdition(ctx context.Context, team, quarter string, version int) (*Edition, bool, error) {
	if version > 0 {
		v, err := a.store.FindReportVersion(ctx, team, quarter, version)
		if err != nil {
			return nil, false, err
		}
		ed, err := publishedEdition(v)
		return ed, err == nil, err
	}
	r, err := a.store.FindReview(ctx, team, quarter)
	if survey.ErrorCode(err) == survey.ENOTFOUND {
		return nil, false, nil
	} else if err != nil {
		return nil, false, err
	}
	if r.Status == survey.ReportPublished {
		v, err := a.store.FindReportVersion(ctx, team, quarter, 0)
		if err != nil {
			return nil, false, err
		}
		ed, err := publishedEdition(v)
		return ed, err == nil, err
	}
	rep, err := a.reviewReport(ctx, r)
	if err != nil {
		return nil, false, err
	}
	return &Edition{Report: rep}, true, nil
}

// publishedEdition decodes a published version.
func publishedEdition(v *store.ReportVersion) (*Edition, error) {
	var pj struct {
		survey.Report
		Version   int    `json:"version"`
		Published string `json:"published"`
		Reason    string `json:"reason"`
	}
	if err := json.Unmarshal([]byte(v.Report), &pj); err != nil {
		return nil, err
	}
	return &Edition{Report: &pj.Report, Version: pj.Version, Published: pj.Published, Reason: pj.Reason,
		Stored: []byte(v.Report)}, nil
}

// MaxCommentsListed is the most redacted comments one answer holds.
const MaxCommentsListed = 1000

// ThemeComments lists the redacted comments of a team's quarter,
// optionally of one theme, for the drill-down from a theme. Risk-flagged
// comments are left out (they reach the safeguarding contact as alerts),
// and nothing is listed (suppressed) when the team had fewer responses
// than the quote minimum, the same rule that withholds quotes, or when the
// quarter's decision hides the count the list would give (commentsHidden).
// Listed comments name only the themes and sentiments the decision shows.
func (a *App) ThemeComments(ctx context.Context, p *Staff, team, quarter, theme string) (t *survey.Team, q survey.Quarter, cs []store.StoredComment, suppressed bool, err error) {
	t, q, err = a.teamForReport(ctx, p, PermReadReport, team, quarter)
	if err != nil {
		return nil, q, nil, false, err
	}
	rep, err := a.BuildTeamReport(ctx, t, q, survey.ReportDraft)
	if err != nil {
		return nil, q, nil, false, err
	}
	if commentsHidden(rep, theme) {
		return t, q, nil, true, nil
	}
	cs, err = a.store.ListComments(ctx, store.CommentFilter{Team: t.Slug, Quarter: q.Key(), Theme: theme,
		NoRisk: true, Limit: MaxCommentsListed})
	if err != nil {
		return nil, q, nil, false, err
	}
	shown := shownThemes(rep)
	for i, cm := range cs {
		m := maskComment(shown, commentMark{Themes: cm.Themes, Major: cm.Major, Sentiment: cm.Sentiment})
		cs[i].Themes, cs[i].Major, cs[i].Sentiment = m.Themes, m.Major, m.Sentiment
	}
	return t, q, cs, false, nil
}
