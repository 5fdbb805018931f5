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

// LockFile is the name of the lock file inside the data directory.
const LockFile = "plenary.lock"

// Holder describes the process that holds a data directory.
type Holder struct {
	PID     int       `json:"pid"`
	Command string    `json:"command"`
	Since   time.Time `json:"since"`
	// URI is the local address of the embedded database that a serving
	// holder lets other commands work through; empty for any other holder.
	URI string `json:"uri,omitempty"`
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
	l := &Lock{f: f, holder: Holder{PID: os.Getpid(), Command: command, Since: time.Now().UTC().Truncate(time.Second)}}
	if err := l.write(); err != nil {
		l.Release()
		return nil, err
	}
	return l, nil
}

// Share records the local address of the embedded database this process
// serves, and its file store, so that other commands can work through it.
func (l *Lock) Share(uri, blobs string) error {
	l.holder.URI, l.holder.Blobs = uri, blobs
	return l.write()
}

func (l *Lock) write() error {
	data, err := json.Marshal(l.holder)
	if err != nil {
		return err
	}
	if err := l.f.Truncate(0); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	if _, err := l.f.WriteAt(append(data, '\n'), 0); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	return nil
}

// Release unlocks the directory. The lock file stays; its content is stale
// once no process holds the lock.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	_ = l.f.Truncate(0)
	err := l.f.Close()
	l.f = nil
	return err
}

// ReadHolder reads who last recorded itself as holding dir.
func ReadHolder(dir string) (Holder, error) {
	data, err := os.ReadFile(filepath.Join(dir, LockFile))
	if err != nil {
		return Holder{}, err
	}
	var h Holder
	if err := json.Unmarshal([]byte(strings.TrimSpace(string(data))), &h); err != nil {
		return Holder{}, err
	}
	return h, nil
}
