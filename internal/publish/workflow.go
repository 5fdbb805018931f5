package publish

import (
	"context"
	"errors"
	"fmt"
	"time"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
	"plenary/internal/store"
)

// Publish publishes document id now when at is zero or not in the future,
// and cancels its schedule. A future at schedules the publication: the
// document stays a draft with PublishAt = at, and Run publishes it when it
// is due. Only a draft can be scheduled. Publishing a published document
// changes nothing; publishing a withdrawn one publishes it again.
func (s *Service) Publish(ctx context.Context, a Actor, id string, at time.Time) (*catalog.Document, error) {
	now := s.d.Now()
	action := "document.publish"
	if at.After(now) {
		action = "document.schedule"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, err := s.change(ctx, id, func(d *catalog.Document) error {
		if !at.After(now) {
			d.Status, d.PublishAt = catalog.Published, nil
			return nil
		}
		if d.Status != catalog.Draft {
			return catalog.Errors{{Field: "at", Code: catalog.CodeInvalid,
				Reason: fmt.Sprintf("only a draft can be scheduled for publication; this document is %s", d.Status)}}
		}
		at := at.UTC().Truncate(time.Millisecond) // what the database keeps
		d.PublishAt = &at
		return nil
	})
	detail := ""
	if action == "document.schedule" {
		detail = "at=" + at.UTC().Format(time.RFC3339)
	}
	s.record(ctx, a, action, id, detail, err)
	if err == nil && d.PublishAt != nil {
		s.Wake()
	}
	return d, err
}

// Withdraw withdraws a published document: it stays visible, marked as
// withdrawn. A draft cannot be withdrawn (that would publish it).
func (s *Service) Withdraw(ctx context.Context, a Actor, id string) (*catalog.Document, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, err := s.change(ctx, id, func(d *catalog.Document) error {
		if d.Status == catalog.Draft {
			return catalog.Errors{{Field: "status", Code: catalog.CodeInvalid,
				Reason: "a draft cannot be withdrawn: it was never published"}}
		}
		d.Status, d.PublishAt = catalog.Withdrawn, nil
		return nil
	})
	s.record(ctx, a, "document.withdraw", id, "", err)
	return d, err
}

// change applies fn to the stored document id and stores the result.
// The caller holds s.mu.
func (s *Service) change(ctx context.Context, id string, fn func(*catalog.Document) error) (*catalog.Document, error) {
	d, err := s.getDocument(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound(catalog.KindDocument, id)
	}
	if err != nil {
		return nil, apperr.From(err)
	}
	if err := fn(d); err != nil {
		return nil, err
	}
	d.Normalize()
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if _, err := s.put(ctx, d); err != nil {
		return nil, err
	}
	return d, nil
}
