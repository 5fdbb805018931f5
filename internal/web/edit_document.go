package web

import (
	"errors"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
	"plenary/internal/publish"
)

// editDocumentPath matches the tails of /edit/documents/{id}/versions/{lang},
// …/publish and …/withdraw; anything else is a document id or "new".
var editDocumentPath = regexp.MustCompile(`^(.+)/(?:versions/([a-z]{2})|(publish|withdraw))$`)

// documentExtra is what the document's edit page shows besides its form.
type documentExtra struct {
	Doc *catalog.Document
	// Actions is the form of the publishing actions, with its messages.
	Actions  *form
	Versions []versionSlot
}

// versionSlot is one of the seven languages of a document: its version,
// or nil where there is none yet.
type versionSlot struct {
	Lang    catalog.Lang
	Version *catalog.Version
}

// editDocumentRoute dispatches /{lang}/edit/documents/….
func (s *server) editDocumentRoute(c *gin.Context) {
	tail := strings.TrimPrefix(c.Param("path"), "/")
	if m := editDocumentPath.FindStringSubmatch(tail); m != nil {
		switch {
		case m[2] != "":
			lang, ok := catalog.ParseLang(m[2])
			if !ok || string(lang) != m[2] {
				s.Fail(c, apperr.NotFound("no language %q", m[2]))
				return
			}
			s.editVersion(c, m[1], lang)
		case c.Request.Method != http.MethodPost:
			s.Fail(c, &apperr.Error{Status: http.StatusMethodNotAllowed, ID: "error.method_not_allowed", Message: "use POST"})
		case m[3] == "publish":
			s.documentPublish(c, m[1])
		default:
			s.documentWithdraw(c, m[1])
		}
		return
	}
	s.editDocument(c, tail)
}

// editDocument serves the form of a document's facts: new, or an existing one.
func (s *server) editDocument(c *gin.Context, id string) {
	create := id == "new"
	t := s.tr(c)
	ctx := c.Request.Context()
	var stored *catalog.Document
	if !create {
		rec, err := s.Store.Get(ctx, catalog.KindDocument, id)
		if err != nil {
			s.Fail(c, apperr.From(err))
			return
		}
		stored = rec.Entity.(*catalog.Document)
	}
	if c.Request.Method != http.MethodPost {
		f := newForm(t, url.Values{"distribution": {string(catalog.General)}, "versions[0].lang": {string(t.Lang)}})
		if stored != nil {
			f = newForm(t, documentValues(stored))
		}
		s.renderDocumentForm(c, http.StatusOK, f, stored, nil)
		return
	}
	if err := c.Request.ParseForm(); err != nil {
		s.Fail(c, apperr.BadParam("form", "%v", err))
		return
	}
	raw := newForm(t, c.Request.PostForm)
	doc := &catalog.Document{Status: catalog.Draft}
	if stored != nil {
		copied := *stored
		doc = &copied
	}
	if create {
		doc.ID = raw.Get("id")
		doc.Versions = []catalog.Version{{Lang: catalog.Lang(raw.Get("versions[0].lang")), Title: raw.Get("versions[0].title")}}
	}
	doc.Symbol = raw.Get("symbol")
	doc.Type = catalog.DocType(raw.Get("type"))
	doc.Body = raw.Get("body")
	doc.Session = raw.Get("session")
	doc.AgendaItems = splitList(raw.Get("agenda_items"))
	doc.Date = catalog.Date(strings.TrimSpace(raw.Get("date")))
	doc.Distribution = catalog.Distribution(raw.Get("distribution"))
	doc.Subjects = splitList(raw.Get("subjects"))
	doc.Relations = nil
	rows, _ := strconv.Atoi(raw.Get("relation_rows"))
	for i := range min(rows, 200) {
		r := catalog.Relation{Type: catalog.RelationType(raw.Get(raw.Row("relations", i, "type"))), Target: strings.TrimSpace(raw.Get(raw.Row("relations", i, "target")))}
		if r.Target != "" {
			doc.Relations = append(doc.Relations, r)
		}
	}
	f := newForm(t, documentValues(doc))
	if create {
		f.Set("id", raw.Get("id"))
		f.Set("versions[0].lang", raw.Get("versions[0].lang"))
		f.Set("versions[0].title", raw.Get("versions[0].title"))
	}
	saved, err := s.Publish.SaveDocument(ctx, actor(c), doc, create)
	if err == nil {
		c.Redirect(http.StatusSeeOther, t.Path("edit", "documents", saved.ID)+"?saved=1")
		return
	}
	status, shown := s.saveFailed(f, err)
	if !shown {
		s.Fail(c, err)
		return
	}
	s.renderDocumentForm(c, status, f, stored, nil)
}

// documentValues is a document's facts as the form's fields.
func documentValues(d *catalog.Document) url.Values {
	v := url.Values{
		"id": {d.ID}, "symbol": {d.Symbol}, "type": {string(d.Type)}, "body": {d.Body}, "session": {d.Session},
		"agenda_items": {strings.Join(d.AgendaItems, ", ")}, "date": {string(d.Date)},
		"distribution": {string(d.Distribution)}, "subjects": {strings.Join(d.Subjects, ", ")},
	}
	for i, r := range d.Relations {
		v.Set("relations["+strconv.Itoa(i)+"].type", string(r.Type))
		v.Set("relations["+strconv.Itoa(i)+"].target", r.Target)
	}
	return v
}

// renderDocumentForm shows the document's form; for a stored document,
// also its publishing actions and its languages.
func (s *server) renderDocumentForm(c *gin.Context, status int, f *form, stored *catalog.Document, actions *form) {
	t := s.tr(c)
	d := editData{Form: f, Create: stored == nil, Action: t.Path("edit", "documents", "new"), Saved: c.Query("saved") != ""}
	title := t.S("edit.new_document")
	if stored != nil {
		d.ID, d.Action = stored.ID, t.Path("edit", "documents", stored.ID)
		title = t.S("edit.edit_document_id", "ID", stored.ID)
		if actions == nil {
			actions = newForm(t, nil)
		}
		x := documentExtra{Doc: stored, Actions: actions}
		for _, l := range catalog.Languages {
			v, _ := stored.Version(l)
			x.Versions = append(x.Versions, versionSlot{Lang: l, Version: v})
		}
		d.Extra = x
	}
	d.Bodies = s.bodyOptions(t)
	d.Sessions = s.sessionOptions(t)
	for _, typ := range catalog.DocTypes {
		d.Types = append(d.Types, option{string(typ), t.Label("doctype", string(typ))})
	}
	for _, x := range catalog.Distributions {
		d.Distributions = append(d.Distributions, option{string(x), t.Label("distribution", string(x))})
	}
	d.Relations = []option{{"", t.S("form.none")}}
	for _, x := range catalog.RelationTypes {
		d.Relations = append(d.Relations, option{string(x), t.Label("relation", string(x))})
	}
	for _, l := range catalog.Languages {
		d.Langs = append(d.Langs, option{string(l), t.Name(l)})
	}
	n := 0
	if stored != nil {
		n = len(stored.Relations)
	}
	for i := 0; f.Get(f.Row("relations", i, "target")) != ""; i++ {
		n = max(n, i+1)
	}
	for i := range n + 2 {
		d.Rows = append(d.Rows, i)
	}
	s.render(c, status, "edit_document", title, "edit", d)
}

// storedDoc reads a document for an action on it.
func (s *server) storedDoc(c *gin.Context, id string) (*catalog.Document, bool) {
	rec, err := s.Store.Get(c.Request.Context(), catalog.KindDocument, id)
	if err != nil {
		s.Fail(c, apperr.From(err))
		return nil, false
	}
	return rec.Entity.(*catalog.Document), true
}

// scheduleLayout is how a datetime-local input sends its value.
const scheduleLayout = "2006-01-02T15:04"

// documentPublish serves POST /{lang}/edit/documents/{id}/publish: now,
// or at the time given (UTC) when the editor schedules it.
func (s *server) documentPublish(c *gin.Context, id string) {
	t := s.tr(c)
	doc, ok := s.storedDoc(c, id)
	if !ok {
		return
	}
	af := newForm(t, nil)
	if err := c.Request.ParseForm(); err != nil {
		s.Fail(c, apperr.BadParam("form", "%v", err))
		return
	}
	af.Values = c.Request.PostForm
	var at time.Time
	if c.PostForm("when") == "schedule" {
		v := strings.TrimSpace(c.PostForm("at"))
		parsed, err := time.ParseInLocation(scheduleLayout, v, time.UTC)
		if err != nil {
			parsed, err = time.ParseInLocation(scheduleLayout+":05", v, time.UTC)
		}
		switch {
		case v == "":
			af.fieldMessage("at", "validation.required")
		case err != nil:
			af.fieldMessage("at", "validation.datetime")
		case !parsed.After(s.Now()):
			af.fieldMessage("at", "validation.future")
		}
		if af.Failed() {
			s.renderDocumentForm(c, http.StatusUnprocessableEntity, newForm(t, documentValues(doc)), doc, af)
			return
		}
		at = parsed
	}
	if _, err := s.Publish.Publish(c.Request.Context(), actor(c), id, at); err != nil {
		status, shown := s.saveFailed(af, err)
		if !shown {
			s.Fail(c, err)
			return
		}
		s.renderDocumentForm(c, status, newForm(t, documentValues(doc)), doc, af)
		return
	}
	c.Redirect(http.StatusSeeOther, t.Path("edit", "documents", id)+"?saved=1")
}

// documentWithdraw serves POST /{lang}/edit/documents/{id}/withdraw. The
// editor must tick the box that confirms it.
func (s *server) documentWithdraw(c *gin.Context, id string) {
	t := s.tr(c)
	doc, ok := s.storedDoc(c, id)
	if !ok {
		return
	}
	af := newForm(t, nil)
	if c.PostForm("confirm") != "yes" {
		af.fieldMessage("confirm", "edit.withdraw_confirm_missing")
		s.renderDocumentForm(c, http.StatusUnprocessableEntity, newForm(t, documentValues(doc)), doc, af)
		return
	}
	if _, err := s.Publish.Withdraw(c.Request.Context(), actor(c), id); err != nil {
		status, shown := s.saveFailed(af, err)
		if !shown {
			s.Fail(c, err)
			return
		}
		s.renderDocumentForm(c, status, newForm(t, documentValues(doc)), doc, af)
		return
	}
	c.Redirect(http.StatusSeeOther, t.Path("edit", "documents", id)+"?saved=1")
}

// versionData is the form of one language version.
type versionData struct {
	Form    *form
	Doc     *catalog.Document
	Lang    catalog.Lang
	Version *catalog.Version
	Action  string
	Saved   bool
	Max     string
}

var versionField = regexp.MustCompile(`^versions\[\d+\]\.`)

// editVersion serves /{lang}/edit/documents/{id}/versions/{l}: the title
// and abstract of the version in l, and its file to upload.
func (s *server) editVersion(c *gin.Context, id string, lang catalog.Lang) {
	t := s.tr(c)
	doc, ok := s.storedDoc(c, id)
	if !ok {
		return
	}
	v, _ := doc.Version(lang)
	d := versionData{Doc: doc, Lang: lang, Version: v, Action: t.Path("edit", "documents", id, "versions", string(lang)),
		Saved: c.Query("saved") != "", Max: t.Size(s.MaxUpload)}
	title := t.S("edit.version_title", "Language", t.Name(lang), "ID", id)
	if c.Request.Method != http.MethodPost {
		d.Form = newForm(t, url.Values{})
		if v != nil {
			d.Form.Set("title", v.Title)
			d.Form.Set("abstract", v.Abstract)
		}
		s.render(c, http.StatusOK, "edit_version", title, "edit", d)
		return
	}
	// The body may hold the file and a little more: the form's other fields.
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.MaxUpload+1<<20)
	d.Form = newForm(t, url.Values{})
	err := c.Request.ParseMultipartForm(8 << 20)
	if c.Request.MultipartForm != nil {
		defer c.Request.MultipartForm.RemoveAll()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		d.Form.add("file", t.S("upload.request_too_large", "Max", d.Max), "")
		s.render(c, http.StatusRequestEntityTooLarge, "edit_version", title, "edit", d)
		return
	case err != nil:
		s.Fail(c, apperr.BadParam("form", "not a multipart form: %v", err))
		return
	}
	d.Form = newForm(t, c.Request.PostForm)
	vtitle, abstract := d.Form.Get("title"), d.Form.Get("abstract")
	in := publish.VersionInput{Title: &vtitle, Abstract: &abstract}
	var file multipart.File
	if fh, err := c.FormFile("file"); err == nil {
		file, err = fh.Open()
		if err != nil {
			s.Fail(c, err)
			return
		}
		defer file.Close()
		in.File, in.FileSize, in.FileName = file, fh.Size, fh.Filename
	}
	_, err = s.Publish.PutVersion(c.Request.Context(), actor(c), id, lang, in)
	if err == nil {
		c.Redirect(http.StatusSeeOther, d.Action+"?saved=1")
		return
	}
	var errs catalog.Errors
	if errors.As(err, &errs) {
		renamed := make(catalog.Errors, len(errs))
		for i, fe := range errs {
			fe.Field = versionField.ReplaceAllString(fe.Field, "")
			renamed[i] = fe
		}
		err = renamed
	}
	status, shown := s.saveFailed(d.Form, err)
	if !shown {
		s.Fail(c, err)
		return
	}
	s.render(c, status, "edit_version", title, "edit", d)
}
