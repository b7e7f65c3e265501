package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/mail"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/demo"
	"github.com/chorus-nhs/chorus/metrics"
	"github.com/chorus-nhs/chorus/notify"
	"github.com/chorus-nhs/chorus/store"
	"github.com/labstack/echo/v4"
)

// Config is every setting of `chorus serve`. Only this package reads flags
// and the environment.
type Config struct {
	Addr       string
	DataDir    string
	MongoURI   string
	Database   string
	AdminToken string
	PublicURL  string
	LogLevel   string
	LogFormat  string
	Demo       bool
	// DemoHistory seeds the demo's past quarters of feedback with --demo
	// (CHORUS_DEMO_HISTORY, default true; false seeds the trust alone).
	DemoHistory bool
	// TrustedProxies are CIDRs of reverse proxies whose X-Forwarded-For is
	// believed (CHORUS_TRUSTED_PROXIES, comma-separated).
	TrustedProxies string
	// SubmitRate is the most submissions per minute from one client
	// (CHORUS_SUBMIT_RATE); 0 keeps the API's default of 30. Raised only
	// for load measurement (`chorus load --serve`).
	SubmitRate int
	// MetricsAddr is where GET /metrics is served in the Prometheus text
	// format, on a listener of its own (CHORUS_METRICS_ADDR); off when empty.
	MetricsAddr string

	// Staff sign-in (docs/accounts.md).
	SessionKey         string // CHORUS_SESSION_KEY: signs CSRF tokens; random per process when unset
	CookieSecure       string // CHORUS_COOKIE_SECURE: "true", "false" or "" (secure unless the public URL is http://)
	OIDCIssuer         string
	OIDCClientID       string
	OIDCClientSecret   string
	OIDCAllowedDomains string // comma-separated

	// E-mail of alerts and publications (docs/reports-workflow.md); off
	// when SMTPAddr is empty.
	SMTPAddr     string
	SMTPUsername string
	SMTPPassword string
	SMTPFrom     string
	// AlertEscalateAfter (CHORUS_ALERT_ESCALATE_AFTER, default 4h): an open
	// risk alert not acknowledged this long is sent again and escalated to
	// the organisation's safeguarding contact.
	AlertEscalateAfter time.Duration
}

// Main runs the server: the store (embedded or external), the API and the
// web pages.
type Main struct {
	Config Config

	stdout, stderr io.Writer
	log            *slog.Logger
	embedded       *store.Embedded
	clock          *demo.Clock // the store's clock: pinned only while the demo seeds its history
	notifier       *notify.Notifier
	ingest         *app.Ingest
	store          *store.Store
	server         *http.Server
	listener       net.Listener
	metrics        *metricsServer
	serveErr       chan error
}

// NewMain returns a Main writing to the given streams.
func NewMain(stdout, stderr io.Writer) *Main {
	return &Main{stdout: stdout, stderr: stderr, serveErr: make(chan error, 1)}
}

// ParseFlags reads flags, then CHORUS_* variables for anything not given as
// a flag. Secrets may also come from a file named by *_FILE.
func (m *Main) ParseFlags(args []string, getenv func(string) string) error {
	env := func(key, def string) string {
		if v := getenv(key); v != "" {
			return v
		}
		if f := getenv(key + "_FILE"); f != "" {
			b, err := os.ReadFile(f)
			if err == nil {
				return strings.TrimSpace(string(b))
			}
		}
		return def
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(m.stderr)
	c := &m.Config
	fs.StringVar(&c.Addr, "addr", env("CHORUS_ADDR", "127.0.0.1:8080"), "address to listen on")
	fs.StringVar(&c.DataDir, "data-dir", env("CHORUS_DATA_DIR", "./chorus-data"), "directory of the embedded store")
	fs.BoolVar(&c.Demo, "demo", env("CHORUS_DEMO", "") == "true" || env("CHORUS_DEMO", "") == "1", "seed a demo trust, survey, history and demo accounts (idempotent)")
	fs.StringVar(&c.PublicURL, "public-url", env("CHORUS_PUBLIC_URL", ""), "public base URL for links and QR codes")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", env("CHORUS_METRICS_ADDR", ""), "address of the Prometheus /metrics listener (off when empty)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}
	c.MongoURI = env("CHORUS_MONGODB_URI", "")
	c.DemoHistory = env("CHORUS_DEMO_HISTORY", "true") != "false"
	c.Database = env("CHORUS_MONGODB_DATABASE", "chorus")
	c.AdminToken = env("CHORUS_ADMIN_TOKEN", "")
	c.LogLevel = env("CHORUS_LOG_LEVEL", "info")
	c.LogFormat = env("CHORUS_LOG_FORMAT", "text")
	c.TrustedProxies = env("CHORUS_TRUSTED_PROXIES", "")
	c.SessionKey = env("CHORUS_SESSION_KEY", "")
	c.CookieSecure = env("CHORUS_COOKIE_SECURE", "")
	c.OIDCIssuer = env("CHORUS_OIDC_ISSUER", "")
	c.OIDCClientID = env("CHORUS_OIDC_CLIENT_ID", "")
	c.OIDCClientSecret = env("CHORUS_OIDC_CLIENT_SECRET", "")
	c.OIDCAllowedDomains = env("CHORUS_OIDC_ALLOWED_DOMAINS", "")
	c.SMTPAddr = env("CHORUS_SMTP_ADDR", "")
	c.SMTPUsername = env("CHORUS_SMTP_USERNAME", "")
	c.SMTPPassword = env("CHORUS_SMTP_PASSWORD", "")
	c.SMTPFrom = env("CHORUS_SMTP_FROM", "")
	if err := c.parseEscalateAfter(env("CHORUS_ALERT_ESCALATE_AFTER", "")); err != nil {
		return err
	}
	if v := env("CHORUS_SUBMIT_RATE", ""); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return fmt.Errorf("CHORUS_SUBMIT_RATE %q: want a whole number of submissions per minute, 1 or more", v)
		}
		c.SubmitRate = n
	}
	return c.Validate()
}

// Validate checks how the settings combine.
func (c *Config) Validate() error {
	if _, err := c.proxies(); err != nil {
		return err
	}
	if err := c.validateSMTP(); err != nil {
		return err
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("--addr %q: want host:port", c.Addr)
	}
	if err := c.validateMetrics(); err != nil {
		return err
	}
	if c.MongoURI != "" && !strings.HasPrefix(c.MongoURI, "mongodb://") && !strings.HasPrefix(c.MongoURI, "mongodb+srv://") {
		return errors.New("CHORUS_MONGODB_URI must start with mongodb:// or mongodb+srv://")
	}
	if c.AdminToken != "" && len(c.AdminToken) < 16 {
		return errors.New("CHORUS_ADMIN_TOKEN must be at least 16 characters")
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		return fmt.Errorf("CHORUS_LOG_FORMAT %q: want text or json", c.LogFormat)
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return fmt.Errorf("CHORUS_LOG_LEVEL %q: want debug, info, warn or error", c.LogLevel)
	}
	if c.PublicURL != "" && !strings.HasPrefix(c.PublicURL, "http://") && !strings.HasPrefix(c.PublicURL, "https://") {
		return fmt.Errorf("--public-url %q: want an http(s) URL", c.PublicURL)
	}
	return c.validateAccounts()
}

// validateAccounts checks the staff sign-in settings.
func (c *Config) validateAccounts() error {
	if c.SessionKey != "" && len(c.SessionKey) < 32 {
		return errors.New("CHORUS_SESSION_KEY must be at least 32 characters")
	}
	switch c.CookieSecure {
	case "", "true", "false":
	default:
		return fmt.Errorf("CHORUS_COOKIE_SECURE %q: want true or false", c.CookieSecure)
	}
	if c.OIDCIssuer != "" {
		if c.OIDCClientID == "" || c.OIDCClientSecret == "" {
			return errors.New("CHORUS_OIDC_ISSUER needs CHORUS_OIDC_CLIENT_ID and CHORUS_OIDC_CLIENT_SECRET")
		}
		if !strings.HasPrefix(c.OIDCIssuer, "https://") {
			return fmt.Errorf("CHORUS_OIDC_ISSUER %q: want an https URL", c.OIDCIssuer)
		}
	}
	return nil
}

// cookieSecure reports whether staff cookies carry Secure: as configured,
// else unless the public URL is plain http (local development).
func (c *Config) cookieSecure() bool {
	if c.CookieSecure != "" {
		return c.CookieSecure == "true"
	}
	return !strings.HasPrefix(c.PublicURL, "http://")
}

// oidc returns the single-sign-on settings of the API.
func (c *Config) oidc() api.OIDCConfig {
	if c.OIDCIssuer == "" {
		return api.OIDCConfig{}
	}
	var domains []string
	for _, d := range strings.Split(c.OIDCAllowedDomains, ",") {
		if d = strings.ToLower(strings.TrimSpace(d)); d != "" {
			domains = append(domains, d)
		}
	}
	return api.OIDCConfig{Issuer: c.OIDCIssuer, ClientID: c.OIDCClientID, ClientSecret: c.OIDCClientSecret,
		RedirectURL: strings.TrimRight(c.PublicURL, "/") + "/api/v1/auth/oidc/callback", AllowedDomains: domains, AfterLogin: "/staff"}
}

// String describes the configuration with secrets masked.
func (c Config) String() string {
	mask := func(s string) string {
		if s == "" {
			return "(unset)"
		}
		return "(set)"
	}
	return fmt.Sprintf("addr=%s metrics-addr=%s data-dir=%s mongodb-uri=%s database=%s admin-token=%s demo=%v session-key=%s oidc-issuer=%s oidc-client-credentials=%s smtp=%s smtp-password=%s",
		c.Addr, c.MetricsAddr, c.DataDir, mask(c.MongoURI), c.Database, mask(c.AdminToken), c.Demo, mask(c.SessionKey), c.OIDCIssuer, mask(c.OIDCClientSecret),
		c.SMTPAddr, mask(c.SMTPPassword))
}

func (m *Main) logger() *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(m.Config.LogLevel))
	opts := &slog.HandlerOptions{Level: lvl}
	if m.Config.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(m.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(m.stderr, opts))
}

// Run opens the store, seeds the demo when asked, and starts serving. The
// listener is opened synchronously so address errors surface at once.
func (m *Main) Run(ctx context.Context) error {
	m.log = m.logger()
	tuneGC(os.Getenv)
	m.log.Info("starting chorus", slog.String("config", m.Config.String()))
	m.clock = &demo.Clock{}
	st, emb, err := openStore(ctx, m.Config, m.log, m.clock.Now)
	m.embedded = emb
	if err != nil {
		return err
	}
	m.store = st
	if err := m.startMetrics(); err != nil {
		return err
	}

	ln, err := net.Listen("tcp", m.Config.Addr)
	if err != nil {
		return err
	}
	m.listener = ln
	if m.Config.PublicURL == "" {
		m.Config.PublicURL = "http://" + ln.Addr().String()
	}
	if m.Config.Demo {
		logins, err := seedDemo(ctx, st, m.clock, m.Config.DemoHistory, m.stdout, m.log)
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		printDemoURLs(m.stdout, m.Config.PublicURL, logins)
	} else if err := disableDemoAccounts(ctx, st, m.log); err != nil {
		return fmt.Errorf("demo accounts: %w", err)
	}
	e, err := m.router()
	if err != nil {
		return err
	}
	m.server = &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
	go func() { m.serveErr <- m.server.Serve(ln) }()
	m.log.Info("listening", slog.String("url", m.URL()))
	return nil
}

// tuneGC makes the garbage collector run less often than Go's default
// (GOGC=400 instead of 100) under a soft memory limit of 250 MiB, unless
// GOGC or GOMEMLIMIT are set. A submission allocates about 180 KB, mostly
// short-lived; measured with `chorus load` (docs/performance.md) this
// saves about an eighth of the server's CPU per submission, and RSS stays
// near 150 MiB.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(250 << 20)
	}
}

// openStore connects to the external MongoDB of c or, when there is none,
// starts the embedded server in c.DataDir (returned, to be closed after the
// store; nil for an external server).
func openStore(ctx context.Context, c Config, log *slog.Logger, now func() time.Time) (*store.Store, *store.Embedded, error) {
	uri := c.MongoURI
	var emb *store.Embedded
	if uri == "" {
		// FerretDB logs every connection at INFO and harmless protocol
		// misses at WARN; only its errors are worth an operator's time.
		embLog := slog.New(minLevel{log.Handler(), slog.LevelError}).With(slog.String("component", "embedded-store"))
		e, err := store.StartEmbedded(ctx, c.DataDir, embLog)
		if err != nil {
			return nil, nil, err
		}
		emb, uri = e, e.URI()
		log.Info("embedded store running", slog.String("data_dir", c.DataDir))
	}
	o := store.Options{URI: uri, Database: c.Database, Majority: c.MongoURI != "", Monitor: metrics.StoreMonitor(), Now: now}
	if emb != nil {
		o.EmbeddedDir = emb.Dir()
	}
	st, err := store.Open(ctx, o)
	return st, emb, err
}

// router wires the API and the web pages into one Echo instance.
func (m *Main) router() (*echo.Echo, error) {
	e := api.NewEcho(m.log)
	proxies, _ := m.Config.proxies() // checked by Validate
	api.TrustProxies(e, proxies)
	e.Use(api.StrictTransportSecurity(m.Config.PublicURL))
	m.notifier = notify.New(m.store, notify.Options{PublicURL: m.Config.PublicURL, Logger: m.log, SMTP: notify.SMTPConfig{
		Addr: m.Config.SMTPAddr, Username: m.Config.SMTPUsername, Password: m.Config.SMTPPassword, From: m.Config.SMTPFrom},
		EscalateAfter: m.Config.AlertEscalateAfter})
	m.notifier.Start()
	m.warnAlertChannels()
	// The one writer of responses, rollups and alerts; it first finishes
	// any group a crash interrupted (every one on the embedded store, whose
	// data directory this process has locked).
	m.ingest = app.NewIngest(m.store, app.IngestOptions{Exclusive: m.embedded != nil, OnAlert: alertCounted(m.notifier.Alert), Logger: m.log})
	if err := m.ingest.Start(context.Background()); err != nil {
		m.ingest = nil
		return nil, fmt.Errorf("ingest: %w", err)
	}
	srv := api.New(api.Config{Store: m.store, Ingest: m.ingest, AdminToken: m.Config.AdminToken, Logger: m.log, Now: time.Now, SubmitRate: m.Config.SubmitRate,
		CookieInsecure: !m.Config.cookieSecure(), SessionKey: []byte(m.Config.SessionKey), OIDC: m.Config.oidc(),
		OnAlert: alertCounted(m.notifier.Alert), OnPublish: m.notifier.ReportPublished})
	srv.Register(e)
	if err := registerPages(e, srv, m); err != nil {
		return nil, err
	}
	return e, nil
}

// URL is the address the server listens on.
func (m *Main) URL() string {
	if m.listener == nil {
		return ""
	}
	return "http://" + m.listener.Addr().String()
}

// Close shuts down gracefully: in-flight requests finish (up to 25 seconds),
// the ingest writer writes what is queued, the notifier stops, then the
// store closes.
func (m *Main) Close() error {
	var errs []error
	if m.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 25*time.Second)
		defer cancel()
		if err := m.server.Shutdown(ctx); err != nil {
			errs = append(errs, err)
		}
		if err := <-m.serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	} else if m.listener != nil {
		_ = m.listener.Close()
	}
	if m.ingest != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 25*time.Second)
		defer cancel()
		if err := m.ingest.Close(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	if err := m.metrics.close(); err != nil {
		errs = append(errs, err)
	}
	if m.notifier != nil {
		// Unsent deliveries stay pending in the store for the next start.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := m.notifier.Close(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	if m.store != nil {
		if err := m.store.Close(context.Background()); err != nil {
			errs = append(errs, err)
		}
	}
	if m.embedded != nil {
		m.embedded.Close()
	}
	if m.log != nil {
		m.log.Info("stopped")
	}
	return errors.Join(errs...)
}

// validateSMTP checks the e-mail settings: an address as host:port, a
// sender address, and a password whenever a username is given.
func (c *Config) validateSMTP() error {
	if c.SMTPAddr == "" {
		return nil
	}
	if _, _, err := net.SplitHostPort(c.SMTPAddr); err != nil {
		return fmt.Errorf("CHORUS_SMTP_ADDR %q: want host:port", c.SMTPAddr)
	}
	if _, err := mail.ParseAddress(c.SMTPFrom); err != nil {
		return fmt.Errorf("CHORUS_SMTP_FROM %q: want an address such as \"Chorus <chorus@trust.nhs.uk>\"", c.SMTPFrom)
	}
	if c.SMTPUsername != "" && c.SMTPPassword == "" {
		return errors.New("CHORUS_SMTP_USERNAME is set without CHORUS_SMTP_PASSWORD (or CHORUS_SMTP_PASSWORD_FILE)")
	}
	return nil
}

// proxies parses TrustedProxies.
func (c *Config) proxies() ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, f := range strings.Split(c.TrustedProxies, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		_, n, err := net.ParseCIDR(f)
		if err != nil {
			return nil, fmt.Errorf("CHORUS_TRUSTED_PROXIES: %q is not a CIDR such as 10.0.0.0/8", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// minLevel is a slog handler that drops records below a level.
type minLevel struct {
	slog.Handler
	min slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h minLevel) WithAttrs(as []slog.Attr) slog.Handler {
	return minLevel{h.Handler.WithAttrs(as), h.min}
}
func (h minLevel) WithGroup(g string) slog.Handler { return minLevel{h.Handler.WithGroup(g), h.min} }
