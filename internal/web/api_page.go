package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"

	"plenary/docs"
)

// apiReference is the API page's content: the operations of the OpenAPI
// description (docs/openapi.json, embedded), grouped by tag. The
// description is English; the page around it is translated.
type apiReference struct {
	// Version is the description's info.version.
	Version string
	Groups  []apiGroup
}

// apiGroup is the operations of one tag, in the description's tag order.
type apiGroup struct {
	// Tag is the tag's name, which the page translates (apidoc.tag.<name>).
	Tag         string
	Description string
	Ops         []apiOperation
}

// apiOperation is one method on one path.
type apiOperation struct {
	ID, Method, Path     string
	Summary, Description string
	// Write says the operation needs an editor or administrator.
	Write      bool
	Params     []apiParam
	BodyTypes  []string
	BodyNeeded bool
	Responses  []apiResponse
}

// apiParam is a parameter with its schema summed up: its type and
// constraints as the description gives them.
type apiParam struct {
	Name, In, Description string
	Required              bool
	Type, Default         string
	Example               string
}

// apiResponse is one status an operation answers.
type apiResponse struct {
	Status, Description string
	Types               []string
}

// The parts of OpenAPI 3.1 that the page reads.
type (
	oaDoc struct {
		Info struct {
			Version string `json:"version"`
		} `json:"info"`
		Tags []struct {
			Name        string `json:"name"`
			Description string `json:"description"`
		} `json:"tags"`
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Parameters map[string]oaParam    `json:"parameters"`
			Responses  map[string]oaResponse `json:"responses"`
			Schemas    map[string]oaSchema   `json:"schemas"`
		} `json:"components"`
	}
	oaOperation struct {
		OperationID string                 `json:"operationId"`
		Tags        []string               `json:"tags"`
		Summary     string                 `json:"summary"`
		Description string                 `json:"description"`
		Parameters  []oaParam              `json:"parameters"`
		RequestBody *oaBody                `json:"requestBody"`
		Responses   map[string]oaResponse  `json:"responses"`
		Security    *[]map[string][]string `json:"security"`
	}
	oaBody struct {
		Required bool                       `json:"required"`
		Content  map[string]json.RawMessage `json:"content"`
	}
	oaParam struct {
		Ref         string    `json:"$ref"`
		Name        string    `json:"name"`
		In          string    `json:"in"`
		Description string    `json:"description"`
		Required    bool      `json:"required"`
		Schema      *oaSchema `json:"schema"`
		Example     any       `json:"example"`
	}
	oaResponse struct {
		Ref         string                     `json:"$ref"`
		Description string                     `json:"description"`
		Content     map[string]json.RawMessage `json:"content"`
	}
	oaSchema struct {
		Ref     string    `json:"$ref"`
		Type    string    `json:"type"`
		Format  string    `json:"format"`
		Enum    []any     `json:"enum"`
		Minimum *float64  `json:"minimum"`
		Maximum *float64  `json:"maximum"`
		Default any       `json:"default"`
		Pattern string    `json:"pattern"`
		Items   *oaSchema `json:"items"`
	}
)

// methodOrder is the order of an operation's methods on a path.
var methodOrder = []string{"get", "post", "put", "patch", "delete"}

// parseAPIReference reads an OpenAPI description into the page's content.
func parseAPIReference(data []byte) (*apiReference, error) {
	var d oaDoc
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	ref := &apiReference{Version: d.Info.Version}
	byTag := map[string]int{}
	for _, tag := range d.Tags {
		byTag[tag.Name] = len(ref.Groups)
		ref.Groups = append(ref.Groups, apiGroup{Tag: tag.Name, Description: tag.Description})
	}
	paths := make([]string, 0, len(d.Paths))
	for p := range d.Paths {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, path := range paths {
		for _, method := range methodOrder {
			raw, ok := d.Paths[path][method]
			if !ok {
				continue
			}
			var o oaOperation
			if err := json.Unmarshal(raw, &o); err != nil {
				return nil, fmt.Errorf("openapi: %s %s: %w", method, path, err)
			}
			op, err := d.operation(method, path, o)
			if err != nil {
				return nil, err
			}
			if len(o.Tags) == 0 {
				return nil, fmt.Errorf("openapi: %s %s has no tag", method, path)
			}
			g, ok := byTag[o.Tags[0]]
			if !ok {
				return nil, fmt.Errorf("openapi: %s %s: tag %q is not declared", method, path, o.Tags[0])
			}
			ref.Groups[g].Ops = append(ref.Groups[g].Ops, op)
		}
	}
	return ref, nil
}

func (d *oaDoc) operation(method, path string, o oaOperation) (apiOperation, error) {
	op := apiOperation{ID: o.OperationID, Method: strings.ToUpper(method), Path: path,
		Summary: o.Summary, Description: o.Description}
	// An operation that overrides the global security without the empty
	// requirement cannot be made anonymously: it is a write.
	if o.Security != nil && !slices.ContainsFunc(*o.Security, func(r map[string][]string) bool { return len(r) == 0 }) {
		op.Write = true
	}
	for _, p := range o.Parameters {
		if p.Ref != "" {
			name := strings.TrimPrefix(p.Ref, "#/components/parameters/")
			resolved, ok := d.Components.Parameters[name]
			if !ok {
				return op, fmt.Errorf("openapi: %s %s: no parameter %q", method, path, p.Ref)
			}
			p = resolved
		}
		ap := apiParam{Name: p.Name, In: p.In, Description: p.Description, Required: p.Required}
		if p.Example != nil {
			ap.Example = fmt.Sprint(p.Example)
		}
		if p.Schema != nil {
			ap.Type, ap.Default = d.summary(*p.Schema)
		}
		op.Params = append(op.Params, ap)
	}
	if b := o.RequestBody; b != nil {
		op.BodyNeeded = b.Required
		op.BodyTypes = sortedKeys(b.Content)
	}
	codes := make([]string, 0, len(o.Responses))
	for code := range o.Responses {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	for _, code := range codes {
		r := o.Responses[code]
		if r.Ref != "" {
			resolved, ok := d.Components.Responses[strings.TrimPrefix(r.Ref, "#/components/responses/")]
			if !ok {
				return op, fmt.Errorf("openapi: %s %s: no response %q", method, path, r.Ref)
			}
			r = resolved
		}
		op.Responses = append(op.Responses, apiResponse{Status: code, Description: r.Description, Types: sortedKeys(r.Content)})
	}
	return op, nil
}

// summary writes a schema as a type with its constraints, and its default.
func (d *oaDoc) summary(s oaSchema) (typ, def string) {
	for s.Ref != "" {
		s = d.Components.Schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")]
	}
	if s.Default != nil {
		def = fmt.Sprint(s.Default)
	}
	switch {
	case len(s.Enum) > 0:
		vals := make([]string, len(s.Enum))
		for i, v := range s.Enum {
			vals[i] = fmt.Sprint(v)
		}
		return strings.Join(vals, " | "), def
	case s.Type == "array" && s.Items != nil:
		item, _ := d.summary(*s.Items)
		return item + " …", def
	}
	typ = s.Type
	if s.Format != "" {
		typ += " (" + s.Format + ")"
	}
	switch {
	case s.Minimum != nil && s.Maximum != nil:
		typ += fmt.Sprintf(", %g–%g", *s.Minimum, *s.Maximum)
	case s.Minimum != nil:
		typ += fmt.Sprintf(", ≥ %g", *s.Minimum)
	case s.Maximum != nil:
		typ += fmt.Sprintf(", ≤ %g", *s.Maximum)
	}
	if s.Pattern != "" {
		typ += ", " + s.Pattern
	}
	return typ, def
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// loadAPIReference parses the embedded description once.
var loadAPIReference = sync.OnceValues(func() (*apiReference, error) { return parseAPIReference(docs.OpenAPI) })

// apiData is the API page's data.
type apiData struct {
	Ref *apiReference
	// JSON is the address of the description itself.
	JSON string
}

// apiPage returns the handler of /{lang}/api: the JSON API, described
// for people from the OpenAPI description, which is parsed when the
// routes are made. A description that does not parse stops the server
// from starting, as a broken template does; the tests parse it first.
func (s *server) apiPage() gin.HandlerFunc {
	ref, err := loadAPIReference()
	if err != nil {
		panic(err)
	}
	return func(c *gin.Context) {
		s.render(c, http.StatusOK, "api", s.tr(c).S("apidoc.title"), "api", apiData{Ref: ref, JSON: "/api/v1/openapi.json"})
	}
}
