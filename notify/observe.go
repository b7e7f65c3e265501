package notify

import (
	"log/slog"

	"github.com/chorus-nhs/chorus/metrics"
	"github.com/chorus-nhs/chorus/store"
)

func init() {
	metrics.DeliveryKinds([]string{store.ChannelWebhook, store.ChannelEmail}, []string{EventRiskAlert, EventRiskEscalation, EventReportPublished})
}

// observe counts a recorded attempt by outcome and logs, at ERROR, a
// safeguarding alert that will never be delivered (failed after its last
// attempt, or failed in a way no retry can mend), and at WARN any other
// notification given up on, so that an operator learns of it from the log
// as well as from chorus_deliveries_failed_final_total. Like the attempt
// log, it names the delivery and team, never the alert's content.
func (n *Notifier) observe(d *store.Delivery, a store.DeliveryAttempt) {
	outcome := metrics.DeliveryDelivered
	switch {
	case a.Error == "":
	case a.Uncounted:
		outcome = metrics.DeliveryInterrupted
	case !a.Next.IsZero():
		outcome = metrics.DeliveryRetrying
	default:
		outcome = metrics.DeliveryFailedFinal
	}
	metrics.Delivery(d.Channel, d.Event, outcome)
	if outcome != metrics.DeliveryFailedFinal {
		return
	}
	level, msg := slog.LevelWarn, "delivery failed after its last attempt"
	if safeguardingEvent(d.Event) {
		level, msg = slog.LevelError, "safeguarding delivery failed after its last attempt"
	}
	n.log.Log(n.ctx, level, msg, slog.String("delivery", d.ID), slog.String("channel", d.Channel),
		slog.String("event", d.Event), slog.String("team", d.Team), slog.Int("attempts", d.Attempts+1),
		slog.String("error", a.Error))
}
