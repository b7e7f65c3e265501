package webui

import (
	"fmt"
	"html/template"
	"strings"
)

// Point is one quarter of a trend.
type Point struct {
	Label string // e.g. "Q3 2026/27"
	Fig   Figure
}

// LineChart is a trend of a percentage over quarters, with the Wilson
// interval of each point drawn as a vertical error bar. The line breaks
// where a quarter is suppressed or has no answers, and the gap is labelled
// in words, so it cannot be read as a value.
type LineChart struct {
	ID, Title, Desc string
	Points          []Point
}

// Line chart geometry, in SVG user units.
const (
	lineWidth  = 640
	lineHeight = 280
	lineLeft   = 48
	lineRight  = 610
	lineTop    = 16
	lineBottom = 220
)

// HTML renders the chart and its table alternative. Wide screens get the
// line over time (SVG, its text at least 12 CSS pixels from 48em, where it
// is shown); narrower ones get the same points as one labelled row per
// quarter, whose text is the page's own (.chorus-chart__wide and
// .chorus-chart__narrow in dashboard.css).
func (c LineChart) HTML() template.HTML {
	var b strings.Builder
	fmt.Fprintf(&b, `<figure class="chorus-chart" id="%s"><div class="chorus-chart__wide">`, esc(c.ID))
	svgOpen(&b, c.ID, c.Title, c.words(), lineWidth, lineHeight)
	c.axes(&b)
	c.line(&b)
	for i, p := range c.Points {
		c.point(&b, i, p)
	}
	b.WriteString(`</svg></div><div class="chorus-chart__narrow">`)
	rowsOpen(&b, c.ID+"-rows", c.Title, c.words(), "")
	rowsAxis(&b)
	for _, p := range c.Points {
		r := plotBar{label: p.Label, value: p.Fig.percentText(), shown: p.Fig.Percent != nil, grid: true, fill: "#005eb8", low: p.Fig.Low, high: p.Fig.High}
		if p.Fig.Percent != nil {
			r.at = *p.Fig.Percent
		} else if !p.Fig.Suppressed {
			r.value = "no answers"
		}
		plotRow(&b, r)
	}
	rowsClose(&b)
	b.WriteString(`</div>`)
	tableOpen(&b, c.ID, c.Title, "Quarter", "Number", "Per cent", "95% interval")
	for _, p := range c.Points {
		tableRow(&b, p.Label, p.Fig.countText(), p.Fig.percentText(), p.Fig.intervalText())
	}
	figureClose(&b)
	return template.HTML(b.String())
}

func (c LineChart) words() string {
	parts := make([]string, 0, len(c.Points))
	for _, p := range c.Points {
		parts = append(parts, p.Label+": "+p.Fig.wordsText())
	}
	d := strings.Join(parts, "; ") + "."
	if c.Desc != "" {
		d = c.Desc + " " + d
	}
	return d
}

// x is the horizontal position of the i-th quarter.
func (c LineChart) x(i int) float64 {
	if len(c.Points) < 2 {
		return (lineLeft + lineRight) / 2
	}
	return lineLeft + float64(i)*float64(lineRight-lineLeft)/float64(len(c.Points)-1)
}

// y is the vertical position of a percentage.
func (c LineChart) y(p float64) float64 {
	return lineBottom - clamp(p)/100*(lineBottom-lineTop)
}

func (c LineChart) axes(b *strings.Builder) {
	for _, p := range []float64{0, 25, 50, 75, 100} {
		fmt.Fprintf(b, `<line class="chorus-grid" x1="%d" y1="%s" x2="%d" y2="%s" stroke="#d8dde0" stroke-width="1"/>`, lineLeft-4, num(c.y(p)), lineRight+4, num(c.y(p)))
		fmt.Fprintf(b, `<text class="chorus-axis" x="%d" y="%s" text-anchor="end" font-size="12" fill="#4c6272">%s</text>`, lineLeft-10, num(c.y(p)+4), pct(p))
	}
	for i, p := range c.Points {
		q, year, _ := strings.Cut(p.Label, " ")
		fmt.Fprintf(b, `<text class="chorus-axis" x="%s" y="%d" text-anchor="middle" font-size="12" fill="#4c6272">%s<tspan x="%s" dy="14">%s</tspan></text>`,
			num(c.x(i)), lineBottom+20, esc(q), num(c.x(i)), esc(year))
	}
}

// line draws the segments between neighbouring quarters that are both shown.
func (c LineChart) line(b *strings.Builder) {
	var d strings.Builder
	for i, p := range c.Points {
		if p.Fig.Percent == nil {
			continue
		}
		cmd := "L"
		if i == 0 || c.Points[i-1].Fig.Percent == nil {
			cmd = "M"
		}
		fmt.Fprintf(&d, "%s%s %s", cmd, num(c.x(i)), num(c.y(*p.Fig.Percent)))
	}
	if d.Len() > 0 {
		fmt.Fprintf(b, `<path class="chorus-line" d="%s" stroke="#005eb8" stroke-width="2.5" fill="none"/>`, d.String())
	}
}

// point draws a shown quarter as a dot with its interval, and a gap as words.
func (c LineChart) point(b *strings.Builder, i int, p Point) {
	x := c.x(i)
	fmt.Fprintf(b, `<g class="chorus-point"><title>%s</title>`, esc(p.Label+": "+p.Fig.wordsText()))
	if p.Fig.Percent == nil {
		word := "no answers"
		if p.Fig.Suppressed {
			word = suppressedText
		}
		fmt.Fprintf(b, `<text class="chorus-suppressed" x="%s" y="%d" text-anchor="middle" font-size="12" font-style="italic" fill="#4c6272">%s</text></g>`, num(x), lineBottom-8, word)
		return
	}
	if p.Fig.Low != nil && p.Fig.High != nil {
		y1, y2 := c.y(*p.Fig.Low), c.y(*p.Fig.High)
		fmt.Fprintf(b, `<path class="chorus-interval" d="M%[1]s %[2]sV%[3]sM%[4]s %[2]sH%[5]sM%[4]s %[3]sH%[5]s" stroke="#212b32" stroke-width="1.5" fill="none"/>`,
			num(x), num(y1), num(y2), num(x-5), num(x+5))
	}
	y := c.y(*p.Fig.Percent)
	fmt.Fprintf(b, `<circle cx="%s" cy="%s" r="5" fill="#005eb8" stroke="#fff" stroke-width="1.5"/>`, num(x), num(y))
	anchor, dx := "start", 8.0
	if x > lineRight-40 {
		anchor, dx = "end", -8
	}
	fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="%s" font-size="12" fill="#212b32">%s</text></g>`, num(x+dx), num(y-8), anchor, pct(*p.Fig.Percent))
}
