package mongo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"plenary/internal/store"
)

// GridFS keeps files in the database with GridFS, so that every replica
// sees the same files. A file is stored under the SHA-256 of its content as
// its GridFS file name. The driver writes a file's entry only after all its
// chunks, so an entry always means a whole file; an upload that dies leaves
// only chunks under an id no entry names, which nothing reads.
type GridFS struct {
	bucket *mongo.GridFSBucket
	files  *mongo.Collection
}

var _ store.Blobs = (*GridFS)(nil)

// NewGridFS returns the blob store in the bucket "blobs" of db.
func NewGridFS(db *mongo.Database) *GridFS {
	b := db.GridFSBucket(options.GridFSBucket().SetName("blobs"))
	return &GridFS{bucket: b, files: b.GetFilesCollection()}
}

// Put implements store.Blobs. The content is spooled to a temporary file
// while it is hashed, then uploaded unless a whole file with that hash is
// stored already. Two processes storing the same new content at once may
// both upload it; either copy serves.
func (g *GridFS) Put(ctx context.Context, r io.Reader) (store.BlobInfo, error) {
	tmp, err := os.CreateTemp("", "plenary-blob-*")
	if err != nil {
		return store.BlobInfo{}, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	h := sha256.New()
	size, err := io.Copy(io.MultiWriter(tmp, h), r)
	if err != nil {
		return store.BlobInfo{}, fmt.Errorf("read file: %w", err)
	}
	info := store.BlobInfo{SHA256: hex.EncodeToString(h.Sum(nil)), Size: size}
	err = g.files.FindOne(ctx, bson.D{{Key: "filename", Value: info.SHA256}}).Err()
	if err == nil {
		return info, nil
	}
	if !errors.Is(err, mongo.ErrNoDocuments) {
		return store.BlobInfo{}, mapErr(err)
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return store.BlobInfo{}, err
	}
	if _, err := g.bucket.UploadFromStream(ctx, info.SHA256, tmp); err != nil {
		return store.BlobInfo{}, fmt.Errorf("store file: %w", mapErr(err))
	}
	return info, nil
}

// Open implements store.Blobs.
func (g *GridFS) Open(ctx context.Context, sha string) (io.ReadCloser, store.BlobInfo, error) {
	ds, err := g.bucket.OpenDownloadStreamByName(ctx, sha)
	if err != nil {
		return nil, store.BlobInfo{}, mapErr(err)
	}
	return ds, store.BlobInfo{SHA256: sha, Size: ds.GetFile().Length}, nil
}
