package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

const colSessions = "sessions"

// Session is a staff login. ID is the SHA-256 (hex) of the random value in
// the cookie: the value itself is never stored. Staff sessions may carry
// timestamps; respondents never have sessions.
type Session struct {
	ID           string
	Account      string
	Organisation string
	Created      time.Time
	Expires      time.Time // absolute end
	LastSeen     time.Time // coarse: updated at most once a minute
}

type sessionDoc struct {
	ID           string    `bson:"_id"`
	Account      string    `bson:"account"`
	Organisation string    `bson:"organisation"`
	Created      time.Time `bson:"created"`
	Expires      time.Time `bson:"expires"`
	LastSeen     time.Time `bson:"last_seen"`
}

// CreateSession stores a session. Returns conflict if the ID exists.
func (s *Store) CreateSession(ctx context.Context, se Session) error {
	doc := sessionDoc(se)
	if _, err := s.db.Collection(colSessions).InsertOne(ctx, doc); err != nil {
		return formatError(fmt.Errorf("store: create session: %w", err))
	}
	return nil
}

// FindSession returns the session with the hashed ID. Returns not_found if
// there is none.
func (s *Store) FindSession(ctx context.Context, id string) (*Session, error) {
	var d sessionDoc
	if err := s.db.Collection(colSessions).FindOne(ctx, bson.M{"_id": id}).Decode(&d); err != nil {
		return nil, notFoundAs(formatError(fmt.Errorf("store: find session: %w", err)), "No such session.")
	}
	se := Session(d)
	return &se, nil
}

// TouchSession moves the session's last-seen time forward to t (never
// back). A missing session is not an error.
func (s *Store) TouchSession(ctx context.Context, id string, t time.Time) error {
	_, err := s.db.Collection(colSessions).UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$max": bson.M{"last_seen": t}})
	return formatError(err)
}

// DeleteSession removes one session; a missing session is not an error.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	_, err := s.db.Collection(colSessions).DeleteOne(ctx, bson.M{"_id": id})
	if err != nil {
		return formatError(fmt.Errorf("store: delete session: %w", err))
	}
	return nil
}

// DeleteAccountSessions removes every session of an account except the one
// with the hashed ID keep (which may be empty) and returns how many went.
func (s *Store) DeleteAccountSessions(ctx context.Context, account, keep string) (int64, error) {
	filter := bson.M{"account": account}
	if keep != "" {
		filter["_id"] = bson.M{"$ne": keep}
	}
	res, err := s.db.Collection(colSessions).DeleteMany(ctx, filter)
	if err != nil {
		return 0, formatError(fmt.Errorf("store: delete sessions: %w", err))
	}
	return res.DeletedCount, nil
}

// DeleteExpiredSessions removes sessions whose absolute end is before t or
// that were last seen before idleBefore.
func (s *Store) DeleteExpiredSessions(ctx context.Context, t, idleBefore time.Time) error {
	_, err := s.db.Collection(colSessions).DeleteMany(ctx, bson.M{"$or": bson.A{
		bson.M{"expires": bson.M{"$lt": t}}, bson.M{"last_seen": bson.M{"$lt": idleBefore}},
	}})
	if err != nil {
		return formatError(fmt.Errorf("store: delete expired sessions: %w", err))
	}
	return nil
}
