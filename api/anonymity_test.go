package api_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// TestStoredResponseIsAnonymous submits a response with identifying request
// data and inspects the stored document itself: no IP address, user agent,
// cookie value, client id or time finer than the date.
func TestStoredResponseIsAnonymous(t *testing.T) {
	h := newHarness(t)
	const (
		id     = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b" // a time-based UUIDv7
		ip     = "203.0.113.77"
		ua     = "Mozilla/5.0 (Linux; Android 9; SM-J530F) TestPhone/1.0"
		cookie = "tracking-cookie-value-4242"
	)
	status, body, hdr := h.do("POST", "/api/v1/public/surveys/all-types/responses", validResponse(id),
		"X-Forwarded-For", ip, "X-Real-IP", ip, "User-Agent", ua, "Cookie", "sid="+cookie)
	if status != http.StatusCreated {
		t.Fatalf("status = %d, body %v", status, body)
	}
	if sc := hdr.Values("Set-Cookie"); len(sc) > 0 {
		t.Fatalf("respondent got cookies: %v", sc)
	}

	var docs []bson.M
	cur, err := h.store.Database().Collection("responses").Find(context.Background(), bson.M{})
	must(t, err)
	must(t, cur.All(context.Background(), &docs))
	if len(docs) != 1 {
		t.Fatalf("stored %d documents, want 1", len(docs))
	}
	doc := docs[0]

	allowed := map[string]bool{"_id": true, "survey": true, "version": true, "organisation": true, "service": true,
		"team": true, "quarter": true, "date": true, "language": true, "role": true, "answers": true, "comments": true,
		// token: random per response, for the ingest writer's crash
		// recovery (store.Response.Token); it carries no information.
		"token": true}
	for k := range doc {
		if !allowed[k] {
			t.Errorf("stored response has unexpected field %q", k)
		}
	}
	if got, want := doc["date"], "2026-11-22"; got != want {
		t.Errorf("date = %v, want %q (the day only)", got, want)
	}
	if _, isObjectID := doc["_id"].(bson.ObjectID); isObjectID {
		t.Error("_id is an ObjectID, which embeds the creation time")
	}
	dump := fmt.Sprintf("%#v", doc)
	for _, secret := range []string{ip, ua, cookie, "TestPhone", id, strings.ToUpper(id)} {
		if strings.Contains(dump, secret) {
			t.Errorf("stored document contains %q: %s", secret, dump)
		}
	}
	// Nothing that looks like a time of day or a timestamp anywhere.
	timeOfDay := regexp.MustCompile(`\d{1,2}:\d{2}`)
	walk(doc, func(path string, v any) {
		switch x := v.(type) {
		case bson.DateTime, bson.Timestamp:
			t.Errorf("%s holds a timestamp %v", path, x)
		case string:
			if timeOfDay.MatchString(x) {
				t.Errorf("%s = %q looks like a time of day", path, x)
			}
		}
	})
}

func walk(v any, fn func(path string, v any)) {
	var rec func(string, any)
	rec = func(p string, v any) {
		fn(p, v)
		switch x := v.(type) {
		case bson.M:
			for k, c := range x {
				rec(p+"."+k, c)
			}
		case bson.D:
			for _, e := range x {
				rec(p+"."+e.Key, e.Value)
			}
		case bson.A:
			for i, c := range x {
				rec(fmt.Sprintf("%s[%d]", p, i), c)
			}
		}
	}
	rec("", v)
}
