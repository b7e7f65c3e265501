package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// TestUniqueIndexFieldsPresent writes documents through the store's
// writers (organisations, teams, surveys and versions, responses by the
// ingest writer with rollups, alerts and a journal left open, accounts,
// tokens, deliveries, reviews and published reports) and checks, for every
// unique index of every collection, that every stored document has each of
// its fields. MongoDB indexes a missing field as null, so a second document
// without it would be refused as a duplicate; SQLite, under the embedded
// store, would let it pass (NULLs never clash), which is how the old
// unique index on responses.rid went unnoticed.
func TestUniqueIndexFieldsPresent(t *testing.T) {
	ctx := context.Background()
	st, v := seeded(t)
	res, err := st.CommitGroup(ctx, store.NewGroup([]*store.Response{response(uuid(1), "north-cmht", v, true), response(uuid(2), "south-cmht", v, false)}))
	must(t, err)
	must(t, st.FinishGroup(ctx, "unknown", res))
	must(t, st.BeginGroupForTest(ctx, store.NewGroup([]*store.Response{response(uuid(3), "north-cmht", v, false)})))
	_, err = st.CreateAccount(ctx, store.Account{Email: "a@demo.invalid", Name: "A", Organisation: "demo-trust",
		Roles: []store.Role{{Role: "admin"}}, PasswordHash: "x"})
	must(t, err)
	_, err = st.CreateToken(ctx, store.APIToken{Hash: "h1", Name: "t", Organisation: "demo-trust", Scopes: []string{"reports"}, Expires: time.Now().Add(time.Hour)})
	must(t, err)
	must(t, st.CreateDelivery(ctx, &store.Delivery{Channel: store.ChannelEmail, Event: "risk_alert", Team: "north-cmht", Ref: res.Alerts[0].ID}, time.Now()))
	team, err := st.FindTeam(ctx, "north-cmht")
	must(t, err)
	_, err = st.StartReview(ctx, team, "2026-27-Q3", []byte(`{}`), nil)
	must(t, err)
	_, err = st.PublishReport(ctx, "north-cmht", "2026-27-Q3", "", func(*store.Review, int, time.Time) ([]byte, error) { return []byte(`{}`), nil })
	must(t, err)

	names, err := st.Database().ListCollectionNames(ctx, bson.M{})
	must(t, err)
	checked := 0
	seen := map[string]bool{}
	for _, col := range names {
		specs, err := st.Database().Collection(col).Indexes().ListSpecifications(ctx)
		must(t, err)
		var docs []bson.Raw
		cur, err := st.Database().Collection(col).Find(ctx, bson.M{})
		must(t, err)
		must(t, cur.All(ctx, &docs))
		for _, sp := range specs {
			if sp.Unique == nil || !*sp.Unique {
				continue
			}
			seen[col+"."+sp.Name] = true
			var keys bson.D
			must(t, bson.Unmarshal(sp.KeysDocument, &keys))
			for _, d := range docs {
				for _, k := range keys {
					if _, err := d.LookupErr(strings.Split(k.Key, ".")...); err != nil {
						t.Errorf("%s: a document lacks %q of unique index %s: %s", col, k.Key, sp.Name, d)
					}
					checked++
				}
			}
		}
	}
	for _, want := range []string{"survey_versions.slug_version_unique", "accounts.email_unique", "report_versions.team_quarter_version_unique"} {
		if !seen[want] {
			t.Errorf("unique index %s not seen (seen %v)", want, seen)
		}
	}
	if checked < 10 {
		t.Fatalf("checked %d fields only: the writers above stored too little", checked)
	}
}
