package store_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"testing"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/themes"
)

// Benchmarks of report reads and rebuilds over a seeded store. The 1M
// size takes minutes to seed and several GB of disk, so it runs only with
// CHORUS_BENCH_LARGE=1:
//
//	go test ./store/ -run '^$' -bench 'ReportRead|Rebuild' -benchtime 20x
//	CHORUS_BENCH_LARGE=1 go test ./store/ -run '^$' -bench 'ReportRead/responses=1000000' -benchtime 20x -timeout 60m

const (
	benchTeams    = 20
	benchQuarters = 8
)

// benchStore returns a fresh store holding n responses spread over 20
// teams and 8 quarters, with their rollups. (With b.Loop the
// benchmark function runs once, so this seeds once per size.)
func benchStore(b *testing.B, n int) *store.Store {
	b.Helper()
	st := storetest.Open(b)
	ctx := context.Background()
	seedBench(b, st)
	rng := mrand.New(mrand.NewPCG(uint64(n), 1))
	sv := benchSurvey()
	sums := map[[2]string]*survey.Rollup{}
	batch := make([]any, 0, 5000)
	flush := func() {
		if len(batch) == 0 {
			return
		}
		if _, err := st.Database().Collection("responses").InsertMany(ctx, batch); err != nil {
			b.Fatal(err)
		}
		batch = batch[:0]
	}
	for i := range n {
		r := benchResponse(rng, i)
		batch = append(batch, r)
		if len(batch) == cap(batch) {
			flush()
		}
		// The rollups are summed here with the same survey.Tally that
		// submissions use, rather than by a (slow) Rebuild.
		k := [2]string{r.Team, r.Quarter}
		if sums[k] == nil {
			sums[k] = &survey.Rollup{}
		}
		var cs []survey.CommentTally
		for _, c := range r.Comments {
			cs = append(cs, survey.CommentTally{Themes: c.Themes, Major: c.Major, Sentiment: c.Sentiment})
		}
		sums[k].Add(survey.Tally(sv, survey.Answers(r.Answers), cs))
	}
	flush()
	for k, r := range sums {
		if err := st.PutRollup(ctx, survey.Team{Slug: k[0], Service: "cmh", Organisation: "trust"}, k[1], *r); err != nil {
			b.Fatal(err)
		}
	}
	return st
}

var benchQuarterKeys = func() []string {
	q := survey.Quarter{Year: 2025, Q: 4}
	keys := make([]string, benchQuarters)
	for i := range keys {
		keys[i] = q.Key()
		q = q.Next()
	}
	return keys
}()

func benchTeam(i int) string { return fmt.Sprintf("team-%02d", i) }

func seedBench(b *testing.B, st *store.Store) {
	ctx := context.Background()
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	must(st.CreateOrganisation(ctx, survey.Organisation{Slug: "trust", Name: "Trust"}))
	must(st.CreateService(ctx, survey.Service{Slug: "cmh", Organisation: "trust", Name: "CMH"}))
	sv := benchSurvey()
	for i := range benchTeams {
		_, err := st.CreateTeam(ctx, survey.Team{Slug: benchTeam(i), Service: "cmh", Name: benchTeam(i)})
		must(err)
		sv.Teams = append(sv.Teams, survey.TeamRef{Slug: benchTeam(i), Name: benchTeam(i)})
	}
	must(st.CreateSurvey(ctx, store.SurveyInfo{Slug: sv.Slug, Organisation: "trust", Title: sv.Title}))
	v, err := st.SaveDraft(ctx, sv)
	must(err)
	_, err = st.PublishVersion(ctx, sv.Slug, v)
	must(err)
}

func benchSurvey() *survey.Survey {
	label := survey.Label{"en": "Q"}
	return &survey.Survey{Slug: "bench", Title: label, Languages: []string{"en"},
		Sections: []survey.Section{{ID: "s", Title: label, Questions: []survey.Question{
			{ID: "role", Type: survey.TypeSingleChoice, Label: label, Options: []survey.Option{
				{Value: "service_user", Label: label}, {Value: "carer", Label: label}, {Value: "other", Label: label}}},
			{ID: "fft", Type: survey.TypeFFT, Label: label},
			{ID: "listened", Type: survey.TypeLikert, Label: label},
			{ID: "helped", Type: survey.TypeMultiChoice, Label: label, Options: []survey.Option{
				{Value: "medication", Label: label}, {Value: "housing", Label: label}, {Value: "talking", Label: label}}},
			{ID: "involved", Type: survey.TypeYesNo, Label: label},
			{ID: "good", Type: survey.TypeLongText, PromptKind: survey.PromptWhatGood, Label: label},
		}}}}
}

// benchResponse is a stored response as the API would write it, with an
// analysed comment (themes drawn at random from the framework).
func benchResponse(rng *mrand.Rand, i int) store.Response {
	key := make([]byte, 16)
	_, _ = rand.Read(key)
	role := []string{"service_user", "service_user", "carer", "other"}[rng.IntN(4)]
	q := benchQuarterKeys[i%benchQuarters]
	r := store.Response{Key: hex.EncodeToString(key), Survey: "bench", Version: 1, Organisation: "trust", Service: "cmh",
		Team: benchTeam(rng.IntN(benchTeams)), Quarter: q, Date: "2026-01-01", Language: "en", Role: role,
		Answers: map[string]any{"role": role, "fft": survey.FFTAnswers[rng.IntN(6)], "listened": 1 + rng.IntN(5),
			"helped": []string{"medication", "talking"}[:1+rng.IntN(2)], "involved": rng.IntN(2) == 0}}
	if rng.IntN(2) == 0 {
		t := rng.IntN(len(themes.SubThemes))
		r.Answers["good"] = "comment"
		r.Comments = []store.Comment{{Question: "good", PromptKind: survey.PromptWhatGood, Themes: []string{themes.SubThemes[t]},
			Major: []string{themes.MajorOf(t)}, Sentiment: 1 + rng.IntN(5), Redacted: "comment"}}
	}
	return r
}

func benchSizes(b *testing.B) []int {
	sizes := []int{10_000, 100_000}
	if os.Getenv("CHORUS_BENCH_LARGE") == "1" {
		sizes = append(sizes, 1_000_000)
	}
	return sizes
}

// BenchmarkReportRead reads what a report needs (this quarter's and the
// previous quarter's rollups) and builds it, for one team and for a
// service of 20 teams. Its cost depends on the number of teams, not of
// responses: no response is read.
func BenchmarkReportRead(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(fmt.Sprintf("responses=%d", n), func(b *testing.B) {
			st := benchStore(b, n)
			ctx := context.Background()
			q, _ := survey.ParseQuarter(benchQuarterKeys[benchQuarters-1])
			keys := []string{q.Key(), q.Prev().Key()}
			teams := make([]string, benchTeams)
			for i := range teams {
				teams[i] = benchTeam(i)
			}
			meta := survey.ReportMeta{Quarter: q, Questions: benchSurvey().Sections[0].Questions, Framework: store.ThemeFramework()}
			for _, scope := range []struct {
				name  string
				teams []string
			}{{"team", teams[:1]}, {"service", teams}} {
				b.Run("scope="+scope.name, func(b *testing.B) {
					for b.Loop() {
						rs, err := st.ReadRollupsByQuarter(ctx, scope.teams, keys)
						if err != nil {
							b.Fatal(err)
						}
						prev := rs[keys[1]]
						rep := survey.BuildReport(rs[keys[0]], &prev, meta, survey.OrgSettings{})
						if rep.Responses.Total == nil {
							b.Fatal("no responses")
						}
					}
				})
			}
		})
	}
}

// BenchmarkRebuild recomputes every rollup from the stored responses and
// checks that the result equals the seeded rollups.
func BenchmarkRebuild(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(fmt.Sprintf("responses=%d", n), func(b *testing.B) {
			st := benchStore(b, n)
			ctx := context.Background()
			teams := make([]string, benchTeams)
			for i := range teams {
				teams[i] = benchTeam(i)
			}
			seeded, err := st.ReadRollupsByQuarter(ctx, teams, benchQuarterKeys)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				stats, err := st.Rebuild(ctx, "")
				if err != nil {
					b.Fatal(err)
				}
				if stats.Responses != n {
					b.Fatalf("rebuilt from %d responses, want %d", stats.Responses, n)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "responses/s")
			b.StopTimer()
			rebuilt, err := st.ReadRollupsByQuarter(ctx, teams, benchQuarterKeys)
			if err != nil {
				b.Fatal(err)
			}
			for _, q := range benchQuarterKeys {
				if !rebuilt[q].Equal(seeded[q]) {
					b.Fatalf("quarter %s: the rebuilt rollups differ from the seeded ones", q)
				}
			}
		})
	}
}
