package api_test

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/store/storetest"
	"github.com/labstack/echo/v4"
)

var echoParam = regexp.MustCompile(`:([A-Za-z_]+)`)

// documentedRoute reports whether a registered path belongs in the
// OpenAPI document: the JSON API and the health checks.
func documentedRoute(path string) bool {
	return strings.HasPrefix(path, "/api/v1/") || path == "/healthz" || path == "/readyz"
}

// TestOpenAPICoversRoutes fails when a route is registered without being
// documented, or documented without being registered.
func TestOpenAPICoversRoutes(t *testing.T) {
	e := echo.New()
	api.New(api.Config{Store: storetest.Open(t)}).Register(e)
	registered := map[string]bool{}
	for _, r := range e.Routes() {
		if documentedRoute(r.Path) {
			registered[r.Method+" "+echoParam.ReplaceAllString(r.Path, "{$1}")] = true
		}
	}
	documented := map[string]bool{}
	paths := api.OpenAPI()["paths"].(map[string]any)
	for path, item := range paths {
		for method := range item.(map[string]any) {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	for _, r := range sortedKeys(registered) {
		if !documented[r] {
			t.Errorf("route %s is registered but not in the OpenAPI document (api/openapi_ops.go)", r)
		}
	}
	for _, d := range sortedKeys(documented) {
		if !registered[d] {
			t.Errorf("route %s is documented but not registered", d)
		}
	}
	if len(registered) < 50 {
		t.Fatalf("only %d routes registered: the route walk is broken", len(registered))
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestOpenAPIDocument checks the served document: OpenAPI 3.1, every
// $ref resolves, every operation has a success response and a unique
// operationId, and path parameters are declared.
func TestOpenAPIDocument(t *testing.T) {
	h := newHarness(t)
	status, doc, hdr := h.do("GET", "/api/v1/openapi.json", nil)
	if status != http.StatusOK || doc["openapi"] != "3.1.0" || hdr.Get("Set-Cookie") != "" {
		t.Fatalf("GET openapi.json = %d %v", status, doc["openapi"])
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch x := v.(type) {
		case map[string]any:
			if r, ok := x["$ref"].(string); ok {
				name, found := strings.CutPrefix(r, "#/components/schemas/")
				if !found || schemas[name] == nil {
					t.Errorf("%s: $ref %q does not resolve", at, r)
				}
			}
			for k, c := range x {
				walk(c, at+"/"+k)
			}
		case []any:
			for i, c := range x {
				walk(c, fmt.Sprintf("%s[%d]", at, i))
			}
		}
	}
	walk(doc, "#")
	ids := map[string]string{}
	for path, item := range doc["paths"].(map[string]any) {
		for method, o := range item.(map[string]any) {
			op := o.(map[string]any)
			id := op["operationId"].(string)
			if prev, dup := ids[id]; dup {
				t.Errorf("operationId %s of %s %s repeats %s", id, method, path, prev)
			}
			ids[id] = method + " " + path
			var declared []string
			params, _ := op["parameters"].([]any)
			for _, p := range params {
				if pm := p.(map[string]any); pm["in"] == "path" {
					declared = append(declared, pm["name"].(string))
				}
			}
			for _, m := range regexp.MustCompile(`\{([a-z_]+)\}`).FindAllStringSubmatch(path, -1) {
				if !slices.Contains(declared, m[1]) {
					t.Errorf("%s %s: path parameter %s not declared", method, path, m[1])
				}
			}
			ok := false
			for code := range op["responses"].(map[string]any) {
				ok = ok || code[0] == '2' || code[0] == '3'
			}
			if !ok {
				t.Errorf("%s %s has no success response", method, path)
			}
		}
	}
}

// TestOpenAPIMatchesResponses gets real answers of the public routes, the
// report workflow and errors; each is validated against the document as
// it arrives (checkOpenAPI). The validator must also refuse wrong shapes.
func TestOpenAPIMatchesResponses(t *testing.T) {
	h := newNotifiedHarness(t)
	h.submitComments(t)
	const r = "/api/v1/teams/crisis-team/reports/2026-27-Q3"
	if status, body := h.staff("POST", r+"/review", nil); status != http.StatusCreated {
		t.Fatalf("review: %d %v", status, body)
	}
	if status, body := h.staff("POST", r+"/publish", nil); status != http.StatusCreated {
		t.Fatalf("publish: %d %v", status, body)
	}
	for _, c := range []struct {
		path  string
		staff bool
	}{
		{"/api/v1/public/surveys/all-types", false},
		{"/api/v1/public/surveys", false},
		{"/api/v1/public/services/cmh/you-said-we-did", false},
		{"/api/v1/public/surveys/nope", false},
		{r, true},
		{"/api/v1/services/cmh/reports/2026-27-Q3", true},
		{"/api/v1/teams/crisis-team", true},
		{"/api/v1/teams/crisis-team/alerts?status=bad", true},
		{"/api/v1/no-such-address", true},
		{"/api/v1/public/services/nope/you-said-we-did", false},
		{"/api/v1/auth/oidc/callback", false},
	} {
		if c.staff {
			h.staff("GET", c.path, nil)
		} else {
			h.do("GET", c.path, nil)
		}
	}
	sub := validResponse("8d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d77")
	if status, receipt, _ := h.do("POST", "/api/v1/public/surveys/all-types/responses", sub); status != http.StatusCreated {
		t.Fatalf("submit: %d %v", status, receipt)
	}
	if status, receipt, _ := h.do("POST", "/api/v1/public/surveys/all-types/responses", sub); status != http.StatusOK {
		t.Fatalf("resend: %d %v", status, receipt)
	}
	h.do("DELETE", "/api/v1/public/surveys/all-types", nil) // 405
	if status, body := h.staff("PATCH", "/api/v1/teams/north-cmht", map[string]any{"webhook_url": "https://hooks.example.nhs.uk/chorus"}); status != http.StatusOK {
		t.Fatalf("set webhook: %d %v", status, body)
	}
	if status, body := h.staff("POST", "/api/v1/teams/north-cmht/webhook-secret", nil); status != http.StatusOK || body["webhook_secret"] == "" {
		t.Fatalf("rotate webhook secret: %d %v", status, body)
	}
	// The validator itself must reject wrong shapes.
	bad := []byte(`{"id": 1, "survey": "s", "version": 1, "team": "t", "quarter": "q", "extra": true}`)
	hdr := http.Header{"Content-Type": {"application/json"}}
	msg := openAPI().checkAnswer("POST", "/api/v1/public/surveys/all-types/responses", http.StatusCreated, hdr, bad)
	if !strings.Contains(msg, "extra") || !strings.Contains(msg, "/id") {
		t.Fatalf("a bad receipt: %q, want the wrong type of id and the undocumented extra named", msg)
	}
}
