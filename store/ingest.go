package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// colIngest holds the journal of the response groups being committed: one
// small document per group, written before any of its responses and
// deleted once its rollups and alerts are written. See docs/architecture.md
// ("Ingest: group commit and exact rollups") for the protocol and the
// argument for each crash point.
const colIngest = "ingest_groups"

// GroupLease is how long a group's journal belongs to the process that
// wrote it. Another process folds a journal only once its lease is over,
// so it never folds a group whose owner is still inserting.
const GroupLease = 2 * time.Minute

// journalDoc is the stored journal of a group.
type journalDoc struct {
	ID      string        `bson:"_id"`
	Items   []journalItem `bson:"items"`
	Expires time.Time     `bson:"expires"`
}

// journalItem names one response of a group: its key and the random token
// written with it, by which recovery tells a response this group inserted
// from an earlier copy with the same key.
type journalItem struct {
	Key   string `bson:"k"`
	Token string `bson:"t"`
}

// Group is a batch of new responses committed together by the ingest
// writer.
type Group struct {
	ID        string
	Responses []*Response
	// Raised is when the group's risk alerts are raised; only its hour is
	// kept. Zero means the store's clock.
	Raised time.Time
}

// NewGroup returns a group of responses with a fresh id; each response gets
// its key and a fresh token.
func NewGroup(rs []*Response) *Group {
	for _, r := range rs {
		r.Key = ResponseKey(r.ID)
		r.Token = randomHex(8)
	}
	return &Group{ID: randomHex(12), Responses: rs}
}

// GroupResult is the outcome of a committed group, in the order of its
// responses: Stored[i] is the stored response (the group's own, or the
// earlier copy of a resend) and Created[i] whether this group stored it.
// Alerts are the risk alerts raised by the group's new responses.
type GroupResult struct {
	Stored  []*Response
	Created []bool
	Alerts  []Alert
}

// CommitGroup writes a group of responses with their rollups and alerts,
// crash-safe without multi-document transactions: the journal first, then
// the responses (one unordered InsertMany), then each team × quarter rollup
// once, guarded by the group's mark, then the alerts under ids derived from
// the group. A response whose key is already stored is not written again
// and is returned as stored, with Created false. The journal stays until
// FinishGroup, so a crash at any point is repaired by RecoverGroups.
//
// Returns unavailable if the store cannot be reached; the group may then be
// partly written, and RecoverGroups (or a retry of FoldGroup by its owner)
// completes its rollups.
func (s *Store) CommitGroup(ctx context.Context, g *Group) (*GroupResult, error) {
	if err := s.beginGroup(ctx, g); err != nil {
		return nil, err
	}
	res, err := s.insertGroup(ctx, g)
	if err != nil {
		return nil, err
	}
	var ours []*Response
	for i, r := range res.Stored {
		if res.Created[i] {
			ours = append(ours, r)
		}
	}
	res.Alerts, err = s.foldResponses(ctx, g.ID, g.Raised, ours)
	if err != nil {
		return nil, err
	}
	return res, nil
}

func (s *Store) beginGroup(ctx context.Context, g *Group) error {
	j := journalDoc{ID: g.ID, Expires: s.now().Add(GroupLease).UTC()}
	for _, r := range g.Responses {
		j.Items = append(j.Items, journalItem{Key: r.Key, Token: r.Token})
	}
	if _, err := s.db.Collection(colIngest).InsertOne(ctx, j); err != nil {
		return formatError(fmt.Errorf("store: begin group: %w", err))
	}
	return nil
}

// insertGroup inserts the responses, unordered, and works out which ones
// this group stored. Duplicate keys are resends: the stored copy is read.
// Any other failure is resolved by reading every key back and comparing
// tokens, so the answer is exact even after a partial insert.
func (s *Store) insertGroup(ctx context.Context, g *Group) (*GroupResult, error) {
	docs := make([]any, len(g.Responses))
	for i, r := range g.Responses {
		docs[i] = r
	}
	_, err := s.db.Collection(colResponses).InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	dup, ok := duplicateIndexes(err)
	res := &GroupResult{Stored: make([]*Response, len(g.Responses)), Created: make([]bool, len(g.Responses))}
	for i, r := range g.Responses {
		if ok && !dup[i] {
			res.Stored[i], res.Created[i] = r, true
			continue
		}
		stored, err := s.findResponseByKey(ctx, r.Key)
		if survey.ErrorCode(err) == survey.ENOTFOUND {
			// Not written, and the insert failed: the group fails as a whole.
			return nil, survey.Errorf(survey.EUNAVAILABLE, "The database did not store the response. Please try again shortly.")
		} else if err != nil {
			return nil, err
		}
		stored.ID = r.ID
		res.Stored[i], res.Created[i] = stored, stored.Token == r.Token
	}
	return res, nil
}

// duplicateIndexes returns the indexes of the documents an InsertMany
// refused as duplicate keys, and whether that was its only kind of error.
func duplicateIndexes(err error) (map[int]bool, bool) {
	if err == nil {
		return nil, true
	}
	var bwe mongo.BulkWriteException
	if !errors.As(err, &bwe) || bwe.WriteConcernError != nil {
		return nil, false
	}
	dup := map[int]bool{}
	for _, we := range bwe.WriteErrors {
		if we.Code != 11000 && we.Code != 11001 {
			return nil, false
		}
		dup[we.Index] = true
	}
	return dup, true
}

func (s *Store) findResponseByKey(ctx context.Context, key string) (*Response, error) {
	var r Response
	if err := s.db.Collection(colResponses).FindOne(ctx, bson.M{"_id": key}).Decode(&r); err != nil {
		return nil, formatError(fmt.Errorf("store: find response: %w", err))
	}
	return &r, nil
}

// foldResponses applies a group's new responses to their rollups (once per
// group and rollup) and stores their alerts (once per comment).
func (s *Store) foldResponses(ctx context.Context, gid string, raised time.Time, ours []*Response) ([]Alert, error) {
	if err := s.applyGroupRollups(ctx, gid, ours); err != nil {
		return nil, err
	}
	return s.createGroupAlerts(ctx, gid, raised, ours)
}

// FinishGroup deletes a group's journal once its rollups and alerts are
// written (and its alerts handed on). Its marks on the rollups are removed
// by later updates of those rollups, or by RecoverGroups at start-up.
func (s *Store) FinishGroup(ctx context.Context, gid string, res *GroupResult) error {
	if _, err := s.db.Collection(colIngest).DeleteOne(ctx, bson.M{"_id": gid}); err != nil {
		return formatError(fmt.Errorf("store: finish group: %w", err))
	}
	var ids []string
	if res != nil {
		for i, r := range res.Stored {
			if res.Created[i] {
				ids = append(ids, RollupID(r.Team, r.Quarter))
			}
		}
	}
	s.marks.finished(gid, ids)
	return nil
}

// FoldGroup completes a group from its journal alone: it reads back each
// response the journal names, keeps those that carry the group's token
// (the ones this group inserted) and applies them as CommitGroup would. It
// is idempotent. Returns the group's alerts (for notification), and
// not_found if the journal is gone (the group is finished).
func (s *Store) FoldGroup(ctx context.Context, gid string) ([]Alert, error) {
	var j journalDoc
	if err := s.db.Collection(colIngest).FindOne(ctx, bson.M{"_id": gid}).Decode(&j); err != nil {
		return nil, formatError(fmt.Errorf("store: fold group: %w", err))
	}
	var ours []*Response
	for _, it := range j.Items {
		r, err := s.findResponseByKey(ctx, it.Key)
		if survey.ErrorCode(err) == survey.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		if r.Token == it.Token {
			ours = append(ours, r)
		}
	}
	alerts, err := s.foldResponses(ctx, gid, time.Time{}, ours)
	if err != nil {
		return nil, err
	}
	if err := s.FinishGroup(ctx, gid, nil); err != nil {
		return nil, err
	}
	return alerts, nil
}

// RecoverGroups folds the journals left by groups that did not finish:
// every journal when all is true (the embedded store, whose data directory
// one process owns), else only those whose lease is over (another replica
// may still be writing the others). It then removes rollup marks of
// finished groups. Returns the alerts of the folded groups, to be handed
// on again (a crash may have come before they were).
func (s *Store) RecoverGroups(ctx context.Context, all bool) ([]Alert, int, error) {
	cur, err := s.db.Collection(colIngest).Find(ctx, bson.M{}, options.Find().SetProjection(bson.M{"items": 0}))
	if err != nil {
		return nil, 0, formatError(fmt.Errorf("store: recover groups: %w", err))
	}
	var js []journalDoc
	if err := cur.All(ctx, &js); err != nil {
		return nil, 0, formatError(fmt.Errorf("store: recover groups: %w", err))
	}
	var alerts []Alert
	n := 0
	for _, j := range js {
		if !all && j.Expires.After(s.now()) {
			continue
		}
		a, err := s.FoldGroup(ctx, j.ID)
		if survey.ErrorCode(err) == survey.ENOTFOUND {
			continue // finished meanwhile by its owner
		} else if err != nil {
			return alerts, n, err
		}
		alerts = append(alerts, a...)
		n++
	}
	return alerts, n, s.sweepMarks(ctx)
}

// createGroupAlerts stores one alert per risk-flagged comment of the new
// responses. The alert id is derived from the group id, the response's
// token and the question, so storing it again (after a crash) is a no-op;
// the group id is deleted with the journal, so the id cannot be traced back
// to the response afterwards.
func (s *Store) createGroupAlerts(ctx context.Context, gid string, raised time.Time, ours []*Response) ([]Alert, error) {
	if raised.IsZero() {
		raised = s.now()
	}
	var out []Alert
	for _, r := range ours {
		for _, c := range r.Comments {
			if !c.RiskFlag && !c.RiskReview {
				continue
			}
			// Raised keeps the hour only (for display and escalation); a
			// group folded after a crash gets the hour it was folded in.
			a := Alert{ID: groupAlertID(gid, r.Token, c.Question), Organisation: r.Organisation, Service: r.Service,
				Team: r.Team, Quarter: r.Quarter, Date: r.Date, Question: c.Question, RiskKind: c.RiskKind,
				Redacted: c.Redacted, Status: AlertOpen, Raised: raised.UTC().Truncate(time.Hour)}
			if c.RiskReview {
				a.Status = AlertReview // on the staff review list; nobody is notified
			}
			_, err := s.db.Collection(colAlerts).InsertOne(ctx, a)
			if err != nil && !mongo.IsDuplicateKeyError(err) {
				return nil, formatError(fmt.Errorf("store: create alert: %w", err))
			}
			if a.Status == AlertOpen {
				out = append(out, a) // handed on to the notifier
			}
		}
	}
	return out, nil
}

func groupAlertID(gid, token, question string) string {
	sum := sha256.Sum256([]byte("chorus-alert:" + gid + ":" + token + ":" + question))
	return hex.EncodeToString(sum[:12])
}
