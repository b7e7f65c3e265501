package app

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// MaxTokenDays is the longest an API token may live.
const MaxTokenDays = 366

// APITokenPrefix starts every API token secret.
const APITokenPrefix = "chorus_"

// NewToken is an API token to create.
type NewToken struct {
	Name          string   `json:"name" validate:"required,max=100"`
	Scopes        []string `json:"scopes" validate:"required,min=1,max=20,dive,required"`
	Teams         []string `json:"teams" validate:"max=100,dive,slug"`
	Services      []string `json:"services" validate:"max=100,dive,slug"`
	ExpiresInDays int      `json:"expires_in_days" validate:"required,min=1,max=366"`
}

// HashSecret is the SHA-256 (hex) under which session IDs and API tokens
// are stored.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// RandomSecret returns 256 random bits, base64url-encoded.
func RandomSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// NewAPIToken returns a fresh token secret ("chorus_" and 256 random bits)
// and the hash under which it is stored.
func NewAPIToken() (secret, hash string) {
	secret = APITokenPrefix + RandomSecret()
	return secret, HashSecret(secret)
}

// CheckScopes requires every scope to be a known permission; errors name
// the field (scopes[1]).
func CheckScopes(scopes []string) error {
	var fields []survey.FieldError
	for i, sc := range scopes {
		if !slices.Contains(Permissions, sc) {
			fields = append(fields, survey.FieldError{Field: fmt.Sprintf("scopes[%d]", i), Message: fmt.Sprintf("Unknown permission %q.", sc)})
		}
	}
	return survey.FieldErrors("Some scopes are not valid.", fields)
}

// CreateToken creates an API token of org and returns it with its secret,
// which is shown this once.
func (a *App) CreateToken(ctx context.Context, p *Staff, org string, in NewToken) (*store.APIToken, string, error) {
	if err := Authorize(p, PermAdmin, Scope{Organisation: org}); err != nil {
		return nil, "", err
	}
	if err := Validate(&in); err != nil {
		return nil, "", err
	}
	if err := CheckScopes(in.Scopes); err != nil {
		return nil, "", err
	}
	fields, err := checkUnits(ctx, a.store, org, "", in.Teams, in.Services)
	if err != nil {
		return nil, "", err
	} else if err := survey.FieldErrors("Some teams or services are not valid.", fields); err != nil {
		return nil, "", err
	}
	secret, hash := NewAPIToken()
	t, err := a.store.CreateToken(ctx, store.APIToken{Hash: hash, Name: in.Name, Organisation: org, Scopes: in.Scopes,
		Teams: in.Teams, Services: in.Services, CreatedBy: p.Kind + " " + cmp.Or(p.Email, p.Name) + " " + p.ID,
		Expires: a.now().UTC().Add(time.Duration(in.ExpiresInDays) * 24 * time.Hour).Truncate(time.Second)})
	if err != nil {
		return nil, "", err
	}
	a.Audit(ctx, p, "token.create", t.Name+" ("+t.ID+")", org)
	return t, secret, nil
}

// ListTokens lists the API tokens of org.
func (a *App) ListTokens(ctx context.Context, p *Staff, org string) ([]store.APIToken, error) {
	if err := Authorize(p, PermAdmin, Scope{Organisation: org}); err != nil {
		return nil, err
	}
	return a.store.ListTokens(ctx, org)
}

// RevokeToken revokes an API token. An unknown token is forbidden, like
// another organisation's (no probing), except for the bootstrap token.
func (a *App) RevokeToken(ctx context.Context, p *Staff, id string) error {
	t, err := a.store.FindToken(ctx, id)
	if survey.ErrorCode(err) == survey.ENOTFOUND && (p == nil || p.Kind != KindBootstrap) {
		return survey.Errorf(survey.EFORBIDDEN, "You do not have permission to do this here.")
	} else if err != nil {
		return err
	}
	if err := Authorize(p, PermAdmin, Scope{Organisation: t.Organisation}); err != nil {
		return err
	}
	if err := a.store.RevokeToken(ctx, t.ID); err != nil {
		return err
	}
	a.Audit(ctx, p, "token.revoke", t.Name+" ("+t.ID+")", t.Organisation)
	return nil
}
