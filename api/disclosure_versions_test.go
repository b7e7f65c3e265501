package api_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"testing"

	"github.com/chorus-nhs/chorus/survey"
)

// figures flattens a report JSON into its counts by path (nil where
// suppressed). Array elements are named by their id, role, theme, major or
// value, so that reordering (themes sort by count) keeps paths stable.
func figures(doc map[string]any) map[string]any {
	out := map[string]any{}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			if _, ok := x["suppressed"]; ok {
				if c, ok := x["count"]; ok {
					out[path] = c
				}
				if c, ok := x["total"]; ok && path == ".responses" {
					out[path] = c
				}
			}
			for k, e := range x {
				if k == "change" || k == "quotes" || k == "actions" || k == "emerging_terms" {
					continue
				}
				walk(path+"."+k, e)
			}
		case []any:
			for i, e := range x {
				name := fmt.Sprint(i)
				if m, ok := e.(map[string]any); ok {
					for _, k := range []string{"id", "role", "value"} {
						if s, ok := m[k].(string); ok {
							name = s
							break
						}
					}
					if th, ok := m["theme"].(string); ok {
						name = th + "|" + fmt.Sprint(m["major"])
					}
				}
				walk(path+"["+name+"]", e)
			}
		}
	}
	walk("", doc)
	return out
}

// TestCorrectionRevealsNoLateResponses publishes a team's report, adds two
// late responses, publishes a correction and compares the two versions as
// a reader would: no figure shown in both differs by 1 to 4 (which would
// be the late responses), nothing hidden in version 1 is shown in version
// 2, and the live service report cannot give the hidden total back.
func TestCorrectionRevealsNoLateResponses(t *testing.T) {
	h, _, _ := reportHarness(t)
	if status, out := h.staff("PATCH", "/api/v1/organisations/trust", map[string]any{"settings": map[string]any{"min_base": 5}}); status != http.StatusOK {
		t.Fatalf("settings: %d %v", status, out)
	}
	rng := rand.New(rand.NewPCG(10, 2))
	submit := func(team string, n int) {
		for range n {
			if status, out, _ := h.do("POST", "/api/v1/public/surveys/all-types/responses", randomResponse(rng, team)); status != http.StatusCreated {
				t.Fatalf("submit: %d %v", status, out)
			}
		}
	}
	submit("crisis-team", 30)
	submit("north-cmht", 25)
	r := "/api/v1/teams/crisis-team/reports/2026-27-Q3"
	if status, out := h.staff("POST", r+"/review", nil); status != http.StatusCreated {
		t.Fatalf("review: %d %v", status, out)
	}
	if status, out := h.staff("POST", r+"/publish", nil); status != http.StatusCreated {
		t.Fatalf("publish: %d %v", status, out)
	}
	submit("crisis-team", 2) // late responses
	if status, out := h.staff("POST", r+"/review", nil); status != http.StatusCreated {
		t.Fatalf("review again: %d %v", status, out)
	}
	if status, out := h.staff("POST", r+"/publish", map[string]any{"reason": "Two late responses counted."}); status != http.StatusCreated {
		t.Fatalf("correction: %d %v", status, out)
	}
	_, v1 := h.staff("GET", r+"?version=1", nil)
	_, v2 := h.staff("GET", r+"?version=2", nil)
	if v1["version"] != float64(1) || v2["version"] != float64(2) {
		t.Fatalf("versions %v and %v", v1["version"], v2["version"])
	}
	f1, f2 := figures(v1), figures(v2)
	if f1[".responses"] != float64(30) {
		t.Fatalf("version 1 total = %v, want 30", f1[".responses"])
	}
	if f2[".responses"] != nil || v2["responses"].(map[string]any)["reason"] != survey.ReasonCorrection {
		t.Errorf("version 2 total = %v (%v), want hidden: it would say 2 late responses", f2[".responses"], v2["responses"])
	}
	shownBoth, changed := 0, 0
	for path, a := range f1 {
		b, ok := f2[path]
		if !ok {
			continue
		}
		switch {
		case a == nil && b != nil:
			t.Errorf("%s: hidden in version 1, shown (%v) in version 2", path, b)
		case a != nil && b != nil:
			shownBoth++
			d := b.(float64) - a.(float64)
			if d != 0 {
				changed++
			}
			if d != 0 && d > -5 && d < 5 {
				t.Errorf("%s: %v then %v: the difference gives the late responses away", path, a, b)
			}
		}
	}
	if shownBoth == 0 {
		t.Fatal("no figure shown in both versions: nothing compared")
	}
	// The live service report (sum of both teams) and north-cmht's
	// report must not give the hidden corrected total back by subtraction.
	_, svc := h.staff("GET", "/api/v1/services/cmh/reports/2026-27-Q3", nil)
	_, north := h.staff("GET", "/api/v1/teams/north-cmht/reports/2026-27-Q3", nil)
	fs, fn := figures(svc), figures(north)
	for path, v := range f2 {
		// A hidden zero worked out says only "none"; anything else leaks.
		if v == nil && fs[path] != nil && fn[path] != nil && fs[path] != fn[path] {
			t.Errorf("%s is hidden in the correction but service %v − north-cmht %v gives it", path, fs[path], fn[path])
		}
	}
	t.Logf("%d figures shown in both versions (%d changed by 5 or more)", shownBoth, changed)
}
