// Package store persists Chorus in MongoDB with go.mongodb.org/mongo-driver/v2.
// It speaks only the subset of MongoDB that the embedded FerretDB server also
// supports (see DESIGN.md): single-document atomic writes, find, unique and
// compound indexes, simple upserts and aggregations.
package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
	"go.mongodb.org/mongo-driver/v2/mongo/writeconcern"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"
)

// Collection names.
const (
	colOrganisations = "organisations"
	colServices      = "services"
	colTeams         = "teams"
	colSurveys       = "surveys"
	colVersions      = "survey_versions"
	colKeywords      = "keywords"
	colResponses     = "responses"
)

// Options configure a Store.
type Options struct {
	// URI is a mongodb:// connection string.
	URI string
	// Database is the database name (default "chorus").
	Database string
	// Majority asks for w:majority, journaled writes (production replica sets).
	Majority bool
	// Now is the clock; defaults to time.Now.
	Now func() time.Time
	// Monitor, when set, is told of every command sent to the server
	// (cmd/chorus passes metrics.StoreMonitor).
	Monitor *event.CommandMonitor
}

// Store is the MongoDB persistence of Chorus. It is safe for concurrent use.
type Store struct {
	client *mongo.Client
	db     *mongo.Database
	now    func() time.Time
}

// Open connects to MongoDB, checks that it answers and creates the indexes.
// Returns unavailable if the server cannot be reached.
func Open(ctx context.Context, o Options) (*Store, error) {
	if o.Database == "" {
		o.Database = "chorus"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	co := options.Client().ApplyURI(o.URI).
		SetServerSelectionTimeout(5 * time.Second).
		SetConnectTimeout(5 * time.Second).
		SetAppName("chorus")
	if o.Majority {
		co.SetWriteConcern(writeconcern.Majority())
	}
	if o.Monitor != nil {
		co.SetMonitor(o.Monitor)
	}
	client, err := mongo.Connect(co)
	if err != nil {
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	s := &Store{client: client, db: client.Database(o.Database), now: o.Now}
	if err := s.Ping(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, err
	}
	if err := s.ensureIndexes(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, err
	}
	return s, nil
}

// Close disconnects from the server.
func (s *Store) Close(ctx context.Context) error {
	return s.client.Disconnect(ctx)
}

// Ping checks that the store answers. Returns unavailable otherwise.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := s.client.Ping(ctx, readpref.Primary()); err != nil {
		return formatError(fmt.Errorf("store: ping: %w", err))
	}
	return nil
}

// Database exposes the underlying database for packages in this module that
// keep their own collections (rollups, accounts) and for tests.
func (s *Store) Database() *mongo.Database { return s.db }

// Now returns the store's clock reading.
func (s *Store) Now() time.Time { return s.now() }

func (s *Store) ensureIndexes(ctx context.Context) error {
	idx := []struct {
		col    string
		models []mongo.IndexModel
	}{
		{colServices, []mongo.IndexModel{{Keys: bsonD("organisation", 1), Options: options.Index().SetName("organisation")}}},
		{colTeams, []mongo.IndexModel{
			{Keys: bsonD("service", 1), Options: options.Index().SetName("service")},
			{Keys: bsonD("organisation", 1), Options: options.Index().SetName("organisation")},
		}},
		{colSurveys, []mongo.IndexModel{
			{Keys: bsonD("slug", 1), Options: options.Index().SetUnique(true).SetName("slug_unique")},
		}},
		{colVersions, []mongo.IndexModel{
			{Keys: bsonD("slug", 1, "version", 1), Options: options.Index().SetUnique(true).SetName("slug_version_unique")},
		}},
		{colKeywords, []mongo.IndexModel{
			{Keys: bsonD("keyword", 1), Options: options.Index().SetUnique(true).SetName("keyword_unique")},
		}},
		{colAccounts, []mongo.IndexModel{
			{Keys: bsonD("email", 1), Options: options.Index().SetUnique(true).SetName("email_unique")},
			{Keys: bsonD("organisation", 1, "email", 1), Options: options.Index().SetName("organisation_email")},
		}},
		{colSessions, []mongo.IndexModel{{Keys: bsonD("account", 1), Options: options.Index().SetName("account")}}},
		{colTokens, []mongo.IndexModel{
			{Keys: bsonD("hash", 1), Options: options.Index().SetUnique(true).SetName("hash_unique")},
			{Keys: bsonD("organisation", 1), Options: options.Index().SetName("organisation")},
		}},
		{colAudit, []mongo.IndexModel{{Keys: bsonD("organisation", 1, "time", -1), Options: options.Index().SetName("organisation_time")}}},
		{colRollups, []mongo.IndexModel{
			{Keys: bsonD("team", 1, "quarter", 1), Options: options.Index().SetName("team_quarter")},
			{Keys: bsonD("quarter", 1), Options: options.Index().SetName("quarter")},
		}},
		{colAlerts, []mongo.IndexModel{{Keys: bsonD("team", 1, "status", 1), Options: options.Index().SetName("team_status")}}},
		{colDeliveries, []mongo.IndexModel{
			{Keys: bsonD("state", 1, "next_attempt", 1), Options: options.Index().SetName("state_next_attempt")},
			{Keys: bsonD("team", 1, "created", -1), Options: options.Index().SetName("team_created")},
		}},
		{colReportVersions, []mongo.IndexModel{
			{Keys: bsonD("team", 1, "quarter", 1, "version", 1), Options: options.Index().SetUnique(true).SetName("team_quarter_version_unique")},
		}},
		{colActions, []mongo.IndexModel{
			{Keys: bsonD("team", 1, "quarter", -1), Options: options.Index().SetName("team_quarter")},
			{Keys: bsonD("service", 1), Options: options.Index().SetName("service")},
		}},
		{colResponses, []mongo.IndexModel{
			{Keys: bsonD("rid", 1), Options: options.Index().SetUnique(true).SetName("response_id_unique")},
			{Keys: bsonD("team", 1, "quarter", 1), Options: options.Index().SetName("team_quarter")},
			{Keys: bsonD("quarter", 1), Options: options.Index().SetName("quarter")},
		}},
	}
	for _, i := range idx {
		// One at a time: FerretDB v1.24 panics on a multi-index createIndexes
		// when some of the indexes already exist.
		for _, m := range i.models {
			if _, err := s.db.Collection(i.col).Indexes().CreateOne(ctx, m); err != nil {
				return formatError(fmt.Errorf("store: indexes on %s: %w", i.col, err))
			}
		}
	}
	return nil
}

// formatError translates driver errors into survey errors at the boundary:
// no documents → not_found, duplicate key → conflict, timeouts and network
// errors → unavailable. Other errors stay internal.
func formatError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, mongo.ErrNoDocuments):
		return &survey.Error{Code: survey.ENOTFOUND, Message: "Not found."}
	case mongo.IsDuplicateKeyError(err):
		return &survey.Error{Code: survey.ECONFLICT, Message: "It already exists."}
	case mongo.IsTimeout(err), mongo.IsNetworkError(err), errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, mongo.ErrClientDisconnected), isServerSelection(err):
		return &survey.Error{Code: survey.EUNAVAILABLE, Message: "The database is not available. Please try again shortly.", Cause: err}
	}
	return err
}

func isServerSelection(err error) bool {
	var sse topology.ServerSelectionError
	return errors.As(err, &sse)
}
