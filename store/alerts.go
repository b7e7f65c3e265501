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

// colAlerts holds risk alerts: one per risk-flagged comment.
const colAlerts = "alerts"

// Alert statuses.
const (
	AlertOpen         = "open"
	AlertAcknowledged = "acknowledged"
	// AlertReview is a comment the risk detector was unsure about: it is on
	// the staff review list, stored like an alert but notifying no one.
	// Acknowledging it records that a person read it.
	AlertReview = "review"
)

// Alert is raised at once when a comment contains risk (safeguarding)
// language, for the team's safeguarding contact. It holds nothing that
// identifies the respondent: no response id or key, no time finer than the
// date, only the redacted comment.
type Alert struct {
	ID           string `bson:"_id"` // random; unrelated to the response
	Organisation string `bson:"organisation"`
	Service      string `bson:"service"`
	Team         string `bson:"team"`
	Quarter      string `bson:"quarter"`
	Date         string `bson:"date"` // YYYY-MM-DD
	Question     string `bson:"question"`
	RiskKind     string `bson:"risk_kind"`
	Redacted     string `bson:"redacted"`
	Status       string `bson:"status"` // open or acknowledged
	// AcknowledgedBy and AcknowledgedDate record who dealt with it (staff,
	// not the respondent).
	AcknowledgedBy   string `bson:"acknowledged_by,omitempty"`
	AcknowledgedDate string `bson:"acknowledged_date,omitempty"`
	// Raised is the hour the alert was raised (UTC, truncated to the hour:
	// no finer time is kept), shown in the organisation's zone and used to
	// escalate an alert no one acknowledges.
	Raised time.Time `bson:"raised,omitempty"`
	// Escalated is set once the alert has been sent again and escalated to
	// the organisation's safeguarding contact.
	Escalated bool `bson:"escalated"`
}

// CreateAlert stores a new alert with a random id, set on a: open, or on
// the review list when a.Status is AlertReview.
func (s *Store) CreateAlert(ctx context.Context, a *Alert) error {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	a.ID = hex.EncodeToString(b)
	if a.Status != AlertReview {
		a.Status = AlertOpen
	}
	if _, err := s.db.Collection(colAlerts).InsertOne(ctx, a); err != nil {
		return formatError(fmt.Errorf("store: create alert: %w", err))
	}
	return nil
}

// FindAlert returns the alert with the id. Returns not_found if none.
func (s *Store) FindAlert(ctx context.Context, id string) (*Alert, error) {
	var a Alert
	if err := s.db.Collection(colAlerts).FindOne(ctx, bson.M{"_id": id}).Decode(&a); err != nil {
		return nil, notFoundAs(formatError(fmt.Errorf("store: find alert: %w", err)), "No alert %q.", id)
	}
	return &a, nil
}

// AlertFilter selects alerts; empty fields match everything.
type AlertFilter struct {
	Organisation string
	Team         string
	Status       string
	Offset       int
	Limit        int // 0: no limit
}

// ListAlerts returns the alerts matching the filter, newest date first,
// and how many match in all.
func (s *Store) ListAlerts(ctx context.Context, f AlertFilter) ([]Alert, int64, error) {
	filter := bson.M{}
	for k, v := range map[string]string{"organisation": f.Organisation, "team": f.Team, "status": f.Status} {
		if v != "" {
			filter[k] = v
		}
	}
	col := s.db.Collection(colAlerts)
	total, err := col.CountDocuments(ctx, filter)
	if err != nil {
		return nil, 0, formatError(fmt.Errorf("store: count alerts: %w", err))
	}
	opts := options.Find().SetSort(bson.D{{Key: "date", Value: -1}, {Key: "_id", Value: 1}}).SetSkip(int64(f.Offset))
	if f.Limit > 0 {
		opts.SetLimit(int64(f.Limit))
	}
	cur, err := col.Find(ctx, filter, opts)
	if err != nil {
		return nil, 0, formatError(fmt.Errorf("store: list alerts: %w", err))
	}
	out := []Alert{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, 0, formatError(fmt.Errorf("store: list alerts: %w", err))
	}
	return out, total, nil
}

// AcknowledgeAlert marks an alert acknowledged by a member of staff on a
// date. Returns not_found if there is no such alert.
func (s *Store) AcknowledgeAlert(ctx context.Context, id, by, date string) error {
	res, err := s.db.Collection(colAlerts).UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$set": bson.M{
		"status": AlertAcknowledged, "acknowledged_by": by, "acknowledged_date": date}})
	if err != nil {
		return formatError(fmt.Errorf("store: acknowledge alert: %w", err))
	}
	if res.MatchedCount == 0 {
		return survey.Errorf(survey.ENOTFOUND, "No alert %q.", id)
	}
	return nil
}

// ListAlertsToEscalate returns open alerts not yet escalated that were
// raised at or before the time, oldest first (at most 100).
func (s *Store) ListAlertsToEscalate(ctx context.Context, raisedBy time.Time) ([]Alert, error) {
	filter := bson.M{"status": AlertOpen, "escalated": false, "raised": bson.M{"$lte": raisedBy}}
	opts := options.Find().SetSort(bson.D{{Key: "raised", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(100)
	cur, err := s.db.Collection(colAlerts).Find(ctx, filter, opts)
	if err != nil {
		return nil, formatError(fmt.Errorf("store: alerts to escalate: %w", err))
	}
	out := []Alert{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, formatError(fmt.Errorf("store: alerts to escalate: %w", err))
	}
	return out, nil
}

// MarkAlertEscalated sets Escalated on an open alert that was not yet
// escalated, and reports whether this call did it: of several processes
// escalating at once, one wins.
func (s *Store) MarkAlertEscalated(ctx context.Context, id string) (bool, error) {
	res, err := s.db.Collection(colAlerts).UpdateOne(ctx,
		bson.M{"_id": id, "status": AlertOpen, "escalated": false}, bson.M{"$set": bson.M{"escalated": true}})
	if err != nil {
		return false, formatError(fmt.Errorf("store: escalate alert: %w", err))
	}
	return res.ModifiedCount == 1, nil
}

// CountAlerts counts the alerts matching the filter (Offset and Limit are
// ignored).
func (s *Store) CountAlerts(ctx context.Context, f AlertFilter) (int64, error) {
	filter := bson.M{}
	for k, v := range map[string]string{"organisation": f.Organisation, "team": f.Team, "status": f.Status} {
		if v != "" {
			filter[k] = v
		}
	}
	n, err := s.db.Collection(colAlerts).CountDocuments(ctx, filter)
	if err != nil {
		return 0, formatError(fmt.Errorf("store: count alerts: %w", err))
	}
	return n, nil
}
