package webui

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// staffPageNames are the staff dashboard pages, each parsed with
// templates/staff/layout.html.
var staffPageNames = []string{"login", "password", "home", "report", "theme", "alerts", "alert", "message"}

// publicPageNames are the public pages, parsed with the respondent layout
// (templates/layout.html) so that they look and behave like the survey.
var publicPageNames = []string{"ysywd"}

//go:embed static/dashboard.css
var dashboardCSS []byte

//go:embed templates/staff/*.html templates/public/*.html
var dashTemplateFS embed.FS

// initDashboard adds the dashboard stylesheet to the fingerprinted assets
// and parses the staff and public pages. New calls it, so that a broken
// template stops start-up.
func (u *UI) initDashboard() error {
	sum := sha256.Sum256(dashboardCSS)
	f := &asset{name: "dashboard.css", hashed: "dashboard." + hex.EncodeToString(sum[:6]) + ".css", ctype: "text/css; charset=utf-8", body: dashboardCSS}
	// Served precompressed like every asset: without this, browsers that
	// accept gzip got an empty stylesheet.
	gz, err := gzipBest(dashboardCSS)
	if err != nil {
		return err
	}
	f.gz = gz
	u.assets.byName[f.name], u.assets.byHashed[f.hashed] = f, f
	funcs := template.FuncMap{"asset": u.assets.url, "tagClass": tagClass, "passwordField": passwordField, "errorSummary": errorSummary}
	staff, err := parseSet(funcs, dashTemplateFS, "templates/staff/layout.html", "templates/staff/", staffPageNames)
	if err != nil {
		return err
	}
	public, err := parseSet(funcs, templateFS, "templates/layout.html", "templates/public/", publicPageNames)
	if err != nil {
		return err
	}
	u.dash = &dashboard{pages: staff, publicPages: public}
	return nil
}

// dashboard holds the parsed staff and public pages and what their
// handlers call.
type dashboard struct {
	pages       map[string]*template.Template
	publicPages map[string]*template.Template
	echo        *echo.Echo // the router, for in-process API calls
	staff       StaffBackend
}

// parseSet parses one template set per page: the layout and the page.
func parseSet(funcs template.FuncMap, layoutFS fs.FS, layoutPath, dir string, names []string) (map[string]*template.Template, error) {
	layout, err := fs.ReadFile(layoutFS, layoutPath)
	if err != nil {
		return nil, fmt.Errorf("webui: %w", err)
	}
	out := make(map[string]*template.Template, len(names))
	for _, name := range names {
		body, err := fs.ReadFile(dashTemplateFS, dir+name+".html")
		if err != nil {
			return nil, fmt.Errorf("webui: page %s: %w", name, err)
		}
		t := template.New(name).Funcs(funcs).Option("missingkey=error")
		if _, err := t.New("layout").Parse(string(layout)); err != nil {
			return nil, fmt.Errorf("webui: layout %s: %w", layoutPath, err)
		}
		if _, err := t.New("page").Parse(string(body)); err != nil {
			return nil, fmt.Errorf("webui: page %s%s: %w", dir, name, err)
		}
		out[name] = t
	}
	return out, nil
}

// renderSet executes a page of a set into a buffer and writes it only on
// success. Staff and public pages are never cached.
func (u *UI) renderSet(c echo.Context, set map[string]*template.Template, status int, name string, data any) error {
	t, ok := set[name]
	if !ok {
		return u.fail(c, fmt.Errorf("webui: undeclared page %q", name))
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return u.fail(c, fmt.Errorf("webui: render %s: %w", name, err))
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.HTMLBlob(status, buf.Bytes())
}

// renderStaff renders a staff page.
func (u *UI) renderStaff(c echo.Context, status int, name string, data any) error {
	if sp, ok := data.(staffPager); ok {
		u.alertBadge(c, sp.staffPageData())
	}
	return u.renderSet(c, u.dash.pages, status, name, data)
}

// renderPublic renders a public page.
func (u *UI) renderPublic(c echo.Context, name string, data any) error {
	return u.renderSet(c, u.dash.publicPages, http.StatusOK, name, data)
}

// tagClass is the CSS modifier of a status tag.
func tagClass(status string) string {
	return "chorus-tag chorus-tag--" + strings.ReplaceAll(status, " ", "_")
}

// ErrorSummary is the data of the staff pages' shared NHS error summary.
type ErrorSummary struct {
	Title  string
	Errors []ErrorLink
}

func errorSummary(title string, errs []ErrorLink) ErrorSummary {
	return ErrorSummary{Title: title, Errors: errs}
}
