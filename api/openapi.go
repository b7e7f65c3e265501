package api

import (
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
)

// The OpenAPI 3.1 document of the whole API, served at
// GET /api/v1/openapi.json. It is a Go value built from the tables below
// (operations in openapi_ops.go, schemas in openapi_schemas.go), and a test
// checks it against the registered routes in both directions.

type obj = map[string]any

// operation describes one route.
type operation struct {
	method, path string // path in OpenAPI form: /api/v1/teams/{team}
	tag, summary string
	// perm is the permission checked, "" for public routes, "staff" for
	// any signed-in staff member.
	perm  string
	query []obj
	body  obj
	// optionalBody marks a body that may be left out.
	optionalBody bool
	status       int // success status
	resp         obj // success schema; nil for no body
	// more documents other success answers, such as the 200 of an
	// idempotent resend, by status.
	more map[int]obj
	// respType is the success media type (default application/json).
	respType string
	errs     []int
	desc     string
}

var pathParams = map[string]string{
	"org":     "Organisation slug.",
	"service": "Service slug.",
	"team":    "Team slug.",
	"slug":    "Survey slug.",
	"version": "Version number, from 1.",
	"quarter": "Quarter key of the organisation's reporting year, e.g. 2026-27-Q3.",
	"quote":   "Candidate quote id (from GET …/review).",
	"id":      "Identifier.",
}

var paramRE = regexp.MustCompile(`\{([a-z_]+)\}`)

func ref(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }
func arr(items obj) obj   { return obj{"type": "array", "items": items} }

func typ(t string, desc ...string) obj {
	o := obj{"type": t}
	if len(desc) > 0 {
		o["description"] = desc[0]
	}
	return o
}

// nullable is a type that may be null (suppressed or not applicable).
func nullable(t string, desc ...string) obj {
	o := obj{"type": []any{t, "null"}}
	if len(desc) > 0 {
		o["description"] = desc[0]
	}
	return o
}

func enum(desc string, values ...string) obj {
	vs := make([]any, len(values))
	for i, v := range values {
		vs[i] = v
	}
	return obj{"type": "string", "enum": vs, "description": desc}
}

// object builds an object schema from name, schema pairs; names ending in
// "!" are required.
func object(kv ...any) obj {
	props := obj{}
	var req []any
	for i := 0; i+1 < len(kv); i += 2 {
		name := kv[i].(string)
		if n, ok := strings.CutSuffix(name, "!"); ok {
			name = n
			req = append(req, n)
		}
		props[name] = kv[i+1]
	}
	// Our bodies have exactly these fields: requests are read with unknown
	// fields refused, and a client generated from the document must not
	// meet a field it was not told of.
	o := obj{"type": "object", "properties": props, "additionalProperties": false}
	if len(req) > 0 {
		o["required"] = req
	}
	return o
}

func queryParam(name, desc string, schema obj) obj {
	return obj{"name": name, "in": "query", "required": false, "description": desc, "schema": schema}
}

var errorText = map[int]string{
	400: "Malformed input.", 401: "No or invalid staff credentials.", 403: "Not permitted on this scope.",
	404: "Not found.", 409: "Conflict with the current state.", 413: "Body over 64 KiB.",
	422: "Input fails validation; fields names each.", 429: "Rate limited (Retry-After).",
	405: "The address does not take this method.", 503: "Store unavailable (Retry-After).",
}

func (o operation) build() obj {
	op := obj{"summary": o.summary, "tags": []any{o.tag}, "operationId": operationID(o.method, o.path)}
	if o.desc != "" {
		op["description"] = o.desc
	}
	var params []any
	for _, m := range paramRE.FindAllStringSubmatch(o.path, -1) {
		params = append(params, obj{"name": m[1], "in": "path", "required": true,
			"description": pathParams[m[1]], "schema": obj{"type": "string"}})
	}
	for _, q := range o.query {
		params = append(params, q)
	}
	if len(params) > 0 {
		op["parameters"] = params
	}
	switch o.perm {
	case "":
		op["security"] = []any{}
	case "staff":
		op["x-permission"] = "any staff member"
	default:
		op["x-permission"] = o.perm
	}
	if o.body != nil {
		op["requestBody"] = obj{"required": !o.optionalBody, "content": obj{"application/json": obj{"schema": o.body}}}
	}
	status := o.status
	if status == 0 {
		status = http.StatusOK
	}
	resps := obj{}
	ok := obj{"description": http.StatusText(status)}
	if o.resp != nil {
		mt := o.respType
		if mt == "" {
			mt = "application/json"
		}
		ok["content"] = obj{mt: obj{"schema": o.resp}}
	}
	resps[strconv.Itoa(status)] = ok
	for code, schema := range o.more {
		resps[strconv.Itoa(code)] = obj{"description": http.StatusText(code), "content": obj{"application/json": obj{"schema": schema}}}
	}
	errs := o.errs
	if o.perm != "" {
		errs = append([]int{401, 403}, errs...)
	}
	if o.body != nil {
		errs = append(errs, 400, 413, 422)
	}
	errs = append(errs, 405, 503)
	for _, code := range errs {
		resps[strconv.Itoa(code)] = obj{"description": errorText[code], "content": obj{"application/json": obj{"schema": ref("Error")}}}
	}
	resps["default"] = obj{"description": "Any other error (such as 404 for an unknown address, or 500), in the same shape.",
		"content": obj{"application/json": obj{"schema": ref("Error")}}}
	op["responses"] = resps
	return op
}

func operationID(method, path string) string {
	p := strings.NewReplacer("/api/v1/", "", "{", "", "}", "", "/", "_", "-", "_", ".", "_").Replace(path)
	return strings.ToLower(method) + "_" + strings.Trim(p, "_")
}

// OpenAPI returns the OpenAPI 3.1 document of the API.
func OpenAPI() map[string]any {
	paths := obj{}
	for _, o := range operations() {
		item, _ := paths[o.path].(obj)
		if item == nil {
			item = obj{}
			paths[o.path] = item
		}
		item[strings.ToLower(o.method)] = o.build()
	}
	tags := map[string]bool{}
	for _, o := range operations() {
		tags[o.tag] = true
	}
	var tagList []any
	names := make([]string, 0, len(tags))
	for t := range tags {
		names = append(names, t)
	}
	sort.Strings(names)
	for _, t := range names {
		tagList = append(tagList, obj{"name": t})
	}
	return obj{
		"openapi": "3.1.0",
		"info": obj{
			"title":   "Chorus API",
			"version": "1",
			"summary": "Co-production feedback for NHS mental-health services.",
			"description": "Anonymous surveys for service users and carers, quarterly reports with small-number suppression, " +
				"review and publication, \"you said, we did\". Every error is JSON: {\"error\": {\"code\", \"message\", \"fields\"}}. " +
				"A JSON body must be sent as Content-Type application/json (optional parameters; a charset must be UTF-8) or with no Content-Type; " +
				"any other type, invalid UTF-8, a lone UTF-16 surrogate escape or a key repeated in one object is 400 invalid, naming the key. " +
				"Staff routes take a bearer token (bootstrap token or API token) or a session cookie with an X-CSRF-Token " +
				"header on state-changing requests; x-permission names the permission checked on the route's scope.",
			"license": obj{"name": "MIT", "identifier": "MIT"},
		},
		"servers":  []any{obj{"url": "/"}},
		"tags":     tagList,
		"security": []any{obj{"bearerAuth": []any{}}, obj{"sessionCookie": []any{}, "csrfToken": []any{}}},
		"paths":    paths,
		"webhooks": webhooks(),
		"components": obj{
			"schemas": schemas(),
			"securitySchemes": obj{
				"bearerAuth":    obj{"type": "http", "scheme": "bearer", "description": "CHORUS_ADMIN_TOKEN or an API token (chorus_…)."},
				"sessionCookie": obj{"type": "apiKey", "in": "cookie", "name": SessionCookie},
				"csrfToken":     obj{"type": "apiKey", "in": "header", "name": CSRFHeader},
			},
		},
	}
}

var openAPIJSON = sync.OnceValue(func() []byte {
	b, err := json.MarshalIndent(OpenAPI(), "", "  ")
	if err != nil {
		panic("api: OpenAPI document: " + err.Error())
	}
	return b
})

func (s *Server) handleOpenAPI(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	return c.Blob(http.StatusOK, "application/json", openAPIJSON())
}
