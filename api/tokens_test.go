package api_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// TestAPITokens: a token is shown once, stored only as its SHA-256, limited
// to its scopes and teams, and stops working when revoked.
func TestAPITokens(t *testing.T) {
	h := newHarness(t)
	status, body := h.staff("POST", "/api/v1/organisations/trust/tokens", map[string]any{
		"name": "bi-export", "scopes": []string{"read_org", "read_report"}, "teams": []string{"crisis-team"}, "expires_in_days": 90})
	secret, _ := body["token"].(string)
	if status != http.StatusCreated || !strings.HasPrefix(secret, "chorus_") || len(secret) < 40 {
		t.Fatalf("create: %d %v", status, body)
	}
	id := body["id"].(string)
	if got, want := body["expires"], "2027-02-20T14:37:12Z"; got != want {
		t.Fatalf("expires = %v, want %v", got, want)
	}

	t.Run("ShownOnce", func(t *testing.T) {
		status, body := h.staff("GET", "/api/v1/organisations/trust/tokens", nil)
		list := body["tokens"].([]any)
		if status != http.StatusOK || len(list) != 1 {
			t.Fatalf("list: %d %v", status, body)
		}
		if _, ok := list[0].(map[string]any)["token"]; ok {
			t.Fatal("the list shows the secret")
		}
	})
	t.Run("StoredHashed", func(t *testing.T) {
		var doc bson.M
		must(t, h.store.Database().Collection("api_tokens").FindOne(t.Context(), bson.M{"_id": id}).Decode(&doc))
		if strings.Contains(fmt.Sprint(doc), secret) || strings.Contains(fmt.Sprint(doc), strings.TrimPrefix(secret, "chorus_")) {
			t.Fatalf("stored token contains the secret: %v", doc)
		}
		sum := sha256.Sum256([]byte(secret))
		if doc["hash"] != hex.EncodeToString(sum[:]) {
			t.Fatalf("hash = %v, want the SHA-256 of the secret", doc["hash"])
		}
	})
	bearer := []string{"Authorization", "Bearer " + secret}
	t.Run("Scoped", func(t *testing.T) {
		if st, b, _ := h.do("GET", "/api/v1/teams/crisis-team", nil, bearer...); st != http.StatusOK {
			t.Fatalf("own team: %d %v", st, b)
		}
		st, b, _ := h.do("GET", "/api/v1/teams/north-cmht", nil, bearer...)
		wantError(t, st, b, http.StatusForbidden, survey.EFORBIDDEN)
		st, b, _ = h.do("POST", "/api/v1/organisations/trust/services", map[string]any{"slug": "x", "name": "X"}, bearer...)
		wantError(t, st, b, http.StatusForbidden, survey.EFORBIDDEN)
		var doc bson.M
		must(t, h.store.Database().Collection("api_tokens").FindOne(t.Context(), bson.M{"_id": id}).Decode(&doc))
		if doc["last_used"] != "2026-11-22" {
			t.Fatalf("last_used = %v, want the date", doc["last_used"])
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		status, body := h.staff("POST", "/api/v1/organisations/trust/tokens", map[string]any{"name": "x", "scopes": []string{"read_report", "root"}, "expires_in_days": 30})
		e := wantError(t, status, body, http.StatusUnprocessableEntity, survey.EUNPROCESS)
		if got := fieldNames(e); len(got) != 1 || got[0] != "scopes[1]" {
			t.Fatalf("fields = %v", got)
		}
		status, body = h.staff("POST", "/api/v1/organisations/trust/tokens", map[string]any{"name": "x", "scopes": []string{"read_report"}, "expires_in_days": 400})
		e = wantError(t, status, body, http.StatusUnprocessableEntity, survey.EUNPROCESS)
		if got := fieldNames(e); len(got) != 1 || got[0] != "expires_in_days" {
			t.Fatalf("fields = %v", got)
		}
		status, body = h.staff("POST", "/api/v1/organisations/trust/tokens", map[string]any{"name": "x", "scopes": []string{"read_report"}})
		e = wantError(t, status, body, http.StatusUnprocessableEntity, survey.EUNPROCESS)
		if got := fieldNames(e); len(got) != 1 || got[0] != "expires_in_days" {
			t.Fatalf("fields = %v (expiry is required)", got)
		}
		status, body = h.staff("POST", "/api/v1/organisations/trust/tokens", map[string]any{"name": "x", "scopes": []string{"read_report"}, "teams": []string{"nope"}, "expires_in_days": 3})
		e = wantError(t, status, body, http.StatusUnprocessableEntity, survey.EUNPROCESS)
		if got := fieldNames(e); len(got) != 1 || got[0] != "teams[0]" {
			t.Fatalf("fields = %v", got)
		}
	})
	t.Run("Revoked", func(t *testing.T) {
		if status, body := h.staff("DELETE", "/api/v1/tokens/"+id, nil); status != http.StatusNoContent {
			t.Fatalf("revoke: %d %v", status, body)
		}
		st, b, _ := h.do("GET", "/api/v1/teams/crisis-team", nil, bearer...)
		wantError(t, st, b, http.StatusUnauthorized, survey.EUNAUTH)
	})
}
