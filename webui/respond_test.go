package webui_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/survey"
)

func TestSurveyForm(t *testing.T) {
	e := newEnv(t)
	t.Run("OK", func(t *testing.T) {
		p := e.get("/s/" + testSlug + "/ward-a")
		if p.Status != http.StatusOK {
			t.Fatalf("status: got %d, want 200\n%s", p.Status, p.Body)
		}
		assertContains(t, p.Body,
			`<html lang="en" dir="ltr">`,
			`<h1><span class="nhsuk-caption-l">Ward A`,
			`Tell us about the ward</h1>`,
			`<form method="post" action="/s/ward-feedback/ward-a"`,
			`name="response_id" value="`,
			// single_choice: radios in a fieldset with a legend, required in words
			`<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Are you… <span class="chorus-required">(required)</span></legend>`,
			`<input class="nhsuk-radios__input" id="a-role" name="a-role" type="radio" value="service_user">`,
			`<label class="nhsuk-label nhsuk-radios__label" for="a-role-2">A carer, friend or family member</label>`,
			// fft: the six NHS answers
			`id="a-fft" name="a-fft" type="radio" value="very_good"`, `>Neither good nor poor</label>`, `value="dont_know"`,
			// likert: five points, strongly agree first
			`id="a-listened" name="a-listened" type="radio" value="5"`, `>Strongly disagree</label>`,
			// rating: inline 1..max with a hint
			`<div class="nhsuk-radios nhsuk-radios--inline">`, `id="a-score-10" name="a-score" type="radio" value="10"`, `1 is the lowest and 10 is the highest.`,
			// yes_no
			`id="a-contact" name="a-contact" type="radio" value="yes"`, `id="a-contact-2" name="a-contact" type="radio" value="no"`,
			// number: text input with a numeric keyboard
			`Enter a whole number from 0 to 100.`,
			`<input class="nhsuk-input nhsuk-input--width-5" id="a-visits" name="a-visits" type="text" value="" autocomplete="off" inputmode="numeric"`,
			// multi_choice: checkboxes
			`<input class="nhsuk-checkboxes__input" id="a-helped" name="a-helped" type="checkbox" value="talking">`, `Select up to 2.`,
			// short_text
			`id="a-town" name="a-town" type="text" value="" autocomplete="off" maxlength="50"`,
			// long_text: textarea with a character count
			`<div class="nhsuk-character-count" data-module="nhsuk-character-count" data-maxlength="500">`,
			`<textarea class="nhsuk-textarea nhsuk-js-character-count" id="a-good" name="a-good" rows="5" autocomplete="off" aria-describedby="a-good-hint a-good-info"></textarea>`,
			`You can enter up to 500 characters.`,
			// the carer section is hidden until role is carer, with its condition for the script
			`id="section-carers" data-section="carers" data-if-q="role" data-if-v="[&#34;carer&#34;]" hidden>`,
			// without JavaScript, "Update the questions" after the role question
			`name="action" value="refresh" formaction="/s/ward-feedback/ward-a#q-role" id="refresh-role"`,
		)
	})
	t.Run("TeamChoice", func(t *testing.T) {
		p := e.get("/s/" + testSlug)
		if p.Status != http.StatusOK {
			t.Fatalf("status: got %d", p.Status)
		}
		assertContains(t, p.Body, `Which team is your feedback about?`, `<input class="nhsuk-radios__input" id="team" name="team" type="radio" value="ward-a">`)
		r := e.get("/s/" + testSlug + "?choose=1&team=ward-b&lang=cy")
		if got, want := r.Header.Get("Location"), "/s/ward-feedback/ward-b?lang=cy"; r.Status != http.StatusSeeOther || got != want {
			t.Errorf("team choice: got %d %q, want 303 %q", r.Status, got, want)
		}
		r = e.get("/s/" + testSlug + "?choose=1")
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `<a href="#team">Select an answer</a>`) {
			t.Errorf("no team chosen: got %d, want 422 with an error summary", r.Status)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		for _, path := range []string{"/s/no-such-survey", "/s/" + testSlug + "/no-such-team", "/s/BAD%20SLUG"} {
			p := e.get(path)
			if p.Status != http.StatusNotFound || !strings.Contains(p.Body, "We could not find this survey") {
				t.Errorf("%s: got %d, want the 404 page", path, p.Status)
			}
			if ct := p.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("%s: content type %q, want HTML", path, ct)
			}
		}
	})
}

func TestSubmit(t *testing.T) {
	e := newEnv(t)
	fresh := e.get("/s/" + testSlug + "/ward-a")
	id := hiddenValue(t, fresh.Body, "response_id")
	form := url.Values{
		"response_id": {id}, "team": {"ward-a"}, "lang": {"en"},
		"a-role": {"service_user"}, "a-fft": {"good"}, "a-listened": {"4"}, "a-score": {"8"},
		"a-contact": {"yes"}, "a-visits": {"3"}, "a-helped": {"talking", "food"}, "a-town": {""},
		"a-good": {"Kind staff.\r\nGood food."},
		// hidden: role is not carer, so this answer is dropped, not rejected
		"a-carer_involved": {"no"},
	}
	t.Run("OK", func(t *testing.T) {
		p := e.post("/s/"+testSlug+"/ward-a", form)
		if p.Status != http.StatusSeeOther {
			t.Fatalf("status: got %d, want 303\n%s", p.Status, p.Body)
		}
		checkThanksLocation(t, p.Header.Get("Location"), "ward-a")
		if got := e.countResponses(); got != 1 {
			t.Errorf("stored responses: got %d, want 1", got)
		}
	})
	t.Run("DoubleSubmitStoresOne", func(t *testing.T) {
		p := e.post("/s/"+testSlug+"/ward-a", form)
		if p.Status != http.StatusSeeOther {
			t.Fatalf("status: got %d, want 303", p.Status)
		}
		if got := e.countResponses(); got != 1 {
			t.Errorf("stored responses after a double submit: got %d, want 1", got)
		}
	})
	t.Run("ThankYou", func(t *testing.T) {
		p := e.get("/s/ward-feedback/thanks?q=2026-27-Q3&team=ward-a")
		assertContains(t, p.Body, "Thank you, your feedback has been sent",
			"The themes for Q3 2026/27 (Oct–Dec 2026) will be shared with the team after 31 December 2026",
			`href="/you-said-we-did/adult-mh"`)
		// Everyone is shown where to get help now.
		assertContains(t, p.Body, `id="support"`, `Call NHS <a href="tel:111">111</a> and choose option 2`,
			`Call Samaritans free on <a href="tel:116123">116 123</a>`, `Call <a href="tel:999">999</a> or go to A&amp;E`)
		// A flag in the address is not obeyed: nothing there may carry one.
		assertNotContains(t, e.get("/s/ward-feedback/thanks?q=2026-27-Q3&crisis=1").Body, "nhsuk-card--care--urgent")
	})
}

// TestCrisisWordingPerOrganisation: an organisation's own crisis-support
// wording is shown on the thank-you page, in the respondent's language,
// before the national numbers, which every page keeps.
func TestCrisisWordingPerOrganisation(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	tm, err := e.Store.FindTeam(ctx, "ward-a")
	if err != nil {
		t.Fatal(err)
	}
	org, err := e.Store.FindOrganisation(ctx, tm.Organisation)
	if err != nil {
		t.Fatal(err)
	}
	org.Settings.CrisisText = survey.Label{
		"en": "Call the Wales crisis line on 0800 132 737.\nIn an emergency call 999.",
		"cy": "Ffoniwch linell argyfwng Cymru ar 0800 132 737.",
	}
	if err := e.Store.UpdateOrganisation(ctx, *org); err != nil {
		t.Fatal(err)
	}
	p := e.get("/s/ward-feedback/thanks?q=2026-27-Q3&team=ward-a")
	assertContains(t, p.Body, `id="support"`, "<p>Call the Wales crisis line on 0800 132 737.</p>", "<p>In an emergency call 999.</p>", "116 123")
	if strings.Index(p.Body, "Wales crisis line") > strings.Index(p.Body, "116 123") {
		t.Errorf("the organisation's wording comes after the national numbers; want it first")
	}
	if cy := e.get("/s/ward-feedback/thanks?team=ward-a&lang=cy"); !strings.Contains(cy.Body, "Ffoniwch linell argyfwng Cymru") {
		t.Errorf("Welsh page lacks the Welsh crisis wording")
	}
	// Without a team the page cannot know the organisation: the default stays.
	p = e.get("/s/ward-feedback/thanks")
	assertContains(t, p.Body, "116 123")
	assertNotContains(t, p.Body, "Wales crisis line")
}
