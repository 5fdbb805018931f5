package mongo_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"plenary/internal/store"
	mongostore "plenary/internal/store/mongo"
	"plenary/internal/testutil"
)

func blobPayload(n int) []byte {
	r := rand.New(rand.NewPCG(uint64(n), 11))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// countBlobs counts the stored files and the chunks of the file sha.
func countBlobs(t *testing.T, st *mongostore.Store, sha string) (files, chunks int64) {
	t.Helper()
	ctx := context.Background()
	db := st.Database()
	files, err := db.Collection("blobs.files").CountDocuments(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	var entry struct {
		ID any `bson:"_id"`
	}
	err = db.Collection("blobs.files").FindOne(ctx, bson.D{{Key: "filename", Value: sha}}).Decode(&entry)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return files, 0
	}
	if err != nil {
		t.Fatal(err)
	}
	chunks, err = db.Collection("blobs.chunks").CountDocuments(ctx, bson.D{{Key: "files_id", Value: entry.ID}})
	if err != nil {
		t.Fatal(err)
	}
	return files, chunks
}

func TestGridFSPutOpenRoundTrip(t *testing.T) {
	st := testutil.Store(t)
	g := mongostore.NewGridFS(st.Database())
	ctx := context.Background()
	tests := []struct {
		name       string
		content    []byte
		wantChunks int64
	}{
		{"empty", []byte{}, 0},
		{"small", []byte("Report of the Working Group on Trafficking in Persons\n"), 1},
		{"several chunks", blobPayload(600 << 10), 3}, // GridFS chunks are 255 KiB
	}
	var stored int64
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			info, err := g.Put(ctx, bytes.NewReader(tc.content))
			if err != nil {
				t.Fatal(err)
			}
			want := store.BlobInfo{SHA256: sha256Hex(tc.content), Size: int64(len(tc.content))}
			if info != want {
				t.Errorf("Put = %+v, want %+v", info, want)
			}
			stored++
			if files, chunks := countBlobs(t, st, want.SHA256); files != stored || chunks != tc.wantChunks {
				t.Errorf("%d files, %d chunks stored; want %d, %d", files, chunks, stored, tc.wantChunks)
			}

			rc, openInfo, err := g.Open(ctx, info.SHA256)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer rc.Close()
			got, err := io.ReadAll(rc)
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			if !bytes.Equal(got, tc.content) {
				t.Errorf("Open returned %d bytes, different from the %d stored", len(got), len(tc.content))
			}
			if openInfo != want {
				t.Errorf("Open info = %+v, want %+v", openInfo, want)
			}
		})
	}
}

func TestGridFSSameContentIsStoredOnce(t *testing.T) {
	st := testutil.Store(t)
	g := mongostore.NewGridFS(st.Database())
	ctx := context.Background()
	content := blobPayload(300 << 10)

	first, err := g.Put(ctx, bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	second, err := g.Put(ctx, bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	if first != second {
		t.Errorf("second Put = %+v, want %+v", second, first)
	}
	if files, chunks := countBlobs(t, st, first.SHA256); files != 1 || chunks != 2 {
		t.Errorf("%d files, %d chunks after storing the same content twice; want 1, 2", files, chunks)
	}

	if _, err := g.Put(ctx, strings.NewReader("another file")); err != nil {
		t.Fatal(err)
	}
	if files, _ := countBlobs(t, st, first.SHA256); files != 2 {
		t.Errorf("%d files after a different content, want 2", files)
	}

	rc, _, err := g.Open(ctx, first.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if got, err := io.ReadAll(rc); err != nil || !bytes.Equal(got, content) {
		t.Errorf("content after storing it twice: %d bytes, %v", len(got), err)
	}
}

func TestGridFSOpenMissing(t *testing.T) {
	st := testutil.Store(t)
	g := mongostore.NewGridFS(st.Database())
	ctx := context.Background()
	stored, err := g.Put(ctx, strings.NewReader("stored"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		sha  string
	}{
		{"unknown hash", sha256Hex([]byte("never stored"))},
		{"upper-case hash", strings.ToUpper(stored.SHA256)},
		{"path traversal", "../../etc/passwd"},
		{"empty", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rc, _, err := g.Open(ctx, tc.sha)
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

func TestGridFSCancelledPutStoresNothing(t *testing.T) {
	st := testutil.Store(t)
	g := mongostore.NewGridFS(st.Database())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	content := []byte("uploaded while the client went away")
	if _, err := g.Put(ctx, bytes.NewReader(content)); !errors.Is(err, context.Canceled) {
		t.Fatalf("Put = %v, want context.Canceled", err)
	}
	if files, chunks := countBlobs(t, st, sha256Hex(content)); files != 0 || chunks != 0 {
		t.Errorf("%d files, %d chunks stored by a cancelled Put; want none", files, chunks)
	}
}

// An upload that dies after writing some chunks (the process is killed, or
// the context ends during a chunk write, which the driver does not clean up
// after) leaves chunks without a files document. Storing the same content
// again must still give a file that opens.
func TestGridFSPutAfterAnInterruptedUpload(t *testing.T) {
	st := testutil.Store(t)
	g := mongostore.NewGridFS(st.Database())
	ctx := context.Background()
	if _, err := g.Put(ctx, strings.NewReader("first file")); err != nil { // creates the bucket and its indexes
		t.Fatal(err)
	}
	content := blobPayload(300 << 10)
	sha := sha256Hex(content)
	leftover := bson.D{{Key: "files_id", Value: sha}, {Key: "n", Value: 0}, {Key: "data", Value: bson.Binary{Data: content[:255<<10]}}}
	if _, err := st.Database().Collection("blobs.chunks").InsertOne(ctx, leftover); err != nil {
		t.Fatal(err)
	}

	info, err := g.Put(ctx, bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	rc, _, err := g.Open(ctx, info.SHA256)
	if err != nil {
		t.Fatalf("Open after a successful Put: %v", err)
	}
	defer rc.Close()
	if got, err := io.ReadAll(rc); err != nil || !bytes.Equal(got, content) {
		t.Errorf("content: %d bytes, %v", len(got), err)
	}
}
