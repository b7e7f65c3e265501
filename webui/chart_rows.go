package webui

import (
	"fmt"
	"strings"
)

// Charts are drawn as rows of HTML: each row's label and value are text of
// the page (so they keep the page's font size at any width and wrap
// instead of being cut), and only the bar itself is a small SVG stretched
// to the row's width. On a phone the label sits above its bar; from 40em
// it sits beside it (dashboard.css, .chorus-bars).

// rowsOpen starts the chart's picture: an image named by its title and its
// description, which names every value in words.
func rowsOpen(b *strings.Builder, id, title, desc, class string) {
	fmt.Fprintf(b, `<div class="chorus-bars%s" role="img" aria-labelledby="%[2]s-title %[2]s-desc">`, class, esc(id))
	fmt.Fprintf(b, `<span id="%s-title" hidden="">%s</span><span id="%s-desc" hidden="">%s</span>`, esc(id), esc(title), esc(id), esc(desc))
}

// rowsClose ends the picture.
func rowsClose(b *strings.Builder) { b.WriteString(`</div>`) }

// rowsAxis writes the percentage scale above the rows.
func rowsAxis(b *strings.Builder) {
	b.WriteString(`<div class="chorus-bars__row chorus-bars__row--axis"><span class="chorus-bars__label"></span><span class="chorus-bars__axis">`)
	for _, p := range []float64{0, 50, 100} {
		fmt.Fprintf(b, `<span>%s</span>`, pct(p))
	}
	b.WriteString(`</span><span class="chorus-bars__value"></span></div>`)
}

// plotBar is what one row draws: a share of the scale (0–100), with an
// optional interval on the same scale; shown is false for a suppressed or
// missing figure, which gets no bar at all.
type plotBar struct {
	label, value string
	at           float64
	low, high    *float64
	shown, grid  bool
	fill         string
	class        string // extra row class
}

// plotRow writes one row: label, bar and value.
func plotRow(b *strings.Builder, r plotBar) {
	fmt.Fprintf(b, `<div class="chorus-bars__row%s"><span class="chorus-bars__label">%s</span>`, r.class, esc(r.label))
	b.WriteString(`<svg class="chorus-bars__plot" viewBox="0 0 100 20" preserveAspectRatio="none" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">`)
	if r.grid {
		for _, x := range []int{0, 25, 50, 75, 100} {
			fmt.Fprintf(b, `<line class="chorus-grid" x1="%d" y1="0" x2="%d" y2="20" stroke="#d8dde0" stroke-width="1" vector-effect="non-scaling-stroke"/>`, x, x)
		}
	}
	valueClass := "chorus-bars__value"
	if r.shown {
		fmt.Fprintf(b, `<rect class="chorus-bar" x="0" y="4" width="%s" height="12" fill="%s"/>`, num(clamp(r.at)), r.fill)
		if r.low != nil && r.high != nil {
			x1, x2 := num(clamp(*r.low)), num(clamp(*r.high))
			fmt.Fprintf(b, `<path class="chorus-interval" d="M%s 10H%sM%s 4V16M%s 4V16" stroke="#212b32" stroke-width="1.5" fill="none" vector-effect="non-scaling-stroke"/>`, x1, x2, x1, x2)
		}
	} else {
		valueClass += " chorus-suppressed"
	}
	fmt.Fprintf(b, `</svg><span class="%s">%s</span></div>`, valueClass, esc(r.value))
}
