// Package storetest opens real stores for tests: one embedded FerretDB
// server per test binary and a fresh database per test, or the MongoDB at
// CHORUS_TEST_MONGODB_URI when that is set. There is no fake store.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/store"
)

var (
	once    sync.Once
	uri     string
	dir     string // the embedded server's data directory; "" for MongoDB
	initErr error
)

// URI returns the address of the test server, starting the embedded one on
// first use.
func URI(tb testing.TB) string {
	tb.Helper()
	once.Do(func() {
		if u := os.Getenv("CHORUS_TEST_MONGODB_URI"); u != "" {
			uri = u
			return
		}
		tmp, err := os.MkdirTemp("", "chorus-test-store-")
		if err != nil {
			initErr = err
			return
		}
		e, err := store.StartEmbedded(context.Background(), tmp, nil)
		if err != nil {
			initErr = err
			return
		}
		uri, dir = e.URI(), e.Dir() // left running until the test binary exits
	})
	if initErr != nil {
		tb.Fatalf("storetest: start embedded store: %v", initErr)
	}
	return uri
}

// Dir returns the embedded server's data directory, or "" when the tests
// run against CHORUS_TEST_MONGODB_URI.
func Dir(tb testing.TB) string {
	tb.Helper()
	URI(tb)
	return dir
}

// DatabaseName returns a fresh, unique database name for one test.
func DatabaseName() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "chorus_test_" + hex.EncodeToString(b)
}

// Open opens a store on a fresh database, dropped when the test ends.
// now, when given, is the store's clock.
func Open(tb testing.TB, now ...func() time.Time) *store.Store {
	tb.Helper()
	o := store.Options{URI: URI(tb), Database: DatabaseName(), EmbeddedDir: Dir(tb),
		Majority: os.Getenv("CHORUS_TEST_MONGODB_URI") != ""}
	if len(now) > 0 {
		o.Now = now[0]
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := store.Open(ctx, o)
	if err != nil {
		tb.Fatalf("storetest: open: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = s.Database().Drop(ctx)
		_ = s.Close(ctx)
	})
	return s
}
