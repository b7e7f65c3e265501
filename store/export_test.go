package store

import "context"

// Steps of CommitGroup, for tests that stop a group part-way as a crash
// would.

func (s *Store) BeginGroupForTest(ctx context.Context, g *Group) error { return s.beginGroup(ctx, g) }

func (s *Store) InsertGroupForTest(ctx context.Context, g *Group) (*GroupResult, error) {
	return s.insertGroup(ctx, g)
}

func (s *Store) FoldForTest(ctx context.Context, g *Group, res *GroupResult) error {
	var ours []*Response
	for i, r := range res.Stored {
		if res.Created[i] {
			ours = append(ours, r)
		}
	}
	_, err := s.foldResponses(ctx, g.ID, g.Raised, ours)
	return err
}

// SQLiteIDExpr is the _id expression FerretDB filters with.
const SQLiteIDExpr = sqliteIDExpr
