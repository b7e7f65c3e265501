package webui

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Figure is one number shown on a chart, in a table or in an export: a
// count, or a percentage with its Wilson 95% interval. A nil field is a
// null in the report; Suppressed says it was held back for anonymity. A
// suppressed figure therefore carries no number at all, so no renderer can
// show one by mistake.
type Figure struct {
	Count      *int
	Percent    *float64
	Low, High  *float64
	Suppressed bool
	Reason     string // why the count is hidden (survey.Reason*), "" when shown
}

// suppressedText is what every output shows in place of a suppressed number.
const suppressedText = "suppressed"

// suppressedNote explains suppression in plain English under every chart.
const suppressedNote = "“suppressed” means the number is not shown because fewer than %d people gave that answer, or because showing it would let someone work out such a small number."

// countText is a figure's count for a table cell.
func (f Figure) countText() string {
	switch {
	case f.Suppressed && f.Count == nil:
		return suppressedText
	case f.Count == nil:
		return "–"
	}
	return strconv.Itoa(*f.Count)
}

// percentText is a figure's percentage, e.g. "62%".
func (f Figure) percentText() string {
	switch {
	case f.Suppressed && f.Percent == nil:
		return suppressedText
	case f.Percent == nil:
		return "–"
	}
	return pct(*f.Percent)
}

// intervalText is a figure's 95% interval, e.g. "48% to 74%".
func (f Figure) intervalText() string {
	switch {
	case f.Suppressed && (f.Low == nil || f.High == nil):
		return suppressedText
	case f.Low == nil || f.High == nil:
		return "–"
	}
	return pct(*f.Low) + " to " + pct(*f.High)
}

// wordsText describes a figure in a sentence, for <desc>.
func (f Figure) wordsText() string {
	if f.Percent == nil {
		if f.Count != nil {
			return strconv.Itoa(*f.Count)
		}
		return f.percentText()
	}
	s := pct(*f.Percent)
	if f.Low != nil && f.High != nil {
		s += " (95% interval " + f.intervalText() + ")"
	}
	return s
}

// pct formats a percentage to the nearest whole number, as NHS England
// publishes FFT results.
func pct(p float64) string {
	return strconv.FormatFloat(math.Round(p), 'f', 0, 64) + "%"
}

// esc, num and clamp are small helpers of the SVG writers: escape text,
// format a coordinate, keep a percentage within 0–100.
func esc(s string) string     { return template.HTMLEscapeString(s) }
func num(f float64) string    { return strconv.FormatFloat(f, 'f', 1, 64) }
func clamp(p float64) float64 { return math.Max(0, math.Min(100, p)) }

// svgOpen starts an SVG picture with its title and description (which
// names every value in words).
func svgOpen(b *strings.Builder, id, title, desc string, width, height int) {
	fmt.Fprintf(b, `<svg class="chorus-chart__svg" role="img" aria-labelledby="%[1]s-title %[1]s-desc" viewBox="0 0 %[2]d %[3]d" width="100%%" preserveAspectRatio="xMinYMin meet" focusable="false" xmlns="http://www.w3.org/2000/svg">`, esc(id), width, height)
	fmt.Fprintf(b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(id), esc(title), esc(id), esc(desc))
}

// tableOpen starts a chart's table alternative, right after the chart,
// inside a details element so that it is one click away for everyone. The
// table scrolls sideways inside its own box when the screen is narrower
// than the table (tableWrapOpen).
func tableOpen(b *strings.Builder, id, title string, heads ...string) {
	fmt.Fprintf(b, `<details class="chorus-details" id="%s-data"><summary>Show the data as a table<span class="nhsuk-u-visually-hidden">: %s</span></summary>`, esc(id), esc(title))
	fmt.Fprintf(b, `<p class="chorus-table-caption" id="%s-caption">%s</p>`, esc(id), esc(title))
	tableWrapOpen(b, id+"-caption")
	fmt.Fprintf(b, `<table class="chorus-table" aria-labelledby="%s-caption"><thead><tr>`, esc(id))
	for i, h := range heads {
		cls := ""
		if i > 0 {
			cls = ` class="chorus-num"`
		}
		fmt.Fprintf(b, `<th scope="col"%s>%s</th>`, cls, esc(h))
	}
	b.WriteString(`</tr></thead><tbody>`)
}

// tableRow writes a row whose first cell is its header.
func tableRow(b *strings.Builder, cells ...string) {
	b.WriteString(`<tr>`)
	for i, c := range cells {
		if i == 0 {
			fmt.Fprintf(b, `<th scope="row">%s</th>`, esc(c))
			continue
		}
		fmt.Fprintf(b, `<td class="chorus-num">%s</td>`, esc(c))
	}
	b.WriteString(`</tr>`)
}

// figureClose ends the table and the figure.
func figureClose(b *strings.Builder) {
	b.WriteString(`</tbody></table></div></details></figure>`)
}

// tableWrapOpen starts the box a wide table scrolls in: focusable, so it
// can be scrolled from the keyboard, named by the table's caption, and
// shaded at an edge while more of the table lies beyond it
// (.chorus-table-wrap in dashboard.css).
func tableWrapOpen(b *strings.Builder, labelledBy string) {
	fmt.Fprintf(b, `<div class="chorus-table-wrap" role="region" tabindex="0" aria-labelledby="%s">`, esc(labelledBy))
}

// SuppressionNote is the plain-English note shown once on every page that
// can hold suppressed figures.
func SuppressionNote(threshold int) string {
	return fmt.Sprintf(suppressedNote, threshold)
}
