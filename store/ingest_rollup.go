package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// A rollup document records, under "applied", a mark "g<group id>" for
// each group whose counts it holds and whose journal may still exist. The
// update that adds a group's counts is guarded by the absence of its mark
// and sets the mark in the same single-document write, so a group is
// counted at most once in each rollup however often it is folded. Marks of
// finished groups are removed by later updates ($unset) and at start-up.
const appliedField = "applied"

func markPath(gid string) string { return appliedField + ".g" + gid }

// markSet remembers, per rollup, the finished groups whose marks can go.
type markSet struct {
	mu    sync.Mutex
	stale map[string][]string // rollup id -> group ids
}

func (m *markSet) finished(gid string, rollups []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stale == nil {
		m.stale = map[string][]string{}
	}
	for _, id := range rollups {
		if !slices.Contains(m.stale[id], gid) {
			m.stale[id] = append(m.stale[id], gid)
		}
	}
}

func (m *markSet) take(rollup string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	gs := m.stale[rollup]
	delete(m.stale, rollup)
	return gs
}

func (m *markSet) giveBack(rollup string, gs []string) {
	for _, g := range gs {
		m.finished(g, []string{rollup})
	}
}

// applyGroupRollups sums a group's new responses per team × quarter and
// applies each sum once.
func (s *Store) applyGroupRollups(ctx context.Context, gid string, rs []*Response) error {
	accs := map[string]*rollupAcc{}
	for _, r := range rs {
		sv, err := s.Version(ctx, r.Survey, r.Version)
		if err != nil {
			return err
		}
		id := RollupID(r.Team, r.Quarter)
		a := accs[id]
		if a == nil {
			a = &rollupAcc{team: r.Team, service: r.Service, org: r.Organisation, quarter: r.Quarter}
			accs[id] = a
		}
		a.r.Add(tallyOf(r, sv))
	}
	for _, id := range slices.Sorted(mapsKeys(accs)) {
		if err := s.applyRollupOnce(ctx, gid, accs[id]); err != nil {
			return err
		}
	}
	return nil
}

// applyRollupOnce adds a group's counts to one rollup unless the rollup
// already carries the group's mark. It is one guarded update; only when it
// matches nothing is the rollup read, to tell "already applied" from "not
// created yet" (then created empty, and the update retried).
func (s *Store) applyRollupOnce(ctx context.Context, gid string, a *rollupAcc) error {
	paths, err := rollupPaths(a.r)
	if err != nil {
		return err
	}
	id := RollupID(a.team, a.quarter)
	stale := s.marks.take(id)
	for attempt := 0; attempt < 3; attempt++ {
		matched, err := s.guardedInc(ctx, id, gid, paths, stale)
		if err != nil {
			s.marks.giveBack(id, stale)
			return err
		}
		if matched {
			return nil
		}
		applied, exists, err := s.rollupMark(ctx, id, gid)
		if err != nil || applied {
			s.marks.giveBack(id, stale)
			return err
		}
		if !exists {
			if err := s.createRollup(ctx, a); err != nil {
				s.marks.giveBack(id, stale)
				return err
			}
		}
	}
	s.marks.giveBack(id, stale)
	return fmt.Errorf("store: rollup %s: group %s neither applied nor applicable", id, gid)
}

func (s *Store) guardedInc(ctx context.Context, id, gid string, paths map[string]int, stale []string) (bool, error) {
	inc := bson.D{}
	for _, p := range slices.Sorted(mapsKeys(paths)) {
		inc = append(inc, bson.E{Key: p, Value: paths[p]})
	}
	update := bson.D{{Key: "$set", Value: bson.D{{Key: markPath(gid), Value: 1}}}}
	if len(inc) > 0 {
		update = append(update, bson.E{Key: "$inc", Value: inc})
	}
	if unset := unsetMarks(stale, gid); len(unset) > 0 {
		update = append(update, bson.E{Key: "$unset", Value: unset})
	}
	filter := bson.D{{Key: "_id", Value: id}, {Key: markPath(gid), Value: bson.D{{Key: "$exists", Value: false}}}}
	res, err := s.db.Collection(colRollups).UpdateOne(ctx, filter, update)
	if err != nil {
		return false, formatError(fmt.Errorf("store: apply group to rollup: %w", err))
	}
	return res.MatchedCount == 1, nil
}

func unsetMarks(stale []string, except string) bson.D {
	var d bson.D
	for _, g := range stale {
		if g != except {
			d = append(d, bson.E{Key: markPath(g), Value: ""})
		}
	}
	return d
}

// rollupMark reports whether the rollup exists and carries the group's
// mark.
func (s *Store) rollupMark(ctx context.Context, id, gid string) (applied, exists bool, err error) {
	var d struct {
		Applied map[string]int `bson:"applied"`
	}
	err = s.db.Collection(colRollups).FindOne(ctx, bson.M{"_id": id},
		options.FindOne().SetProjection(bson.M{appliedField: 1})).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, false, nil
	} else if err != nil {
		return false, false, formatError(fmt.Errorf("store: read rollup mark: %w", err))
	}
	_, applied = d.Applied["g"+gid]
	return applied, true, nil
}

// createRollup creates an empty rollup document. The upsert's filter is an
// equality on _id only, so on MongoDB two replicas creating it at once
// both succeed (the server retries the losing upsert as an update).
func (s *Store) createRollup(ctx context.Context, a *rollupAcc) error {
	_, err := s.db.Collection(colRollups).UpdateOne(ctx, bson.M{"_id": RollupID(a.team, a.quarter)},
		bson.M{"$setOnInsert": bson.M{"team": a.team, "service": a.service, "organisation": a.org, "quarter": a.quarter, "total": 0}},
		options.UpdateOne().SetUpsert(true))
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return formatError(fmt.Errorf("store: create rollup: %w", err))
	}
	return nil
}

// sweepMarks removes from every rollup the marks of groups whose journal is
// gone (finished groups: their counts are in, and they are never folded
// again). A crash between FinishGroup and the next update of a rollup
// leaves such marks.
func (s *Store) sweepMarks(ctx context.Context) error {
	cur, err := s.db.Collection(colRollups).Find(ctx, bson.M{}, options.Find().SetProjection(bson.M{appliedField: 1}))
	if err != nil {
		return formatError(fmt.Errorf("store: sweep rollup marks: %w", err))
	}
	var docs []struct {
		ID      string         `bson:"_id"`
		Applied map[string]int `bson:"applied"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return formatError(fmt.Errorf("store: sweep rollup marks: %w", err))
	}
	for _, d := range docs {
		var dead []string
		for k := range d.Applied {
			gid := strings.TrimPrefix(k, "g")
			live, err := s.journalExists(ctx, gid)
			if err != nil {
				return err
			}
			if !live {
				dead = append(dead, gid)
			}
		}
		if len(dead) == 0 {
			continue
		}
		if _, err := s.db.Collection(colRollups).UpdateOne(ctx, bson.M{"_id": d.ID},
			bson.D{{Key: "$unset", Value: unsetMarks(dead, "")}}); err != nil {
			return formatError(fmt.Errorf("store: sweep rollup marks: %w", err))
		}
	}
	return nil
}

func (s *Store) journalExists(ctx context.Context, gid string) (bool, error) {
	err := s.db.Collection(colIngest).FindOne(ctx, bson.M{"_id": gid},
		options.FindOne().SetProjection(bson.M{"_id": 1})).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	} else if err != nil {
		return false, formatError(fmt.Errorf("store: read journal: %w", err))
	}
	return true, nil
}

// versionCache holds published survey versions, which never change.
type versionCache struct {
	mu sync.RWMutex
	m  map[string]*survey.Survey
}

// Version returns a survey version, from memory after the first read
// (versions are immutable once published). Returns not_found if there is
// no such version.
func (s *Store) Version(ctx context.Context, slug string, version int) (*survey.Survey, error) {
	key := versionID(slug, version)
	s.versions.mu.RLock()
	sv := s.versions.m[key]
	s.versions.mu.RUnlock()
	if sv != nil {
		return sv, nil
	}
	sv, status, err := s.FindVersion(ctx, slug, version)
	if err != nil {
		return nil, err
	}
	if status == StatusPublished {
		s.versions.mu.Lock()
		if s.versions.m == nil {
			s.versions.m = map[string]*survey.Survey{}
		}
		s.versions.m[key] = sv
		s.versions.mu.Unlock()
	}
	return sv, nil
}
