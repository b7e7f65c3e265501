package notify_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"mime"
	"net/http"
	"sort"
	"strconv"
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

const secret = "whsec_test-secret-0123456789"

type fixture struct {
	st    *store.Store
	team  *survey.Team
	recv  *notifytest.Receiver
	smtp  *notifytest.SMTPServer
	opts  notify.Options
	ver   *store.ReportVersion
	clock *clock
}

// clock is a settable clock for delivery scheduling, so that a test can
// jump past a long back-off without waiting for it.
type clock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
}

// newFixture opens a real store with one team whose webhook is recv and
// whose contacts get e-mail through an in-process SMTP server, and
// publishes version 1 of its 2026-27-Q3 report.
func newFixture(t *testing.T, statuses ...int) *fixture {
	t.Helper()
	ctx := context.Background()
	st := storetest.Open(t)
	must(t, st.CreateOrganisation(ctx, survey.Organisation{Slug: "trust", Name: "Trust"}))
	must(t, st.CreateService(ctx, survey.Service{Slug: "cmh", Organisation: "trust", Name: "Community mental health"}))
	recv := notifytest.NewReceiver(t, secret, statuses...)
	team, err := st.CreateTeam(ctx, survey.Team{Slug: "crisis-team", Service: "cmh", Name: "Crisis Resolution Team",
		SafeguardingEmail: "safeguarding@trust.example", WebhookURL: recv.URL() + "/hook",
		ContactEmails: []string{"manager@trust.example", "lead@trust.example"}})
	must(t, err)
	must(t, st.SetTeamWebhookSecret(ctx, team.Slug, secret))
	_, err = st.StartReview(ctx, team, "2026-27-Q3", []byte(`{"quarter":"2026-27-Q3","label":"Q3 2026/27 (Oct–Dec 2026)"}`), nil)
	must(t, err)
	v, err := st.PublishReport(ctx, team.Slug, "2026-27-Q3", "", func(*store.Review, int, time.Time) ([]byte, error) {
		return []byte(`{"quarter":"2026-27-Q3","label":"Q3 2026/27 (Oct–Dec 2026)","status":"published"}`), nil
	})
	must(t, err)
	smtp := notifytest.StartSMTP(t, "chorus", "smtp-password")
	clk := &clock{}
	opts := notify.Options{
		PublicURL: "https://chorus.example",
		SMTP:      notify.SMTPConfig{Addr: smtp.Addr(), Username: "chorus", Password: "smtp-password", From: "Chorus <chorus@trust.example>"},
		BaseDelay: 5 * time.Millisecond, MaxDelay: 50 * time.Millisecond, MaxAttempts: 5,
		Sweep: 20 * time.Millisecond, Now: clk.Now,
	}
	return &fixture{st: st, team: team, recv: recv, smtp: smtp, opts: opts, ver: v, clock: clk}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// start runs a notifier, closed when the test ends.
func (f *fixture) start(t *testing.T) *notify.Notifier {
	n := notify.New(f.st, f.opts)
	n.Start()
	t.Cleanup(func() { _ = n.Close(context.Background()) })
	return n
}

// settle waits until no delivery of the team is pending, and returns them
// by channel.
func (f *fixture) settle(t *testing.T, want int) map[string]store.Delivery {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ds, _, err := f.st.ListDeliveries(context.Background(), store.DeliveryFilter{Team: f.team.Slug})
		must(t, err)
		pending := 0
		for _, d := range ds {
			if d.State == store.DeliveryPending {
				pending++
			}
		}
		if len(ds) >= want && pending == 0 {
			out := map[string]store.Delivery{}
			for _, d := range ds {
				out[d.Channel] = d
			}
			return out
		}
		if time.Now().After(deadline) {
			t.Fatalf("deliveries did not settle: %+v", ds)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestReportPublishedWebhookRetriesAndEmail(t *testing.T) {
	f := newFixture(t, http.StatusInternalServerError, http.StatusInternalServerError)
	n := f.start(t)
	n.ReportPublished(context.Background(), f.ver)
	ds := f.settle(t, 2)

	t.Run("Webhook", func(t *testing.T) {
		calls := f.recv.Calls()
		if len(calls) != 3 {
			t.Fatalf("receiver got %d calls, want 3 (500, 500, 200)", len(calls))
		}
		d := ds[store.ChannelWebhook]
		for i, c := range calls {
			if !c.Verified {
				t.Fatalf("call %d: signature did not verify", i)
			}
			if c.Event != notify.EventReportPublished || c.Delivery != d.ID {
				t.Fatalf("call %d: event %q delivery %q, want %q %q", i, c.Event, c.Delivery, notify.EventReportPublished, d.ID)
			}
		}
		if got, want := d.State, store.DeliveryDelivered; got != want {
			t.Fatalf("state = %q, want %q", got, want)
		}
		if d.Attempts != 3 || d.LastStatus != 200 || d.LastError != "" || d.Event != notify.EventReportPublished {
			t.Fatalf("log = %+v, want 3 attempts, last status 200, no error", d)
		}
		body := calls[2].Body
		rep := body["report"].(map[string]any)
		team := body["team"].(map[string]any)
		if body["event"] != "report_published" || team["slug"] != "crisis-team" || rep["quarter"] != "2026-27-Q3" ||
			rep["version"] != float64(1) || rep["label"] != "Q3 2026/27 (Oct–Dec 2026)" ||
			rep["url"] != "https://chorus.example/staff/teams/crisis-team/reports/2026-27-Q3?version=1" ||
			rep["public_url"] != "https://chorus.example/you-said-we-did/cmh" {
			t.Fatalf("payload = %v", body)
		}
	})
	t.Run("Email", func(t *testing.T) {
		d := ds[store.ChannelEmail]
		if d.State != store.DeliveryDelivered || d.Attempts != 1 || d.LastStatus != 250 {
			t.Fatalf("e-mail log = %+v", d)
		}
		msgs := f.smtp.Messages()
		if len(msgs) != 1 {
			t.Fatalf("SMTP server got %d messages, want 1", len(msgs))
		}
		m := msgs[0]
		if got, want := strings.Join(m.To, ","), "manager@trust.example,lead@trust.example"; got != want {
			t.Fatalf("RCPT TO = %q, want %q", got, want)
		}
		if m.From != "chorus@trust.example" || m.Auth != "chorus" {
			t.Fatalf("MAIL FROM %q, auth %q", m.From, m.Auth)
		}
		pm := notifytest.ParseMail(t, m.Data)
		subject, err := new(mime.WordDecoder).DecodeHeader(pm.Header.Get("Subject"))
		must(t, err)
		if want := "Crisis Resolution Team: Q3 2026/27 (Oct–Dec 2026) feedback report published"; subject != want {
			t.Fatalf("Subject = %q, want %q", subject, want)
		}
		link := "https://chorus.example/staff/teams/crisis-team/reports/2026-27-Q3?version=1"
		if !strings.Contains(pm.Text, link) || !strings.Contains(pm.HTML, `href="`+strings.ReplaceAll(link, "&", "&amp;")+`"`) {
			t.Fatalf("link missing:\ntext: %s\nhtml: %s", pm.Text, pm.HTML)
		}
	})
}

func TestWebhookFailures(t *testing.T) {
	t.Run("ErrPermanent", func(t *testing.T) {
		f := newFixture(t, http.StatusGone)
		f.opts.SMTP = notify.SMTPConfig{}
		f.start(t).ReportPublished(context.Background(), f.ver)
		d := f.settle(t, 1)[store.ChannelWebhook]
		if d.State != store.DeliveryFailed || d.Attempts != 1 || d.LastStatus != http.StatusGone || d.LastError != "http_status" {
			t.Fatalf("log = %+v, want failed after 1 attempt with 410", d)
		}
	})
	t.Run("ErrGivesUp", func(t *testing.T) {
		f := newFixture(t, 500, 500, 500, 500, 500, 500)
		f.opts.SMTP, f.opts.MaxAttempts = notify.SMTPConfig{}, 3
		f.start(t).ReportPublished(context.Background(), f.ver)
		d := f.settle(t, 1)[store.ChannelWebhook]
		if d.State != store.DeliveryFailed || d.Attempts != 3 || d.LastStatus != 500 {
			t.Fatalf("log = %+v, want failed after 3 attempts", d)
		}
		if got := len(f.recv.Calls()); got != 3 {
			t.Fatalf("receiver got %d calls, want 3", got)
		}
	})
	t.Run("ErrConnection", func(t *testing.T) {
		f := newFixture(t)
		f.recv.Close()
		f.opts.SMTP, f.opts.MaxAttempts = notify.SMTPConfig{}, 2
		f.start(t).ReportPublished(context.Background(), f.ver)
		d := f.settle(t, 1)[store.ChannelWebhook]
		if d.State != store.DeliveryFailed || d.Attempts != 2 || d.LastStatus != 0 || d.LastError != "connection" {
			t.Fatalf("log = %+v, want failed after 2 attempts, class connection", d)
		}
	})
}

// A delivery waiting for its next attempt at shutdown stays pending in the
// log, and the next notifier sends it.
func TestPendingSurvivesRestart(t *testing.T) {
	f := newFixture(t, http.StatusServiceUnavailable)
	f.opts.SMTP, f.opts.BaseDelay, f.opts.MaxDelay, f.opts.Jitter = notify.SMTPConfig{}, time.Hour, time.Hour, -1
	n := notify.New(f.st, f.opts)
	n.Start()
	n.ReportPublished(context.Background(), f.ver)
	ctx := context.Background()
	deadline := time.Now().Add(10 * time.Second)
	for len(f.recv.Calls()) == 0 || !waitingRetry(t, f) {
		if time.Now().After(deadline) {
			t.Fatal("first attempt did not happen")
		}
		time.Sleep(10 * time.Millisecond)
	}
	must(t, n.Close(ctx))
	ds, _, err := f.st.ListDeliveries(ctx, store.DeliveryFilter{Team: f.team.Slug})
	must(t, err)
	if len(ds) != 1 || ds[0].State != store.DeliveryPending || ds[0].Attempts != 1 || ds[0].LastStatus != 503 {
		t.Fatalf("after shutdown: %+v, want one pending delivery with 1 attempt", ds)
	}

	f.clock.Advance(2 * time.Hour) // the back-off has passed
	f.start(t)
	d := f.settle(t, 1)[store.ChannelWebhook]
	if d.State != store.DeliveryDelivered || d.Attempts != 2 || d.LastStatus != 200 {
		t.Fatalf("after restart: %+v, want delivered on attempt 2", d)
	}
}

func waitingRetry(t *testing.T, f *fixture) bool {
	ds, _, err := f.st.ListDeliveries(context.Background(), store.DeliveryFilter{Team: f.team.Slug})
	must(t, err)
	return len(ds) == 1 && ds[0].Attempts == 1 && ds[0].State == store.DeliveryPending
}

func TestEmailTransientFailureRetried(t *testing.T) {
	f := newFixture(t)
	f.smtp = notifytest.StartSMTP(t, "", "")
	f.smtp.FailRcpt(1)
	f.opts.SMTP = notify.SMTPConfig{Addr: f.smtp.Addr(), From: "chorus@trust.example"}
	f.start(t).ReportPublished(context.Background(), f.ver)
	d := f.settle(t, 2)[store.ChannelEmail]
	if d.State != store.DeliveryDelivered || d.Attempts != 2 || d.LastStatus != 250 {
		t.Fatalf("log = %+v, want delivered on attempt 2 after a 451", d)
	}
	if got := len(f.smtp.Messages()); got != 1 {
		t.Fatalf("SMTP server got %d messages, want 1", got)
	}
}

func TestEmailErrBadPassword(t *testing.T) {
	f := newFixture(t)
	f.opts.SMTP.Password = "wrong"
	f.start(t).ReportPublished(context.Background(), f.ver)
	d := f.settle(t, 2)[store.ChannelEmail]
	if d.State != store.DeliveryFailed || d.Attempts != 1 || d.LastStatus != 535 || d.LastError != "smtp" {
		t.Fatalf("log = %+v, want failed at once with 535", d)
	}
}

func TestSignVerify(t *testing.T) {
	body := []byte(`{"event":"risk_alert"}`)
	now := time.Unix(1_790_000_000, 0)
	sig := notify.Sign("s3cret", now.Unix(), body)
	mac := hmac.New(sha256.New, []byte("s3cret"))
	mac.Write([]byte("1790000000." + string(body)))
	if want := "sha256=" + hex.EncodeToString(mac.Sum(nil)); sig != want {
		t.Fatalf("Sign = %q, want %q", sig, want)
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	for _, tc := range []struct {
		name, secret, ts, sig string
		body                  []byte
		at                    time.Time
		ok                    bool
	}{
		{"OK", "s3cret", ts, sig, body, now.Add(time.Minute), true},
		{"ErrSecret", "other", ts, sig, body, now, false},
		{"ErrBody", "s3cret", ts, sig, []byte(`{"event":"risk_alert "}`), now, false},
		{"ErrTimestampChanged", "s3cret", strconv.FormatInt(now.Unix()+1, 10), sig, body, now, false},
		{"ErrOld", "s3cret", ts, sig, body, now.Add(10 * time.Minute), false},
		{"ErrBadTimestamp", "s3cret", "yesterday", sig, body, now, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := notify.Verify(tc.secret, tc.ts, tc.sig, tc.body, tc.at, 5*time.Minute)
			if (err == nil) != tc.ok {
				t.Fatalf("Verify = %v, want ok %v", err, tc.ok)
			}
		})
	}
}

func TestRiskAlert(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	comment := "I have been cutting myself again, [NAME] on the ward knows"
	a := &store.Alert{Organisation: "trust", Service: "cmh", Team: "crisis-team", Quarter: "2026-27-Q3", Date: "2026-11-22",
		Question: "improve", RiskKind: "self_harm", Redacted: comment}
	must(t, f.st.CreateAlert(ctx, a))
	f.start(t).Alert(ctx, *a)
	ds := f.settle(t, 2)

	t.Run("Webhook", func(t *testing.T) {
		calls := f.recv.Calls()
		if len(calls) != 1 || !calls[0].Verified || calls[0].Event != notify.EventRiskAlert {
			t.Fatalf("calls = %+v", calls)
		}
		body := calls[0].Body
		if got := keys(body); got != "alert,delivery,event,team" {
			t.Fatalf("payload keys = %s", got)
		}
		al := body["alert"].(map[string]any)
		if got := keys(al); got != "comment,date,id,quarter,risk_kind,url" {
			t.Fatalf("alert keys = %s: only team, quarter, date, kind, comment and link may be sent", got)
		}
		if al["comment"] != comment || al["date"] != "2026-11-22" || al["risk_kind"] != "self_harm" ||
			al["url"] != "https://chorus.example/staff/alerts/"+a.ID {
			t.Fatalf("alert = %v", al)
		}
		if d := ds[store.ChannelWebhook]; d.State != store.DeliveryDelivered || d.Ref != a.ID || d.Event != notify.EventRiskAlert {
			t.Fatalf("log = %+v", d)
		}
	})
	t.Run("Email", func(t *testing.T) {
		msgs := f.smtp.Messages()
		if len(msgs) != 1 || strings.Join(msgs[0].To, ",") != "safeguarding@trust.example" {
			t.Fatalf("messages = %+v, want one to the safeguarding contact", msgs)
		}
		pm := notifytest.ParseMail(t, msgs[0].Data)
		subject, _ := new(mime.WordDecoder).DecodeHeader(pm.Header.Get("Subject"))
		if subject != "Risk alert for Crisis Resolution Team: Self-harm" {
			t.Fatalf("Subject = %q", subject)
		}
		for _, part := range []string{pm.Text, pm.HTML} {
			if !strings.Contains(part, "https://chorus.example/staff/alerts/"+a.ID) || !strings.Contains(part, "2026-11-22") {
				t.Fatalf("part lacks link or date:\n%s", part)
			}
		}
		if !strings.Contains(pm.Text, comment) || !strings.Contains(pm.HTML, "[NAME] on the ward knows") {
			t.Fatalf("comment missing:\n%s\n%s", pm.Text, pm.HTML)
		}
	})
	t.Run("LogHoldsNoCommentText", func(t *testing.T) {
		cur, err := f.st.Database().Collection("deliveries").Find(ctx, map[string]any{})
		must(t, err)
		var docs []map[string]any
		must(t, cur.All(ctx, &docs))
		if len(docs) != 2 {
			t.Fatalf("%d delivery documents, want 2", len(docs))
		}
		for _, d := range docs {
			if raw, _ := json.Marshal(d); strings.Contains(string(raw), "cutting") {
				t.Fatalf("delivery log holds comment text: %s", raw)
			}
		}
	})
}

func keys(m map[string]any) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

// With STARTTLS offered, mail and password go over TLS, checked against
// the configured roots; a certificate the client does not trust fails as
// "tls" and nothing is sent.
func TestEmailSTARTTLS(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		f := newFixture(t)
		srv, roots := notifytest.StartSMTPTLS(t, "chorus", "smtp-password")
		f.opts.SMTP.Addr, f.opts.SMTP.RootCAs = srv.Addr(), roots
		f.start(t).ReportPublished(context.Background(), f.ver)
		if d := f.settle(t, 2)[store.ChannelEmail]; d.State != store.DeliveryDelivered {
			t.Fatalf("log = %+v", d)
		}
		msgs := srv.Messages()
		if len(msgs) != 1 || !msgs[0].TLS || msgs[0].Auth != "chorus" {
			t.Fatalf("messages = %+v, want one over TLS after AUTH", msgs)
		}
	})
	t.Run("ErrUntrustedCertificate", func(t *testing.T) {
		f := newFixture(t)
		srv, _ := notifytest.StartSMTPTLS(t, "chorus", "smtp-password")
		f.opts.SMTP.Addr, f.opts.MaxAttempts = srv.Addr(), 2
		f.start(t).ReportPublished(context.Background(), f.ver)
		if d := f.settle(t, 2)[store.ChannelEmail]; d.State != store.DeliveryFailed || d.LastError != "tls" || d.Attempts != 2 {
			t.Fatalf("log = %+v, want failed with tls after 2 attempts", d)
		}
		if n := len(srv.Messages()); n != 0 {
			t.Fatalf("%d messages sent over an untrusted connection", n)
		}
	})
}
