package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/bson"
)

func TestAccounts(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	seedOrg(t, s)
	a, err := s.CreateAccount(ctx, store.Account{Email: " Ann@Example.NHS.uk ", Name: "Ann", Organisation: "trust",
		Roles: []store.Role{{Role: "manager", Teams: []string{"north"}}}, PasswordHash: "$argon2id$x"})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == "" || a.Email != "ann@example.nhs.uk" {
		t.Fatalf("created = %+v", a)
	}
	t.Run("ErrEmailTaken", func(t *testing.T) {
		_, err := s.CreateAccount(ctx, store.Account{Email: "ANN@example.nhs.uk", Organisation: "trust"})
		if got, want := survey.ErrorCode(err), survey.ECONFLICT; got != want {
			t.Fatalf("code = %q, want %q", got, want)
		}
		if got, want := survey.ErrorMessage(err), `An account with the e-mail address "ann@example.nhs.uk" already exists.`; got != want {
			t.Fatalf("message = %q, want %q", got, want)
		}
	})
	t.Run("ErrOrgMissing", func(t *testing.T) {
		_, err := s.CreateAccount(ctx, store.Account{Email: "x@example.org", Organisation: "nope"})
		if got, want := survey.ErrorCode(err), survey.ENOTFOUND; got != want {
			t.Fatalf("code = %q, want %q", got, want)
		}
	})
	t.Run("FindByEmail", func(t *testing.T) {
		got, err := s.FindAccountByEmail(ctx, "ann@EXAMPLE.nhs.uk")
		if err != nil || got.ID != a.ID || len(got.Roles) != 1 || got.Roles[0].Teams[0] != "north" {
			t.Fatalf("got %+v, %v", got, err)
		}
		_, err = s.FindAccountByEmail(ctx, "nobody@example.org")
		if got, want := survey.ErrorCode(err), survey.ENOTFOUND; got != want {
			t.Fatalf("code = %q, want %q", got, want)
		}
	})
	t.Run("Update", func(t *testing.T) {
		yes := true
		roles := []store.Role{{Role: "administrator"}}
		got, err := s.UpdateAccount(ctx, a.ID, store.AccountUpdate{Disabled: &yes, Roles: &roles})
		if err != nil || !got.Disabled || got.Roles[0].Role != "administrator" || got.Name != "Ann" {
			t.Fatalf("got %+v, %v", got, err)
		}
		_, err = s.UpdateAccount(ctx, "nope", store.AccountUpdate{Disabled: &yes})
		if got, want := survey.ErrorCode(err), survey.ENOTFOUND; got != want {
			t.Fatalf("code = %q, want %q", got, want)
		}
	})
	t.Run("List", func(t *testing.T) {
		if _, err := s.CreateAccount(ctx, store.Account{Email: "bob@example.org", Organisation: "trust"}); err != nil {
			t.Fatal(err)
		}
		page, total, err := s.ListAccounts(ctx, store.AccountFilter{Organisation: "trust", Limit: 1, Offset: 1})
		if err != nil || total != 2 || len(page) != 1 || page[0].Email != "bob@example.org" {
			t.Fatalf("page %+v total %d err %v", page, total, err)
		}
	})
}

func TestLoginFailuresLock(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	s := storetest.Open(t, func() time.Time { return now })
	ctx := context.Background()
	seedOrg(t, s)
	a, err := s.CreateAccount(ctx, store.Account{Email: "c@example.org", Organisation: "trust"})
	if err != nil {
		t.Fatal(err)
	}
	lock := func(n int) time.Duration { return time.Duration(n) * time.Minute }
	for i := 1; i <= 3; i++ {
		n, until, err := s.RecordLoginFailure(ctx, a.ID, 3, lock)
		if err != nil || n != i {
			t.Fatalf("failure %d: n=%d err=%v", i, n, err)
		}
		if wantLocked := i >= 3; wantLocked != !until.IsZero() {
			t.Fatalf("failure %d: until = %v", i, until)
		}
	}
	got, _ := s.FindAccount(ctx, a.ID)
	if want := now.Add(3 * time.Minute); !got.LockedUntil.Equal(want) || got.FailedLogins != 3 {
		t.Fatalf("locked until %v (%d failures), want %v", got.LockedUntil, got.FailedLogins, want)
	}
	if err := s.ResetLoginFailures(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	got, _ = s.FindAccount(ctx, a.ID)
	if got.FailedLogins != 0 || !got.LockedUntil.IsZero() {
		t.Fatalf("after reset: %+v", got)
	}
}

func TestSessionsAndTokens(t *testing.T) {
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	s := storetest.Open(t, func() time.Time { return now })
	ctx := context.Background()
	seedOrg(t, s)
	for i, id := range []string{"h1", "h2", "h3"} {
		acc := "acc-a"
		if i == 2 {
			acc = "acc-b"
		}
		if err := s.CreateSession(ctx, store.Session{ID: id, Account: acc, Organisation: "trust", Created: now,
			Expires: now.Add(time.Hour), LastSeen: now}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.TouchSession(ctx, "h1", now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if se, err := s.FindSession(ctx, "h1"); err != nil || !se.LastSeen.Equal(now) {
		t.Fatalf("touch moved last-seen back: %+v %v", se, err)
	}
	n, err := s.DeleteAccountSessions(ctx, "acc-a", "h2")
	if err != nil || n != 1 {
		t.Fatalf("deleted %d, %v", n, err)
	}
	if _, err := s.FindSession(ctx, "h1"); survey.ErrorCode(err) != survey.ENOTFOUND {
		t.Fatalf("h1 still there: %v", err)
	}
	if _, err := s.FindSession(ctx, "h2"); err != nil {
		t.Fatalf("kept session gone: %v", err)
	}

	if err := s.DeleteExpiredSessions(ctx, now.Add(2*time.Hour), now.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindSession(ctx, "h3"); survey.ErrorCode(err) != survey.ENOTFOUND {
		t.Fatalf("expired session kept: %v", err)
	}

	tok, err := s.CreateToken(ctx, store.APIToken{Hash: "abc", Name: "etl", Organisation: "trust", Scopes: []string{"read_report"}, Expires: now.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateToken(ctx, store.APIToken{Hash: "abc", Name: "dup", Organisation: "trust"}); survey.ErrorCode(err) != survey.ECONFLICT {
		t.Fatalf("duplicate hash: %v", err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.RevokeToken(ctx, tok.ID))
	must(s.TouchToken(ctx, tok.ID, "2026-11-22"))
	got, err := s.FindTokenByHash(ctx, "abc")
	if err != nil || !got.Revoked || got.LastUsed != "2026-11-22" || got.Scopes[0] != "read_report" {
		t.Fatalf("token %+v %v", got, err)
	}
	if err := s.RevokeToken(ctx, "nope"); survey.ErrorCode(err) != survey.ENOTFOUND {
		t.Fatalf("revoke missing: %v", err)
	}
}

func TestAudit(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	base := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	for i := 0; i < 5; i++ {
		org := "trust"
		if i == 4 {
			org = "other"
		}
		if err := s.AppendAudit(ctx, store.AuditEntry{Time: base.AddDate(0, 0, i), Organisation: org, ActorKind: "user",
			Actor: "a@example.org", Action: "survey.publish", Target: "s@1"}); err != nil {
			t.Fatal(err)
		}
	}
	got, total, err := s.ListAudit(ctx, store.AuditFilter{Organisation: "trust", From: base.AddDate(0, 0, 1), Limit: 2})
	if err != nil || total != 3 || len(got) != 2 || !got[0].Time.Equal(base.AddDate(0, 0, 3)) {
		t.Fatalf("got %+v total %d err %v", got, total, err)
	}
	var raw bson.M
	if err := s.Database().Collection("audit").FindOne(ctx, bson.M{}).Decode(&raw); err != nil {
		t.Fatal(err)
	}
	for k := range raw {
		switch k {
		case "_id", "time", "organisation", "actor_kind", "actor_id", "actor", "action", "target":
		default:
			t.Errorf("audit entry has unexpected field %q", k)
		}
	}
}
