package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// inReviewTeam is the team whose latest finished quarter the demo leaves
// in panel review, so that the review pages have something to do.
const inReviewTeam = "south-cmht"

// panelComment is what the demo panel says on each review.
const panelComment = "The panel read the comments together. Please make sure the themes about waiting and carers are discussed at the next team meeting."

// workflow takes a finished quarter's report through review and
// publication the way a team and its panel would, days after the quarter
// ends.
type workflow struct {
	st    *store.Store
	p     Pipeline
	cal   survey.Calendar
	today time.Time
}

// day is the day n days after the quarter ended, at noon, but never after
// today.
func (w workflow) day(q survey.Quarter, n int) time.Time {
	_, end := w.cal.Bounds(q)
	d := end.AddDate(0, 0, n)
	d = time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, d.Location())
	if d.After(w.today) {
		return w.today
	}
	return d
}

// publishedQuarters is how many of the latest finished quarters the demo
// teams have reviewed and published; older ones are left as drafts, which
// keeps the seed fast on the embedded store.
const publishedQuarters = 3

// quarter takes one team quarter as far as the demo goes: each of the
// latest finished quarters is reviewed, commented on, its quotes decided,
// two actions recorded and the report published, except the in-review
// team's latest. Each step looks at the stored state first, so a rerun
// repeats nothing.
func (w workflow) quarter(ctx context.Context, qp QuarterPlan, stats *Stats) error {
	if qp.Current || qp.Ago > publishedQuarters {
		return nil
	}
	key := qp.Quarter.Key()
	r, err := w.st.FindReview(ctx, qp.Team, key)
	if survey.ErrorCode(err) == survey.ENOTFOUND {
		if err := w.p.StartReview(ctx, w.day(qp.Quarter, 6), qp.Team, key); err != nil {
			return err
		}
		r, err = w.st.FindReview(ctx, qp.Team, key)
	}
	if err != nil {
		return err
	}
	if r.Status == survey.ReportPublished {
		return nil
	}
	if len(r.Comments) == 0 {
		if err := w.p.CommentOnReview(ctx, w.day(qp.Quarter, 8), qp.Team, key, panelComment); err != nil {
			return err
		}
	}
	if err := w.decideQuotes(ctx, qp, r); err != nil {
		return err
	}
	if err := w.recordActions(ctx, qp, stats); err != nil {
		return err
	}
	if qp.Team == inReviewTeam && qp.Ago == 1 {
		return nil
	}
	if err := w.p.Publish(ctx, w.day(qp.Quarter, 15), qp.Team, key); err != nil {
		return err
	}
	stats.Published++
	return nil
}

// decideQuotes approves two positive answers to "what was good" and two
// answers to "what could be better", and rejects the next suggestion, in
// candidate order (the order of the deterministic response ids).
func (w workflow) decideQuotes(ctx context.Context, qp QuarterPlan, r *store.Review) error {
	good, better := 0, 0
	for _, c := range r.Candidates {
		approve := false
		switch {
		case c.PromptKind == survey.PromptWhatGood && c.Sentiment <= 2 && good < 2:
			good++
			approve = true
		case c.PromptKind == survey.PromptCouldImprove && c.Sentiment >= 3 && len(c.Text) >= 40 && better < 3:
			better++
			approve = better <= 2
		default:
			continue
		}
		if r.Decision(c.ID) != store.QuotePending {
			continue
		}
		if err := w.p.DecideQuote(ctx, w.day(qp.Quarter, 9), qp.Team, qp.Quarter.Key(), c.ID, approve); err != nil {
			return err
		}
	}
	return nil
}

// recordActions records the quarter's two actions unless the team has
// recorded some for it already. Older actions are done; the latest
// quarter's are under way or planned.
func (w workflow) recordActions(ctx context.Context, qp QuarterPlan, stats *Stats) error {
	key := qp.Quarter.Key()
	_, n, err := w.st.ListActions(ctx, store.ActionFilter{Team: qp.Team, Quarter: key})
	if err != nil || n > 0 {
		return err
	}
	teamIndex := slices.IndexFunc(profiles, func(p teamProfile) bool { return p.Team == qp.Team })
	for k := range 2 {
		pa := actionBank[(teamIndex*5+qp.Ago*2+k)%len(actionBank)]
		status := survey.ActionDone
		switch {
		case qp.Ago == 1 && k == 0:
			status = survey.ActionInProgress
		case qp.Ago == 1:
			status = survey.ActionPlanned
		case qp.Ago == 2 && k == 1:
			status = survey.ActionInProgress
		}
		a := Action{Quarter: key, Theme: pa.Theme, Description: pa.Description, Owner: pa.Owner, Status: status}
		if err := w.p.RecordAction(ctx, w.day(qp.Quarter, 11), qp.Team, a); err != nil {
			return fmt.Errorf("action %q: %w", pa.Theme, err)
		}
		stats.Actions++
	}
	return nil
}

// acknowledgeAlerts acknowledges the risk alerts of finished quarters (open
// or raised for review) the day after they were raised. The current quarter's stay open, as a
// live service would have them.
func (w workflow) acknowledgeAlerts(ctx context.Context) error {
	alerts, _, err := w.st.ListAlerts(ctx, store.AlertFilter{Organisation: Organisation.Slug})
	if err != nil {
		return err
	}
	current := w.cal.QuarterOf(w.today).Key()
	for _, a := range alerts {
		// Open alerts and those raised for a person to check alike.
		if a.Quarter == current || a.Status == store.AlertAcknowledged {
			continue
		}
		day, err := time.ParseInLocation("2006-01-02", a.Date, w.today.Location())
		if err != nil {
			return fmt.Errorf("demo: alert %s: date %q: %w", a.ID, a.Date, err)
		}
		day = time.Date(day.Year(), day.Month(), day.Day()+1, 12, 0, 0, 0, day.Location())
		if day.After(w.today) {
			day = w.today
		}
		if err := w.p.AcknowledgeAlert(ctx, day, a.ID); err != nil {
			return err
		}
	}
	return nil
}

func optionsUpsert() *options.UpdateOneOptionsBuilder { return options.UpdateOne().SetUpsert(true) }
