// Package datadir guards the data directory: one process at a time owns it,
// and a second one is told which process holds it.
package datadir

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Files inside the data directory: the lock file, locked by the process
// that holds the directory, and the holder file, which says who that is.
// The holder file is replaced whole (written aside, then renamed), so a
// reader never sees it half-written; the lock file is never replaced,
// which would detach the lock from its name.
const (
	LockFile   = "plenary.lock"
	HolderFile = "plenary.holder"
)

// Holder describes the process that holds a data directory.
type Holder struct {
	PID     int       `json:"pid"`
	Command string    `json:"command"`
	Since   time.Time `json:"since"`
	// Serves is true for a holder that lets other commands work through
	// its embedded database; URI is that database's local address, empty
	// while it starts.
	Serves bool   `json:"serves,omitempty"`
	URI    string `json:"uri,omitempty"`
	// Blobs is the file store the serving holder uses, which commands that
	// work through it must use too.
	Blobs string `json:"blobs,omitempty"`
}

// LockedError says that another process holds the data directory.
type LockedError struct {
	Dir    string
	Holder Holder
}

func (e *LockedError) Error() string {
	who := "another process"
	if e.Holder.PID != 0 {
		who = fmt.Sprintf("process %d (%s, since %s)", e.Holder.PID, e.Holder.Command, e.Holder.Since.Format(time.RFC3339))
	}
	return fmt.Sprintf("data directory %s is in use by %s", e.Dir, who)
}

// Lock is a held data directory. The operating system releases it when the
// process ends, however it ends.
type Lock struct {
	f      *os.File
	dir    string
	holder Holder
}

// Acquire creates dir if needed and locks it for this process, or returns
// a *LockedError naming the process that holds it.
func Acquire(dir, command string) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	path := filepath.Join(dir, LockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			h, _ := ReadHolder(dir)
			return nil, &LockedError{Dir: dir, Holder: h}
		}
		return nil, fmt.Errorf("data directory: lock %s: %w", path, err)
	}
	l := &Lock{f: f, dir: dir, holder: Holder{PID: os.Getpid(), Command: command, Since: time.Now().UTC().Truncate(time.Second)}}
	if err := l.write(); err != nil {
		l.Release()
		return nil, err
	}
	return l, nil
}

// Share says that this process lets other commands work through its
// embedded database, at uri (empty while it starts), with its file store.
func (l *Lock) Share(uri, blobs string) error {
	l.holder.Serves, l.holder.URI, l.holder.Blobs = true, uri, blobs
	return l.write()
}

func (l *Lock) write() error {
	data, err := json.Marshal(l.holder)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(l.dir, HolderFile+".*")
	if err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	_, err = tmp.Write(append(data, '\n'))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(l.dir, HolderFile))
	}
	if err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	return nil
}

// Release unlocks the directory and removes the holder file.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	_ = os.Remove(filepath.Join(l.dir, HolderFile))
	err := l.f.Close()
	l.f = nil
	return err
}

// ReadHolder reads who holds dir.
func ReadHolder(dir string) (Holder, error) {
	data, err := os.ReadFile(filepath.Join(dir, HolderFile))
	if err != nil {
		return Holder{}, err
	}
	var h Holder
	if err := json.Unmarshal([]byte(strings.TrimSpace(string(data))), &h); err != nil {
		return Holder{}, err
	}
	return h, nil
}
