package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
)

// TestAdmin runs every `chorus admin` command against a fresh database of
// the test store and checks what they stored.
func TestAdmin(t *testing.T) {
	env := map[string]string{"CHORUS_MONGODB_URI": storetest.URI(t), "CHORUS_MONGODB_DATABASE": storetest.DatabaseName()}
	getenv := func(k string) string { return env[k] }
	admin := func(stdin string, args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := run(context.Background(), append([]string{"admin"}, args...), getenv, strings.NewReader(stdin), &out, &errOut)
		return out.String() + errOut.String(), err
	}
	mustAdmin := func(stdin string, args ...string) string {
		t.Helper()
		out, err := admin(stdin, args...)
		if err != nil {
			t.Fatalf("admin %v: %v\n%s", args, err, out)
		}
		return out
	}
	mustAdmin("", "create-org", "--slug", "trust", "--name", "Trust")
	mustAdmin("", "create-service", "--org", "trust", "--slug", "cmh", "--name", "Community")
	mustAdmin("", "create-team", "--service", "cmh", "--slug", "north", "--name", "North", "--safeguarding-email", "sg@trust.example")
	out := mustAdmin("orchard-lantern-quietly\n", "create-user", "--email", "ann@trust.example", "--name", "Ann", "--org", "trust",
		"--role", "manager", "--teams", "north", "--password-stdin")
	if strings.Contains(out, "orchard-lantern-quietly") {
		t.Fatalf("the password was echoed: %q", out)
	}
	out = mustAdmin("", "create-user", "--email", "bob@trust.example", "--name", "Bob", "--org", "trust", "--role", "panel", "--services", "cmh")
	temp := regexp.MustCompile(`temporary password .*: (\S+)`).FindStringSubmatch(out)
	if temp == nil {
		t.Fatalf("no temporary password in %q", out)
	}
	out = mustAdmin("", "issue-token", "--org", "trust", "--name", "etl", "--scopes", "read_report,read_org", "--teams", "north", "--expires-days", "30")
	tok := regexp.MustCompile(`token \(shown once\): (chorus_\S+)`).FindStringSubmatch(out)
	if tok == nil {
		t.Fatalf("no token in %q", out)
	}

	st, err := store.Open(context.Background(), store.Options{URI: env["CHORUS_MONGODB_URI"], Database: env["CHORUS_MONGODB_DATABASE"]})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(context.Background())
	ctx := context.Background()
	ann, err := st.FindAccountByEmail(ctx, "ann@trust.example")
	if err != nil {
		t.Fatal(err)
	}
	if !api.VerifyPassword(ann.PasswordHash, "orchard-lantern-quietly") || ann.MustChangePassword || ann.Roles[0].Teams[0] != "north" {
		t.Fatalf("ann = %+v", ann)
	}
	bob, err := st.FindAccountByEmail(ctx, "bob@trust.example")
	if err != nil {
		t.Fatal(err)
	}
	if !api.VerifyPassword(bob.PasswordHash, temp[1]) || !bob.MustChangePassword {
		t.Fatalf("bob = %+v: want the printed temporary password, to be changed", bob)
	}
	sum := sha256.Sum256([]byte(tok[1]))
	token, err := st.FindTokenByHash(ctx, hex.EncodeToString(sum[:]))
	if err != nil || token.Revoked || len(token.Scopes) != 2 || token.Teams[0] != "north" {
		t.Fatalf("token = %+v, %v", token, err)
	}

	t.Run("ResetPassword", func(t *testing.T) {
		mustAdmin("new-river-meadow-path\n", "reset-password", "--email", "ANN@trust.example", "--password-stdin")
		ann, err := st.FindAccountByEmail(ctx, "ann@trust.example")
		if err != nil {
			t.Fatal(err)
		}
		if !api.VerifyPassword(ann.PasswordHash, "new-river-meadow-path") {
			t.Fatal("password not reset")
		}
	})
	t.Run("RevokeToken", func(t *testing.T) {
		mustAdmin("", "revoke-token", "--id", token.ID)
		got, err := st.FindToken(ctx, token.ID)
		if err != nil || !got.Revoked {
			t.Fatalf("token = %+v, %v", got, err)
		}
	})
	t.Run("Audited", func(t *testing.T) {
		entries, total, err := st.ListAudit(ctx, store.AuditFilter{Organisation: "trust"})
		if err != nil {
			t.Fatal(err)
		}
		if total != 8 || entries[0].ActorKind != "cli" {
			t.Fatalf("audit: %d entries, first %+v", total, entries[0])
		}
	})
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"ErrMissingFlag", "", []string{"create-org", "--slug", "x"}, "--name is required"},
		{"ErrBadSlug", "", []string{"create-org", "--slug", "Bad Slug", "--name", "X"}, "--slug"},
		{"ErrRole", "", []string{"create-user", "--email", "c@trust.example", "--name", "C", "--org", "trust", "--role", "owner"}, "roles[0].role"},
		{"ErrTeamOfRole", "", []string{"create-user", "--email", "c@trust.example", "--name", "C", "--org", "trust", "--role", "manager", "--teams", "south"}, `no team "south"`},
		{"ErrWeakPassword", "password1234\n", []string{"create-user", "--email", "c@trust.example", "--name", "C", "--org", "trust", "--role", "administrator", "--password-stdin"}, "too common"},
		{"ErrEmailTaken", "", []string{"create-user", "--email", "ann@trust.example", "--name", "A", "--org", "trust", "--role", "administrator"}, "already exists"},
		{"ErrScope", "", []string{"issue-token", "--org", "trust", "--name", "x", "--scopes", "root"}, `Unknown permission "root"`},
		{"ErrExpiry", "", []string{"issue-token", "--org", "trust", "--name", "x", "--scopes", "read_report", "--expires-days", "400"}, "--expires-days 400"},
		{"ErrUnknownCommand", "", []string{"frobnicate"}, "unknown command"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := admin(tc.stdin, tc.args...)
			if err == nil {
				t.Fatalf("admin %v succeeded: %s", tc.args, out)
			}
			if msg := err.Error() + out; !strings.Contains(msg, tc.want) {
				t.Fatalf("error %q (output %q) does not mention %q", err, out, tc.want)
			}
		})
	}
	if _, err := st.FindAccountByEmail(ctx, "c@trust.example"); err == nil {
		t.Fatal("a failed create-user left an account behind")
	}
}
