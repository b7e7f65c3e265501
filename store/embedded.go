package store

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// Embedded is an in-process FerretDB server with its SQLite files in a
// directory, reachable over loopback with the ordinary MongoDB driver.
type Embedded struct {
	uri    string
	dir    string
	lock   *os.File
	cancel context.CancelFunc
	done   chan struct{}
}

// StartEmbedded starts FerretDB (SQLite backend) on a free loopback port with
// its data in dir, and waits until it accepts connections. Returns an error
// wrapping ErrDataDirLocked, at once, if another server owns dir.
func StartEmbedded(ctx context.Context, dir string, logger *slog.Logger) (*Embedded, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("embedded store: data dir: %w", err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("embedded store: data dir: %w", err)
	}
	lock, err := lockDir(abs)
	if err != nil {
		return nil, err
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Handler:   "sqlite",
		SQLiteURL: "file:" + filepath.ToSlash(abs) + "/",
		Logger:    logger,
	})
	if err != nil {
		lock.Close()
		return nil, fmt.Errorf("embedded store: %w", err)
	}
	runCtx, cancel := context.WithCancel(context.Background())
	e := &Embedded{dir: abs, lock: lock, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(e.done)
		_ = f.Run(runCtx)
	}()
	e.uri = f.MongoDBURI()
	// Wait until the listener answers.
	deadline := time.Now().Add(10 * time.Second)
	for {
		u := e.uri[len("mongodb://"):]
		host := u[:len(u)-1]
		c, err := net.DialTimeout("tcp", host, time.Second)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			e.Close()
			return nil, fmt.Errorf("embedded store: not listening: %w", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return e, nil
}

// URI is the mongodb:// address of the embedded server.
func (e *Embedded) URI() string { return e.uri }

// Dir is the data directory (absolute).
func (e *Embedded) Dir() string { return e.dir }

// Close stops the server, waits for it to release its files and releases
// the data directory.
func (e *Embedded) Close() {
	e.cancel()
	<-e.done
	e.lock.Close()
}
