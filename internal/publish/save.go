package publish

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
	"plenary/internal/store"
	"plenary/internal/symbol"
)

// SaveBody creates (create) or replaces a body. Its parent must exist and
// must not make a cycle.
func (s *Service) SaveBody(ctx context.Context, a Actor, b *catalog.Body, create bool) error {
	action := actionName(catalog.KindBody, create)
	s.mu.Lock()
	defer s.mu.Unlock()
	b.Normalize()
	err := s.saveBody(ctx, b, create)
	s.record(ctx, a, action, b.Code, "", err)
	return err
}

func (s *Service) saveBody(ctx context.Context, b *catalog.Body, create bool) error {
	errs := fieldErrors(b.Validate())
	if err := s.checkExists(ctx, catalog.KindBody, b.Code, create); err != nil {
		return err
	}
	if b.Parent != "" && b.Parent != b.Code {
		chain := []string{b.Code}
		for p := b.Parent; p != ""; {
			chain = append(chain, p)
			if p == b.Code {
				errs = append(errs, catalog.FieldError{Field: "parent", Code: catalog.CodeInvalid,
					Reason: "makes a cycle: " + joinArrow(chain)})
				break
			}
			rec, err := s.d.Store.Get(ctx, catalog.KindBody, p)
			if errors.Is(err, store.ErrNotFound) {
				if p == b.Parent {
					errs = append(errs, catalog.FieldError{Field: "parent", Code: catalog.CodeInvalid, Reason: fmt.Sprintf("no body %q", p)})
				}
				break
			}
			if err != nil {
				return apperr.From(err)
			}
			if len(chain) > 1000 {
				break
			}
			p = rec.Entity.(*catalog.Body).Parent
		}
	}
	if err := invalid(errs); err != nil {
		return err
	}
	_, err := s.put(ctx, b)
	return err
}

func joinArrow(ids []string) string {
	out := ""
	for i, id := range ids {
		if i > 0 {
			out += " → "
		}
		out += id
	}
	return out
}

// SaveSession creates (create) or replaces a session. Its body must exist.
func (s *Service) SaveSession(ctx context.Context, a Actor, x *catalog.Session, create bool) error {
	action := actionName(catalog.KindSession, create)
	s.mu.Lock()
	defer s.mu.Unlock()
	x.Normalize()
	err := s.saveSession(ctx, x, create)
	s.record(ctx, a, action, x.ID, "", err)
	return err
}

func (s *Service) saveSession(ctx context.Context, x *catalog.Session, create bool) error {
	errs := fieldErrors(x.Validate())
	if err := s.checkExists(ctx, catalog.KindSession, x.ID, create); err != nil {
		return err
	}
	if x.Body != "" {
		fe, err := s.mustExist(ctx, "body", catalog.KindBody, x.Body)
		if err != nil {
			return err
		}
		errs = append(errs, fe...)
	}
	if err := invalid(errs); err != nil {
		return err
	}
	_, err := s.put(ctx, x)
	return err
}

// SaveRecommendation creates (create) or replaces a recommendation. Its
// session, and its document when it names one, must exist.
func (s *Service) SaveRecommendation(ctx context.Context, a Actor, r *catalog.Recommendation, create bool) error {
	action := actionName(catalog.KindRecommendation, create)
	s.mu.Lock()
	defer s.mu.Unlock()
	r.Normalize()
	err := s.saveRecommendation(ctx, r, create)
	s.record(ctx, a, action, r.ID, "", err)
	return err
}

func (s *Service) saveRecommendation(ctx context.Context, r *catalog.Recommendation, create bool) error {
	errs := fieldErrors(r.Validate())
	if err := s.checkExists(ctx, catalog.KindRecommendation, r.ID, create); err != nil {
		return err
	}
	for _, ref := range []struct {
		field string
		kind  catalog.Kind
		id    string
	}{{"session", catalog.KindSession, r.Session}, {"document", catalog.KindDocument, r.Document}} {
		if ref.id == "" {
			continue
		}
		fe, err := s.mustExist(ctx, ref.field, ref.kind, ref.id)
		if err != nil {
			return err
		}
		errs = append(errs, fe...)
	}
	if err := invalid(errs); err != nil {
		return err
	}
	_, err := s.put(ctx, r)
	return err
}

// SaveDocument creates (create) or replaces a document, and returns it as
// stored.
//
// A new document is a draft unless it says otherwise. Files are never
// given here (they are uploaded with PutVersion): a version may carry a
// file only if it is the file already stored for its language. Replacing
// a document replaces its metadata and its set of versions (a language
// left out is removed), but a version that is given without a file keeps
// the stored version's file, and one given without a text keeps the stored
// text and extraction state. A replacement that gives no status keeps the
// stored status and schedule; one that gives a status other than draft
// cancels a schedule.
//
// The body and the session must exist, the agenda items must be on the
// session's agenda, and a relation to a document named by a slug (not a
// symbol) must point into the catalogue; a symbol may name a document
// published elsewhere. The relation that a symbol implies (…/Rev.1 revises
// …) is added by catalog.Document.Normalize.
func (s *Service) SaveDocument(ctx context.Context, a Actor, d *catalog.Document, create bool) (*catalog.Document, error) {
	action := actionName(catalog.KindDocument, create)
	s.mu.Lock()
	defer s.mu.Unlock()
	d.Normalize()
	detail, err := s.saveDocument(ctx, d, create)
	s.record(ctx, a, action, d.ID, detail, err)
	if err != nil {
		return nil, err
	}
	if d.PublishAt != nil {
		s.Wake()
	}
	return d, nil
}

func (s *Service) saveDocument(ctx context.Context, d *catalog.Document, create bool) (string, error) {
	old, err := s.getDocument(ctx, d.ID)
	switch {
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return "", apperr.From(err)
	case create && old != nil:
		return "", conflict(catalog.KindDocument, d.ID)
	case !create && old == nil && d.ID != "":
		return "", notFound(catalog.KindDocument, d.ID)
	}
	if old == nil {
		old = &catalog.Document{}
	}
	if d.Status == "" {
		if create {
			d.Status = catalog.Draft
		} else {
			d.Status = old.Status
			if d.PublishAt == nil {
				d.PublishAt = old.PublishAt
			}
		}
	}
	var errs catalog.Errors
	for i := range d.Versions {
		v := &d.Versions[i]
		field := fmt.Sprintf("versions[%d]", d.InputIndex(i))
		stored, had := old.Version(v.Lang)
		if v.File != nil && (!had || stored.File == nil || v.File.Path != "" || v.File.SHA256 != stored.File.SHA256) {
			errs = append(errs, catalog.FieldError{Field: field + ".file", Code: catalog.CodeInvalid,
				Reason: "upload the file with PUT /api/v1/documents/{id}/versions/{lang}"})
			continue
		}
		v.Extraction, v.ExtractionError = "", ""
		if !had {
			continue
		}
		// The stored file stays as it was stored: a file given here names
		// it by hash, and its name and type are not the client's to change.
		v.File = stored.File
		if v.Text == "" {
			v.Text, v.Extraction, v.ExtractionError = stored.Text, stored.Extraction, stored.ExtractionError
		}
	}
	errs = append(fieldErrors(d.Validate()), errs...)
	refs, err := s.documentRefs(ctx, d)
	if err != nil {
		return "", err
	}
	errs = append(errs, refs...)
	if err := invalid(errs); err != nil {
		return "", err
	}
	res, err := s.put(ctx, d)
	return putDetail(res), err
}

// documentRefs checks what a document refers to. It fills in the body from
// the session when it is not given, as an import does.
func (s *Service) documentRefs(ctx context.Context, d *catalog.Document) (catalog.Errors, error) {
	var errs catalog.Errors
	if d.Session != "" {
		rec, err := s.d.Store.Get(ctx, catalog.KindSession, d.Session)
		switch {
		case errors.Is(err, store.ErrNotFound):
			errs = append(errs, catalog.FieldError{Field: "session", Code: catalog.CodeInvalid, Reason: fmt.Sprintf("no session %q", d.Session)})
		case err != nil:
			return nil, apperr.From(err)
		default:
			sess := rec.Entity.(*catalog.Session)
			if d.Body == "" {
				d.Body = sess.Body
			}
			for i, item := range d.AgendaItems {
				if !slices.ContainsFunc(sess.Agenda, func(a catalog.AgendaItem) bool { return a.Item == item }) {
					errs = append(errs, catalog.FieldError{Field: fmt.Sprintf("agenda_items[%d]", i), Code: catalog.CodeInvalid,
						Reason: fmt.Sprintf("session %q has no agenda item %q", d.Session, item)})
				}
			}
		}
	}
	if d.Body != "" {
		fe, err := s.mustExist(ctx, "body", catalog.KindBody, d.Body)
		if err != nil {
			return nil, err
		}
		errs = append(errs, fe...)
	}
	for i, r := range d.Relations {
		if r.Target == "" || r.Target == d.ID {
			continue // Validate says so
		}
		if _, err := symbol.Parse(r.Target); err == nil {
			continue // a symbol may name a document published elsewhere
		}
		fe, err := s.mustExist(ctx, fmt.Sprintf("relations[%d].target", i), catalog.KindDocument, r.Target)
		if err != nil {
			return nil, err
		}
		errs = append(errs, fe...)
	}
	return errs, nil
}

// getDocument reads a stored document; a missing one is (nil, ErrNotFound).
func (s *Service) getDocument(ctx context.Context, id string) (*catalog.Document, error) {
	if id == "" {
		return nil, store.ErrNotFound
	}
	rec, err := s.d.Store.Get(ctx, catalog.KindDocument, id)
	if err != nil {
		return nil, err
	}
	return rec.Entity.(*catalog.Document), nil
}

// checkExists answers a create whose id is taken with a conflict, and an
// update of a record that does not exist with not found.
func (s *Service) checkExists(ctx context.Context, kind catalog.Kind, id string, create bool) error {
	if id == "" {
		return nil // Validate says so
	}
	found, err := s.d.Store.Exists(ctx, kind, []string{id})
	if err != nil {
		return apperr.From(err)
	}
	switch {
	case create && found[id]:
		return conflict(kind, id)
	case !create && !found[id]:
		return notFound(kind, id)
	}
	return nil
}

// mustExist returns a field error when the record kind/id does not exist.
func (s *Service) mustExist(ctx context.Context, field string, kind catalog.Kind, id string) (catalog.Errors, error) {
	found, err := s.d.Store.Exists(ctx, kind, []string{id})
	if err != nil {
		return nil, apperr.From(err)
	}
	if found[id] {
		return nil, nil
	}
	return catalog.Errors{{Field: field, Code: catalog.CodeInvalid, Reason: fmt.Sprintf("no %s %q", kind, id)}}, nil
}

func actionName(kind catalog.Kind, create bool) string {
	if create {
		return string(kind) + ".create"
	}
	return string(kind) + ".update"
}
