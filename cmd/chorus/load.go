package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/chorus-nhs/chorus/survey"
)

// loadOptions are the flags of `chorus load`.
type loadOptions struct {
	URL         string
	Survey      string
	Duration    time.Duration
	Requests    int64
	Concurrency int
	Mix         mix
	Token       string
	Seed        uint64
	JSON        bool
	ResendRate  float64
	RiskRate    float64
	Quarter     string
	Timeout     time.Duration
	PID         int
	Serve       bool
	DataDir     string
	// Rate paces the requests of all workers together (requests per
	// second); 0 sends as fast as the workers can.
	Rate float64
}

// Request kinds. A resend repeats an earlier submission's id and body; it
// is drawn from the submit share (--resend-rate) and reported apart.
const (
	kindSubmit = "submit"
	kindResend = "resend"
	kindSurvey = "survey"
	kindReport = "report"
)

// expectedStatus is what each kind must answer; anything else fails the run.
var expectedStatus = map[string][]int{
	kindSubmit: {http.StatusCreated},
	kindResend: {http.StatusOK},
	kindSurvey: {http.StatusOK},
	kindReport: {http.StatusOK},
}

const loadUsage = `Usage: chorus load (--url URL | --serve) [flags]

Drives a running Chorus over HTTP with realistic anonymous submissions,
survey fetches and (with --token) team report reads, then prints requests/s,
status counts and latency percentiles per kind. Exits non-zero on any
unexpected status or transport error.

The server limits submissions per client (30 a minute): start it with
CHORUS_SUBMIT_RATE=1000000 for a measurement, or use --serve, which starts
an in-process server with the demo trust on a temporary embedded store.

`

// parseLoadFlags reads the flags of `chorus load`.
func parseLoadFlags(args []string, getenv func(string) string, stderr io.Writer) (*loadOptions, error) {
	o := &loadOptions{Mix: defaultMix()}
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, loadUsage); fs.PrintDefaults() }
	fs.StringVar(&o.URL, "url", "", "base URL of a running Chorus, e.g. http://127.0.0.1:8080")
	fs.BoolVar(&o.Serve, "serve", false, "start an in-process Chorus (demo, temporary embedded store, submit rate lifted) and load it")
	fs.StringVar(&o.DataDir, "data-dir", "", "with --serve: the embedded store's directory (default: a temporary one, removed after)")
	fs.StringVar(&o.Survey, "survey", "quarterly-feedback", "slug of the published survey to answer")
	fs.DurationVar(&o.Duration, "duration", 0, "how long to run (default 30s unless --requests is given)")
	fs.Int64Var(&o.Requests, "requests", 0, "stop after this many requests in all")
	fs.IntVar(&o.Concurrency, "concurrency", 16, "requests in flight at once")
	fs.Var(&o.Mix, "mix", "weights of request kinds, e.g. submit=80,survey=10,report=10")
	fs.StringVar(&o.Token, "token", getenv("CHORUS_ADMIN_TOKEN"), "bootstrap admin token for report reads (default $CHORUS_ADMIN_TOKEN)")
	fs.Uint64Var(&o.Seed, "seed", 1, "seed of the answers (ids are always random)")
	fs.BoolVar(&o.JSON, "json", false, "print the summary as JSON")
	fs.Float64Var(&o.ResendRate, "resend-rate", 0.02, "share of submissions that resend an earlier id (expect 200)")
	fs.Float64Var(&o.RiskRate, "risk-rate", 0, "share of comments with risk language (raises alerts)")
	fs.StringVar(&o.Quarter, "quarter", "", "quarter of the report reads (default: the current one, April year start)")
	fs.DurationVar(&o.Timeout, "timeout", 30*time.Second, "time limit of one request")
	fs.Float64Var(&o.Rate, "rate", 0, "requests per second across all workers (0: as fast as they can); use more workers than rate × latency")
	fs.IntVar(&o.PID, "pid", 0, "server process id: report its resident memory (Linux /proc) before and after")
	if err := fs.Parse(args); err != nil {
		return nil, errUsage
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("load: unexpected argument %q", fs.Arg(0))
	}
	explicitMix := false
	fs.Visit(func(f *flag.Flag) { explicitMix = explicitMix || f.Name == "mix" })
	if err := o.validate(explicitMix, stderr); err != nil {
		return nil, err
	}
	return o, nil
}

// validate checks how the flags combine and fills defaults.
func (o *loadOptions) validate(explicitMix bool, stderr io.Writer) error {
	switch {
	case o.URL != "" && o.Serve:
		return errors.New("load: --url and --serve cannot be used together")
	case o.URL == "" && !o.Serve:
		return errors.New("load: --url is required (or --serve to start a server)")
	case o.DataDir != "" && !o.Serve:
		return errors.New("load: --data-dir is only for --serve")
	case o.Duration != 0 && o.Requests != 0:
		return errors.New("load: --duration and --requests cannot be used together")
	case o.Duration < 0:
		return fmt.Errorf("load: --duration %s: want a positive duration such as 30s", o.Duration)
	case o.Requests < 0:
		return fmt.Errorf("load: --requests %d: want 1 or more", o.Requests)
	case o.Concurrency < 1 || o.Concurrency > 1024:
		return fmt.Errorf("load: --concurrency %d: want 1 to 1024", o.Concurrency)
	case o.ResendRate < 0 || o.ResendRate > 0.5:
		return fmt.Errorf("load: --resend-rate %g: want 0 to 0.5", o.ResendRate)
	case o.RiskRate < 0 || o.RiskRate > 1:
		return fmt.Errorf("load: --risk-rate %g: want 0 to 1", o.RiskRate)
	case o.Rate < 0:
		return fmt.Errorf("load: --rate %g: want 0 (unpaced) or more", o.Rate)
	case o.Timeout <= 0:
		return fmt.Errorf("load: --timeout %s: want a positive duration", o.Timeout)
	case o.PID < 0 || (o.PID > 0 && o.Serve):
		return fmt.Errorf("load: --pid %d: want the process id of a separate server (not with --serve)", o.PID)
	}
	if o.URL != "" {
		u, err := url.Parse(o.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("load: --url %q: want an http(s) URL such as http://127.0.0.1:8080", o.URL)
		}
		o.URL = strings.TrimRight(o.URL, "/")
	}
	if !survey.ValidSlug(o.Survey) {
		return fmt.Errorf("load: --survey %q is not a survey slug", o.Survey)
	}
	if o.Quarter != "" {
		if _, err := survey.ParseQuarter(o.Quarter); err != nil {
			return fmt.Errorf("load: --quarter %q: %s", o.Quarter, survey.ErrorMessage(err))
		}
	} else {
		o.Quarter = survey.DefaultCalendar().QuarterOf(time.Now()).Key()
	}
	if o.Duration == 0 && o.Requests == 0 {
		o.Duration = 30 * time.Second
	}
	if o.Mix[kindReport] > 0 && o.Token == "" && !o.Serve {
		if explicitMix {
			return errors.New("load: --mix asks for report reads, which need --token (the bootstrap admin token)")
		}
		delete(o.Mix, kindReport)
		fmt.Fprintln(stderr, "chorus load: no --token, so no report reads (mix "+o.Mix.String()+")")
	}
	return nil
}

// mix is the weight of each request kind, as --mix submit=90,survey=5,report=5.
type mix map[string]int

func defaultMix() mix { return mix{kindSubmit: 90, kindSurvey: 5, kindReport: 5} }

func (m mix) String() string {
	var parts []string
	for _, k := range []string{kindSubmit, kindSurvey, kindReport} {
		if w, ok := m[k]; ok {
			parts = append(parts, k+"="+strconv.Itoa(w))
		}
	}
	return strings.Join(parts, ",")
}

// Set parses a mix; the kinds are submit, survey and report.
func (m *mix) Set(s string) error {
	out := mix{}
	total := 0
	for _, part := range strings.Split(s, ",") {
		name, w, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return fmt.Errorf("%q: want kind=weight, e.g. submit=90,survey=5,report=5", part)
		}
		if _, ok := expectedStatus[name]; !ok || name == kindResend {
			return fmt.Errorf("unknown kind %q: want submit, survey or report", name)
		}
		if _, dup := out[name]; dup {
			return fmt.Errorf("%s given twice", name)
		}
		n, err := strconv.Atoi(w)
		if err != nil || n < 0 || n > 1000000 {
			return fmt.Errorf("weight of %s %q: want a whole number from 0", name, w)
		}
		out[name] = n
		total += n
	}
	if total == 0 {
		return errors.New("the weights add up to 0")
	}
	*m = out
	return nil
}

// runLoad is `chorus load`.
func runLoad(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	o, err := parseLoadFlags(args, getenv, stderr)
	if err != nil {
		return err
	}
	if o.Serve {
		srv, err := startLoadServer(ctx, o)
		if err != nil {
			return err
		}
		defer srv.close()
		o.URL, o.Token, o.PID = srv.main.URL(), srv.token, os.Getpid()
		fmt.Fprintf(stderr, "chorus load: serving %s (embedded store in %s; memory figures include the load tool)\n", o.URL, srv.dir)
	}
	sum, err := loadRun(ctx, o, stderr)
	if err != nil {
		return err
	}
	if o.JSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(sum); err != nil {
			return err
		}
	} else {
		printSummary(stdout, sum)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("load: interrupted after %.1f s: %w", sum.Seconds, err)
	}
	return loadVerdict(sum)
}

// loadVerdict fails a run that saw any unexpected status or transport error.
func loadVerdict(s *Summary) error {
	if s.Unexpected == 0 && s.Errors == 0 {
		return nil
	}
	msg := fmt.Sprintf("load: %d unexpected statuses and %d transport errors", s.Unexpected, s.Errors)
	var codes []string
	for name, k := range s.Kinds {
		for code, n := range k.Statuses {
			if c, _ := strconv.Atoi(code); !containsInt(expectedStatus[name], c) {
				codes = append(codes, fmt.Sprintf("%s %s×%d", name, code, n))
			}
		}
	}
	sort.Strings(codes)
	if len(codes) > 0 {
		msg += " (" + strings.Join(codes, ", ") + ")"
	}
	if s.Kinds[kindSubmit].Statuses["429"] > 0 {
		msg += "; 429 is the server's rate limit per client: start it with CHORUS_SUBMIT_RATE=1000000 to measure"
	}
	return errors.New(msg)
}
