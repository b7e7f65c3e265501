// Package notify tells service teams what they need to know: risk alerts to
// the team's safeguarding contact and report publications to the team, by
// signed webhook and by e-mail over SMTP.
//
// Every notification is a delivery in the store's delivery log before it is
// sent. Background workers send it, retrying with exponential back-off; a
// request never waits for a webhook or a mail server. The log holds a
// reference to what a delivery is about (an alert id, a report version),
// never the payload, and the payload is rebuilt at each attempt, so no
// comment text is kept in the log or written to the process log. Deliveries
// still pending at shutdown stay pending in the log and are sent on the next
// start.
package notify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// Events.
const (
	EventRiskAlert       = "risk_alert"
	EventReportPublished = "report_published"
)

// Options configure a Notifier. Zero values mean the defaults.
type Options struct {
	// PublicURL is the base of links in notifications (dashboard pages).
	PublicURL string
	SMTP      SMTPConfig
	// HTTPClient sends webhooks (default: 10 s timeout, no redirects).
	HTTPClient *http.Client
	// Workers is the number of deliveries sent at the same time (default 4).
	Workers int
	// MaxAttempts is the number of attempts before a delivery fails for
	// good (default 5).
	MaxAttempts int
	// BaseDelay is the wait before the second attempt; each further wait
	// doubles, up to MaxDelay (defaults 1 s and 10 min). Each wait is
	// spread by ±Jitter (default 0.2, i.e. ±20 %; negative for none).
	BaseDelay time.Duration
	MaxDelay  time.Duration
	Jitter    float64
	// Sweep is how often the log is scanned for due deliveries that no
	// timer holds, e.g. those left by a previous run (default 30 s).
	Sweep time.Duration
	// Lease is how long a worker holds a delivery (default 2 min).
	Lease  time.Duration
	Logger *slog.Logger
	// Now is the clock of delivery scheduling and escalation (default
	// time.Now).
	Now func() time.Time
	// EscalateAfter is how long an open risk alert waits for an
	// acknowledgement before it is sent again and escalated to the
	// organisation's safeguarding contact (default 4 h).
	EscalateAfter time.Duration
}

func (o *Options) defaults() {
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 10 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 5
	}
	if o.BaseDelay <= 0 {
		o.BaseDelay = time.Second
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = 10 * time.Minute
	}
	if o.Jitter < 0 || o.Jitter >= 1 {
		o.Jitter = 0
	} else if o.Jitter == 0 {
		o.Jitter = 0.2
	}
	if o.Sweep <= 0 {
		o.Sweep = 30 * time.Second
	}
	if o.Lease <= 0 {
		o.Lease = 2 * time.Minute
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.EscalateAfter <= 0 {
		o.EscalateAfter = DefaultEscalateAfter
	}
}

// Notifier queues and sends notifications. It is safe for concurrent use.
type Notifier struct {
	st   *store.Store
	o    Options
	log  *slog.Logger
	mail *mailer

	queue  chan string
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu sync.Mutex
	// queued holds the deliveries queued or being sent by this process, so
	// that the sweeper and a retry timer never send one twice at once.
	queued  map[string]bool
	timers  map[string]*time.Timer
	started bool
	closed  bool
}

// New returns a Notifier; call Start to begin sending.
func New(st *store.Store, o Options) *Notifier {
	o.defaults()
	ctx, cancel := context.WithCancel(context.Background())
	n := &Notifier{st: st, o: o, log: o.Logger.With(slog.String("component", "notify")),
		queue: make(chan string, 256), ctx: ctx, cancel: cancel, timers: map[string]*time.Timer{}, queued: map[string]bool{}}
	if o.SMTP.Addr != "" {
		n.mail = &mailer{cfg: o.SMTP}
	}
	return n
}

// Start runs the workers and the sweeper, which at once picks up deliveries
// left pending by a previous run.
func (n *Notifier) Start() {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.started || n.closed {
		return
	}
	n.started = true
	for range n.o.Workers {
		n.wg.Add(1)
		go n.work()
	}
	n.wg.Add(1)
	go n.sweep()
}

// Close stops sending: timers are stopped, in-flight attempts are cancelled
// and recorded as pending, and the workers are waited for until ctx ends.
// Deliveries not yet sent stay pending in the log for the next start.
func (n *Notifier) Close(ctx context.Context) error {
	n.mu.Lock()
	n.closed = true
	for id, t := range n.timers {
		t.Stop()
		delete(n.timers, id)
	}
	n.mu.Unlock()
	n.cancel()
	done := make(chan struct{})
	go func() { n.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// enqueue records a delivery and hands it to a worker. It never blocks on
// sending: when the queue is full the sweeper picks the delivery up. The
// delivery's id is derived from its channel, event and reference, so the
// same event handed on twice (an alert again after a crash, see
// app.Ingest) is queued once.
func (n *Notifier) enqueue(ctx context.Context, channel, event, team, ref string) (*store.Delivery, error) {
	sum := sha256.Sum256([]byte("chorus-delivery:" + channel + ":" + event + ":" + ref))
	d := &store.Delivery{ID: hex.EncodeToString(sum[:16]), Channel: channel, Event: event, Team: team, Ref: ref}
	if err := n.st.CreateDelivery(ctx, d, n.o.Now()); survey.ErrorCode(err) == survey.ECONFLICT {
		return d, nil // queued already
	} else if err != nil {
		return nil, err
	}
	n.kick(d.ID)
	return d, nil
}

func (n *Notifier) kick(id string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.queued[id] || n.closed {
		return
	}
	select {
	case n.queue <- id:
		n.queued[id] = true
	default: // the sweeper will find it
	}
}

func (n *Notifier) done(id string) {
	n.mu.Lock()
	delete(n.queued, id)
	n.mu.Unlock()
}

func (n *Notifier) work() {
	defer n.wg.Done()
	for {
		select {
		case <-n.ctx.Done():
			return
		case id := <-n.queue:
			next := n.attempt(id)
			n.done(id)
			if !next.IsZero() {
				n.retryAt(id, next)
			}
		}
	}
}

func (n *Notifier) sweep() {
	defer n.wg.Done()
	t := time.NewTicker(n.o.Sweep)
	defer t.Stop()
	for {
		n.sweepOnce()
		select {
		case <-n.ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (n *Notifier) sweepOnce() {
	if _, err := n.Escalate(n.ctx); err != nil && n.ctx.Err() == nil {
		n.log.Error("escalate risk alerts", slog.String("error_code", survey.ErrorCode(err)))
	}
	due, _, err := n.st.ListDeliveries(n.ctx, store.DeliveryFilter{Due: n.o.Now(), Limit: 100})
	if err != nil {
		if n.ctx.Err() == nil {
			n.log.Warn("sweep deliveries", slog.String("error_code", survey.ErrorCode(err)))
		}
		return
	}
	for _, d := range due {
		n.mu.Lock()
		_, held := n.timers[d.ID]
		n.mu.Unlock()
		if !held {
			n.kick(d.ID) // a no-op when already queued
		}
	}
}

// outcome is the result of one send.
type outcome struct {
	status    int    // HTTP status or SMTP code
	class     string // "" on success
	permanent bool   // retrying cannot help
}

// attempt sends one delivery once and records the outcome. It returns
// when to try again (zero for never).
func (n *Notifier) attempt(id string) time.Time {
	d, err := n.st.ClaimDelivery(n.ctx, id, n.o.Now(), n.o.Lease)
	if err != nil {
		return time.Time{} // delivered, failed, not yet due, or held by another process
	}
	out := n.send(n.ctx, d)
	a := store.DeliveryAttempt{Status: out.status, Error: out.class}
	switch {
	case out.class == "":
	case n.ctx.Err() != nil:
		// Shut down mid-attempt: not the receiver's fault, so the attempt
		// is not counted against it; it is due again at the next start.
		a = store.DeliveryAttempt{Error: "shutdown", Next: n.o.Now(), Uncounted: true}
	case !out.permanent && d.Attempts+1 < n.o.MaxAttempts:
		a.Next = n.o.Now().Add(n.backoff(d.Attempts + 1))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := n.st.RecordAttempt(ctx, id, a, n.o.Now()); err != nil {
		n.log.Warn("record delivery attempt", slog.String("delivery", id), slog.String("error_code", survey.ErrorCode(err)))
		return time.Time{} // the lease runs out and the sweeper retries
	}
	n.log.Info("delivery attempt", slog.String("delivery", id), slog.String("channel", d.Channel),
		slog.String("event", d.Event), slog.String("team", d.Team), slog.Int("attempt", d.Attempts+1),
		slog.Int("status", out.status), slog.String("error", out.class))
	n.observe(d, a)
	if a.Error != "" && n.ctx.Err() == nil {
		return a.Next
	}
	return time.Time{}
}

// retryAt kicks the delivery again when it is due.
func (n *Notifier) retryAt(id string, at time.Time) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return
	}
	n.timers[id] = time.AfterFunc(at.Sub(n.o.Now()), func() {
		n.mu.Lock()
		delete(n.timers, id)
		n.mu.Unlock()
		n.kick(id)
	})
}

// backoff returns the wait after the given number of failed attempts:
// BaseDelay·2^(failed-1), capped at MaxDelay, spread by ±Jitter.
func (n *Notifier) backoff(failed int) time.Duration {
	d := n.o.BaseDelay
	for i := 1; i < failed && d < n.o.MaxDelay; i++ {
		d *= 2
	}
	d = min(d, n.o.MaxDelay)
	if n.o.Jitter > 0 {
		d = time.Duration(float64(d) * (1 + n.o.Jitter*(2*rand.Float64()-1)))
	}
	return d
}

// send builds the message of a delivery from what it refers to and sends
// it on its channel.
func (n *Notifier) send(ctx context.Context, d *store.Delivery) outcome {
	msg, err := n.build(ctx, d)
	if err != nil {
		if survey.ErrorCode(err) == survey.ENOTFOUND {
			return outcome{class: "not_found", permanent: true}
		}
		return outcome{class: "store"}
	}
	switch d.Channel {
	case store.ChannelWebhook:
		if msg.Team.WebhookURL == "" {
			return outcome{class: "no_target", permanent: true}
		}
		secret, err := n.st.TeamWebhookSecret(ctx, d.Team)
		if err != nil {
			return outcome{class: "store"}
		}
		return n.postWebhook(ctx, msg.Team.WebhookURL, secret, d, msg.Payload)
	case store.ChannelEmail:
		if n.mail == nil {
			return outcome{class: "no_smtp", permanent: true}
		}
		if len(msg.Email.To) == 0 {
			return outcome{class: "no_target", permanent: true}
		}
		return n.mail.send(ctx, msg, d.ID)
	}
	return outcome{class: "unknown_channel", permanent: true}
}
