package web

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"plenary/internal/catalog"
	"plenary/internal/readmodel"
)

// dashboardData is what an editor sees first.
type dashboardData struct {
	// Drafts are the documents not yet published, scheduled ones first.
	Drafts []*readmodel.Doc
	// Extraction lists the versions whose text is pending or failed.
	Extraction []versionRef
	// Recent are the documents changed last.
	Recent   []*readmodel.Doc
	Sessions []*catalog.Session
	Bodies   []*catalog.Body
}

// versionRef is one language version of a document.
type versionRef struct {
	Doc     *readmodel.Doc
	Version *catalog.Version
}

// dashboardSize bounds each list of the dashboard.
const dashboardSize = 20

// editDashboard serves /{lang}/edit/.
func (s *server) editDashboard(c *gin.Context) {
	var d dashboardData
	all := s.Model.Documents(readmodel.DocumentFilter{}, catalog.Staff, 0, 1<<30).Docs
	for _, doc := range all {
		if doc.Status == catalog.Draft {
			d.Drafts = append(d.Drafts, doc)
		}
		for i := range doc.Versions {
			if v := &doc.Versions[i]; v.Extraction != "" && len(d.Extraction) < 100 {
				d.Extraction = append(d.Extraction, versionRef{Doc: doc, Version: v})
			}
		}
	}
	slices.SortStableFunc(d.Drafts, func(a, b *readmodel.Doc) int {
		switch {
		case a.PublishAt != nil && b.PublishAt != nil:
			return a.PublishAt.Compare(*b.PublishAt)
		case a.PublishAt != nil:
			return -1
		case b.PublishAt != nil:
			return 1
		}
		return 0
	})
	recent := slices.Clone(all)
	slices.SortStableFunc(recent, func(a, b *readmodel.Doc) int { return b.Updated.Compare(a.Updated) })
	d.Recent = recent[:min(len(recent), dashboardSize)]
	sessions := s.Model.Sessions(readmodel.SessionFilter{})
	d.Sessions = sessions[:min(len(sessions), dashboardSize)]
	d.Bodies = s.Model.Bodies()
	s.render(c, http.StatusOK, "edit_dashboard", s.tr(c).S("edit.dashboard"), "edit", d)
}

// readmodelAll selects every session.
var readmodelAll = readmodel.SessionFilter{}
