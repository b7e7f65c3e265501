package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// TestApplyResponseKeys checks that only validated values become field
// names: free text, unknown options, unknown themes and odd roles never
// do, and the counts read back are the ones applied.
func TestApplyResponseKeys(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	label := survey.Label{"en": "Q"}
	sv := &survey.Survey{Slug: "s", Version: 1, Sections: []survey.Section{{ID: "a", Questions: []survey.Question{
		{ID: "role", Type: survey.TypeSingleChoice, Label: label, Options: []survey.Option{{Value: "carer", Label: label}}},
		{ID: "fft", Type: survey.TypeFFT, Label: label},
		{ID: "pick", Type: survey.TypeSingleChoice, Label: label, Options: []survey.Option{{Value: "a.b", Label: label}, {Value: "ok", Label: label}}},
		{ID: "rate", Type: survey.TypeRating, Label: label},
		{ID: "note", Type: survey.TypeShortText, Label: label},
		{ID: "good", Type: survey.TypeLongText, Label: label},
	}}}}
	r := &store.Response{Team: "north", Service: "cmh", Organisation: "trust", Quarter: "2026-27-Q3",
		Answers: bson.M{"role": "carer", "fft": "good", "pick": "a.b", "rate": int32(7), "note": "drop.$where me", "good": "Kind staff."},
		Comments: []store.Comment{{Question: "good", Themes: []string{"Staff manner & personal attributes", "Bogus.$theme"},
			Major: []string{"Staff"}, Sentiment: 2}}}
	for range 2 {
		if err := st.ApplyResponse(ctx, r, sv); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := st.Database().Collection("rollups").FindOne(ctx, bson.M{"_id": "north|2026-27-Q3"}).Raw()
	if err != nil {
		t.Fatal(err)
	}
	if s := raw.String(); strings.Contains(s, "drop") || strings.Contains(s, "Bogus") || strings.Contains(s, "a.b") || strings.Contains(s, "Kind") {
		t.Fatalf("respondent text or an unsafe key in the rollup: %s", s)
	}
	got, err := st.ReadRollup(ctx, "north", "2026-27-Q3")
	if err != nil {
		t.Fatal(err)
	}
	want := survey.Rollup{Total: 2, ByRole: map[string]int{"carer": 2},
		Answered: map[string]int{"role": 2, "fft": 2, "rate": 2, "note": 2, "good": 2},
		Options:  map[string]map[string]int{"role": {"carer": 2}, "fft": {"good": 2}, "rate": {"7": 2}},
		FFT:      map[string]int{"good": 2}, RoleFFT: map[string]map[string]int{"carer": {"good": 2}},
		Comments: 2, RoleComments: map[string]int{"carer": 2},
		ThemeSentiment: map[string]map[int]int{"Staff manner & personal attributes": {2: 2}},
		MajorSentiment: map[string]map[int]int{"Staff": {2: 2}},
		RoleTheme:      map[string]map[string]int{"carer": {"Staff manner & personal attributes": 2}}}
	if !got.Equal(want) {
		t.Fatalf("rollup = %+v\nwant     %+v", got, want)
	}
	// A team × quarter without responses reads as zero, not as an error.
	if z, err := st.ReadRollup(ctx, "south", "2026-27-Q3"); err != nil || z.Total != 0 {
		t.Fatalf("empty rollup = %+v, %v", z, err)
	}
	// Sums over teams and quarters.
	r.Team = "south"
	if err := st.ApplyResponse(ctx, r, sv); err != nil {
		t.Fatal(err)
	}
	byQ, err := st.ReadRollupsByQuarter(ctx, []string{"north", "south", "west"}, []string{"2026-27-Q3", "2026-27-Q2"})
	if err != nil || byQ["2026-27-Q3"].Total != 3 || byQ["2026-27-Q3"].Options["rate"]["7"] != 3 || byQ["2026-27-Q2"].Total != 0 {
		t.Fatalf("by quarter = %+v, %v", byQ, err)
	}
}
