package main

import (
	"io"
	"strings"
	"testing"
)

// TestAccountSettings checks the staff sign-in settings of `chorus serve`.
func TestAccountSettings(t *testing.T) {
	parse := func(env map[string]string, args ...string) (*Main, error) {
		m := NewMain(io.Discard, io.Discard)
		return m, m.ParseFlags(args, func(k string) string { return env[k] })
	}
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"ErrShortSessionKey", map[string]string{"CHORUS_SESSION_KEY": "short"}, "CHORUS_SESSION_KEY"},
		{"ErrCookieSecure", map[string]string{"CHORUS_COOKIE_SECURE": "yes"}, "CHORUS_COOKIE_SECURE"},
		{"ErrOIDCNoClient", map[string]string{"CHORUS_OIDC_ISSUER": "https://login.example/v2.0"}, "CHORUS_OIDC_CLIENT_ID"},
		{"ErrOIDCHTTP", map[string]string{"CHORUS_OIDC_ISSUER": "http://login.example", "CHORUS_OIDC_CLIENT_ID": "c", "CHORUS_OIDC_CLIENT_SECRET": "s"}, "https"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := parse(tc.env); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one naming %s", err, tc.want)
			}
		})
	}
	t.Run("CookieSecureFollowsPublicURL", func(t *testing.T) {
		for url, want := range map[string]bool{"https://feedback.example.nhs.uk": true, "http://127.0.0.1:8080": false} {
			m, err := parse(nil, "--public-url", url)
			if err != nil || m.Config.cookieSecure() != want {
				t.Fatalf("%s: secure = %v (err %v), want %v", url, m.Config.cookieSecure(), err, want)
			}
		}
		m, _ := parse(map[string]string{"CHORUS_COOKIE_SECURE": "true"}, "--public-url", "http://127.0.0.1:8080")
		if !m.Config.cookieSecure() {
			t.Fatal("CHORUS_COOKIE_SECURE=true was ignored")
		}
	})
	t.Run("OIDC", func(t *testing.T) {
		m, err := parse(map[string]string{"CHORUS_OIDC_ISSUER": "https://login.microsoftonline.com/t/v2.0", "CHORUS_OIDC_CLIENT_ID": "c",
			"CHORUS_OIDC_CLIENT_SECRET": "s", "CHORUS_OIDC_ALLOWED_DOMAINS": "NHS.net, trust.nhs.uk"}, "--public-url", "https://chorus.example/")
		if err != nil {
			t.Fatal(err)
		}
		o := m.Config.oidc()
		if o.RedirectURL != "https://chorus.example/api/v1/auth/oidc/callback" || strings.Join(o.AllowedDomains, " ") != "nhs.net trust.nhs.uk" {
			t.Fatalf("oidc = %+v", o)
		}
	})
}
