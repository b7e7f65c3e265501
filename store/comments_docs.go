package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// The redacted comments of a team × quarter are kept, apart from the
// responses, in numbered chunk documents (colComments, _id
// "team|quarter|k") described by one head document (colCommentHeads, _id
// "team|quarter"), so that ListComments reads them by _id only: FerretDB
// 1.24 pushes down no other filter, and a find by team and quarter would
// read every stored response.
//
// They are written by the ingest writer's fold step, exactly once per group
// as the rollups are (see docs/architecture.md, "Comments by _id"):
//
//  1. The head assigns the group a chunk: a guarded compare-and-set on the
//     head (filter on its chunk count and fill, and on the absence of the
//     group's entry "assign.g<gid>"), which records the chunk under that
//     entry. A refold finds the entry and uses the same chunk.
//  2. The chunk gets the group's comments: one update guarded by the
//     absence of the group's mark "applied.g<gid>", which $push-es the
//     comments and sets the mark in the same single-document write.
//
// Entries and marks of finished groups are removed by later updates and by
// the start-up sweep, as the rollups' marks are.
const (
	colCommentHeads = "comment_heads"
	colComments     = "comments"
	// commentChunkSize is the number of comments after which a new chunk
	// is started (a group's comments for one team × quarter are never
	// split, so a chunk holds at most this many plus one group's). At a
	// few hundred bytes a comment this stays far below MongoDB's 16 MB.
	commentChunkSize = 500
	// commentsReadyID is the head-collection document that says every
	// stored response's comments are in the chunk documents. Without it
	// ListComments falls back to reading the responses.
	commentsReadyID = "~ready"
)

// assignField is the head's map from group mark to chunk number.
const assignField = "assign"

// commentHead is the stored head of a team × quarter's comments.
type commentHead struct {
	ID      string         `bson:"_id"`
	Team    string         `bson:"team"`
	Quarter string         `bson:"quarter"`
	Chunks  int            `bson:"chunks"`
	Fill    int            `bson:"fill"` // comments assigned to the last chunk
	Assign  map[string]int `bson:"assign,omitempty"`
}

// chunkComment is one comment as a chunk stores it: the response key (for
// the order and the comment id) and the analysed comment.
type chunkComment struct {
	Key     string `bson:"k"`
	Comment `bson:",inline"`
}

// commentChunk is one stored chunk of comments: a list of parts, each one
// group's comments (or up to a chunk's, when rebuilt) BSON-encoded as one
// binary value. FerretDB 1.24 decodes a stored document value by value in
// Go; one opaque value per group instead of ten per comment makes reading
// a chunk several times cheaper there.
type commentChunk struct {
	ID    string        `bson:"_id"`
	Parts []bson.Binary `bson:"parts"`
}

// commentPart is the encoded form of one part.
type commentPart struct {
	C []chunkComment `bson:"c"`
}

func packComments(cs []chunkComment) (bson.Binary, error) {
	data, err := bson.Marshal(commentPart{C: cs})
	if err != nil {
		return bson.Binary{}, fmt.Errorf("store: encode comments: %w", err)
	}
	return bson.Binary{Subtype: 0, Data: data}, nil
}

// comments decodes a chunk's parts, in order.
func (c *commentChunk) comments() ([]chunkComment, error) {
	var out []chunkComment
	for _, b := range c.Parts {
		var p commentPart
		if err := bson.Unmarshal(b.Data, &p); err != nil {
			return nil, fmt.Errorf("store: decode comments of %s: %w", c.ID, err)
		}
		out = append(out, p.C...)
	}
	return out, nil
}

func chunkID(head string, k int) string { return head + "|" + strconv.Itoa(k) }

// commentDocs remembers, per group folded in this process, the heads that
// carry its entry (and name the chunk carrying its mark), so that
// FinishGroup can hand them to the stale-mark set.
type commentDocs struct {
	mu      sync.Mutex
	touched map[string][]string // group id -> document ids
}

func (c *commentDocs) add(gid string, ids ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.touched == nil {
		c.touched = map[string][]string{}
	}
	for _, id := range ids {
		if !slices.Contains(c.touched[gid], id) {
			c.touched[gid] = append(c.touched[gid], id)
		}
	}
}

func (c *commentDocs) take(gid string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	ids := c.touched[gid]
	delete(c.touched, gid)
	return ids
}

// listedComments returns the comments of a response that ListComments can
// show (those with a redacted text), in question order.
func listedComments(r *Response) []chunkComment {
	var out []chunkComment
	for _, c := range r.Comments {
		if c.Redacted != "" {
			out = append(out, chunkComment{Key: r.Key, Comment: c})
		}
	}
	return out
}

// commentsByQuarter groups responses' listed comments per team × quarter.
func commentsByQuarter(rs []*Response) map[string][]chunkComment {
	out := map[string][]chunkComment{}
	for _, r := range rs {
		if cs := listedComments(r); len(cs) > 0 {
			id := RollupID(r.Team, r.Quarter)
			out[id] = append(out[id], cs...)
		}
	}
	return out
}

// applyGroupComments adds a group's new comments to their team × quarter
// chunks, once per group and team × quarter.
func (s *Store) applyGroupComments(ctx context.Context, gid string, rs []*Response) error {
	heads := map[string][2]string{}
	for _, r := range rs {
		heads[RollupID(r.Team, r.Quarter)] = [2]string{r.Team, r.Quarter}
	}
	byQuarter := commentsByQuarter(rs)
	for _, id := range slices.Sorted(mapsKeys(byQuarter)) {
		tq := heads[id]
		k, stale, err := s.assignChunk(ctx, gid, tq[0], tq[1], len(byQuarter[id]))
		if err != nil {
			return err
		}
		s.commentDocs.add(gid, id)
		cleaned, err := s.pushChunkOnce(ctx, gid, chunkID(id, k), byQuarter[id], stale)
		s.cleaned.giveBack(id, cleaned) // their entries can go from the head now
		s.cmarks.giveBack(id, without(stale, cleaned))
		if err != nil {
			return err
		}
	}
	return nil
}

// assignChunk returns the chunk a group's n comments of a team × quarter go
// to: the one the head already records for the group, else the last chunk
// if they fit, else a new one, recorded by a compare-and-set on the head.
// It also returns the finished groups whose marks the update of that chunk
// should remove (see tidyHead).
func (s *Store) assignChunk(ctx context.Context, gid, team, quarter string, n int) (int, []string, error) {
	id := RollupID(team, quarter)
	for attempt := 0; attempt < 8; attempt++ {
		h, found, err := s.commentHead(ctx, id)
		if err != nil {
			return 0, nil, err
		}
		if !found {
			if err := s.createCommentHead(ctx, team, quarter); err != nil {
				return 0, nil, err
			}
			continue
		}
		if k, ok := h.Assign["g"+gid]; ok {
			return k, nil, nil
		}
		k, chunks, fill := h.Chunks-1, h.Chunks, h.Fill+n
		if h.Chunks == 0 || (h.Fill > 0 && h.Fill+n > commentChunkSize) {
			k, chunks, fill = h.Chunks, h.Chunks+1, n
		}
		removable, forPush, err := s.tidyHead(ctx, h, k)
		if err != nil {
			return 0, nil, err
		}
		ok, err := s.casHead(ctx, h, gid, k, chunks, fill, removable)
		if err != nil || !ok {
			s.cleaned.giveBack(id, removable)
			s.cmarks.giveBack(id, forPush)
		}
		if err != nil {
			return 0, nil, err
		}
		if ok {
			return k, forPush, nil
		}
	}
	return 0, nil, fmt.Errorf("store: comments %s: no chunk for group %s after repeated conflicts", id, gid)
}

// tidyHead sorts the finished groups of a head before its next update. A
// head's entry for a group goes only once the mark on the entry's chunk is
// gone, so that the start-up sweep, which follows the entries, finds every
// mark left. Groups whose mark is on chunk k (about to be updated) are
// returned for that update to remove; marks on other chunks (full, never
// updated again) are removed here; both, and the groups cleaned earlier,
// lose their entries in the head's next update.
func (s *Store) tidyHead(ctx context.Context, h commentHead, k int) (removable, forPush []string, err error) {
	removable = s.cleaned.take(h.ID)
	stale := s.cmarks.take(h.ID)
	other := map[int][]string{}
	for _, g := range stale {
		kg, ok := h.Assign["g"+g]
		switch {
		case !ok:
			continue // gone already
		case kg == k:
			forPush = append(forPush, g)
		default:
			other[kg] = append(other[kg], g)
		}
	}
	for _, kg := range slices.Sorted(mapsKeysInt(other)) {
		if _, err := s.db.Collection(colComments).UpdateOne(ctx, bson.M{"_id": chunkID(h.ID, kg)},
			bson.D{{Key: "$unset", Value: unsetMarks(other[kg], "")}}); err != nil {
			s.cleaned.giveBack(h.ID, removable)
			s.cmarks.giveBack(h.ID, stale)
			return nil, nil, formatError(fmt.Errorf("store: tidy comment chunk: %w", err))
		}
		removable = append(removable, other[kg]...)
	}
	return removable, forPush, nil
}

func mapsKeysInt[V any](m map[int]V) func(func(int) bool) {
	return func(yield func(int) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func without(all, drop []string) []string {
	var out []string
	for _, g := range all {
		if !slices.Contains(drop, g) {
			out = append(out, g)
		}
	}
	return out
}

func (s *Store) casHead(ctx context.Context, h commentHead, gid string, k, chunks, fill int, removable []string) (bool, error) {
	entry := assignField + ".g" + gid
	filter := bson.D{{Key: "_id", Value: h.ID}, {Key: "chunks", Value: h.Chunks}, {Key: "fill", Value: h.Fill},
		{Key: entry, Value: bson.D{{Key: "$exists", Value: false}}}}
	update := bson.D{{Key: "$set", Value: bson.D{{Key: "chunks", Value: chunks}, {Key: "fill", Value: fill}, {Key: entry, Value: k}}}}
	if unset := unsetEntries(assignField, removable, gid); len(unset) > 0 {
		update = append(update, bson.E{Key: "$unset", Value: unset})
	}
	res, err := s.db.Collection(colCommentHeads).UpdateOne(ctx, filter, update)
	if err != nil {
		return false, formatError(fmt.Errorf("store: assign comment chunk: %w", err))
	}
	return res.MatchedCount == 1, nil
}

func unsetEntries(field string, gids []string, except string) bson.D {
	var d bson.D
	for _, g := range gids {
		if g != except {
			d = append(d, bson.E{Key: field + ".g" + g, Value: ""})
		}
	}
	return d
}

func (s *Store) commentHead(ctx context.Context, id string) (commentHead, bool, error) {
	var h commentHead
	err := s.db.Collection(colCommentHeads).FindOne(ctx, bson.M{"_id": id}).Decode(&h)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return h, false, nil
	} else if err != nil {
		return h, false, formatError(fmt.Errorf("store: read comments head: %w", err))
	}
	return h, true, nil
}

// createCommentHead creates an empty head. The upsert filters on _id only,
// so on MongoDB two replicas creating it at once both succeed.
func (s *Store) createCommentHead(ctx context.Context, team, quarter string) error {
	_, err := s.db.Collection(colCommentHeads).UpdateOne(ctx, bson.M{"_id": RollupID(team, quarter)},
		bson.M{"$setOnInsert": bson.M{"team": team, "quarter": quarter, "chunks": 0, "fill": 0}},
		options.UpdateOne().SetUpsert(true))
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return formatError(fmt.Errorf("store: create comments head: %w", err))
	}
	return nil
}

// pushChunkOnce appends a group's comments to a chunk unless the chunk
// carries the group's mark: one guarded update, which also removes the
// marks of the finished groups stale (returned when it did). Only when it
// matches nothing is the chunk read, to tell "already applied" from "not
// created yet" (then created empty, and the update retried).
func (s *Store) pushChunkOnce(ctx context.Context, gid, id string, cs []chunkComment, stale []string) ([]string, error) {
	for attempt := 0; attempt < 3; attempt++ {
		matched, err := s.guardedPush(ctx, gid, id, cs, stale)
		if err != nil {
			return nil, err
		}
		if matched {
			return stale, nil
		}
		var d struct {
			Applied map[string]int `bson:"applied"`
		}
		err = s.db.Collection(colComments).FindOne(ctx, bson.M{"_id": id},
			options.FindOne().SetProjection(bson.M{appliedField: 1})).Decode(&d)
		if err == nil {
			if _, ok := d.Applied["g"+gid]; ok {
				return nil, nil
			}
			continue
		}
		if !errors.Is(err, mongo.ErrNoDocuments) {
			return nil, formatError(fmt.Errorf("store: read comment chunk: %w", err))
		}
		_, err = s.db.Collection(colComments).UpdateOne(ctx, bson.M{"_id": id},
			bson.M{"$setOnInsert": bson.M{"parts": bson.A{}}}, options.UpdateOne().SetUpsert(true))
		if err != nil && !mongo.IsDuplicateKeyError(err) {
			return nil, formatError(fmt.Errorf("store: create comment chunk: %w", err))
		}
	}
	return nil, fmt.Errorf("store: comment chunk %s: group %s neither applied nor applicable", id, gid)
}

func (s *Store) guardedPush(ctx context.Context, gid, id string, cs []chunkComment, stale []string) (bool, error) {
	part, err := packComments(cs)
	if err != nil {
		return false, err
	}
	update := bson.D{
		{Key: "$push", Value: bson.D{{Key: "parts", Value: part}}},
		{Key: "$set", Value: bson.D{{Key: markPath(gid), Value: 1}}},
	}
	if unset := unsetMarks(stale, gid); len(unset) > 0 {
		update = append(update, bson.E{Key: "$unset", Value: unset})
	}
	filter := bson.D{{Key: "_id", Value: id}, {Key: markPath(gid), Value: bson.D{{Key: "$exists", Value: false}}}}
	res, err := s.db.Collection(colComments).UpdateOne(ctx, filter, update)
	if err != nil {
		return false, formatError(fmt.Errorf("store: add comments: %w", err))
	}
	return res.MatchedCount == 1, nil
}

// sweepCommentMarks removes, from every head, the entries of groups whose
// journal is gone, after removing their marks from the chunks the entries
// name (so that a crash in between leaves the entry to sweep again).
func (s *Store) sweepCommentMarks(ctx context.Context) error {
	cur, err := s.db.Collection(colCommentHeads).Find(ctx, bson.M{})
	if err != nil {
		return formatError(fmt.Errorf("store: sweep comment marks: %w", err))
	}
	var heads []commentHead
	if err := cur.All(ctx, &heads); err != nil {
		return formatError(fmt.Errorf("store: sweep comment marks: %w", err))
	}
	for _, h := range heads {
		for key, k := range h.Assign {
			gid := key[1:]
			live, err := s.journalExists(ctx, gid)
			if err != nil || live {
				if err != nil {
					return err
				}
				continue
			}
			if _, err := s.db.Collection(colComments).UpdateOne(ctx, bson.M{"_id": chunkID(h.ID, k)},
				bson.D{{Key: "$unset", Value: unsetMarks([]string{gid}, "")}}); err != nil {
				return formatError(fmt.Errorf("store: sweep comment marks: %w", err))
			}
			if _, err := s.db.Collection(colCommentHeads).UpdateOne(ctx, bson.M{"_id": h.ID},
				bson.D{{Key: "$unset", Value: unsetEntries(assignField, []string{gid}, "")}}); err != nil {
				return formatError(fmt.Errorf("store: sweep comment marks: %w", err))
			}
		}
	}
	return nil
}
