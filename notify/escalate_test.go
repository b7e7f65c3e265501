package notify_test

import (
	"bytes"
	"context"
	"log/slog"
	"mime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/notify"
	"github.com/chorus-nhs/chorus/notify/notifytest"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
	"github.com/chorus-nhs/chorus/survey"
)

// deliveriesOf lists the deliveries of an event, waiting until none is
// pending and at least want exist.
func (f *fixture) deliveriesOf(t *testing.T, event string, want int) []store.Delivery {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ds, _, err := f.st.ListDeliveries(context.Background(), store.DeliveryFilter{Event: event})
		must(t, err)
		pending := 0
		for _, d := range ds {
			if d.State == store.DeliveryPending {
				pending++
			}
		}
		if len(ds) >= want && pending == 0 {
			return ds
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d deliveries of %s (%d pending), want %d settled", len(ds), event, pending, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestEscalation: with a fake clock, an alert no one acknowledges is left
// alone for less than four hours, then sent again to the team and to the
// organisation's safeguarding contact, once; an acknowledged one never is.
func TestEscalation(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	org, err := f.st.FindOrganisation(ctx, "trust")
	must(t, err)
	org.Settings.SafeguardingEmail = "safeguarding-lead@trust.example"
	must(t, f.st.UpdateOrganisation(ctx, *org))
	raised := f.clock.Now().UTC().Truncate(time.Hour)
	open := &store.Alert{Organisation: "trust", Service: "cmh", Team: "crisis-team", Quarter: "2026-27-Q3", Date: "2026-11-22",
		Question: "improve", RiskKind: "suicide", Redacted: "I keep thinking about ending it", Raised: raised}
	must(t, f.st.CreateAlert(ctx, open))
	acked := &store.Alert{Organisation: "trust", Service: "cmh", Team: "crisis-team", Quarter: "2026-27-Q3", Date: "2026-11-22",
		Question: "improve", RiskKind: "self_harm", Redacted: "cutting again", Raised: raised}
	must(t, f.st.CreateAlert(ctx, acked))
	must(t, f.st.AcknowledgeAlert(ctx, acked.ID, "lead@trust.example", "2026-11-22"))
	n := notify.New(f.st, f.opts) // not started: the test drives Escalate
	t.Cleanup(func() { _ = n.Close(context.Background()) })

	f.clock.Advance(3 * time.Hour)
	if got, err := n.Escalate(ctx); err != nil || got != 0 {
		t.Fatalf("after 3 hours: escalated %d (%v), want 0", got, err)
	}
	f.clock.Advance(time.Hour)
	if got, err := n.Escalate(ctx); err != nil || got != 1 {
		t.Fatalf("after 4 hours: escalated %d (%v), want 1", got, err)
	}
	f.clock.Advance(10 * time.Hour)
	if got, err := n.Escalate(ctx); err != nil || got != 0 {
		t.Fatalf("later: escalated %d (%v), want 0: once only", got, err)
	}
	a, err := f.st.FindAlert(ctx, open.ID)
	must(t, err)
	if !a.Escalated || a.Status != store.AlertOpen {
		t.Fatalf("alert after escalation = %+v, want open and escalated", a)
	}

	n.Start()
	ds := f.deliveriesOf(t, notify.EventRiskEscalation, 2)
	if len(ds) != 2 {
		t.Fatalf("%d escalation deliveries, want a webhook and an e-mail", len(ds))
	}
	for _, d := range ds {
		if d.Ref != open.ID || d.State != store.DeliveryDelivered {
			t.Errorf("escalation delivery %+v, want delivered for the open alert", d)
		}
	}
	msgs := f.smtp.Messages()
	if len(msgs) != 1 || strings.Join(msgs[0].To, ",") != "safeguarding@trust.example,safeguarding-lead@trust.example" {
		t.Fatalf("messages = %+v, want one to the team's and the organisation's safeguarding contacts", msgs)
	}
	pm := notifytest.ParseMail(t, msgs[0].Data)
	subject, _ := new(mime.WordDecoder).DecodeHeader(pm.Header.Get("Subject"))
	if !strings.HasPrefix(subject, "Not acknowledged after 4 hours: Risk alert for Crisis Resolution Team") {
		t.Errorf("Subject = %q", subject)
	}
	hour := raised.In(mustLondon(t)).Format("15:04")
	if !strings.Contains(pm.Text, "in the hour from "+hour) {
		t.Errorf("e-mail lacks the hour %s (Europe/London):\n%s", hour, pm.Text)
	}
}

func mustLondon(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	must(t, err)
	return loc
}

// TestChannelProblems: an organisation whose alerts can reach no one is
// reported, for the start-up log and the dashboard.
func TestChannelProblems(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t)
	must(t, st.CreateOrganisation(ctx, survey.Organisation{Slug: "trust", Name: "Trust"}))
	must(t, st.CreateService(ctx, survey.Service{Slug: "cmh", Organisation: "trust", Name: "CMH"}))
	_, err := st.CreateTeam(ctx, survey.Team{Slug: "team-a", Service: "cmh", Organisation: "trust", Name: "A"})
	must(t, err)
	problems := func(o notify.Options) []notify.ChannelProblem {
		n := notify.New(st, o)
		t.Cleanup(func() { _ = n.Close(context.Background()) })
		ps, err := n.ChannelProblems(ctx)
		must(t, err)
		return ps
	}
	if ps := problems(notify.Options{}); len(ps) != 1 || ps[0].Organisation != "trust" || !strings.Contains(ps[0].Reason, "no SMTP") {
		t.Fatalf("no SMTP, no webhook: problems %+v", ps)
	}
	smtp := notify.Options{SMTP: notify.SMTPConfig{Addr: "127.0.0.1:25", From: "chorus@trust.example"}}
	if ps := problems(smtp); len(ps) != 1 || !strings.Contains(ps[0].Reason, "no team has a safeguarding e-mail") {
		t.Fatalf("SMTP without anyone to send to: problems %+v", ps)
	}
	org, err := st.FindOrganisation(ctx, "trust")
	must(t, err)
	org.Settings.SafeguardingEmail = "lead@trust.example"
	must(t, st.UpdateOrganisation(ctx, *org))
	if ps := problems(smtp); len(ps) != 0 {
		t.Fatalf("SMTP and a safeguarding contact: problems %+v", ps)
	}
}

// syncBuffer is a log destination safe for the workers' goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestFailedSafeguardingDelivery: an alert webhook that fails on every
// attempt is logged at ERROR after the last one and listed for the
// dashboard.
func TestFailedSafeguardingDelivery(t *testing.T) {
	f := newFixture(t, 500, 500, 500, 500, 500)
	ctx := context.Background()
	var logs syncBuffer
	f.opts.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	f.opts.SMTP = notify.SMTPConfig{}
	f.opts.MaxAttempts = 2
	a := &store.Alert{Organisation: "trust", Service: "cmh", Team: "crisis-team", Quarter: "2026-27-Q3", Date: "2026-11-22",
		Question: "improve", RiskKind: "suicide", Redacted: "I want to die"}
	must(t, f.st.CreateAlert(ctx, a))
	n := f.start(t)
	n.Alert(ctx, *a)
	ds := f.deliveriesOf(t, notify.EventRiskAlert, 1)
	if ds[0].State != store.DeliveryFailed {
		t.Fatalf("delivery %+v, want failed", ds[0])
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "level=ERROR") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), `level=ERROR msg="safeguarding delivery failed after its last attempt"`) {
		t.Fatalf("no ERROR log for the failed safeguarding delivery:\n%s", logs.String())
	}
	failed, err := n.FailedSafeguarding(ctx, 10)
	must(t, err)
	if len(failed) != 1 || failed[0].Ref != a.ID {
		t.Fatalf("FailedSafeguarding = %+v, want the alert's delivery", failed)
	}
}
