// Package audit defines the audit log: who did what to which record, when,
// from where, and whether it worked. Entries are insert-only: once recorded
// they are never changed or deleted.
package audit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"
)

// Entry is one event in the audit log.
type Entry struct {
	// ID sorts by time: 16 hex digits of the Unix time in nanoseconds at
	// which the entry was recorded, then a random suffix (see NewID).
	// Record fills it in when it is empty.
	ID string
	// At is when the event happened. Record fills it in when it is zero.
	At time.Time
	// Actor is the email of the user who acted, "" for an anonymous visitor,
	// CLI for the command line.
	Actor string
	// Action names the event, such as "login.success" or "user.disable".
	Action string
	// Target is the id acted on (an email, a token id, a document id).
	Target string
	// Detail says more, such as why a sign-in failed.
	Detail string
	// Addr is the client's network address, if any.
	Addr string
	// OK is false for an attempt that failed or was refused.
	OK bool
}

// CLI is the actor of actions taken on the command line.
const CLI = "cli"

// Filter narrows a List. Zero fields do not narrow.
type Filter struct {
	// Actor matches exactly.
	Actor string
	// Action matches as a prefix: "login." matches "login.success".
	Action string
	// Target matches exactly.
	Target string
	// From and Until bound At: From ≤ At < Until.
	From, Until time.Time
	// Before is a cursor: only entries older than the entry with this id.
	Before string
	// Limit caps the number of entries; 0 means DefaultLimit, and no more
	// than MaxLimit are returned.
	Limit int
}

// Limits of a List.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// Size returns the number of entries a List with f returns at most.
func (f Filter) Size() int {
	switch {
	case f.Limit <= 0:
		return DefaultLimit
	case f.Limit > MaxLimit:
		return MaxLimit
	}
	return f.Limit
}

// Log records and lists audit entries.
type Log interface {
	// Record adds an entry, filling in its ID and At when they are empty.
	// IDs follow the order of recording.
	Record(ctx context.Context, e Entry) error
	// List returns the entries that match f, newest first.
	List(ctx context.Context, f Filter) ([]Entry, error)
}

// NewID returns an entry id for time at: ids of later times sort after ids
// of earlier ones.
func NewID(at time.Time) string {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("audit: crypto/rand: %v", err)) // never happens on supported systems
	}
	return fmt.Sprintf("%016x", uint64(at.UnixNano())) + hex.EncodeToString(b[:])
}

type actorKey struct{}

// WithActor returns a context whose actions are recorded as done by actor,
// such as CLI. It takes precedence over the signed-in user.
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// ActorFrom returns the actor set by WithActor, and whether one was set.
func ActorFrom(ctx context.Context) (string, bool) {
	a, ok := ctx.Value(actorKey{}).(string)
	return a, ok
}

type addrKey struct{}

// WithAddr returns a context that carries the client's network address,
// for the entries recorded while serving its request.
func WithAddr(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, addrKey{}, addr)
}

// AddrFrom returns the address set by WithAddr, or "".
func AddrFrom(ctx context.Context) string {
	a, _ := ctx.Value(addrKey{}).(string)
	return a
}
