package browsertest

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/chorus-nhs/chorus/demo"
	"github.com/chromedp/chromedp"
)

// textSpacingJS applies the text spacing of WCAG 1.4.12 to every element
// (line height 1.5, paragraphs 2 em apart, letters 0.12 em, words 0.16 em)
// as a user style sheet would, through a constructed style sheet, which the
// pages' Content-Security-Policy does not block.
const textSpacingJS = `(function () {
  var sheet = new CSSStyleSheet();
  sheet.replaceSync("* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }");
  document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
  return getComputedStyle(document.querySelector("main p") || document.body).letterSpacing;
})()`

// clippedJS lists elements whose text no longer fits a box that hides its
// overflow (text cut off), leaving out visually hidden elements.
const clippedJS = `(function () {
  var out = [];
  var all = document.body.getElementsByTagName("*");
  for (var i = 0; i < all.length && out.length < 10; i++) {
    var el = all[i], s = getComputedStyle(el);
    if (el.clientWidth <= 1 || el.clientHeight <= 1 || !el.textContent.trim()) { continue; }
    var hides = /hidden|clip/.test(s.overflowX + s.overflowY) || s.textOverflow === "ellipsis";
    if (!hides) { continue; }
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) {
      out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " + JSON.stringify(el.textContent.trim().slice(0, 40)) +
        " needs " + el.scrollWidth + "x" + el.scrollHeight + ", has " + el.clientWidth + "x" + el.clientHeight);
    }
  }
  return JSON.stringify(out);
})()`

// TestTextSpacing applies the text spacing of WCAG 1.4.12 on a 320 px
// phone and on a desktop window, and checks that no text is cut off and no
// page scrolls sideways.
func TestTextSpacing(t *testing.T) {
	a := newApp(t)
	base := a.URL + "/s/" + demo.SurveySlug
	pages := []struct{ name, url string }{
		{"team choice", base},
		{"form", base + "/north-cmht"},
		{"form welsh", base + "/south-cmht?lang=cy"},
		{"thank you with support", base + "/thanks?q=2026-27-Q3"},
		{"privacy", a.URL + "/privacy"},
		{"poster", base + "/north-cmht/poster"},
	}
	for _, width := range []int64{320, 1280} {
		t.Run(fmt.Sprintf("%dpx", width), func(t *testing.T) {
			ctx := newTab(t)
			do(t, ctx, "viewport", chromedp.EmulateViewport(width, 800))
			for _, p := range pages {
				do(t, ctx, "open "+p.name, chromedp.Navigate(p.url))
				scriptReady(t, ctx)
				if got := eval[string](t, ctx, textSpacingJS); got == "normal" || got == "0px" {
					t.Fatalf("%s: the text spacing did not apply (letter-spacing %s)", p.name, got)
				}
				var clipped []string
				if err := json.Unmarshal([]byte(eval[string](t, ctx, clippedJS)), &clipped); err != nil {
					t.Fatalf("%s: %v", p.name, err)
				}
				for _, c := range clipped {
					t.Errorf("%s at %dpx with WCAG text spacing: text cut off: %s", p.name, width, c)
				}
				checkNoHorizontalScroll(t, ctx, fmt.Sprintf("%s at %dpx with WCAG text spacing", p.name, width), int(width))
			}
		})
	}
}
