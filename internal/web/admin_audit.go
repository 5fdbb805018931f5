package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"plenary/internal/audit"
	"plenary/internal/catalog"
)

// auditPageSize is how many entries the audit page shows at once.
const auditPageSize = 50

// auditData is one page of the audit log.
type auditData struct {
	Form    *form
	Entries []audit.Entry
	// Older is the address of the next page, "" on the last.
	Older string
}

// adminAudit serves /{lang}/admin/audit?actor=…&action=…&target=…&from=…&until=…&before=…:
// the audit log, newest first, read-only.
func (s *server) adminAudit(c *gin.Context) {
	t := s.tr(c)
	q := c.Request.URL.Query()
	f := newForm(t, url.Values{})
	for _, k := range []string{"actor", "action", "target", "from", "until"} {
		f.Set(k, strings.TrimSpace(q.Get(k)))
	}
	filter := audit.Filter{Actor: f.Get("actor"), Action: f.Get("action"), Target: f.Get("target"), Before: q.Get("before"), Limit: auditPageSize}
	for _, k := range []string{"from", "until"} {
		v := f.Get(k)
		if v == "" {
			continue
		}
		day, ok := catalog.ParseDate(v)
		if !ok {
			f.fieldMessage(k, "validation.invalid_date")
			continue
		}
		if k == "from" {
			filter.From = day.Time()
		} else {
			filter.Until = day.Time().Add(24 * time.Hour) // the whole day
		}
	}
	d := auditData{Form: f}
	status := http.StatusOK
	if f.Failed() {
		status = http.StatusBadRequest
	} else if s.Audit != nil {
		entries, err := s.Audit.List(c.Request.Context(), filter)
		if err != nil {
			s.Fail(c, err)
			return
		}
		d.Entries = entries
		if len(entries) == auditPageSize {
			next := url.Values{}
			for _, k := range []string{"actor", "action", "target", "from", "until"} {
				if v := f.Get(k); v != "" {
					next.Set(k, v)
				}
			}
			next.Set("before", entries[len(entries)-1].ID)
			d.Older = t.Path("admin", "audit") + "?" + next.Encode()
		}
	}
	s.render(c, status, "admin_audit", t.S("admin.audit_title"), "edit", d)
}
