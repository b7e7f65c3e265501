package api_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/demo"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
)

// benchServer serves the real API over HTTP on a fresh embedded-store
// database seeded with the demo trust, with the submission limit lifted.
func benchServer(b *testing.B) *httptest.Server {
	b.Helper()
	st := storetest.Open(b, fixedNow)
	benchStore = st
	if err := demo.Seed(context.Background(), st); err != nil {
		b.Fatal(err)
	}
	benchIngest = app.NewIngest(st, app.IngestOptions{Exclusive: true})
	if err := benchIngest.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	e := api.NewEcho(nil)
	api.New(api.Config{Store: st, Now: fixedNow, AdminToken: adminToken, SubmitRate: 1 << 30, Ingest: benchIngest}).Register(e)
	srv := httptest.NewServer(e)
	b.Cleanup(srv.Close)
	return srv
}

// benchStore and benchIngest are the store and writer of the last
// benchServer.
var (
	benchStore  *store.Store
	benchIngest *app.Ingest
)

// benchAnswers is a typical demo response: a carer with two comments,
// one holding a phone number to redact.
const benchAnswers = `{"role":"carer","fft":"good","listened":4,"contact":true,
"good":"Staff listened to me and took my worries seriously. The nurse explained the medication clearly.",
"better":"It was hard to get through on the phone, I was told someone would call me on 07700 900123 but nobody did.",
"carer_involved":false,"carer_support":"not_sure","carer_info":["crisis_plan","medication"]}`

func benchUUID() string {
	var u [16]byte
	_, _ = rand.Read(u[:])
	u[6], u[8] = u[6]&0x0f|0x40, u[8]&0x3f|0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:])
}

func benchPost(b *testing.B, client *http.Client, url, id string, want int) {
	body := `{"id":"` + id + `","team":"north-cmht","language":"en","answers":` + benchAnswers + `}`
	resp, err := client.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != want {
		b.Fatalf("status %d, want %d", resp.StatusCode, want)
	}
}

// BenchmarkSubmit measures POST /api/v1/public/surveys/{slug}/responses end
// to end over HTTP with the embedded store: validation, the theme engine on
// two comments, the insert and the rollup update (new), the idempotent
// resend of a stored id (resend), and new submissions from several clients
// at once (parallel).
func BenchmarkSubmit(b *testing.B) {
	srv := benchServer(b)
	url := srv.URL + "/api/v1/public/surveys/" + demo.SurveySlug + "/responses"
	client := srv.Client()
	b.Run("new", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			benchPost(b, client, url, benchUUID(), http.StatusCreated)
		}
	})
	b.Run("resend", func(b *testing.B) {
		id := benchUUID()
		benchPost(b, client, url, id, http.StatusCreated)
		b.ReportAllocs()
		for b.Loop() {
			benchPost(b, client, url, id, http.StatusOK)
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(4)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				benchPost(b, client, url, benchUUID(), http.StatusCreated)
			}
		})
	})
}

// BenchmarkPublicSurvey measures GET /api/v1/public/surveys/{slug}, which
// every respondent's form needs.
func BenchmarkPublicSurvey(b *testing.B) {
	srv := benchServer(b)
	client := srv.Client()
	b.ReportAllocs()
	for b.Loop() {
		resp, err := client.Get(srv.URL + "/api/v1/public/surveys/" + demo.SurveySlug)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}
