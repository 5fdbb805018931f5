package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"plenary/docs"
	"plenary/internal/demo"
	"plenary/internal/testutil"
)

// catchAllServes says which described paths each catch-all route of the
// engine serves: gin cannot match an id with slashes by a template, so
// these routes take the rest of the path and dispatch on its suffix
// (documentRoute, documentWriteRoute). A HEAD route serves what the GET
// of its path does. Keep this table to what the handlers dispatch.
var catchAllServes = map[string][]string{
	"GET /api/v1/bodies/*code":        {"/api/v1/bodies/{code}"},
	"GET /api/v1/sessions/*id":        {"/api/v1/sessions/{id}"},
	"GET /api/v1/recommendations/*id": {"/api/v1/recommendations/{id}"},
	"GET /api/v1/documents/*path": {
		"/api/v1/documents/{id}",
		"/api/v1/documents/{id}/versions/{lang}",
		"/api/v1/documents/{id}/versions/{lang}/file",
		"/api/v1/documents/{id}/citation",
	},
	"PUT /api/v1/bodies/*code":        {"/api/v1/bodies/{code}"},
	"PUT /api/v1/sessions/*id":        {"/api/v1/sessions/{id}"},
	"PUT /api/v1/recommendations/*id": {"/api/v1/recommendations/{id}"},
	"PUT /api/v1/documents/*path":     {"/api/v1/documents/{id}", "/api/v1/documents/{id}/versions/{lang}"},
	"POST /api/v1/documents/*path":    {"/api/v1/documents/{id}/publish", "/api/v1/documents/{id}/withdraw"},
}

// openAPIDoc is the parsed description, kept generic: the tests walk it.
type openAPIDoc map[string]any

func loadOpenAPI(t testing.TB) openAPIDoc {
	t.Helper()
	var d openAPIDoc
	if err := json.Unmarshal(docs.OpenAPI, &d); err != nil {
		t.Fatalf("docs/openapi.json: %v", err)
	}
	return d
}

var httpMethods = []string{"get", "put", "post", "delete", "patch", "head", "options", "trace"}

// operation is one described operation.
type operation struct {
	method, path string
	op           map[string]any
}

func (d openAPIDoc) operations() []operation {
	var out []operation
	for path, item := range d["paths"].(map[string]any) {
		for _, m := range httpMethods {
			if op, ok := item.(map[string]any)[m].(map[string]any); ok {
				out = append(out, operation{strings.ToUpper(m), path, op})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].path != out[j].path {
			return out[i].path < out[j].path
		}
		return out[i].method > out[j].method // POST before PUT: create, then replace
	})
	return out
}

// resolve follows a local $ref.
func (d openAPIDoc) resolve(v any) map[string]any {
	m, _ := v.(map[string]any)
	for m != nil {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		var cur any = map[string]any(d)
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			cur = cur.(map[string]any)[part]
		}
		m, _ = cur.(map[string]any)
	}
	return m
}

// TestOpenAPIDescribesEveryRoute fails when the engine serves a route
// under /api/v1 that docs/openapi.json does not describe, or the
// description has an operation that no route serves.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	engine := newPortal(t, june1).handler.(*gin.Engine)
	d := loadOpenAPI(t)
	described := map[string]bool{}
	for _, o := range d.operations() {
		described[o.method+" "+o.path] = true
	}
	routes := map[string]bool{}
	for _, r := range engine.Routes() {
		if r.Path == "/api/v1" || strings.HasPrefix(r.Path, "/api/v1/") {
			routes[r.Method+" "+r.Path] = true
		}
	}
	served := map[string]bool{}
	for route := range routes {
		method, path, _ := strings.Cut(route, " ")
		if method == http.MethodHead {
			if !routes["GET "+path] {
				t.Errorf("%s: HEAD without GET; the description says every GET also answers HEAD", route)
			}
			continue
		}
		paths := []string{path}
		if strings.Contains(path, "*") {
			var ok bool
			if paths, ok = catchAllServes[route]; !ok {
				t.Errorf("%s: a catch-all route that catchAllServes does not map to described paths", route)
				continue
			}
		}
		for _, p := range paths {
			served[method+" "+p] = true
			if !described[method+" "+p] {
				t.Errorf("%s %s is served (by %s) but docs/openapi.json does not describe it", method, p, route)
			}
		}
	}
	for key := range catchAllServes {
		if !routes[key] {
			t.Errorf("catchAllServes names %s, which the engine does not have", key)
		}
	}
	for op := range described {
		if !served[op] {
			t.Errorf("docs/openapi.json describes %s, which no route serves", op)
		}
	}
}

// target fills a path template with the examples of its parameters, and
// adds the required query parameters with theirs.
func (d openAPIDoc) target(o operation) string {
	path, query := o.path, url.Values{}
	params, _ := o.op["parameters"].([]any)
	for _, p := range params {
		pm := d.resolve(p)
		switch {
		case pm["in"] == "path":
			path = strings.ReplaceAll(path, "{"+pm["name"].(string)+"}", fmt.Sprint(pm["example"]))
		case pm["in"] == "query" && pm["required"] == true:
			query.Set(pm["name"].(string), fmt.Sprint(pm["example"]))
		}
	}
	if len(query) > 0 {
		path += "?" + query.Encode()
	}
	return path
}

// responseSchema is the JSON schema an operation answers status with.
func (d openAPIDoc) responseSchema(o operation, status int) (map[string]any, bool) {
	resp := d.resolve(o.op["responses"].(map[string]any)[fmt.Sprint(status)])
	if resp == nil {
		return nil, false
	}
	content, _ := resp["content"].(map[string]any)
	for _, ct := range []string{"application/json", "application/problem+json"} {
		if mt, ok := content[ct].(map[string]any); ok {
			return d.resolve(mt["schema"]), true
		}
	}
	return nil, true
}

// mismatches lists where value does not have the properties that schema
// declares: a property the schema does not name, or a required one that
// is missing. It reads properties, required, allOf, items and
// additionalProperties; other keywords are Redocly's business.
func (d openAPIDoc) mismatches(schema map[string]any, value any, at string) []string {
	if schema == nil {
		return nil
	}
	props := map[string]any{}
	var required []string
	var extra any
	for _, part := range append([]any{schema}, asSlice(schema["allOf"])...) {
		s := d.resolve(part)
		for k, v := range asMap(s["properties"]) {
			props[k] = v
		}
		for _, r := range asSlice(s["required"]) {
			required = append(required, r.(string))
		}
		if ap, ok := s["additionalProperties"]; ok {
			extra = ap
		}
	}
	var out []string
	switch v := value.(type) {
	case map[string]any:
		for _, r := range required {
			if _, ok := v[r]; !ok {
				out = append(out, fmt.Sprintf("%s: lacks %q, which the description requires", at, r))
			}
		}
		for k, x := range v {
			switch {
			case props[k] != nil:
				out = append(out, d.mismatches(d.resolve(props[k]), x, at+"."+k)...)
			case asMap(extra) != nil:
				out = append(out, d.mismatches(d.resolve(extra), x, at+"."+k)...)
			case len(props) > 0:
				out = append(out, fmt.Sprintf("%s: has %q, which the description does not declare", at, k))
			}
		}
	case []any:
		if items := d.resolve(schema["items"]); items != nil {
			for i, x := range v {
				out = append(out, d.mismatches(items, x, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	}
	return out
}

func asMap(v any) map[string]any { m, _ := v.(map[string]any); return m }
func asSlice(v any) []any        { s, _ := v.([]any); return s }

// TestOpenAPIPathsAreServed requests every described operation through
// the real engine on the demo content, with the examples of the
// description's path parameters, and fails when one is not served by the
// handler the description says: a GET must answer 200 with a body whose
// properties the description declares, a write (as an editor) one of its
// described statuses, never the engine's "no page" 404 or a 405. A write
// with an example body must succeed with it.
func TestOpenAPIPathsAreServed(t *testing.T) {
	d := loadOpenAPI(t)
	ctx := context.Background()

	reads := newPortal(t, june1)
	if rep, _, err := demo.LoadIfEmpty(ctx, reads.st, reads.blobs); err != nil || len(rep.Errors) > 0 {
		t.Fatalf("demo content: %v %v", err, rep.Errors)
	}
	for _, f := range []interface{ Sync(context.Context) error }{reads.follower, reads.indexer} {
		if err := f.Sync(ctx); err != nil {
			t.Fatal(err)
		}
	}
	writes := newWritePortal(t, june1, writeOptions{})
	if rep, _, err := demo.LoadIfEmpty(ctx, writes.st, writes.blobs); err != nil || len(rep.Errors) > 0 {
		t.Fatalf("demo content: %v %v", err, rep.Errors)
	}
	writes.sync()

	for _, o := range d.operations() {
		target := d.target(o)
		t.Run(o.method+" "+o.path, func(t *testing.T) {
			if o.method == http.MethodGet {
				rec := reads.do(http.MethodGet, target)
				if rec.Code != http.StatusOK {
					t.Fatalf("GET %s: status %d, want 200: %s", target, rec.Code, rec.Body)
				}
				if !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
					return
				}
				schema, _ := d.responseSchema(o, http.StatusOK)
				var body any
				if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
					t.Fatalf("GET %s: %v", target, err)
				}
				for _, m := range d.mismatches(schema, body, "body") {
					t.Errorf("GET %s: %s", target, m)
				}
				return
			}
			ct, data, hasExample := requestExample(d, o)
			rec := writes.request(o.method, target, "editor", ct, data)
			writes.sync()
			t.Logf("%s %s: %d", o.method, target, rec.Code)
			var problem struct{ Detail string }
			json.Unmarshal(rec.Body.Bytes(), &problem)
			switch {
			case rec.Code == http.StatusNotFound && strings.HasPrefix(problem.Detail, "no page at"),
				rec.Code == http.StatusMethodNotAllowed:
				t.Fatalf("%s %s: not served: %d %s", o.method, target, rec.Code, rec.Body)
			case hasExample && (rec.Code < 200 || rec.Code > 299):
				t.Fatalf("%s %s with the description's example: status %d: %s", o.method, target, rec.Code, rec.Body)
			}
			schema, ok := d.responseSchema(o, rec.Code)
			if !ok {
				t.Fatalf("%s %s: status %d, which the description does not list: %s", o.method, target, rec.Code, rec.Body)
			}
			var body any
			if json.Unmarshal(rec.Body.Bytes(), &body) == nil {
				for _, m := range d.mismatches(schema, body, "body") {
					t.Errorf("%s %s (%d): %s", o.method, target, rec.Code, m)
				}
			}
		})
	}
}

// requestExample is what to send to a write: the first example of its
// request body, else an empty JSON object if it takes JSON, else nothing.
func requestExample(d openAPIDoc, o operation) (contentType string, data []byte, example bool) {
	rb := d.resolve(o.op["requestBody"])
	content := asMap(rb["content"])
	types := make([]string, 0, len(content))
	for ct := range content {
		types = append(types, ct)
	}
	slices.Sort(types)
	for _, ct := range types {
		ex, ok := asMap(content[ct])["example"]
		if !ok {
			continue
		}
		if s, isString := ex.(string); isString {
			return ct, []byte(s), true
		}
		data, _ := json.Marshal(ex)
		return ct, data, true
	}
	if _, ok := content["application/json"]; ok {
		return "application/json", []byte("{}"), false
	}
	return "", nil, false
}

// TestOpenAPIIsServed checks GET /api/v1/openapi.json: the embedded
// description, byte for byte, in either media type, revalidated by ETag.
func TestOpenAPIIsServed(t *testing.T) {
	p := newPortal(t, june1)
	if err := p.follower.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	rec := p.do(http.MethodGet, "/api/v1/openapi.json")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/json" || !bytes.Equal(rec.Body.Bytes(), docs.OpenAPI) {
		t.Fatalf("status %d, type %q, %d bytes (want %d)", rec.Code, rec.Header().Get("Content-Type"), rec.Body.Len(), len(docs.OpenAPI))
	}
	rec = p.do(http.MethodGet, "/api/v1/openapi.json", "Accept", "application/vnd.oai.openapi+json")
	if ct := rec.Header().Get("Content-Type"); ct != "application/vnd.oai.openapi+json" {
		t.Errorf("asked for the OpenAPI type: got %q", ct)
	}
	etag := rec.Header().Get("ETag")
	if rec = p.do(http.MethodGet, "/api/v1/openapi.json", "If-None-Match", etag); rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match %s: status %d, want 304", etag, rec.Code)
	}
	if d := loadOpenAPI(t); d["openapi"] != "3.1.0" {
		t.Errorf("openapi: %v, want 3.1.0", d["openapi"])
	}
}

// TestOpenAPILint runs Redocly's linter (the recommended rules, with the
// settings of redocly.yaml) on docs/openapi.json and fails on any error.
// It needs node and @redocly/cli from npm (make test-deps) in
// $PLENARY_NODE_MODULES, by default .cache/npm/node_modules; without them
// it fails, except with -short.
func TestOpenAPILint(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	testutil.Tool(t, "node", "nodejs")
	redocly := filepath.Join(testutil.NodeModules(t, "@redocly/cli"), ".bin", "redocly")
	cmd := exec.Command(redocly, "lint", "--format=stylish", "docs/openapi.json")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true", "NO_COLOR=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("redocly lint docs/openapi.json: %v\n%s", err, out)
	}
	if bytes.Contains(out, []byte(" warning ")) {
		t.Logf("redocly lint warnings:\n%s", out)
	}
}
