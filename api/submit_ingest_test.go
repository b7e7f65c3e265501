package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

func testUUID(worker, i int) string { return fmt.Sprintf("%08d-0000-4000-8000-%012d", worker, i) }

// TestSubmitConcurrent has many clients submit at once over HTTP, with
// resends of stored ids and of ids in flight, to the real server on the
// embedded store (whose updates lose concurrent $inc): every team's report
// total equals the responses acknowledged with 201, and every rollup equals
// a recount of the stored responses.
func TestSubmitConcurrent(t *testing.T) {
	h := newHarness(t, api.Config{SubmitRate: 1 << 30})
	teams := []string{"crisis-team", "north-cmht"}
	const workers, each = 16, 30
	var mu sync.Mutex
	created := map[string]int{}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				// Workers 2k and 2k+1 send the same ids: duplicates in flight.
				id := testUUID(w/2, i)
				body := validResponse(id)
				team := teams[(w/2+i)%2]
				body["team"] = team
				status, resp, _ := h.do("POST", "/api/v1/public/surveys/all-types/responses", body)
				if i%5 == 4 { // and a resend of a stored one
					if st, _, _ := h.do("POST", "/api/v1/public/surveys/all-types/responses", body); st != http.StatusOK {
						t.Errorf("resend of %s: status %d, want 200", id, st)
					}
				}
				switch status {
				case http.StatusCreated:
					mu.Lock()
					created[team]++
					mu.Unlock()
				case http.StatusOK:
				default:
					t.Errorf("submit %s: status %d %v", id, status, resp)
				}
			}
		}()
	}
	wg.Wait()
	ctx := context.Background()
	sum := 0
	for _, team := range teams {
		r, err := h.store.ReadRollup(ctx, team, "2026-27-Q3")
		must(t, err)
		if r.Total != created[team] {
			t.Errorf("%s: report total %d, acknowledged with 201: %d", team, r.Total, created[team])
		}
		sum += created[team]
	}
	if want := workers / 2 * each; sum != want {
		t.Errorf("%d responses acknowledged with 201, want %d (one per id)", sum, want)
	}
	bad, err := h.store.CheckRollups(ctx)
	must(t, err)
	if len(bad) > 0 {
		t.Fatalf("rollups differ from a recount: %v", bad)
	}
}

// TestSubmitFullQueue: with the writer's queue full, a submission is
// refused with 503 and Retry-After, and nothing of it is stored.
func TestSubmitFullQueue(t *testing.T) {
	h := newHarness(t)
	st := h.store
	w := app.NewIngest(st, app.IngestOptions{QueueSize: 1, Exclusive: true}) // not started yet: nothing leaves the queue
	e := api.NewEcho(nil)
	api.New(api.Config{Store: st, Now: fixedNow, Ingest: w, SubmitRate: 1 << 30}).Register(e)
	h.srv.Config.Handler = e

	first := make(chan int)
	go func() {
		status, _, _ := h.do("POST", "/api/v1/public/surveys/all-types/responses", validResponse(testUUID(1, 1)))
		first <- status
	}()
	for w.QueueLen() == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	status, body, hdr := h.do("POST", "/api/v1/public/surveys/all-types/responses", validResponse(testUUID(1, 2)))
	if status != http.StatusServiceUnavailable || hdr.Get("Retry-After") == "" {
		t.Fatalf("with the queue full: status %d, Retry-After %q, body %v; want 503 with Retry-After", status, hdr.Get("Retry-After"), body)
	}
	must(t, w.Start(context.Background()))
	if got := <-first; got != http.StatusCreated {
		t.Fatalf("the queued submission got %d, want 201 once the writer runs", got)
	}
	ctx := context.Background()
	if _, err := st.FindResponse(ctx, testUUID(1, 2)); survey.ErrorCode(err) != survey.ENOTFOUND {
		t.Fatalf("the refused response: %v, want not stored", err)
	}
	if n, _ := st.CountResponses(ctx, store.ResponseFilter{}); n != 1 {
		t.Fatalf("%d responses stored, want 1", n)
	}
	must(t, w.Close(ctx))
}

// TestSubmitStoreStopped: with the store stopped, a submission gets 503
// and Retry-After; after a restart nothing of it is stored and every
// rollup equals a recount.
func TestSubmitStoreStopped(t *testing.T) {
	if os.Getenv("CHORUS_TEST_MONGODB_URI") != "" {
		t.Skip("stops an embedded server of its own")
	}
	dir := t.TempDir()
	ctx := context.Background()
	open := func() (*store.Embedded, *store.Store) {
		emb, err := store.StartEmbedded(ctx, dir, nil)
		must(t, err)
		st, err := store.Open(ctx, store.Options{URI: emb.URI(), EmbeddedDir: emb.Dir(), Now: fixedNow})
		must(t, err)
		return emb, st
	}
	emb, st := open()
	seedHarnessStore(t, st)
	e := api.NewEcho(nil)
	api.New(api.Config{Store: st, Now: fixedNow, SubmitRate: 1 << 30}).Register(e)
	srv := httptest.NewServer(e)
	defer srv.Close()
	h := &harness{t: t, srv: srv, store: st}
	// The first submission warms the caches of survey, team and
	// organisation, so the next one reaches the writer without the store.
	if status, body, _ := h.do("POST", "/api/v1/public/surveys/all-types/responses", validResponse(testUUID(2, 1))); status != http.StatusCreated {
		t.Fatalf("first submission: %d %v", status, body)
	}
	emb.Close()
	status, body, hdr := h.do("POST", "/api/v1/public/surveys/all-types/responses", validResponse(testUUID(2, 2)))
	if status != http.StatusServiceUnavailable || hdr.Get("Retry-After") == "" {
		t.Fatalf("store stopped: status %d, Retry-After %q, body %v; want 503 with Retry-After", status, hdr.Get("Retry-After"), body)
	}
	_ = st.Close(ctx)
	emb, st = open()
	defer emb.Close()
	defer st.Close(ctx)
	if n, err := st.CountResponses(ctx, store.ResponseFilter{}); err != nil || n != 1 {
		t.Fatalf("%d responses stored (%v), want 1", n, err)
	}
	bad, err := st.CheckRollups(ctx)
	must(t, err)
	if len(bad) > 0 {
		t.Fatalf("rollups differ from a recount: %v", bad)
	}
}
