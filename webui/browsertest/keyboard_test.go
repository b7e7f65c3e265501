package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// scriptReady waits until the page script has started (it marks the body),
// so that key presses meet the enhanced form.
func scriptReady(t *testing.T, ctx context.Context) {
	t.Helper()
	waitFor(t, ctx, "page script", `document.readyState === "complete" && document.body.className.indexOf("nhsuk-frontend-supported") >= 0`)
}

// tabStopsJS lists, in DOM order, the elements that Tab should reach: every
// visible, enabled link, button and form field that is not taken out of the
// tab order, with one stop per radio group (its checked radio, else its
// first). Each entry has the same description as focusedJS and its box.
const tabStopsJS = `(function () {
  function describe(el) {
    if (el.id) { return "#" + el.id; }
    if (el.name) { return "[name=" + el.name + "]"; }
    return el.tagName.toLowerCase() + ":" + (el.textContent || "").trim().slice(0, 40);
  }
  var out = [];
  var groups = {};
  var all = document.querySelectorAll("a[href], button, input, textarea, select, [tabindex]");
  for (var i = 0; i < all.length; i++) {
    var el = all[i];
    if (el.disabled || el.type === "hidden" || el.tabIndex < 0) { continue; }
    if (!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)) { continue; }
    if (getComputedStyle(el).visibility === "hidden") { continue; }
    if (el.type === "radio") {
      var g = groups[el.name];
      if (g) {
        if (el.checked) { out[g.index] = {name: describe(el)}; }
        continue;
      }
      groups[el.name] = {index: out.length};
    }
    out.push({name: describe(el)});
  }
  return JSON.stringify(out.map(function (s) { return s.name; }));
})()`

// focusBoxJS returns the box of the focused element in page coordinates.
const focusBoxJS = `(function () {
  var el = document.activeElement;
  var r = el.getBoundingClientRect();
  return [r.left + scrollX, r.top + scrollY, r.width, r.height];
})()`

// focusIndicatorJS compares how the focused element looks with focus and
// without (outline, shadow, colours, underline, border; for radios and
// checkboxes also the label's ::before, where nhsuk-frontend draws the
// focus ring), and reports whether anything visible changed. Focus is put
// back afterwards.
const focusIndicatorJS = `(function () {
  var el = document.activeElement;
  if (!el || el === document.body) { return false; }
  var label = (el.type === "radio" || el.type === "checkbox") && el.id ? document.querySelector("label[for='" + el.id + "']") : null;
  function look(node, pseudo) {
    var s = getComputedStyle(node, pseudo || null);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.color, s.textDecorationLine, s.textDecorationThickness, s.borderColor].join("|");
  }
  function snap() { return look(el) + (label ? look(label) + look(label, "::before") + look(label, "::after") : ""); }
  var withFocus = snap();
  el.blur();
  var without = snap();
  el.focus({preventScroll: true});
  return withFocus !== without && document.activeElement === el;
})()`

// tabStops returns the expected tab order of the page.
func tabStops(t *testing.T, ctx context.Context) []string {
	t.Helper()
	var stops []string
	if err := json.Unmarshal([]byte(eval[string](t, ctx, tabStopsJS)), &stops); err != nil {
		t.Fatalf("tab stops: %v", err)
	}
	return stops
}

// walkTabs presses Tab n times from the top of the page and returns what
// had focus after each press, with its box.
func walkTabs(t *testing.T, ctx context.Context, n int) (seq []string, boxes [][4]float64) {
	t.Helper()
	// Start from the top of the document, as a person arriving on the page.
	eval[bool](t, ctx, `(document.activeElement && document.activeElement.blur && document.activeElement.blur(), window.scrollTo(0, 0), true)`)
	for range n {
		key(t, ctx, kb.Tab)
		f := focused(t, ctx)
		seq = append(seq, f)
		boxes = append(boxes, eval[[4]float64](t, ctx, focusBoxJS))
		// WCAG 2.4.7: focus is visible. WCAG 2.4.11: the focused element
		// is on screen, not hidden under anything.
		if !eval[bool](t, ctx, focusIndicatorJS) {
			t.Errorf("%s shows no visible focus indicator", f)
		}
		if !eval[bool](t, ctx, `(function () {
  var el = document.activeElement, r = el.getBoundingClientRect();
  var x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1), y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
  var hit = document.elementFromPoint(x, y);
  var label = el.id ? document.querySelector("label[for='" + el.id + "']") : null;
  return r.bottom > 0 && r.top < innerHeight && !!hit && (hit === el || el.contains(hit) || hit.contains(el) || (label && (hit === label || label.contains(hit))));
})()`) {
			t.Errorf("%s has focus but is off screen or covered", f)
		}
	}
	return seq, boxes
}

// checkFocusOrder tabs through the whole page and checks that focus visits
// every stop once, in DOM order, starting with the skip link, and that the
// order follows the reading order on screen: each stop is below the last,
// or on the same line further along (to the right, or to the left on a
// right-to-left page).
func checkFocusOrder(t *testing.T, ctx context.Context, questions []string) {
	t.Helper()
	want := tabStops(t, ctx)
	if len(want) < 3 {
		t.Fatalf("only %d tab stops found: %v", len(want), want)
	}
	got, boxes := walkTabs(t, ctx, len(want))
	t.Logf("focus order: %s", strings.Join(got, " → "))
	if got[0] != "a:"+eval[string](t, ctx, `document.querySelector(".nhsuk-skip-link").textContent.trim().slice(0, 40)`) {
		t.Errorf("first Tab reached %s, want the skip link", got[0])
	}
	if !slices.Equal(got, want) {
		t.Errorf("focus order differs from the DOM order:\n got  %v\n want %v", got, want)
	}
	// The questions come in the order of the survey, then the button.
	var qs []string
	for _, g := range got {
		if slices.Contains(questions, g) {
			qs = append(qs, g)
		}
	}
	if !slices.Equal(qs, questions) {
		t.Errorf("questions reached in the order %v, want %v", qs, questions)
	}
	rtl := eval[bool](t, ctx, `getComputedStyle(document.body).direction === "rtl"`)
	for i := 1; i < len(boxes); i++ {
		prev, cur := boxes[i-1], boxes[i]
		sameLine := cur[1] < prev[1]+prev[3] && prev[1] < cur[1]+cur[3]
		back := cur[0] < prev[0] // left to right: a later stop on the line is further right
		if rtl {
			back = cur[0]+cur[2] > prev[0]+prev[2]
		}
		if sameLine && back || !sameLine && cur[1] < prev[1] {
			t.Errorf("focus jumps back on screen from %s %v to %s %v", got[i-1], prev, got[i], cur)
		}
	}
}

// tabTo presses Tab until the element described by want has focus, and
// returns the stops passed on the way. It fails after max presses.
func tabTo(t *testing.T, ctx context.Context, want string, max int) []string {
	t.Helper()
	var path []string
	for range max {
		key(t, ctx, kb.Tab)
		f := focused(t, ctx)
		path = append(path, f)
		if f == want {
			return path
		}
	}
	t.Fatalf("Tab did not reach %s in %d presses: %v", want, max, path)
	return nil
}

// checked reports whether the input with the id is checked.
func checked(t *testing.T, ctx context.Context, id string) bool {
	t.Helper()
	return eval[bool](t, ctx, fmt.Sprintf(`document.getElementById(%s).checked`, jsString(id)))
}

// expectFocus fails unless the element described by want has focus.
func expectFocus(t *testing.T, ctx context.Context, want, after string) {
	t.Helper()
	if got := focused(t, ctx); got != want {
		t.Fatalf("after %s focus is on %s, want %s", after, got, want)
	}
}

// TestKeyboardOnly answers and sends the demo survey with the keyboard
// alone, as a carer, with the page script and without it, and checks the
// focus order and the stored response.
func TestKeyboardOnly(t *testing.T) {
	t.Run("with script", func(t *testing.T) {
		a := newApp(t)
		ctx := newTab(t)
		do(t, ctx, "open form", chromedp.Navigate(a.surveyURL("north-cmht")))
		scriptReady(t, ctx)

		checkFocusOrder(t, ctx, []string{"#a-role", "#a-fft", "#a-listened", "#a-contact", "#a-good", "#a-better", "#submit-feedback"})

		// From the top: Tab to the first question.
		do(t, ctx, "reload", chromedp.Navigate(a.surveyURL("north-cmht")))
		scriptReady(t, ctx)
		eval[bool](t, ctx, `(window.scrollTo(0, 0), true)`)
		tabTo(t, ctx, "#a-role", 12)
		responseID := eval[string](t, ctx, `document.querySelector("input[name=response_id]").value`)

		// Arrow down moves to and selects "A carer, friend or family
		// member"; the carer questions appear at once.
		key(t, ctx, kb.ArrowDown)
		expectFocus(t, ctx, "#a-role-2", "ArrowDown")
		if !checked(t, ctx, "a-role-2") {
			t.Fatalf("ArrowDown did not select the carer answer")
		}
		waitFor(t, ctx, "carer questions", `!document.getElementById("section-carers").hidden`)

		key(t, ctx, kb.Tab)
		expectFocus(t, ctx, "#a-fft", "Tab from the role question")
		key(t, ctx, kb.ArrowDown) // "Good"
		if !checked(t, ctx, "a-fft-2") {
			t.Fatalf("ArrowDown on the FFT question did not select Good")
		}
		key(t, ctx, kb.Tab)
		expectFocus(t, ctx, "#a-listened", "Tab from the FFT question")
		key(t, ctx, " ") // Space selects the focused "Strongly agree"
		if !checked(t, ctx, "a-listened") {
			t.Fatalf("Space did not select Strongly agree")
		}
		key(t, ctx, kb.Tab)
		expectFocus(t, ctx, "#a-contact", "Tab from the likert question")
		key(t, ctx, kb.Tab)
		expectFocus(t, ctx, "#a-good", "Tab from the yes/no question")
		key(t, ctx, "Staff listened to me and my dad.")
		key(t, ctx, kb.Tab)
		expectFocus(t, ctx, "#a-better", "Tab from the first comment")
		key(t, ctx, kb.Tab)
		expectFocus(t, ctx, "#a-carer_involved", "Tab from the second comment (carer questions follow)")
		key(t, ctx, " ")
		key(t, ctx, kb.Tab)
		expectFocus(t, ctx, "#a-carer_support", "Tab from carer involvement")
		key(t, ctx, kb.ArrowDown) // "No"
		key(t, ctx, kb.Tab)
		expectFocus(t, ctx, "#a-carer_info", "Tab from carer support")
		key(t, ctx, " ") // "What to do in a crisis"
		key(t, ctx, kb.Tab)
		key(t, ctx, kb.Tab)
		key(t, ctx, " ") // "Details of carer support groups"
		tabTo(t, ctx, "#submit-feedback", 3)
		if n := a.responses(t); n != 0 {
			t.Fatalf("%d responses stored before sending", n)
		}
		key(t, ctx, kb.Enter)

		pageReady(t, ctx, "/thanks")
		do(t, ctx, "thank-you page", chromedp.WaitVisible(chromedp.ID("thanks-panel")))
		if n := a.responses(t); n != 1 {
			t.Fatalf("%d responses stored after sending, want 1", n)
		}
		checkStored(t, a, responseID, map[string]any{
			"role": "carer", "fft": "good", "listened": 5, "good": "Staff listened to me and my dad.",
			"carer_involved": true, "carer_support": "no", "carer_info": []any{"crisis_plan", "carer_groups"},
		})
	})

	t.Run("without script", func(t *testing.T) {
		a := newApp(t)
		ctx := newTab(t)
		noScript(t, ctx)
		do(t, ctx, "open form", chromedp.Navigate(a.surveyURL("south-cmht")))
		do(t, ctx, "form", chromedp.WaitVisible(chromedp.ID("survey-form")))

		// Without the script, "Update the questions" follows the role question.
		checkFocusOrder(t, ctx, []string{"#a-role", "#refresh-role", "#a-fft", "#a-listened", "#a-contact", "#a-good", "#a-better", "#submit-feedback"})

		do(t, ctx, "reload", chromedp.Navigate(a.surveyURL("south-cmht")))
		do(t, ctx, "form", chromedp.WaitVisible(chromedp.ID("survey-form")))
		eval[bool](t, ctx, `(window.scrollTo(0, 0), true)`)
		tabTo(t, ctx, "#a-role", 12)
		responseID := eval[string](t, ctx, `document.querySelector("input[name=response_id]").value`)
		key(t, ctx, kb.ArrowDown)
		// "Update the questions" posts the form and shows the carer questions.
		key(t, ctx, kb.Tab)
		expectFocus(t, ctx, "#refresh-role", "Tab from the role question")
		key(t, ctx, kb.Enter)
		do(t, ctx, "carer questions", chromedp.WaitVisible(chromedp.ID("section-carers")))
		waitFor(t, ctx, "load", `document.readyState === "complete"`)
		if !checked(t, ctx, "a-role-2") {
			t.Fatalf("the carer answer was lost when the questions were updated")
		}
		eval[bool](t, ctx, `(document.activeElement && document.activeElement.blur(), window.scrollTo(0, 0), true)`)
		tabTo(t, ctx, "#a-fft", 15)
		key(t, ctx, " ") // "Very good"
		tabTo(t, ctx, "#a-better", 4)
		key(t, ctx, "Evening appointments.")
		key(t, ctx, kb.Tab)
		expectFocus(t, ctx, "#a-carer_involved", "Tab from the last comment")
		key(t, ctx, kb.ArrowDown) // "No"
		tabTo(t, ctx, "#submit-feedback", 8)
		key(t, ctx, kb.Enter)

		pageReady(t, ctx, "/thanks")
		do(t, ctx, "thank-you page", chromedp.WaitVisible(chromedp.ID("thanks-panel")))
		if n := a.responses(t); n != 1 {
			t.Fatalf("%d responses stored after sending, want 1", n)
		}
		checkStored(t, a, responseID, map[string]any{
			"role": "carer", "fft": "very_good", "better": "Evening appointments.", "carer_involved": false,
		})
	})
}

// TestKeyboardTeamChoice chooses a team on the team-choice page with the
// keyboard alone and reaches that team's form.
func TestKeyboardTeamChoice(t *testing.T) {
	a := newApp(t)
	for _, script := range []bool{true, false} {
		name := "with script"
		if !script {
			name = "without script"
		}
		t.Run(name, func(t *testing.T) {
			ctx := newTab(t)
			if !script {
				noScript(t, ctx)
			}
			do(t, ctx, "open", chromedp.Navigate(a.URL+"/s/quarterly-feedback"))
			if script {
				scriptReady(t, ctx)
			}
			checkFocusOrder(t, ctx, []string{"#team", "#continue"})
			do(t, ctx, "reload", chromedp.Navigate(a.URL+"/s/quarterly-feedback"))
			waitFor(t, ctx, "load", `document.readyState === "complete"`)
			tabTo(t, ctx, "#team", 10)
			key(t, ctx, kb.ArrowDown)
			key(t, ctx, kb.ArrowDown) // the third team
			expectFocus(t, ctx, "#team-3", "two ArrowDowns")
			key(t, ctx, kb.Tab)
			expectFocus(t, ctx, "#continue", "Tab from the teams")
			key(t, ctx, kb.Enter)
			pageReady(t, ctx, "/s/quarterly-feedback/crisis-team")
			do(t, ctx, "form", chromedp.WaitVisible(chromedp.ID("survey-form")))
		})
	}
}

// TestForcedColors emulates a high-contrast theme (Windows "contrast
// themes": forced-colors: active), in which the browser replaces colours,
// backgrounds and shadows, and checks that every tab stop still shows a
// visible focus indicator and that the form still passes axe.
func TestForcedColors(t *testing.T) {
	a := newApp(t)
	ctx := newTab(t)
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "forced-colors", Value: "active"}, {Name: "prefers-contrast", Value: "more"}},
	}); err != nil {
		t.Fatalf("emulate forced colours: %v", err)
	}
	do(t, ctx, "open form", chromedp.Navigate(a.surveyURL("north-cmht")))
	scriptReady(t, ctx)
	if !eval[bool](t, ctx, `matchMedia("(forced-colors: active)").matches`) {
		t.Fatalf("forced colours not in effect")
	}
	checkFocusOrder(t, ctx, []string{"#a-role", "#a-fft", "#a-listened", "#a-contact", "#a-good", "#a-better", "#submit-feedback"})
	runAxe(t, ctx, "form in forced colours")
}

// TestFocusOrderEveryQuestionType tabs through webui's survey with every
// question type, in English and in Arabic (right to left).
func TestFocusOrderEveryQuestionType(t *testing.T) {
	a := newApp(t)
	a.publishAllTypes(t)
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			ctx := newTab(t)
			do(t, ctx, "open form", chromedp.Navigate(a.URL+"/s/"+allTypesSlug+"/ward-a?lang="+lang))
			scriptReady(t, ctx)
			if dir := eval[string](t, ctx, `document.documentElement.dir`); (lang == "ar") != (dir == "rtl") {
				t.Errorf("lang %s: dir=%q", lang, dir)
			}
			if got := eval[string](t, ctx, `document.documentElement.lang`); got != lang {
				t.Errorf("html lang=%q, want %q", got, lang)
			}
			checkFocusOrder(t, ctx, []string{"#a-role", "#a-fft", "#a-listened", "#a-score", "#a-contact", "#a-visits", "#a-helped", "#a-town", "#a-good", "#submit-feedback"})
		})
	}
}

// checkStored reads the stored response and compares its answers with want
// (exactly: no other answer may be stored).
func checkStored(t *testing.T, a *app, id string, want map[string]any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r, err := a.Store.FindResponse(ctx, id)
	if err != nil {
		t.Fatalf("find response %s: %v", id, err)
	}
	got, err := json.Marshal(r.Answers)
	if err != nil {
		t.Fatalf("answers: %v", err)
	}
	exp, _ := json.Marshal(want)
	var g, w map[string]any
	_ = json.Unmarshal(got, &g)
	_ = json.Unmarshal(exp, &w)
	gs, _ := json.Marshal(g)
	ws, _ := json.Marshal(w)
	if string(gs) != string(ws) {
		t.Errorf("stored answers\n got  %s\n want %s", gs, ws)
	}
}
