package webui

import (
	"context"

	"github.com/chorus-nhs/chorus/survey"
)

// thanksSchedule says on the thank-you page which results are published
// and when the next are due, from the same source as the team's public
// "you said, we did" page (app.ResultsSchedule), so the two never
// disagree. Without a known team the page keeps its general wording.
func (u *UI) thanksSchedule(ctx context.Context, p *ThanksPage, team string) {
	if team == "" {
		return
	}
	service, err := u.app.TeamService(ctx, team)
	if err == nil {
		s, serr := u.app.ResultsSchedule(ctx, service)
		if serr == nil {
			p.LatestLabel, p.QuarterLabel, p.PublishAfter = s.LatestLabel, s.NextLabel, longDate(p.L, s.NextEnds)
			return
		}
		err = serr
	}
	if survey.ErrorCode(err) != survey.ENOTFOUND {
		u.log.Error("webui: results schedule", "code", survey.ErrorCode(err), "error", err)
	}
}
