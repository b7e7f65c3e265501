package app

import (
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/chorus-nhs/chorus/survey"
	"golang.org/x/crypto/argon2"
)

// Password policy (NCSC "Password administration for system owners": length
// over complexity, no composition rules, block common passwords).
const (
	MinPasswordLength = 12  // characters
	MaxPasswordLength = 256 // characters
)

// Argon2Params are argon2id cost parameters; they are stored with each hash
// in the PHC string so they can be raised without invalidating old hashes.
type Argon2Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultArgon2 is the OWASP Password Storage Cheat Sheet's second
// configuration for argon2id: m=19 MiB, t=2, p=1.
var DefaultArgon2 = Argon2Params{Memory: 19 * 1024, Time: 2, Threads: 1}

// HashPassword returns the argon2id hash of password with a fresh 16-byte
// salt, in PHC string format:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash> (unpadded base64).
func HashPassword(password string) string {
	return hashPassword(password, DefaultArgon2)
}

func hashPassword(password string, p Argon2Params) string {
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, 32)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// VerifyPassword reports whether password matches a PHC argon2id hash, in
// time that does not depend on where the two differ. A malformed hash never
// matches.
func VerifyPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return false
	}
	var p Argon2Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false
	}
	if p.Memory < 8*1024 || p.Memory > 1<<20 || p.Time < 1 || p.Time > 10 || p.Threads < 1 {
		return false // refuse hashes that would be trivially weak or a denial of service
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(want) < 16 || len(want) > 64 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

//go:embed common_passwords.txt
var commonPasswordsText string

var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonPasswordsText, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			m[strings.ToLower(line)] = true
		}
	}
	return m
}()

// CheckPassword applies the password policy for the account with the
// e-mail address and returns an unprocessable error naming field, or nil.
func CheckPassword(field, password, email string) error {
	if msg := passwordProblem(password, email); msg != "" {
		return survey.FieldErrors("The password does not meet the policy.", []survey.FieldError{{Field: field, Message: msg}})
	}
	return nil
}

func passwordProblem(password, email string) string {
	n := utf8.RuneCountInString(password)
	switch {
	case !utf8.ValidString(password):
		return "Must be valid text."
	case n < MinPasswordLength:
		return fmt.Sprintf("Must be at least %d characters long. A few unrelated words make a good password.", MinPasswordLength)
	case n > MaxPasswordLength:
		return fmt.Sprintf("Must be at most %d characters long.", MaxPasswordLength)
	case isCommonPassword(password):
		return "This password is too common: it appears in lists that attackers try first."
	case containsLocalPart(password, email):
		return "Must not contain your e-mail address or its name part."
	case isRepetitive(password):
		return "Must not be one repeated character or a simple sequence."
	}
	return ""
}

// isCommonPassword reports whether the password, lower-cased, is on the
// shipped list, either as it is or once digits and symbols before and after
// the letters are removed ("Password123456!" is "password").
func isCommonPassword(pw string) bool {
	lower := strings.ToLower(pw)
	if commonPasswords[lower] {
		return true
	}
	core := strings.TrimFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) })
	return core != "" && commonPasswords[core]
}

func containsLocalPart(pw, email string) bool {
	local, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(email)), "@")
	if len(local) < 3 {
		return false
	}
	lower := strings.ToLower(pw)
	if strings.Contains(lower, local) {
		return true
	}
	// firstname.lastname: each name of four letters or more also counts.
	for _, part := range strings.FieldsFunc(local, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(part) >= 4 && strings.Contains(lower, part) {
			return true
		}
	}
	return false
}

// isRepetitive catches one character repeated or a run of consecutive
// characters ("aaaaaaaaaaaa", "123456789012", "abcdefghijkl").
func isRepetitive(pw string) bool {
	rs := []rune(strings.ToLower(pw))
	same, step := true, true
	for i := 1; i < len(rs); i++ {
		same = same && rs[i] == rs[0]
		d := rs[i] - rs[i-1]
		step = step && (d == 1 || d == -1 || (rs[i] == '0' && rs[i-1] == '9'))
	}
	return same || step
}

// GeneratePassword returns a random password of 20 letters and digits
// (about 119 bits), for temporary and generated passwords.
func GeneratePassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 20)
	for i := range b {
		b[i] = alphabet[randIntn(len(alphabet))]
	}
	return string(b)
}

func randIntn(n int) int {
	var b [1]byte
	for {
		_, _ = rand.Read(b[:])
		if int(b[0]) < 256-256%n {
			return int(b[0]) % n
		}
	}
}

// Login throttling: after FreeLoginFailures wrong passwords in a row an
// account is locked for a minute, doubling with each further failure up to
// an hour.
const (
	FreeLoginFailures = 5
	maxLockout        = time.Hour
)

// Lockout is how long an account stays locked after failures wrong
// passwords in a row.
func Lockout(failures int) time.Duration {
	n := failures - FreeLoginFailures
	if n > 6 {
		return maxLockout
	}
	return min(time.Minute<<n, maxLockout)
}
