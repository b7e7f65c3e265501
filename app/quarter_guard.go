package app

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/chorus-nhs/chorus/survey"
)

// Confirmation is an explicit confirmation that a use case asks for before
// a step that is allowed but probably a mistake.
type Confirmation string

// ConfirmUnfinished confirms sending to review, or publishing, the report
// of a quarter that has not ended yet in the organisation's calendar and
// time zone: its figures will still change as responses arrive.
const ConfirmUnfinished Confirmation = "unfinished_quarter"

// Unfinished describes a quarter that has not ended: when it ends and how
// many responses may still come. Counts come from the report builder, so
// a suppressed count is never shown (SoFar is nil, "fewer than Threshold").
type Unfinished struct {
	Quarter survey.Quarter
	Label   string    // "Q3 2026/27 (Oct–Dec 2026)"
	LastDay time.Time // the quarter's last day, local midnight
	// SoFar is the responses so far as the report shows them; nil when
	// suppressed.
	SoFar     *int
	Threshold int
	// More is about how many more responses may come: last quarter's
	// total scaled by the share of this quarter still to run; nil when
	// last quarter's total is not shown or is zero.
	More     *int
	Previous *int // last quarter's total, when shown
}

// Ends is the quarter's last day in words: "31 December 2026".
func (u *Unfinished) Ends() string { return u.LastDay.Format("2 January 2006") }

// SoFarText says how many responses there are so far, never a suppressed
// count.
func (u *Unfinished) SoFarText() string {
	if u.SoFar == nil {
		return fmt.Sprintf("fewer than %d so far", u.Threshold)
	}
	return fmt.Sprintf("%d so far", *u.SoFar)
}

// Message is the whole warning: the quarter's end, the responses so far
// and, when known, about how many more may come.
func (u *Unfinished) Message() string {
	msg := fmt.Sprintf("%s ends on %s. Responses are still arriving: %s", u.Label, u.Ends(), u.SoFarText())
	if u.More != nil && u.Previous != nil {
		msg += fmt.Sprintf(", and about %d more may come before it ends (last quarter had %d in all)", *u.More, *u.Previous)
	}
	return msg + "."
}

// UnfinishedQuarter returns what is still to come in the team's quarter,
// or nil when the quarter has ended, once p may read the team's reports.
// The report pages show it before sending to review or publishing.
func (a *App) UnfinishedQuarter(ctx context.Context, p *Staff, team, quarter string) (*Unfinished, error) {
	t, q, err := a.teamForReport(ctx, p, PermReadReport, team, quarter)
	if err != nil {
		return nil, err
	}
	cal, ended, err := a.quarterEnded(ctx, t, q)
	if err != nil || ended {
		return nil, err
	}
	return a.unfinished(ctx, t, q, cal)
}

// guardUnfinished refuses (conflict) to move the report of a quarter that
// has not ended unless the caller confirmed it with ConfirmUnfinished. It
// stays out of the way of a step the workflow refuses anyway (publishing
// a draft, sending to review twice), so that refusal says why. from is
// the state the step starts from: survey.ReportInReview for publishing,
// "" for sending to review (from draft or published).
func (a *App) guardUnfinished(ctx context.Context, t *survey.Team, q survey.Quarter, from string, confirm []Confirmation) error {
	if slices.Contains(confirm, ConfirmUnfinished) {
		return nil
	}
	cal, ended, err := a.quarterEnded(ctx, t, q)
	if err != nil || ended {
		return err
	}
	r, err := a.store.FindReview(ctx, t.Slug, q.Key())
	switch {
	case survey.ErrorCode(err) == survey.ENOTFOUND:
		if from == survey.ReportInReview {
			return nil
		}
	case err != nil:
		return err
	case (from == survey.ReportInReview) != (r.Status == survey.ReportInReview):
		return nil
	}
	u, err := a.unfinished(ctx, t, q, cal)
	if err != nil {
		return err
	}
	return &survey.Error{Code: survey.ECONFLICT, Message: u.Message() + " Confirm to continue.",
		Fields: []survey.FieldError{{Field: "confirm_unfinished", Message: "Confirm that you want to go ahead before " + u.Label + " ends."}}}
}

// quarterEnded reports whether q has ended in the calendar of t's
// organisation.
func (a *App) quarterEnded(ctx context.Context, t *survey.Team, q survey.Quarter) (survey.Calendar, bool, error) {
	org, err := a.store.FindOrganisation(ctx, t.Organisation)
	if err != nil {
		return survey.Calendar{}, false, err
	}
	cal := org.Settings.Calendar()
	_, end := cal.Bounds(q)
	return cal, !a.now().Before(end), nil
}

// unfinished describes q, which has not ended, from the team's reports.
func (a *App) unfinished(ctx context.Context, t *survey.Team, q survey.Quarter, cal survey.Calendar) (*Unfinished, error) {
	start, end := cal.Bounds(q)
	u := &Unfinished{Quarter: q, Label: cal.Label(q), LastDay: end.AddDate(0, 0, -1)}
	cur, err := a.BuildTeamReport(ctx, t, q, survey.ReportDraft)
	if err != nil {
		return nil, err
	}
	u.SoFar, u.Threshold = cur.Responses.Total, cur.Suppression.Threshold
	prev, err := a.BuildTeamReport(ctx, t, q.Prev(), survey.ReportDraft)
	if err != nil {
		return nil, err
	}
	if p := prev.Responses.Total; p != nil && *p > 0 {
		more := expectedMore(*p, start, end, a.now())
		u.Previous, u.More = p, &more
	}
	return u, nil
}

// expectedMore scales a previous quarter's total by the share of the
// quarter [start, end) still to run at now.
func expectedMore(previous int, start, end, now time.Time) int {
	if now.Before(start) {
		return previous
	}
	left := end.Sub(now).Hours() / end.Sub(start).Hours()
	return int(math.Round(float64(previous) * left))
}
