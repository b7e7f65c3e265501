package notify

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// EventRiskEscalation re-sends a risk alert no one has acknowledged, to the
// team's safeguarding contact and the organisation's.
const EventRiskEscalation = "risk_alert_escalation"

// DefaultEscalateAfter is how long an open alert waits for an
// acknowledgement before it is sent again and escalated.
const DefaultEscalateAfter = 4 * time.Hour

// Escalate sends again, and escalates to the organisation's safeguarding
// contact, every open alert raised at least EscalateAfter ago that was not
// escalated yet; each alert once. Alerts keep only the hour they were
// raised, so an alert is escalated between EscalateAfter minus one hour
// and EscalateAfter after it was raised, never later. The sweeper calls it;
// it returns how many alerts it escalated.
func (n *Notifier) Escalate(ctx context.Context) (int, error) {
	due, err := n.st.ListAlertsToEscalate(ctx, n.o.Now().Add(-n.o.EscalateAfter))
	if err != nil {
		return 0, err
	}
	done := 0
	for _, a := range due {
		won, err := n.st.MarkAlertEscalated(ctx, a.ID)
		if err != nil {
			return done, err
		}
		if !won {
			continue // acknowledged meanwhile, or another process escalated it
		}
		n.log.Warn("risk alert not acknowledged: sent again and escalated to the organisation's safeguarding contact",
			slog.String("alert", a.ID), slog.String("team", a.Team), slog.Duration("after", n.o.EscalateAfter))
		n.enqueueBoth(ctx, EventRiskEscalation, a.Team, a.ID)
		done++
	}
	return done, nil
}

// buildEscalation is the alert's message, marked as not acknowledged and
// also addressed to the organisation's safeguarding contact.
func (n *Notifier) buildEscalation(ctx context.Context, d *store.Delivery) (*message, error) {
	msg, err := n.buildAlert(ctx, d)
	if err != nil {
		return nil, err
	}
	if p, ok := msg.Payload.(AlertPayload); ok {
		p.Event = EventRiskEscalation
		msg.Payload = p
	}
	hours := int(n.o.EscalateAfter / time.Hour)
	msg.Email.Subject = fmt.Sprintf("Not acknowledged after %d hours: %s", hours, msg.Email.Subject)
	msg.Email.Text = fmt.Sprintf("No one has recorded dealing with this alert within %d hours, so it is sent again and to the organisation's safeguarding contact.\n\n", hours) + msg.Email.Text
	org, err := n.st.FindOrganisation(ctx, msg.Team.Organisation)
	if err != nil && survey.ErrorCode(err) != survey.ENOTFOUND {
		return nil, err
	}
	if org != nil && org.Settings.SafeguardingEmail != "" && !contains(msg.Email.To, org.Settings.SafeguardingEmail) {
		msg.Email.To = append(msg.Email.To, org.Settings.SafeguardingEmail)
	}
	return msg, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// safeguardingEvent reports whether an event is about a risk alert: its
// final failure is logged at ERROR and shown on the dashboard.
func safeguardingEvent(event string) bool {
	return event == EventRiskAlert || event == EventRiskEscalation
}

// FailedSafeguarding returns the alert deliveries (first sends and
// escalations) that failed for good, newest first, at most limit.
func (n *Notifier) FailedSafeguarding(ctx context.Context, limit int) ([]store.Delivery, error) {
	var out []store.Delivery
	for _, ev := range []string{EventRiskAlert, EventRiskEscalation} {
		ds, _, err := n.st.ListDeliveries(ctx, store.DeliveryFilter{Event: ev, State: store.DeliveryFailed, Limit: limit})
		if err != nil {
			return nil, err
		}
		out = append(out, ds...)
	}
	return out, nil
}

// ChannelProblem is an organisation that cannot receive risk alerts.
type ChannelProblem struct {
	Organisation string
	Reason       string
}

// ChannelProblems lists organisations with no working alert channel: no
// team has a webhook and either no SMTP server is configured or no one is
// there to send the e-mail to.
func (n *Notifier) ChannelProblems(ctx context.Context) ([]ChannelProblem, error) {
	orgs, err := n.st.ListOrganisations(ctx)
	if err != nil {
		return nil, err
	}
	var out []ChannelProblem
	for _, o := range orgs {
		teams, err := n.st.ListTeams(ctx, store.TeamFilter{Organisation: o.Slug})
		if err != nil {
			return nil, err
		}
		webhook, recipient := false, o.Settings.SafeguardingEmail != ""
		for _, t := range teams {
			webhook = webhook || t.WebhookURL != ""
			recipient = recipient || t.SafeguardingEmail != "" || len(t.ContactEmails) > 0
		}
		switch {
		case webhook:
		case n.mail == nil:
			out = append(out, ChannelProblem{o.Slug, "no SMTP server is configured (CHORUS_SMTP_ADDR) and no team has a webhook, so risk alerts reach no one"})
		case !recipient:
			out = append(out, ChannelProblem{o.Slug, "no team has a safeguarding e-mail or a webhook, and the organisation has no safeguarding contact, so risk alerts reach no one"})
		}
	}
	return out, nil
}
