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

// ListAudit returns the audit entries of f.Organisation that match f, once
// p administers it; total counts every match.
func (a *App) ListAudit(ctx context.Context, p *Staff, f store.AuditFilter) ([]store.AuditEntry, int64, error) {
	if err := Authorize(p, PermAdmin, Scope{Organisation: f.Organisation}); err != nil {
		return nil, 0, err
	}
	return a.store.ListAudit(ctx, f)
}

// ExportAudit returns every audit entry of f.Organisation that matches f
// (read a thousand at a time), once p administers it, and records the
// export itself.
func (a *App) ExportAudit(ctx context.Context, p *Staff, f store.AuditFilter) ([]store.AuditEntry, error) {
	if err := Authorize(p, PermAdmin, Scope{Organisation: f.Organisation}); err != nil {
		return nil, err
	}
	f.Offset, f.Limit = 0, 1000
	var out []store.AuditEntry
	for {
		entries, _, err := a.store.ListAudit(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, entries...)
		if len(entries) < f.Limit {
			break
		}
		f.Offset += len(entries)
	}
	a.Audit(ctx, p, "audit.export", f.Organisation, f.Organisation)
	return out, nil
}
