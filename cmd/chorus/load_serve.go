package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"os"
)

// loadServer is the in-process Chorus of `chorus load --serve`.
type loadServer struct {
	main    *Main
	token   string
	dir     string
	tempDir bool
}

// startLoadServer starts Chorus on a free loopback port with the demo
// trust, a fresh admin token and the submission limit lifted, on an
// embedded store in o.DataDir or a temporary directory. It never uses
// CHORUS_MONGODB_URI, so the demo cannot be seeded into a real database.
// Only this server's settings are changed: production defaults stay as
// they are.
func startLoadServer(ctx context.Context, o *loadOptions) (*loadServer, error) {
	s := &loadServer{dir: o.DataDir}
	if s.dir == "" {
		dir, err := os.MkdirTemp("", "chorus-load-")
		if err != nil {
			return nil, err
		}
		s.dir, s.tempDir = dir, true
	}
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	s.token = hex.EncodeToString(b)
	env := map[string]string{
		"CHORUS_ADMIN_TOKEN": s.token,
		"CHORUS_SUBMIT_RATE": "1000000000",
		"CHORUS_LOG_LEVEL":   "error",
		// The measurement starts from the demo trust without its history,
		// as it always has.
		"CHORUS_DEMO_HISTORY": "false",
	}
	s.main = NewMain(io.Discard, io.Discard)
	err := s.main.ParseFlags([]string{"--addr", "127.0.0.1:0", "--data-dir", s.dir, "--demo"}, func(k string) string { return env[k] })
	if err == nil {
		err = s.main.Run(ctx)
	}
	if err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// close stops the server and removes a temporary store.
func (s *loadServer) close() {
	_ = s.main.Close()
	if s.tempDir {
		_ = os.RemoveAll(s.dir)
	}
}
