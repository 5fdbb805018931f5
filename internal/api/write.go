package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/auth"
	"plenary/internal/catalog"
	"plenary/internal/publish"
)

// maxJSONBody bounds the JSON body of a write: a document with its full
// text in seven languages.
const maxJSONBody = 32 << 20

// requireEditor lets through the requests of a signed-in editor or
// administrator. An anonymous request is answered 401 (with the
// WWW-Authenticate challenge of the API tokens), any other user 403; a
// server without a publishing service answers 503.
func (h handler) requireEditor(c *gin.Context) {
	u := auth.UserFrom(c.Request.Context())
	switch {
	case u == nil || u.Disabled:
		h.fail(c, &apperr.Error{Status: http.StatusUnauthorized, ID: "error.unauthorized",
			Message: "sign in, or send an API token as Authorization: Bearer <token>, to change the catalogue"})
		return
	case !u.Role.Can(auth.Editor):
		h.fail(c, &apperr.Error{Status: http.StatusForbidden, ID: "error.forbidden",
			Message: fmt.Sprintf("a %s may not change the catalogue; editors and administrators may", u.Role)})
		return
	case h.Publish == nil:
		h.fail(c, apperr.Unavailable("this server does not accept changes", nil))
		return
	}
	c.Next()
}

// actor is who makes the request, for the audit log.
func actor(c *gin.Context) publish.Actor {
	a := publish.Actor{Addr: c.ClientIP()}
	if u := auth.UserFrom(c.Request.Context()); u != nil {
		a.Email = u.Email
	}
	return a
}

// problemWithErrors is a problem document that lists what is wrong with
// each field of a refused record.
type problemWithErrors struct {
	Type     string               `json:"type"`
	Title    string               `json:"title"`
	Status   int                  `json:"status"`
	Detail   string               `json:"detail"`
	Param    string               `json:"param,omitempty"`
	Instance string               `json:"instance"`
	Errors   []catalog.FieldError `json:"errors"`
}

// problemRender renders a problem document with its own media type.
type problemRender struct{ v any }

func (r problemRender) Render(w http.ResponseWriter) error {
	r.WriteContentType(w)
	return json.NewEncoder(w).Encode(r.v)
}

func (problemRender) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/problem+json")
}

// fail answers a write with err. Field errors (a 422 from validation)
// are listed as the problem's "errors": [{field, code, reason}]; every
// other error goes to Deps.Fail. A 401 carries the Bearer challenge.
func (h handler) fail(c *gin.Context, err error) {
	e := apperr.From(err)
	if e.Status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="plenary"`)
	}
	if len(e.Fields) == 0 {
		h.Fail(c, err)
		c.Abort()
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Render(e.Status, problemRender{problemWithErrors{
		Type: "about:blank", Title: http.StatusText(e.Status), Status: e.Status,
		Detail: e.Message, Param: e.Param, Instance: c.Request.URL.RequestURI(), Errors: e.Fields,
	}})
	c.Abort()
}

// decodeRecord reads a JSON record of kind from the request body, as a
// line of an import gives it ("kind" may be given, and must then be kind),
// refusing unknown fields. Decoding errors are field errors where a field
// is at fault.
func decodeRecord(c *gin.Context, kind catalog.Kind, v any) error {
	if ct := c.ContentType(); ct != "application/json" && ct != "" {
		return &apperr.Error{Status: http.StatusUnsupportedMediaType, ID: "error.unsupported_media_type",
			Message: fmt.Sprintf("send the %s as application/json, not %s", kind, ct)}
	}
	data, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxJSONBody))
	if err != nil {
		return bodyError(err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return jsonError(err)
	}
	if raw, ok := fields["kind"]; ok {
		var k string
		if json.Unmarshal(raw, &k) != nil || k != string(kind) {
			return catalog.Errors{{Field: "kind", Code: catalog.CodeInvalid, Reason: fmt.Sprintf("%s here, where a %s is expected", raw, kind)}}
		}
		delete(fields, "kind")
		if data, err = json.Marshal(fields); err != nil {
			return apperr.Internal(err)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	return nil
}

// bodyError explains a request body that could not be read.
func bodyError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &apperr.Error{Status: http.StatusRequestEntityTooLarge, ID: "error.too_large",
			Message: fmt.Sprintf("the request is larger than the limit of %s", humanBytes(tooBig.Limit))}
	}
	return apperr.BadParam("body", "cannot read the request: %v", err)
}

// jsonError explains a JSON decoding error: a 422 naming the field at
// fault, else a 400 about the body.
func jsonError(err error) error {
	explained := catalog.ExplainJSON(err)
	var fe catalog.FieldError
	switch {
	case errors.As(explained, &fe) && fe.Field != "":
		return catalog.Errors{fe}
	case errors.As(explained, &fe):
		return apperr.BadParam("body", "%s", strings.Replace(fe.Reason, "want an object", "want a JSON object", 1))
	}
	return apperr.BadParam("body", "%s", explained.Error())
}

// humanBytes writes a byte count as people read it: 100 MiB, 12 bytes.
func humanBytes(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%.3g MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.3g KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// checkPathID refuses a body whose id is not the one in the address.
func checkPathID(field, fromPath, fromBody string) error {
	if fromBody != fromPath {
		return catalog.Errors{{Field: field, Code: catalog.CodeInvalid,
			Reason: fmt.Sprintf("%q does not match the address, which names %q", fromBody, fromPath)}}
	}
	return nil
}
