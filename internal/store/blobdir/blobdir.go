// Package blobdir keeps files in a content-addressed local folder: each file
// is stored once, under the SHA-256 of its content.
package blobdir

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	"plenary/internal/store"
)

// Dir is a content-addressed folder. Files live at ab/cd/abcd…, named by
// their SHA-256. Writes go to a temporary file that is renamed into place,
// so a reader never sees a partial file and several processes may share it.
type Dir struct {
	root string
}

var _ store.Blobs = (*Dir)(nil)

// New returns the blob store in root, creating it if needed.
func New(root string) (*Dir, error) {
	if err := os.MkdirAll(filepath.Join(root, "tmp"), 0o750); err != nil {
		return nil, fmt.Errorf("blob store: %w", err)
	}
	return &Dir{root: root}, nil
}

var hashPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

func (d *Dir) path(sha string) string {
	return filepath.Join(d.root, sha[:2], sha[2:4], sha)
}

// Put implements store.Blobs.
func (d *Dir) Put(ctx context.Context, r io.Reader) (store.BlobInfo, error) {
	tmp, err := os.CreateTemp(filepath.Join(d.root, "tmp"), "put-*")
	if err != nil {
		return store.BlobInfo{}, fmt.Errorf("blob store: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	h := sha256.New()
	size, err := io.Copy(io.MultiWriter(tmp, h), readerWithContext{ctx, r})
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return store.BlobInfo{}, fmt.Errorf("blob store: %w", err)
	}
	info := store.BlobInfo{SHA256: hex.EncodeToString(h.Sum(nil)), Size: size}
	final := d.path(info.SHA256)
	if _, err := os.Stat(final); err == nil {
		return info, nil
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o750); err != nil {
		return store.BlobInfo{}, fmt.Errorf("blob store: %w", err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return store.BlobInfo{}, fmt.Errorf("blob store: %w", err)
	}
	return info, nil
}

// Open implements store.Blobs.
func (d *Dir) Open(_ context.Context, sha string) (io.ReadCloser, store.BlobInfo, error) {
	if !hashPattern.MatchString(sha) {
		return nil, store.BlobInfo{}, fmt.Errorf("%w: %q is not a SHA-256", store.ErrNotFound, sha)
	}
	f, err := os.Open(d.path(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, store.BlobInfo{}, fmt.Errorf("%w: file %s", store.ErrNotFound, sha)
	}
	if err != nil {
		return nil, store.BlobInfo{}, fmt.Errorf("blob store: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, store.BlobInfo{}, fmt.Errorf("blob store: %w", err)
	}
	return f, store.BlobInfo{SHA256: sha, Size: st.Size()}, nil
}

// readerWithContext stops reading once ctx is done.
type readerWithContext struct {
	ctx context.Context
	r   io.Reader
}

func (r readerWithContext) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}
