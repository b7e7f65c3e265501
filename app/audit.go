package app

import (
	"context"
	"log/slog"

	"github.com/chorus-nhs/chorus/store"
)

// Audit records a staff action by p: action such as "survey.publish",
// target such as "quarterly-feedback@3", and the organisation it happened
// in. Never call it for respondents. A failure to write is logged, not
// returned: the action has already happened.
func (a *App) Audit(ctx context.Context, p *Staff, action, target, org string) {
	e := store.AuditEntry{Time: a.now(), Organisation: org, Action: action, Target: target}
	if p != nil {
		e.ActorKind, e.ActorID, e.Actor = p.Kind, p.ID, p.Email
		if p.Kind != KindUser {
			e.Actor = p.Name
		}
	}
	if err := a.store.AppendAudit(ctx, e); err != nil {
		a.log.Error("audit entry not written", slog.String("action", action), slog.Any("error", err))
	}
}
