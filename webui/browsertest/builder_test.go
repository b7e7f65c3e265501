package browsertest

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/demo"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// builderPassword is the password of the builder test's accounts.
const builderPassword = "a long and memorable builder password"

// TestBuilderRoundTrip builds a new survey through the builder pages only
// (no JSON), in real headless Chromium: an administrator starts and writes
// it, a co-production panel member comments and approves, a manager of its
// team publishes it, and a respondent answers it. axe-core checks every
// builder and co-design page on the way; the carer question must show for
// carers only.
func TestBuilderRoundTrip(t *testing.T) {
	a := newApp(t)
	a.account(t, "admin@demo.invalid", "Alex Admin", store.Role{Role: api.RoleAdministrator})
	a.account(t, "panel@demo.invalid", "Pat Panel", store.Role{Role: api.RolePanel, Services: []string{"community-mental-health"}})
	a.account(t, "manager@demo.invalid", "Morgan Manager", store.Role{Role: api.RoleManager, Teams: []string{"north-cmht"}})
	ctx := newTab(t)
	const slug = "carer-voices"

	signIn(t, ctx, a, "admin@demo.invalid")
	do(t, ctx, "open new survey", chromedp.Navigate(a.URL+"/staff/surveys/new"), chromedp.WaitVisible(chromedp.ID("title")))
	runAxe(t, ctx, "start a survey")
	do(t, ctx, "name the survey", chromedp.SendKeys(chromedp.ID("title"), "Carers and service users"), chromedp.SendKeys(chromedp.ID("slug"), slug))
	press(t, ctx, `form[action="/staff/surveys/new"] button[type="submit"]`)
	waitFor(t, ctx, "the builder", `document.getElementById("builder-form") !== null`)
	axeBuilder(t, ctx, "builder, new survey")

	do(t, ctx, "section and team",
		chromedp.SendKeys(chromedp.ID("f-sections-0-title-en"), "About you"),
		chromedp.Click(chromedp.ID("f-teams-north-cmht")))
	// The live preview follows the unsaved form and says so, politely.
	waitFor(t, ctx, "the live preview", `document.getElementById("builder-live").textContent === "Preview updated." &&
  document.getElementById("preview-frame").contentDocument.body.textContent.indexOf("About you") >= 0`)
	// Keyboard only: focus "Add a question" and press Enter; the new
	// question's heading has the focus on the page that comes back.
	eval[bool](t, ctx, `(document.querySelector('button[value="add-question sections[0]"]').focus(), true)`)
	navigate(t, ctx, func() { key(t, ctx, kb.Enter) })
	if got := focused(t, ctx); got != "#f-sections-0-questions-0" {
		t.Errorf("after adding a question the focus is on %s, want the new question's heading", got)
	}
	q := "f-sections-0-questions-0"
	setText(t, ctx, q+"-id", "role")
	setText(t, ctx, q+"-label-en", "Are you…")
	do(t, ctx, "role type", chromedp.SetValue(chromedp.ID(q+"-type"), "single_choice"), chromedp.Click(chromedp.ID(q+"-required")))
	press(t, ctx, `button[value="change-type sections[0].questions[0]"]`)
	setText(t, ctx, q+"-options-0-value", "service_user")
	setText(t, ctx, q+"-options-0-label-en", "Someone who uses the service")
	setText(t, ctx, q+"-options-1-value", "carer")
	setText(t, ctx, q+"-options-1-label-en", "A carer, friend or family member")

	addQuestion(t, ctx, 1, "fft", "fft", "Overall, how was your experience of our service?")
	addQuestion(t, ctx, 2, "good", "long_text", "What was good?")
	do(t, ctx, "prompt kind", chromedp.SetValue(chromedp.ID("f-sections-0-questions-2-prompt_kind"), "what_good"))
	addQuestion(t, ctx, 3, "carer_involved", "yes_no", "Did staff involve you in planning care?")
	// Only carers: open "When to show this question" and tick "A carer".
	do(t, ctx, "condition",
		chromedp.Click(chromedp.CSS(`#f-sections-0-questions-3 ~ details:last-of-type summary`)),
		chromedp.Click(chromedp.ID("f-sections-0-questions-3-visible_if-role-carer")))
	press(t, ctx, `button[value="add-keyword"]`)
	setText(t, ctx, "f-keywords-0-keyword", "skylark")
	do(t, ctx, "keyword team", chromedp.SetValue(chromedp.ID("f-keywords-0-team"), "north-cmht"))
	axeBuilder(t, ctx, "builder, four questions")

	// A missing wording is refused with an error summary linking to it.
	setText(t, ctx, "f-sections-0-questions-1-label-en", "")
	press(t, ctx, "#save-draft")
	waitFor(t, ctx, "the error summary", `document.querySelector(".nhsuk-error-summary") !== null`)
	axeBuilder(t, ctx, "builder with errors")
	if sv := a.latest(t, slug); sv != nil && sv.Questions()[1].Label["en"] == "" {
		t.Error("a survey with an error was saved")
	}
	do(t, ctx, "follow the error", chromedp.Click(chromedp.CSS(`.nhsuk-error-summary a[href="#f-sections-0-questions-1-label-en"]`)))
	if got := focused(t, ctx); got != "#f-sections-0-questions-1-label-en" {
		t.Errorf("the error link focused %s", got)
	}
	setText(t, ctx, "f-sections-0-questions-1-label-en", "Overall, how was your experience of our service?")
	press(t, ctx, "#save-draft")
	waitFor(t, ctx, "saved", `(document.getElementById("builder-notice") || {}).textContent === "Information: Draft saved."`)
	if n := a.versions(t, slug); n != 1 {
		t.Fatalf("%d versions saved, want 1", n)
	}
	// Keyboard only: "Move down" on the first question saves and brings
	// the focus to the question in its new place; "Move up" brings it back.
	for _, mv := range []struct{ button, want string }{
		{"down sections[0].questions[0]", "#f-sections-0-questions-1"},
		{"up sections[0].questions[1]", "#f-sections-0-questions-0"},
	} {
		eval[bool](t, ctx, `(document.querySelector('button[value="`+mv.button+`"]').focus(), true)`)
		navigate(t, ctx, func() { key(t, ctx, kb.Enter) })
		if got := focused(t, ctx); got != mv.want {
			t.Errorf("after %q the focus is on %s, want %s", mv.button, got, mv.want)
		}
	}
	if sv := a.latest(t, slug); sv.Questions()[0].ID != "role" {
		t.Errorf("after moving down and up the first question is %q", sv.Questions()[0].ID)
	}
	// The live preview shows the survey at phone width.
	waitFor(t, ctx, "the preview", `(function () { var f = document.getElementById("preview-frame");
  return f && f.contentDocument && f.contentDocument.getElementById("q-carer_involved") !== null && f.getBoundingClientRect().width <= 364; })()`)

	do(t, ctx, "preview page", chromedp.Navigate(a.URL+"/staff/surveys/"+slug+"/preview"), chromedp.WaitVisible(chromedp.ID("survey-form")))
	runAxe(t, ctx, "preview")

	// The panel member comments on a question and approves. Each person
	// has a tab of their own (the browser's cookies are shared), so that
	// no tab outlives the harness's time limit.
	do(t, ctx, "staff home", chromedp.Navigate(a.URL+"/staff"), chromedp.WaitVisible(chromedp.CSS(`form[action="/staff/logout"]`)))
	signOut(t, ctx)
	ctx = newTab(t)
	signIn(t, ctx, a, "panel@demo.invalid")
	do(t, ctx, "surveys", chromedp.Navigate(a.URL+"/staff/surveys"), chromedp.WaitVisible(chromedp.ID("awaiting")))
	runAxe(t, ctx, "surveys, panel member")
	press(t, ctx, `a[href="/staff/surveys/`+slug+`/versions/1/review"]`)
	waitFor(t, ctx, "the review", `document.getElementById("approve") !== null`)
	runAxe(t, ctx, "panel review")
	do(t, ctx, "comment", chromedp.SendKeys(chromedp.ID("comment-fft"), "Could it say “the team” instead of “our service”?"))
	press(t, ctx, `#review-fft ~ form button[type="submit"]`)
	waitFor(t, ctx, "the comment", `document.body.textContent.indexOf("instead of “our service”") >= 0 && document.getElementById("done") !== null`)
	press(t, ctx, "#approve")
	waitFor(t, ctx, "the approval", `document.getElementById("approval-count").textContent.indexOf("1 of 1") === 0`)

	// A manager of the team publishes it.
	signOut(t, ctx)
	ctx = newTab(t)
	signIn(t, ctx, a, "manager@demo.invalid")
	do(t, ctx, "review as manager", chromedp.Navigate(a.URL+"/staff/surveys/"+slug+"/versions/1/review"), chromedp.WaitVisible(chromedp.ID("publish")))
	runAxe(t, ctx, "review, manager")
	press(t, ctx, "#publish")
	waitFor(t, ctx, "published", `document.getElementById("done") !== null`)
	runAxe(t, ctx, "versions")
	do(t, ctx, "diff", chromedp.Navigate(a.URL+"/staff/surveys/"+slug+"/versions/1/diff"), chromedp.WaitVisible(chromedp.CSS(".chorus-changes")))
	runAxe(t, ctx, "what changed")

	// A respondent answers it; the carer question is for carers only.
	ctx = newTab(t)
	do(t, ctx, "the survey", chromedp.Navigate(a.URL+"/s/"+slug), chromedp.WaitVisible(chromedp.ID("survey-form")))
	hidden := `document.getElementById("q-carer_involved").hidden`
	if !eval[bool](t, ctx, hidden) {
		t.Error("the carer question shows before anyone says they are a carer")
	}
	do(t, ctx, "service user", chromedp.Click(chromedp.CSS(`input[name="a-role"][value="service_user"]`)))
	if !eval[bool](t, ctx, hidden) {
		t.Error("the carer question shows to a service user")
	}
	do(t, ctx, "carer", chromedp.Click(chromedp.CSS(`input[name="a-role"][value="carer"]`)))
	waitFor(t, ctx, "the carer question", `!`+hidden)
	do(t, ctx, "answer",
		chromedp.Click(chromedp.CSS(`input[name="a-fft"][value="good"]`)),
		chromedp.SendKeys(chromedp.ID("a-good"), "Staff listened to me and my mum."),
		chromedp.Click(chromedp.CSS(`input[name="a-carer_involved"][value="yes"]`)),
		chromedp.Click(chromedp.ID("submit-feedback")))
	pageReady(t, ctx, "/thanks")
	if n := a.responsesTo(t, slug); n != 1 {
		t.Errorf("%d responses stored, want 1", n)
	}
}

// axeBuilder runs axe-core on a builder page without its preview frame,
// which holds the respondent form (checked by the respondent pages' axe
// tests, and below on its own): axe cannot look inside a frame it was not
// injected into and reports it as undecided.
func axeBuilder(t *testing.T, ctx context.Context, label string) {
	t.Helper()
	eval[bool](t, ctx, `(function () { var f = document.getElementById("preview-frame");
  window.__chorusFrame = {f: f, p: f.parentNode, n: f.nextSibling}; f.parentNode.removeChild(f); return true; })()`)
	runAxe(t, ctx, label)
	eval[bool](t, ctx, `(function (k) { k.p.insertBefore(k.f, k.n); return true; })(window.__chorusFrame)`)
}

// account creates a staff account of the demo trust.
func (a *app) account(t *testing.T, email, name string, role store.Role) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := a.Store.CreateAccount(ctx, store.Account{Email: email, Name: name, Organisation: demo.Organisation.Slug,
		Roles: []store.Role{role}, PasswordHash: api.HashPassword(builderPassword)}); err != nil {
		t.Fatal(err)
	}
}

// versions counts the saved versions of a survey.
func (a *app) versions(t *testing.T, slug string) int {
	t.Helper()
	vs, err := a.Store.ListVersions(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return len(vs)
}

// latest reads the latest version of a survey, or nil.
func (a *app) latest(t *testing.T, slug string) *survey.Survey {
	t.Helper()
	info, err := a.Store.FindSurvey(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	if info.LatestVersion == 0 {
		return nil
	}
	sv, _, err := a.Store.FindVersion(context.Background(), slug, info.LatestVersion)
	if err != nil {
		t.Fatal(err)
	}
	return sv
}

// responsesTo counts the stored responses to a survey.
func (a *app) responsesTo(t *testing.T, slug string) int64 {
	t.Helper()
	n, err := a.Store.CountResponses(context.Background(), store.ResponseFilter{Survey: slug})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// signIn signs in through the staff sign-in page.
func signIn(t *testing.T, ctx context.Context, a *app, email string) {
	t.Helper()
	do(t, ctx, "sign-in page", chromedp.Navigate(a.URL+"/staff/login"), chromedp.WaitVisible(chromedp.ID("email")))
	do(t, ctx, "sign in", chromedp.SendKeys(chromedp.ID("email"), email), chromedp.SendKeys(chromedp.ID("password"), builderPassword))
	press(t, ctx, `form[action="/staff/login"] button[type="submit"]`)
	waitFor(t, ctx, "signed in", `location.pathname === "/staff" && document.readyState === "complete"`)
}

// signOut presses "Sign out" in the staff menu.
func signOut(t *testing.T, ctx context.Context) {
	t.Helper()
	press(t, ctx, `form[action="/staff/logout"] button`)
	waitFor(t, ctx, "signed out", `location.pathname === "/staff/login"`)
}

// navigate runs act, which loads a new page, and waits for that page.
func navigate(t *testing.T, ctx context.Context, act func()) {
	t.Helper()
	eval[bool](t, ctx, `(window.__chorusOld = true)`)
	act()
	waitFor(t, ctx, "the next page", `window.__chorusOld !== true && document.readyState === "complete"`)
}

// press clicks a button or link that loads a new page, and waits for it.
func press(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	navigate(t, ctx, func() { do(t, ctx, "press "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)) })
}

// setText replaces the text of an input.
func setText(t *testing.T, ctx context.Context, id, text string) {
	t.Helper()
	if !eval[bool](t, ctx, `(function (el) { if (!el) { return false; } el.value = ""; return true; })(document.getElementById(`+jsString(id)+`))`) {
		t.Fatalf("no input #%s", id)
	}
	if text != "" {
		do(t, ctx, "type into "+id, chromedp.SendKeys(chromedp.ID(id), text))
	}
}

// addQuestion adds question n (from 0) to the first section and gives it
// its id, type and wording.
func addQuestion(t *testing.T, ctx context.Context, n int, id, typ, label string) {
	t.Helper()
	press(t, ctx, `button[value="add-question sections[0]"]`)
	q := "f-sections-0-questions-" + strconv.Itoa(n)
	setText(t, ctx, q+"-id", id)
	setText(t, ctx, q+"-label-en", label)
	do(t, ctx, "type of "+id, chromedp.SetValue(chromedp.ID(q+"-type"), typ))
	press(t, ctx, `button[value="change-type sections[0].questions[`+strconv.Itoa(n)+`]"]`)
	if got := eval[string](t, ctx, `document.getElementById("`+q+`-label-en").value`); got != label {
		t.Fatalf("question %s: wording %q after changing its type", id, got)
	}
}
