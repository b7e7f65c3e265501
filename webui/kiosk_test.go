package webui_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestKiosk(t *testing.T) {
	e := newEnv(t)
	p := e.get("/s/" + testSlug + "/ward-a?kiosk=1")
	assertContains(t, p.Body, `<body data-kiosk="1">`, `action="/s/ward-feedback/ward-a?kiosk=1"`, `name="kiosk" value="1"`)
	form := url.Values{"response_id": {hiddenValue(t, p.Body, "response_id")}, "kiosk": {"1"}, "a-role": {"service_user"}, "a-fft": {"very_good"}}
	r := e.post("/s/"+testSlug+"/ward-a?kiosk=1", form)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("kiosk submit: got %d, want 303", r.Status)
	}
	loc := r.Header.Get("Location")
	if q := checkThanksLocation(t, loc, "ward-a"); q.Get("kiosk") != "1" || q.Get("q") != "2026-27-Q3" {
		t.Fatalf("kiosk submit: redirect %q lost the kiosk view or quarter", loc)
	}
	thanks := e.get(loc)
	assertContains(t, thanks.Body, `<body data-kiosk="1">`, `id="support"`, "116 123",
		`<a href="/s/ward-feedback/ward-a?kiosk=1" id="another" data-return-after="30">`,
		"This page will go back to the start in a few seconds.")
	// A fresh form gets a fresh response id: nothing links one person to the next.
	if next := e.get("/s/" + testSlug + "/ward-a?kiosk=1"); hiddenValue(t, next.Body, "response_id") == form.Get("response_id") {
		t.Error("kiosk form reused the previous response id")
	}
}

func TestScriptHooks(t *testing.T) {
	// The script and the browser tests rely on these attributes.
	e := newEnv(t)
	p := e.get("/s/" + testSlug + "/ward-a?lang=cy")
	assertContains(t, p.Body,
		`data-api="/api/v1/public/surveys/ward-feedback/responses"`,
		`data-thanks="/s/ward-feedback/thanks?lang=cy&amp;team=ward-a"`,
		`data-draft="chorus-draft:ward-feedback:ward-a"`,
		`data-msg-offline="Mae eich adborth wedi&#39;i gadw ar y ffôn hwn`,
		`data-msg-sent="Diolch, mae eich adborth wedi&#39;i anfon."`,
		`id="chorus-status" class="chorus-status" role="status" aria-live="polite"`,
		`id="q-carer_involved" data-question="carer_involved" data-type="yes_no"`,
		`id="submit-feedback"`,
	)
	if !strings.Contains(p.Body, `<script src="/static/chorus.`) || !strings.Contains(p.Body, `.js" defer></script>`) {
		t.Error("page does not load the script deferred from /static")
	}
}

func TestFormTooLarge(t *testing.T) {
	e := newEnv(t)
	form := url.Values{"a-good": {strings.Repeat("x", 70<<10)}}
	p := e.post("/s/"+testSlug+"/ward-a", form)
	if p.Status != http.StatusRequestEntityTooLarge || !strings.Contains(p.Body, "Your answers are too long") {
		t.Errorf("oversized form: got %d, want the 413 page", p.Status)
	}
	if got := e.countResponses(); got != 0 {
		t.Errorf("stored responses: got %d, want 0", got)
	}
}

func TestPrivacy(t *testing.T) {
	e := newEnv(t)
	p := e.get("/privacy")
	if p.Status != http.StatusOK {
		t.Fatalf("status %d", p.Status)
	}
	assertContains(t, p.Body, "Your IP address", "Cookies. These pages do not set any cookies.", "The date you sent it. We do not keep the time.",
		"names, phone numbers, email addresses", "safeguarding lead", "records policy")
}

func TestRateLimit(t *testing.T) {
	e := newEnvRate(t, 1)
	send := func() page {
		id := hiddenValue(t, e.get("/s/"+testSlug+"/ward-a").Body, "response_id")
		return e.post("/s/"+testSlug+"/ward-a", url.Values{"response_id": {id}, "a-role": {"service_user"}, "a-fft": {"good"}, "a-town": {"Leeds"}})
	}
	if p := send(); p.Status != http.StatusSeeOther {
		t.Fatalf("first submit: got %d, want 303", p.Status)
	}
	p := send()
	if p.Status != http.StatusTooManyRequests {
		t.Fatalf("second submit in the minute: got %d, want 429", p.Status)
	}
	assertContains(t, p.Body, "Too many responses have been sent from this device", `value="Leeds"`)
	if got := e.countResponses(); got != 1 {
		t.Errorf("stored responses: got %d, want 1", got)
	}
}

func TestStoreDown(t *testing.T) {
	// A person who posts while the store is failing gets the form back with
	// their answers and a request to try again, never an error page.
	e := newEnv(t)
	id := hiddenValue(t, e.get("/s/"+testSlug+"/ward-a").Body, "response_id")
	must(t, e.Store.Close(context.Background()))
	p := e.post("/s/"+testSlug+"/ward-a", url.Values{"response_id": {id}, "a-role": {"service_user"}, "a-fft": {"good"}, "a-good": {"Kind staff"}})
	if p.Status != http.StatusServiceUnavailable {
		t.Fatalf("status: got %d, want 503", p.Status)
	}
	assertContains(t, p.Body, "We could not send your feedback just now. Your answers are still here.",
		`>Kind staff</textarea>`, `name="response_id" value="`+id+`"`)
}
