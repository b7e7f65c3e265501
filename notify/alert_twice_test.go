package notify_test

import (
	"context"
	"testing"

	"github.com/chorus-nhs/chorus/store"
)

// TestAlertHandedOnTwice: the ingest writer hands an alert on again after
// a crash; it is queued, and sent, once per channel.
func TestAlertHandedOnTwice(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a := &store.Alert{Organisation: "trust", Service: "cmh", Team: "crisis-team", Quarter: "2026-27-Q3", Date: "2026-11-22",
		Question: "improve", RiskKind: "self_harm", Redacted: "I have been cutting myself again"}
	must(t, f.st.CreateAlert(ctx, a))
	n := f.start(t)
	n.Alert(ctx, *a)
	n.Alert(ctx, *a)
	f.settle(t, 2)
	ds, _, err := f.st.ListDeliveries(ctx, store.DeliveryFilter{Team: f.team.Slug})
	must(t, err)
	if len(ds) != 2 {
		t.Fatalf("%d deliveries, want 2 (one webhook, one e-mail)", len(ds))
	}
	if calls := f.recv.Calls(); len(calls) != 1 {
		t.Fatalf("%d webhook calls, want 1", len(calls))
	}
}
