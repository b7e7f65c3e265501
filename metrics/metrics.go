// Package metrics holds Chorus's Prometheus collectors and the plain
// functions that the rest of the code calls to record into them, so that
// `api`, `store` (through cmd), `notify` and the ingest writer record a
// figure with one call and never handle a Prometheus type.
//
// Every label value comes from a small fixed set: a route template, a status
// code, an outcome word, a channel, an event kind, a store command name.
// No label ever holds response content, a survey, team or organisation
// slug, a count of a team's responses, or an address (IP, URL, e-mail).
//
// The collectors live in one registry of this package (Registry), served by
// Handler on the metrics listener that `chorus serve --metrics-addr` opens.
// Recording is cheap and safe when nothing serves the registry.
package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Registry holds every Chorus collector, plus the Go runtime and process
// collectors.
var Registry = prometheus.NewRegistry()

// latencyBuckets are seconds, from 1 ms to 10 s.
var latencyBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

var (
	httpRequests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "chorus_http_requests_total",
		Help: "HTTP requests answered, by method, route template and status code.",
	}, []string{"method", "route", "status"})
	httpDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "chorus_http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by method and route template.",
		Buckets: latencyBuckets,
	}, []string{"method", "route"})
	submissions = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "chorus_submissions_total",
		Help: "Survey responses submitted, by outcome: accepted (stored), resent (an id already stored), rejected (invalid input or unknown survey), failed (store or internal error).",
	}, []string{"outcome"})
	ingestQueue = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "chorus_ingest_queue_depth",
		Help: "Responses waiting in the ingest writer's queue.",
	})
	ingestGroup = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "chorus_ingest_group_size",
		Help:    "Responses committed together in one group by the ingest writer.",
		Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128, 256},
	})
	rollupLag = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "chorus_rollup_lag_seconds",
		Help:    "Time from a response being stored to its rollup update being applied.",
		Buckets: latencyBuckets,
	})
	themeEngine = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "chorus_theme_engine_seconds",
		Help:    "Time the theme engine takes to analyse one free-text answer (themes, sentiment, redaction, risk).",
		Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25},
	})
	alertsRaised = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "chorus_alerts_raised_total",
		Help: "Risk (safeguarding) alerts raised from flagged comments.",
	})
	deliveries = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "chorus_deliveries_total",
		Help: "Notification delivery attempts, by channel (webhook, email), event and outcome: delivered, retrying (failed, another attempt is scheduled), failed_final (failed after the last attempt, or a failure no retry can mend), interrupted (shut down mid-attempt).",
	}, []string{"channel", "event", "outcome"})
	deliveriesFailedFinal = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "chorus_deliveries_failed_final_total",
		Help: "Notifications given up on after their last attempt, by channel and event. Alert on any increase for event=\"risk_alert\".",
	}, []string{"channel", "event"})
	storeDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "chorus_store_operation_duration_seconds",
		Help:    "Time of a store (MongoDB) command, by command name and outcome (ok, error).",
		Buckets: latencyBuckets,
	}, []string{"command", "outcome"})
)

func init() {
	Registry.MustRegister(httpRequests, httpDuration, submissions, ingestQueue, ingestGroup, rollupLag,
		themeEngine, alertsRaised, deliveries, deliveriesFailedFinal, storeDuration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, o := range []string{SubmissionAccepted, SubmissionResent, SubmissionRejected, SubmissionFailed} {
		submissions.WithLabelValues(o)
	}
}

// Handler serves the registry in the Prometheus text format.
func Handler() http.Handler {
	return promhttp.HandlerFor(Registry, promhttp.HandlerOpts{Registry: Registry})
}

// IngestQueueDepth records how many responses wait in the ingest writer's
// queue now.
func IngestQueueDepth(n int) { ingestQueue.Set(float64(n)) }

// IngestGroup records the size of one group committed by the ingest writer.
func IngestGroup(size int) { ingestGroup.Observe(float64(size)) }

// RollupLag records the time between a response being stored and its rollup
// update being applied.
func RollupLag(d time.Duration) { rollupLag.Observe(d.Seconds()) }

// ThemeEngine records the time the theme engine took on one answer.
func ThemeEngine(d time.Duration) { themeEngine.Observe(d.Seconds()) }

// AlertRaised counts one risk alert raised.
func AlertRaised() { alertsRaised.Inc() }

// DeliveryKinds creates the delivery series of every channel and event at
// zero, so that a rate or an alert on them works before the first failure.
// notify calls it with its channels and events.
func DeliveryKinds(channels, events []string) {
	for _, c := range channels {
		for _, e := range events {
			for _, o := range []string{DeliveryDelivered, DeliveryRetrying, DeliveryFailedFinal, DeliveryInterrupted} {
				deliveries.WithLabelValues(c, e, o)
			}
			deliveriesFailedFinal.WithLabelValues(c, e)
		}
	}
}
