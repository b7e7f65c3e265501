package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a log destination safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestStartupWarnsWithoutAlertChannel: serving the demo trust with no SMTP
// server and no team webhook logs, at start-up, that its risk alerts reach
// no one.
func TestStartupWarnsWithoutAlertChannel(t *testing.T) {
	var logs lockedBuffer
	m := NewMain(io.Discard, &logs)
	env := map[string]string{"CHORUS_ADMIN_TOKEN": "main-test-token-0123456789", "CHORUS_MONGODB_DATABASE": "chorus_alert_channels",
		"CHORUS_DEMO_HISTORY": "false"}
	if uri := storetestURI(); uri != "" {
		env["CHORUS_MONGODB_URI"] = uri
	}
	if err := m.ParseFlags([]string{"--addr", "127.0.0.1:0", "--data-dir", t.TempDir(), "--demo"}, func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if m.Config.AlertEscalateAfter != 4*time.Hour {
		t.Errorf("default escalation after %v, want 4h", m.Config.AlertEscalateAfter)
	}
	if err := m.Run(context.Background()); err != nil {
		m.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	out := logs.String()
	if !strings.Contains(out, `level=WARN msg="no working risk alert channel"`) || !strings.Contains(out, "no SMTP server is configured") {
		t.Fatalf("start-up log lacks the no-channel warning:\n%s", out)
	}
	st, err := m.safetyStatus(context.Background())
	if err != nil || len(st.Problems) == 0 {
		t.Fatalf("dashboard safety status = %+v, %v; want the organisation listed", st, err)
	}
}

func TestEscalateAfterSetting(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{{"", 4 * time.Hour, true}, {"90m", 90 * time.Minute, true}, {"soon", 0, false}, {"10s", 0, false}} {
		var c Config
		err := c.parseEscalateAfter(tc.in)
		if (err == nil) != tc.ok || tc.ok && c.AlertEscalateAfter != tc.want {
			t.Errorf("parseEscalateAfter(%q) = %v, %v; want %v ok=%v", tc.in, c.AlertEscalateAfter, err, tc.want, tc.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "CHORUS_ALERT_ESCALATE_AFTER") {
			t.Errorf("error %q does not name the setting", err)
		}
	}
}
