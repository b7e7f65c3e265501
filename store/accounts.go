package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const colAccounts = "accounts"

// Role is one role held by a staff account: its name (the api package
// defines the names and what each may do) and, for roles scoped below the
// organisation, the teams and services it covers.
type Role struct {
	Role     string   `bson:"role" json:"role"`
	Teams    []string `bson:"teams,omitempty" json:"teams,omitempty"`
	Services []string `bson:"services,omitempty" json:"services,omitempty"`
}

// Account is a staff member. E-mail addresses are stored lower-cased and are
// unique across organisations. PasswordHash is a PHC string (argon2id) or
// empty for single-sign-on-only accounts.
type Account struct {
	ID                 string
	Email              string
	Name               string
	Organisation       string
	Roles              []Role
	PasswordHash       string
	MustChangePassword bool
	Disabled           bool
	Created            time.Time
	// FailedLogins counts wrong passwords since the last success;
	// LockedUntil is when the account accepts a password again.
	FailedLogins int
	LockedUntil  time.Time
}

type accountDoc struct {
	ID                 string    `bson:"_id"`
	Email              string    `bson:"email"`
	Name               string    `bson:"name"`
	Organisation       string    `bson:"organisation"`
	Roles              []Role    `bson:"roles"`
	PasswordHash       string    `bson:"password_hash,omitempty"`
	MustChangePassword bool      `bson:"must_change_password"`
	Disabled           bool      `bson:"disabled"`
	Created            time.Time `bson:"created"`
	FailedLogins       int       `bson:"failed_logins"`
	LockedUntil        time.Time `bson:"locked_until"`
}

func (d accountDoc) account() *Account {
	return &Account{ID: d.ID, Email: d.Email, Name: d.Name, Organisation: d.Organisation, Roles: d.Roles,
		PasswordHash: d.PasswordHash, MustChangePassword: d.MustChangePassword, Disabled: d.Disabled,
		Created: d.Created, FailedLogins: d.FailedLogins, LockedUntil: d.LockedUntil}
}

// NormaliseEmail lower-cases and trims an e-mail address for storage and
// lookup.
func NormaliseEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// CreateAccount stores a new account with a fresh ID and returns it. Returns
// not_found if the organisation does not exist; conflict if the e-mail
// address is already used by an account.
func (s *Store) CreateAccount(ctx context.Context, a Account) (*Account, error) {
	if _, err := s.FindOrganisation(ctx, a.Organisation); err != nil {
		return nil, err
	}
	a.ID = randomID()
	a.Email = NormaliseEmail(a.Email)
	a.Created = s.now().UTC().Truncate(time.Second)
	if a.Roles == nil {
		a.Roles = []Role{}
	}
	doc := accountDoc{ID: a.ID, Email: a.Email, Name: a.Name, Organisation: a.Organisation, Roles: a.Roles,
		PasswordHash: a.PasswordHash, MustChangePassword: a.MustChangePassword, Disabled: a.Disabled, Created: a.Created}
	if _, err := s.db.Collection(colAccounts).InsertOne(ctx, doc); err != nil {
		return nil, conflictAs(formatError(fmt.Errorf("store: create account: %w", err)), "An account with the e-mail address %q already exists.", a.Email)
	}
	return &a, nil
}

// FindAccount returns the account with the ID. Returns not_found if none.
func (s *Store) FindAccount(ctx context.Context, id string) (*Account, error) {
	return s.findAccount(ctx, bson.M{"_id": id}, "No account %q.", id)
}

// FindAccountByEmail returns the account with the e-mail address (compared
// lower-cased). Returns not_found if none.
func (s *Store) FindAccountByEmail(ctx context.Context, email string) (*Account, error) {
	return s.findAccount(ctx, bson.M{"email": NormaliseEmail(email)}, "No account for %q.", email)
}

func (s *Store) findAccount(ctx context.Context, filter bson.M, notFound string, arg string) (*Account, error) {
	var d accountDoc
	if err := s.db.Collection(colAccounts).FindOne(ctx, filter).Decode(&d); err != nil {
		return nil, notFoundAs(formatError(fmt.Errorf("store: find account: %w", err)), notFound, arg)
	}
	return d.account(), nil
}

// AccountFilter selects accounts of an organisation, a page at a time.
type AccountFilter struct {
	Organisation string
	Offset       int
	Limit        int // 0 means 100
}

// ListAccounts returns a page of the accounts of an organisation by e-mail
// address, and how many match in all.
func (s *Store) ListAccounts(ctx context.Context, f AccountFilter) ([]Account, int64, error) {
	filter := bson.M{"organisation": f.Organisation}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	col := s.db.Collection(colAccounts)
	total, err := col.CountDocuments(ctx, filter)
	if err != nil {
		return nil, 0, formatError(fmt.Errorf("store: count accounts: %w", err))
	}
	cur, err := col.Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "email", Value: 1}}).
		SetSkip(int64(f.Offset)).SetLimit(int64(f.Limit)))
	if err != nil {
		return nil, 0, formatError(fmt.Errorf("store: list accounts: %w", err))
	}
	var docs []accountDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, 0, formatError(fmt.Errorf("store: list accounts: %w", err))
	}
	out := make([]Account, 0, len(docs))
	for _, d := range docs {
		out = append(out, *d.account())
	}
	return out, total, nil
}

// AccountUpdate changes some fields of an account; nil fields stay.
type AccountUpdate struct {
	Name     *string
	Roles    *[]Role
	Disabled *bool
}

// UpdateAccount applies the update and returns the account. Returns
// not_found if there is no such account.
func (s *Store) UpdateAccount(ctx context.Context, id string, u AccountUpdate) (*Account, error) {
	set := bson.M{}
	if u.Name != nil {
		set["name"] = *u.Name
	}
	if u.Roles != nil {
		roles := *u.Roles
		if roles == nil {
			roles = []Role{}
		}
		set["roles"] = roles
	}
	if u.Disabled != nil {
		set["disabled"] = *u.Disabled
	}
	if len(set) > 0 {
		res, err := s.db.Collection(colAccounts).UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$set": set})
		if err != nil {
			return nil, formatError(fmt.Errorf("store: update account: %w", err))
		}
		if res.MatchedCount == 0 {
			return nil, survey.Errorf(survey.ENOTFOUND, "No account %q.", id)
		}
	}
	return s.FindAccount(ctx, id)
}

// SetPassword replaces the password hash, sets whether the user must choose
// a new password at the next login, and clears the failed-login counter and
// any lockout. Returns not_found if there is no such account.
func (s *Store) SetPassword(ctx context.Context, id, hash string, mustChange bool) error {
	res, err := s.db.Collection(colAccounts).UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$set": bson.M{
		"password_hash": hash, "must_change_password": mustChange, "failed_logins": 0, "locked_until": time.Time{},
	}})
	if err != nil {
		return formatError(fmt.Errorf("store: set password: %w", err))
	}
	if res.MatchedCount == 0 {
		return survey.Errorf(survey.ENOTFOUND, "No account %q.", id)
	}
	return nil
}

// RecordLoginFailure counts one wrong password atomically ($inc) and, once
// the count reaches free, locks the account until lock(count) from now
// (never shortening an existing lock). It returns the new count and the
// lock's end (zero if not locked). Returns not_found if there is no account.
func (s *Store) RecordLoginFailure(ctx context.Context, id string, free int, lock func(failures int) time.Duration) (int, time.Time, error) {
	col := s.db.Collection(colAccounts)
	var d accountDoc
	err := col.FindOneAndUpdate(ctx, bson.M{"_id": id}, bson.M{"$inc": bson.M{"failed_logins": 1}},
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&d)
	if err != nil {
		return 0, time.Time{}, notFoundAs(formatError(fmt.Errorf("store: login failure: %w", err)), "No account %q.", id)
	}
	if d.FailedLogins < free {
		return d.FailedLogins, time.Time{}, nil
	}
	until := s.now().UTC().Add(lock(d.FailedLogins)).Truncate(time.Second)
	if _, err := col.UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$max": bson.M{"locked_until": until}}); err != nil {
		return 0, time.Time{}, formatError(fmt.Errorf("store: login lockout: %w", err))
	}
	return d.FailedLogins, until, nil
}

// ResetLoginFailures clears the failed-login counter after a successful
// login. Returns not_found if there is no such account.
func (s *Store) ResetLoginFailures(ctx context.Context, id string) error {
	res, err := s.db.Collection(colAccounts).UpdateOne(ctx, bson.M{"_id": id},
		bson.M{"$set": bson.M{"failed_logins": 0, "locked_until": time.Time{}}})
	if err != nil {
		return formatError(fmt.Errorf("store: reset login failures: %w", err))
	}
	if res.MatchedCount == 0 {
		return survey.Errorf(survey.ENOTFOUND, "No account %q.", id)
	}
	return nil
}

// randomID returns 128 random bits in hex: ids of accounts, tokens and audit
// entries.
func randomID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
