package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"plenary/internal/catalog"
	"plenary/internal/interop"
)

// oai serves /oai: OAI-PMH 2.0 for harvesters, by GET or by a POST of an
// application/x-www-form-urlencoded form (internal/interop/oai.go has the
// protocol). It shows what an anonymous visitor sees, whoever is signed
// in: open data is the same for everyone. Errors of the protocol are
// answered 200 with the error in the document, as OAI-PMH wants.
func (s *server) oai(c *gin.Context) {
	req := interop.OAIRequest{BaseURL: s.baseURL(c), Now: s.Now()}
	var err error
	if c.Request.Method == http.MethodPost {
		// The arguments are in the body only; a body of another type has none.
		err = c.Request.ParseForm()
		req.Args = c.Request.PostForm
	} else {
		req.Args, err = url.ParseQuery(c.Request.URL.RawQuery)
	}
	if err != nil {
		req.Malformed = true
		if req.Args == nil {
			req.Args = url.Values{}
		}
	}
	base := req.BaseURL
	req.DocumentURL = func(id string) string {
		return base + "/" + string(catalog.English) + "/" + joinPath("documents", id)
	}
	o := interop.OAI{Model: s.Model, PageSize: s.OAIPageSize}
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "text/xml; charset=utf-8", o.Respond(req))
}
