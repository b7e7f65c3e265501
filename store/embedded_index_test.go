package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
)

// TestIDLookupUsesIndex asks SQLite itself, in the embedded store's file,
// how it runs the query FerretDB 1.24 sends for an _id filter
// (internal/backends/sqlite/collection.go: `WHERE _ferretdb_sjson->'$._id' = ?`):
// it must search an index, never scan the table.
func TestIDLookupUsesIndex(t *testing.T) {
	dir := storetest.Dir(t)
	if dir == "" {
		t.Skip("CHORUS_TEST_MONGODB_URI is set: MongoDB's _id index is always used")
	}
	st := storetest.Open(t)
	ctx := context.Background()
	db, err := sql.Open("sqlite", store.SQLiteFile(dir, st.Database().Name()))
	must(t, err)
	defer db.Close()
	for _, col := range []string{"responses", "rollups", "ingest_groups", "survey_versions", "teams", "organisations", "alerts"} {
		t.Run(col, func(t *testing.T) {
			var table string
			must(t, db.QueryRowContext(ctx, `SELECT table_name FROM _ferretdb_collections WHERE name = ?`, col).Scan(&table))
			q := fmt.Sprintf(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM %q WHERE %s = ?`, table, store.SQLiteIDExpr)
			plan := queryPlan(t, db, q, `"x"`)
			if !strings.Contains(plan, "USING INDEX") || strings.Contains(plan, "SCAN") {
				t.Fatalf("plan for an _id lookup on %s: %q; want SEARCH ... USING INDEX", col, plan)
			}
			var unique int
			must(t, db.QueryRowContext(ctx, `SELECT "unique" FROM pragma_index_list(?) WHERE name = ?`, table, table+"__id_").Scan(&unique))
			if unique != 1 {
				t.Fatalf("the _id index of %s is not unique", col)
			}
		})
	}
	// The control: with FerretDB's own _id index back, the same query scans.
	var table string
	must(t, db.QueryRowContext(ctx, `SELECT table_name FROM _ferretdb_collections WHERE name = 'responses'`).Scan(&table))
	_, err = db.ExecContext(ctx, fmt.Sprintf(`DROP INDEX %q`, table+"__id_"))
	must(t, err)
	_, err = db.ExecContext(ctx, fmt.Sprintf(`CREATE UNIQUE INDEX %q ON %q (_ferretdb_sjson->"_id")`, table+"__id_", table))
	must(t, err)
	plan := queryPlan(t, db, fmt.Sprintf(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM %q WHERE %s = ?`, table, store.SQLiteIDExpr), `"x"`)
	if !strings.Contains(plan, "SCAN") {
		t.Fatalf("without Chorus's index the plan is %q; want a SCAN (has FerretDB changed its _id index?)", plan)
	}
}

func queryPlan(t *testing.T, db *sql.DB, q string, args ...any) string {
	t.Helper()
	rows, err := db.Query(q, args...)
	must(t, err)
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		must(t, rows.Scan(&id, &parent, &notused, &detail))
		out = append(out, detail)
	}
	must(t, rows.Err())
	return strings.Join(out, "; ")
}

// TestDataDirLock: a second embedded server on the same data directory is
// refused at once, and the directory is free again after Close.
func TestDataDirLock(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	e, err := store.StartEmbedded(ctx, dir, nil)
	must(t, err)
	if _, err := store.StartEmbedded(ctx, dir, nil); !errors.Is(err, store.ErrDataDirLocked) {
		e.Close()
		t.Fatalf("second server on %s: err = %v, want ErrDataDirLocked", dir, err)
	}
	e.Close()
	e2, err := store.StartEmbedded(ctx, dir, nil)
	must(t, err)
	e2.Close()
}
