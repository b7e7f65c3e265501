package demo

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/chorus-nhs/chorus/survey"
)

// History says how much past the demo seeds. The zero value is the full
// demo: six past quarters and the current one so far, at full size.
type History struct {
	// PastQuarters is the number of finished quarters (default 6).
	PastQuarters int
	// Scale multiplies every team's responses per quarter (default 1);
	// tests seed a smaller history.
	Scale float64
}

func (h History) withDefaults() History {
	if h.PastQuarters <= 0 {
		h.PastQuarters = 6
	}
	if h.Scale <= 0 {
		h.Scale = 1
	}
	return h
}

// teamProfile is how one demo team's feedback develops over the history:
// responses per quarter and the chance of a positive Friends and Family
// Test answer, each from the oldest past quarter to the latest.
type teamProfile struct {
	Team     string
	Count    [2]int
	Positive [2]float64
	Carers   float64 // share of respondents who are carers
}

// profiles are the demo teams' stories: North improves, South gets worse,
// the crisis team is large and steady, and early intervention is small
// with few carers, so that its carers' figures stay suppressed.
var profiles = []teamProfile{
	{"north-cmht", [2]int{38, 88}, [2]float64{0.52, 0.88}, 0.25},
	{"south-cmht", [2]int{95, 58}, [2]float64{0.87, 0.50}, 0.22},
	{"crisis-team", [2]int{72, 96}, [2]float64{0.74, 0.79}, 0.35},
	{"early-intervention", [2]int{31, 35}, [2]float64{0.80, 0.84}, 0.07},
}

// Planned is one response of the history: the day it is submitted as of
// (noon in the organisation's time zone) and what is submitted.
type Planned struct {
	Day time.Time
	Sub survey.Submission
	// Risk is set when the response carries a comment meant to raise a
	// safeguarding alert.
	Risk bool
}

// QuarterPlan is one team's quarter of the history.
type QuarterPlan struct {
	Team      string
	Quarter   survey.Quarter
	Current   bool // the unfinished current quarter
	Ago       int  // quarters before the current one (0 for the current)
	Responses []Planned
}

// riskSlots places the bank's risk comments: team, quarters before the
// current one (0 is the current quarter) and the response that carries it.
var riskSlots = []struct {
	team string
	ago  int
	at   int
}{
	{"north-cmht", 5, 7}, {"south-cmht", 3, 11}, {"crisis-team", 2, 5},
	{"early-intervention", 4, 3}, {"crisis-team", 1, 20}, {"south-cmht", 0, 2},
}

// Plan returns the demo's history as of today: for every team in
// profiles, the past quarters oldest first, then the current quarter up to
// today. It is a pure function of its arguments: the same survey, calendar,
// day and History give the same plan, response ids included.
func Plan(sv *survey.Survey, cal survey.Calendar, today time.Time, h History) []QuarterPlan {
	h = h.withDefaults()
	current := cal.QuarterOf(today)
	quarters := cal.LastQuarters(current, h.PastQuarters+1)
	var out []QuarterPlan
	for _, p := range profiles {
		for i, q := range quarters {
			ago := len(quarters) - 1 - i
			out = append(out, planQuarter(sv, cal, today, h, p, q, ago))
		}
	}
	return out
}

// planQuarter draws one team's responses for one quarter from a generator
// seeded by the team and quarter alone.
func planQuarter(sv *survey.Survey, cal survey.Calendar, today time.Time, h History, p teamProfile, q survey.Quarter, ago int) QuarterPlan {
	rng := rand.New(rand.NewPCG(seedOf("plan", p.Team, q.Key())))
	t := progress(ago, h.PastQuarters)
	want := min(max(lerp(float64(p.Count[0]), float64(p.Count[1]), t)*(0.9+0.2*rng.Float64()), 30), 150)
	n := max(1, int(want*h.Scale+0.5))
	start, end := cal.Bounds(q)
	last := end.AddDate(0, 0, -1)
	if ago == 0 {
		last = today
		n = max(1, n*dayCount(start, today)/dayCount(start, end.AddDate(0, 0, -1)))
	}
	qp := QuarterPlan{Team: p.Team, Quarter: q, Current: ago == 0, Ago: ago}
	days := dayCount(start, last)
	positive := lerp(p.Positive[0], p.Positive[1], t)
	for i := range n {
		day := start.AddDate(0, 0, i*days/n)
		day = time.Date(day.Year(), day.Month(), day.Day(), 12, 0, 0, 0, day.Location())
		risk := riskAt(p.Team, ago, i)
		answers := answersFor(sv, rng, positive, p.Carers, risk)
		qp.Responses = append(qp.Responses, Planned{Day: day, Risk: risk != nil, Sub: survey.Submission{
			ID: uuidOf(p.Team, q.Key(), i), Team: p.Team, Language: "en", Answers: answers}})
	}
	return qp
}

// progress is how far quarter ago lies along the history: 0 for the oldest
// past quarter, 1 for the latest past one and the current one.
func progress(ago, past int) float64 {
	if past <= 1 || ago <= 0 {
		return 1
	}
	return float64(past-ago) / float64(past-1)
}

func lerp(a, b, t float64) float64 { return a + (b-a)*t }

// dayCount is the number of calendar days from a to b, both included.
func dayCount(a, b time.Time) int {
	b = time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, b.Location())
	n := 1
	for d := a; d.Before(b) && n < 400; d = d.AddDate(0, 0, 1) {
		n++
	}
	return n
}

// riskAt returns the risk comment placed at this response, or nil.
func riskAt(team string, ago, i int) *comment {
	risks := defaultBank[kindRisk]
	for k, s := range riskSlots {
		if s.team == team && s.ago == ago && s.at == i && k < len(risks) {
			return &risks[k]
		}
	}
	return nil
}

// seedOf derives the two words of a PCG seed from a text key.
func seedOf(parts ...string) (uint64, uint64) {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	sum := h.Sum(nil)
	return binary.BigEndian.Uint64(sum[:8]), binary.BigEndian.Uint64(sum[8:16])
}

// uuidOf is the demo response id of a team's i-th response in a quarter:
// a version 4 layout whose bits come from a hash, so a second seed resends
// the same ids and the store keeps each response once.
func uuidOf(team, quarter string, i int) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("chorus-demo-response\x00%s\x00%s\x00%d", team, quarter, i)))
	b := sum[:16]
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
