package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/demo"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/bson"
)

func seeded(t *testing.T) (*store.Store, int) {
	t.Helper()
	st := storetest.Open(t)
	if err := demo.Seed(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	sv, err := st.LatestPublished(context.Background(), "quarterly-feedback")
	if err != nil {
		t.Fatal(err)
	}
	return st, sv.Version
}

func response(i, version int) *store.Response {
	return &store.Response{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), Survey: "quarterly-feedback", Version: version,
		Organisation: "demo-trust", Service: "community-mental-health", Team: "north-cmht", Quarter: "2026-27-Q3",
		Date: "2026-11-22", Language: "en", Answers: bson.M{"role": "carer", "fft": "good"}}
}

type result struct {
	created bool
	err     error
}

func write(w *app.Ingest, r *store.Response) chan result {
	out := make(chan result, 1)
	go func() {
		_, created, err := w.Write(context.Background(), r)
		out <- result{created, err}
	}()
	return out
}

func waitQueued(w *app.Ingest, n int) {
	for w.QueueLen() < n {
		time.Sleep(2 * time.Millisecond)
	}
}

// TestIngestInFlightDuplicate: a resend of an id whose group has not been
// written yet joins it: one response stored, one 201, the other 200.
func TestIngestInFlightDuplicate(t *testing.T) {
	st, v := seeded(t)
	w := app.NewIngest(st, app.IngestOptions{Exclusive: true})
	first := write(w, response(1, v))
	waitQueued(w, 1)
	second := write(w, response(1, v))
	time.Sleep(20 * time.Millisecond) // let the resend find the first in flight
	if got := w.QueueLen(); got != 1 {
		t.Fatalf("queue holds %d, want 1: the resend must join the queued response", got)
	}
	if err := w.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	a, b := <-first, <-second
	if a.err != nil || b.err != nil || !a.created || b.created {
		t.Fatalf("first %+v, resend %+v; want created and not created", a, b)
	}
	checkTotal(t, st, 1)
	if err := w.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestIngestCloseDrains: Close writes what is queued before the writer
// stops, and refuses what comes after.
func TestIngestCloseDrains(t *testing.T) {
	st, v := seeded(t)
	w := app.NewIngest(st, app.IngestOptions{Exclusive: true, QueueSize: 3})
	var waits []chan result
	for i := range 3 {
		waits = append(waits, write(w, response(10+i, v)))
	}
	waitQueued(w, 3)
	closed := make(chan error, 1)
	go func() { closed <- w.Close(context.Background()) }()
	time.Sleep(20 * time.Millisecond) // most often Close has closed the queue by now
	if err := w.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	for _, c := range waits {
		if r := <-c; r.err != nil || !r.created {
			t.Fatalf("queued before Close: %+v, want written", r)
		}
	}
	checkTotal(t, st, 3)
	if _, _, err := w.Write(context.Background(), response(99, v)); survey.ErrorCode(err) != survey.EUNAVAILABLE {
		t.Fatalf("write after Close: %v, want unavailable", err)
	}
}

func checkTotal(t *testing.T, st *store.Store, want int) {
	t.Helper()
	r, err := st.ReadRollup(context.Background(), "north-cmht", "2026-27-Q3")
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != want {
		t.Fatalf("rollup total %d, want %d", r.Total, want)
	}
	n, err := st.CountResponses(context.Background(), store.ResponseFilter{})
	if err != nil || n != int64(want) {
		t.Fatalf("%d responses stored (%v), want %d", n, err, want)
	}
}
