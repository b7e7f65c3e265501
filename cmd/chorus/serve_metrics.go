package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/chorus-nhs/chorus/metrics"
	"github.com/chorus-nhs/chorus/store"
)

// metricsServer serves GET /metrics on its own listener, apart from the
// public one, so that the ingress never exposes it.
type metricsServer struct {
	server   *http.Server
	listener net.Listener
	done     chan error
}

// validateMetrics checks CHORUS_METRICS_ADDR: empty (off) or host:port,
// not the address of the public listener.
func (c *Config) validateMetrics() error {
	if c.MetricsAddr == "" {
		return nil
	}
	_, port, err := net.SplitHostPort(c.MetricsAddr)
	if err != nil {
		return fmt.Errorf("--metrics-addr %q: want host:port", c.MetricsAddr)
	}
	if c.MetricsAddr == c.Addr && port != "0" {
		return fmt.Errorf("--metrics-addr %q: must differ from --addr, metrics have a listener of their own", c.MetricsAddr)
	}
	return nil
}

// startMetrics opens the metrics listener when one is configured. It
// listens synchronously, so an address in use fails the start.
func (m *Main) startMetrics() error {
	if m.Config.MetricsAddr == "" {
		return nil
	}
	ln, err := net.Listen("tcp", m.Config.MetricsAddr)
	if err != nil {
		return fmt.Errorf("metrics listener: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics.Handler())
	ms := &metricsServer{listener: ln, done: make(chan error, 1),
		server: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}}
	go func() { ms.done <- ms.server.Serve(ln) }()
	m.metrics = ms
	m.log.Info("metrics listening", slog.String("url", m.MetricsURL()))
	return nil
}

// MetricsURL is the base URL of the metrics listener, "" when it is off.
func (m *Main) MetricsURL() string {
	if m.metrics == nil {
		return ""
	}
	return "http://" + m.metrics.listener.Addr().String()
}

// close stops the metrics listener; a nil server is off and does nothing.
func (ms *metricsServer) close() error {
	if ms == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := ms.server.Shutdown(ctx)
	if serr := <-ms.done; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return err
}

// alertCounted counts each risk alert raised, then hands it on.
func alertCounted(next func(context.Context, store.Alert)) func(context.Context, store.Alert) {
	return func(ctx context.Context, a store.Alert) {
		metrics.AlertRaised()
		next(ctx, a)
	}
}
