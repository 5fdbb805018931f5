package web

import (
	"encoding/json"
	"html/template"

	"plenary/internal/catalog"
	"plenary/internal/readmodel"
)

// Structured data: schema.org descriptions of sessions (Event) and
// documents (Report, or Book for a publication with an ISBN) as JSON-LD,
// which the page carries in <script type="application/ld+json">. The JSON
// is made with encoding/json, which escapes <, > and & inside strings, so
// that no title can close the script element; browsers do not run the
// element (it is data), so the pages' Content-Security-Policy, which
// allows no script, is not in the way.

// schemaOrg is the JSON-LD context of every description.
const schemaOrg = "https://schema.org"

// ldNode is one JSON-LD node; fields are left out when empty.
type ldNode = map[string]any

// jsonLD encodes a node for the page. It returns nothing when encoding
// fails, which it cannot with the values built here.
func jsonLD(n ldNode) template.JS {
	buf, err := json.Marshal(n) // escapes <, >, &, U+2028 and U+2029
	if err != nil {
		return ""
	}
	return template.JS(buf)
}

// organization names a body, linked to its page.
func organization(t *T, base string, b *catalog.Body) ldNode {
	if b == nil {
		return nil
	}
	return ldNode{"@type": "GovernmentOrganization", "name": t.Pick(b.Name).Text, "url": base + t.Path("bodies", b.Code)}
}

// attendanceModes maps a venue's mode to schema.org's attendance modes.
var attendanceModes = map[catalog.Mode]string{
	catalog.InPerson: "https://schema.org/OfflineEventAttendanceMode",
	catalog.Online:   "https://schema.org/OnlineEventAttendanceMode",
	catalog.Hybrid:   "https://schema.org/MixedEventAttendanceMode",
}

// sessionJSONLD describes a session as an Event. The catalogue has no
// cancelled, postponed or moved sessions, so every event is scheduled;
// how people attend comes from the venue's mode, and an online or hybrid
// session has the session's page as its virtual location (the catalogue
// keeps no meeting link).
func sessionJSONLD(t *T, base string, x *catalog.Session, b *catalog.Body) template.JS {
	url := base + t.Path("sessions", x.ID)
	name := t.Pick(x.Title)
	ev := ldNode{
		"@context":    schemaOrg,
		"@type":       "Event",
		"@id":         url,
		"url":         url,
		"name":        name.Text,
		"inLanguage":  string(name.Lang),
		"startDate":   string(x.Start),
		"endDate":     string(x.End),
		"eventStatus": "https://schema.org/EventScheduled",
	}
	if m, ok := attendanceModes[x.Venue.Mode]; ok {
		ev["eventAttendanceMode"] = m
	}
	var locations []ldNode
	if x.Venue.City != "" {
		addr := ldNode{"@type": "PostalAddress", "addressLocality": x.Venue.City}
		place := ldNode{"@type": "Place", "name": x.Venue.City, "address": addr}
		if x.Venue.Country != "" {
			addr["addressCountry"] = x.Venue.Country
			place["name"] = x.Venue.City + ", " + x.Venue.Country
		}
		locations = append(locations, place)
	}
	if x.Venue.Mode == catalog.Online || x.Venue.Mode == catalog.Hybrid {
		locations = append(locations, ldNode{"@type": "VirtualLocation", "url": url})
	}
	switch len(locations) {
	case 1:
		ev["location"] = locations[0]
	case 2:
		ev["location"] = locations
	}
	if org := organization(t, base, b); org != nil {
		ev["organizer"] = org
	}
	return jsonLD(ev)
}

// documentJSONLD describes a document as a Report (a Book when it is a
// publication with an ISBN) with one node per language version: each has
// its language and, as its @id, the address of the version's text page in
// the interface of that language (the same on every page), and the
// document and its versions point at each other with workTranslation and
// translationOfWork.
func documentJSONLD(t *T, base string, doc *readmodel.Doc, b *catalog.Body) template.JS {
	url := base + t.Path("documents", doc.ID)
	typ := "Report"
	if doc.Publication != nil && doc.Publication.ISBN != "" {
		typ = "Book"
	}
	title := t.Title(doc.Document)
	n := ldNode{
		"@context":   schemaOrg,
		"@type":      typ,
		"@id":        url,
		"url":        url,
		"name":       title.Text,
		"inLanguage": string(title.Lang),
		"genre":      t.Label("doctype", string(doc.Type)),
	}
	if doc.Date.Valid() {
		n["datePublished"] = string(doc.Date)
	}
	if !doc.Updated.IsZero() {
		n["dateModified"] = doc.Updated.UTC().Format("2006-01-02T15:04:05Z")
	}
	if doc.Symbol != "" {
		n["identifier"] = ldNode{"@type": "PropertyValue", "propertyID": "UN document symbol", "value": doc.Symbol}
		if typ == "Report" {
			n["reportNumber"] = doc.Symbol
		}
	}
	if doc.Status == catalog.Withdrawn {
		n["creativeWorkStatus"] = "Withdrawn"
	}
	if v := t.Version(doc.Document); v != nil && v.Abstract != "" {
		n["abstract"] = v.Abstract
	}
	if len(doc.Subjects) > 0 {
		var kw []string
		for _, s := range doc.Subjects {
			kw = append(kw, t.Label("subject", s))
		}
		n["keywords"] = kw
	}
	if org := organization(t, base, b); org != nil {
		n["author"] = org
		n["publisher"] = org
	}
	if p := doc.Publication; p != nil {
		if p.ISBN != "" {
			n["isbn"] = p.ISBN
		}
		if p.Publisher != "" {
			n["publisher"] = ldNode{"@type": "Organization", "name": p.Publisher}
		}
	}
	var versions []ldNode
	for _, v := range doc.Versions {
		vn := ldNode{
			"@type":             typ,
			"@id":               base + "/" + string(v.Lang) + "/" + joinPath("documents", doc.ID, "text", string(v.Lang)),
			"name":              v.Title,
			"inLanguage":        string(v.Lang),
			"translationOfWork": ldNode{"@id": url},
		}
		if v.Date.Valid() {
			vn["datePublished"] = string(v.Date)
		}
		if v.File != nil {
			vn["encoding"] = ldNode{
				"@type":          "MediaObject",
				"contentUrl":     base + t.FileURL(doc.ID, v.Lang),
				"encodingFormat": v.File.MediaType,
			}
		}
		versions = append(versions, vn)
	}
	if len(versions) > 0 {
		n["workTranslation"] = versions
	}
	return jsonLD(n)
}
