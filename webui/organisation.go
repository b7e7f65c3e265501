package webui

import (
	"context"
	"sync"
	"time"
)

// orgNameTTL is how long the respondent pages keep an organisation's name
// before asking again: a renamed trust shows its new name within minutes.
const orgNameTTL = 5 * time.Minute

// orgNames caches the organisation name of each survey for the header.
type orgNames struct {
	lookup func(ctx context.Context, surveySlug string) (string, error)
	mu     sync.Mutex
	bySlug map[string]orgName
}

type orgName struct {
	name string
	at   time.Time
}

// of returns the name of the organisation running the survey, or "" when
// there is no lookup or it fails: the header then shows the service's own
// name, and the page is never held up by it.
func (o *orgNames) of(surveySlug string, now time.Time) string {
	if o.lookup == nil {
		return ""
	}
	o.mu.Lock()
	n, ok := o.bySlug[surveySlug]
	o.mu.Unlock()
	if ok && now.Sub(n.at) < orgNameTTL {
		return n.name
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	name, err := o.lookup(ctx, surveySlug)
	if err != nil {
		return n.name // the last name known, if any
	}
	o.mu.Lock()
	if o.bySlug == nil {
		o.bySlug = map[string]orgName{}
	}
	o.bySlug[surveySlug] = orgName{name, now}
	o.mu.Unlock()
	return name
}
