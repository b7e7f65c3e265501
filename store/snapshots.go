package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// The report workflow keeps one review document per team and quarter (its
// state, the review snapshot, candidate quotes, decisions and comments) and
// one immutable document per published version. Every write is to one
// document, so each step is atomic without transactions.
const (
	colReviews        = "report_reviews"
	colReportVersions = "report_versions"
)

// Quote decisions (survey.QuotePending and the others).
const (
	QuotePending  = survey.QuotePending
	QuoteApproved = survey.QuoteApproved
	QuoteRejected = survey.QuoteRejected
)

// MaxQuoteCandidates caps the candidate quotes kept for one review, so that
// the review document stays far below MongoDB's 16 MB limit.
const MaxQuoteCandidates = 500

// The workflow records are domain values of package survey; the names
// below keep the store's vocabulary for its callers.
type (
	QuoteCandidate = survey.QuoteCandidate
	QuoteDecision  = survey.QuoteDecision
	ReviewComment  = survey.ReviewComment
	Review         = survey.Review
	ReportVersion  = survey.ReportVersion
)

// candidateDoc, decisionDoc, commentDoc, reviewDoc and reportVersionDoc
// are the stored documents of the workflow records.
type candidateDoc struct {
	ID         string   `bson:"id"`
	Question   string   `bson:"question"`
	PromptKind string   `bson:"prompt_kind,omitempty"`
	Text       string   `bson:"text"`
	Themes     []string `bson:"themes"`
	Sentiment  int      `bson:"sentiment"`
}

type decisionDoc struct {
	Decision string    `bson:"decision"`
	By       string    `bson:"by,omitempty"`
	Date     time.Time `bson:"date"`
}

type commentDoc struct {
	ID     string    `bson:"id"`
	Text   string    `bson:"text"`
	Author string    `bson:"author,omitempty"`
	Date   time.Time `bson:"date"`
}

type reviewDoc struct {
	Key              string                 `bson:"_id"`
	Team             string                 `bson:"team"`
	Organisation     string                 `bson:"organisation"`
	Service          string                 `bson:"service"`
	Quarter          string                 `bson:"quarter"`
	Status           string                 `bson:"status"`
	Round            int                    `bson:"round"`
	Reviewed         time.Time              `bson:"reviewed"`
	Report           string                 `bson:"report"`
	Candidates       []candidateDoc         `bson:"candidates"`
	Decisions        map[string]decisionDoc `bson:"decisions"`
	Comments         []commentDoc           `bson:"comments"`
	PublishedVersion int                    `bson:"published_version"`
}

type reportVersionDoc struct {
	Key          string    `bson:"_id"`
	Team         string    `bson:"team"`
	Organisation string    `bson:"organisation"`
	Service      string    `bson:"service"`
	Quarter      string    `bson:"quarter"`
	Version      int       `bson:"version"`
	Published    time.Time `bson:"published"`
	Reason       string    `bson:"reason,omitempty"`
	Report       string    `bson:"report"`
}

func candidateDocs(cs []QuoteCandidate) []candidateDoc {
	out := make([]candidateDoc, len(cs))
	for i, c := range cs {
		out[i] = candidateDoc(c)
	}
	return out
}

func (d *reviewDoc) review() *Review {
	r := &Review{Team: d.Team, Organisation: d.Organisation, Service: d.Service, Quarter: d.Quarter, Status: d.Status,
		Round: d.Round, Reviewed: d.Reviewed, Report: d.Report, Candidates: make([]QuoteCandidate, len(d.Candidates)),
		Decisions: make(map[string]QuoteDecision, len(d.Decisions)), Comments: make([]ReviewComment, len(d.Comments)),
		PublishedVersion: d.PublishedVersion}
	for i, c := range d.Candidates {
		r.Candidates[i] = QuoteCandidate(c)
	}
	for k, v := range d.Decisions {
		r.Decisions[k] = QuoteDecision(v)
	}
	for i, c := range d.Comments {
		r.Comments[i] = ReviewComment(c)
	}
	return r
}

func (d *reportVersionDoc) version() *ReportVersion {
	return &ReportVersion{Team: d.Team, Organisation: d.Organisation, Service: d.Service, Quarter: d.Quarter,
		Version: d.Version, Published: d.Published, Reason: d.Reason, Report: d.Report}
}

func reviewKey(team, quarter string) string { return team + "/" + quarter }

func versionKey(team, quarter string, v int) string {
	return fmt.Sprintf("%s/%s/%06d", team, quarter, v)
}

// StartReview freezes a snapshot of a team's report for review: the report
// JSON and the candidate quotes (at most MaxQuoteCandidates). From draft it
// starts round 1; from published it starts a new round, keeping the
// decisions already taken on the same comments and every published version.
// Returns conflict if the report is already in review.
func (s *Store) StartReview(ctx context.Context, t *survey.Team, quarter string, report []byte, candidates []QuoteCandidate) (*Review, error) {
	if len(candidates) > MaxQuoteCandidates {
		candidates = candidates[:MaxQuoteCandidates]
	}
	if candidates == nil {
		candidates = []QuoteCandidate{}
	}
	now := s.now().UTC()
	key := reviewKey(t.Slug, quarter)
	col := s.db.Collection(colReviews)
	doc := reviewDoc{Key: key, Team: t.Slug, Organisation: t.Organisation, Service: t.Service, Quarter: quarter,
		Status: survey.ReportInReview, Round: 1, Reviewed: now, Report: string(report), Candidates: candidateDocs(candidates),
		Decisions: map[string]decisionDoc{}, Comments: []commentDoc{}}
	_, err := col.InsertOne(ctx, doc)
	if err == nil {
		return doc.review(), nil
	}
	if survey.ErrorCode(formatError(err)) != survey.ECONFLICT {
		return nil, formatError(fmt.Errorf("store: start review: %w", err))
	}
	res, err := col.UpdateOne(ctx, bson.M{"_id": key, "status": survey.ReportPublished}, bson.M{
		"$set": bson.M{"status": survey.ReportInReview, "reviewed": now, "report": string(report), "candidates": candidateDocs(candidates)},
		"$inc": bson.M{"round": 1},
	})
	if err != nil {
		return nil, formatError(fmt.Errorf("store: start review: %w", err))
	}
	if res.MatchedCount == 0 {
		return nil, survey.Errorf(survey.ECONFLICT, "The %s report of %s is already in review.", quarter, t.Slug)
	}
	return s.FindReview(ctx, t.Slug, quarter)
}

// FindReview returns the workflow state of a team's quarter. Returns
// not_found while the report is a draft.
func (s *Store) FindReview(ctx context.Context, team, quarter string) (*Review, error) {
	var d reviewDoc
	if err := s.db.Collection(colReviews).FindOne(ctx, bson.M{"_id": reviewKey(team, quarter)}).Decode(&d); err != nil {
		return nil, notFoundAs(formatError(fmt.Errorf("store: find review: %w", err)),
			"The %s report of %s has not been moved to review.", quarter, team)
	}
	return d.review(), nil
}

// DecideQuote records a decision (approved or rejected) on a candidate
// quote. Returns not_found if the report is not in review or published, or
// the quote is not one of its candidates; invalid for another decision.
func (s *Store) DecideQuote(ctx context.Context, team, quarter, quoteID string, d QuoteDecision) (*Review, error) {
	if d.Decision != QuoteApproved && d.Decision != QuoteRejected {
		return nil, survey.Errorf(survey.EINVALID, "A quote decision is %q or %q, not %q.", QuoteApproved, QuoteRejected, d.Decision)
	}
	r, err := s.FindReview(ctx, team, quarter)
	if err != nil {
		return nil, err
	}
	if !hasCandidate(r, quoteID) {
		return nil, survey.Errorf(survey.ENOTFOUND, "No candidate quote %q in the %s report of %s.", quoteID, quarter, team)
	}
	d.Date = s.now().UTC()
	// The round guards against a new snapshot replacing the candidates
	// between the read and the write.
	res, err := s.db.Collection(colReviews).UpdateOne(ctx, bson.M{"_id": reviewKey(team, quarter), "round": r.Round},
		bson.M{"$set": bson.M{"decisions." + quoteID: decisionDoc(d)}})
	if err != nil {
		return nil, formatError(fmt.Errorf("store: decide quote: %w", err))
	}
	if res.MatchedCount == 0 {
		return nil, survey.Errorf(survey.ECONFLICT, "The review changed while deciding; please reload and try again.")
	}
	r.Decisions[quoteID] = d
	return r, nil
}

func hasCandidate(r *Review, id string) bool {
	for _, q := range r.Candidates {
		if q.ID == id {
			return true
		}
	}
	return false
}

// AddReviewComment appends a comment to a review. Returns not_found if the
// report has not been moved to review.
func (s *Store) AddReviewComment(ctx context.Context, team, quarter string, c ReviewComment) (*ReviewComment, error) {
	c.ID, c.Date = NewID()[:12], s.now().UTC()
	res, err := s.db.Collection(colReviews).UpdateOne(ctx, bson.M{"_id": reviewKey(team, quarter)},
		bson.M{"$push": bson.M{"comments": commentDoc(c)}})
	if err != nil {
		return nil, formatError(fmt.Errorf("store: add review comment: %w", err))
	}
	if res.MatchedCount == 0 {
		return nil, survey.Errorf(survey.ENOTFOUND, "The %s report of %s has not been moved to review.", quarter, team)
	}
	return &c, nil
}

// PublishReport stores the next published version of a team's quarter,
// built by build from the review, and marks the review published. A
// correction (any version after the first) needs a reason. Returns
// conflict if the report was never moved to review or if someone else
// published at the same moment; unprocessable if a reason is missing for a
// correction or given for a first publication.
func (s *Store) PublishReport(ctx context.Context, team, quarter, reason string, build func(r *Review, version int, published time.Time) ([]byte, error)) (*ReportVersion, error) {
	r, err := s.FindReview(ctx, team, quarter)
	if survey.ErrorCode(err) == survey.ENOTFOUND {
		return nil, survey.Errorf(survey.ECONFLICT, "The %s report of %s is a draft: move it to review before publishing.", quarter, team)
	} else if err != nil {
		return nil, err
	}
	latest, err := s.latestReportVersion(ctx, team, quarter)
	if err != nil {
		return nil, err
	}
	if err := checkReason(latest, reason, r.Status); err != nil {
		return nil, err
	}
	v := &reportVersionDoc{Key: versionKey(team, quarter, latest+1), Team: team, Organisation: r.Organisation,
		Service: r.Service, Quarter: quarter, Version: latest + 1, Published: s.now().UTC(), Reason: reason}
	body, err := build(r, v.Version, v.Published)
	if err != nil {
		return nil, err
	}
	v.Report = string(body)
	if _, err := s.db.Collection(colReportVersions).InsertOne(ctx, v); err != nil {
		return nil, conflictAs(formatError(fmt.Errorf("store: publish report: %w", err)),
			"Version %d of the %s report of %s was published at the same moment; reload and try again.", v.Version, quarter, team)
	}
	// The versions collection is the record of what was published; the
	// review's status follows it.
	if _, err := s.db.Collection(colReviews).UpdateOne(ctx, bson.M{"_id": reviewKey(team, quarter)},
		bson.M{"$set": bson.M{"status": survey.ReportPublished}, "$max": bson.M{"published_version": v.Version}}); err != nil {
		return nil, formatError(fmt.Errorf("store: mark review published: %w", err))
	}
	return v.version(), nil
}

func checkReason(latest int, reason, status string) error {
	switch {
	case latest > 0 && reason == "":
		msg := "Say why this correction is being published."
		if status == survey.ReportPublished {
			msg = "This report is already published. To publish a correction, say why in \"reason\"."
		}
		return survey.FieldErrors(msg, []survey.FieldError{{Field: "reason", Message: "A correction needs a reason."}})
	case latest == 0 && reason != "":
		return survey.FieldErrors("A first publication is not a correction.",
			[]survey.FieldError{{Field: "reason", Message: "Leave this out for the first publication."}})
	}
	return nil
}

func (s *Store) latestReportVersion(ctx context.Context, team, quarter string) (int, error) {
	var v reportVersionDoc
	err := s.db.Collection(colReportVersions).FindOne(ctx, bson.M{"team": team, "quarter": quarter},
		options.FindOne().SetSort(bson.D{{Key: "version", Value: -1}}).SetProjection(bson.M{"report": 0})).Decode(&v)
	if survey.ErrorCode(formatError(err)) == survey.ENOTFOUND {
		return 0, nil
	} else if err != nil {
		return 0, formatError(fmt.Errorf("store: latest report version: %w", err))
	}
	return v.Version, nil
}

// FindReportVersion returns a published version of a team's quarterly
// report; version 0 means the latest. Returns not_found if there is none.
func (s *Store) FindReportVersion(ctx context.Context, team, quarter string, version int) (*ReportVersion, error) {
	filter := bson.M{"team": team, "quarter": quarter}
	if version > 0 {
		filter["version"] = version
	}
	var v reportVersionDoc
	err := s.db.Collection(colReportVersions).FindOne(ctx, filter,
		options.FindOne().SetSort(bson.D{{Key: "version", Value: -1}})).Decode(&v)
	if err != nil {
		if version > 0 {
			return nil, notFoundAs(formatError(fmt.Errorf("store: find report version: %w", err)),
				"No published version %d of the %s report of %s.", version, quarter, team)
		}
		return nil, notFoundAs(formatError(fmt.Errorf("store: find report version: %w", err)),
			"The %s report of %s has not been published.", quarter, team)
	}
	return v.version(), nil
}

// ListReportVersions returns the published versions of a team's quarterly
// report, oldest first, without their report bodies.
func (s *Store) ListReportVersions(ctx context.Context, team, quarter string) ([]ReportVersion, error) {
	cur, err := s.db.Collection(colReportVersions).Find(ctx, bson.M{"team": team, "quarter": quarter},
		options.Find().SetSort(bson.D{{Key: "version", Value: 1}}).SetProjection(bson.M{"report": 0}))
	if err != nil {
		return nil, formatError(fmt.Errorf("store: list report versions: %w", err))
	}
	var docs []reportVersionDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, formatError(fmt.Errorf("store: list report versions: %w", err))
	}
	out := make([]ReportVersion, 0, len(docs))
	for i := range docs {
		out = append(out, *docs[i].version())
	}
	return out, nil
}

// LatestPublishedReports returns, for each of the teams, the latest version
// of its most recently published quarter (teams with none are left out).
// Reads one document per team.
func (s *Store) LatestPublishedReports(ctx context.Context, teams []string) ([]ReportVersion, error) {
	out := []ReportVersion{}
	for _, t := range teams {
		var v reportVersionDoc
		err := s.db.Collection(colReportVersions).FindOne(ctx, bson.M{"team": t},
			options.FindOne().SetSort(bson.D{{Key: "quarter", Value: -1}, {Key: "version", Value: -1}})).Decode(&v)
		if survey.ErrorCode(formatError(err)) == survey.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, formatError(fmt.Errorf("store: latest published report: %w", err))
		}
		out = append(out, *v.version())
	}
	return out, nil
}

// DecodeReport decodes a stored report JSON into a survey.Report.
func DecodeReport(raw string) (*survey.Report, error) {
	var r survey.Report
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		return nil, fmt.Errorf("store: decode report: %w", err)
	}
	return &r, nil
}
