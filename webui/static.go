package webui

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

//go:embed static/chorus.css static/chorus.js static/favicon.svg
var staticFS embed.FS

// asset is one embedded file served at a content-hashed URL.
type asset struct {
	name   string // e.g. chorus.css
	hashed string // e.g. chorus.3f2a9c1b0d4e.css
	ctype  string
	body   []byte
	gz     []byte // body compressed once, at the best level, at start-up
}

// assets maps names to fingerprinted files.
type assets struct {
	byName   map[string]*asset
	byHashed map[string]*asset
}

// loadAssets reads and fingerprints every embedded static file.
func loadAssets() (*assets, error) {
	a := &assets{byName: map[string]*asset{}, byHashed: map[string]*asset{}}
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		return nil, fmt.Errorf("webui: static: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		body, err := fs.ReadFile(staticFS, "static/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("webui: static: %w", err)
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(e.Name())
		f := &asset{
			name:   e.Name(),
			hashed: strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:6]) + ext,
			ctype:  mime.TypeByExtension(ext),
			body:   body,
		}
		if f.gz, err = gzipBest(body); err != nil {
			return nil, err
		}
		a.byName[f.name], a.byHashed[f.hashed] = f, f
	}
	return a, nil
}

// url returns the fingerprinted URL of an asset; an unknown name is a
// template error, caught by the render tests.
func (a *assets) url(name string) (string, error) {
	f, ok := a.byName[name]
	if !ok {
		return "", fmt.Errorf("webui: unknown asset %q", name)
	}
	return "/static/" + f.hashed, nil
}

// gzipBest compresses b at the best compression level.
func gzipBest(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// handleAsset serves a fingerprinted asset with immutable caching,
// precompressed when the client accepts gzip. Asking for a stale hash is a
// 404 so that an old page never gets new code by accident.
func (u *UI) handleAsset(c echo.Context) error {
	f, ok := u.assets.byHashed[c.Param("file")]
	if !ok {
		return c.Blob(http.StatusNotFound, "text/plain; charset=utf-8", []byte("Not found\n"))
	}
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, "public, max-age=31536000, immutable")
	h.Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
	if acceptsGzip(c.Request().Header.Get(echo.HeaderAcceptEncoding)) {
		h.Set(echo.HeaderContentEncoding, "gzip")
		return c.Blob(http.StatusOK, f.ctype, f.gz)
	}
	return c.Blob(http.StatusOK, f.ctype, f.body)
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		fields := strings.Split(part, ";")
		if strings.TrimSpace(fields[0]) != "gzip" {
			continue
		}
		return len(fields) < 2 || strings.ReplaceAll(strings.TrimSpace(fields[1]), " ", "") != "q=0"
	}
	return false
}

// handleFavicon answers browsers' automatic /favicon.ico request with the
// NHS-blue icon so that it does not log a 404 on every visit.
func (u *UI) handleFavicon(c echo.Context) error {
	f := u.assets.byName["favicon.svg"]
	c.Response().Header().Set(echo.HeaderCacheControl, "public, max-age=86400")
	return c.Blob(http.StatusOK, "image/svg+xml", f.body)
}
