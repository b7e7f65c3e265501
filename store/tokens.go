package store

import (
	"context"
	"fmt"
	"time"

	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colTokens = "api_tokens"

// APIToken is an integration's bearer token. Only the SHA-256 (hex) of the
// secret is stored, as Hash; the secret is shown once when it is issued.
type APIToken struct {
	ID           string
	Hash         string
	Name         string
	Organisation string
	Scopes       []string // permissions (api package names)
	Teams        []string // restriction; empty with Services empty means organisation-wide
	Services     []string
	CreatedBy    string
	Created      time.Time
	Expires      time.Time
	Revoked      bool
	LastUsed     string // date, coarse
}

type tokenDoc struct {
	ID           string    `bson:"_id"`
	Hash         string    `bson:"hash"`
	Name         string    `bson:"name"`
	Organisation string    `bson:"organisation"`
	Scopes       []string  `bson:"scopes"`
	Teams        []string  `bson:"teams"`
	Services     []string  `bson:"services"`
	CreatedBy    string    `bson:"created_by"`
	Created      time.Time `bson:"created"`
	Expires      time.Time `bson:"expires"`
	Revoked      bool      `bson:"revoked"`
	LastUsed     string    `bson:"last_used,omitempty"`
}

// CreateToken stores a new token with a fresh ID and returns it. Returns
// not_found if the organisation does not exist; conflict if the hash exists.
func (s *Store) CreateToken(ctx context.Context, t APIToken) (*APIToken, error) {
	if _, err := s.FindOrganisation(ctx, t.Organisation); err != nil {
		return nil, err
	}
	t.ID = randomID()
	t.Created = s.now().UTC().Truncate(time.Second)
	for _, p := range []*[]string{&t.Scopes, &t.Teams, &t.Services} {
		if *p == nil {
			*p = []string{}
		}
	}
	doc := tokenDoc(t)
	if _, err := s.db.Collection(colTokens).InsertOne(ctx, doc); err != nil {
		return nil, formatError(fmt.Errorf("store: create token: %w", err))
	}
	return &t, nil
}

// FindTokenByHash returns the token whose secret hashes to hash, revoked or
// not. Returns not_found if there is none.
func (s *Store) FindTokenByHash(ctx context.Context, hash string) (*APIToken, error) {
	return s.findToken(ctx, bson.M{"hash": hash})
}

// FindToken returns the token with the ID. Returns not_found if none.
func (s *Store) FindToken(ctx context.Context, id string) (*APIToken, error) {
	return s.findToken(ctx, bson.M{"_id": id})
}

func (s *Store) findToken(ctx context.Context, filter bson.M) (*APIToken, error) {
	var d tokenDoc
	if err := s.db.Collection(colTokens).FindOne(ctx, filter).Decode(&d); err != nil {
		return nil, notFoundAs(formatError(fmt.Errorf("store: find token: %w", err)), "No such API token.")
	}
	t := APIToken(d)
	return &t, nil
}

// ListTokens returns the tokens of an organisation, newest first.
func (s *Store) ListTokens(ctx context.Context, org string) ([]APIToken, error) {
	cur, err := s.db.Collection(colTokens).Find(ctx, bson.M{"organisation": org},
		options.Find().SetSort(bson.D{{Key: "created", Value: -1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, formatError(fmt.Errorf("store: list tokens: %w", err))
	}
	var docs []tokenDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, formatError(fmt.Errorf("store: list tokens: %w", err))
	}
	out := make([]APIToken, 0, len(docs))
	for _, d := range docs {
		out = append(out, APIToken(d))
	}
	return out, nil
}

// RevokeToken marks a token revoked; it can never be used again. Returns
// not_found if there is no such token.
func (s *Store) RevokeToken(ctx context.Context, id string) error {
	res, err := s.db.Collection(colTokens).UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$set": bson.M{"revoked": true}})
	if err != nil {
		return formatError(fmt.Errorf("store: revoke token: %w", err))
	}
	if res.MatchedCount == 0 {
		return survey.Errorf(survey.ENOTFOUND, "No API token %q.", id)
	}
	return nil
}

// TouchToken records the date a token was last used (coarse: a date).
func (s *Store) TouchToken(ctx context.Context, id, date string) error {
	_, err := s.db.Collection(colTokens).UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$set": bson.M{"last_used": date}})
	return formatError(err)
}
