package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses
)

// sqliteIDExpr is the expression FerretDB 1.24's SQLite backend compares an
// _id filter with (metadata.IDColumn: `_ferretdb_sjson->'$._id' = ?`). Its
// own _id index is on `_ferretdb_sjson->"_id"`, and SQLite uses an
// expression index only for the identical expression, so as FerretDB makes
// it every _id lookup reads the whole table.
const sqliteIDExpr = `_ferretdb_sjson->'$._id'`

// sqliteIDIndexes makes the _id index of every collection table of the
// embedded store one that SQLite uses for FerretDB's _id lookups. FerretDB
// names it "<table>__id_" and builds it, UNIQUE, on `_ferretdb_sjson->"_id"`;
// this replaces it, in one SQLite transaction (so the table is never without
// a unique _id index), by a UNIQUE index of the same name on exactly the
// expression FerretDB filters with. The values indexed are the same (both
// expressions extract the top-level _id), so duplicate keys are refused as
// before (FerretDB maps any SQLITE_CONSTRAINT_UNIQUE to a duplicate key),
// and each write parses the document for one _id index, not two. FerretDB
// keeps the index in its metadata by name only and never rebuilds it; a
// table created later gets the replacement at the next start.
//
// It opens the database's SQLite file with the same driver FerretDB uses
// (WAL mode, so both work side by side). It does nothing for MongoDB.
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
		if err := replaceIDIndex(ctx, db, t); err != nil {
			return err
		}
	}
	return nil
}

// replaceIDIndex swaps one table's _id index when it is still FerretDB's.
func replaceIDIndex(ctx context.Context, db *sql.DB, table string) error {
	name := table + "__id_"
	var def string
	err := db.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`, name).Scan(&def)
	if err != nil {
		return fmt.Errorf("store: sqlite _id index of %s: %w", table, err)
	}
	if strings.Contains(def, sqliteIDExpr) {
		return nil
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: sqlite _id index of %s: %w", table, err)
	}
	defer tx.Rollback()
	for _, q := range []string{
		fmt.Sprintf(`DROP INDEX %q`, name),
		fmt.Sprintf(`CREATE UNIQUE INDEX %q ON %q (%s)`, name, table, sqliteIDExpr),
		fmt.Sprintf(`DROP INDEX IF EXISTS %q`, table+"_chorus_id"), // an earlier, additional index
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: sqlite _id index of %s: %w", table, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: sqlite _id index of %s: %w", table, err)
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
