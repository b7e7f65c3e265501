package api_test

import (
	"encoding/json"
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

// TestOpenAPIMatchesResponses validates real answers of the public routes,
// the report and errors against their documented schemas.
func TestOpenAPIMatchesResponses(t *testing.T) {
	h := newNotifiedHarness(t)
	h.submitComments(t)
	doc := api.OpenAPI()
	raw, err := json.Marshal(doc)
	must(t, err)
	var generic map[string]any
	must(t, json.Unmarshal(raw, &generic))
	v := &validator{schemas: generic["components"].(map[string]any)["schemas"].(map[string]any)}

	const r = "/api/v1/teams/crisis-team/reports/2026-27-Q3"
	if status, body := h.staff("POST", r+"/review", confirmUnfinished); status != http.StatusCreated {
		t.Fatalf("review: %d %v", status, body)
	} else {
		v.check(t, "Review", body)
	}
	if status, body := h.staff("POST", r+"/publish", confirmUnfinished); status != http.StatusCreated {
		t.Fatalf("publish: %d %v", status, body)
	} else {
		v.check(t, "Report", body)
	}
	for _, c := range []struct {
		path, schema string
		staff        bool
	}{
		{"/api/v1/public/surveys/all-types", "Survey", false},
		{"/api/v1/public/services/cmh/you-said-we-did", "YouSaidWeDid", false},
		{"/api/v1/public/surveys/nope", "Error", false},
		{r, "Report", true},
		{"/api/v1/services/cmh/reports/2026-27-Q3", "Report", true},
		{"/api/v1/teams/crisis-team", "Team", true},
		{"/api/v1/teams/crisis-team/alerts?status=bad", "Error", true},
	} {
		var body map[string]any
		if c.staff {
			_, body = h.staff("GET", c.path, nil)
		} else {
			_, body, _ = h.do("GET", c.path, nil)
		}
		v.check(t, c.schema, body)
	}
	_, list, _ := h.do("GET", "/api/v1/public/surveys", nil)
	for _, s := range list["surveys"].([]any) {
		v.check(t, "PublicSurvey", s)
	}
	status, receipt, _ := h.do("POST", "/api/v1/public/surveys/all-types/responses", validResponse("8d0c1f9e-2f5b-4c4e-9a53-0b8f4a1c2d77"))
	if status != http.StatusCreated {
		t.Fatalf("submit: %d %v", status, receipt)
	}
	v.check(t, "Receipt", receipt)
	// The validator itself must reject wrong shapes.
	if errs := v.errors("Receipt", map[string]any{"id": 1, "extra": true}); len(errs) != 6 {
		t.Fatalf("a bad receipt gave %d errors, want 6 (type, 4 missing, 1 undocumented): %v", len(errs), errs)
	}
}

// validator checks JSON values against the document's schemas: $ref,
// type (with null), required, properties, items, additionalProperties,
// allOf, oneOf and enum: what the document uses.
type validator struct {
	schemas map[string]any
}

func (v *validator) check(t *testing.T, name string, value any) {
	t.Helper()
	if errs := v.errors(name, value); len(errs) > 0 {
		t.Errorf("%s does not match its schema:\n%s", name, strings.Join(errs, "\n"))
	}
}

func (v *validator) errors(name string, value any) []string {
	return v.validate(map[string]any{"$ref": "#/components/schemas/" + name}, value, name, true)
}

func (v *validator) resolve(schema map[string]any) map[string]any {
	if r, ok := schema["$ref"].(string); ok {
		return v.resolve(v.schemas[strings.TrimPrefix(r, "#/components/schemas/")].(map[string]any))
	}
	return schema
}

// validate checks value against schema; strict flags properties the
// schema does not list (off inside allOf, whose members each list some).
func (v *validator) validate(schema map[string]any, value any, at string, strict bool) []string {
	schema = v.resolve(schema)
	var errs []string
	if all, ok := schema["allOf"].([]any); ok {
		known := map[string]bool{}
		for _, s := range all {
			member := v.resolve(s.(map[string]any))
			errs = append(errs, v.validate(member, value, at, false)...)
			props, _ := member["properties"].(map[string]any)
			for k := range props {
				known[k] = true
			}
		}
		if m, ok := value.(map[string]any); ok && strict {
			for k := range m {
				if !known[k] {
					errs = append(errs, fmt.Sprintf("%s: property %q is not documented", at, k))
				}
			}
		}
	}
	if one, ok := schema["oneOf"].([]any); ok {
		n := 0
		var why []string
		for _, s := range one {
			e := v.validate(s.(map[string]any), value, at, strict)
			if len(e) == 0 {
				n++
			}
			why = append(why, e...)
		}
		if n != 1 {
			errs = append(errs, fmt.Sprintf("%s: matches %d of oneOf, want 1 (%s)", at, n, strings.Join(why, "; ")))
		}
	}
	if !typeMatches(schema["type"], value) {
		return append(errs, fmt.Sprintf("%s: %T does not have type %v", at, value, schema["type"]))
	}
	if e, ok := schema["enum"].([]any); ok && !slices.Contains(e, value) {
		errs = append(errs, fmt.Sprintf("%s: %v is not one of %v", at, value, e))
	}
	switch x := value.(type) {
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		req, _ := schema["required"].([]any)
		for _, r := range req {
			if _, ok := x[r.(string)]; !ok {
				errs = append(errs, fmt.Sprintf("%s: required %q is missing", at, r))
			}
		}
		for k, val := range x {
			if ps, ok := props[k].(map[string]any); ok {
				errs = append(errs, v.validate(ps, val, at+"."+k, true)...)
			} else if ap, ok := schema["additionalProperties"].(map[string]any); ok {
				errs = append(errs, v.validate(ap, val, at+"."+k, true)...)
			} else if strict && props != nil && schema["additionalProperties"] == nil {
				errs = append(errs, fmt.Sprintf("%s: property %q is not documented", at, k))
			}
		}
	case []any:
		if items, ok := schema["items"].(map[string]any); ok {
			for i, it := range x {
				errs = append(errs, v.validate(items, it, fmt.Sprintf("%s[%d]", at, i), true)...)
			}
		}
	}
	return errs
}

func typeMatches(want any, value any) bool {
	var types []any
	switch w := want.(type) {
	case nil:
		return true
	case string:
		types = []any{w}
	case []any:
		types = w
	}
	for _, t := range types {
		switch t {
		case "null":
			if value == nil {
				return true
			}
		case "string":
			if _, ok := value.(string); ok {
				return true
			}
		case "number":
			if _, ok := value.(float64); ok {
				return true
			}
		case "integer":
			if f, ok := value.(float64); ok && f == float64(int64(f)) {
				return true
			}
		case "boolean":
			if _, ok := value.(bool); ok {
				return true
			}
		case "array":
			if _, ok := value.([]any); ok {
				return true
			}
		case "object":
			if _, ok := value.(map[string]any); ok {
				return true
			}
		}
	}
	return false
}
