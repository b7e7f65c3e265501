package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"

	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses
)

// sqliteIDExpr is the expression FerretDB 1.24's SQLite backend compares an
// _id filter with (metadata.IDColumn: `_ferretdb_sjson->'$._id' = ?`). Its
// own _id index is on `_ferretdb_sjson->"_id"`, and SQLite uses an
// expression index only for the identical expression, so without a second
// index every _id lookup reads the whole table.
const sqliteIDExpr = `_ferretdb_sjson->'$._id'`

// sqliteIDIndexes gives every collection table of the embedded store an
// index on exactly the expression FerretDB filters _id with. It opens the
// database's SQLite file with the same driver FerretDB uses (WAL mode, so
// both connections work side by side) and adds what is missing; FerretDB
// does not list these indexes, and SQLite drops them with their table.
// It does nothing for MongoDB.
func (s *Store) sqliteIDIndexes(ctx context.Context) error {
	if s.embeddedDir == "" {
		return nil
	}
	if err := s.createCollections(ctx); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", SQLiteFile(s.embeddedDir, s.db.Name()))
	if err != nil {
		return fmt.Errorf("store: open sqlite file: %w", err)
	}
	defer db.Close()
	tables, err := sqliteTables(ctx, db)
	if err != nil {
		return err
	}
	for _, t := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (%s)`, t+"_chorus_id", t, sqliteIDExpr)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: sqlite _id index on %s: %w", t, err)
		}
	}
	return nil
}

// createCollections creates the collections read by _id on hot paths that
// no index has created yet, so that their tables exist and get the index.
func (s *Store) createCollections(ctx context.Context) error {
	have, err := s.db.ListCollectionNames(ctx, bson.M{})
	if err != nil {
		return formatError(fmt.Errorf("store: list collections: %w", err))
	}
	for _, c := range []string{colOrganisations, colTeams, colVersions, colResponses, colRollups, colIngest, colAlerts} {
		if slices.Contains(have, c) {
			continue
		}
		if err := s.db.CreateCollection(ctx, c); err != nil {
			return formatError(fmt.Errorf("store: create collection %s: %w", c, err))
		}
	}
	return nil
}

// SQLiteFile is the data source name of a database's SQLite file in the
// embedded store's data directory.
func SQLiteFile(dir, database string) string {
	abs, _ := filepath.Abs(dir)
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(abs, database+".sqlite"))}
	return u.String() + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)"
}

// sqliteTables lists the tables FerretDB made for collections.
func sqliteTables(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT table_name FROM _ferretdb_collections`)
	if err != nil {
		return nil, fmt.Errorf("store: list sqlite tables: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("store: list sqlite tables: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
