package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// LockFile is the name of the lock file in an embedded data directory.
const LockFile = "chorus.lock"

// ErrDataDirLocked is returned by StartEmbedded when another process (or
// another embedded server in this one) owns the data directory.
var ErrDataDirLocked = errors.New("the data directory is in use by another chorus process")

// lockDir takes an exclusive, non-blocking lock on dir/chorus.lock. The
// operating system releases it when the process ends, even by kill -9, so
// a crash never leaves a stale lock. Two servers on one directory would
// share the SQLite files and break the one-writer rule of the ingest
// writer; the second refuses to start instead.
func lockDir(dir string) (*os.File, error) {
	path := filepath.Join(dir, LockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("embedded store: lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("embedded store: %s (%s is locked); stop the other server or choose another --data-dir: %w", dir, path, ErrDataDirLocked)
		}
		return nil, fmt.Errorf("embedded store: lock %s: %w", path, err)
	}
	return f, nil
}
