package api_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chorus-nhs/chorus/api"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Every answer the tests of this package get through harness.raw is
// validated against the OpenAPI document with a JSON Schema 2020-12
// validator (santhosh-tekuri/jsonschema): the operation is found by
// method and path template, the response by status (or "default"), and
// the body must match its schema, additionalProperties false included.
// TestMain then requires, when the whole package ran, that every
// documented operation was answered with success and with an error.

// openAPIDoc is the compiled document.
type openAPIDoc struct {
	doc      map[string]any
	compiler *jsonschema.Compiler
	routes   []docRoute
	mu       sync.Mutex
	schemas  map[string]*jsonschema.Schema
	seen     map[string]bool // "METHOD template 2xx" and "… error"
}

// docRoute is one path template of the document as a regular expression.
type docRoute struct {
	template string
	re       *regexp.Regexp
	params   int
}

const docURL = "urn:chorus:openapi.json"

var openAPI = sync.OnceValue(func() *openAPIDoc {
	raw, err := json.Marshal(api.OpenAPI())
	if err != nil {
		panic(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		panic(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource(docURL, doc); err != nil {
		panic(err)
	}
	d := &openAPIDoc{doc: doc.(map[string]any), compiler: c, schemas: map[string]*jsonschema.Schema{}, seen: map[string]bool{}}
	for tmpl := range d.doc["paths"].(map[string]any) {
		pattern := "^" + regexp.MustCompile(`\\\{[a-z_]+\\\}`).ReplaceAllString(regexp.QuoteMeta(tmpl), `[^/]+`) + "$"
		d.routes = append(d.routes, docRoute{template: tmpl, re: regexp.MustCompile(pattern), params: strings.Count(tmpl, "{")})
	}
	// Literal segments win over parameters (/users/me/password over
	// /users/{id}/…).
	sort.Slice(d.routes, func(i, j int) bool { return d.routes[i].params < d.routes[j].params })
	return d
})

// route returns the template of a request path, or "".
func (d *openAPIDoc) route(method, path string) string {
	for _, r := range d.routes {
		if r.re.MatchString(path) {
			if _, ok := d.doc["paths"].(map[string]any)[r.template].(map[string]any)[strings.ToLower(method)]; ok {
				return r.template
			}
		}
	}
	return ""
}

// schema compiles (once) the schema at a JSON pointer of the document.
func (d *openAPIDoc) schema(pointer string) (*jsonschema.Schema, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if s, ok := d.schemas[pointer]; ok {
		return s, nil
	}
	s, err := d.compiler.Compile(docURL + "#" + pointer)
	if err != nil {
		return nil, err
	}
	d.schemas[pointer] = s
	return s, nil
}

func pointerToken(s string) string {
	s = strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
	return url.PathEscape(s)
}

// checkAnswer validates one answer of the API against the document; it
// returns what does not match, or "".
func (d *openAPIDoc) checkAnswer(method, rawPath string, status int, hdr http.Header, body []byte) string {
	path, _, _ := strings.Cut(rawPath, "?")
	if !strings.HasPrefix(path, "/api/") && path != "/healthz" && path != "/readyz" {
		return ""
	}
	tmpl := d.route(method, path)
	responses := map[string]any{}
	base := ""
	if tmpl != "" {
		op := d.doc["paths"].(map[string]any)[tmpl].(map[string]any)[strings.ToLower(method)].(map[string]any)
		responses = op["responses"].(map[string]any)
		base = "/paths/" + pointerToken(tmpl) + "/" + strings.ToLower(method) + "/responses/"
		kind := "error"
		if status < 400 {
			kind = "2xx"
		}
		d.mu.Lock()
		d.seen[method+" "+tmpl+" "+kind] = true
		d.mu.Unlock()
	}
	code := strconv.Itoa(status)
	resp, ok := responses[code].(map[string]any)
	if !ok {
		code = "default"
		if resp, ok = responses[code].(map[string]any); !ok && tmpl == "" {
			// An address the document does not have: the Error shape.
			return d.validate("/components/schemas/Error", body)
		}
	}
	if !ok {
		return fmt.Sprintf("%s %s answered %d, which is not documented", method, tmpl, status)
	}
	content, _ := resp["content"].(map[string]any)
	if len(content) == 0 {
		if len(body) > 0 {
			return fmt.Sprintf("%s %s %d: documented without a body, answered %q", method, tmpl, status, body)
		}
		return ""
	}
	mt, _, _ := strings.Cut(hdr.Get("Content-Type"), ";")
	if _, ok := content[mt]; !ok {
		return fmt.Sprintf("%s %s %d: media type %q is not documented", method, tmpl, status, mt)
	}
	if mt != "application/json" {
		return ""
	}
	if msg := d.validate(base+code+"/content/application~1json/schema", body); msg != "" {
		return fmt.Sprintf("%s %s %d: %s", method, tmpl, status, msg)
	}
	return ""
}

// validate checks a JSON body against the schema at pointer.
func (d *openAPIDoc) validate(pointer string, body []byte) string {
	s, err := d.schema(pointer)
	if err != nil {
		return fmt.Sprintf("schema %s does not compile: %v", pointer, err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return fmt.Sprintf("the body is not JSON: %q", body)
	}
	if err := s.Validate(inst); err != nil {
		return fmt.Sprintf("the body does not match %s: %v\nbody: %.600s", pointer, err, body)
	}
	return ""
}

// checkOpenAPI fails the test when an answer does not match the document.
func checkOpenAPI(t testing.TB, method, path string, status int, hdr http.Header, body []byte) {
	t.Helper()
	if msg := openAPI().checkAnswer(method, path, status, hdr, body); msg != "" {
		t.Errorf("OpenAPI: %s", msg)
	}
}

// TestMain runs the package's tests, then, when all of them ran (no -run
// filter), fails if a documented operation was never answered both with
// success and with an error in them.
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" && !testing.Short() {
		if missing := unexercised(); len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "OpenAPI: %d answers of documented operations were never validated:\n  %s\n", len(missing), strings.Join(missing, "\n  "))
			code = 1
		}
	}
	os.Exit(code)
}

// unexercised lists operations with no validated success or error answer.
func unexercised() []string {
	d := openAPI()
	var missing []string
	for tmpl, item := range d.doc["paths"].(map[string]any) {
		for method := range item.(map[string]any) {
			for _, kind := range []string{"2xx", "error"} {
				if key := strings.ToUpper(method) + " " + tmpl + " " + kind; !d.seen[key] && !exempt[key] {
					missing = append(missing, key)
				}
			}
		}
	}
	sort.Strings(missing)
	return missing
}

// exempt are answers the tests cannot get: success of single sign-on
// needs an identity provider, and these reads fail only when the store is
// down (503, which no test causes).
var exempt = map[string]bool{
	"GET /api/v1/auth/oidc/login 2xx":    true, // a redirect to the identity provider
	"GET /api/v1/auth/oidc/callback 2xx": true,
	"GET /healthz error":                 true,
	"GET /api/v1/openapi.json error":     true,
	"GET /api/v1/public/surveys error":   true,
}
