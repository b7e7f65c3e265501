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

// HTML renders the chart and its table alternative.
func (c BarChart) HTML() template.HTML {
	var b strings.Builder
	fmt.Fprintf(&b, `<figure class="chorus-chart" id="%s">`, esc(c.ID))
	rowsOpen(&b, c.ID, c.Title, c.words(), "")
	if !c.Counts {
		rowsAxis(&b)
	}
	top := c.scaleTop()
	for _, bar := range c.Bars {
		v, ok := c.value(bar.Fig)
		r := plotBar{label: bar.Label, value: c.valueText(bar.Fig), at: v / top * 100, shown: ok, grid: !c.Counts, fill: "#005eb8"}
		if !c.Counts {
			r.low, r.high = bar.Fig.Low, bar.Fig.High
		}
		plotRow(&b, r)
	}
	rowsClose(&b)
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
