package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
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
// It reads the team × quarter's comment documents by _id (see
// comments_docs.go), never the responses, unless the database predates
// them and has not been migrated yet (then it reads the responses' analysed
// comments, never their answers).
func (s *Store) ListComments(ctx context.Context, f CommentFilter) ([]StoredComment, error) {
	ready, err := s.commentsReady(ctx)
	if err != nil {
		return nil, err
	}
	var cs []chunkComment
	if ready {
		cs, err = s.readComments(ctx, RollupID(f.Team, f.Quarter))
	} else {
		cs, err = s.scanComments(ctx, bson.M{"team": f.Team, "quarter": f.Quarter})
	}
	if err != nil {
		return nil, err
	}
	out := []StoredComment{}
	skipped := 0
	for _, c := range cs {
		if !keepComment(c.Comment, f) {
			continue
		}
		if skipped < f.Offset {
			skipped++
			continue
		}
		out = append(out, StoredComment{ID: commentID(c.Key, c.Question), Question: c.Question, PromptKind: c.PromptKind,
			Redacted: c.Redacted, Themes: nonNil(c.Themes), Major: nonNil(c.Major), Sentiment: c.Sentiment,
			RiskFlag: c.RiskFlag, RiskKind: c.RiskKind})
		if f.Limit > 0 && len(out) >= f.Limit {
			break
		}
	}
	return out, nil
}

// readComments reads a team × quarter's comment chunks by _id and returns
// their comments by response key, then question order (a stable sort keeps
// a response's comments, pushed together, in their order).
func (s *Store) readComments(ctx context.Context, head string) ([]chunkComment, error) {
	h, found, err := s.commentHead(ctx, head)
	if err != nil || !found {
		return nil, err
	}
	var cs []chunkComment
	for k := 0; k < h.Chunks; k++ {
		var c commentChunk
		err := s.db.Collection(colComments).FindOne(ctx, bson.M{"_id": chunkID(head, k)},
			options.FindOne().SetProjection(bson.M{"parts": 1})).Decode(&c)
		if errors.Is(err, mongo.ErrNoDocuments) {
			continue // assigned, not yet written (a group in flight or to be refolded)
		} else if err != nil {
			return nil, formatError(fmt.Errorf("store: list comments: %w", err))
		}
		part, err := c.comments()
		if err != nil {
			return nil, err
		}
		cs = append(cs, part...)
	}
	slices.SortStableFunc(cs, func(a, b chunkComment) int { return strings.Compare(a.Key, b.Key) })
	return cs, nil
}

// scanComments reads the listed comments of the responses matching filter,
// by response key then question order.
func (s *Store) scanComments(ctx context.Context, filter bson.M) ([]chunkComment, error) {
	opts := options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).
		SetProjection(bson.M{"comments": 1, "team": 1, "quarter": 1})
	cur, err := s.db.Collection(colResponses).Find(ctx, filter, opts)
	if err != nil {
		return nil, formatError(fmt.Errorf("store: list comments: %w", err))
	}
	defer cur.Close(ctx)
	var cs []chunkComment
	for cur.Next(ctx) {
		var r Response
		if err := cur.Decode(&r); err != nil {
			return nil, formatError(fmt.Errorf("store: list comments: %w", err))
		}
		cs = append(cs, listedComments(&r)...)
	}
	if err := cur.Err(); err != nil {
		return nil, formatError(fmt.Errorf("store: list comments: %w", err))
	}
	return cs, nil
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
