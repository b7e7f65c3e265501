package app

import (
	"context"
	"github.com/chorus-nhs/chorus/metrics"
	"log/slog"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// groupTimeout bounds the writes of one group; it is well inside
// store.GroupLease, so no other replica folds a group still being written.
const groupTimeout = 20 * time.Second

// run is the writer: it takes what has queued, up to MaxGroup responses,
// commits it as one group, answers, and repeats. While one group is being
// written the next one queues, so groups grow with the load.
func (w *Ingest) run() {
	defer close(w.done)
	tick := time.NewTicker(recoverEvery)
	defer tick.Stop()
	for {
		select {
		case p, ok := <-w.queue:
			if !ok {
				return
			}
			w.commit(w.gather(p))
		case <-tick.C:
			w.recover()
		}
	}
}

// gather takes p and whatever else is queued, up to MaxGroup.
func (w *Ingest) gather(p *pending) []*pending {
	batch := []*pending{p}
	for len(batch) < w.o.MaxGroup {
		select {
		case q, ok := <-w.queue:
			if !ok {
				return batch
			}
			batch = append(batch, q)
		default:
			return batch
		}
	}
	return batch
}

// commit writes one group and answers its submissions.
func (w *Ingest) commit(batch []*pending) {
	rs := make([]*store.Response, len(batch))
	for i, p := range batch {
		rs[i] = p.r
	}
	g := store.NewGroup(rs)
	ctx, cancel := context.WithTimeout(context.Background(), groupTimeout)
	defer cancel()
	metrics.IngestGroup(len(batch))
	metrics.IngestQueueDepth(len(w.queue))
	res, err := w.st.CommitGroup(ctx, g)
	if err != nil {
		w.o.Logger.Error("ingest: group not written; it will be completed from its journal",
			slog.Int("responses", len(batch)), slog.String("code", survey.ErrorCode(err)))
		w.mu.Lock()
		w.failed = append(w.failed, g.ID)
		w.mu.Unlock()
		w.answer(batch, nil, unavailable(err))
		return
	}
	// Alerts are handed on before the answer, so that whoever is told a
	// response was saved can rely on its alert being on its way.
	metrics.RollupLag(time.Since(batch[0].queued))
	w.handOn(ctx, res.Alerts)
	w.answer(batch, res, nil)
	w.groups.Add(1)
	w.responses.Add(int64(len(batch)))
	if err := w.st.FinishGroup(ctx, g.ID, res); err != nil {
		w.mu.Lock()
		w.failed = append(w.failed, g.ID)
		w.mu.Unlock()
	}
}

// unavailable makes any store failure of a group a 503: the client may
// resend, and a resend is answered from what was stored.
func unavailable(err error) error {
	if survey.ErrorCode(err) == survey.EUNAVAILABLE {
		return err
	}
	return &survey.Error{Code: survey.EUNAVAILABLE, Message: "The database did not confirm your answers. Please try again shortly.", Cause: err}
}

func (w *Ingest) answer(batch []*pending, res *store.GroupResult, err error) {
	w.mu.Lock()
	for i, p := range batch {
		if err != nil {
			p.err = err
		} else {
			p.stored, p.created = res.Stored[i], res.Created[i]
		}
		delete(w.inflight, store.ResponseKey(p.r.ID))
	}
	w.mu.Unlock()
	for _, p := range batch {
		close(p.done)
	}
}

// recover folds this writer's failed groups, then any other process's
// abandoned ones (their lease over).
func (w *Ingest) recover() {
	ctx, cancel := context.WithTimeout(context.Background(), groupTimeout)
	defer cancel()
	w.mu.Lock()
	failed := w.failed
	w.failed = nil
	w.mu.Unlock()
	for i, gid := range failed {
		alerts, err := w.st.FoldGroup(ctx, gid)
		if err != nil && survey.ErrorCode(err) != survey.ENOTFOUND {
			w.mu.Lock()
			w.failed = append(w.failed, failed[i:]...)
			w.mu.Unlock()
			return
		}
		w.handOn(ctx, alerts)
	}
	alerts, _, err := w.st.RecoverGroups(ctx, w.o.Exclusive)
	if err != nil {
		w.o.Logger.Warn("ingest: recovery of abandoned groups failed", slog.String("code", survey.ErrorCode(err)))
	}
	w.handOn(ctx, alerts)
}

func (w *Ingest) handOn(ctx context.Context, alerts []store.Alert) {
	if w.o.OnAlert == nil {
		return
	}
	for _, a := range alerts {
		w.o.OnAlert(context.WithoutCancel(ctx), a)
	}
}
