// Package browsertest holds the browser tests of the respondent pages: it
// drives a real headless Chromium from Go (github.com/chromedp/chromedp)
// against the real API and pages over the embedded store, seeded with the
// demo survey. The tests check keyboard-only use, focus order, the error
// summary, axe-core (vendored in testdata) on every respondent page, reflow
// at 320 CSS pixels and at 200% zoom, the live conditions and offline
// outbox of the script, and the bytes sent before the first answer.
//
// The package has no code outside its tests. Run it with
//
//	go test ./webui/browsertest/
//
// Chromium is looked up as chromium (Debian's package), chromium-browser or
// google-chrome, or taken from CHORUS_CHROMIUM. Without it the tests skip,
// unless CHORUS_REQUIRE_BROWSER=1 (set by .ci/run), when they fail.
package browsertest
