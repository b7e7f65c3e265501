package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/notify/notifytest"
	"github.com/chorus-nhs/chorus/store/storetest"
)

func TestSMTPSettings(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"ErrAddr", map[string]string{"CHORUS_SMTP_ADDR": "smtp.example", "CHORUS_SMTP_FROM": "a@b.example"}, "CHORUS_SMTP_ADDR"},
		{"ErrFrom", map[string]string{"CHORUS_SMTP_ADDR": "smtp.example:587", "CHORUS_SMTP_FROM": "not an address"}, "CHORUS_SMTP_FROM"},
		{"ErrNoPassword", map[string]string{"CHORUS_SMTP_ADDR": "smtp.example:587", "CHORUS_SMTP_FROM": "a@b.example",
			"CHORUS_SMTP_USERNAME": "chorus"}, "CHORUS_SMTP_PASSWORD"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := NewMain(io.Discard, io.Discard).ParseFlags(nil, func(k string) string { return tc.env[k] })
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one naming %s", err, tc.want)
			}
		})
	}
	t.Run("OKPasswordFileMasked", func(t *testing.T) {
		f := filepath.Join(t.TempDir(), "smtp-password")
		if err := os.WriteFile(f, []byte("hunter2-smtp\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		env := map[string]string{"CHORUS_SMTP_ADDR": "smtp.example:587", "CHORUS_SMTP_FROM": "Chorus <chorus@trust.example>",
			"CHORUS_SMTP_USERNAME": "chorus", "CHORUS_SMTP_PASSWORD_FILE": f}
		m := NewMain(io.Discard, io.Discard)
		if err := m.ParseFlags(nil, func(k string) string { return env[k] }); err != nil {
			t.Fatal(err)
		}
		if m.Config.SMTPPassword != "hunter2-smtp" {
			t.Fatalf("password from file = %q", m.Config.SMTPPassword)
		}
		if s := m.Config.String(); strings.Contains(s, "hunter2") || !strings.Contains(s, "smtp=smtp.example:587") {
			t.Fatalf("config dump = %s", s)
		}
	})
}

// TestServeSendsRiskAlertEmail runs the real server with e-mail configured
// and checks the wiring: a risk comment through the public API reaches the
// team's safeguarding contact through the SMTP server.
func TestServeSendsRiskAlertEmail(t *testing.T) {
	smtp := notifytest.StartSMTP(t, "chorus", "smtp-secret")
	const token = "main-test-token-0123456789"
	env := map[string]string{"CHORUS_ADMIN_TOKEN": token, "CHORUS_MONGODB_DATABASE": storetest.DatabaseName(),
		"CHORUS_SMTP_ADDR": smtp.Addr(), "CHORUS_SMTP_FROM": "Chorus <chorus@trust.example>",
		"CHORUS_SMTP_USERNAME": "chorus", "CHORUS_SMTP_PASSWORD": "smtp-secret", "CHORUS_DEMO_HISTORY": "false"}
	if uri := storetestURI(); uri != "" {
		env["CHORUS_MONGODB_URI"] = uri
	}
	m := NewMain(io.Discard, io.Discard)
	if err := m.ParseFlags([]string{"--addr", "127.0.0.1:0", "--data-dir", t.TempDir(), "--demo"}, func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if err := m.Run(context.Background()); err != nil {
		m.Close()
		t.Fatal(err)
	}
	defer m.Close()

	req, _ := http.NewRequest("PATCH", m.URL()+"/api/v1/teams/north-cmht", strings.NewReader(`{"safeguarding_email":"safeguarding@trust.example"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("PATCH team = %d", resp.StatusCode)
	}
	body := `{"id":"9d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d77","team":"north-cmht","answers":{"role":"service_user","fft":"poor",` +
		`"good":"Nothing. I want to end my life."}}`
	resp, err = http.Post(m.URL()+"/api/v1/public/surveys/quarterly-feedback/responses", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("submit = %d %s", resp.StatusCode, raw)
	}
	deadline := time.Now().Add(20 * time.Second)
	for len(smtp.Messages()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no alert e-mail arrived")
		}
		time.Sleep(20 * time.Millisecond)
	}
	msg := smtp.Messages()[0]
	text := notifytest.ParseMail(t, msg.Data).Text
	if !slices.Equal(msg.To, []string{"safeguarding@trust.example"}) || msg.Auth != "chorus" ||
		!strings.Contains(text, m.URL()+"/staff/alerts/") {
		t.Fatalf("alert e-mail = to %v auth %q\n%s", msg.To, msg.Auth, text)
	}
}
