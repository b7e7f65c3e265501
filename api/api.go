// Package api is the JSON API of Chorus on Echo v4: public survey and
// response routes for respondents, staff routes for survey management, and
// health checks. Handlers are thin: bind and validate, one domain or store
// call, respond.
package api

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// MaxBodyBytes is the largest request body the API accepts (64 KiB).
const MaxBodyBytes = 64 << 10

// Config holds what the API needs; cmd/chorus fills it from flags and
// environment.
type Config struct {
	Store *store.Store
	// AdminToken is the bootstrap bearer token for staff routes. Empty
	// disables token access.
	AdminToken string
	Logger     *slog.Logger
	// Now is the clock (quarters and dates of responses).
	Now func() time.Time
	// SubmitRate is the number of submissions allowed per minute from one
	// client (keyed hash, in memory only). 0 means the default of 30.
	SubmitRate int
	// LoginRate is the number of sign-in attempts allowed per minute from
	// one client (keyed hash, in memory only). 0 means the default of 20.
	LoginRate int
	// CookieInsecure drops the Secure attribute of staff cookies, for
	// development over http://127.0.0.1 only. The zero value is secure.
	CookieInsecure bool
	// SessionKey signs CSRF tokens and the single-sign-on flow cookie.
	// Empty: a random key per process (set CHORUS_SESSION_KEY when several
	// replicas serve the same users).
	SessionKey []byte
	// OIDC configures single sign-on; off when OIDC.Issuer is empty.
	OIDC OIDCConfig
	// OnAlert, when set, is called with each risk alert right after it is
	// stored, during the submission that raised it (the alert holds nothing
	// identifying the respondent). It should hand the alert on quickly
	// (queue a webhook or e-mail delivery), not send it inline. The context
	// is not cancelled when the respondent's request ends.
	OnAlert func(ctx context.Context, a store.Alert)
	// Ingest is the store's running ingest writer (cmd starts and drains
	// it). When nil, New starts one of its own that is never drained (for
	// tests); it hands alerts to OnAlert.
	Ingest *app.Ingest
	// OnPublish, when set, is called once a report version is published,
	// to notify the team; like OnAlert it should only queue deliveries.
	OnPublish func(ctx context.Context, v *store.ReportVersion)
}

// Server holds the API's dependencies.
type Server struct {
	store      *store.Store
	adminToken string
	log        *slog.Logger
	now        func() time.Time
	limiter    *limiter

	loginLimiter *limiter
	cookieSecure bool
	sessionKey   []byte
	oidc         *oidcClient
	onAlert      func(ctx context.Context, a store.Alert)
	onPublish    func(ctx context.Context, v *store.ReportVersion)
	disclosure   *app.Disclosure // the quarter's one disclosure decision (reports.go)
	submissions  *app.Submissions
}

// New returns a Server.
func New(cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.SubmitRate <= 0 {
		cfg.SubmitRate = 30
	}
	if cfg.LoginRate <= 0 {
		cfg.LoginRate = loginsPerMinute
	}
	if len(cfg.SessionKey) == 0 {
		cfg.SessionKey = make([]byte, 32)
		_, _ = rand.Read(cfg.SessionKey)
	}
	s := &Server{
		store:        cfg.Store,
		disclosure:   app.NewDisclosure(cfg.Store),
		adminToken:   cfg.AdminToken,
		log:          cfg.Logger,
		now:          cfg.Now,
		limiter:      newLimiter(cfg.SubmitRate, time.Minute),
		loginLimiter: newLimiter(cfg.LoginRate, time.Minute),
		cookieSecure: !cfg.CookieInsecure,
		sessionKey:   cfg.SessionKey,
		onAlert:      cfg.OnAlert,
		onPublish:    cfg.OnPublish,
	}
	if cfg.OIDC.Issuer != "" {
		s.oidc = &oidcClient{cfg: cfg.OIDC}
	}
	s.submissions = app.NewSubmissions(cfg.Store, ingestFor(cfg), cfg.Now)
	return s
}

// ingestFor returns the configured ingest writer, or starts one.
func ingestFor(cfg Config) *app.Ingest {
	if cfg.Ingest != nil {
		return cfg.Ingest
	}
	w := app.NewIngest(cfg.Store, app.IngestOptions{OnAlert: cfg.OnAlert, Logger: cfg.Logger})
	if err := w.Start(context.Background()); err != nil {
		cfg.Logger.Error("ingest writer not started", slog.String("code", survey.ErrorCode(err)))
	}
	return w
}

// NewEcho returns an Echo instance with Chorus's error handler, request
// logger (method, route, status and latency only: never an IP address or
// user agent) and panic recovery.
func NewEcho(log *slog.Logger) *echo.Echo {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = ErrorHandler(log)
	// The client address (used only, hashed, for in-memory rate limits) is
	// the connection's peer unless proxies are trusted with TrustProxies:
	// otherwise anyone could rotate X-Forwarded-For to dodge the limits.
	e.IPExtractor = echo.ExtractIPDirect()
	e.Use(recoverer(log), requestLogger(log))
	return e
}

// TrustProxies makes e take the client address from X-Forwarded-For, but
// only through proxies in the given networks (such as the ingress of a
// Kubernetes cluster).
func TrustProxies(e *echo.Echo, proxies []*net.IPNet) {
	if len(proxies) == 0 {
		return
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, n := range proxies {
		opts = append(opts, echo.TrustIPRange(n))
	}
	e.IPExtractor = echo.ExtractIPFromXFFHeader(opts...)
}

// Register adds every API route to e.
func (s *Server) Register(e *echo.Echo) {
	e.GET("/healthz", s.handleHealthz)
	e.GET("/readyz", s.handleReadyz)
	e.GET("/api/v1/openapi.json", s.handleOpenAPI)

	// Middleware is given per route, not per group: Echo answers 404
	// instead of 405 under a group that has middleware.
	pub := e.Group("/api/v1/public")
	pub.GET("/surveys", s.handleListPublicSurveys, noStore)
	pub.GET("/surveys/:slug", s.handleGetPublicSurvey, noStore)
	pub.POST("/surveys/:slug/responses", s.handleSubmitResponse, noStore)
	s.registerPublicActionRoutes(pub, noStore)

	staff := e.Group("/api/v1")
	s.registerOrgRoutes(staff, noStore, s.requireStaff)
	s.registerSurveyRoutes(staff, noStore, s.requireStaff)
	s.registerCodesignRoutes(staff, noStore, s.requireStaff)
	s.registerAuthRoutes(staff, noStore, s.requireStaff)
	s.registerUserRoutes(staff, noStore, s.requireStaff)
	s.registerTokenRoutes(staff, noStore, s.requireStaff)
	s.registerAuditRoutes(staff, noStore, s.requireStaff)
	s.registerWorkflowRoutes(staff, noStore, s.requireStaff)
	s.registerActionRoutes(staff, noStore, s.requireStaff)
	s.registerAlertRoutes(staff, noStore, s.requireStaff)
	s.registerWebhookRoutes(staff, noStore, s.requireStaff)
	s.registerReportRoutes(staff, noStore, s.requireStaff)
}

func (s *Server) handleHealthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) handleReadyz(c echo.Context) error {
	if err := s.store.Ping(c.Request().Context()); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// noStore marks API answers as not cacheable by shared caches, and
// refuses overlong path parameters (limitParams).
func noStore(next echo.HandlerFunc) echo.HandlerFunc {
	next = limitParams(next)
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		return next(c)
	}
}

// Calendar returns the reporting calendar of an organisation.
func calendarOf(o *survey.Organisation) survey.Calendar {
	return o.Settings.Calendar()
}
