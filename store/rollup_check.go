package store

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// CheckRollups recounts every team × quarter from the stored responses,
// writing nothing, and returns the ids of the stored rollups that differ
// from the recount (a rollup missing on one side counts as zero). It reads
// every response: a check for tests and operators, not for a hot path.
func (s *Store) CheckRollups(ctx context.Context) ([]string, error) {
	accs, _, err := s.sumResponses(ctx, bson.M{})
	if err != nil {
		return nil, err
	}
	cur, err := s.db.Collection(colRollups).Find(ctx, bson.M{})
	if err != nil {
		return nil, formatError(fmt.Errorf("store: check rollups: %w", err))
	}
	var docs []rollupDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, formatError(fmt.Errorf("store: check rollups: %w", err))
	}
	stored := map[string]map[string]int{}
	for _, d := range docs {
		if stored[d.ID], err = rollupPaths(d.rollup()); err != nil {
			return nil, err
		}
	}
	var bad []string
	for id, a := range accs {
		want, err := rollupPaths(a.r)
		if err != nil {
			return nil, err
		}
		if !maps.Equal(want, stored[id]) {
			bad = append(bad, id)
		}
		delete(stored, id)
	}
	for id, got := range stored {
		if len(got) > 0 {
			bad = append(bad, id)
		}
	}
	slices.Sort(bad)
	return bad, nil
}
