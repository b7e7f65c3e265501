package store_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// BenchmarkHotPathsAtScale measures, with CHORUS_BENCH_STORED responses
// stored (default 10000; docs/performance.md gives 1000000), the store
// queries of the hot paths: a resend's lookup by _id (FindResponse), a
// team report's rollup read, and the team × quarter comment listing that
// report pages use for emerging terms and quotes (ListComments, which on
// the embedded store reads every response: FerretDB 1.24 pushes down no
// filter but _id).
//
//	CHORUS_BENCH_STORED=1000000 go test -run XXX -bench HotPathsAtScale -benchtime 20x -timeout 60m ./store/
func BenchmarkHotPathsAtScale(b *testing.B) {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("CHORUS_BENCH_STORED")); err == nil && v > 0 {
		n = v
	}
	st := storetest.Open(b)
	ctx := context.Background()
	start := time.Now()
	seedStored(b, st, n)
	b.Logf("seeded %d responses with InsertMany in %s (%.0f/s)", n, time.Since(start).Round(time.Millisecond), float64(n)/time.Since(start).Seconds())
	b.Run("FindResponse", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := st.FindResponse(ctx, seedID((i*7919)%n)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ReadRollup", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.ReadRollup(ctx, "north-cmht", "2026-27-Q3"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ListComments", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.ListComments(ctx, store.CommentFilter{Team: "north-cmht", Quarter: "2026-27-Q3", NoRisk: true}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func seedID(i int) string { return fmt.Sprintf("5eed0000-0000-4000-8000-%012d", i) }

func seedStored(b *testing.B, st *store.Store, n int) {
	b.Helper()
	col := st.Database().Collection("responses")
	const batch = 2000
	teams := []string{"north-cmht", "south-cmht", "crisis-team", "early-intervention"}
	for i := 0; i < n; i += batch {
		docs := make([]any, 0, batch)
		for j := i; j < min(i+batch, n); j++ {
			docs = append(docs, store.Response{Key: store.ResponseKey(seedID(j)), Survey: "quarterly-feedback", Version: 1,
				Team: teams[j%len(teams)], Quarter: "2026-27-Q3", Date: "2026-11-22", Language: "en",
				Answers:  bson.M{"fft": "good", "good": "Staff listened."},
				Comments: []store.Comment{{Question: "good", Themes: []string{}, Major: []string{}, Sentiment: 2, Redacted: "Staff listened."}}})
		}
		if _, err := col.InsertMany(context.Background(), docs); err != nil {
			b.Fatal(err)
		}
	}
}
