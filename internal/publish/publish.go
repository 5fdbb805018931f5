// Package publish is the one way content is written: every form and API
// call that creates or changes a body, session, document, version or
// recommendation, publishes, schedules or withdraws a document, or imports,
// goes through a Service. It validates (catalog), checks references against
// the store, vets files (upload), stores them (blobs, then the record),
// records the act in the audit log, and in the background publishes
// scheduled drafts and extracts the text of uploaded files (Run).
//
// Nothing is stored when anything is wrong: a refused request leaves the
// catalogue as it was (a file may be left in the blob store, where an
// unused file harms nothing). Writes to one document are serialised within
// a process; across replicas the last write wins, but every background
// write is idempotent (it re-reads the record and writes the same content),
// so several replicas may run Run at once.
package publish

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"plenary/internal/apperr"
	"plenary/internal/audit"
	"plenary/internal/catalog"
	"plenary/internal/extract"
	"plenary/internal/readmodel"
	"plenary/internal/store"
	"plenary/internal/upload"
)

// Deps is what a Service needs.
type Deps struct {
	Store store.Catalog
	Blobs store.Blobs
	// Model finds due drafts and pending extractions; nil scans the store.
	Model *readmodel.Model
	// Audit records every write; nil records nothing.
	Audit audit.Log
	// Extractor gets the text out of uploaded files; nil leaves versions
	// pending.
	Extractor *extract.Extractor
	// Limits bound uploaded files.
	Limits upload.Limits
	// Now is the clock; time.Now when nil.
	Now    func() time.Time
	Logger *slog.Logger
}

// Service writes the catalogue. It is safe for concurrent use.
type Service struct {
	d Deps
	// mu serialises the read-modify-write of records in this process.
	mu   sync.Mutex
	wake chan struct{}

	qmu   sync.Mutex
	queue map[job]bool // versions uploaded here, waiting for extraction
}

// New returns a Service.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Limits == (upload.Limits{}) {
		d.Limits = upload.DefaultLimits()
	}
	return &Service{d: d, wake: make(chan struct{}, 1), queue: map[job]bool{}}
}

// Limits returns the limits uploaded files are held to.
func (s *Service) Limits() upload.Limits { return s.d.Limits }

// Actor is who asks for a write: the signed-in user's email and the
// client's address, as the audit log records them.
type Actor struct {
	Email, Addr string
}

// Scheduler is the actor of the publications Run makes when they are due.
var Scheduler = Actor{Email: "scheduler"}

// conflict is the error of a create whose id is taken.
func conflict(kind catalog.Kind, id string) *apperr.Error {
	return &apperr.Error{Status: http.StatusConflict, ID: "error.conflict", Param: "id",
		Message: fmt.Sprintf("a %s with id %q already exists", kind, id)}
}

func notFound(kind catalog.Kind, id string) *apperr.Error {
	field := "id"
	if kind == catalog.KindBody {
		field = "code"
	}
	return apperr.NotFound("no %s with %s %q", kind, field, id)
}

// invalid returns errs as an error, or nil when there are none.
func invalid(errs catalog.Errors) error {
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// fieldErrors returns the field errors in err (from Validate), or nil.
func fieldErrors(err error) catalog.Errors {
	var errs catalog.Errors
	if errors.As(err, &errs) {
		return errs
	}
	var fe catalog.FieldError
	if errors.As(err, &fe) {
		return catalog.Errors{fe}
	}
	return nil
}

// record writes an audit entry; a failure to do so is logged, not
// returned: the act it records is done.
func (s *Service) record(ctx context.Context, a Actor, action, target, detail string, err error) {
	if s.d.Audit == nil {
		return
	}
	e := audit.Entry{Actor: a.Email, Addr: a.Addr, Action: action, Target: target, Detail: detail, OK: err == nil}
	if err != nil {
		e.Detail = shorten(strings.TrimSpace(detail+" "+apperr.From(err).Message), 500)
	}
	// The act is done even if the request that asked for it has ended.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if rerr := s.d.Audit.Record(ctx, e); rerr != nil {
		s.d.Logger.Error("audit log", "action", action, "target", target, "err", rerr)
	}
}

// shorten cuts s to at most n bytes, on a character boundary.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// put stores one entity and says whether anything changed.
func (s *Service) put(ctx context.Context, e catalog.Entity) (store.PutResult, error) {
	res, err := s.d.Store.Put(ctx, e)
	if err != nil {
		return res, apperr.From(err)
	}
	return res, nil
}

// putDetail describes a PutResult for the audit log.
func putDetail(res store.PutResult) string {
	switch {
	case res.Created > 0:
		return "created"
	case res.Updated > 0:
		return "updated"
	}
	return "unchanged"
}
