package blobdir_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"plenary/internal/store"
	"plenary/internal/store/blobdir"
)

func newDir(t *testing.T) (*blobdir.Dir, string) {
	t.Helper()
	root := filepath.Join(t.TempDir(), "blobs")
	d, err := blobdir.New(root)
	if err != nil {
		t.Fatal(err)
	}
	return d, root
}

// storedFiles lists the regular files under root, outside tmp, and checks
// that tmp is empty.
func storedFiles(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.Type().IsRegular() {
			rel, _ := filepath.Rel(root, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, f := range files {
		if strings.HasPrefix(f, "tmp/") {
			t.Errorf("temporary file left behind: %s", f)
			continue
		}
		kept = append(kept, f)
	}
	return kept
}

func payload(n int) []byte {
	r := rand.New(rand.NewPCG(uint64(n), 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func hashOf(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func readAll(t *testing.T, blobs store.Blobs, sha string) ([]byte, store.BlobInfo) {
	t.Helper()
	rc, info, err := blobs.Open(context.Background(), sha)
	if err != nil {
		t.Fatalf("Open(%s): %v", sha, err)
	}
	defer rc.Close()
	got, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("read %s: %v", sha, err)
	}
	return got, info
}

func TestPutOpenRoundTrip(t *testing.T) {
	tests := []struct {
		name    string
		content []byte
	}{
		{"empty", []byte{}},
		{"text", []byte("Report of the Working Group on Trafficking in Persons\n")},
		{"larger than a copy buffer", payload(300 << 10)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, root := newDir(t)
			info, err := d.Put(context.Background(), bytes.NewReader(tc.content))
			if err != nil {
				t.Fatal(err)
			}
			want := store.BlobInfo{SHA256: hashOf(tc.content), Size: int64(len(tc.content))}
			if info != want {
				t.Errorf("Put = %+v, want %+v", info, want)
			}
			got, openInfo := readAll(t, d, info.SHA256)
			if !bytes.Equal(got, tc.content) {
				t.Errorf("Open returned %d bytes, different from the %d stored", len(got), len(tc.content))
			}
			if openInfo != want {
				t.Errorf("Open info = %+v, want %+v", openInfo, want)
			}
			sha := want.SHA256
			if files := storedFiles(t, root); len(files) != 1 || files[0] != sha[:2]+"/"+sha[2:4]+"/"+sha {
				t.Errorf("files on disk = %q, want one named by its hash", files)
			}
		})
	}
	t.Run("sha256 of test", func(t *testing.T) {
		d, _ := newDir(t)
		info, err := d.Put(context.Background(), strings.NewReader("test"))
		if err != nil {
			t.Fatal(err)
		}
		if info.SHA256 != "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" || info.Size != 4 {
			t.Errorf("Put(\"test\") = %+v", info)
		}
	})
}

func TestSameContentIsStoredOnce(t *testing.T) {
	d, root := newDir(t)
	content := payload(70 << 10)
	first, err := d.Put(context.Background(), bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	second, err := d.Put(context.Background(), bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	if first != second {
		t.Errorf("second Put = %+v, want %+v", second, first)
	}
	other, err := d.Put(context.Background(), strings.NewReader("another file"))
	if err != nil {
		t.Fatal(err)
	}
	if other.SHA256 == first.SHA256 {
		t.Fatal("different content got the same hash")
	}
	if files := storedFiles(t, root); len(files) != 2 {
		t.Errorf("files on disk = %q, want 2 (one per distinct content)", files)
	}
	if got, _ := readAll(t, d, first.SHA256); !bytes.Equal(got, content) {
		t.Error("content changed after being stored twice")
	}
}

func TestConcurrentPutsOfTheSameContent(t *testing.T) {
	d, root := newDir(t)
	content := payload(100 << 10)
	const n = 8
	infos := make([]store.BlobInfo, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { infos[i], errs[i] = d.Put(context.Background(), bytes.NewReader(content)) })
	}
	wg.Wait()
	want := store.BlobInfo{SHA256: hashOf(content), Size: int64(len(content))}
	for i := range n {
		if errs[i] != nil || infos[i] != want {
			t.Errorf("Put %d = %+v, %v; want %+v", i, infos[i], errs[i], want)
		}
	}
	if files := storedFiles(t, root); len(files) != 1 {
		t.Errorf("files on disk = %q, want 1", files)
	}
	if got, _ := readAll(t, d, want.SHA256); !bytes.Equal(got, content) {
		t.Error("content differs after concurrent puts")
	}
}

func TestOpenMissing(t *testing.T) {
	d, root := newDir(t)
	// A file outside the store that a path in place of a hash could reach.
	if err := os.WriteFile(filepath.Join(root, "..", "secret.txt"), []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	stored, err := d.Put(context.Background(), strings.NewReader("stored"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		sha  string
	}{
		{"unknown hash", hashOf([]byte("never stored"))},
		{"upper-case hash", strings.ToUpper(stored.SHA256)},
		{"path traversal", "../../etc/passwd"},
		{"path to a file next to the store", "../secret.txt"},
		{"traversal with hash length", "../../" + stored.SHA256[6:]},
		{"short", stored.SHA256[:10]},
		{"empty", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rc, _, err := d.Open(context.Background(), tc.sha)
			if err == nil {
				rc.Close()
				t.Fatalf("Open(%q) succeeded", tc.sha)
			}
			if !errors.Is(err, store.ErrNotFound) {
				t.Errorf("Open(%q) = %v, want ErrNotFound", tc.sha, err)
			}
		})
	}
}

// cancellingReader yields 1 MiB and cancels its context after the first
// read, as if the client went away in the middle of an upload.
type cancellingReader struct {
	cancel context.CancelFunc
	reads  int
	left   int
}

func (r *cancellingReader) Read(p []byte) (int, error) {
	r.reads++
	if r.reads == 1 {
		r.cancel()
	}
	if r.left == 0 {
		return 0, io.EOF
	}
	n := min(len(p), r.left)
	for i := range n {
		p[i] = 'x'
	}
	r.left -= n
	return n, nil
}

func TestCancelledPutLeavesNothingBehind(t *testing.T) {
	t.Run("cancelled midway", func(t *testing.T) {
		d, root := newDir(t)
		ctx, cancel := context.WithCancel(context.Background())
		r := &cancellingReader{cancel: cancel, left: 1 << 20}
		info, err := d.Put(ctx, r)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Put = %+v, %v; want context.Canceled", info, err)
		}
		if r.reads != 1 {
			t.Errorf("Put read %d times after the cancel, want it to stop at once", r.reads-1)
		}
		if files := storedFiles(t, root); len(files) != 0 {
			t.Errorf("files on disk = %q, want none", files)
		}
	})
	t.Run("cancelled before", func(t *testing.T) {
		d, root := newDir(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := d.Put(ctx, strings.NewReader("content")); !errors.Is(err, context.Canceled) {
			t.Fatalf("Put = %v, want context.Canceled", err)
		}
		if files := storedFiles(t, root); len(files) != 0 {
			t.Errorf("files on disk = %q, want none", files)
		}
		if rc, _, err := d.Open(context.Background(), hashOf([]byte("content"))); err == nil {
			rc.Close()
			t.Error("content of a cancelled Put can be opened")
		}
	})
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestFailedReadLeavesNothingBehind(t *testing.T) {
	d, root := newDir(t)
	_, err := d.Put(context.Background(), io.MultiReader(strings.NewReader("partial"), failingReader{}))
	if err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("Put = %v, want the reader's error", err)
	}
	if files := storedFiles(t, root); len(files) != 0 {
		t.Errorf("files on disk = %q, want none", files)
	}
}

func TestNewCreatesTheFolder(t *testing.T) {
	root := filepath.Join(t.TempDir(), "a", "b")
	if _, err := blobdir.New(root); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(root, "tmp")); err != nil || !fi.IsDir() {
		t.Errorf("tmp folder: %v", err)
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := blobdir.New(file); err == nil {
		t.Error("New on a regular file succeeded")
	}
}
