package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colAudit = "audit"

// AuditEntry records one staff action: who (an account or an API token),
// what (an action and its target), when, and in which organisation. It never
// records anything about respondents.
type AuditEntry struct {
	ID           string
	Time         time.Time
	Organisation string
	ActorKind    string // "user", "token" or "bootstrap"
	ActorID      string
	Actor        string // e-mail address or token name
	Action       string // e.g. "survey.publish"
	Target       string // e.g. "quarterly-feedback@3"
}

type auditDoc struct {
	ID           string    `bson:"_id"`
	Time         time.Time `bson:"time"`
	Organisation string    `bson:"organisation"`
	ActorKind    string    `bson:"actor_kind"`
	ActorID      string    `bson:"actor_id"`
	Actor        string    `bson:"actor"`
	Action       string    `bson:"action"`
	Target       string    `bson:"target"`
}

// AppendAudit stores an audit entry with a fresh ID and, when e.Time is
// zero, the store's clock.
func (s *Store) AppendAudit(ctx context.Context, e AuditEntry) error {
	e.ID = randomID()
	if e.Time.IsZero() {
		e.Time = s.now()
	}
	e.Time = e.Time.UTC().Truncate(time.Millisecond)
	if _, err := s.db.Collection(colAudit).InsertOne(ctx, auditDoc(e)); err != nil {
		return formatError(fmt.Errorf("store: audit: %w", err))
	}
	return nil
}

// AuditFilter selects audit entries of an organisation in [From, To), a
// page at a time. Zero times are open ends.
type AuditFilter struct {
	Organisation string
	From, To     time.Time
	Offset       int
	Limit        int // 0 means 100
}

// ListAudit returns a page of matching entries, newest first, and how many
// match in all.
func (s *Store) ListAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, int64, error) {
	filter := bson.M{"organisation": f.Organisation}
	tr := bson.M{}
	if !f.From.IsZero() {
		tr["$gte"] = f.From
	}
	if !f.To.IsZero() {
		tr["$lt"] = f.To
	}
	if len(tr) > 0 {
		filter["time"] = tr
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	col := s.db.Collection(colAudit)
	total, err := col.CountDocuments(ctx, filter)
	if err != nil {
		return nil, 0, formatError(fmt.Errorf("store: count audit: %w", err))
	}
	cur, err := col.Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "time", Value: -1}, {Key: "_id", Value: 1}}).
		SetSkip(int64(f.Offset)).SetLimit(int64(f.Limit)))
	if err != nil {
		return nil, 0, formatError(fmt.Errorf("store: list audit: %w", err))
	}
	var docs []auditDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, 0, formatError(fmt.Errorf("store: list audit: %w", err))
	}
	out := make([]AuditEntry, 0, len(docs))
	for _, d := range docs {
		out = append(out, AuditEntry(d))
	}
	return out, total, nil
}
