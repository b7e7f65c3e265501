package webui

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
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

// shorten cuts a label for the chart; the table keeps it whole.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// figureOpen starts a chart: the figure, the SVG with its title and
// description (which names every value in words).
func figureOpen(b *strings.Builder, id, title, desc string, width, height int) {
	fmt.Fprintf(b, `<figure class="chorus-chart" id="%s">`, esc(id))
	fmt.Fprintf(b, `<svg class="chorus-chart__svg" role="img" aria-labelledby="%[1]s-title %[1]s-desc" viewBox="0 0 %[2]d %[3]d" width="100%%" preserveAspectRatio="xMinYMin meet" focusable="false" xmlns="http://www.w3.org/2000/svg">`, esc(id), width, height)
	fmt.Fprintf(b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(id), esc(title), esc(id), esc(desc))
}

// tableOpen closes the SVG and starts its table alternative, right after
// it, inside a details element so that it is one click away for everyone.
func tableOpen(b *strings.Builder, id, title string, heads ...string) {
	b.WriteString(`</svg>`)
	fmt.Fprintf(b, `<details class="chorus-details" id="%s-data"><summary>Show the data as a table<span class="nhsuk-u-visually-hidden">: %s</span></summary>`, esc(id), esc(title))
	fmt.Fprintf(b, `<table class="chorus-table"><caption>%s</caption><thead><tr>`, esc(title))
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
	b.WriteString(`</tbody></table></details></figure>`)
}

// SuppressionNote is the plain-English note shown once on every page that
// can hold suppressed figures.
func SuppressionNote(threshold int) string {
	return fmt.Sprintf(suppressedNote, threshold)
}
