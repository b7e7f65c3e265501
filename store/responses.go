package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// Response is a stored survey response. It holds nothing that identifies the
// respondent: no IP address, user agent, cookie or time finer than the date.
// The client's response id is kept only as a SHA-256 digest (a time-based
// UUID would otherwise carry a precise timestamp); it is enough to make
// submissions idempotent.
type Response struct {
	ID           string `bson:"-"`   // the client's UUID; never stored
	Key          string `bson:"_id"` // ResponseKey(ID)
	Survey       string `bson:"survey"`
	Version      int    `bson:"version"`
	Organisation string `bson:"organisation"`
	Service      string `bson:"service"`
	Team         string `bson:"team"`
	Quarter      string `bson:"quarter"`
	Date         string `bson:"date"` // YYYY-MM-DD in the organisation's time zone
	Language     string `bson:"language"`
	Role         string `bson:"role,omitempty"`
	Answers      bson.M `bson:"answers"`
	// Comments holds the theme engine's analysis of each long_text answer.
	Comments []Comment `bson:"comments,omitempty"`
	// Token is random, drawn for each response when its ingest group is
	// formed (NewGroup). The group's journal records it, so recovery after
	// a crash can tell the copy this group inserted from an earlier one
	// with the same key. It says nothing about the respondent.
	Token string `bson:"token,omitempty"`
}

// Comment is the analysis of one free-text answer, stored with its response.
type Comment struct {
	Question   string   `bson:"question"`
	PromptKind string   `bson:"prompt_kind,omitempty"`
	Themes     []string `bson:"themes"`
	Major      []string `bson:"major"`
	Sentiment  int      `bson:"sentiment"`
	Redacted   string   `bson:"redacted"`
	RiskFlag   bool     `bson:"risk_flag"`
	RiskKind   string   `bson:"risk_kind,omitempty"`
	// RiskReview marks a comment the risk detector is unsure about: it goes
	// on the staff review list (an alert with status review) without
	// notifying anyone. RiskFlag and RiskReview are never both set.
	RiskReview bool `bson:"risk_review,omitempty"`
}

// ResponseKey is the stored key of a client response id: the hex SHA-256 of
// the lower-cased id.
func ResponseKey(id string) string {
	sum := sha256.Sum256([]byte("chorus-response:" + strings.ToLower(id)))
	return hex.EncodeToString(sum[:])
}

// InsertResponse stores a response once, without rollup or alerts (for
// tests and seeding; submissions go through CommitGroup). When a response
// with the same id exists, nothing is written and the stored one is
// returned with created false.
func (s *Store) InsertResponse(ctx context.Context, r *Response) (stored *Response, created bool, err error) {
	r.Key = ResponseKey(r.ID)
	_, err = s.db.Collection(colResponses).InsertOne(ctx, r)
	if err == nil {
		return r, true, nil
	}
	if survey.ErrorCode(formatError(err)) != survey.ECONFLICT {
		return nil, false, formatError(fmt.Errorf("store: insert response: %w", err))
	}
	existing, err := s.FindResponse(ctx, r.ID)
	if err != nil {
		return nil, false, err
	}
	return existing, false, nil
}

// FindResponse returns the response with the client id. Returns not_found if
// there is none.
func (s *Store) FindResponse(ctx context.Context, id string) (*Response, error) {
	var r Response
	if err := s.db.Collection(colResponses).FindOne(ctx, bson.M{"_id": ResponseKey(id)}).Decode(&r); err != nil {
		return nil, notFoundAs(formatError(fmt.Errorf("store: find response: %w", err)), "No response %q.", id)
	}
	r.ID = id
	return &r, nil
}

// ResponseFilter selects responses; empty fields match everything.
type ResponseFilter struct {
	Survey  string
	Team    string
	Quarter string
}

func (f ResponseFilter) bson() bson.M {
	m := bson.M{}
	if f.Survey != "" {
		m["survey"] = f.Survey
	}
	if f.Team != "" {
		m["team"] = f.Team
	}
	if f.Quarter != "" {
		m["quarter"] = f.Quarter
	}
	return m
}

// CountResponses counts the responses matching the filter.
func (s *Store) CountResponses(ctx context.Context, f ResponseFilter) (int64, error) {
	n, err := s.db.Collection(colResponses).CountDocuments(ctx, f.bson())
	if err != nil {
		return 0, formatError(fmt.Errorf("store: count responses: %w", err))
	}
	return n, nil
}
