package store

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// bsonD builds an ordered document from alternating keys and values.
func bsonD(kv ...any) bson.D {
	d := make(bson.D, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		d = append(d, bson.E{Key: kv[i].(string), Value: kv[i+1]})
	}
	return d
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("store: marshal %T: %v", v, err))
	}
	return string(b)
}

func unmarshalJSON(s string, v any) error {
	if s == "" {
		return nil
	}
	return json.Unmarshal([]byte(s), v)
}

// conflictAs replaces the message of a conflict error; other errors pass.
func conflictAs(err error, format string, args ...any) error {
	if survey.ErrorCode(err) == survey.ECONFLICT {
		return survey.Errorf(survey.ECONFLICT, format, args...)
	}
	return err
}

// notFoundAs replaces the message of a not_found error; other errors pass.
func notFoundAs(err error, format string, args ...any) error {
	if survey.ErrorCode(err) == survey.ENOTFOUND {
		return survey.Errorf(survey.ENOTFOUND, format, args...)
	}
	return err
}

// randomHex returns n random bytes as hex.
func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
