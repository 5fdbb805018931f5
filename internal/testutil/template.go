package testutil

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"plenary/internal/embeddb"
	mongostore "plenary/internal/store/mongo"
)

// Template is a data folder (an embedded database and whatever else build
// puts beside it) made once, by the first test that asks for it, and
// copied for each test that starts from it: a test gets a database of its
// own without paying for loading the same content again.
type Template struct {
	build func(ctx context.Context, st *mongostore.Store, dir string) error

	once sync.Once
	dir  string
	err  error
}

// NewTemplate returns a template whose folder build fills: it is given a
// store on the folder's database (in the folder's "db") and the folder.
func NewTemplate(build func(ctx context.Context, st *mongostore.Store, dir string) error) *Template {
	return &Template{build: build}
}

// Copy returns a copy of the template's folder, started: its embedded
// database runs until the test ends, and dir is the copy.
func (tp *Template) Copy(t testing.TB) (srv *embeddb.Server, dir string) {
	t.Helper()
	tp.once.Do(tp.make)
	if tp.err != nil {
		t.Fatalf("test data template: %v", tp.err)
	}
	dir = t.TempDir()
	if err := copyTree(tp.dir, dir); err != nil {
		t.Fatalf("copy the test data template: %v", err)
	}
	srv, err := embeddb.Start(context.Background(), embeddb.Options{Dir: filepath.Join(dir, "db"), Logger: Quiet()})
	if err != nil {
		t.Fatalf("start embedded database: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv, dir
}

// Remove deletes the template's folder; call it from TestMain.
func (tp *Template) Remove() {
	if tp.dir != "" {
		os.RemoveAll(tp.dir)
	}
}

func (tp *Template) make() {
	ctx := context.Background()
	if tp.dir, tp.err = os.MkdirTemp("", "plenary-template-"); tp.err != nil {
		return
	}
	srv, err := embeddb.Start(ctx, embeddb.Options{Dir: filepath.Join(tp.dir, "db"), Logger: Quiet()})
	if err != nil {
		tp.err = err
		return
	}
	defer srv.Close()
	st, err := mongostore.Open(ctx, srv.URI(), DB)
	if err != nil {
		tp.err = err
		return
	}
	defer st.Close(ctx)
	if err = st.Init(ctx); err == nil {
		if err = srv.IndexIDs(ctx, DB); err == nil {
			err = tp.build(ctx, st, tp.dir)
		}
	}
	tp.err = err
}

// copyTree copies the regular files and folders under src into dst.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o750)
		case !d.Type().IsRegular():
			return nil // the database's socket
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o600)
	})
}
