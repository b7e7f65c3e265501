package webui_test

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestConditionalRefresh(t *testing.T) {
	e := newEnv(t)
	id := hiddenValue(t, e.get("/s/"+testSlug+"/ward-a").Body, "response_id")
	form := url.Values{"response_id": {id}, "team": {"ward-a"}, "lang": {"en"}, "a-role": {"carer"}, "a-good": {"Nice garden"}, "action": {"refresh"}}
	p := e.post("/s/"+testSlug+"/ward-a", form)
	if p.Status != http.StatusOK {
		t.Fatalf("status: got %d, want 200", p.Status)
	}
	// The carer section is now shown, answers are kept, the id is the same and nothing was stored.
	assertContains(t, p.Body,
		`id="section-carers" data-section="carers" data-if-q="role" data-if-v="[&#34;carer&#34;]">`,
		`id="a-role-2" name="a-role" type="radio" value="carer" checked>`,
		`>Nice garden</textarea>`,
		`name="response_id" value="`+id+`"`,
		`data-posted="1"`,
	)
	assertNotContains(t, p.Body, "nhsuk-error-summary")
	if got := e.countResponses(); got != 0 {
		t.Errorf("stored responses after a refresh: got %d, want 0", got)
	}
}

func TestErrorSummary(t *testing.T) {
	e := newEnv(t)
	id := hiddenValue(t, e.get("/s/"+testSlug+"/ward-a").Body, "response_id")
	t.Run("RequiredAndNumber", func(t *testing.T) {
		form := url.Values{"response_id": {id}, "team": {"ward-a"}, "a-role": {"carer"}, "a-visits": {"lots"}, "a-town": {"Leeds"}}
		p := e.post("/s/"+testSlug+"/ward-a", form)
		if p.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status: got %d, want 422", p.Status)
		}
		assertContains(t, p.Body,
			`<title>Error: Tell us about the ward</title>`,
			`<div class="nhsuk-error-summary" tabindex="-1" autofocus>`,
			`<div role="alert">`,
			`<a href="#a-fft">Select an answer: Overall, how was your experience of our service?</a>`,
			`<a href="#a-visits">Enter a number, like 3: How many times did you visit?</a>`,
			`<a href="#a-carer_involved">Select an answer: Did staff involve you in planning care?</a>`,
			`<div class="nhsuk-form-group nhsuk-form-group--error" id="q-fft"`,
			`<span class="nhsuk-error-message" id="a-fft-error"><span class="nhsuk-u-visually-hidden">Error:</span> Select an answer</span>`,
			`<fieldset class="nhsuk-fieldset" aria-describedby="a-fft-error">`,
			`<input class="nhsuk-input nhsuk-input--width-5 nhsuk-input--error" id="a-visits" name="a-visits" type="text" value="lots"`,
			`value="Leeds"`,
		)
		// The summary lists errors in form order.
		if strings.Index(p.Body, `href="#a-fft"`) > strings.Index(p.Body, `href="#a-visits"`) {
			t.Error("error summary is not in form order")
		}
		if got := e.countResponses(); got != 0 {
			t.Errorf("stored responses: got %d, want 0", got)
		}
	})
	t.Run("FromServerValidation", func(t *testing.T) {
		// Too many choices and too long: only the server's validation knows.
		form := url.Values{"response_id": {id}, "team": {"ward-a"}, "a-role": {"service_user"}, "a-fft": {"good"},
			"a-helped": {"talking", "food", "activities"}, "a-town": {strings.Repeat("x", 60)}}
		p := e.post("/s/"+testSlug+"/ward-a", form)
		if p.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status: got %d, want 422", p.Status)
		}
		assertContains(t, p.Body, `<a href="#a-helped">`, `<a href="#a-town">`, `id="a-helped-error"`, `id="a-town-error"`)
		if got := e.countResponses(); got != 0 {
			t.Errorf("stored responses: got %d, want 0", got)
		}
	})
}

func TestNoCookies(t *testing.T) {
	e := newEnv(t)
	fresh := e.get("/s/" + testSlug + "/ward-a")
	css := regexp.MustCompile(`/static/chorus\.[0-9a-f]+\.css`).FindString(fresh.Body)
	form := url.Values{"response_id": {hiddenValue(t, fresh.Body, "response_id")}, "a-role": {"service_user"}, "a-fft": {"good"}}
	pages := map[string]page{
		"form":      fresh,
		"teams":     e.get("/s/" + testSlug),
		"keyword":   e.get("/k/bluebell"),
		"thanks":    e.get("/s/" + testSlug + "/thanks?q=2026-27-Q3"),
		"privacy":   e.get("/privacy"),
		"poster":    e.get("/s/" + testSlug + "/ward-a/poster"),
		"qr.png":    e.get("/s/" + testSlug + "/ward-a/qr.png"),
		"qr.svg":    e.get("/s/" + testSlug + "/ward-a/qr.svg"),
		"css":       e.get(css),
		"not found": e.get("/s/nope"),
		"invalid":   e.post("/s/"+testSlug+"/ward-a", url.Values{}),
		"submit":    e.post("/s/"+testSlug+"/ward-a", form),
	}
	for name, p := range pages {
		if c := p.Header.Values("Set-Cookie"); len(c) > 0 {
			t.Errorf("%s: Set-Cookie %q", name, c)
		}
		if got := p.Header.Get("Referrer-Policy"); got != "no-referrer" {
			t.Errorf("%s: Referrer-Policy %q", name, got)
		}
		if got := p.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", name, got)
		}
		if csp := p.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: Content-Security-Policy %q", name, csp)
		}
	}
	// No inline script or style, and nothing from another site.
	for _, name := range []string{"form", "teams", "thanks", "privacy", "poster"} {
		body := pages[name].Body
		assertNotContains(t, body, "<script>", "style=", " onclick=", "http://", "//fonts.", "assets.nhs.uk")
	}
}

func TestLanguages(t *testing.T) {
	e := newEnv(t)
	t.Run("Welsh", func(t *testing.T) {
		p := e.get("/s/" + testSlug + "/ward-a?lang=cy")
		assertContains(t, p.Body,
			`<html lang="cy" dir="ltr">`, `Dywedwch wrthym am y ward`, `Anfon fy adborth`, `(angenrheidiol)`,
			`>Da iawn</label>`, `name="lang" value="cy"`, `action="/s/ward-feedback/ward-a?lang=cy"`,
			// the picker lists each declared language in its own language
			`<a href="/s/ward-feedback/ward-a" lang="en" hreflang="en">English</a>`,
			`lang="cy" hreflang="cy" aria-current="true">Cymraeg</a>`,
			`lang="ar" hreflang="ar">العربية</a>`,
		)
		assertNotContains(t, p.Body, `<span lang="en"`)
	})
	t.Run("AcceptLanguage", func(t *testing.T) {
		p := e.get("/s/"+testSlug+"/ward-a", "Accept-Language", "cy-GB,cy;q=0.9,en;q=0.8")
		assertContains(t, p.Body, `<html lang="cy" dir="ltr">`)
	})
	t.Run("ArabicRightToLeft", func(t *testing.T) {
		p := e.get("/s/" + testSlug + "/ward-a?lang=ar")
		assertContains(t, p.Body,
			`<html lang="ar" dir="rtl">`, `أخبرنا عن الجناح`,
			// interface text without an Arabic translation is marked as English
			`<span lang="en" dir="ltr">Send my feedback</span>`,
		)
	})
	t.Run("UnknownLanguageFallsBack", func(t *testing.T) {
		p := e.get("/s/" + testSlug + "/ward-a?lang=xx")
		assertContains(t, p.Body, `<html lang="en" dir="ltr">`)
	})
	t.Run("EasyRead", func(t *testing.T) {
		p := e.get("/s/" + testSlug + "/ward-a")
		assertContains(t, p.Body, `<a href="/s/ward-feedback/ward-a?easy=1" id="easy-read-toggle">Show easy read words</a>`, `Are you…`)
		p = e.get("/s/" + testSlug + "/ward-a?easy=1")
		assertContains(t, p.Body, `Who are you?`, `I get care here`, `>A carer, friend or family member</label>`, `name="easy" value="1"`, `Show standard words`)
	})
}

func TestKeyword(t *testing.T) {
	e := newEnv(t)
	for _, kw := range []string{"bluebell", "Blue%20Bell", "BLUE-BELL", "blue_bell", "%20blue%20%20bell%20", "BlueBell"} {
		p := e.get("/k/" + kw)
		if got, want := p.Header.Get("Location"), "/s/ward-feedback/ward-a"; p.Status != http.StatusFound || got != want {
			t.Errorf("/k/%s: got %d %q, want 302 %q", kw, p.Status, got, want)
		}
	}
	p := e.get("/k/OAK?lang=cy")
	if got, want := p.Header.Get("Location"), "/s/ward-feedback/ward-b?lang=cy"; got != want {
		t.Errorf("keyword keeps the language: got %q, want %q", got, want)
	}
	for path, want := range map[string]string{"/k/bluebell/": "/k/bluebell", "/s/ward-feedback/": "/s/ward-feedback", "/s/ward-feedback/ward-a/?lang=cy": "/s/ward-feedback/ward-a?lang=cy"} {
		if p := e.get(path); p.Status != http.StatusMovedPermanently || p.Header.Get("Location") != want {
			t.Errorf("%s: got %d %q, want 301 %q", path, p.Status, p.Header.Get("Location"), want)
		}
	}
	p = e.get("/k/unknown")
	if p.Status != http.StatusNotFound || !strings.Contains(p.Body, "Page not found") {
		t.Errorf("unknown keyword: got %d, want the 404 page", p.Status)
	}
}

func TestQRAndPoster(t *testing.T) {
	e := newEnv(t)
	p := e.get("/s/" + testSlug + "/ward-a/qr.png")
	if p.Header.Get("Content-Type") != "image/png" {
		t.Errorf("qr.png content type %q", p.Header.Get("Content-Type"))
	}
	img, err := png.Decode(strings.NewReader(p.Body))
	if err != nil {
		t.Fatalf("qr.png does not decode: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 256 || b.Dx() != b.Dy() {
		t.Errorf("qr.png size %v, want a square of at least 256 px", b)
	}
	s := e.get("/s/" + testSlug + "/ward-a/qr.svg")
	if s.Header.Get("Content-Type") != "image/svg+xml" {
		t.Errorf("qr.svg content type %q", s.Header.Get("Content-Type"))
	}
	dec := xml.NewDecoder(bytes.NewReader([]byte(s.Body)))
	var root struct {
		XMLName xml.Name
		Label   string `xml:"aria-label,attr"`
	}
	if err := dec.Decode(&root); err != nil || root.XMLName.Local != "svg" {
		t.Fatalf("qr.svg is not an SVG document: %v %v", err, root.XMLName)
	}
	if want := "QR code for https://feedback.example.nhs.uk/s/ward-feedback/ward-a"; root.Label != want {
		t.Errorf("qr.svg label: got %q, want %q", root.Label, want)
	}
	poster := e.get("/s/" + testSlug + "/ward-a/poster")
	assertContains(t, poster.Body,
		`src="/s/ward-feedback/ward-a/qr.svg"`,
		`https://feedback.example.nhs.uk/s/ward-feedback/ward-a`,
		`feedback.example.nhs.uk/k/<span class="chorus-poster__keyword">Blue Bell</span>`,
	)
	assertNotContains(t, poster.Body, ">oak<")
	if p := e.get("/s/" + testSlug + "/no-team/qr.png"); p.Status != http.StatusNotFound {
		t.Errorf("qr for an unknown team: got %d, want 404", p.Status)
	}
}

func TestStaticAssets(t *testing.T) {
	e := newEnv(t)
	body := e.get("/s/" + testSlug + "/ward-a").Body
	for _, re := range []string{`/static/chorus\.[0-9a-f]{12}\.css`, `/static/chorus\.[0-9a-f]{12}\.js`} {
		path := regexp.MustCompile(re).FindString(body)
		if path == "" {
			t.Fatalf("page links no asset matching %s", re)
		}
		p := e.get(path, "Accept-Encoding", "gzip")
		if p.Status != http.StatusOK {
			t.Fatalf("%s: status %d", path, p.Status)
		}
		if got, want := p.Header.Get("Cache-Control"), "public, max-age=31536000, immutable"; got != want {
			t.Errorf("%s: Cache-Control %q, want %q", path, got, want)
		}
		if got := p.Header.Get("Content-Encoding"); got != "gzip" {
			t.Errorf("%s: Content-Encoding %q, want gzip", path, got)
		}
	}
	if p := e.get("/static/chorus.000000000000.css"); p.Status != http.StatusNotFound {
		t.Errorf("stale asset hash: got %d, want 404", p.Status)
	}
	page := e.get("/s/"+testSlug+"/ward-a", "Accept-Encoding", "gzip")
	if page.Header.Get("Content-Encoding") != "gzip" || page.Wire >= len(page.Body) {
		t.Errorf("page not compressed: encoding %q, %d bytes on the wire for %d", page.Header.Get("Content-Encoding"), page.Wire, len(page.Body))
	}
	if got := page.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("page Cache-Control %q, want no-store", got)
	}
}
