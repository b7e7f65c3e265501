package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
)

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

// CommentIDForTest is the listed id of a response's comment.
func CommentIDForTest(responseKey, question string) string { return commentID(responseKey, question) }

// AssignCommentsForTest does the first half of a group's comment step (each
// team × quarter's head assigns the group a chunk) and stops, as a crash
// before the chunk's update would.
func (s *Store) AssignCommentsForTest(ctx context.Context, g *Group, res *GroupResult) error {
	var ours []*Response
	heads := map[string][2]string{}
	for i, r := range res.Stored {
		if res.Created[i] {
			ours = append(ours, r)
			heads[RollupID(r.Team, r.Quarter)] = [2]string{r.Team, r.Quarter}
		}
	}
	for id, cs := range commentsByQuarter(ours) {
		_, stale, err := s.assignChunk(ctx, g.ID, heads[id][0], heads[id][1], len(cs))
		if err != nil {
			return err
		}
		s.cmarks.giveBack(id, stale)
	}
	return nil
}

// BuildCommentsForTest builds every team × quarter's comment documents from
// the stored responses, as the start-up migration does (for benchmarks that
// seed responses directly). Returns the chunks written.
func (s *Store) BuildCommentsForTest(ctx context.Context) (int, error) {
	return s.rebuildComments(ctx, bson.M{})
}

// ScanCommentsForTest lists a team × quarter's comments the way
// ListComments did before the comment documents (and still does on a
// database not yet migrated): by reading the responses.
func (s *Store) ScanCommentsForTest(ctx context.Context, team, quarter string) (int, error) {
	cs, err := s.scanComments(ctx, bson.M{"team": team, "quarter": quarter})
	return len(cs), err
}
