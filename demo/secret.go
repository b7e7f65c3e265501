package demo

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/chorus-nhs/chorus/store"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// secretID names the document holding the demo's own random secret, from
// which the demo accounts' passwords are derived: stable for one data
// directory (so the printed details work after a restart), different for
// every installation.
const secretID = "account-secret"

// AccountPassword returns the password of a demo account: derived from the
// installation's demo secret, created on first use. Returns an error only
// if the store fails.
func AccountPassword(ctx context.Context, st *store.Store, email string) (string, error) {
	col := st.Database().Collection(markerCollection)
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	if _, err := col.UpdateOne(ctx, bson.M{"_id": secretID}, bson.M{"$setOnInsert": bson.M{"secret": hex.EncodeToString(b)}},
		optionsUpsert()); err != nil {
		return "", fmt.Errorf("demo: store the account secret: %w", err)
	}
	var doc struct {
		Secret string `bson:"secret"`
	}
	if err := col.FindOne(ctx, bson.M{"_id": secretID}).Decode(&doc); err != nil {
		return "", fmt.Errorf("demo: read the account secret: %w", err)
	}
	return derivePassword(doc.Secret, email), nil
}

// derivePassword turns the secret and an address into four groups of four
// letters and digits that are easy to type from a terminal.
func derivePassword(secret, email string) string {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("demo-account\x00" + strings.ToLower(email)))
	sum := m.Sum(nil)
	var out strings.Builder
	for i := range 16 {
		if i > 0 && i%4 == 0 {
			out.WriteByte('-')
		}
		out.WriteByte(alphabet[int(sum[i])%len(alphabet)])
	}
	return out.String()
}
