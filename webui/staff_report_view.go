package webui

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/chorus-nhs/chorus/survey"
)

// ReportView is a survey.Report made ready for the page: charts with
// their tables, and every figure as text. It is built from the report
// value alone, so it can show only what the report holds: a suppressed
// figure has no number here either.
type ReportView struct {
	Scope, Label, Status, StatusName string
	Threshold, QuoteMin              int
	// Percentages is false when the report has too few responses for any
	// percentage or quote.
	Percentages bool
	Note        string // the plain-English suppression note
	// Hidden says why figures are hidden, one sentence per reason;
	// MinBase is the notice of a unit below the minimum base.
	Hidden       []string
	MinBase      string
	PreviousName string // label of the quarter compared against
	Stats        []StatView
	RolesChart   template.HTML
	FFTChart     template.HTML
	TrendChart   template.HTML
	PairChart    template.HTML
	ThemesChart  template.HTML
	Questions    []ReportQuestion
	Themes       []ThemeRow
	Emerging     []EmergingView
	Quotes       []survey.Quote
	Actions      []ActionView
}

// StatView is one headline figure.
type StatView struct {
	Label, Value, Detail string
	Significant          bool
}

// ReportQuestion is one question with its chart (nil for free text).
type ReportQuestion struct {
	Label    string
	Answered string
	Chart    template.HTML
}

// ThemeRow is one line of the themes table.
type ThemeRow struct {
	Major, Theme                string
	IsMajor                     bool
	Count, Share, Interval      string
	Positive, Neutral, Negative string
	Change                      string
	Significant                 bool
	DrillURL                    string
}

// EmergingView is an emerging term in words.
type EmergingView struct{ Term, Now, Before string }

// ActionView is an action in words.
type ActionView struct {
	Theme, Description, Owner, Status, StatusKey string
}

// buildReportView prepares a report for the page. trend is the reports of
// earlier quarters, oldest first (the report itself is added last);
// drill, when not nil, gives the drill-down link of a sub-theme.
func buildReportView(r *survey.Report, trend []*survey.Report, drill func(theme string) string) *ReportView {
	v := &ReportView{Scope: r.Scope.Name, Label: r.Label, Status: r.Status, StatusName: statusName(r.Status),
		Threshold: r.Suppression.Threshold, QuoteMin: r.Suppression.QuoteMin, Percentages: r.Suppression.Percentages,
		Note: SuppressionNote(r.Suppression.Threshold), PreviousName: r.Previous, Quotes: r.Quotes}
	if q, err := survey.ParseQuarter(r.Previous); err == nil {
		v.PreviousName = shortLabel(q)
	}
	v.Stats = headline(r)
	v.Hidden, v.MinBase = hiddenNotes(r), minBaseNote(r)
	v.RolesChart = rolesChart(r).HTML()
	if r.FFT.Total != nil {
		v.FFTChart = fftChart("chart-fft", "Friends and Family Test: every answer", r.FFT).HTML()
		v.TrendChart = trendChart(append(trend, r)).HTML()
	}
	if pc, ok := pairChart(r); ok {
		v.PairChart = pc.HTML()
	}
	v.Questions = questionViews(r)
	v.Themes = themeRows(r, drill)
	if len(r.Themes) > 0 {
		v.ThemesChart = themesChart(r).HTML()
	}
	for _, t := range r.EmergingTerms {
		v.Emerging = append(v.Emerging, EmergingView{Term: t.Term, Now: intText(t.CountCurrent, true), Before: intText(t.CountPrevious, t.Suppressed)})
	}
	for _, a := range r.Actions {
		v.Actions = append(v.Actions, ActionView{Theme: a.Theme, Description: a.Description, Owner: a.Owner, Status: actionStatusName(a.Status), StatusKey: a.Status})
	}
	return v
}

// headline is the row of key figures at the top of the page.
func headline(r *survey.Report) []StatView {
	total := Figure{Count: r.Responses.Total, Suppressed: r.Responses.Suppressed}
	stats := []StatView{{Label: "Responses", Value: total.countText(), Detail: survey.ReasonText(r.Responses.Reason)}}
	if r.FFT.Total != nil {
		stats = append(stats, fftStat("Positive (very good or good)", r.FFT.Positive), fftStat("Negative (poor or very poor)", r.FFT.Negative))
	}
	stats = append(stats, StatView{Label: "Comments", Value: figureOf(&r.Comments).countText()})
	return stats
}

func fftStat(label string, c *survey.Cell) StatView {
	f := figureOf(c)
	s := StatView{Label: label, Value: f.percentText()}
	if f.Low != nil && f.High != nil {
		s.Detail = "95% interval " + f.intervalText() + "."
	}
	if ch := changeOf(c); ch != nil {
		text, sig := changeWords(ch)
		s.Detail = strings.TrimSpace(s.Detail + " " + text)
		s.Significant = sig
	}
	return s
}

// changeWords describes a change in plain English, marking it only when it
// is statistically significant.
func changeWords(ch *survey.Change) (string, bool) {
	if ch.Suppressed || ch.Difference == nil {
		return "Change since last quarter: suppressed.", false
	}
	d := math.Round(*ch.Difference)
	dir := "up"
	if d < 0 {
		dir = "down"
	}
	if d == 0 {
		return "No change since last quarter.", false
	}
	text := fmt.Sprintf("%s %s points since last quarter", dir, strconv.FormatFloat(math.Abs(d), 'f', 0, 64))
	if ch.Significant {
		return sigMark(d) + " " + text + ".", true
	}
	return strings.ToUpper(text[:1]) + text[1:] + " (could be chance).", false
}

// sigMark is the arrow shown beside a significant change.
func sigMark(d float64) string {
	if d > 0 {
		return "▲ Significant:"
	}
	return "▼ Significant:"
}

func intText(n *int, suppressed bool) string {
	switch {
	case n != nil:
		return strconv.Itoa(*n)
	case suppressed:
		return suppressedText
	}
	return "0"
}

// shortLabel names a quarter without its months: "Q3 2026/27", or
// "Q3 2026" for organisations whose year starts in January.
func shortLabel(q survey.Quarter) string {
	if q.SingleYear {
		return fmt.Sprintf("Q%d %d", q.Q, q.Year)
	}
	return fmt.Sprintf("Q%d %d/%02d", q.Q, q.Year, (q.Year+1)%100)
}

func rolesChart(r *survey.Report) BarChart {
	c := BarChart{ID: "chart-roles", Title: "Responses by who answered", Counts: true, RowHead: "Who answered"}
	for _, role := range survey.ReportRoles {
		if cell, ok := r.Responses.ByRole[role]; ok {
			c.Bars = append(c.Bars, Bar{Label: roleName(role), Fig: figureOf(cell)})
		}
	}
	return c
}

func fftChart(id, title string, f survey.FFTResult) BarChart {
	c := BarChart{ID: id, Title: title, Desc: "Per cent of everyone who answered the question, don't know included.", RowHead: "Answer"}
	for _, a := range fftAnswers {
		if cell, ok := f.Answers[a]; ok {
			c.Bars = append(c.Bars, Bar{Label: fftName(a), Fig: figureOf(cell)})
		}
	}
	return c
}

// trendChart is FFT % positive over the reports given, oldest first.
func trendChart(reports []*survey.Report) LineChart {
	c := LineChart{ID: "chart-trend", Title: "Positive answers to the Friends and Family Test, last 8 quarters",
		Desc: "Per cent who said very good or good, with 95% intervals."}
	for _, r := range reports {
		label := r.Quarter
		if q, err := survey.ParseQuarter(r.Quarter); err == nil {
			label = shortLabel(q)
		}
		c.Points = append(c.Points, Point{Label: label, Fig: figureOf(r.FFT.Positive)})
	}
	return c
}

// pairChart puts service users and carers side by side: FFT positive and
// negative, and the share of comments on the five largest themes.
func pairChart(r *survey.Report) (PairChart, bool) {
	var su, ca *survey.RoleResult
	for i := range r.Roles {
		switch r.Roles[i].Role {
		case survey.RoleServiceUser:
			su = &r.Roles[i]
		case survey.RoleCarer:
			ca = &r.Roles[i]
		}
	}
	if su == nil || ca == nil {
		return PairChart{}, false
	}
	c := PairChart{ID: "chart-carers", Title: "Service users and carers side by side", NameA: "Service users", NameB: "Carers",
		Desc: "Friends and Family Test per cent, and the share of each group's comments about the largest themes."}
	c.Rows = append(c.Rows,
		PairRow{Label: "FFT positive", A: figureOf(su.FFT.Positive), B: figureOf(ca.FFT.Positive)},
		PairRow{Label: "FFT negative", A: figureOf(su.FFT.Negative), B: figureOf(ca.FFT.Negative)})
	for i, t := range r.Themes {
		if i == 5 {
			break
		}
		c.Rows = append(c.Rows, PairRow{Label: t.Theme, A: roleTheme(su, t.Theme), B: roleTheme(ca, t.Theme)})
	}
	return c, true
}

func roleTheme(rr *survey.RoleResult, theme string) Figure {
	for _, t := range rr.Themes {
		if t.Theme == theme {
			return figureOf(t.Cell)
		}
	}
	return Figure{}
}

func questionViews(r *survey.Report) []ReportQuestion {
	var out []ReportQuestion
	for i, q := range r.Questions {
		if q.Type == "fft" && q.ID == r.FFT.Question {
			continue // shown with the FFT above
		}
		label := q.Label.In("en")
		if label == "" {
			label = q.ID
		}
		qv := ReportQuestion{Label: label, Answered: answeredText(figureOf(q.Answered))}
		if a := q.Answered; (a == nil || a.Count == nil || *a.Count > 0) && len(q.Options) > 0 {
			c := BarChart{ID: "chart-q-" + strconv.Itoa(i+1), Title: label, RowHead: "Answer", Desc: "Per cent of those who answered."}
			for _, o := range q.Options {
				c.Bars = append(c.Bars, Bar{Label: optionName(q, o), Fig: figureOf(o.Cell), Note: changeNote(changeOf(o.Cell))})
			}
			c.NoteHead = "Change since last quarter"
			qv.Chart = c.HTML()
		}
		out = append(out, qv)
	}
	return out
}

// answeredText says how many people answered a question.
func answeredText(f Figure) string {
	switch {
	case f.Count == nil && f.Suppressed:
		return "The number who answered is suppressed."
	case f.Count == nil || *f.Count == 0:
		return "No one answered this question."
	case *f.Count == 1:
		return "Answered by 1 person."
	}
	return "Answered by " + strconv.Itoa(*f.Count) + " people."
}

// changeNote is the table text of a change, marked when significant.
func changeNote(ch *survey.Change) string {
	if ch == nil {
		return ""
	}
	text := changeText(ch)
	if ch.Significant {
		text += " (significant)"
	}
	return text
}

// themesChart shows each sub-theme's share of comments.
func themesChart(r *survey.Report) BarChart {
	c := BarChart{ID: "chart-themes", Title: "Themes: share of comments", RowHead: "Theme",
		Desc: "Per cent of all comments about each theme; a comment can be about more than one.", NoteHead: "Change since last quarter"}
	for _, t := range r.Themes {
		c.Bars = append(c.Bars, Bar{Label: t.Theme, Fig: figureOf(t.Cell), Note: changeNote(changeOf(t.Cell))})
	}
	return c
}

// themeRows lists major themes, each followed by its sub-themes.
func themeRows(r *survey.Report, drill func(string) string) []ThemeRow {
	var out []ThemeRow
	for _, t := range themeList(r) {
		f := figureOf(t.Cell)
		row := ThemeRow{Major: t.Major, Theme: t.Theme, IsMajor: t.Theme == "", Count: f.countText(), Share: f.percentText(), Interval: f.intervalText(),
			Positive: sentimentText(t, survey.SentimentPositive), Neutral: sentimentText(t, survey.SentimentNeutral), Negative: sentimentText(t, survey.SentimentNegative)}
		if ch := changeOf(t.Cell); ch != nil {
			row.Change, row.Significant = changeText(ch), ch.Significant
		}
		if drill != nil && !row.IsMajor {
			row.DrillURL = drill(t.Theme)
		}
		out = append(out, row)
	}
	return out
}

// sentimentText is the count and per cent of a theme's comments with a
// sentiment, e.g. "12 (60%)".
func sentimentText(t survey.ThemeResult, s string) string {
	c, ok := t.Sentiment[s]
	if !ok {
		return "–"
	}
	f := figureOf(c)
	if f.Percent == nil {
		return f.countText()
	}
	return f.countText() + " (" + f.percentText() + ")"
}
