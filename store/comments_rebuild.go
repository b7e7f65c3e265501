package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// quarterComments is one team × quarter's comments, recounted from the
// responses.
type quarterComments struct {
	team, quarter string
	cs            []chunkComment
}

// commentsReady reports whether every stored response's comments are in
// the chunk documents (a database created or migrated since they exist).
func (s *Store) commentsReady(ctx context.Context) (bool, error) {
	if s.ready.Load() {
		return true, nil
	}
	err := s.db.Collection(colCommentHeads).FindOne(ctx, bson.M{"_id": commentsReadyID}).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	} else if err != nil {
		return false, formatError(fmt.Errorf("store: read comments state: %w", err))
	}
	s.ready.Store(true)
	return true, nil
}

func (s *Store) setCommentsReady(ctx context.Context) error {
	_, err := s.db.Collection(colCommentHeads).UpdateOne(ctx, bson.M{"_id": commentsReadyID},
		bson.M{"$setOnInsert": bson.M{"ready": true}}, options.UpdateOne().SetUpsert(true))
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return formatError(fmt.Errorf("store: write comments state: %w", err))
	}
	s.ready.Store(true)
	return nil
}

// readyIfEmpty marks a database without responses as ready (nothing to
// migrate). Called by Open.
func (s *Store) readyIfEmpty(ctx context.Context) error {
	if ok, err := s.commentsReady(ctx); err != nil || ok {
		return err
	}
	err := s.db.Collection(colResponses).FindOne(ctx, bson.M{}, options.FindOne().SetProjection(bson.M{"_id": 1})).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return s.setCommentsReady(ctx)
	} else if err != nil {
		return formatError(fmt.Errorf("store: read responses: %w", err))
	}
	return nil
}

// migrateComments builds the comment documents of a database that predates
// them, once: it reads every response (the one slow step, at the first
// start after the upgrade) and then marks the database ready. It must run
// while no other writer folds groups (RecoverGroups runs it only when it
// owns every journal: the embedded store's start-up and `chorus reports
// rebuild`).
func (s *Store) migrateComments(ctx context.Context) error {
	if ok, err := s.commentsReady(ctx); err != nil || ok {
		return err
	}
	if _, err := s.rebuildComments(ctx, bson.M{}); err != nil {
		return err
	}
	return s.setCommentsReady(ctx)
}

// recountComments reads the listed comments of the responses under filter,
// per team × quarter, in ListComments' order.
func (s *Store) recountComments(ctx context.Context, filter bson.M) (map[string]*quarterComments, error) {
	opts := options.Find().SetBatchSize(1000).SetProjection(bson.M{"team": 1, "quarter": 1, "comments": 1})
	cur, err := s.db.Collection(colResponses).Find(ctx, filter, opts)
	if err != nil {
		return nil, formatError(fmt.Errorf("store: recount comments: %w", err))
	}
	defer cur.Close(ctx)
	out := map[string]*quarterComments{}
	for cur.Next(ctx) {
		var r Response
		if err := cur.Decode(&r); err != nil {
			return nil, formatError(fmt.Errorf("store: recount comments: %w", err))
		}
		cs := listedComments(&r)
		if len(cs) == 0 {
			continue
		}
		id := RollupID(r.Team, r.Quarter)
		if out[id] == nil {
			out[id] = &quarterComments{team: r.Team, quarter: r.Quarter}
		}
		out[id].cs = append(out[id].cs, cs...)
	}
	if err := cur.Err(); err != nil {
		return nil, formatError(fmt.Errorf("store: recount comments: %w", err))
	}
	for _, q := range out {
		slices.SortStableFunc(q.cs, func(a, b chunkComment) int { return strings.Compare(a.Key, b.Key) })
	}
	return out, nil
}

// rebuildComments replaces the comment documents of the team × quarters
// under filter by a recount, and removes those whose comments are gone.
// Returns the number of chunks written.
func (s *Store) rebuildComments(ctx context.Context, filter bson.M) (int, error) {
	all, err := s.recountComments(ctx, filter)
	if err != nil {
		return 0, err
	}
	written := 0
	for _, id := range slices.Sorted(mapsKeys(all)) {
		n, err := s.replaceComments(ctx, id, all[id])
		if err != nil {
			return written, err
		}
		written += n
	}
	return written, s.deleteStaleComments(ctx, filter, all)
}

// replaceComments writes a team × quarter's chunks, then its head, then
// removes the chunks past the new count.
func (s *Store) replaceComments(ctx context.Context, id string, q *quarterComments) (int, error) {
	old, _, err := s.commentHead(ctx, id)
	if err != nil {
		return 0, err
	}
	n := 0
	for start := 0; start < len(q.cs); start += commentChunkSize {
		part, err := packComments(q.cs[start:min(start+commentChunkSize, len(q.cs))])
		if err != nil {
			return n, err
		}
		if _, err := s.db.Collection(colComments).ReplaceOne(ctx, bson.M{"_id": chunkID(id, n)},
			commentChunk{ID: chunkID(id, n), Parts: []bson.Binary{part}}, options.Replace().SetUpsert(true)); err != nil {
			return n, formatError(fmt.Errorf("store: rebuild comments: %w", err))
		}
		n++
	}
	fill := len(q.cs) - (n-1)*commentChunkSize
	h := commentHead{ID: id, Team: q.team, Quarter: q.quarter, Chunks: n, Fill: fill}
	if _, err := s.db.Collection(colCommentHeads).ReplaceOne(ctx, bson.M{"_id": id}, h, options.Replace().SetUpsert(true)); err != nil {
		return n, formatError(fmt.Errorf("store: rebuild comments: %w", err))
	}
	return n, s.deleteChunks(ctx, id, n, old.Chunks)
}

func (s *Store) deleteChunks(ctx context.Context, head string, from, to int) error {
	for k := from; k < to; k++ {
		if _, err := s.db.Collection(colComments).DeleteOne(ctx, bson.M{"_id": chunkID(head, k)}); err != nil {
			return formatError(fmt.Errorf("store: rebuild comments: delete chunk: %w", err))
		}
	}
	return nil
}

// deleteStaleComments removes the heads (and chunks) under filter that were
// not rebuilt: their comments are gone.
func (s *Store) deleteStaleComments(ctx context.Context, filter bson.M, keep map[string]*quarterComments) error {
	cur, err := s.db.Collection(colCommentHeads).Find(ctx, filter)
	if err != nil {
		return formatError(fmt.Errorf("store: rebuild comments: list heads: %w", err))
	}
	var heads []commentHead
	if err := cur.All(ctx, &heads); err != nil {
		return formatError(fmt.Errorf("store: rebuild comments: list heads: %w", err))
	}
	for _, h := range heads {
		if h.ID == commentsReadyID || keep[h.ID] != nil {
			continue
		}
		if err := s.deleteChunks(ctx, h.ID, 0, h.Chunks); err != nil {
			return err
		}
		if _, err := s.db.Collection(colCommentHeads).DeleteOne(ctx, bson.M{"_id": h.ID}); err != nil {
			return formatError(fmt.Errorf("store: rebuild comments: delete head: %w", err))
		}
	}
	return nil
}

// checkComments compares every team × quarter's stored comments with a
// recount from the responses and returns "comments:<team|quarter>" for
// each that differs. A database not yet migrated reads the responses
// themselves, so there is nothing to compare.
func (s *Store) checkComments(ctx context.Context) ([]string, error) {
	if ok, err := s.commentsReady(ctx); err != nil || !ok {
		return nil, err
	}
	want, err := s.recountComments(ctx, bson.M{})
	if err != nil {
		return nil, err
	}
	cur, err := s.db.Collection(colCommentHeads).Find(ctx, bson.M{}, options.Find().SetProjection(bson.M{"_id": 1}))
	if err != nil {
		return nil, formatError(fmt.Errorf("store: check comments: %w", err))
	}
	var heads []commentHead
	if err := cur.All(ctx, &heads); err != nil {
		return nil, formatError(fmt.Errorf("store: check comments: %w", err))
	}
	ids := map[string]bool{}
	for id := range want {
		ids[id] = true
	}
	for _, h := range heads {
		if h.ID != commentsReadyID {
			ids[h.ID] = true
		}
	}
	var bad []string
	for _, id := range slices.Sorted(mapsKeys(ids)) {
		got, err := s.readComments(ctx, id)
		if err != nil {
			return nil, err
		}
		var w []chunkComment
		if want[id] != nil {
			w = want[id].cs
		}
		if !slices.Equal(canonComments(got), canonComments(w)) {
			bad = append(bad, "comments:"+id)
		}
	}
	return bad, nil
}

// canonComments renders comments for comparison (nil and empty lists
// alike).
func canonComments(cs []chunkComment) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = fmt.Sprintf("%s|%s|%s|%q|%q|%q|%d|%t|%s|%t", c.Key, c.Question, c.PromptKind, c.Redacted,
			nonNil(c.Themes), nonNil(c.Major), c.Sentiment, c.RiskFlag, c.RiskKind, c.RiskReview)
	}
	return out
}
