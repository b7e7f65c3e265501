package store

import (
	"context"
	"sync"
	"time"

	"github.com/chorus-nhs/chorus/survey"
)

// CacheTTL bounds how long the submission path trusts what it remembers of
// a team, an organisation or the latest published version of a survey. A
// write through this Store drops everything at once; a change made by
// another replica is seen after at most CacheTTL.
const CacheTTL = 5 * time.Second

// hotCache remembers the few documents every submission reads, so that the
// hot path makes no store round trip for them.
type hotCache struct {
	mu    sync.Mutex
	items map[string]cached
}

type cached struct {
	v       any
	expires time.Time
}

func (c *hotCache) get(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	it, ok := c.items[key]
	if !ok || time.Now().After(it.expires) {
		return nil, false
	}
	return it.v, true
}

func (c *hotCache) put(key string, v any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.items == nil || len(c.items) > 10000 {
		c.items = map[string]cached{}
	}
	c.items[key] = cached{v: v, expires: time.Now().Add(CacheTTL)}
}

// drop forgets everything; called on every write to teams, organisations,
// surveys and versions in this process.
func (c *hotCache) drop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items = nil
}

// cachedCall returns what fn returned for key less than CacheTTL ago, or
// calls it. Errors are not remembered. Callers get a copy (copyOf) so that
// nobody mutates the shared value.
func cachedCall[T any](c *hotCache, key string, fn func() (*T, error)) (*T, error) {
	if v, ok := c.get(key); ok {
		cp := *(v.(*T))
		return &cp, nil
	}
	v, err := fn()
	if err != nil {
		return nil, err
	}
	c.put(key, v)
	cp := *v
	return &cp, nil
}

// CachedTeam is FindTeam through the in-process cache (see CacheTTL).
func (s *Store) CachedTeam(ctx context.Context, slug string) (*survey.Team, error) {
	return cachedCall(&s.cache, "team:"+slug, func() (*survey.Team, error) { return s.FindTeam(ctx, slug) })
}

// CachedOrganisation is FindOrganisation through the in-process cache.
func (s *Store) CachedOrganisation(ctx context.Context, slug string) (*survey.Organisation, error) {
	return cachedCall(&s.cache, "org:"+slug, func() (*survey.Organisation, error) { return s.FindOrganisation(ctx, slug) })
}

// CachedLatestPublished is LatestPublished through the in-process cache.
// The survey returned is shared with other callers and must not be
// modified.
func (s *Store) CachedLatestPublished(ctx context.Context, slug string) (*survey.Survey, error) {
	if v, ok := s.cache.get("survey:" + slug); ok {
		return v.(*survey.Survey), nil
	}
	sv, err := s.LatestPublished(ctx, slug)
	if err != nil {
		return nil, err
	}
	s.cache.put("survey:"+slug, sv)
	return sv, nil
}
