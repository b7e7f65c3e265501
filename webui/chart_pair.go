package webui

import (
	"fmt"
	"html/template"
	"strings"
)

// PairRow is one measure for two groups side by side.
type PairRow struct {
	Label string
	A, B  Figure
}

// PairChart compares two groups (service users and carers) on the same
// percentages. Each bar carries its group's name and value in words, so
// the chart does not rely on colour; a suppressed value has no bar.
type PairChart struct {
	ID, Title, Desc string
	NameA, NameB    string
	Rows            []PairRow
}

// Pair chart geometry, in SVG user units.
const (
	pairRowH  = 50
	pairThick = 14
	pairTop   = 30
)

// HTML renders the chart and its table alternative.
func (c PairChart) HTML() template.HTML {
	var b strings.Builder
	height := pairTop + len(c.Rows)*pairRowH + barAxisH
	figureOpen(&b, c.ID, c.Title, c.words(), barWidth, height)
	c.legend(&b)
	BarChart{}.axis(&b, height)
	for i, r := range c.Rows {
		y := pairTop + i*pairRowH
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" font-size="13" fill="#212b32">%s</text>`, barLabelW-8, y+pairRowH/2+4, esc(shorten(r.Label, barLabelLen)))
		c.bar(&b, y+8, c.NameA, r.A, "#005eb8")
		c.bar(&b, y+8+pairThick+4, c.NameB, r.B, "#41b6e6")
	}
	tableOpen(&b, c.ID, c.Title, "Measure", c.NameA, c.NameA+": 95% interval", c.NameB, c.NameB+": 95% interval")
	for _, r := range c.Rows {
		tableRow(&b, r.Label, r.A.percentText(), r.A.intervalText(), r.B.percentText(), r.B.intervalText())
	}
	figureClose(&b)
	return template.HTML(b.String())
}

func (c PairChart) words() string {
	parts := make([]string, 0, len(c.Rows))
	for _, r := range c.Rows {
		parts = append(parts, r.Label+": "+c.NameA+" "+r.A.wordsText()+", "+c.NameB+" "+r.B.wordsText())
	}
	d := strings.Join(parts, "; ") + "."
	if c.Desc != "" {
		d = c.Desc + " " + d
	}
	return d
}

func (c PairChart) legend(b *strings.Builder) {
	for i, l := range []struct{ name, fill string }{{c.NameA, "#005eb8"}, {c.NameB, "#41b6e6"}} {
		x := barLabelW + i*160
		fmt.Fprintf(b, `<rect x="%d" y="6" width="14" height="14" fill="%s"/><text x="%d" y="18" font-size="13" fill="#212b32">%s</text>`, x, l.fill, x+20, esc(l.name))
	}
}

// bar draws one group's bar, interval and value label.
func (c PairChart) bar(b *strings.Builder, y int, name string, f Figure, fill string) {
	mid := y + pairThick/2
	fmt.Fprintf(b, `<g><title>%s</title>`, esc(name+": "+f.wordsText()))
	if f.Percent == nil {
		fmt.Fprintf(b, `<text class="chorus-suppressed" x="%d" y="%d" font-size="12" font-style="italic" fill="#4c6272">%s: %s</text></g>`, barLabelW+4, mid+4, esc(name), esc(f.percentText()))
		return
	}
	w := clamp(*f.Percent) / 100 * barPlotW
	fmt.Fprintf(b, `<rect x="%d" y="%d" width="%s" height="%d" fill="%s"/>`, barLabelW, y, num(w), pairThick, fill)
	end := barLabelW + w
	if f.Low != nil && f.High != nil {
		end = BarChart{}.whisker(b, mid, *f.Low, *f.High, end)
	}
	fmt.Fprintf(b, `<text x="%s" y="%d" font-size="12" fill="#212b32">%s %s</text></g>`, num(end+6), mid+4, esc(name), pct(*f.Percent))
}
