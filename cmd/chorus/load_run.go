package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chorus-nhs/chorus/survey"
)

// loadRun fetches the survey, runs the workers and returns the summary.
func loadRun(ctx context.Context, o *loadOptions, stderr io.Writer) (*Summary, error) {
	client := &http.Client{Timeout: o.Timeout, Transport: &http.Transport{
		MaxIdleConns: o.Concurrency, MaxIdleConnsPerHost: o.Concurrency, IdleConnTimeout: 90 * time.Second}}
	defer client.CloseIdleConnections()
	sv, err := fetchSurvey(ctx, client, o.URL, o.Survey)
	if err != nil {
		return nil, err
	}
	if len(sv.Teams) == 0 {
		return nil, fmt.Errorf("load: survey %q is offered to no team", o.Survey)
	}
	sum := &Summary{URL: o.URL, Survey: sv.Slug, Version: sv.Version, Concurrency: o.Concurrency, Seed: o.Seed, Mix: o.Mix.String()}
	if o.PID > 0 {
		sum.Server = &ServerMemory{PID: o.PID}
		if sum.Server.RSSBeforeKiB, _, err = procMemory(o.PID); err != nil {
			return nil, err
		}
	}
	if o.Duration > 0 {
		fmt.Fprintf(stderr, "chorus load: %d workers for %s against %s\n", o.Concurrency, o.Duration, o.URL)
	} else {
		fmt.Fprintf(stderr, "chorus load: %d workers for %d requests against %s\n", o.Concurrency, o.Requests, o.URL)
	}
	lr := &loadRunner{o: o, client: client, sv: sv, deadline: time.Now().Add(o.Duration), start: time.Now()}
	start := time.Now()
	workers := make([]*loadWorker, o.Concurrency)
	var wg sync.WaitGroup
	for i := range workers {
		w := lr.newWorker(uint64(i))
		workers[i] = w
		wg.Add(1)
		go func() { defer wg.Done(); w.run(ctx) }()
	}
	wg.Wait()
	elapsed := time.Since(start) // on interrupt, the summary covers what was done
	merged := map[string]*kindStats{}
	for _, w := range workers {
		if w.err != nil {
			return nil, w.err
		}
		for name, k := range w.stats {
			if merged[name] == nil {
				merged[name] = &kindStats{statuses: map[int]uint64{}}
			}
			merged[name].merge(k)
		}
	}
	summarise(sum, merged, expectedStatus, elapsed)
	if sum.Server != nil {
		if sum.Server.RSSAfterKiB, sum.Server.PeakKiB, err = procMemory(o.PID); err != nil {
			return nil, err
		}
	}
	return sum, nil
}

// fetchSurvey reads the published survey the load answers.
func fetchSurvey(ctx context.Context, client *http.Client, base, slug string) (*survey.Survey, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/public/surveys/"+slug, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("load: fetch survey: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("load: GET /api/v1/public/surveys/%s: status %d, want 200 (is the survey published?)", slug, resp.StatusCode)
	}
	var sv survey.Survey
	if err := json.NewDecoder(resp.Body).Decode(&sv); err != nil {
		return nil, fmt.Errorf("load: survey %q: %w", slug, err)
	}
	return &sv, nil
}

// loadRunner is what the workers share.
type loadRunner struct {
	o        *loadOptions
	client   *http.Client
	sv       *survey.Survey
	deadline time.Time
	issued   atomic.Int64
	start    time.Time
	slots    atomic.Int64 // requests paced so far (--rate)
}

// next reports whether another request is due.
func (lr *loadRunner) next(ctx context.Context) bool {
	if ctx.Err() != nil {
		return false
	}
	lr.pace(ctx)
	if lr.o.Requests > 0 {
		return lr.issued.Add(1) <= lr.o.Requests
	}
	return time.Now().Before(lr.deadline)
}

// pace waits for the next request's slot when --rate is set: slot n is
// due n/rate seconds after the start, whichever worker takes it.
func (lr *loadRunner) pace(ctx context.Context) {
	if lr.o.Rate <= 0 {
		return
	}
	n := lr.slots.Add(1)
	due := lr.start.Add(time.Duration(float64(n) / lr.o.Rate * float64(time.Second)))
	if d := time.Until(due); d > 0 {
		select {
		case <-time.After(d):
		case <-ctx.Done():
		}
	}
}

// sent is an earlier submission, kept for resends.
type sent struct {
	id   string
	body []byte
}

// loadWorker sends requests one after another and keeps its own stats.
type loadWorker struct {
	lr    *loadRunner
	rng   *mrand.Rand
	gen   answerGen
	stats map[string]*kindStats
	sent  []sent // ring of recent successful submissions
	nsent int
	err   error
}

func (lr *loadRunner) newWorker(i uint64) *loadWorker {
	rng := mrand.New(mrand.NewPCG(lr.o.Seed, i))
	return &loadWorker{lr: lr, rng: rng, gen: answerGen{sv: lr.sv, rng: rng, riskRate: lr.o.RiskRate},
		stats: map[string]*kindStats{}, sent: make([]sent, 0, 64)}
}

func (w *loadWorker) run(ctx context.Context) {
	for w.err == nil && w.lr.next(ctx) {
		switch w.pick() {
		case kindSubmit:
			w.submit(ctx)
		case kindSurvey:
			w.do(ctx, kindSurvey, http.MethodGet, "/api/v1/public/surveys/"+w.lr.sv.Slug, nil, "")
		case kindReport:
			team := w.lr.sv.Teams[w.rng.IntN(len(w.lr.sv.Teams))].Slug
			w.do(ctx, kindReport, http.MethodGet, "/api/v1/teams/"+team+"/reports/"+w.lr.o.Quarter, nil, w.lr.o.Token)
		}
	}
}

// pick draws a request kind by the mix weights.
func (w *loadWorker) pick() string {
	m := w.lr.o.Mix
	total := m[kindSubmit] + m[kindSurvey] + m[kindReport]
	n := w.rng.IntN(total)
	for _, k := range []string{kindSubmit, kindSurvey, kindReport} {
		if n < m[k] {
			return k
		}
		n -= m[k]
	}
	return kindSubmit
}

// submit posts a new response, or now and then resends an earlier one.
func (w *loadWorker) submit(ctx context.Context) {
	path := "/api/v1/public/surveys/" + w.lr.sv.Slug + "/responses"
	if len(w.sent) > 0 && w.rng.Float64() < w.lr.o.ResendRate {
		s := w.sent[w.rng.IntN(len(w.sent))]
		w.do(ctx, kindResend, http.MethodPost, path, s.body, "")
		return
	}
	answers := w.gen.answers()
	if _, err := survey.ValidateResponse(w.lr.sv, answers); err != nil {
		w.err = fmt.Errorf("load: generated answers do not fit survey %q (a bug of the load tool): %w", w.lr.sv.Slug, err)
		return
	}
	lang := "en"
	if len(w.lr.sv.Languages) > 1 && w.rng.IntN(10) == 0 {
		lang = w.lr.sv.Languages[w.rng.IntN(len(w.lr.sv.Languages))]
	}
	id := uuid4()
	body, err := json.Marshal(map[string]any{"id": id, "team": w.lr.sv.Teams[w.rng.IntN(len(w.lr.sv.Teams))].Slug,
		"language": lang, "answers": answers})
	if err != nil {
		w.err = err
		return
	}
	if w.do(ctx, kindSubmit, http.MethodPost, path, body, "") == http.StatusCreated {
		if len(w.sent) < cap(w.sent) {
			w.sent = append(w.sent, sent{id, body})
		} else {
			w.sent[w.nsent%cap(w.sent)] = sent{id, body}
		}
		w.nsent++
	}
}

// do sends one request, reads the whole answer, and counts its status and
// latency. It returns the status, or 0 on a transport error.
func (w *loadWorker) do(ctx context.Context, kind, method, path string, body []byte, token string) int {
	k := w.stats[kind]
	if k == nil {
		k = &kindStats{statuses: map[int]uint64{}}
		w.stats[kind] = k
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, w.lr.o.URL+path, rd)
	if err != nil {
		w.err = err
		return 0
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	start := time.Now()
	resp, err := w.lr.client.Do(req)
	if err == nil {
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	lat := time.Since(start)
	if err != nil && ctx.Err() != nil {
		return 0 // cut short by an interrupt: not counted
	}
	k.hist.add(lat)
	if err != nil {
		k.errors++
		return 0
	}
	k.statuses[resp.StatusCode]++
	return resp.StatusCode
}

// uuid4 returns a random version 4 UUID.
func uuid4() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// procMemory reads the resident set size and its peak, in KiB, of a
// process from /proc/<pid>/status (Linux).
func procMemory(pid int) (rss, peak uint64, err error) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0, fmt.Errorf("load: --pid %d: %w", pid, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, val, _ := strings.Cut(sc.Text(), ":")
		n, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(val), " kB"), 10, 64)
		switch name {
		case "VmRSS":
			rss = n
		case "VmHWM":
			peak = n
		}
	}
	if rss == 0 {
		return 0, 0, fmt.Errorf("load: --pid %d: no VmRSS in /proc/%d/status", pid, pid)
	}
	return rss, peak, sc.Err()
}
