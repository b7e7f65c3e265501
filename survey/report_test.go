package survey

import (
	"encoding/json"
	"strings"
	"testing"
)

var reportQuestions = []Question{
	{ID: "role", Type: TypeSingleChoice, Options: []Option{{Value: RoleServiceUser}, {Value: RoleCarer}, {Value: RoleOther}}},
	{ID: "fft", Type: TypeFFT},
}

// fftRollup is a rollup of responses that all answered role and fft.
func fftRollup(roles map[string]int, fft map[string]int) Rollup {
	var r Rollup
	for role, n := range roles {
		for range n {
			r.Add(Tally(&Survey{Sections: []Section{{Questions: reportQuestions}}}, Answers{"role": role}, nil))
		}
	}
	// Give the FFT answers to the responses without changing their roles.
	r.FFT, r.Options = fft, map[string]map[string]int{"fft": fft, "role": r.Options["role"]}
	sum := 0
	for _, n := range fft {
		sum += n
	}
	if r.Answered == nil {
		r.Answered = map[string]int{}
	}
	r.Answered["fft"] = sum
	return r
}

func meta() ReportMeta {
	return ReportMeta{Quarter: Quarter{Year: 2026, Q: 3}, Label: "Q3 2026/27 (Oct–Dec 2026)", Questions: reportQuestions,
		Scope: ReportScope{Level: LevelTeam, Slug: "crisis-team", Name: "Crisis Resolution Team"}}
}

func intOf(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func floatOf(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestBuildReportFFT(t *testing.T) {
	// 80 FFT answers: positive (30 + 20) / 80 = 62.5%, negative (5 + 5) /
	// 80 = 12.5%, don't know in the denominator as NHS England publishes.
	fft := map[string]int{FFTVeryGood: 30, FFTGood: 20, FFTNeither: 10, FFTPoor: 5, FFTVeryPoor: 5, FFTDontKnow: 10}
	r := fftRollup(map[string]int{RoleServiceUser: 80}, fft)
	rep := BuildReport(r, nil, meta(), OrgSettings{})
	checks := []struct {
		name string
		got  any
		want any
	}{
		{"total", intOf(rep.FFT.Total.Count), 80},
		{"positive.count", intOf(rep.FFT.Positive.Count), 50},
		{"positive.percent", floatOf(rep.FFT.Positive.Percent), 62.5},
		{"positive.low", floatOf(rep.FFT.Positive.Low), 51.5},
		{"positive.high", floatOf(rep.FFT.Positive.High), 72.3},
		{"negative.percent", floatOf(rep.FFT.Negative.Percent), 12.5},
		{"negative.low", floatOf(rep.FFT.Negative.Low), 6.9},
		{"negative.high", floatOf(rep.FFT.Negative.High), 21.5},
		{"dont_know", intOf(rep.FFT.Answers[FFTDontKnow].Count), 10},
		{"status", rep.Status, ReportDraft},
		{"quarter", rep.Quarter, "2026-27-Q3"},
		{"responses.total", intOf(rep.Responses.Total), 80},
		{"by_role.carer", intOf(rep.Responses.ByRole[RoleCarer].Count), 0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	b, _ := json.Marshal(rep)
	for _, want := range []string{`"quarter":"2026-27-Q3"`, `"status":"draft"`, `"responses":{"total":80,`,
		`"positive":{"count":50,"suppressed":false,"percent":62.5,"low":51.5,"high":72.3}`, `"scope":{"level":"team","slug":"crisis-team"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s:\n%s", want, b)
		}
	}
}

func TestBuildReportSuppression(t *testing.T) {
	tests := []struct {
		name     string
		roles    map[string]int
		fft      map[string]int
		settings OrgSettings
		hidden   []string // by_role keys hidden
		shown    map[string]int
	}{
		{"OK", map[string]int{RoleServiceUser: 15, RoleCarer: 5}, nil, OrgSettings{},
			nil, map[string]int{RoleServiceUser: 15, RoleCarer: 5, RoleOther: 0, RoleNotStated: 0}},
		{"Complementary", map[string]int{RoleServiceUser: 16, RoleCarer: 4}, nil, OrgSettings{},
			[]string{RoleCarer, RoleServiceUser}, map[string]int{RoleOther: 0, RoleNotStated: 0}},
		{"ComplementarySmallestOfThree", map[string]int{RoleServiceUser: 16, RoleCarer: 2, RoleOther: 6}, nil, OrgSettings{},
			[]string{RoleCarer, RoleOther}, map[string]int{RoleServiceUser: 16, RoleNotStated: 0}},
		{"TwoSmallNeedNoMore", map[string]int{RoleServiceUser: 16, RoleCarer: 2, RoleOther: 1}, nil, OrgSettings{},
			[]string{RoleCarer, RoleOther}, map[string]int{RoleServiceUser: 16, RoleNotStated: 0}},
		{"ThresholdThree", map[string]int{RoleServiceUser: 16, RoleCarer: 3, RoleOther: 2}, nil, OrgSettings{SuppressionThreshold: 3},
			[]string{RoleOther, RoleCarer}, map[string]int{RoleServiceUser: 16, RoleNotStated: 0}},
		{"ThresholdNeverBelowThree", map[string]int{RoleServiceUser: 16, RoleCarer: 2, RoleOther: 2}, nil, OrgSettings{SuppressionThreshold: 1},
			[]string{RoleOther, RoleCarer}, map[string]int{RoleServiceUser: 16}},
		{"SmallTotalHidesZeros", map[string]int{RoleCarer: 3}, nil, OrgSettings{},
			[]string{RoleCarer, RoleServiceUser, RoleOther, RoleNotStated}, nil},
		{"Empty", nil, nil, OrgSettings{}, nil, map[string]int{RoleServiceUser: 0, RoleCarer: 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := BuildReport(fftRollup(tt.roles, tt.fft), nil, meta(), tt.settings)
			for _, role := range tt.hidden {
				c := rep.Responses.ByRole[role]
				if !c.Suppressed || c.Count != nil || c.Percent != nil || c.Low != nil || c.High != nil {
					t.Errorf("by_role.%s = %+v, want hidden", role, *c)
				}
			}
			for role, n := range tt.shown {
				c := rep.Responses.ByRole[role]
				if c.Suppressed || c.Count == nil || *c.Count != n {
					t.Errorf("by_role.%s = %v (suppressed %v), want %d", role, intOf(c.Count), c.Suppressed, n)
				}
			}
			// The role question shows the same counts, hidden alike.
			for _, q := range rep.Questions {
				if q.ID != RoleQuestionID {
					continue
				}
				for _, o := range q.Options {
					if o.Suppressed != rep.Responses.ByRole[o.Value].Suppressed {
						t.Errorf("role question option %s suppressed=%v, by_role says %v", o.Value, o.Suppressed, rep.Responses.ByRole[o.Value].Suppressed)
					}
				}
			}
		})
	}
}

func TestBuildReportQuoteMinimum(t *testing.T) {
	m := meta()
	m.Quotes = []Quote{{ID: "1", Text: "Kind staff.", Status: "approved"}}
	m.EmergingTerms = []EmergingTerm{{Term: "parking", CountCurrent: ptr(6)}}
	r := fftRollup(map[string]int{RoleServiceUser: 9}, map[string]int{FFTGood: 9})
	rep := BuildReport(r, nil, m, OrgSettings{})
	if rep.Responses.Total == nil || *rep.Responses.Total != 9 {
		t.Errorf("total = %v, want 9 (counts are shown below the quote minimum)", intOf(rep.Responses.Total))
	}
	if rep.FFT.Positive.Count == nil || rep.FFT.Positive.Percent != nil {
		t.Errorf("positive = %v / %v%%, want a count and no percent", intOf(rep.FFT.Positive.Count), floatOf(rep.FFT.Positive.Percent))
	}
	if len(rep.Quotes) != 0 || len(rep.EmergingTerms) != 0 || rep.Suppression.Percentages || rep.Suppression.Quotes {
		t.Errorf("quotes %v, terms %v, suppression %+v: want none below the quote minimum", rep.Quotes, rep.EmergingTerms, rep.Suppression)
	}
	// At ten responses both appear; a term used fewer than 5 times never.
	m.EmergingTerms = append(m.EmergingTerms, EmergingTerm{Term: "smith", CountCurrent: ptr(2)})
	r = fftRollup(map[string]int{RoleServiceUser: 10}, map[string]int{FFTGood: 10})
	rep = BuildReport(r, nil, m, OrgSettings{})
	if len(rep.Quotes) != 1 || len(rep.EmergingTerms) != 1 || rep.EmergingTerms[0].Term != "parking" || rep.FFT.Positive.Percent == nil {
		t.Errorf("at the quote minimum: quotes %v, terms %v, percent %v", rep.Quotes, rep.EmergingTerms, floatOf(rep.FFT.Positive.Percent))
	}
	// The minimum is configurable but never below the threshold.
	rep = BuildReport(fftRollup(map[string]int{RoleServiceUser: 6}, map[string]int{FFTGood: 6}), nil, m, OrgSettings{QuoteThreshold: 2})
	if rep.Suppression.QuoteMin != 5 || !rep.Suppression.Percentages {
		t.Errorf("suppression = %+v, want quote_min 5 and percentages", rep.Suppression)
	}
}

func TestBuildReportChange(t *testing.T) {
	cur := fftRollup(map[string]int{RoleServiceUser: 80}, map[string]int{FFTVeryGood: 50, FFTPoor: 30})
	// Previous quarter 30/80 positive: z = 3.16, p = 0.0016, significant.
	prev := fftRollup(map[string]int{RoleServiceUser: 80}, map[string]int{FFTVeryGood: 30, FFTPoor: 50})
	rep := BuildReport(cur, &prev, meta(), OrgSettings{})
	ch := rep.FFT.Positive.Change
	if ch == nil || floatOf(ch.Previous) != 37.5 || floatOf(ch.Difference) != 25.0 || floatOf(ch.Z) != 3.16 || floatOf(ch.P) != 0.0016 || !ch.Significant {
		t.Errorf("change = %+v, want previous 37.5, difference 25, z 3.16, p 0.0016, significant", ch)
	}
	if rep.Previous != "2026-27-Q2" {
		t.Errorf("previous_quarter = %q", rep.Previous)
	}
	// 45/80 before: z = 0.80, p = 0.42, not significant.
	prev = fftRollup(map[string]int{RoleServiceUser: 80}, map[string]int{FFTVeryGood: 45, FFTPoor: 35})
	ch = BuildReport(cur, &prev, meta(), OrgSettings{}).FFT.Positive.Change
	if ch == nil || ch.Significant || floatOf(ch.P) != 0.4209 {
		t.Errorf("change = %+v, want p 0.4209 and not significant", ch)
	}
	// A previous quarter below the quote minimum gives no change at all.
	prev = fftRollup(map[string]int{RoleServiceUser: 8}, map[string]int{FFTVeryGood: 8})
	ch = BuildReport(cur, &prev, meta(), OrgSettings{}).FFT.Positive.Change
	if ch == nil || !ch.Suppressed || ch.Previous != nil || ch.Difference != nil || ch.Significant {
		t.Errorf("change = %+v, want suppressed", ch)
	}
}

func TestBuildReportThemes(t *testing.T) {
	sv := &Survey{Sections: []Section{{Questions: append(reportQuestions, Question{ID: "good", Type: TypeLongText})}}}
	var r Rollup
	for i := range 20 {
		c := CommentTally{Themes: []string{"Staff manner"}, Major: []string{"Staff"}, Sentiment: 1 + i%2}
		if i < 6 {
			c = CommentTally{Themes: []string{"Waiting"}, Major: []string{"Access"}, Sentiment: 5}
		}
		r.Add(Tally(sv, Answers{"role": RoleServiceUser, "good": "x"}, []CommentTally{c}))
	}
	m := meta()
	m.Framework = []ThemeRef{{"Waiting", "Access"}, {"Staff manner", "Staff"}}
	rep := BuildReport(r, nil, m, OrgSettings{})
	if len(rep.Themes) != 2 || rep.Themes[0].Theme != "Staff manner" || intOf(rep.Themes[0].Count) != 14 || floatOf(rep.Themes[0].Share) != 70.0 {
		t.Fatalf("themes = %+v", rep.Themes)
	}
	w := rep.Themes[1]
	if w.Theme != "Waiting" || intOf(w.Count) != 6 || intOf(w.Sentiment[SentimentNegative].Count) != 6 || intOf(w.Sentiment[SentimentPositive].Count) != 0 {
		t.Errorf("waiting = %+v, sentiment negative %v", w, intOf(w.Sentiment[SentimentNegative].Count))
	}
	if intOf(rep.Comments.Count) != 20 || len(rep.MajorThemes) != 2 {
		t.Errorf("comments %v, majors %d", intOf(rep.Comments.Count), len(rep.MajorThemes))
	}
	b, _ := json.Marshal(rep.Themes[0])
	for _, k := range []string{`"major":"Staff"`, `"theme":"Staff manner"`, `"count":14`, `"share":70`, `"sentiment":{`} {
		if !strings.Contains(string(b), k) {
			t.Errorf("theme JSON lacks %s: %s", k, b)
		}
	}
}

func TestRollupAddAndEqual(t *testing.T) {
	a := Tally(&Survey{Sections: []Section{{Questions: reportQuestions}}}, Answers{"role": RoleCarer, "fft": FFTGood}, nil)
	var sum Rollup
	sum.Add(a)
	sum.Add(a)
	if sum.Total != 2 || sum.ByRole[RoleCarer] != 2 || sum.RoleFFT[RoleCarer][FFTGood] != 2 || sum.Options["fft"][FFTGood] != 2 {
		t.Errorf("sum = %+v", sum)
	}
	if a.Total != 1 || a.ByRole[RoleCarer] != 1 {
		t.Errorf("Add changed its argument: %+v", a)
	}
	c := sum.Clone()
	c.ByRole[RoleOther] = 0
	if !c.Equal(sum) {
		t.Error("a zero count should equal a missing one")
	}
	c.ByRole[RoleCarer] = 3
	if c.Equal(sum) || sum.ByRole[RoleCarer] != 2 {
		t.Error("Clone should be deep and Equal should see the difference")
	}
}
