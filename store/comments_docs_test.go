package store_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
)

const q3 = "2026-27-Q3"

func comments(t *testing.T, st *store.Store, team string) []store.StoredComment {
	t.Helper()
	cs, err := st.ListComments(context.Background(), store.CommentFilter{Team: team, Quarter: q3})
	must(t, err)
	return cs
}

// commentIDs returns the ids of the listed comments, failing on a repeat.
func commentIDs(t *testing.T, cs []store.StoredComment) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	for _, c := range cs {
		if ids[c.ID] {
			t.Fatalf("comment %s listed twice", c.ID)
		}
		ids[c.ID] = true
	}
	return ids
}

// commitGroups commits n groups of size responses each (ids from first on)
// and finishes all but those in keep, whose journals stay as a crash
// would leave them.
func commitGroups(t *testing.T, st *store.Store, v, first, n, size int, keep map[int]bool) {
	t.Helper()
	ctx := context.Background()
	for g := range n {
		var rs []*store.Response
		for i := range size {
			rs = append(rs, response(uuid(first+g*size+i), "north-cmht", v, false))
		}
		grp := store.NewGroup(rs)
		res, err := st.CommitGroup(ctx, grp)
		must(t, err)
		if !keep[g] {
			must(t, st.FinishGroup(ctx, grp.ID, res))
		}
	}
}

// TestCommentsChunksExactlyOnce spreads comments over several chunks and
// refolds groups whose chunk is no longer the last (journals left by a
// crash): every comment is listed once, in key order, equal to a recount.
func TestCommentsChunksExactlyOnce(t *testing.T) {
	ctx := context.Background()
	st, v := seeded(t)
	before := len(comments(t, st, "north-cmht"))
	commitGroups(t, st, v, 1000, 14, 90, map[int]bool{0: true, 6: true})
	for range 2 {
		_, n, err := st.RecoverGroups(ctx, true)
		must(t, err)
		_ = n
	}
	cs := comments(t, st, "north-cmht")
	if len(cs) != before+14*90 {
		t.Fatalf("%d comments, want %d", len(cs), before+14*90)
	}
	commentIDs(t, cs)
	mustCheck(t, st)
	var head struct {
		Chunks int            `bson:"chunks"`
		Assign map[string]int `bson:"assign"`
	}
	must(t, st.Database().Collection("comment_heads").FindOne(ctx, bson.M{"_id": "north-cmht|" + q3}).Decode(&head))
	if head.Chunks < 3 || len(head.Assign) != 0 {
		t.Fatalf("head = %+v; want ≥ 3 chunks and no entries left", head)
	}
	n, err := st.Database().Collection("comments").CountDocuments(ctx, bson.M{"applied": bson.M{"$exists": true, "$ne": bson.M{}}})
	must(t, err)
	if n != 0 {
		t.Fatalf("%d chunks still carry group marks after recovery", n)
	}
	page, err := st.ListComments(ctx, store.CommentFilter{Team: "north-cmht", Quarter: q3, Offset: 500, Limit: 3})
	must(t, err)
	if len(page) != 3 || page[0].ID != cs[500].ID || page[2].ID != cs[502].ID {
		t.Fatalf("page at 500 = %v, want the 500th to 502nd comments", page)
	}
}

// TestCommentsCrashAfterAssign stops a group after its chunk is assigned
// and before the chunk is written; further groups fill chunks meanwhile;
// recovery writes the group's comments to the assigned chunk, once.
func TestCommentsCrashAfterAssign(t *testing.T) {
	ctx := context.Background()
	st, v := seeded(t)
	before := len(comments(t, st, "north-cmht"))
	g := store.NewGroup([]*store.Response{response(uuid(1), "north-cmht", v, true), response(uuid(2), "north-cmht", v, false)})
	must(t, st.BeginGroupForTest(ctx, g))
	res, err := st.InsertGroupForTest(ctx, g)
	must(t, err)
	must(t, st.AssignCommentsForTest(ctx, g, res))
	must(t, st.AssignCommentsForTest(ctx, g, res)) // a refold reuses the entry
	commitGroups(t, st, v, 100, 6, 100, nil)
	for range 2 {
		_, _, err := st.RecoverGroups(ctx, true)
		must(t, err)
	}
	cs := comments(t, st, "north-cmht")
	ids := commentIDs(t, cs)
	if len(cs) != before+2+600 {
		t.Fatalf("%d comments, want %d", len(cs), before+602)
	}
	for _, r := range g.Responses {
		if !ids[store.CommentIDForTest(r.Key, "good")] {
			t.Fatalf("the crashed group's comment of %s is missing", r.ID)
		}
	}
	mustCheck(t, st)
}

// TestListCommentsReadsByID: ListComments sends only _id lookups, and only
// to the comment collections (never a find on the responses).
func TestListCommentsReadsByID(t *testing.T) {
	ctx := context.Background()
	st, v := seeded(t)
	commitGroups(t, st, v, 100, 3, 300, nil)
	var mu sync.Mutex
	var seen []bson.Raw
	mon := &event.CommandMonitor{Started: func(_ context.Context, e *event.CommandStartedEvent) {
		if e.CommandName == "find" {
			mu.Lock()
			seen = append(seen, slices.Clone(e.Command))
			mu.Unlock()
		}
	}}
	st2 := reopen(t, st, mon)
	mu.Lock()
	seen = nil
	mu.Unlock()
	cs, err := st2.ListComments(ctx, store.CommentFilter{Team: "north-cmht", Quarter: q3, NoRisk: true})
	must(t, err)
	if len(cs) < 900 {
		t.Fatalf("%d comments, want at least 900", len(cs))
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) < 2 {
		t.Fatalf("%d finds, want the head and the chunks", len(seen))
	}
	for _, cmd := range seen {
		col := cmd.Lookup("find").StringValue()
		filter, ok := cmd.Lookup("filter").DocumentOK()
		elems, _ := filter.Elements()
		if !ok || len(elems) != 1 || elems[0].Key() != "_id" || (col != "comment_heads" && col != "comments") {
			t.Fatalf("ListComments sent find %s with filter %s; want an _id lookup on the comment collections", col, filter)
		}
	}
}

// reopen opens a second store on st's database, as a restart would.
func reopen(t *testing.T, st *store.Store, mon *event.CommandMonitor) *store.Store {
	t.Helper()
	ctx := context.Background()
	st2, err := store.Open(ctx, store.Options{URI: storetest.URI(t), Database: st.Database().Name(),
		EmbeddedDir: storetest.Dir(t), Monitor: mon})
	must(t, err)
	t.Cleanup(func() { _ = st2.Close(context.Background()) })
	return st2
}

// TestCommentsMigration: a database from before the comment documents
// (responses, no comment documents) lists its comments from the responses
// until the first start-up recovery builds them, then by _id; the result
// is the same.
func TestCommentsMigration(t *testing.T) {
	ctx := context.Background()
	st, v := seeded(t)
	commitGroups(t, st, v, 100, 2, 50, nil)
	want := comments(t, st, "north-cmht")
	for _, c := range []string{"comment_heads", "comments"} {
		must(t, st.Database().Collection(c).Drop(ctx))
	}
	old := reopen(t, st, nil)
	if got := comments(t, old, "north-cmht"); !slices.EqualFunc(got, want, sameComment) {
		t.Fatalf("before migration: %d comments, want %d the same", len(got), len(want))
	}
	_, _, err := old.RecoverGroups(ctx, true)
	must(t, err)
	n, err := old.Database().Collection("comments").CountDocuments(ctx, bson.M{})
	must(t, err)
	if n == 0 {
		t.Fatal("start-up recovery built no comment chunks")
	}
	if got := comments(t, old, "north-cmht"); !slices.EqualFunc(got, want, sameComment) {
		t.Fatalf("after migration: %d comments, want %d the same", len(got), len(want))
	}
	commitGroups(t, old, v, 1000, 1, 5, nil)
	if got := comments(t, old, "north-cmht"); len(got) != len(want)+5 {
		t.Fatalf("%d comments after a new group, want %d", len(got), len(want)+5)
	}
	mustCheck(t, old)
}

func sameComment(a, b store.StoredComment) bool {
	return a.ID == b.ID && a.Redacted == b.Redacted && a.RiskFlag == b.RiskFlag
}

// TestRebuildComments: a damaged chunk is reported by CheckRollups and
// repaired by Rebuild.
func TestRebuildComments(t *testing.T) {
	ctx := context.Background()
	st, v := seeded(t)
	commitGroups(t, st, v, 100, 3, 200, nil)
	want := comments(t, st, "north-cmht")
	chunk := "north-cmht|" + q3 + "|0"
	var c bson.M
	must(t, st.Database().Collection("comments").FindOne(ctx, bson.M{"_id": chunk}).Decode(&c))
	first := c["parts"].(bson.A)[0]
	_, err := st.Database().Collection("comments").UpdateOne(ctx, bson.M{"_id": chunk},
		bson.M{"$push": bson.M{"parts": first}})
	must(t, err)
	_, err = st.Database().Collection("comments").DeleteOne(ctx, bson.M{"_id": "north-cmht|" + q3 + "|1"})
	must(t, err)
	bad, err := st.CheckRollups(ctx)
	must(t, err)
	if !slices.Equal(bad, []string{"comments:north-cmht|" + q3}) {
		t.Fatalf("check of damaged comments = %v", bad)
	}
	stats, err := st.Rebuild(ctx, "")
	must(t, err)
	if stats.CommentChunks < 2 {
		t.Fatalf("rebuild wrote %d comment chunks", stats.CommentChunks)
	}
	mustCheck(t, st)
	if got := comments(t, st, "north-cmht"); !slices.EqualFunc(got, want, sameComment) {
		t.Fatalf("after rebuild: %d comments, want %d the same", len(got), len(want))
	}
}
