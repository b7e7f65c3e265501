package store

import (
	"context"
	"fmt"
	"time"

	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colActions = "actions"

// Action is a "you said, we did" action a team records against a theme.
type Action struct {
	ID           string `bson:"_id"`
	Organisation string `bson:"organisation"`
	Service      string `bson:"service"`
	Team         string `bson:"team"`
	// Quarter is the quarter whose feedback led to the action.
	Quarter string `bson:"quarter"`
	// Theme is a framework sub-theme name.
	Theme       string `bson:"theme"`
	Description string `bson:"description"`
	// Owner is a role or team name, never a person's e-mail address.
	Owner   string    `bson:"owner"`
	Status  string    `bson:"status"`
	Created time.Time `bson:"created"`
	Updated time.Time `bson:"updated"`
}

// ReportAction returns the action as it appears in reports.
func (a *Action) ReportAction() survey.Action {
	return survey.Action{ID: a.ID, Theme: a.Theme, Description: a.Description, Owner: a.Owner, Status: a.Status}
}

// ActionFilter selects actions; empty fields match everything.
type ActionFilter struct {
	Team    string
	Service string
	Quarter string
	Status  string
	Offset  int
	Limit   int // 0: no limit
}

// ActionUpdate holds the fields to change; nil fields are left alone.
type ActionUpdate struct {
	Theme       *string
	Description *string
	Owner       *string
	Status      *string
	Quarter     *string
}

// CreateAction stores a new action; its ID, created and updated dates are
// set here.
func (s *Store) CreateAction(ctx context.Context, a *Action) error {
	a.ID = NewID()[:16]
	now := s.now().UTC()
	a.Created, a.Updated = now, now
	if _, err := s.db.Collection(colActions).InsertOne(ctx, a); err != nil {
		return formatError(fmt.Errorf("store: create action: %w", err))
	}
	return nil
}

// FindAction returns an action. Returns not_found if there is none.
func (s *Store) FindAction(ctx context.Context, id string) (*Action, error) {
	var a Action
	if err := s.db.Collection(colActions).FindOne(ctx, bson.M{"_id": id}).Decode(&a); err != nil {
		return nil, notFoundAs(formatError(fmt.Errorf("store: find action: %w", err)), "No action %q.", id)
	}
	return &a, nil
}

// UpdateAction changes the given fields of an action in one write and
// returns it. Returns not_found if there is none.
func (s *Store) UpdateAction(ctx context.Context, id string, u ActionUpdate) (*Action, error) {
	set := bson.M{"updated": s.now().UTC()}
	for k, v := range map[string]*string{"theme": u.Theme, "description": u.Description, "owner": u.Owner,
		"status": u.Status, "quarter": u.Quarter} {
		if v != nil {
			set[k] = *v
		}
	}
	res, err := s.db.Collection(colActions).UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$set": set})
	if err != nil {
		return nil, formatError(fmt.Errorf("store: update action: %w", err))
	}
	if res.MatchedCount == 0 {
		return nil, survey.Errorf(survey.ENOTFOUND, "No action %q.", id)
	}
	return s.FindAction(ctx, id)
}

// ListActions returns the actions matching the filter, newest quarter
// first and then oldest recorded first, and how many match in all.
func (s *Store) ListActions(ctx context.Context, f ActionFilter) ([]Action, int64, error) {
	filter := bson.M{}
	for k, v := range map[string]string{"team": f.Team, "service": f.Service, "quarter": f.Quarter, "status": f.Status} {
		if v != "" {
			filter[k] = v
		}
	}
	col := s.db.Collection(colActions)
	total, err := col.CountDocuments(ctx, filter)
	if err != nil {
		return nil, 0, formatError(fmt.Errorf("store: count actions: %w", err))
	}
	opts := options.Find().SetSort(bson.D{{Key: "quarter", Value: -1}, {Key: "created", Value: 1}, {Key: "_id", Value: 1}}).
		SetSkip(int64(f.Offset))
	if f.Limit > 0 {
		opts.SetLimit(int64(f.Limit))
	}
	cur, err := col.Find(ctx, filter, opts)
	if err != nil {
		return nil, 0, formatError(fmt.Errorf("store: list actions: %w", err))
	}
	out := []Action{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, 0, formatError(fmt.Errorf("store: list actions: %w", err))
	}
	return out, total, nil
}
