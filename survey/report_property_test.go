package survey

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// propSurvey has a question of each counted type, a role question and a
// comment box.
var propSurvey = &Survey{Slug: "prop", Version: 1, Sections: []Section{{ID: "s", Questions: []Question{
	{ID: "role", Type: TypeSingleChoice, Options: []Option{{Value: RoleServiceUser}, {Value: RoleCarer}, {Value: RoleOther}}},
	{ID: "fft", Type: TypeFFT},
	{ID: "kind", Type: TypeLikert},
	{ID: "rate", Type: TypeRating, Max: ptr(4.0)},
	{ID: "yn", Type: TypeYesNo},
	{ID: "help", Type: TypeMultiChoice, Options: []Option{{Value: "a"}, {Value: "b"}, {Value: "c"}}},
	{ID: "pick", Type: TypeSingleChoice, Options: []Option{{Value: "x"}, {Value: "y"}}},
	{ID: "good", Type: TypeLongText},
}}}}

func ptr[T any](v T) *T { return &v }

var propFramework = []ThemeRef{
	{"Staff manner", "Staff"}, {"Competence", "Staff"}, {"Waiting", "Access"},
	{"Contacting", "Access"}, {"Food", "Environment"}, {"Noise", "Environment"},
}

// randomRollup sums the tallies of n random responses. Skewed choices make
// small cells common, which is where suppression matters.
func randomRollup(rng *rand.Rand, n int) Rollup {
	var r Rollup
	skew := func(k int) int { // small indices much more likely
		return min(int(rng.ExpFloat64()*float64(k)/3), k-1)
	}
	for range n {
		a := Answers{}
		if rng.IntN(10) > 0 {
			a["role"] = []string{RoleServiceUser, RoleCarer, RoleOther}[skew(3)]
		}
		if rng.IntN(8) > 0 {
			a["fft"] = FFTAnswers[skew(6)]
		}
		if rng.IntN(3) > 0 {
			a["kind"] = 1 + skew(5)
		}
		if rng.IntN(2) > 0 {
			a["rate"] = int32(1 + rng.IntN(4))
		}
		if rng.IntN(2) > 0 {
			a["yn"] = rng.IntN(4) == 0
		}
		if rng.IntN(2) > 0 {
			var picks []any
			for _, v := range []string{"a", "b", "c"} {
				if rng.IntN(3) == 0 {
					picks = append(picks, v)
				}
			}
			a["help"] = picks
		}
		if rng.IntN(2) > 0 {
			a["pick"] = []string{"x", "y"}[skew(2)]
		}
		var comments []CommentTally
		if rng.IntN(2) > 0 {
			a["good"] = "text"
			c := CommentTally{Sentiment: 1 + rng.IntN(5)}
			for range 1 + skew(3) {
				t := propFramework[skew(len(propFramework))]
				c.Themes = append(c.Themes, t.Theme)
				c.Major = append(c.Major, t.Major)
			}
			comments = append(comments, c)
		}
		r.Add(Tally(propSurvey, a, comments))
	}
	return r
}

// TestBuildReportSuppressionProperty builds reports of thousands of random
// rollups, marshals each to JSON and checks the published JSON (what any
// reader gets) against the suppression rules.
func TestBuildReportSuppressionProperty(t *testing.T) {
	cases := 2000
	if testing.Short() {
		cases = 500
	}
	for seed := range uint64(cases) {
		rng := rand.New(rand.NewPCG(seed, 0x5eed))
		settings := OrgSettings{SuppressionThreshold: []int{0, 3, 5, 7}[rng.IntN(4)]}
		settings.QuoteThreshold = settings.Threshold() + rng.IntN(10)
		r := randomRollup(rng, []int{rng.IntN(8), rng.IntN(30), rng.IntN(120)}[rng.IntN(3)])
		var prev *Rollup
		if rng.IntN(2) == 0 {
			p := randomRollup(rng, rng.IntN(60))
			prev = &p
		}
		meta := ReportMeta{
			Quarter: Quarter{Year: 2026, Q: 3}, Questions: propSurvey.Sections[0].Questions, Framework: propFramework,
			Quotes:        []Quote{{ID: "q1", Text: "Kind staff.", Status: "approved"}},
			EmergingTerms: []EmergingTerm{{Term: "parking", CountCurrent: ptr(rng.IntN(12)), CountPrevious: ptr(rng.IntN(12))}},
		}
		rep := BuildReport(r, prev, meta, settings)
		b, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		c := &propCheck{t: t, seed: seed, threshold: settings.Threshold(), pct: r.Total >= settings.QuoteMin(), r: r}
		c.walk("", doc)
		c.bases(doc)
		c.partitions(doc)
		c.gate(doc)
		if t.Failed() {
			t.Fatalf("seed %d failed; report: %s", seed, b)
		}
	}
}

type propCheck struct {
	t         *testing.T
	seed      uint64
	threshold int
	pct       bool
	r         Rollup
	eqs       [][]map[string]any // exact groups: total, then its cells
}

func (c *propCheck) errorf(format string, args ...any) {
	c.t.Helper()
	c.t.Errorf("seed %d: "+format, append([]any{c.seed}, args...)...)
}

var derivedKeys = []string{"percent", "low", "high", "share"}

// walk checks every object: a visible count is never 1..threshold-1; a
// suppressed cell shows no count and nothing derived from it; below the
// quote minimum nothing derived is shown at all.
func (c *propCheck) walk(path string, v any) {
	switch v := v.(type) {
	case map[string]any:
		for _, k := range []string{"count", "total", "count_current", "count_previous"} {
			if n, ok := v[k].(float64); ok && n >= 1 && n < float64(c.threshold) {
				c.errorf("%s.%s = %v is below the threshold %d", path, k, n, c.threshold)
			}
		}
		if s, ok := v["suppressed"].(bool); ok {
			if _, isCell := v["count"]; isCell && s != (v["count"] == nil) {
				c.errorf("%s: suppressed=%v but count=%v", path, s, v["count"])
			}
			if s {
				for _, k := range derivedKeys {
					if v[k] != nil {
						c.errorf("%s: suppressed but %s = %v", path, k, v[k])
					}
				}
				if ch, ok := v["change"].(map[string]any); ok && ch["difference"] != nil {
					c.errorf("%s: suppressed but change = %v", path, ch)
				}
			}
		}
		if !c.pct {
			for _, k := range append(derivedKeys, "previous", "difference", "z", "p") {
				if _, isNum := v[k].(float64); isNum && k != "z" || k == "z" && v["term"] == nil && v[k] != nil {
					c.errorf("%s.%s = %v shown below the quote minimum", path, k, v[k])
				}
			}
		}
		for k, x := range v {
			c.walk(path+"."+k, x)
		}
	case []any:
		for i, x := range v {
			c.walk(fmt.Sprintf("%s[%d]", path, i), x)
		}
	}
}

func obj(v any, keys ...any) map[string]any {
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	m, _ := v.(map[string]any)
	return m
}

func list(v any, keys ...string) []any {
	for _, k := range keys {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	a, _ := v.([]any)
	return a
}

func visible(cell map[string]any) bool { return cell != nil && cell["count"] != nil }

// needBase checks that a cell shows a percentage only when its base count
// is visible.
func (c *propCheck) needBase(what string, cell, base map[string]any) {
	if cell != nil && cell["percent"] != nil && !visible(base) {
		c.errorf("%s shows percent %v but its base is hidden", what, cell["percent"])
	}
}

func (c *propCheck) bases(doc map[string]any) {
	total := map[string]any{"count": doc["responses"].(map[string]any)["total"]}
	for role, cell := range obj(doc, "responses", "by_role") {
		c.needBase("responses.by_role."+role, cell.(map[string]any), total)
	}
	for _, q := range list(doc, "questions") {
		qm := q.(map[string]any)
		ans := obj(qm, "answered")
		c.needBase("answered of "+qm["id"].(string), ans, total)
		for _, o := range list(qm, "options") {
			c.needBase("option of "+qm["id"].(string), o.(map[string]any), ans)
		}
	}
	fftBlocks := []map[string]any{obj(doc, "fft")}
	for _, r := range list(doc, "roles") {
		fftBlocks = append(fftBlocks, obj(r, "fft"))
		for _, th := range list(r, "themes") {
			c.needBase("role theme", th.(map[string]any), obj(r, "comments"))
		}
	}
	for _, f := range fftBlocks {
		for _, k := range []string{"positive", "negative"} {
			c.needBase("fft."+k, obj(f, k), obj(f, "total"))
		}
		for a, cell := range obj(f, "answers") {
			c.needBase("fft.answers."+a, cell.(map[string]any), obj(f, "total"))
		}
	}
	for _, th := range append(list(doc, "themes"), list(doc, "major_themes")...) {
		tm := th.(map[string]any)
		c.needBase("theme", tm, obj(doc, "comments"))
		for s, cell := range obj(tm, "sentiment") {
			c.needBase("sentiment "+s, cell.(map[string]any), tm)
		}
	}
}

// leak checks one group: with its total visible and not zero, never
// exactly one value hidden among the total and its cells (that one could
// be recovered by subtraction).
func (c *propCheck) leak(what string, total map[string]any, members ...map[string]any) {
	if len(members) < 2 {
		return
	}
	if !strings.HasPrefix(what, "loose ") {
		c.eqs = append(c.eqs, append([]map[string]any{total}, members...))
	}
	hidden := 0
	if !visible(total) {
		hidden++
	} else if total["count"].(float64) == 0 {
		return
	}
	for _, m := range members {
		if !visible(m) {
			hidden++
		}
	}
	if hidden == 1 {
		c.errorf("%s: exactly one hidden value can be recovered by subtraction", what)
	}
}

func cellsOf(m map[string]any, keys ...string) []map[string]any {
	var out []map[string]any
	for _, k := range keys {
		out = append(out, obj(m, k))
	}
	return out
}

func (c *propCheck) partitions(doc map[string]any) {
	total := map[string]any{"count": doc["responses"].(map[string]any)["total"]}
	c.leak("roles", total, cellsOf(obj(doc, "responses", "by_role"), ReportRoles...)...)
	for _, q := range list(doc, "questions") {
		qm := q.(map[string]any)
		var opts []map[string]any
		for _, o := range list(qm, "options") {
			opts = append(opts, o.(map[string]any))
		}
		what := "question " + qm["id"].(string)
		if qm["type"] == TypeMultiChoice {
			what = "loose " + what
		}
		c.leak(what, obj(qm, "answered"), opts...)
	}
	fftLeaks := func(what string, f map[string]any) {
		ans := obj(f, "answers")
		c.leak(what+" answers", obj(f, "total"), cellsOf(ans, FFTAnswers...)...)
		c.leak(what+" positive", obj(f, "positive"), cellsOf(ans, FFTVeryGood, FFTGood)...)
		c.leak(what+" negative", obj(f, "negative"), cellsOf(ans, FFTPoor, FFTVeryPoor)...)
		c.leak(what+" groups", obj(f, "total"), obj(f, "positive"), obj(ans, FFTNeither), obj(f, "negative"), obj(ans, FFTDontKnow))
	}
	fftLeaks("fft", obj(doc, "fft"))
	roles := list(doc, "roles")
	for _, r := range roles {
		fftLeaks("role fft", obj(r, "fft"))
	}
	if len(roles) >= 2 {
		across := func(what string, total map[string]any, pick func(r any) map[string]any) {
			var ms []map[string]any
			for _, r := range roles {
				if m := pick(r); m != nil {
					ms = append(ms, m)
				}
			}
			c.leak(what, total, ms...)
		}
		for _, k := range []string{"total", "positive", "negative"} {
			across("fft "+k+" by role", obj(doc, "fft", k), func(r any) map[string]any { return obj(r, "fft", k) })
		}
		for _, a := range FFTAnswers {
			across("fft "+a+" by role", obj(doc, "fft", "answers", a), func(r any) map[string]any { return obj(r, "fft", "answers", a) })
		}
		across("comments by role", obj(doc, "comments"), func(r any) map[string]any { return obj(r, "comments") })
		for _, th := range list(doc, "themes") {
			name := th.(map[string]any)["theme"]
			across(fmt.Sprintf("theme %v by role", name), th.(map[string]any), func(r any) map[string]any {
				for _, rt := range list(r, "themes") {
					if rt.(map[string]any)["theme"] == name {
						return rt.(map[string]any)
					}
				}
				return nil
			})
		}
	}
	for _, th := range append(list(doc, "themes"), list(doc, "major_themes")...) {
		tm := th.(map[string]any)
		c.leak(fmt.Sprintf("sentiment of %v%v", tm["major"], tm["theme"]), tm, cellsOf(obj(tm, "sentiment"), SentimentPositive, SentimentNeutral, SentimentNegative)...)
	}
	c.visibleAreTrue(doc)
	c.attack()
}

// attack plays a reader who combines every published total: it solves the
// linear system of the exact groups for the hidden cells and fails if any
// hidden cell comes out as a definite non-zero number.
func (c *propCheck) attack() {
	ids := map[uintptr]int{}
	var names []map[string]any
	var rows [][]float64
	var rhs []float64
	for _, eq := range c.eqs {
		row := map[int]float64{}
		k := 0.0
		for i, cell := range eq {
			coef := -1.0
			if i == 0 {
				coef = 1
			}
			if cell == nil {
				continue
			}
			if visible(cell) {
				k -= coef * cell["count"].(float64)
				continue
			}
			p := reflect.ValueOf(cell).Pointer()
			if _, ok := ids[p]; !ok {
				ids[p] = len(names)
				names = append(names, cell)
			}
			row[ids[p]] += coef
		}
		if len(row) == 0 {
			continue
		}
		full := make([]float64, 0)
		for j, v := range row {
			for len(full) <= j {
				full = append(full, 0)
			}
			full[j] = v
		}
		rows = append(rows, full)
		rhs = append(rhs, k)
	}
	n := len(names)
	m := make([][]float64, len(rows))
	for i := range rows {
		m[i] = make([]float64, n+1)
		copy(m[i], rows[i])
		m[i][n] = rhs[i]
	}
	const eps = 1e-9
	r := 0
	var pivots []int
	for col := 0; col < n && r < len(m); col++ {
		best := r
		for i := r + 1; i < len(m); i++ {
			if math.Abs(m[i][col]) > math.Abs(m[best][col]) {
				best = i
			}
		}
		if math.Abs(m[best][col]) < eps {
			continue
		}
		m[r], m[best] = m[best], m[r]
		inv := 1 / m[r][col]
		for j := range m[r] {
			m[r][j] *= inv
		}
		for i := range m {
			if i != r && math.Abs(m[i][col]) > eps {
				f := m[i][col]
				for j := range m[i] {
					m[i][j] -= f * m[r][j]
				}
			}
		}
		pivots = append(pivots, col)
		r++
	}
	for i, col := range pivots {
		alone := true
		for j := 0; j < n; j++ {
			if j != col && math.Abs(m[i][j]) > eps {
				alone = false
			}
		}
		if alone && math.Abs(m[i][n]) > 0.5 {
			c.errorf("a hidden cell can be worked out as %v from the published totals", m[i][n])
		}
	}
}

// visibleAreTrue checks that what is shown is the true count.
func (c *propCheck) visibleAreTrue(doc map[string]any) {
	if v, ok := doc["responses"].(map[string]any)["total"].(float64); ok && int(v) != c.r.Total {
		c.errorf("responses.total = %v, want %d", v, c.r.Total)
	}
	for role, cell := range obj(doc, "responses", "by_role") {
		if v, ok := cell.(map[string]any)["count"].(float64); ok && int(v) != c.r.ByRole[role] {
			c.errorf("by_role.%s = %v, want %d", role, v, c.r.ByRole[role])
		}
	}
	for a, cell := range obj(doc, "fft", "answers") {
		if v, ok := cell.(map[string]any)["count"].(float64); ok && int(v) != c.r.FFT[a] {
			c.errorf("fft.answers.%s = %v, want %d", a, v, c.r.FFT[a])
		}
	}
	for _, q := range list(doc, "questions") {
		qm := q.(map[string]any)
		id := qm["id"].(string)
		for _, o := range list(qm, "options") {
			om := o.(map[string]any)
			if v, ok := om["count"].(float64); ok && int(v) != c.r.Options[id][om["value"].(string)] {
				c.errorf("question %s option %v = %v, want %d", id, om["value"], v, c.r.Options[id][om["value"].(string)])
			}
		}
	}
}

// gate checks the quote minimum: below it no quotes and no emerging terms.
func (c *propCheck) gate(doc map[string]any) {
	if c.pct {
		return
	}
	if n := len(list(doc, "quotes")); n != 0 {
		c.errorf("%d quotes shown below the quote minimum", n)
	}
	if n := len(list(doc, "emerging_terms")); n != 0 {
		c.errorf("%d emerging terms shown below the quote minimum", n)
	}
	if doc["suppression"].(map[string]any)["percentages"] != false {
		c.errorf("suppression.percentages should be false")
	}
}

func TestTallyKeysAreSafe(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	r := randomRollup(rng, 200)
	for q, m := range r.Options {
		for k := range m {
			if _, err := strconv.Atoi(k); err != nil && !optionValueRE.MatchString(k) {
				t.Errorf("option key %q of %s is not a safe key", k, q)
			}
		}
	}
}
