package notify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/metrics/metricstest"
	"github.com/chorus-nhs/chorus/notify"
	"github.com/chorus-nhs/chorus/store"
)

// lockedBuffer is a bytes.Buffer that the notifier's workers may log to
// concurrently.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// A safeguarding webhook that fails on every attempt is logged at ERROR
// once, after the last attempt, and counted apart from the attempts that
// were retried.
func TestSafeguardingFailureLoggedAtError(t *testing.T) {
	f := newFixture(t, 500, 500, 500, 500)
	var logs lockedBuffer
	f.opts.SMTP, f.opts.MaxAttempts = notify.SMTPConfig{}, 3
	f.opts.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	webhookAlert := map[string]string{"channel": store.ChannelWebhook, "event": notify.EventRiskAlert}
	before := metricstest.ScrapeHandler(t)

	ctx := context.Background()
	comment := "I want to end it all"
	a := &store.Alert{Organisation: "trust", Service: "cmh", Team: "crisis-team", Quarter: "2026-27-Q3", Date: "2026-11-22",
		Question: "improve", RiskKind: "suicide", Redacted: comment}
	must(t, f.st.CreateAlert(ctx, a))
	f.start(t).Alert(ctx, *a)
	d := f.settle(t, 1)[store.ChannelWebhook]
	if d.State != store.DeliveryFailed || d.Attempts != 3 {
		t.Fatalf("log = %+v, want failed after 3 attempts", d)
	}

	// The attempt is recorded in the store before it is counted and
	// logged: wait for the count.
	for deadline := time.Now().Add(10 * time.Second); metricstest.ScrapeHandler(t).Value("chorus_deliveries_failed_final_total", webhookAlert)-
		before.Value("chorus_deliveries_failed_final_total", webhookAlert) < 1; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the final failure was never counted")
		}
	}
	var errorLines []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec["level"] == "ERROR" {
			errorLines = append(errorLines, rec)
		}
	}
	if len(errorLines) != 1 || errorLines[0]["delivery"] != d.ID || errorLines[0]["event"] != notify.EventRiskAlert ||
		!strings.Contains(errorLines[0]["msg"].(string), "safeguarding") {
		t.Fatalf("ERROR records = %v, want one naming delivery %s", errorLines, d.ID)
	}
	if strings.Contains(logs.String(), comment) {
		t.Fatal("the log holds the comment")
	}

	after := metricstest.ScrapeHandler(t)
	for _, c := range []struct {
		outcome string
		want    float64
	}{{"retrying", 2}, {"failed_final", 1}, {"delivered", 0}} {
		labels := map[string]string{"channel": store.ChannelWebhook, "event": notify.EventRiskAlert, "outcome": c.outcome}
		if got := after.Value("chorus_deliveries_total", labels) - before.Value("chorus_deliveries_total", labels); got != c.want {
			t.Errorf("chorus_deliveries_total{outcome=%q} rose by %v, want %v", c.outcome, got, c.want)
		}
	}
	if got := after.Value("chorus_deliveries_failed_final_total", webhookAlert) - before.Value("chorus_deliveries_failed_final_total", webhookAlert); got != 1 {
		t.Errorf("chorus_deliveries_failed_final_total rose by %v, want 1", got)
	}
}
