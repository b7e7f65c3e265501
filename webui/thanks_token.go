package webui

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"
)

// The thank-you page must show crisis support more prominently after a
// flagged comment, yet nothing the browser keeps (address, history, title,
// storage) may say that a comment was flagged: on a shared or family phone
// anyone can read them. Respondents have no cookies by design. So the flag
// travels server-side: every submission, flagged or not, is redirected to
// the thank-you page with a random one-time token (`t`), and the token maps
// to the flag in this process's memory for a few minutes. The token is the
// same length and equally random for every response, is not derived from
// anything about the person or the response, is never stored, and is
// forgotten once the page has been shown: opening the address again from
// the history shows the calm version that everyone sees.
//
// Served by several replicas, the page may land on a replica that did not
// issue the token; the person then sees the calm support that every page
// shows, never less.

// thanksTokenTTL bounds how long a token waits for its page.
const thanksTokenTTL = 10 * time.Minute

// maxThanksTokens bounds the memory tokens can take; when full, the
// oldest-expiring entries are dropped first by the sweep, then new tokens
// are issued unflagged (calm support, still shown).
const maxThanksTokens = 50000

// thanksTokens holds the one-time tokens of thank-you pages.
type thanksTokens struct {
	mu      sync.Mutex
	now     func() time.Time
	entries map[string]thanksEntry
}

type thanksEntry struct {
	flagged bool
	expires time.Time
}

func newThanksTokens(now func() time.Time) *thanksTokens {
	return &thanksTokens{now: now, entries: map[string]thanksEntry{}}
}

// issue returns a new token that remembers whether support should be shown
// prominently.
func (t *thanksTokens) issue(flagged bool) string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails on supported platforms
	tok := base64.RawURLEncoding.EncodeToString(b[:])
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if len(t.entries) >= maxThanksTokens {
		t.sweep(now)
	}
	if len(t.entries) < maxThanksTokens {
		t.entries[tok] = thanksEntry{flagged: flagged, expires: now.Add(thanksTokenTTL)}
	}
	return tok
}

// take reports whether the token asked for prominent support, and forgets
// it: a second look at the same address shows the calm version.
func (t *thanksTokens) take(tok string) bool {
	if tok == "" {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.entries[tok]
	delete(t.entries, tok)
	return ok && e.flagged && t.now().Before(e.expires)
}

// sweep drops expired tokens; the caller holds the lock.
func (t *thanksTokens) sweep(now time.Time) {
	for k, e := range t.entries {
		if !now.Before(e.expires) {
			delete(t.entries, k)
		}
	}
}
