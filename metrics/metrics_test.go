package metrics_test

import (
	"errors"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/metrics"
	"github.com/chorus-nhs/chorus/metrics/metricstest"
	"github.com/chorus-nhs/chorus/survey"
)

func TestSubmissionOutcomes(t *testing.T) {
	cases := []struct {
		name    string
		created bool
		err     error
		want    string
	}{
		{"Accepted", true, nil, "accepted"},
		{"Resent", false, nil, "resent"},
		{"ErrInvalid", false, survey.Errorf(survey.EUNPROCESS, "no"), "rejected"},
		{"ErrNotFound", false, survey.Errorf(survey.ENOTFOUND, "no"), "rejected"},
		{"ErrRateLimited", false, survey.Errorf(survey.ERATELIMIT, "no"), "rejected"},
		{"ErrUnavailable", false, survey.Errorf(survey.EUNAVAILABLE, "no"), "failed"},
		{"ErrInternal", false, errors.New("boom"), "failed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			labels := map[string]string{"outcome": tc.want}
			before := metricstest.ScrapeHandler(t).Value("chorus_submissions_total", labels)
			metrics.Submission(tc.created, tc.err)
			if got := metricstest.ScrapeHandler(t).Value("chorus_submissions_total", labels) - before; got != 1 {
				t.Fatalf("chorus_submissions_total{outcome=%q} rose by %v, want 1", tc.want, got)
			}
		})
	}
}

// A made-up method and an empty route (no match) never become labels.
func TestHTTPRequestLabels(t *testing.T) {
	metrics.HTTPRequest("PROPFIND", "", 404, time.Millisecond)
	fams := metricstest.ScrapeHandler(t)
	if fams.Value("chorus_http_requests_total", map[string]string{"method": "other", "route": metrics.Unmatched, "status": "404"}) < 1 {
		t.Error("no series for an unknown method on no route")
	}
	if fams.Value("chorus_http_requests_total", map[string]string{"method": "PROPFIND"}) != 0 {
		t.Error("the made-up method is a label value")
	}
}

func TestDeliveryFailedFinal(t *testing.T) {
	labels := map[string]string{"channel": "email", "event": "risk_alert"}
	before := metricstest.ScrapeHandler(t)
	metrics.Delivery("email", "risk_alert", metrics.DeliveryRetrying)
	metrics.Delivery("email", "risk_alert", metrics.DeliveryFailedFinal)
	after := metricstest.ScrapeHandler(t)
	if got := after.Value("chorus_deliveries_failed_final_total", labels) - before.Value("chorus_deliveries_failed_final_total", labels); got != 1 {
		t.Errorf("failed_final_total rose by %v, want 1 (a retry is not final)", got)
	}
	if got := after.Value("chorus_deliveries_total", labels) - before.Value("chorus_deliveries_total", labels); got != 2 {
		t.Errorf("deliveries_total rose by %v, want 2", got)
	}
}

func TestIngestRecorders(t *testing.T) {
	metrics.IngestQueueDepth(7)
	metrics.IngestGroup(3)
	metrics.RollupLag(5 * time.Millisecond)
	fams := metricstest.ScrapeHandler(t)
	if got := fams.Value("chorus_ingest_queue_depth", nil); got != 7 {
		t.Errorf("queue depth = %v, want 7", got)
	}
	if fams.Value("chorus_ingest_group_size", nil) < 1 || fams.Value("chorus_rollup_lag_seconds", nil) < 1 {
		t.Error("group size or rollup lag not observed")
	}
}
