package webui

import (
	"math"
	"strconv"

	"github.com/chorus-nhs/chorus/survey"
)

// The exports (CSV and XLSX) are built from the same survey.Report value as
// the pages, through reportRows below, so suppression applied in the report
// cannot be forgotten by a writer: a suppressed figure has no number to write.

// figRow is one line of figures in an export. NoPercent marks a total,
// such as all responses, of which a percentage does not apply: its
// percentage columns are empty, never "suppressed".
type figRow struct {
	Item, Detail string
	Fig          Figure
	Change       *survey.Change
	NoPercent    bool
}

// actionRow is one "you said, we did" action in an export.
type actionRow struct {
	Theme, Description, Owner, Status string
}

// exportData is a report flattened for the exports, in sheet order.
type exportData struct {
	Summary, Questions, Themes []figRow
	Actions                    []actionRow
}

// figureOf turns a report cell into a figure. A cell with a count but no
// percentage had its percentage withheld (its base is suppressed or the
// report has too few responses for percentages): it reads "suppressed" too.
func figureOf(c *survey.Cell) Figure {
	if c == nil {
		return Figure{}
	}
	f := Figure{Count: c.Count, Percent: c.Percent, Low: c.Low, High: c.High, Suppressed: c.Suppressed, Reason: c.Reason}
	if c.Percent == nil && c.Count != nil && *c.Count > 0 {
		f.Suppressed = true
	}
	return f
}

// totalFigure is the figure of a total: its count, or suppressed when the
// count is. A total has no percentage, so its lack of one hides nothing.
func totalFigure(c *survey.Cell) Figure {
	return Figure{Count: c.Count, Suppressed: c.Suppressed, Reason: c.Reason}
}

// isFFTTotal reports whether a question's answered cell is the report's FFT
// total (the FFT question of the headline block shares its cells): a total
// with no percentage, unlike other questions' answered counts, which are a
// percentage of all responses.
func isFFTTotal(r *survey.Report, q survey.QuestionResult) bool {
	a, t := q.Answered, r.FFT.Total
	return q.ID == r.FFT.Question && a != nil && t != nil && a.Suppressed == t.Suppressed &&
		(a.Count == nil) == (t.Count == nil) && (a.Count == nil || *a.Count == *t.Count)
}

// roleNames are the display names of report roles.
var roleNames = map[string]string{
	survey.RoleServiceUser: "Service users",
	survey.RoleCarer:       "Carers",
	survey.RoleOther:       "Other",
	survey.RoleNotStated:   "Not stated",
}

// roleName is the display name of a role key.
func roleName(r string) string {
	if n, ok := roleNames[r]; ok {
		return n
	}
	return r
}

// fftAnswers are the FFT answers in display order.
var fftAnswers = []string{"very_good", "good", "neither", "poor", "very_poor", "dont_know"}

// fftName is the English label of an FFT answer.
func fftName(a string) string {
	if s, ok := messages["en"]["fft_"+a]; ok {
		return s
	}
	return a
}

// reportRows flattens a report for the exports.
func reportRows(r *survey.Report) exportData {
	var d exportData
	d.Summary = summaryRows(r)
	for _, q := range r.Questions {
		label := q.Label.In("en")
		if label == "" {
			label = q.ID
		}
		answered := figRow{Item: label, Detail: "Answered", Fig: figureOf(q.Answered), Change: changeOf(q.Answered)}
		if isFFTTotal(r, q) {
			answered.Fig, answered.NoPercent = totalFigure(q.Answered), true
		}
		d.Questions = append(d.Questions, answered)
		for _, o := range q.Options {
			d.Questions = append(d.Questions, figRow{Item: label, Detail: optionName(q, o), Fig: figureOf(o.Cell), Change: changeOf(o.Cell)})
		}
	}
	for _, t := range themeList(r) {
		name := t.Theme
		if name == "" {
			name = "All " + t.Major
		}
		d.Themes = append(d.Themes, figRow{Item: t.Major, Detail: name, Fig: figureOf(t.Cell), Change: changeOf(t.Cell)})
		for _, s := range sentiments {
			if c, ok := t.Sentiment[s]; ok {
				d.Themes = append(d.Themes, figRow{Item: t.Major, Detail: name + ": " + s, Fig: figureOf(c)})
			}
		}
	}
	for _, a := range r.Actions {
		d.Actions = append(d.Actions, actionRow{Theme: a.Theme, Description: a.Description, Owner: a.Owner, Status: actionStatusName(a.Status)})
	}
	return d
}

// summaryRows are the headline figures: responses by role, FFT overall and
// by role, and the number of comments.
func summaryRows(r *survey.Report) []figRow {
	total := survey.Cell{Count: r.Responses.Total, Suppressed: r.Responses.Suppressed, Reason: r.Responses.Reason}
	rows := []figRow{{Item: "Responses", Detail: "All", Fig: totalFigure(&total), NoPercent: true}}
	for _, role := range survey.ReportRoles {
		if c, ok := r.Responses.ByRole[role]; ok {
			rows = append(rows, figRow{Item: "Responses", Detail: roleName(role), Fig: figureOf(c)})
		}
	}
	rows = append(rows, fftRows(r.FFT, "All")...)
	for _, rr := range r.Roles {
		rows = append(rows, fftRows(rr.FFT, roleName(rr.Role))...)
	}
	rows = append(rows, figRow{Item: "Comments", Detail: "All", Fig: totalFigure(&r.Comments), NoPercent: true})
	return rows
}

// fftRows are the FFT % positive and % negative of a group, then each answer.
func fftRows(f survey.FFTResult, group string) []figRow {
	if f.Total == nil {
		return nil
	}
	rows := []figRow{
		{Item: "FFT positive (very good or good)", Detail: group, Fig: figureOf(f.Positive), Change: changeOf(f.Positive)},
		{Item: "FFT negative (poor or very poor)", Detail: group, Fig: figureOf(f.Negative), Change: changeOf(f.Negative)},
	}
	for _, a := range fftAnswers {
		if c, ok := f.Answers[a]; ok {
			rows = append(rows, figRow{Item: "FFT: " + fftName(a), Detail: group, Fig: figureOf(c)})
		}
	}
	return rows
}

// themeList is the themes of a report: each major theme, then its sub-themes.
func themeList(r *survey.Report) []survey.ThemeResult {
	var out []survey.ThemeResult
	for _, m := range r.MajorThemes {
		out = append(out, m)
		for _, t := range r.Themes {
			if t.Major == m.Major {
				out = append(out, t)
			}
		}
	}
	if len(r.MajorThemes) == 0 {
		out = append(out, r.Themes...)
	}
	return out
}

var sentiments = []string{survey.SentimentPositive, survey.SentimentNeutral, survey.SentimentNegative}

func changeOf(c *survey.Cell) *survey.Change {
	if c == nil {
		return nil
	}
	return c.Change
}

// optionName is the English label of an option, or its value.
func optionName(q survey.QuestionResult, o survey.OptionResult) string {
	if l := o.Label.In("en"); l != "" {
		return l
	}
	switch q.Type {
	case "fft":
		return fftName(o.Value)
	case "likert":
		if l, ok := messages["en"]["likert_"+o.Value]; ok {
			return o.Value + " – " + l
		}
	case "yes_no":
		if l, ok := messages["en"][o.Value]; ok {
			return l
		}
	}
	return o.Value
}

// actionStatusName is the plain-English status of an action.
func actionStatusName(s string) string {
	switch s {
	case survey.ActionPlanned:
		return "Planned"
	case survey.ActionInProgress:
		return "In progress"
	case survey.ActionDone:
		return "Done"
	}
	return s
}

// changeText describes a change in percentage points, e.g. "+12 points".
func changeText(c *survey.Change) string {
	switch {
	case c == nil:
		return ""
	case c.Suppressed || c.Difference == nil:
		return suppressedText
	}
	d := math.Round(*c.Difference)
	s := strconv.FormatFloat(d, 'f', 0, 64) + " points"
	if d > 0 {
		s = "+" + s
	}
	return s
}

// significanceText is "significant" for a change that passed the test.
func significanceText(c *survey.Change) string {
	switch {
	case c == nil:
		return ""
	case c.Suppressed:
		return suppressedText
	case c.Significant:
		return "yes"
	}
	return "no"
}
