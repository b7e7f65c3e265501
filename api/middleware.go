package api

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/chorus-nhs/chorus/metrics"
	"github.com/labstack/echo/v4"
)

// requestLogger logs the method, route template, status and latency of each
// request, and nothing that could identify a respondent: no IP address, no
// user agent, no query string, no body.
func requestLogger(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			status := c.Response().Status
			if err != nil {
				status, _ = errorBody(err)
			}
			log.Info("request", slog.String("method", c.Request().Method), slog.String("route", c.Path()),
				slog.Int("status", status), slog.Duration("latency", time.Since(start)))
			metrics.HTTPRequest(c.Request().Method, routeLabel(c), status, time.Since(start))
			return err
		}
	}
}

// recoverer turns a panic into an internal error, logged once without
// request data.
func recoverer(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) (err error) {
			defer func() {
				if r := recover(); r != nil {
					if r == http.ErrAbortHandler {
						panic(r)
					}
					err = fmt.Errorf("panic: %v", r)
				}
			}()
			return next(c)
		}
	}
}

// limiter is a fixed-window rate limiter keyed by an HMAC of the client
// address under a key that lives only in this process's memory, so neither
// the address nor anything that could be reversed to it is ever stored.
type limiter struct {
	mu     sync.Mutex
	key    []byte
	limit  int
	window time.Duration
	start  time.Time
	counts map[[16]byte]int
}

func newLimiter(limit int, window time.Duration) *limiter {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	return &limiter{key: key, limit: limit, window: window, counts: map[[16]byte]int{}}
}

func (l *limiter) allow(client string) bool {
	mac := hmac.New(sha256.New, l.key)
	mac.Write([]byte(client))
	var k [16]byte
	copy(k[:], mac.Sum(nil))

	l.mu.Lock()
	defer l.mu.Unlock()
	if now := time.Now(); now.Sub(l.start) > l.window {
		l.start = now
		clear(l.counts)
	}
	l.counts[k]++
	return l.counts[k] <= l.limit
}
