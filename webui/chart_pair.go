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

// HTML renders the chart and its table alternative: for each measure, its
// name and then one bar per group, each named in words.
func (c PairChart) HTML() template.HTML {
	var b strings.Builder
	fmt.Fprintf(&b, `<figure class="chorus-chart" id="%s">`, esc(c.ID))
	rowsOpen(&b, c.ID, c.Title, c.words(), " chorus-bars--pairs")
	rowsAxis(&b)
	for _, r := range c.Rows {
		fmt.Fprintf(&b, `<p class="chorus-bars__measure">%s</p>`, esc(r.Label))
		c.bar(&b, c.NameA, r.A, "#005eb8", "")
		c.bar(&b, c.NameB, r.B, "#41b6e6", " chorus-bars__row--b")
	}
	rowsClose(&b)
	tableOpen(&b, c.ID, c.Title, "Measure", c.NameA, c.NameA+": 95% interval", c.NameB, c.NameB+": 95% interval")
	for _, r := range c.Rows {
		tableRow(&b, r.Label, r.A.percentText(), r.A.intervalText(), r.B.percentText(), r.B.intervalText())
	}
	figureClose(&b)
	return template.HTML(b.String())
}

// bar draws one group's bar, labelled with the group's name.
func (c PairChart) bar(b *strings.Builder, name string, f Figure, fill, class string) {
	r := plotBar{label: name, value: f.percentText(), shown: f.Percent != nil, grid: true, fill: fill, low: f.Low, high: f.High,
		class: " chorus-bars__row--group" + class}
	if f.Percent != nil {
		r.at = *f.Percent
	}
	plotRow(b, r)
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
