package main

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Latencies are counted in fixed log-scale buckets, 16 per doubling from
// 1 µs to about 2 minutes: percentiles are within about 4.4 % and memory
// does not grow with the length of the run.
const (
	histPerDoubling = 16
	histBuckets     = 27 * histPerDoubling
)

// histogram counts request latencies.
type histogram struct {
	counts [histBuckets]uint64
	n      uint64
	sum    time.Duration
	max    time.Duration
}

func bucketOf(d time.Duration) int {
	us := float64(d) / float64(time.Microsecond)
	if us <= 1 {
		return 0
	}
	b := int(math.Ceil(math.Log2(us) * histPerDoubling))
	return min(b, histBuckets-1)
}

// bucketTop is the upper bound of bucket b.
func bucketTop(b int) time.Duration {
	return time.Duration(math.Exp2(float64(b)/histPerDoubling) * float64(time.Microsecond))
}

func (h *histogram) add(d time.Duration) {
	h.counts[bucketOf(d)]++
	h.n++
	h.sum += d
	h.max = max(h.max, d)
}

func (h *histogram) merge(o *histogram) {
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.n += o.n
	h.sum += o.sum
	h.max = max(h.max, o.max)
}

// quantile returns the latency below which a share q of requests fell (the
// top of its bucket, never above the largest seen).
func (h *histogram) quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	rank := uint64(math.Ceil(q * float64(h.n)))
	var seen uint64
	for b, c := range h.counts {
		if seen += c; seen >= rank && c > 0 && b < histBuckets-1 {
			return min(bucketTop(b), h.max)
		}
	}
	return h.max
}

// kindStats is what one worker, or the whole run, saw for one kind of
// request.
type kindStats struct {
	hist     histogram
	statuses map[int]uint64
	errors   uint64 // transport errors: no HTTP status
}

func (k *kindStats) merge(o *kindStats) {
	k.hist.merge(&o.hist)
	k.errors += o.errors
	for s, n := range o.statuses {
		k.statuses[s] += n
	}
}

// Summary is the result of a load run, also written as JSON with --json.
type Summary struct {
	URL         string                 `json:"url"`
	Survey      string                 `json:"survey"`
	Version     int                    `json:"version"`
	Concurrency int                    `json:"concurrency"`
	Seed        uint64                 `json:"seed"`
	Mix         string                 `json:"mix"`
	Seconds     float64                `json:"seconds"`
	Kinds       map[string]KindSummary `json:"kinds"`
	Requests    uint64                 `json:"requests"`
	PerSecond   float64                `json:"requests_per_second"`
	Unexpected  uint64                 `json:"unexpected"`
	Errors      uint64                 `json:"errors"`
	Server      *ServerMemory          `json:"server_memory,omitempty"`
}

// KindSummary is the result for one kind of request. Latencies are in
// milliseconds.
type KindSummary struct {
	Requests   uint64            `json:"requests"`
	PerSecond  float64           `json:"requests_per_second"`
	Statuses   map[string]uint64 `json:"statuses"`
	Unexpected uint64            `json:"unexpected"`
	Errors     uint64            `json:"errors"`
	MeanMS     float64           `json:"mean_ms"`
	P50MS      float64           `json:"p50_ms"`
	P90MS      float64           `json:"p90_ms"`
	P99MS      float64           `json:"p99_ms"`
	MaxMS      float64           `json:"max_ms"`
}

// ServerMemory is the resident memory of the server process (from
// /proc/<pid>/status) before and after the run, in KiB.
type ServerMemory struct {
	PID          int    `json:"pid"`
	RSSBeforeKiB uint64 `json:"rss_before_kib"`
	RSSAfterKiB  uint64 `json:"rss_after_kib"`
	PeakKiB      uint64 `json:"peak_kib"`
}

func ms(d time.Duration) float64 { return math.Round(float64(d)/1e3) / 1e3 }

// summarise turns the merged stats into a Summary; expected lists the
// statuses that count as success for each kind.
func summarise(s *Summary, kinds map[string]*kindStats, expected map[string][]int, elapsed time.Duration) {
	s.Seconds = math.Round(elapsed.Seconds()*100) / 100
	s.Kinds = map[string]KindSummary{}
	for name, k := range kinds {
		ks := KindSummary{Requests: k.hist.n, Statuses: map[string]uint64{}, Errors: k.errors,
			P50MS: ms(k.hist.quantile(0.50)), P90MS: ms(k.hist.quantile(0.90)),
			P99MS: ms(k.hist.quantile(0.99)), MaxMS: ms(k.hist.max)}
		if k.hist.n > 0 {
			ks.MeanMS = ms(k.hist.sum / time.Duration(k.hist.n))
		}
		ks.PerSecond = math.Round(float64(k.hist.n)/elapsed.Seconds()*10) / 10
		for code, n := range k.statuses {
			ks.Statuses[strconv.Itoa(code)] = n
			if !containsInt(expected[name], code) {
				ks.Unexpected += n
			}
		}
		s.Kinds[name] = ks
		s.Requests += ks.Requests
		s.Unexpected += ks.Unexpected
		s.Errors += ks.Errors
	}
	s.PerSecond = math.Round(float64(s.Requests)/elapsed.Seconds()*10) / 10
}

func containsInt(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}

// printSummary writes the summary as a table.
func printSummary(w io.Writer, s *Summary) {
	fmt.Fprintf(w, "chorus load: %s survey %s v%d, %d workers, seed %d, mix %s\n",
		s.URL, s.Survey, s.Version, s.Concurrency, s.Seed, s.Mix)
	fmt.Fprintf(w, "%.2f s, %d requests, %.1f requests/s\n\n", s.Seconds, s.Requests, s.PerSecond)
	fmt.Fprintf(w, "%-8s %9s %9s %9s %9s %9s %9s %9s  %s\n", "kind", "requests", "req/s", "mean ms", "p50 ms", "p90 ms", "p99 ms", "max ms", "statuses")
	names := make([]string, 0, len(s.Kinds))
	for n := range s.Kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		k := s.Kinds[n]
		fmt.Fprintf(w, "%-8s %9d %9.1f %9.2f %9.2f %9.2f %9.2f %9.2f  %s\n", n, k.Requests, k.PerSecond,
			k.MeanMS, k.P50MS, k.P90MS, k.P99MS, k.MaxMS, statusList(k.Statuses, k.Errors))
	}
	if m := s.Server; m != nil {
		fmt.Fprintf(w, "\nserver pid %d: RSS %.1f MiB before, %.1f MiB after, peak %.1f MiB\n",
			m.PID, float64(m.RSSBeforeKiB)/1024, float64(m.RSSAfterKiB)/1024, float64(m.PeakKiB)/1024)
	}
	fmt.Fprintf(w, "\nunexpected statuses: %d, transport errors: %d\n", s.Unexpected, s.Errors)
}

func statusList(st map[string]uint64, errs uint64) string {
	var parts []string
	for code, n := range st {
		parts = append(parts, fmt.Sprintf("%s×%d", code, n))
	}
	sort.Strings(parts)
	if errs > 0 {
		parts = append(parts, fmt.Sprintf("error×%d", errs))
	}
	return strings.Join(parts, " ")
}
