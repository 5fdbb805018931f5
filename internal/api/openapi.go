package api

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"plenary/docs"
)

// openAPIType is the registered media type of an OpenAPI document.
const openAPIType = "application/vnd.oai.openapi+json"

// openAPIETag identifies the embedded description: it changes only with
// the binary.
var openAPIETag = func() string {
	sum := sha256.Sum256(docs.OpenAPI)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}()

// openAPI serves GET /openapi.json: the OpenAPI 3.1 description of this
// API (docs/openapi.json, embedded), as application/json, or as
// application/vnd.oai.openapi+json to a client that asks for that type.
func (h handler) openAPI(c *gin.Context) {
	c.Header("ETag", openAPIETag)
	c.Header("Cache-Control", "public, max-age=3600")
	c.Writer.Header().Add("Vary", "Accept")
	if c.GetHeader("If-None-Match") == openAPIETag {
		c.Status(http.StatusNotModified)
		return
	}
	ct := "application/json"
	if strings.Contains(c.GetHeader("Accept"), openAPIType) {
		ct = openAPIType
	}
	c.Data(http.StatusOK, ct, docs.OpenAPI)
}
