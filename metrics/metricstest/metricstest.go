// Package metricstest reads metrics back in tests: it scrapes a /metrics
// endpoint over HTTP (or the metrics package's handler) and parses the
// Prometheus text format with the Prometheus parser.
package metricstest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chorus-nhs/chorus/metrics"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// Families are parsed metric families by name.
type Families map[string]*dto.MetricFamily

// Scrape GETs url (a /metrics endpoint) and parses the text format.
func Scrape(tb testing.TB, url string) Families {
	tb.Helper()
	resp, err := http.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s = %d", url, resp.StatusCode)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		tb.Fatalf("GET %s: not the Prometheus text format: %v", url, err)
	}
	return fams
}

// ScrapeHandler scrapes the metrics package's own handler, for tests of a
// package that records without a server.
func ScrapeHandler(tb testing.TB) Families {
	tb.Helper()
	srv := httptest.NewServer(metrics.Handler())
	defer srv.Close()
	return Scrape(tb, srv.URL+"/metrics")
}

// Value is the value of the series of the family name whose labels include
// every pair of want: a counter's or gauge's value, a histogram's sample
// count. Several matching series are added up; none gives 0.
func (f Families) Value(name string, want map[string]string) float64 {
	fam := f[name]
	if fam == nil {
		return 0
	}
	var sum float64
	for _, m := range fam.GetMetric() {
		if !matches(m, want) {
			continue
		}
		switch {
		case m.Counter != nil:
			sum += m.Counter.GetValue()
		case m.Gauge != nil:
			sum += m.Gauge.GetValue()
		case m.Histogram != nil:
			sum += float64(m.Histogram.GetSampleCount())
		case m.Untyped != nil:
			sum += m.Untyped.GetValue()
		}
	}
	return sum
}

func matches(m *dto.Metric, want map[string]string) bool {
	n := 0
	for _, l := range m.GetLabel() {
		if v, ok := want[l.GetName()]; ok {
			if v != l.GetValue() {
				return false
			}
			n++
		}
	}
	return n == len(want)
}
