package api_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/demo"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// BenchmarkIngestVsInsertOne prints, in one run, the rate of analysed
// submissions over HTTP from 64 clients (through the ingest writer's group
// commit) beside the store's own rate for the same documents inserted one
// by one with InsertOne, and their ratio. Run with a fixed count, e.g.
//
//	go test -run XXX -bench IngestVsInsertOne -benchtime 4000x ./api/
func BenchmarkIngestVsInsertOne(b *testing.B) {
	srv := benchServer(b)
	st := storetest.Open(b)
	ctx := context.Background()
	col := st.Database().Collection("responses")
	n := b.N
	start := time.Now()
	for i := range n {
		doc := store.Response{Key: store.ResponseKey(benchUUID()), Survey: demo.SurveySlug, Version: 1, Team: "north-cmht",
			Quarter: "2026-27-Q3", Date: "2026-11-22", Language: "en", Answers: bson.M{"fft": "good", "i": i}}
		if _, err := col.InsertOne(ctx, doc); err != nil {
			b.Fatal(err)
		}
	}
	insertOne := float64(n) / time.Since(start).Seconds()

	url := srv.URL + "/api/v1/public/surveys/" + demo.SurveySlug + "/responses"
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	work := make(chan string, n)
	for range n {
		work <- benchUUID()
	}
	close(work)
	b.ResetTimer()
	start = time.Now()
	var wg sync.WaitGroup
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range work {
				benchPost(b, client, url, id, http.StatusCreated)
			}
		}()
	}
	wg.Wait()
	ingest := float64(n) / time.Since(start).Seconds()
	b.ReportMetric(ingest, "http-submits/s")
	b.ReportMetric(insertOne, "insertone/s")
	b.ReportMetric(ingest/insertOne, "ratio")
	stats := benchIngest.Stats()
	b.Logf("%d submissions: HTTP ingest %.0f/s (64 clients, analysed, with rollups and journal; %d groups, %.1f responses each), store InsertOne one by one %.0f/s, ratio %.2f",
		n, ingest, stats.Groups, float64(stats.Responses)/float64(max(stats.Groups, 1)), insertOne, ingest/insertOne)
}

// BenchmarkResendAtScale measures the resend of a stored id over HTTP
// (the path of every offline phone coming back) with many responses
// stored: CHORUS_BENCH_STORED of them (default 10000; the figure in
// docs/performance.md is for 1000000). It reports the median and p99.
func BenchmarkResendAtScale(b *testing.B) {
	stored := 10000
	if v, err := strconv.Atoi(os.Getenv("CHORUS_BENCH_STORED")); err == nil && v > 0 {
		stored = v
	}
	srv := benchServer(b)
	seedResponses(b, srv.URL, stored)
	url := srv.URL + "/api/v1/public/surveys/" + demo.SurveySlug + "/responses"
	client := srv.Client()
	id := benchUUID()
	benchPost(b, client, url, id, http.StatusCreated)
	var lat []time.Duration
	b.ResetTimer()
	for b.Loop() {
		t := time.Now()
		benchPost(b, client, url, id, http.StatusOK)
		lat = append(lat, time.Since(t))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(stored), "stored")
}

// seedResponses stores n responses straight into the benchmark server's
// database with InsertMany, in batches.
func seedResponses(b *testing.B, _ string, n int) {
	b.Helper()
	st := benchStore
	ctx := context.Background()
	col := st.Database().Collection("responses")
	const batch = 2000
	for i := 0; i < n; i += batch {
		docs := make([]any, 0, batch)
		for j := i; j < min(i+batch, n); j++ {
			docs = append(docs, store.Response{Key: store.ResponseKey(fmt.Sprintf("seed-%d", j)), Survey: demo.SurveySlug, Version: 1,
				Team: "north-cmht", Quarter: "2026-27-Q3", Date: "2026-11-22", Language: "en", Answers: bson.M{"fft": "good"}})
		}
		if _, err := col.InsertMany(ctx, docs); err != nil {
			b.Fatal(err)
		}
	}
}
