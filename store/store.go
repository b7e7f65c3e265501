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
	// EmbeddedDir is the data directory of the embedded server when the
	// store is that server: Open then adds the SQLite indexes that make its
	// _id lookups indexed (see sqliteIDIndexes). Empty for MongoDB.
	EmbeddedDir string
}

// Store is the MongoDB persistence of Chorus. It is safe for concurrent use.
type Store struct {
	client      *mongo.Client
	db          *mongo.Database
	now         func() time.Time
	embeddedDir string

	marks    markSet      // rollup marks of finished ingest groups
	versions versionCache // published survey versions
	cache    hotCache     // teams and organisations, short-lived
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
		journal := true
		co.SetWriteConcern(&writeconcern.WriteConcern{W: "majority", Journal: &journal})
	}
	if o.Monitor != nil {
		co.SetMonitor(o.Monitor)
	}
	client, err := mongo.Connect(co)
	if err != nil {
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	s := &Store{client: client, db: client.Database(o.Database), now: o.Now, embeddedDir: o.EmbeddedDir}
	if err := s.Ping(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, err
	}
	if err := s.ensureIndexes(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, err
	}
	if err := s.sqliteIDIndexes(ctx); err != nil {
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
			{Keys: bsonD("organisation", 1, "quarter", 1), Options: options.Index().SetName("organisation_quarter")},
		}},
		{colActions, []mongo.IndexModel{
			{Keys: bsonD("team", 1, "quarter", -1), Options: options.Index().SetName("team_quarter")},
			{Keys: bsonD("service", 1), Options: options.Index().SetName("service")},
		}},
		{colIngest, []mongo.IndexModel{{Keys: bsonD("expires", 1), Options: options.Index().SetName("expires")}}},
		{colResponses, []mongo.IndexModel{
			{Keys: bsonD("team", 1, "quarter", 1), Options: options.Index().SetName("team_quarter")},
			{Keys: bsonD("quarter", 1), Options: options.Index().SetName("quarter")},
		}},
	}
	for _, i := range idx {
		// One at a time: FerretDB v1.24 panics on a multi-index createIndexes
		// when some of the indexes already exist.
		for _, m := range i.models {
			if name, useless := s.uselessOnEmbedded(i.col, m); useless {
				if err := s.dropIndex(ctx, i.col, name); err != nil {
					return err
				}
				continue
			}
			if _, err := s.db.Collection(i.col).Indexes().CreateOne(ctx, m); err != nil {
				return formatError(fmt.Errorf("store: indexes on %s: %w", i.col, err))
			}
		}
	}
	return s.dropIndex(ctx, colResponses, "response_id_unique")
}

// uselessOnEmbedded reports whether an index is left out on the embedded
// store: a non-unique index on a collection written on every submission.
// FerretDB 1.24's SQLite backend pushes down only _id equality, so such an
// index is never read there, yet SQLite would parse every inserted or
// updated document once more to maintain it. On MongoDB they are created
// (report reads and repairs filter by team and quarter).
func (s *Store) uselessOnEmbedded(col string, m mongo.IndexModel) (string, bool) {
	var o options.IndexOptions
	for _, set := range m.Options.List() {
		_ = set(&o)
	}
	if s.embeddedDir == "" || o.Name == nil || (o.Unique != nil && *o.Unique) {
		return "", false
	}
	return *o.Name, col == colResponses || col == colRollups || col == colIngest
}

// dropIndex removes an index that earlier versions created, if present.
// The unique index on responses.rid was on a field no response has:
// MongoDB indexes a missing field as null, so it would refuse every
// response after the first.
func (s *Store) dropIndex(ctx context.Context, col, name string) error {
	specs, err := s.db.Collection(col).Indexes().ListSpecifications(ctx)
	if err != nil {
		return formatError(fmt.Errorf("store: list indexes on %s: %w", col, err))
	}
	for _, sp := range specs {
		if sp.Name == name {
			if err := s.db.Collection(col).Indexes().DropOne(ctx, name); err != nil {
				return formatError(fmt.Errorf("store: drop index %s.%s: %w", col, name, err))
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
