// Package store defines how the portal keeps its catalogue: the repository
// interface, the change feed every derived copy follows, the blob store for
// files, and the sentinel errors that implementations map their own errors to.
package store

import (
	"context"
	"errors"
	"io"
	"time"

	"plenary/internal/catalog"
)

// Sentinel errors. Implementations wrap them; test with errors.Is.
var (
	// ErrNotFound means the record or file does not exist.
	ErrNotFound = errors.New("not found")
	// ErrDuplicate means a unique key is taken.
	ErrDuplicate = errors.New("duplicate key")
	// ErrUnavailable means the database cannot be reached.
	ErrUnavailable = errors.New("database unavailable")
	// ErrCorrupt means a stored record cannot be read as its kind.
	ErrCorrupt = errors.New("record cannot be read")
)

// Record is a catalogue entity as stored, with its bookkeeping.
type Record struct {
	Entity catalog.Entity
	// Hash identifies the content; a write with the same hash changes nothing.
	Hash    string
	Created time.Time
	Updated time.Time
}

// PutResult counts what a Put did.
type PutResult struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// Add adds the counts of o to r.
func (r *PutResult) Add(o PutResult) {
	r.Created += o.Created
	r.Updated += o.Updated
	r.Unchanged += o.Unchanged
}

// ScanOptions narrows a Scan.
type ScanOptions struct {
	// WithoutText leaves out the full text of document versions.
	WithoutText bool
	// Skipped, if set, is told of every record that cannot be read
	// (an ErrCorrupt); the scan goes on without it.
	Skipped func(id string, err error)
}

// Catalog stores bodies, sessions, documents and recommendations.
//
// Every write is an idempotent upsert by id: writing a record whose content
// is already stored changes nothing and announces nothing. Every other
// write is announced on the change feed once it is done. Writes need no
// transactions: each record is one database document, written in one
// operation.
type Catalog interface {
	// Put upserts entities, which must be normalised and valid. Entities of
	// several kinds may be mixed; when one id comes twice, the later wins.
	// Put does not check references: callers store what is referred to
	// first (bodies, then sessions, documents, recommendations).
	Put(ctx context.Context, entities ...catalog.Entity) (PutResult, error)
	// Get returns one record, or ErrNotFound.
	Get(ctx context.Context, kind catalog.Kind, id string) (Record, error)
	// Exists reports which of ids exist for kind.
	Exists(ctx context.Context, kind catalog.Kind, ids []string) (map[string]bool, error)
	// Scan calls fn for every record of kind, in no particular order. A
	// record that cannot be read is passed to opts.Skipped, not to fn.
	Scan(ctx context.Context, kind catalog.Kind, opts ScanOptions, fn func(Record) error) error
	// Count returns the number of records of kind.
	Count(ctx context.Context, kind catalog.Kind) (int64, error)
}

// Change announces a write to one record, once the write is done: a
// follower reloads the record as it is then (it may be gone).
//
// A writer first records its intent (which records it is about to
// write), writes them, then claims the next free sequence numbers by
// inserting one change per record (the unique id of the change collection
// makes the claim atomic, even on engines whose read-modify-write updates
// are not), raises the head, and drops its intent. So the numbers have no
// gaps (only trimming removes changes), and every write is followed by a
// change for its record. A writer that stops between writing and
// announcing leaves its intent behind, and Recover announces it for as
// long as it stays: an hour (Forget). Only a writer stopped for longer that
// then writes and dies before announcing goes unnoticed, until a rebuild.
type Change struct {
	Seq  int64        `json:"seq"`
	Kind catalog.Kind `json:"kind"`
	ID   string       `json:"id"`
	At   time.Time    `json:"at"`
}

// Head is the state of the change feed. Both numbers are hints kept with
// plain updates, which an engine without atomic updates may lose: a
// follower also checks the changes themselves.
type Head struct {
	// Seq is a recent high-water mark of the sequence: every number up to
	// it has been claimed. Later numbers may exist already.
	Seq int64
	// Trimmed is the highest sequence number whose change may have been
	// removed; a follower that has not seen every change up to it must rebuild.
	Trimmed int64
}

// Feed is the change feed: a gap-free sequence of changes, of which a
// recent part is kept.
type Feed interface {
	// Head returns the feed's current state.
	Head(ctx context.Context) (Head, error)
	// Change returns the change numbered seq, or ErrNotFound.
	Change(ctx context.Context, seq int64) (Change, error)
	// Trim removes the changes before the newest keep, if the change just
	// before those is older than keepFor; else it waits for a later call.
	Trim(ctx context.Context, keep int64, keepFor time.Duration) (Head, error)
	// Recover announces the records of intents older than age: writers
	// that stopped, or are slow, before announcing what they wrote. Each
	// such intent is announced again on every call until its writer drops
	// it, or until it is older than Forget. It returns how many intents it
	// announced.
	Recover(ctx context.Context, age time.Duration) (int, error)
}

// Forget is how long an intent is kept: a writer stopped for longer than
// this that then writes and dies before announcing goes unnoticed until a
// rebuild.
const Forget = time.Hour

// Store is the whole persistent state.
type Store interface {
	Catalog
	Feed
	// Ping checks that the database answers.
	Ping(ctx context.Context) error
	// Close ends the connection.
	Close(ctx context.Context) error
}

// BlobInfo describes a stored file.
type BlobInfo struct {
	SHA256 string
	Size   int64
}

// Blobs keeps files by the SHA-256 of their content. Storing the same
// content twice stores it once.
type Blobs interface {
	// Put stores the content of r and returns its hash and size.
	Put(ctx context.Context, r io.Reader) (BlobInfo, error)
	// Open returns the content stored under sha256, or ErrNotFound.
	Open(ctx context.Context, sha256 string) (io.ReadCloser, BlobInfo, error)
}
