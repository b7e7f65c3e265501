package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// StoredComment is the redacted form of one free-text answer, as staff may
// see it. It never carries the raw answer.
type StoredComment struct {
	// ID is stable for the same answer and reveals nothing about the
	// response: a digest of the response key and question.
	ID         string
	Question   string
	PromptKind string
	Redacted   string
	Themes     []string
	Major      []string
	Sentiment  int
	RiskFlag   bool
	RiskKind   string
}

// CommentFilter selects comments of one team and quarter.
type CommentFilter struct {
	Team    string
	Quarter string
	// Theme keeps only comments carrying this sub-theme ("" for all).
	Theme string
	// NoRisk leaves out risk-flagged comments (they are for the
	// safeguarding contact, never for quotes).
	NoRisk bool
	Offset int
	Limit  int // 0: no limit
}

// ListComments returns the redacted comments of a team's quarter, in a
// stable order (by response key, then question order within a response).
// It reads only the analysed comments of each response, never the answers.
func (s *Store) ListComments(ctx context.Context, f CommentFilter) ([]StoredComment, error) {
	filter := bson.M{"team": f.Team, "quarter": f.Quarter}
	opts := options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetProjection(bson.M{"comments": 1})
	cur, err := s.db.Collection(colResponses).Find(ctx, filter, opts)
	if err != nil {
		return nil, formatError(fmt.Errorf("store: list comments: %w", err))
	}
	defer cur.Close(ctx)
	out := []StoredComment{}
	skipped := 0
	for cur.Next(ctx) {
		var r struct {
			Key      string    `bson:"_id"`
			Comments []Comment `bson:"comments"`
		}
		if err := cur.Decode(&r); err != nil {
			return nil, formatError(fmt.Errorf("store: list comments: %w", err))
		}
		for _, c := range r.Comments {
			if !keepComment(c, f) {
				continue
			}
			if skipped < f.Offset {
				skipped++
				continue
			}
			out = append(out, StoredComment{ID: commentID(r.Key, c.Question), Question: c.Question, PromptKind: c.PromptKind,
				Redacted: c.Redacted, Themes: nonNil(c.Themes), Major: nonNil(c.Major), Sentiment: c.Sentiment,
				RiskFlag: c.RiskFlag, RiskKind: c.RiskKind})
			if f.Limit > 0 && len(out) >= f.Limit {
				return out, nil
			}
		}
	}
	if err := cur.Err(); err != nil {
		return nil, formatError(fmt.Errorf("store: list comments: %w", err))
	}
	return out, nil
}

func keepComment(c Comment, f CommentFilter) bool {
	if c.Redacted == "" || (f.NoRisk && (c.RiskFlag || c.RiskReview)) {
		return false
	}
	if f.Theme == "" {
		return true
	}
	for _, t := range c.Themes {
		if t == f.Theme {
			return true
		}
	}
	return false
}

func commentID(responseKey, question string) string {
	sum := sha256.Sum256([]byte("chorus-comment:" + responseKey + ":" + question))
	return hex.EncodeToString(sum[:8])
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
