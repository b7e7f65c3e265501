package webui

import (
	"cmp"
	"fmt"
	"html/template"
	"strings"
)

// Bar is one row of a horizontal bar chart.
type Bar struct {
	Label string
	Fig   Figure
	// Note is extra text for the table and description, e.g. a
	// significant change against the previous quarter.
	Note string
}

// BarChart is a horizontal bar chart of percentages (0–100, with Wilson
// intervals drawn as error bars) or of counts (scaled to the largest count
// shown). A suppressed bar is drawn as the word "suppressed" with no bar,
// so its length cannot give the number away.
type BarChart struct {
	ID, Title, Desc string
	Bars            []Bar
	// Counts draws counts instead of percentages.
	Counts bool
	// RowHead heads the first table column (default "Answer").
	RowHead string
	// NoteHead is the table heading of the Note column; no column when empty.
	NoteHead string
}

// Bar chart geometry, in SVG user units.
const (
	barWidth    = 720
	barLabelW   = 220
	barPlotW    = 340
	barRowH     = 30
	barThick    = 16
	barTop      = 8
	barAxisH    = 24
	barLabelLen = 28
)

// HTML renders the chart and its table alternative.
func (c BarChart) HTML() template.HTML {
	var b strings.Builder
	height := barTop + len(c.Bars)*barRowH + barAxisH
	figureOpen(&b, c.ID, c.Title, c.words(), barWidth, height)
	c.axis(&b, height)
	top := c.scaleTop()
	for i, bar := range c.Bars {
		c.row(&b, i, bar, top)
	}
	c.table(&b)
	figureClose(&b)
	return template.HTML(b.String())
}

// words is the description with every value, for screen readers.
func (c BarChart) words() string {
	parts := make([]string, 0, len(c.Bars))
	for _, bar := range c.Bars {
		s := bar.Label + ": " + bar.Fig.wordsText()
		if c.Counts {
			s = bar.Label + ": " + bar.Fig.countText()
		}
		if bar.Note != "" {
			s += ", " + bar.Note
		}
		parts = append(parts, s)
	}
	d := strings.Join(parts, "; ") + "."
	if c.Desc != "" {
		d = c.Desc + " " + d
	}
	return d
}

// scaleTop is the value at the right end of the plot: 100 for percentages,
// the largest count shown for counts.
func (c BarChart) scaleTop() float64 {
	if !c.Counts {
		return 100
	}
	top := 1.0
	for _, bar := range c.Bars {
		if bar.Fig.Count != nil && float64(*bar.Fig.Count) > top {
			top = float64(*bar.Fig.Count)
		}
	}
	return top
}

// axis draws the gridlines and their labels (percent charts only).
func (c BarChart) axis(b *strings.Builder, height int) {
	if c.Counts {
		return
	}
	bottom := height - barAxisH
	for _, p := range []float64{0, 25, 50, 75, 100} {
		x := barLabelW + p/100*barPlotW
		fmt.Fprintf(b, `<line class="chorus-grid" x1="%s" y1="%d" x2="%s" y2="%d" stroke="#d8dde0" stroke-width="1"/>`, num(x), barTop-4, num(x), bottom)
		fmt.Fprintf(b, `<text class="chorus-axis" x="%s" y="%d" text-anchor="middle" font-size="12" fill="#4c6272">%s</text>`, num(x), bottom+16, pct(p))
	}
}

// row draws one bar with its label, interval and value.
func (c BarChart) row(b *strings.Builder, i int, bar Bar, top float64) {
	y := barTop + i*barRowH
	mid := y + barRowH/2
	fmt.Fprintf(b, `<g class="chorus-bar-row"><title>%s</title>`, esc(bar.Label+": "+c.valueText(bar.Fig)))
	fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="end" font-size="13" fill="#212b32">%s</text>`, barLabelW-8, mid+4, esc(shorten(bar.Label, barLabelLen)))
	v, ok := c.value(bar.Fig)
	if !ok {
		fmt.Fprintf(b, `<text class="chorus-suppressed" x="%d" y="%d" font-size="13" font-style="italic" fill="#4c6272">%s</text></g>`, barLabelW+4, mid+4, esc(c.valueText(bar.Fig)))
		return
	}
	w := v / top * barPlotW
	fmt.Fprintf(b, `<rect class="chorus-bar" x="%d" y="%d" width="%s" height="%d" fill="#005eb8"/>`, barLabelW, mid-barThick/2, num(w), barThick)
	end := barLabelW + w
	if !c.Counts && bar.Fig.Low != nil && bar.Fig.High != nil {
		end = c.whisker(b, mid, *bar.Fig.Low, *bar.Fig.High, end)
	}
	fmt.Fprintf(b, `<text x="%s" y="%d" font-size="13" fill="#212b32">%s</text></g>`, num(end+6), mid+4, esc(c.valueText(bar.Fig)))
}

// whisker draws the 95% interval as an error bar and returns where the
// value label may start.
func (c BarChart) whisker(b *strings.Builder, mid int, low, high, end float64) float64 {
	x1 := barLabelW + clamp(low)/100*barPlotW
	x2 := barLabelW + clamp(high)/100*barPlotW
	fmt.Fprintf(b, `<path class="chorus-interval" d="M%s %dH%sM%s %dV%dM%s %dV%d" stroke="#212b32" stroke-width="1.5" fill="none"/>`,
		num(x1), mid, num(x2), num(x1), mid-6, mid+6, num(x2), mid-6, mid+6)
	return max(end, x2)
}

// value is the length a bar encodes, if it is shown.
func (c BarChart) value(f Figure) (float64, bool) {
	if c.Counts {
		if f.Count == nil {
			return 0, false
		}
		return float64(*f.Count), true
	}
	if f.Percent == nil {
		return 0, false
	}
	return clamp(*f.Percent), true
}

// valueText is the label at the end of a bar.
func (c BarChart) valueText(f Figure) string {
	if c.Counts {
		return f.countText()
	}
	return f.percentText()
}

// table writes the table alternative.
func (c BarChart) table(b *strings.Builder) {
	heads := []string{cmp.Or(c.RowHead, "Answer"), "Number", "Per cent", "95% interval"}
	if c.NoteHead != "" {
		heads = append(heads, c.NoteHead)
	}
	tableOpen(b, c.ID, c.Title, heads...)
	for _, bar := range c.Bars {
		cells := []string{bar.Label, bar.Fig.countText(), bar.Fig.percentText(), bar.Fig.intervalText()}
		if c.NoteHead != "" {
			cells = append(cells, bar.Note)
		}
		tableRow(b, cells...)
	}
}
