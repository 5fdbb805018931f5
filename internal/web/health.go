package web

import (
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"
)

// healthz serves GET /healthz: the process is alive.
func (s *server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// readyz serves GET /readyz: the database answers, the catalogue is
// loaded and the search index built. Load balancers send traffic only to a
// ready replica; one that is not ready still serves what it can.
func (s *server) readyz(c *gin.Context) {
	checks := gin.H{"database": "ok", "catalog": "ready", "search": "ready"}
	ready := true
	if err := s.ping(c.Request.Context()); err != nil {
		checks["database"] = "unreachable"
		ready = false
	}
	if !s.CatalogReady() {
		checks["catalog"] = "loading"
		ready = false
	}
	if !s.SearchReady() {
		checks["search"] = "building"
		ready = false
	}
	status, code := "ready", http.StatusOK
	if !ready {
		status, code = "not ready", http.StatusServiceUnavailable
		c.Header("Retry-After", "5")
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(code, gin.H{"status": status, "checks": checks})
}

func renderJSON(w http.ResponseWriter, v any) error {
	return json.NewEncoder(w).Encode(v)
}
