package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/chorus-nhs/chorus/notify"
	"github.com/chorus-nhs/chorus/webui"
)

// parseEscalateAfter reads CHORUS_ALERT_ESCALATE_AFTER ("4h", "90m"); empty
// means notify.DefaultEscalateAfter.
func (c *Config) parseEscalateAfter(v string) error {
	c.AlertEscalateAfter = notify.DefaultEscalateAfter
	if v == "" {
		return nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < time.Minute {
		return fmt.Errorf("CHORUS_ALERT_ESCALATE_AFTER %q: want a duration of at least 1m, such as 4h", v)
	}
	c.AlertEscalateAfter = d
	return nil
}

// warnAlertChannels logs, at start-up, every organisation whose risk
// alerts would reach no one.
func (m *Main) warnAlertChannels() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	problems, err := m.notifier.ChannelProblems(ctx)
	if err != nil {
		m.log.Error("could not check the risk alert channels", slog.Any("error", err))
		return
	}
	for _, p := range problems {
		m.log.Warn("no working risk alert channel", slog.String("organisation", p.Organisation), slog.String("reason", p.Reason))
	}
}

// safetyStatus is the dashboard's safeguarding warnings: organisations with
// no working alert channel and alert deliveries that failed for good.
func (m *Main) safetyStatus(ctx context.Context) (webui.SafetyStatus, error) {
	var out webui.SafetyStatus
	problems, err := m.notifier.ChannelProblems(ctx)
	if err != nil {
		return out, err
	}
	for _, p := range problems {
		out.Problems = append(out.Problems, webui.SafetyProblem{Organisation: p.Organisation, Reason: p.Reason})
	}
	failed, err := m.notifier.FailedSafeguarding(ctx, 20)
	if err != nil {
		return out, err
	}
	for _, d := range failed {
		t, err := m.store.FindTeam(ctx, d.Team)
		if err != nil {
			continue
		}
		out.Failed = append(out.Failed, webui.FailedAlert{Organisation: t.Organisation, Team: t.Name, Channel: d.Channel,
			Error: d.LastError, Date: d.Updated.Format("2006-01-02")})
	}
	return out, nil
}
