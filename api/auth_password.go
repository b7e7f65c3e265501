package api

import (
	"sync"

	"github.com/chorus-nhs/chorus/app"
)

// Passwords are hashed and checked in package app (app/passwords.go); the
// names below keep the API's vocabulary for its handlers, tests and
// cmd/chorus.

// Password policy (see app.MinPasswordLength).
const (
	MinPasswordLength = app.MinPasswordLength
	MaxPasswordLength = app.MaxPasswordLength
)

// HashPassword returns the argon2id hash of password (app.HashPassword).
func HashPassword(password string) string { return app.HashPassword(password) }

// VerifyPassword reports whether password matches a PHC argon2id hash
// (app.VerifyPassword).
func VerifyPassword(hash, password string) bool { return app.VerifyPassword(hash, password) }

// CheckPassword applies the password policy (app.CheckPassword).
func CheckPassword(field, password, email string) error {
	return app.CheckPassword(field, password, email)
}

// GeneratePassword returns a random password that meets the policy
// (app.GeneratePassword).
func GeneratePassword() string { return app.GeneratePassword() }

// dummyHash is verified against when an e-mail address has no account, so
// that a login takes as long whether or not the account exists. It is
// computed at the first sign-in, not when the package loads.
var dummyHash = sync.OnceValue(func() string { return HashPassword("chorus-no-such-account-placeholder") })
