package browsertest

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// weightBudget is the most the survey page may send over the wire before
// the first answer can be given: HTML, CSS and JavaScript, compressed,
// headers included (issue 6: under 50 KB).
const weightBudget = 50 * 1024

// loaded is one entry of the browser's resource timing.
type loaded struct {
	Name      string  `json:"name"`
	Type      string  `json:"type"`
	Transfer  float64 `json:"transferSize"`
	Encoded   float64 `json:"encodedBodySize"`
	Decoded   float64 `json:"decodedBodySize"`
	Protocol  string  `json:"nextHopProtocol"`
	RenderBlk string  `json:"renderBlockingStatus"`
}

// entriesJS reads what the page loaded: the document and every resource.
const entriesJS = `JSON.stringify(
  performance.getEntriesByType("navigation").map(function (e) { return {name: e.name, type: "document", transferSize: e.transferSize, encodedBodySize: e.encodedBodySize, decodedBodySize: e.decodedBodySize, nextHopProtocol: e.nextHopProtocol}; })
  .concat(performance.getEntriesByType("resource").map(function (e) { return {name: e.name, type: e.initiatorType, transferSize: e.transferSize, encodedBodySize: e.encodedBodySize, decodedBodySize: e.decodedBodySize, nextHopProtocol: e.nextHopProtocol, renderBlockingStatus: e.renderBlockingStatus}; })))`

// TestTransferSize loads survey pages in the browser with its cache off and
// adds up the bytes that came over the wire before the first answer can be
// given (the document and everything it loads, compressed, with headers;
// not the tab icon, which the browser fetches on its own), as the browser's
// resource timing reports them. It fails over
// the budget, if anything is not compressed, or if anything comes from
// another site. Run with -v for the breakdown quoted in docs/performance.md.
func TestTransferSize(t *testing.T) {
	a := newApp(t)
	for _, p := range []struct{ name, path string }{
		{"survey form", "/s/quarterly-feedback/north-cmht"},
		{"survey form, Welsh easy read", "/s/quarterly-feedback/north-cmht?lang=cy&easy=1"},
		{"team choice", "/s/quarterly-feedback"},
	} {
		t.Run(p.name, func(t *testing.T) {
			ctx := newTab(t)
			if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
				t.Fatalf("network.Enable: %v", err)
			}
			if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
				t.Fatalf("disable cache: %v", err)
			}
			do(t, ctx, "open", chromedp.Navigate(a.URL+p.path))
			scriptReady(t, ctx) // the deferred script has run: everything is in
			var entries []loaded
			if err := json.Unmarshal([]byte(eval[string](t, ctx, entriesJS)), &entries); err != nil {
				t.Fatalf("resource timing: %v", err)
			}
			var total, body, raw float64
			kinds := map[string]bool{}
			for _, e := range entries {
				u, err := url.Parse(e.Name)
				if err != nil || !strings.HasPrefix(e.Name, a.URL+"/") {
					t.Errorf("%s loaded from another site", e.Name)
					continue
				}
				kind := e.Type
				switch {
				case strings.HasSuffix(u.Path, ".css"):
					kind = "css"
				case strings.HasSuffix(u.Path, ".js"):
					kind = "js"
				}
				if strings.HasPrefix(u.Path, "/static/favicon.") || u.Path == "/favicon.ico" {
					// The browser fetches the icon on its own, whenever it
					// likes; nobody waits for it to answer.
					t.Logf("%-8s %-48s %6.0f bytes transferred (not counted: the browser's tab icon)", kind, u.RequestURI(), e.Transfer)
					continue
				}
				kinds[kind] = true
				t.Logf("%-8s %-48s %6.0f bytes transferred (%6.0f body compressed, %6.0f uncompressed)", kind, u.RequestURI(), e.Transfer, e.Encoded, e.Decoded)
				if e.Transfer == 0 {
					t.Errorf("%s: transfer size 0: served from a cache although the cache is off", u.RequestURI())
				}
				if e.Decoded > 1024 && e.Encoded >= e.Decoded {
					t.Errorf("%s is not compressed (%0.f bytes on the wire for %0.f)", u.RequestURI(), e.Encoded, e.Decoded)
				}
				total += e.Transfer
				body += e.Encoded
				raw += e.Decoded
			}
			for _, k := range []string{"document", "css", "js"} {
				if !kinds[k] {
					t.Errorf("no %s among the loaded resources %v: the measurement missed something", k, entries)
				}
			}
			t.Logf("%-57s %6.0f bytes transferred (%6.0f body compressed, %6.0f uncompressed)", "total before the first answer", total, body, raw)
			if total >= weightBudget {
				t.Errorf("%s sends %.0f bytes before the first answer, over the %d byte budget", p.path, total, weightBudget)
			}
		})
	}
}
