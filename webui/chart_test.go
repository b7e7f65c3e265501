package webui

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/survey"
)

// intPtr and floatPtr build figures.
func intPtr(n int) *int           { return &n }
func floatPtr(f float64) *float64 { return &f }

// svgOf returns the <svg>…</svg> part of a rendered chart.
func svgOf(t *testing.T, html string) string {
	t.Helper()
	i, j := strings.Index(html, "<svg"), strings.Index(html, "</svg>")
	if i < 0 || j < i {
		t.Fatalf("no svg in %q", html)
	}
	return html[i : j+len("</svg>")]
}

// checkWellFormed parses a fragment as XML, which SVG must be.
func checkWellFormed(t *testing.T, frag string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(frag))
	for {
		_, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				return
			}
			t.Fatalf("not well-formed: %v\n%s", err, frag)
		}
	}
}

func TestBarChart(t *testing.T) {
	c := BarChart{ID: "fft", Title: "Overall experience", Desc: "Answers to the FFT question.", Bars: []Bar{
		{Label: "Very good", Fig: Figure{Count: intPtr(12), Percent: floatPtr(60), Low: floatPtr(38.7), High: floatPtr(78.1)}},
		{Label: "Poor", Fig: Figure{Suppressed: true}},
		{Label: "Don't know", Fig: Figure{Count: intPtr(0), Percent: floatPtr(0), Low: floatPtr(0), High: floatPtr(16.1)}},
	}}
	html := string(c.HTML())
	checkWellFormed(t, html)
	for _, want := range []string{
		`role="img"`, `aria-labelledby="fft-title fft-desc"`, `<span id="fft-title" hidden="">Overall experience</span>`,
		// Full labels and values are text of the page, not of a scaled SVG.
		`<span class="chorus-bars__label">Very good</span>`, `<span class="chorus-bars__value">60%</span>`,
		`<span class="chorus-bars__value chorus-suppressed">suppressed</span>`,
		`Very good: 60% (95% interval 39% to 78%); Poor: suppressed; Don&#39;t know: 0%`,
		`<summary>Show the data as a table<span class="nhsuk-u-visually-hidden">: Overall experience</span></summary>`,
		`<th scope="row">Poor</th><td class="chorus-num">suppressed</td><td class="chorus-num">suppressed</td><td class="chorus-num">suppressed</td>`,
		`<th scope="row">Very good</th><td class="chorus-num">12</td><td class="chorus-num">60%</td><td class="chorus-num">39% to 78%</td>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
	// One bar for each shown figure; none for the suppressed one.
	if got := strings.Count(html, `class="chorus-bar"`); got != 2 {
		t.Errorf("bars: got %d, want 2", got)
	}
	// The table follows the chart at once, in a box it can scroll in.
	if !strings.Contains(html, `</div><details`) || !strings.Contains(html, `<div class="chorus-table-wrap" role="region" tabindex="0" aria-labelledby="fft-caption">`) {
		t.Error("table alternative does not follow the chart in its own scrolling box")
	}
}

func TestBarChartCounts(t *testing.T) {
	c := BarChart{ID: "roles", Title: "Responses by role", Counts: true, Bars: []Bar{
		{Label: "Service users", Fig: Figure{Count: intPtr(40)}},
		{Label: "Carers", Fig: Figure{Count: intPtr(10)}},
		{Label: "Other", Fig: Figure{Suppressed: true}},
	}}
	html := string(c.HTML())
	for _, want := range []string{`width="100.0"`, `width="25.0"`} {
		if !strings.Contains(html, want) {
			t.Errorf("count bars not scaled to the largest: no %q", want)
		}
	}
}

func TestLineChartGaps(t *testing.T) {
	c := LineChart{ID: "trend", Title: "FFT positive", Points: []Point{
		{Label: "Q4 2025/26", Fig: Figure{Percent: floatPtr(80), Low: floatPtr(70), High: floatPtr(88)}},
		{Label: "Q1 2026/27", Fig: Figure{Percent: floatPtr(75), Low: floatPtr(65), High: floatPtr(83)}},
		{Label: "Q2 2026/27", Fig: Figure{Suppressed: true}},
		{Label: "Q3 2026/27", Fig: Figure{Percent: floatPtr(90), Low: floatPtr(80), High: floatPtr(95)}},
		{Label: "Q4 2026/27", Fig: Figure{}},
	}}
	html := string(c.HTML())
	svg := svgOf(t, html)
	checkWellFormed(t, svg)
	i := strings.Index(svg, `class="chorus-line" d="`)
	if i < 0 {
		t.Fatal("no line")
	}
	d := svg[i+len(`class="chorus-line" d="`):]
	d = d[:strings.IndexByte(d, '"')]
	// Two moves: the line breaks at the suppressed quarter.
	if got := strings.Count(d, "M"); got != 2 {
		t.Errorf("line %q: got %d segments, want 2", d, got)
	}
	checkWellFormed(t, html)
	for _, want := range []string{">suppressed</text>", ">no answers</text>", "Q2 2026/27: suppressed",
		// The narrow version: one row per quarter, in the page's own text.
		`<div class="chorus-chart__narrow"><div class="chorus-bars" role="img" aria-labelledby="trend-rows-title trend-rows-desc">`,
		`<span class="chorus-bars__label">Q2 2026/27</span>`, `<span class="chorus-bars__value chorus-suppressed">no answers</span>`} {
		if !strings.Contains(html, want) {
			t.Errorf("trend lacks %q", want)
		}
	}
}

func TestPairChart(t *testing.T) {
	c := PairChart{ID: "roles-fft", Title: "Carers and service users", NameA: "Service users", NameB: "Carers", Rows: []PairRow{
		{Label: "FFT positive", A: Figure{Percent: floatPtr(70), Low: floatPtr(60), High: floatPtr(78)}, B: Figure{Suppressed: true}},
	}}
	html := string(c.HTML())
	checkWellFormed(t, html)
	for _, want := range []string{`<p class="chorus-bars__measure">FFT positive</p>`,
		`<span class="chorus-bars__label">Service users</span>`, `<span class="chorus-bars__value">70%</span>`,
		`<span class="chorus-bars__label">Carers</span>`, `<span class="chorus-bars__value chorus-suppressed">suppressed</span>`,
		`<td class="chorus-num">suppressed</td>`} {
		if !strings.Contains(html, want) {
			t.Errorf("pair chart lacks %q", want)
		}
	}
}

// TestBarChartFullLabels: a long theme name is shown whole, never cut.
func TestBarChartFullLabels(t *testing.T) {
	long := "Being kept informed, clarity & consistency of information"
	html := string(BarChart{ID: "t", Title: "Themes", Bars: []Bar{{Label: long, Fig: Figure{Percent: floatPtr(12)}}}}.HTML())
	if !strings.Contains(html, `<span class="chorus-bars__label">`+esc(long)+`</span>`) || strings.Contains(html, "…") {
		t.Errorf("label not shown whole: %s", html)
	}
}

func TestChartEscapesLabels(t *testing.T) {
	c := BarChart{ID: "x", Title: `<script>"`, Bars: []Bar{{Label: `a<b>&"c"`, Fig: Figure{Percent: floatPtr(5)}}}}
	html := string(c.HTML())
	if strings.Contains(html, "<script>") || strings.Contains(html, "<b>") {
		t.Errorf("unescaped text in %s", html)
	}
	checkWellFormed(t, html)
}

func TestShortLabel(t *testing.T) {
	for key, want := range map[string]string{"2026-27-Q3": "Q3 2026/27", "2099-00-Q1": "Q1 2099/00", "2026-Q2": "Q2 2026"} {
		q, err := survey.ParseQuarter(key)
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		if got := shortLabel(q); got != want {
			t.Errorf("shortLabel(%s): got %q, want %q", key, got, want)
		}
	}
}
