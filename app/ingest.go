package app

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// IngestOptions configure an Ingest writer.
type IngestOptions struct {
	// QueueSize bounds the responses waiting for a group (default 4096).
	// A submission that finds the queue full is refused with unavailable
	// (503 and Retry-After), before anything is written.
	QueueSize int
	// MaxGroup is the most responses committed in one group (default 256).
	MaxGroup int
	// Exclusive says that no other process writes to the store (the
	// embedded store, whose data directory is locked): every unfinished
	// group is folded at start. Otherwise only groups whose lease is over.
	Exclusive bool
	// OnAlert hands on each new risk alert once it is stored (queue a
	// webhook or e-mail); after a crash it may be called again for the
	// alerts of the groups recovered.
	OnAlert func(ctx context.Context, a store.Alert)
	Logger  *slog.Logger
}

// Ingest is the one writer of responses, rollups and risk alerts of a
// store in this process. Submissions queue their validated, analysed
// responses; the writer commits what has queued as one group
// (store.CommitGroup) and answers each submission once its group is
// written. All rollup writes of the process go through it, one group at a
// time, so no two writes of one rollup document ever race here.
type Ingest struct {
	st    *store.Store
	o     IngestOptions
	queue chan *pending

	mu       sync.Mutex
	inflight map[string]*pending // by response key: queued or being written
	closed   bool
	failed   []string // groups to fold again
	done     chan struct{}

	groups, responses atomic.Int64 // committed so far (IngestStats)
}

// IngestStats counts what the writer has committed.
type IngestStats struct {
	Groups    int64 // groups written
	Responses int64 // responses in them (new ones and resends)
}

// Stats returns the writer's counts so far.
func (w *Ingest) Stats() IngestStats {
	return IngestStats{Groups: w.groups.Load(), Responses: w.responses.Load()}
}

// pending is one queued response and, once its group is written, the
// answer shared by every submission of the same id.
type pending struct {
	r       *store.Response
	queued  time.Time // when it was queued: the rollup lag is measured from here
	done    chan struct{}
	stored  *store.Response
	created bool
	err     error
}

// recoverEvery is how often the writer folds its own failed groups and
// other replicas' abandoned ones.
const recoverEvery = 30 * time.Second

// NewIngest returns a writer for st; Start runs it.
func NewIngest(st *store.Store, o IngestOptions) *Ingest {
	if o.QueueSize <= 0 {
		o.QueueSize = 4096
	}
	if o.MaxGroup <= 0 {
		o.MaxGroup = 256
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return &Ingest{st: st, o: o, queue: make(chan *pending, o.QueueSize),
		inflight: map[string]*pending{}, done: make(chan struct{})}
}

// Start finishes the groups a crash interrupted (see IngestOptions.Exclusive)
// and starts the writer. Returns the store's error if recovery fails; the
// writer is not started then.
func (w *Ingest) Start(ctx context.Context) error {
	alerts, n, err := w.st.RecoverGroups(ctx, w.o.Exclusive)
	if err != nil {
		return err
	}
	if n > 0 {
		w.o.Logger.Info("ingest: finished interrupted groups", slog.Int("groups", n))
	}
	w.handOn(ctx, alerts)
	go w.run()
	return nil
}

// errBusy is the answer when the queue is full or the writer stopped.
func errBusy() error {
	return survey.Errorf(survey.EUNAVAILABLE, "Chorus is busy. Your answers were not saved yet; please try again in a few seconds.")
}

// Write queues a response and waits until its group is written. It
// returns the stored response and whether this call stored it: a resend
// of an id that is stored, or queued or being written (in this process),
// returns the one stored copy with created false. Returns unavailable if
// the queue is full, the writer is stopping, or the store fails.
func (w *Ingest) Write(ctx context.Context, r *store.Response) (*store.Response, bool, error) {
	p, first, err := w.enqueue(r)
	if err != nil {
		return nil, false, err
	}
	select {
	case <-p.done:
	case <-ctx.Done():
		return nil, false, &survey.Error{Code: survey.EUNAVAILABLE, Message: "The request ended before the answers were saved.", Cause: ctx.Err()}
	}
	if p.err != nil {
		return nil, false, p.err
	}
	return p.stored, p.created && first, nil
}

func (w *Ingest) enqueue(r *store.Response) (*pending, bool, error) {
	key := store.ResponseKey(r.ID)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil, false, errBusy()
	}
	if p := w.inflight[key]; p != nil {
		return p, false, nil
	}
	p := &pending{r: r, done: make(chan struct{}), queued: time.Now()}
	select {
	case w.queue <- p:
		w.inflight[key] = p
		return p, true, nil
	default:
		return nil, false, errBusy()
	}
}

// Close stops taking submissions, writes every queued one (the drain on
// SIGTERM) and waits for the writer to stop, or for ctx.
func (w *Ingest) Close(ctx context.Context) error {
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		close(w.queue)
	}
	w.mu.Unlock()
	select {
	case <-w.done:
		return nil
	case <-ctx.Done():
		return errors.New("ingest: queue not drained before the deadline")
	}
}

// QueueLen is the number of responses waiting for a group.
func (w *Ingest) QueueLen() int { return len(w.queue) }
