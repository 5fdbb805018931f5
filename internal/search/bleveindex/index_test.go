package bleveindex

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"plenary/internal/search"
	"plenary/internal/testutil"
)

// reopen closes the fixture's index, lets damage change its folder, and
// opens it again with a follower starting where the index says.
func (f *fixture) reopen(t *testing.T, damage func(indexDir string)) {
	t.Helper()
	f.index.Close()
	cur, err := os.ReadFile(filepath.Join(f.dir, currentFile))
	if err != nil {
		t.Fatal(err)
	}
	damage(filepath.Join(f.dir, string(cur)))
	x, err := Open(Options{Dir: f.dir, Logger: testutil.Quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	f.index = x
	f.follower = newFollower(f.store, x)
}

func TestIndexRecovers(t *testing.T) {
	cases := []struct {
		name      string
		damage    func(t *testing.T, dir string)
		movedAway bool
	}{
		{"an index that will not open is moved aside", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, "store", "root.bolt"), []byte("not a database"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"a CURRENT that names no index folder is ignored, deleting nothing", func(t *testing.T, dir string) {
			search := filepath.Dir(dir)
			if err := os.WriteFile(filepath.Join(filepath.Dir(search), "keep"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(search, currentFile), []byte(".."), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if _, err := os.Stat(filepath.Join(filepath.Dir(search), "keep")); err != nil {
					t.Errorf("a file next to the search folder is gone: %v", err)
				}
			})
		}, false},
		{"an index of another mapping version is rebuilt", func(t *testing.T, dir string) {
			idx, err := bleve.OpenUsing(dir, map[string]any{"unsafe_batch": false}) // writes reach the disk before they return
			if err != nil {
				t.Fatal(err)
			}
			if err := idx.SetInternal([]byte(keyMapping), []byte("0")); err != nil {
				t.Fatal(err)
			}
			idx.Close()
		}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newLibrary(t)
			f.reopen(t, func(dir string) { c.damage(t, dir) })
			if f.index.Ready() || f.index.Position().Next != 0 {
				t.Fatalf("ready %v at %v: want an index to rebuild", f.index.Ready(), f.index.Position())
			}
			q, _ := search.Parse("forced labour")
			if _, err := f.index.Search(context.Background(), search.Request{Query: q}); !errors.Is(err, search.ErrNotReady) {
				t.Errorf("search before the rebuild: %v, want ErrNotReady", err)
			}
			f.sync(t) // rebuilds
			if got := ids(f.search(t, "forced labour", search.Request{})); len(got) != 3 {
				t.Errorf("after the rebuild: %v", got)
			}
			entries, _ := os.ReadDir(f.dir)
			var broken int
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), "broken-") {
					broken++
				}
			}
			if c.movedAway != (broken == 1) {
				t.Errorf("folders %v", entries)
			}
		})
	}
}
