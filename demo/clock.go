package demo

import (
	"sync"
	"time"
)

// Clock reads the real time unless it is pinned to a moment. `chorus serve
// --demo` gives the store this clock, so that reviews, quote decisions,
// actions and publications that the history seeds in past quarters carry
// dates in those quarters; it is unpinned before the server starts.
type Clock struct {
	mu     sync.Mutex
	pinned time.Time
}

// Now returns the pinned moment, or the real time when not pinned.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pinned.IsZero() {
		return time.Now()
	}
	return c.pinned
}

// Pin makes Now return t; the zero time unpins the clock.
func (c *Clock) Pin(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pinned = t
}
