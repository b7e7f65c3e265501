package demo

import (
	"reflect"
	"regexp"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/survey"
)

var testToday = time.Date(2026, time.November, 18, 12, 0, 0, 0, survey.DefaultCalendar().Location)

func testPlan(t *testing.T, h History) []QuarterPlan {
	t.Helper()
	sv, err := Survey()
	if err != nil {
		t.Fatal(err)
	}
	sv.Version = 1
	return Plan(sv, survey.DefaultCalendar(), testToday, h)
}

// TestPlanDeterministic: the same inputs give the same plan, ids included.
func TestPlanDeterministic(t *testing.T) {
	a, b := testPlan(t, History{}), testPlan(t, History{})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two plans with the same inputs differ")
	}
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// TestPlanShape checks the history a newcomer sees: six past quarters and
// the current one for every team, 30–150 responses in each past quarter,
// dates inside their quarter and never after today, unique ids, answers
// that the published survey accepts, and the six risk comments.
func TestPlanShape(t *testing.T) {
	sv, err := Survey()
	if err != nil {
		t.Fatal(err)
	}
	cal := survey.DefaultCalendar()
	plan := testPlan(t, History{})
	if got, want := len(plan), len(profiles)*7; got != want {
		t.Fatalf("team quarters = %d, want %d", got, want)
	}
	ids, risks := map[string]bool{}, 0
	for _, qp := range plan {
		n := len(qp.Responses)
		if !qp.Current && (n < 30 || n > 150) {
			t.Errorf("%s %s: %d responses, want 30–150", qp.Team, qp.Quarter.Key(), n)
		}
		start, end := cal.Bounds(qp.Quarter)
		for _, r := range qp.Responses {
			if r.Day.Before(start) || !r.Day.Before(end) || r.Day.After(testToday) {
				t.Fatalf("%s %s: day %s outside the quarter or after today", qp.Team, qp.Quarter.Key(), r.Day)
			}
			if !uuidRE.MatchString(r.Sub.ID) || ids[r.Sub.ID] {
				t.Fatalf("id %q is not a fresh UUID", r.Sub.ID)
			}
			ids[r.Sub.ID] = true
			if _, err := survey.ValidateResponse(sv, r.Sub.Answers); err != nil {
				t.Fatalf("%s %s: %v: %v", qp.Team, qp.Quarter.Key(), r.Sub.Answers, err)
			}
			if r.Risk {
				risks++
			}
		}
	}
	if risks != len(riskSlots) {
		t.Errorf("risk comments = %d, want %d", risks, len(riskSlots))
	}
}

// TestPlanStories checks the teams' stories: North's share of positive
// answers rises, South's falls, and early intervention has too few carers
// in a quarter for their figures to be shown (fewer than 5).
func TestPlanStories(t *testing.T) {
	plan := testPlan(t, History{})
	share := map[string][]float64{}
	carers := map[string][]int{}
	for _, qp := range plan {
		if qp.Current {
			continue
		}
		pos, c := 0, 0
		for _, r := range qp.Responses {
			if f := r.Sub.Answers["fft"]; f == survey.FFTVeryGood || f == survey.FFTGood {
				pos++
			}
			if r.Sub.Answers["role"] == "carer" {
				c++
			}
		}
		share[qp.Team] = append(share[qp.Team], float64(pos)/float64(len(qp.Responses)))
		carers[qp.Team] = append(carers[qp.Team], c)
	}
	first, last := func(s []float64) float64 { return s[0] }, func(s []float64) float64 { return s[len(s)-1] }
	if n := share["north-cmht"]; last(n) < first(n)+0.2 {
		t.Errorf("north-cmht positive share %v: want a clear rise", n)
	}
	if s := share["south-cmht"]; last(s) > first(s)-0.2 {
		t.Errorf("south-cmht positive share %v: want a clear fall", s)
	}
	few := 0
	for _, c := range carers["early-intervention"] {
		if c < 5 {
			few++
		}
	}
	if few < 3 {
		t.Errorf("early-intervention carers per quarter %v: want most below 5", carers["early-intervention"])
	}
}
