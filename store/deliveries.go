package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colDeliveries = "deliveries"

// Delivery channels.
const (
	ChannelWebhook = "webhook"
	ChannelEmail   = "email"
)

// Delivery states.
const (
	DeliveryPending   = "pending"   // waiting for its next attempt
	DeliveryDelivered = "delivered" // the receiver accepted it
	DeliveryFailed    = "failed"    // every attempt failed, or it cannot be sent
)

// Delivery is one notification (a webhook call or an e-mail) and the log of
// its attempts. It holds a reference to what it is about (an alert id, a
// published report version), never the payload itself, so the log keeps no
// comment text: the payload is rebuilt from the reference at each attempt.
type Delivery struct {
	ID      string `bson:"_id" json:"id"`
	Channel string `bson:"channel" json:"channel"`
	Event   string `bson:"event" json:"event"`
	Team    string `bson:"team" json:"team"`
	// Ref identifies what the event is about, e.g. an alert id or
	// "team/quarter/version" of a published report.
	Ref      string `bson:"ref" json:"ref"`
	State    string `bson:"state" json:"state"`
	Attempts int    `bson:"attempts" json:"attempts"`
	// LastStatus is the HTTP status (webhooks) or SMTP reply code (e-mail)
	// of the last attempt, 0 if none came back.
	LastStatus int `bson:"last_status" json:"last_status"`
	// LastError is a short class of the last failure ("timeout",
	// "connection", "http_status", "smtp", "no_target", …), never a message
	// that could carry payload text.
	LastError   string    `bson:"last_error,omitempty" json:"last_error,omitempty"`
	Created     time.Time `bson:"created" json:"created"`
	Updated     time.Time `bson:"updated" json:"updated"`
	NextAttempt time.Time `bson:"next_attempt" json:"next_attempt"`
	// LeaseUntil is set while a worker holds the delivery, so that two
	// processes never send it at the same time.
	LeaseUntil time.Time `bson:"lease_until" json:"-"`
}

// Delivered reports whether the receiver accepted the delivery.
func (d *Delivery) Delivered() bool { return d.State == DeliveryDelivered }

// NewID returns a random 128-bit identifier in hex.
func NewID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// CreateDelivery stores a new pending delivery, due at once. The ID is set
// when empty. Delivery times are taken from now (the notifier's clock, not
// the store's reporting clock).
func (s *Store) CreateDelivery(ctx context.Context, d *Delivery, now time.Time) error {
	if d.ID == "" {
		d.ID = NewID()
	}
	now = now.UTC()
	d.State, d.Created, d.Updated, d.NextAttempt = DeliveryPending, now, now, now
	if _, err := s.db.Collection(colDeliveries).InsertOne(ctx, d); err != nil {
		return conflictAs(formatError(fmt.Errorf("store: create delivery: %w", err)), "A delivery with id %q already exists.", d.ID)
	}
	return nil
}

// ClaimDelivery leases a pending, due delivery for the given duration so
// that one worker sends it. Returns not_found if the delivery does not
// exist, is not pending, is not yet due, or is leased by someone else.
func (s *Store) ClaimDelivery(ctx context.Context, id string, now time.Time, lease time.Duration) (*Delivery, error) {
	now = now.UTC()
	filter := bson.M{"_id": id, "state": DeliveryPending, "next_attempt": bson.M{"$lte": now}, "lease_until": bson.M{"$lte": now}}
	res, err := s.db.Collection(colDeliveries).UpdateOne(ctx, filter,
		bson.M{"$set": bson.M{"lease_until": now.Add(lease)}})
	if err != nil {
		return nil, formatError(fmt.Errorf("store: claim delivery: %w", err))
	}
	if res.ModifiedCount == 0 {
		return nil, survey.Errorf(survey.ENOTFOUND, "No pending, unleased delivery %q.", id)
	}
	return s.FindDelivery(ctx, id)
}

// DeliveryAttempt is the outcome of one attempt.
type DeliveryAttempt struct {
	Status int    // HTTP status or SMTP code; 0 if none
	Error  string // failure class; "" on success
	// Next is when to try again; zero means no further attempt (the
	// delivery failed for good unless Error is "").
	Next time.Time
	// Uncounted attempts (cut short by a shutdown) do not add to Attempts.
	Uncounted bool
}

// RecordAttempt logs an attempt on a delivery and releases its lease: it is
// delivered when a.Error is empty, pending again when a.Next is set, failed
// otherwise. Returns not_found if the delivery does not exist.
func (s *Store) RecordAttempt(ctx context.Context, id string, a DeliveryAttempt, now time.Time) error {
	now = now.UTC()
	set := bson.M{"last_status": a.Status, "last_error": a.Error, "updated": now, "lease_until": time.Time{}}
	switch {
	case a.Error == "":
		set["state"] = DeliveryDelivered
	case !a.Next.IsZero():
		set["state"], set["next_attempt"] = DeliveryPending, a.Next.UTC()
	default:
		set["state"] = DeliveryFailed
	}
	update := bson.M{"$set": set}
	if !a.Uncounted {
		update["$inc"] = bson.M{"attempts": 1}
	}
	res, err := s.db.Collection(colDeliveries).UpdateOne(ctx, bson.M{"_id": id}, update)
	if err != nil {
		return formatError(fmt.Errorf("store: record delivery attempt: %w", err))
	}
	if res.MatchedCount == 0 {
		return survey.Errorf(survey.ENOTFOUND, "No delivery %q.", id)
	}
	return nil
}

// FindDelivery returns a delivery. Returns not_found if there is none.
func (s *Store) FindDelivery(ctx context.Context, id string) (*Delivery, error) {
	var d Delivery
	if err := s.db.Collection(colDeliveries).FindOne(ctx, bson.M{"_id": id}).Decode(&d); err != nil {
		return nil, notFoundAs(formatError(fmt.Errorf("store: find delivery: %w", err)), "No delivery %q.", id)
	}
	return &d, nil
}

// DeliveryFilter selects deliveries; empty fields match everything.
type DeliveryFilter struct {
	Team  string
	Event string
	Ref   string
	State string
	// Due selects pending deliveries whose next attempt is due and whose
	// lease has run out at this time.
	Due    time.Time
	Offset int
	Limit  int
}

// ListDeliveries returns the deliveries matching the filter, newest first,
// and how many match in all.
func (s *Store) ListDeliveries(ctx context.Context, f DeliveryFilter) ([]Delivery, int64, error) {
	filter := bson.M{}
	for k, v := range map[string]string{"team": f.Team, "event": f.Event, "ref": f.Ref, "state": f.State} {
		if v != "" {
			filter[k] = v
		}
	}
	sort := bson.D{{Key: "created", Value: -1}, {Key: "_id", Value: 1}}
	if !f.Due.IsZero() {
		filter["state"] = DeliveryPending
		filter["next_attempt"] = bson.M{"$lte": f.Due.UTC()}
		filter["lease_until"] = bson.M{"$lte": f.Due.UTC()}
		sort = bson.D{{Key: "next_attempt", Value: 1}, {Key: "_id", Value: 1}}
	}
	col := s.db.Collection(colDeliveries)
	total, err := col.CountDocuments(ctx, filter)
	if err != nil {
		return nil, 0, formatError(fmt.Errorf("store: count deliveries: %w", err))
	}
	opts := options.Find().SetSort(sort).SetSkip(int64(f.Offset))
	if f.Limit > 0 {
		opts.SetLimit(int64(f.Limit))
	}
	cur, err := col.Find(ctx, filter, opts)
	if err != nil {
		return nil, 0, formatError(fmt.Errorf("store: list deliveries: %w", err))
	}
	out := []Delivery{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, 0, formatError(fmt.Errorf("store: list deliveries: %w", err))
	}
	return out, total, nil
}
