package api

import (
	"sync"

	"github.com/chorus-nhs/chorus/metrics"
	"github.com/labstack/echo/v4"
)

// routeTemplates caches, per Echo instance, the method and path of every
// registered route, read once at the first request (all routes are
// registered before the server serves).
var routeTemplates sync.Map // *echo.Echo → map[string]bool

// routeLabel is the metrics label of the route that c matched: its
// template, or metrics.Unmatched when no route matched. Echo fills c.Path()
// for a 404 or 405 too, with a node of its routing tree, so only a
// registered template is believed.
func routeLabel(c echo.Context) string {
	e := c.Echo()
	known, ok := routeTemplates.Load(e)
	if !ok {
		m := map[string]bool{}
		for _, r := range e.Routes() {
			m[r.Path] = true
		}
		known, _ = routeTemplates.LoadOrStore(e, m)
	}
	if p := c.Path(); known.(map[string]bool)[p] {
		return p
	}
	return metrics.Unmatched
}
