package store

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// FindReviews returns the workflow states of a team's quarters that have
// left draft, keyed by quarter, in one read (by _id, so any MongoDB
// version serves it from the primary key index).
func (s *Store) FindReviews(ctx context.Context, team string, quarters []string) (map[string]*Review, error) {
	ids := make([]string, len(quarters))
	for i, q := range quarters {
		ids[i] = reviewKey(team, q)
	}
	cur, err := s.db.Collection(colReviews).Find(ctx, bson.M{"_id": bson.M{"$in": ids}})
	if err != nil {
		return nil, formatError(fmt.Errorf("store: find reviews: %w", err))
	}
	var docs []reviewDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, formatError(fmt.Errorf("store: find reviews: %w", err))
	}
	out := make(map[string]*Review, len(docs))
	for i := range docs {
		out[docs[i].Quarter] = docs[i].review()
	}
	return out, nil
}
