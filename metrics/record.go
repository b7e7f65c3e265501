package metrics

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/chorus-nhs/chorus/survey"
	"go.mongodb.org/mongo-driver/v2/event"
)

// Unmatched is the route label of a request that matched no route, so that
// a scanner's made-up paths never become label values.
const Unmatched = "unmatched"

// methods are the HTTP methods kept as label values; any other is "other".
var methods = map[string]bool{http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true}

// HTTPRequest records one answered request. route must be a route template
// as registered (such as /api/v1/public/surveys/:slug) or Unmatched, never
// the requested path.
func HTTPRequest(method, route string, status int, d time.Duration) {
	if !methods[method] {
		method = "other"
	}
	if route == "" {
		route = Unmatched
	}
	httpRequests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	httpDuration.WithLabelValues(method, route).Observe(d.Seconds())
}

// Submission outcomes.
const (
	SubmissionAccepted = "accepted"
	SubmissionResent   = "resent"
	SubmissionRejected = "rejected"
	SubmissionFailed   = "failed"
)

// Submission records the outcome of one survey response submission: err
// nil and created is accepted, err nil and not created is a resend, an error
// caused by the input (invalid, unknown survey, too large, rate limited) is
// rejected, and any other error (store unavailable, internal) failed.
func Submission(created bool, err error) {
	submissions.WithLabelValues(submissionOutcome(created, err)).Inc()
}

func submissionOutcome(created bool, err error) string {
	if err == nil && created {
		return SubmissionAccepted
	}
	if err == nil {
		return SubmissionResent
	}
	switch survey.ErrorCode(err) {
	case survey.EUNAVAILABLE, survey.EINTERNAL:
		return SubmissionFailed
	}
	return SubmissionRejected
}

// Delivery outcomes.
const (
	DeliveryDelivered   = "delivered"
	DeliveryRetrying    = "retrying"
	DeliveryFailedFinal = "failed_final"
	DeliveryInterrupted = "interrupted"
)

// Delivery records one notification delivery attempt. channel is webhook or
// email, event the kind of notification (such as risk_alert), outcome one
// of the Delivery* constants. A DeliveryFailedFinal is also counted in
// chorus_deliveries_failed_final_total.
func Delivery(channel, event, outcome string) {
	deliveries.WithLabelValues(channel, event, outcome).Inc()
	if outcome == DeliveryFailedFinal {
		deliveriesFailedFinal.WithLabelValues(channel, event).Inc()
	}
}

// StoreMonitor returns a MongoDB driver command monitor that records the
// time of every store command by its name (find, insert, update, aggregate
// …) and outcome. It sees neither the command's documents nor the server's
// address. Pass it to the driver's client options (store.Options.Monitor).
func StoreMonitor() *event.CommandMonitor {
	return &event.CommandMonitor{
		Succeeded: func(_ context.Context, e *event.CommandSucceededEvent) {
			storeDuration.WithLabelValues(e.CommandName, "ok").Observe(e.Duration.Seconds())
		},
		Failed: func(_ context.Context, e *event.CommandFailedEvent) {
			storeDuration.WithLabelValues(e.CommandName, "error").Observe(e.Duration.Seconds())
		},
	}
}
