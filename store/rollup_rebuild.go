package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// RebuildStats summarises a rebuild.
type RebuildStats struct {
	Responses int // responses read
	Rollups   int // rollup documents written
	Deleted   int // rollup documents removed (no responses left)
}

// rollupAcc is one team × quarter being rebuilt.
type rollupAcc struct {
	team, service, org, quarter string
	r                           survey.Rollup
}

// Rebuild recomputes rollups from the stored responses: every quarter when
// quarter is "", else that quarter only. It streams the responses with a
// cursor, sums them in memory per team × quarter with the same
// survey.Tally the submissions use, replaces each rollup document, and
// removes rollups that no longer have responses. The result is exactly
// what the incremental updates produce.
//
// It is a repair tool: a response submitted while a rebuild runs may be
// missed by the rebuilt document of its quarter; run it again when the
// service is quiet. Returns invalid for a malformed quarter key.
func (s *Store) Rebuild(ctx context.Context, quarter string) (RebuildStats, error) {
	var st RebuildStats
	filter := bson.M{}
	if quarter != "" {
		if _, err := survey.ParseQuarter(quarter); err != nil {
			return st, err
		}
		filter["quarter"] = quarter
	}
	// Finish interrupted ingest groups first: a rebuilt rollup carries no
	// group marks, so a group folded after the rebuild would be counted
	// twice. On the embedded store this process owns the data directory;
	// on MongoDB only groups whose lease is over are folded, so run it
	// with the servers stopped for two minutes (GroupLease).
	if _, _, err := s.RecoverGroups(ctx, s.embeddedDir != ""); err != nil {
		return st, err
	}
	accs, n, err := s.sumResponses(ctx, filter)
	st.Responses = n
	if err != nil {
		return st, err
	}
	for _, a := range accs {
		t := survey.Team{Slug: a.team, Service: a.service, Organisation: a.org}
		if err := s.PutRollup(ctx, t, a.quarter, a.r); err != nil {
			return st, err
		}
		st.Rollups++
	}
	st.Deleted, err = s.deleteStaleRollups(ctx, filter, accs)
	return st, err
}

// sumResponses streams the responses matching filter into per team ×
// quarter sums.
func (s *Store) sumResponses(ctx context.Context, filter bson.M) (map[string]*rollupAcc, int, error) {
	opts := options.Find().SetBatchSize(1000).SetProjection(bson.M{
		"survey": 1, "version": 1, "team": 1, "service": 1, "organisation": 1, "quarter": 1, "answers": 1, "comments": 1})
	cur, err := s.db.Collection(colResponses).Find(ctx, filter, opts)
	if err != nil {
		return nil, 0, formatError(fmt.Errorf("store: rebuild: read responses: %w", err))
	}
	defer cur.Close(ctx)
	accs := map[string]*rollupAcc{}
	surveys := map[string]*survey.Survey{}
	n := 0
	for cur.Next(ctx) {
		var r Response
		if err := cur.Decode(&r); err != nil {
			return nil, n, formatError(fmt.Errorf("store: rebuild: decode response: %w", err))
		}
		sv, err := s.cachedVersion(ctx, surveys, r.Survey, r.Version)
		if err != nil {
			return nil, n, err
		}
		id := RollupID(r.Team, r.Quarter)
		a := accs[id]
		if a == nil {
			a = &rollupAcc{team: r.Team, service: r.Service, org: r.Organisation, quarter: r.Quarter}
			accs[id] = a
		}
		a.r.Add(tallyOf(&r, sv))
		n++
	}
	if err := cur.Err(); err != nil {
		return nil, n, formatError(fmt.Errorf("store: rebuild: read responses: %w", err))
	}
	return accs, n, nil
}

func (s *Store) cachedVersion(ctx context.Context, cache map[string]*survey.Survey, slug string, version int) (*survey.Survey, error) {
	key := versionID(slug, version)
	if sv, ok := cache[key]; ok {
		return sv, nil
	}
	sv, _, err := s.FindVersion(ctx, slug, version)
	if err != nil {
		return nil, fmt.Errorf("store: rebuild: survey %s: %w", key, err)
	}
	cache[key] = sv
	return sv, nil
}

// rollupDocument is the stored form of a rebuilt rollup: the same dotted
// paths as ApplyResponse's $inc, nested.
func rollupDocument(a *rollupAcc) (bson.M, error) {
	paths, err := rollupPaths(a.r)
	if err != nil {
		return nil, err
	}
	doc := bson.M{"team": a.team, "service": a.service, "organisation": a.org, "quarter": a.quarter}
	for p, n := range paths {
		parts := strings.Split(p, ".")
		m := doc
		for _, k := range parts[:len(parts)-1] {
			next, ok := m[k].(bson.M)
			if !ok {
				next = bson.M{}
				m[k] = next
			}
			m = next
		}
		m[parts[len(parts)-1]] = n
	}
	return doc, nil
}

// deleteStaleRollups removes the rollups under filter that were not
// rebuilt: their responses are gone.
func (s *Store) deleteStaleRollups(ctx context.Context, filter bson.M, keep map[string]*rollupAcc) (int, error) {
	col := s.db.Collection(colRollups)
	cur, err := col.Find(ctx, filter, options.Find().SetProjection(bson.M{"_id": 1}))
	if err != nil {
		return 0, formatError(fmt.Errorf("store: rebuild: list rollups: %w", err))
	}
	var ids []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &ids); err != nil {
		return 0, formatError(fmt.Errorf("store: rebuild: list rollups: %w", err))
	}
	var stale []string
	for _, d := range ids {
		if keep[d.ID] == nil {
			stale = append(stale, d.ID)
		}
	}
	if len(stale) == 0 {
		return 0, nil
	}
	res, err := col.DeleteMany(ctx, bson.M{"_id": bson.M{"$in": stale}})
	if err != nil {
		return 0, formatError(fmt.Errorf("store: rebuild: delete rollups: %w", err))
	}
	return int(res.DeletedCount), nil
}
