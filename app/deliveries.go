package app

import (
	"context"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// MaxDeliveriesListed is the most deliveries one list holds.
const MaxDeliveriesListed = 200

// ListDeliveries returns a team's delivery log, newest first, once p
// administers the team; state (pending, delivered or failed) filters.
func (a *App) ListDeliveries(ctx context.Context, p *Staff, team, state string) ([]store.Delivery, int64, error) {
	t, err := a.TeamFor(ctx, p, PermAdmin, team)
	if err != nil {
		return nil, 0, err
	}
	switch state {
	case "", store.DeliveryPending, store.DeliveryDelivered, store.DeliveryFailed:
	default:
		return nil, 0, &survey.Error{Code: survey.EINVALID, Message: "Unknown delivery state.",
			Fields: []survey.FieldError{{Field: "state", Message: "Must be pending, delivered or failed."}}}
	}
	return a.store.ListDeliveries(ctx, store.DeliveryFilter{Team: t.Slug, State: state, Limit: MaxDeliveriesListed})
}
