package survey

import (
	"fmt"
	"time"
)

// The records of the report workflow of one team and quarter: the review
// (snapshot, candidate quotes, decisions, comments) and the published
// versions. They are domain values: the store keeps its own documents and
// each adapter chooses its JSON.

// Quote decisions.
const (
	QuotePending  = "pending"
	QuoteApproved = "approved"
	QuoteRejected = "rejected"
)

// QuoteCandidate is a redacted comment that could be quoted in a report.
type QuoteCandidate struct {
	ID         string
	Question   string
	PromptKind string
	Text       string // redacted
	Themes     []string
	Sentiment  int
}

// QuoteDecision is a reviewer's decision on one candidate.
type QuoteDecision struct {
	Decision string
	By       string
	Date     time.Time
}

// ReviewComment is a comment of a panel member or manager on a review.
type ReviewComment struct {
	ID     string
	Text   string
	Author string
	Date   time.Time
}

// Review is the workflow state of one team and quarter once it has left
// draft.
type Review struct {
	Team         string
	Organisation string
	Service      string
	Quarter      string
	// Status is ReportInReview or ReportPublished.
	Status string
	// Round counts the reviews started; a new review after publication
	// starts a new round with a fresh snapshot.
	Round    int
	Reviewed time.Time
	// Report is the JSON of the report value at the start of the review
	// (Report). It never changes during the round.
	Report     string
	Candidates []QuoteCandidate
	Decisions  map[string]QuoteDecision
	Comments   []ReviewComment
	// PublishedVersion is the latest published version (0 when none).
	PublishedVersion int
}

// Decision returns the decision on a candidate quote (pending if none).
func (r *Review) Decision(id string) string {
	if d, ok := r.Decisions[id]; ok {
		return d.Decision
	}
	return QuotePending
}

// Approved returns the approved candidates, in candidate order.
func (r *Review) Approved() []QuoteCandidate {
	var out []QuoteCandidate
	for _, q := range r.Candidates {
		if r.Decision(q.ID) == QuoteApproved {
			out = append(out, q)
		}
	}
	return out
}

// ReportVersion is one published version of a team's quarterly report. It
// is never changed once stored.
type ReportVersion struct {
	Team         string
	Organisation string
	Service      string
	Quarter      string
	Version      int
	Published    time.Time
	// Reason is why a correction was published; "" for version 1.
	Reason string
	// Report is the JSON of the published report value (Report with its
	// approved quotes and actions at publication).
	Report string
}

// Ref identifies the version in delivery logs: "team/quarter/version".
func (v *ReportVersion) Ref() string { return fmt.Sprintf("%s/%s/%d", v.Team, v.Quarter, v.Version) }
